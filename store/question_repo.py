"""Answering parsed questions from the database, in a few queries each, already filtered for the viewer.

Read-only apart from the conversation's follow-up context. Every list is built with a handful of
set-based queries (no query per project), so answers stay fast with thousands of projects and tens
of thousands of updates. Sensitive risks are removed here, while rows become `UpdateInfo`, using
`programme.access` — nothing downstream ever holds text the viewer may not read.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Any
from functools import cache
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import Date, and_, bindparam, func, insert, not_, or_, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from programme.access import Viewer, may_see_missing_updates, visible_risks
from programme.questions import query as q
from programme.questions.query import Context, Query
from programme.questions.results import (
    AMBIGUOUS,
    NOT_FOUND,
    REFUSED,
    Change,
    MilestoneInfo,
    ProjectInfo,
    Result,
    UpdateInfo,
)
from programme.questions.vocab import PersonEntry, ProjectEntry, TermEntry, Vocabulary

from programme.questions.decisions import DECISIONS

from . import decisions_query, question_changes, question_more, question_search
from .types import UTCDateTime
from .models import (
    ConversationState,
    DataVersion,
    Digest,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectEnabler,
    ProjectRole,
    StatusUpdate,
    UpdateCycle,
)

INACTIVE = ("retired", "closed")
HISTORY_CYCLES = 8
LIST_CAP = 200  # projects listed in one answer's data; the total is always counted
CONTEXT_TTL = timedelta(hours=2)  # a follow-up after this long is a new conversation
CONTEXT_REFRESH = timedelta(minutes=10)  # an unchanged context is written again only after this long
STATE_KEY = "questions"  # this feature's part of conversation_states.state



# --- the plan in memory ---------------------------------------------------------------------

@dataclass(frozen=True)
class Plan:
    """What the engine keeps in memory between questions: the parser's vocabulary and each project's
    facts (area, enablers, leads, deputies: `ProjectInfo` without its latest update), as of `version`
    of the database's plan counter (`data_versions`, bumped by triggers on every plan table)."""

    version: int
    vocab: Vocabulary
    projects: dict[int, ProjectInfo]
    people: dict[int, str]  # every person's name, by id
    roles: dict[int, tuple[tuple[int, str], ...]]  # person id -> (project id, "lead" or "deputy"), in order


_PLAN_VERSION = select(DataVersion.version).where(DataVersion.name == "plan").scalar_subquery()
_UPDATES_VERSION = select(DataVersion.version).where(DataVersion.name == "updates").scalar_subquery()
_CONVERSATION_STATE = (select(ConversationState.state)
                       .where(ConversationState.conversation_id == bindparam("conversation")).scalar_subquery())
_OPENING = select(_PLAN_VERSION, _UPDATES_VERSION, _CONVERSATION_STATE)
_OPENING_ALONE = select(_PLAN_VERSION, _UPDATES_VERSION)


async def opening(conn: AsyncConnection, conversation_id: str | None) -> tuple[int, int, dict | None]:
    """The plan's and the updates' versions and the conversation's saved state (None: no row yet), in one
    statement."""
    if not conversation_id:
        version, updates = (await conn.execute(_OPENING_ALONE)).one()
        return version or 0, updates or 0, None
    version, updates, state = (await conn.execute(_OPENING, {"conversation": conversation_id})).one()
    return version or 0, updates or 0, state


@dataclass(frozen=True)
class Latest:
    """Every project's latest update (RAG, progress, when, by whom) as of `version` of the updates counter
    (migration 0006): lists, counts and rankings filter this instead of asking for it per question."""

    version: int
    updates: dict[int, UpdateInfo]
    previous: dict[int, UpdateInfo] = field(default_factory=dict)  # the update before each latest one
    rows: dict[int, Any] = field(default_factory=dict)  # each latest update's full row (risks filtered per viewer)


async def load_latest(conn: AsyncConnection, version: int) -> Latest:
    rows = (await conn.execute(_LATEST_ALL)).all()
    before = (await conn.execute(_PREVIOUS_ALL)).all()
    return Latest(version, {r.project_id: _update(r, None, "light") for r in rows},
                  {r.project_id: _update(r, None, "light") for r in before}, {r.project_id: r for r in rows})


