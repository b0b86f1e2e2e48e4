"""A project's status for any conversation: what the message extension lists and inserts, and what a
pasted dashboard link unfolds into.

Always the public staff view (`programme.access.SHARED_CARD_VIEWER`), whoever asks: the card outlives
the moment it was made and the chat it was made in. Names are matched the question engine's way
(`programme.project_search`, over the engine's cached plan), and project facts, latest updates and
milestones come from the engine's own queries, so a card never disagrees with an answer.
Read-only: one connection, a handful of statements, nothing written.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from programme.access import SHARED_CARD_VIEWER
from programme.project_search import find_projects
from programme.project_status import NextMilestone, ProjectStatus
from programme.questions import query as q
from programme.questions.normalise import ref_key
from programme.questions.results import MilestoneInfo, ProjectInfo
from services.ask import current_plan
from store import project_status_repo, question_repo, viewer_repo
from store.db import Connection, Database

PAGE_SIZE = 25  # what Teams asks for (queryOptions.count) and shows
INACTIVE = ("retired", "closed")


@dataclass(frozen=True)
class Portfolio:
    """The whole programme at a glance: what the dashboard's front page link unfolds into."""

    active: int
    by_rag: dict[str | None, int]  # green / amber / red / None (not reported)


async def search(
    db: Database,
    text: str,
    *,
    aad_object_id: str | None = None,
    skip: int = 0,
    count: int = PAGE_SIZE,
    now: datetime,
    tz: str,
) -> list[ProjectStatus]:
    """Projects matching `text` (name, ref, alias or lead, typos allowed), best first. With nothing
    typed: the viewer's own projects (lead, deputy, delegate), then those that reported most recently."""
    skip, count = max(0, skip), max(0, min(count, PAGE_SIZE))
    async with db.reading() as conn:
        plan = await current_plan(conn, db)
        if (text or "").strip():
            ids = find_projects(text, plan.vocab, plan.roles, limit=skip + count)
        else:
            own = await _own_projects(conn, aad_object_id)
            recent = await project_status_repo.recently_updated(conn, skip + count + len(own))
            ids = _active(list(dict.fromkeys([*sorted(own, key=lambda i: _ref(plan, i)), *recent])), plan)
            if len(ids) < skip + count:  # a new programme: nothing reported yet, so the rest by ref
                ids = list(
                    dict.fromkeys(
                        [*ids, *sorted((p.id for p in plan.vocab.active_projects()), key=lambda i: _ref(plan, i))]
                    )
                )
        return await _statuses(conn, plan, ids[skip : skip + count], now=now, tz=tz)


async def by_ref(db: Database, ref: str, *, now: datetime, tz: str) -> ProjectStatus | None:
    """One project by its ref (retired and closed ones too: an old link still says what became of it)."""
    async with db.reading() as conn:
        plan = await current_plan(conn, db)
        pid = plan.vocab.refs.get(ref_key(ref or ""))
        if pid is None:
            return None
        found = await _statuses(conn, plan, [pid], now=now, tz=tz)
    return found[0] if found else None


async def portfolio(db: Database, *, now: datetime, tz: str) -> Portfolio:
    """Active projects by latest RAG, counted by the engine's own listing queries."""
    async with db.reading() as conn:
        plan = await current_plan(conn, db)
        by_rag: dict[str | None, int] = {}
        for rag in ("green", "amber", "red"):
            result = await question_repo.execute(
                conn, q.Query(intent=q.PROJECTS_BY_RAG, rag=rag), SHARED_CARD_VIEWER, now=now, plan=plan, tz=tz
            )
            by_rag[rag] = result.total or 0  # a listing always has its total
    active = len(plan.vocab.active_projects())
    by_rag[None] = max(0, active - sum(by_rag.values()))
    return Portfolio(active=active, by_rag=by_rag)


# --- helpers ----------------------------------------------------------------------------------


async def _own_projects(conn: Connection, aad_object_id: str | None) -> frozenset[int]:
    """The viewer's projects, from one read and no write: searching leaves no trace of who searched."""
    if not aad_object_id:
        return frozenset()
    known = await viewer_repo.known_sender(conn, aad_object_id=aad_object_id, conversation_id="", user_id="")
    return known.lead_of if known else frozenset()


def _ref(plan: question_repo.Plan, pid: int) -> str:
    facts = plan.projects.get(pid)
    return facts.ref if facts else ""


def _active(ids: list[int], plan: question_repo.Plan) -> list[int]:
    return [i for i in ids if i in plan.projects and plan.projects[i].status not in INACTIVE]


async def _statuses(
    conn: Connection, plan: question_repo.Plan, ids: list[int], *, now: datetime, tz: str
) -> list[ProjectStatus]:
    """Status of each project in `ids`, in that order: the engine's "milestones of these projects" query
    answered for the public staff view (facts, latest update, milestones in two statements)."""
    if not ids:
        return []
    query = q.Query(intent=q.PROJECT_FIELD, project_ids=tuple(ids), field="milestones")
    result = await question_repo.execute(conn, query, SHARED_CARD_VIEWER, now=now, plan=plan, tz=tz)
    upcoming = _next_milestones(result.milestones)
    return [_status(p, upcoming.get(p.id)) for p in result.projects]


def _next_milestones(milestones: list[MilestoneInfo]) -> dict[int, NextMilestone]:
    """Per project, the first milestone still to deliver: the earliest not done (an overdue one first)."""
    out: dict[int, NextMilestone] = {}
    for m in milestones:  # already in due-date order, undated last
        if m.status != "done" and m.project_id not in out:
            out[m.project_id] = NextMilestone(m.title, m.due_date)
    return out


def _status(p: ProjectInfo, milestone: NextMilestone | None) -> ProjectStatus:
    latest = p.latest
    return ProjectStatus(
        ref=p.ref,
        name=p.name,
        status=p.status,
        area=p.area,
        leads=p.leads,
        rag=latest.rag if latest else None,
        progress=latest.progress if latest else None,
        summary=latest.summary if latest else "",
        updated_at=latest.submitted_at if latest else None,
        next_milestone=milestone,
    )