async def load_plan(session: AsyncConnection | AsyncSession, version: int) -> Plan:
    """Projects (with aliases, area, enablers, leads), people, areas and enablers, in seven queries."""
    areas = {r.id: r for r in (await session.execute(select(PriorityArea.id, PriorityArea.key, PriorityArea.name))).all()}
    enablers = {r.id: r for r in (await session.execute(
        select(Enabler.id, Enabler.key, Enabler.name).order_by(Enabler.position, Enabler.id))).all()}
    rank = {eid: i for i, eid in enumerate(enablers)}  # enablers in their own order
    aliases = defaultdict(list)
    for pid, alias in (await session.execute(select(ProjectAlias.project_id, ProjectAlias.alias))).all():
        aliases[pid].append(alias)
    project_enablers = defaultdict(list)
    for pid, eid in (await session.execute(select(ProjectEnabler.project_id, ProjectEnabler.enabler_id))).all():
        project_enablers[pid].append(eid)
    people = {r.id: r.name or r.email or "" for r in (await session.execute(
        select(Person.id, Person.name, Person.email).where(Person.forgotten_at.is_(None)))).all()}
    roles: defaultdict[int, dict[str, list[int]]] = defaultdict(lambda: {"lead": [], "deputy": []})
    by_person = defaultdict(list)
    rows = await session.execute(select(ProjectRole.project_id, ProjectRole.person_id, ProjectRole.role)
                                 .order_by(ProjectRole.project_id, ProjectRole.position, ProjectRole.id))
    for pid, person_id, role in rows.all():
        roles[pid].setdefault(role, []).append(person_id)
        by_person[person_id].append((pid, role))
    project_rows = (await session.execute(select(Project.id, Project.ref, Project.name, Project.status,
                                                 Project.description, Project.priority_area_id, Project.start_date,
                                                 Project.end_date).order_by(Project.ref))).all()
    entries, facts = [], {}
    for r in project_rows:
        area = areas.get(r.priority_area_id)
        own = sorted(project_enablers[r.id], key=rank.__getitem__)
        entries.append(ProjectEntry(id=r.id, ref=r.ref, name=r.name, aliases=tuple(aliases[r.id]),
                                    area=area.key if area else None, enablers=tuple(enablers[e].key for e in own),
                                    leads=tuple(roles[r.id]["lead"]), deputies=tuple(roles[r.id]["deputy"]),
                                    status=r.status))
        facts[r.id] = ProjectInfo(id=r.id, ref=r.ref, name=r.name, status=r.status, description=r.description or "",
                                  area=area.name if area else "", enablers=tuple(enablers[e].name for e in own),
                                  leads=tuple(people[i] for i in roles[r.id]["lead"] if people.get(i)),
                                  deputies=tuple(people[i] for i in roles[r.id]["deputy"] if people.get(i)),
                                  start_date=r.start_date, end_date=r.end_date)
    named = [PersonEntry(r.id, r.name or r.email.split("@")[0]) for r in (await session.execute(
        select(Person.id, Person.name, Person.email).where(Person.forgotten_at.is_(None)))).all()
             if r.name or (r.email and r.id in by_person)]  # someone known only by email: by its first part
    vocab = Vocabulary.build(entries, named, [TermEntry(a.key, a.name) for a in areas.values()],
                             [TermEntry(e.key, e.name) for e in enablers.values()])
    return Plan(version, vocab, facts, people, {k: tuple(v) for k, v in by_person.items()})


# --- follow-up context --------------------------------------------------------------------

def context_from(state: dict | None, now: datetime) -> Context:
    """What this conversation last asked about, unless that was long enough ago to be a new topic."""
    saved = (state or {}).get(STATE_KEY) or {}
    try:
        at = datetime.fromisoformat(saved.get("at", ""))
    except (TypeError, ValueError):
        return Context()
    if now - at > CONTEXT_TTL or at - now > CONTEXT_TTL:
        return Context()
    return Context.from_dict(saved.get("context"))


def context_changed(state: dict | None, context: Context, now: datetime) -> bool:
    """Does `context` need writing? Not when it is what is saved and was saved less than CONTEXT_REFRESH ago."""
    saved = (state or {}).get(STATE_KEY) or {}
    if saved.get("context") != context.to_dict():
        return True
    try:
        return not timedelta(0) <= now - datetime.fromisoformat(saved.get("at", "")) < CONTEXT_REFRESH
    except (TypeError, ValueError):
        return True


async def save_contexts(session: AsyncSession, saves: dict[str, tuple[Context, datetime, dict | None]]) -> None:
    """Remember each conversation's context (conversation id -> (context, now, its state as read earlier in
    the turn, None meaning no row yet)), keeping whatever else other features keep in the same state.

    The caller passes only what `context_changed` says needs writing. Existing rows are updated in one
    statement; new ones are inserted one by one, and when two first messages in a new conversation race
    to insert it, the loser updates the row instead.
    """
    conn = await session.connection()
    updates = []
    for conversation_id, (context, now, state) in saves.items():
        value = {"context": context.to_dict(), "at": now.isoformat()}
        if state is None:
            try:
                async with session.begin_nested():  # the savepoint starts with the next connection() call
                    await (await session.connection()).execute(_INSERT_STATE, {
                        "conversation_id": conversation_id, "state": {STATE_KEY: value}, "updated_at": now})
                continue
            except IntegrityError:
                state = (await conn.execute(select(_CONVERSATION_STATE), {"conversation": conversation_id})).scalar()
        updates.append({"conversation": conversation_id, "state": {**(state or {}), STATE_KEY: value}, "updated_at": now})
    if updates:
        await conn.execute(_UPDATE_STATE, updates)


_INSERT_STATE = insert(ConversationState)
_UPDATE_STATE = (update(ConversationState).where(ConversationState.conversation_id == bindparam("conversation"))
                 .values(state=bindparam("state"), updated_at=bindparam("updated_at")))


# --- executing a query --------------------------------------------------------------------

async def execute(conn: AsyncConnection, query: Query, viewer: Viewer, *, now: datetime, plan: Plan,
                  tz: str = "Europe/London", latest: Latest | None = None) -> Result:
    """The structured answer to `query`, as `viewer` may see it."""
    if query.ambiguous:
        return Result(query, AMBIGUOUS)
    if query.intent == q.UNKNOWN and query.not_found:
        return Result(query, NOT_FOUND, message=query.not_found)
    if query.intent in (q.HELP, q.UNKNOWN) or not query.answerable:
        return Result(query, query.intent if query.intent == q.HELP else q.UNKNOWN)
    ctx = _Ctx(conn, viewer, now, tz, plan, latest)
    handler = _HANDLERS[query.intent]
    if query.intent in _LISTS and (question_more.needs_more(query) or ctx.snapshot is not None):
        handler = question_more.listing
    elif query.intent == q.MILESTONES_DUE and question_more.needs_more(query):
        handler = question_more.milestones
    result = await handler(ctx, query)
    result.today = ctx.today
    return result


class _Ctx:
    def __init__(self, conn: AsyncConnection, viewer: Viewer, now: datetime, tz: str, plan: Plan,
                 latest: Latest | None = None) -> None:
        self.conn, self.viewer, self.now, self.tz, self.plan = conn, viewer, now, tz, plan
        self.snapshot = latest.updates if latest is not None else None
        self.latest_known = latest
        self.zone = ZoneInfo(tz)
        self.today = now.astimezone(self.zone).date()
        self.sqlite = conn.dialect.name == "sqlite"

    def local_midnight(self, d: date) -> datetime:
        return datetime.combine(d, time(0), self.zone).astimezone(timezone.utc)

    async def rows(self, stmt, params: dict | None = None):
        """Core execution: plain rows, without the ORM's per-row work."""
        return (await self.conn.execute(stmt, params)).all()

    # The reads other question modules (store/question_more.py) build their answers from.
    async def latest(self, ids, detail: str = "light") -> dict[int, UpdateInfo]:
        return await _latest(self, ids, detail)

    async def projects(self, ids, detail: str | None = "brief", enablers: bool = False) -> list[ProjectInfo]:
        return await _projects_by_id(self, ids, detail=detail, enablers=enablers)

    async def history(self, ids) -> list[UpdateInfo]:
        return await _history_of(self, ids)

    async def milestones(self, ids) -> list[MilestoneInfo]:
        return await _milestones_of(self, ids)

    async def updates(self, ids: list[int]) -> dict[int, UpdateInfo]:
        return await _updates_by_id(self, ids)

    def update_row(self, row, detail: str) -> UpdateInfo:
        return _update(row, self.viewer, detail)


# --- loading projects and their latest updates ---------------------------------------------

_BRIEF = (StatusUpdate.id, StatusUpdate.project_id, StatusUpdate.rag, StatusUpdate.progress_pct,
          StatusUpdate.submitted_by_name)
_LIGHT = _BRIEF + (StatusUpdate.version, StatusUpdate.submitted_at, UpdateCycle.period_key.label("cycle_key"))
_FULL = _LIGHT + (StatusUpdate.rag_reason, StatusUpdate.summary, StatusUpdate.achievements,
                  StatusUpdate.next_steps, StatusUpdate.blockers, StatusUpdate.asks_of_dlg, StatusUpdate.risks)
COLUMNS = {"brief": _BRIEF, "light": _LIGHT, "full": _FULL}


def _latest_id(*update_filters):
    """The id of a project's latest update (highest cycle, then version, then latest submitted).

    A correlated subquery per project that walks the (project_id, submitted_at) index: faster than a
    window over every update once there are tens of thousands of them.
    """
    s2, c2 = aliased(StatusUpdate), aliased(UpdateCycle)
    conds = [f(s2) for f in update_filters]
    return (select(s2.id).join(c2, c2.id == s2.cycle_id).where(s2.project_id == Project.id, *conds)
            .order_by(c2.opens_at.desc(), s2.version.desc(), s2.submitted_at.desc(), s2.id.desc())
            .limit(1).scalar_subquery())


def _latest_by_ids(detail: str):
    """The latest update of each project in `:ids` (an expanding parameter): built once per detail level,
    so answering a question does not rebuild (and re-key) the statement."""
    return (select(*COLUMNS[detail]).select_from(Project)
            .join(StatusUpdate, StatusUpdate.id == _latest_id())
            .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
            .where(Project.id.in_(bindparam("ids", expanding=True))))


async def _latest(ctx: _Ctx, ids, detail: str = "light") -> dict[int, UpdateInfo]:
    """The latest update of each of the projects `ids` (from the snapshot in memory when that is enough)."""
    if not ids:
        return {}
    if ctx.snapshot is not None and detail in ("light", "brief"):
        return {pid: ctx.snapshot[pid] for pid in ids if pid in ctx.snapshot}
    if ctx.latest_known is not None and detail == "full":  # the full row is in memory too; risks as this viewer may
        rows = ctx.latest_known.rows
        return {pid: _update(rows[pid], ctx.viewer, "full") for pid in ids if pid in rows}
    rows = await ctx.rows(_LATEST_BY_IDS[detail], {"ids": list(ids)})
    return {r.project_id: _update(r, ctx.viewer, detail) for r in rows}


async def _updates_by_id(ctx: _Ctx, ids: list[int]) -> dict[int, UpdateInfo]:
    stmt = select(*_FULL).join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id).where(StatusUpdate.id.in_(ids))
    return {r.project_id: _update(r, ctx.viewer, "full") for r in await ctx.rows(stmt)}


def _update(r: Any, viewer: Viewer | None, detail: str) -> UpdateInfo:
    base = dict(id=r.id, project_id=r.project_id, rag=r.rag, progress=r.progress_pct,
                submitted_by=r.submitted_by_name or "someone", cycle_key="", version=0, submitted_at=None)
    if detail == "brief":
        return UpdateInfo(**base)
    base.update(cycle_key=r.cycle_key, version=r.version, submitted_at=r.submitted_at)
    if detail == "light":
        return UpdateInfo(**base)
    assert viewer is not None  # the full detail is read for someone (the snapshot's "light" is for no one)
    shown, held = visible_risks(_risk_dicts(r.risks), viewer)
    return UpdateInfo(**base, rag_reason=r.rag_reason or "", summary=r.summary or "",
                      achievements=r.achievements or "", next_steps=r.next_steps or "", blockers=r.blockers or "",
                      asks=r.asks_of_dlg or "", risks=tuple(str(x.get("text", "")) for x in shown),
                      withheld_risks=held)


def _risk_dicts(risks) -> list[dict]:
    out = []
    for item in risks or []:
        out.append(item if isinstance(item, dict) else {"text": str(item), "sensitive": False})
    return out


def _active():
    return Project.status.notin_(INACTIVE)


def _filters(area: bool, enabler: bool) -> list:
    """Active projects, in the priority area `:area` and/or with the enabler `:enabler` (bound parameters,
    so statements built from these are built once per shape; `_filter_params` gives the values)."""
    out = [_active()]
    if area:
        out.append(Project.priority_area_id.in_(select(PriorityArea.id).where(PriorityArea.key == bindparam("area"))))
    if enabler:
        out.append(Project.id.in_(select(ProjectEnabler.project_id).join(Enabler, Enabler.id == ProjectEnabler.enabler_id)
                                  .where(Enabler.key == bindparam("enabler"))))
    return out


def _shape(query: Query) -> tuple[bool, bool]:
    return bool(query.area), bool(query.enabler)


def _filter_params(query: Query) -> dict:
    return {k: v for k, v in (("area", query.area), ("enabler", query.enabler)) if v}


async def _projects(ctx: _Ctx, where: list, *, params: dict | None = None, detail: str | None = "brief",
                    enablers: bool = False) -> list[ProjectInfo]:
    """Projects matching `where`, in ref order, with their facts from the plan in memory and (if asked)
    their latest update: two queries."""
    ids = [pid for (pid,) in await ctx.rows(select(Project.id).where(*where), params)]
    return await _projects_by_id(ctx, ids, detail=detail, enablers=enablers)


async def _projects_by_id(ctx: _Ctx, ids, *, detail: str | None = "brief", enablers: bool = False
                          ) -> list[ProjectInfo]:
    """The projects `ids` (those that exist), in ref order: facts from memory, the latest update in one query."""
    facts = sorted((ctx.plan.projects[i] for i in set(ids) if i in ctx.plan.projects), key=lambda p: p.ref)
    updates = await _latest(ctx, [p.id for p in facts], detail) if detail and facts else {}
    return [replace(p, latest=updates.get(p.id), enablers=p.enablers if enablers else ()) for p in facts]


def _ordered(projects: list[ProjectInfo], ids: tuple[int, ...]) -> list[ProjectInfo]:
    by_id = {p.id: p for p in projects}
    return [by_id[i] for i in ids if i in by_id]


# --- one project --------------------------------------------------------------------------

async def _about_projects(ctx: _Ctx, query: Query) -> Result:
    projects = _ordered(await _projects_by_id(ctx, query.project_ids, detail="full", enablers=True),
                        query.project_ids)
    result = Result(query, query.intent, projects=projects)
    result.people = [n for p in projects for n in (*p.leads, *p.deputies)]
    if query.field in ("risks", "issues"):
        result.withheld = sum(p.latest.withheld_risks for p in projects if p.latest)
    if query.field == "milestones":
        result.milestones = await _milestones_of(ctx, query.project_ids)
    if query.field == "history":
        result.history = await _history_of(ctx, query.project_ids)
    if query.mode == "at" and query.compare_to and query.field != "history":
        result = await question_more.as_of(ctx, query, result)
    if query.mode == "figure":
        return question_more.figure(query, result)
    return result


async def _milestones_of(ctx: _Ctx, project_ids) -> list[MilestoneInfo]:
    rows = await ctx.rows(select(*_MILESTONE).where(Milestone.project_id.in_(project_ids))
                          .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id))
    return [MilestoneInfo(*r) for r in rows]


_MILESTONE = (Milestone.project_id, Milestone.title, Milestone.due_date, Milestone.status, Milestone.completed_on)


async def _history_of(ctx: _Ctx, project_ids) -> list[UpdateInfo]:
    """The last version in each of the most recent cycles, oldest first."""
    order = (StatusUpdate.version.desc(), StatusUpdate.submitted_at.desc(), StatusUpdate.id.desc())
    rn = func.row_number().over(partition_by=(StatusUpdate.project_id, StatusUpdate.cycle_id), order_by=order)
    inner = (select(*_LIGHT, UpdateCycle.opens_at.label("opens"), rn.label("rn"))
             .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
             .where(StatusUpdate.project_id.in_(project_ids)).subquery())
    rows = await ctx.rows(select(inner).where(inner.c.rn == 1).order_by(inner.c.opens.desc()))
    per_project: dict[int, list] = defaultdict(list)
    for r in rows:
        if len(per_project[r.project_id]) < HISTORY_CYCLES:
            per_project[r.project_id].append(_update(r, ctx.viewer, "light"))
    return [u for pid in project_ids for u in reversed(per_project.get(pid, []))]


# --- lists of projects --------------------------------------------------------------------

@cache
def _listing_stmt(area: bool, enabler: bool, mode: str):
    """Projects by area, enabler, RAG (`mode` "rag", `:rag`) or not yet reported ("missing"), with their
    latest RAG and progress and the total count, in ref order, capped."""
    conds = _filters(area, enabler)
    if mode == "missing":
        conds.append(StatusUpdate.id.is_(None))
    elif mode == "rag":
        conds.append(StatusUpdate.rag == bindparam("rag"))
    return (select(Project.id, Project.ref, Project.name, Project.status, StatusUpdate.rag,
                   StatusUpdate.progress_pct, func.count().over().label("total"))
            .select_from(Project).outerjoin(StatusUpdate, StatusUpdate.id == _latest_id())
            .where(*conds).order_by(Project.ref).limit(LIST_CAP))


async def _listing(ctx: _Ctx, query: Query) -> Result:
    """Projects by area, enabler, RAG or not yet reported: filtered and counted in SQL, listed up to a cap."""
    params = _filter_params(query)
    if query.intent == q.NOT_REPORTED or query.field == "not_reported":
        mode = "missing"
    elif query.rag:
        mode, params["rag"] = "rag", query.rag
    else:
        mode = ""
    rows = await ctx.rows(_listing_stmt(*_shape(query), mode), params)
    projects = await _brief_projects(ctx, rows)
    total = rows[0].total if rows else 0
    return Result(query, query.intent, projects=projects, count=total, total=total)


async def _brief_projects(ctx: _Ctx, rows) -> list[ProjectInfo]:
    """Projects for a list line: name, RAG, progress and leads (from the plan in memory)."""
    facts = ctx.plan.projects
    return [ProjectInfo(id=r.id, ref=r.ref, name=r.name, status=r.status,
                        leads=facts[r.id].leads if r.id in facts else (),
                        latest=_brief_update(r.id, r.rag, r.progress_pct)) for r in rows]


def _brief_update(project_id: int, rag: str | None, progress: int | None, by: str = "") -> UpdateInfo | None:
    if rag is None:
        return None
    return UpdateInfo(id=0, project_id=project_id, cycle_key="", version=0, submitted_at=None, submitted_by=by,
                      rag=rag, progress=progress)


# --- what changed -------------------------------------------------------------------------

@cache
def _changed_stmts(area: bool, enabler: bool, asked: str):
    """Per project touched in [`:since`, `:until`): its last update in the window against its last one
    before, whether RAG or progress moved, whether that is the change asked about (`asked`: "rag" for
    "went `:rag`", "rag_change", or any move); and the count of projects that did not move."""
    since, until = bindparam("since", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime())
    after, before = aliased(StatusUpdate), aliased(StatusUpdate)
    after_id = _latest_id(lambda u: u.submitted_at >= since, lambda u: u.submitted_at < until)
    before_id = _latest_id(lambda u: u.submitted_at < since)
    moved = or_(before.id.is_(None), after.rag != before.rag, after.progress_pct.is_distinct_from(before.progress_pct))
    if asked == "rag":  # "which projects went red": now that colour, and not that colour before
        wanted = [after.rag == bindparam("rag"), or_(before.id.is_(None), before.rag != bindparam("rag"))]
    elif asked == "rag_change":
        wanted = [or_(before.id.is_(None), after.rag != before.rag)]
    else:
        wanted = []
    touched = select(StatusUpdate.project_id).where(StatusUpdate.submitted_at >= since, StatusUpdate.submitted_at < until)
    pairs = (select(Project.id, Project.ref, Project.name, Project.status, after.rag, after.progress_pct,
                    after.submitted_by_name, before.id.label("before_id"), before.rag.label("before_rag"),
                    before.progress_pct.label("before_progress"), moved.label("moved"),
                    and_(moved, *wanted).label("asked"))
             .select_from(Project).join(after, after.id == after_id).outerjoin(before, before.id == before_id)
             .where(*_filters(area, enabler), Project.id.in_(touched))
             .cte("pairs").prefix_with("MATERIALIZED", dialect="postgresql"))
    still = select(func.count()).select_from(pairs).where(not_(pairs.c.moved))
    listed = (select(pairs, func.count().over().label("total"), still.scalar_subquery().label("still"))
              .where(pairs.c.asked).order_by(pairs.c.ref).limit(LIST_CAP))
    return listed, still


async def _changed(ctx: _Ctx, query: Query) -> Result:
    """Projects whose last update in the window moved RAG or progress from their last one before it,
    or that reported for the first time. Compared, filtered and counted in SQL."""
    since, until, message = await _window(ctx, query)
    if query.mode.startswith("from_"):  # "did anything go from red to amber in November": every step, not the net
        return await question_changes.transitions(ctx, query, since, until, message)
    if ctx.latest_known is not None and until >= ctx.now:  # a window ending now: from the snapshot in memory
        found = question_changes.changed_from_snapshot(ctx, query, since, ctx.latest_known)
        if found is not None:
            changes, unchanged, total = found
            return Result(query, q.CHANGED_SINCE, projects=[c.project for c in changes], changes=changes,
                          unchanged_count=unchanged, since=since, message=message, total=total)
    asked = "rag" if query.rag else "rag_change" if query.rag_change else ""
    listed, still = _changed_stmts(*_shape(query), asked)
    params = {**_filter_params(query), "since": since, "until": until}
    if query.rag:
        params["rag"] = query.rag
    rows = await ctx.rows(listed, params)
    projects = {p.id: p for p in await _brief_projects(ctx, rows)}
    # A changed row has its RAG (the query compares it), so `after` is never None.
    changes = [Change(projects[r.id], _brief_update(r.id, r.before_rag, r.before_progress) if r.before_id else None,
                      _brief_update(  # type: ignore[arg-type]  # never None: see above
                          r.id, r.rag, r.progress_pct, r.submitted_by_name))
               for r in rows]
    total = rows[0].total if rows else 0
    unchanged = rows[0].still if rows else (await ctx.rows(still, params))[0][0]
    if query.mode:  # better / worse / from red: of what moved, only what moved that way
        changes = [c for c in changes if question_changes.moved_as_asked(query, c.before.rag if c.before else None,
                                                                        c.after.rag)]
        total = len(changes)
    return Result(query, q.CHANGED_SINCE, projects=[c.project for c in changes], changes=changes,
                  unchanged_count=unchanged, since=since, message=message, total=total,
                  until=until if until < ctx.now else None)


_LAST_DIGEST = select(func.max(Digest.posted_at))


async def _window(ctx: _Ctx, query: Query) -> tuple[datetime, datetime, str]:
    period = query.period
    if period is None or period.since_digest:
        posted = (await ctx.rows(_LAST_DIGEST))[0][0]
        if posted is not None:
            return posted, ctx.now, ""
        return ctx.now - timedelta(days=7), ctx.now, "No digest has been posted yet, so this is the last 7 days."
    since = ctx.local_midnight(period.start) if period.start else ctx.now - timedelta(days=7)
    until = ctx.now if period.end is None or period.end >= ctx.today else ctx.local_midnight(period.end + timedelta(days=1))
    return since, min(until, ctx.now), ""


# --- milestones ---------------------------------------------------------------------------

@cache
def _milestones_stmt(area: bool, enabler: bool, start: bool, end: bool):
    where = [Milestone.status != "done", Milestone.due_date.is_not(None),
             Milestone.project_id.in_(select(Project.id).where(*_filters(area, enabler)))]
    if start:
        where.append(Milestone.due_date >= bindparam("start", type_=Date()))
    if end:
        where.append(Milestone.due_date <= bindparam("end", type_=Date()))
    return (select(*_MILESTONE, func.count().over().label("total")).where(*where)
            .order_by(Milestone.due_date, Milestone.id).limit(LIST_CAP))


async def _milestones_due(ctx: _Ctx, query: Query) -> Result:
    """Open milestones due in the period: the first LIST_CAP listed, all of them counted, in SQL."""
    period = query.period
    start, end = (period.start, period.end) if period else (None, None)
    params = {**_filter_params(query), **({"start": start} if start else {}), **({"end": end} if end else {})}
    rows = await ctx.rows(_milestones_stmt(*_shape(query), bool(start), bool(end)), params)
    milestones = [MilestoneInfo(*r[:5]) for r in rows]
    projects = await _projects_by_id(ctx, {m.project_id for m in milestones}, detail=None) if milestones else []
    total = rows[0].total if rows else 0
    return Result(query, q.MILESTONES_DUE, projects=projects, milestones=milestones, count=total, total=total)


# --- who has not updated ------------------------------------------------------------------

async def _missing(ctx: _Ctx, query: Query) -> Result:
    if not may_see_missing_updates(ctx.viewer):
        return Result(query, REFUSED, message=_missing_refusal(ctx.viewer))
    cycle = (await ctx.conn.execute(select(UpdateCycle.id, UpdateCycle.period_key, UpdateCycle.opens_at)
                                    .where(UpdateCycle.opens_at <= ctx.now)
                                    .order_by(UpdateCycle.opens_at.desc()).limit(1))).first()
    if cycle is None:
        return Result(query, q.MISSING_UPDATES, message="No update cycle has opened yet.")
    updated = select(StatusUpdate.project_id).where(StatusUpdate.cycle_id == cycle.id)
    projects = await _projects(ctx, [*_filters(*_shape(query)), Project.id.notin_(updated)], params=_filter_params(query))
    people = list(dict.fromkeys(n for p in projects for n in p.leads))
    return Result(query, q.MISSING_UPDATES, projects=projects, people=people, cycle_key=cycle.period_key,
                  since=cycle.opens_at, count=len(projects))


def _missing_refusal(viewer: Viewer) -> str:
    if viewer.is_admin or viewer.is_dlg:
        return ("I only list who has not updated in a 1:1 chat, not where others can read it. "
                "Ask me again in a private chat.")
    return "Who has not updated yet is only shared with the programme office and the DLG."


_LATEST_BY_IDS = {detail: _latest_by_ids(detail) for detail in COLUMNS}
_LATEST_ALL = (select(*_FULL).select_from(Project).join(StatusUpdate, StatusUpdate.id == _latest_id())
               .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id))


def _previous_id():
    """The update before each project's latest one, in the same order."""
    s2, c2, s3, c3 = aliased(StatusUpdate), aliased(UpdateCycle), aliased(StatusUpdate), aliased(UpdateCycle)
    latest = (select(s2.id).join(c2, c2.id == s2.cycle_id).where(s2.project_id == Project.id)
              .order_by(c2.opens_at.desc(), s2.version.desc(), s2.submitted_at.desc(), s2.id.desc())
              .limit(1).correlate(Project).scalar_subquery())
    return (select(s3.id).join(c3, c3.id == s3.cycle_id).where(s3.project_id == Project.id, s3.id != latest)
            .order_by(c3.opens_at.desc(), s3.version.desc(), s3.submitted_at.desc(), s3.id.desc())
            .limit(1).scalar_subquery())


_PREVIOUS_ALL = (select(*_LIGHT).select_from(Project).join(StatusUpdate, StatusUpdate.id == _previous_id())
                 .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id))

_LISTS = (q.PROJECTS_BY_RAG, q.COUNT, q.PROJECTS_BY_AREA, q.PROJECTS_BY_ENABLER)
_HANDLERS = {
    q.PROJECT_OVERVIEW: _about_projects,
    q.PROJECT_LEADS: _about_projects,
    q.PROJECT_FIELD: _about_projects,
    q.PROJECTS_BY_AREA: _listing,
    q.PROJECTS_BY_ENABLER: _listing,
    q.PROJECTS_BY_RAG: _listing,
    q.NOT_REPORTED: _listing,
    q.COUNT: _listing,
    q.LED_BY_PERSON: question_more.led_by,
    q.UPDATED: question_more.updated,
    q.NOT_UPDATED: lambda ctx, query: question_more.not_updated(ctx, query, _missing_refusal),
    q.WITH_FIELD: question_more.with_field,
    q.RANKING: question_more.ranking,
    q.COMPARE: question_more.compare,
    q.CHANGED_SINCE: _changed,
    q.MILESTONES_DUE: _milestones_due,
    q.MISSING_UPDATES: _missing,
    q.SEARCH: question_search.search,
    DECISIONS: decisions_query.execute,
}
