"""Asks as people read them: one ask or a list with its project and who raised it, the decisions
recorded, how many cycles old an ask is, and the digest's agenda facts (every undecided ask and those
decided since the last meeting, in one statement)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from programme import asks as rules
from programme.digest_agenda import AskFacts, DecidedFacts

from .models import Ask, AskDecision, Digest, Person, Project, ProjectRole, StaffRole, UpdateCycle


@dataclass(frozen=True)
class AskView:
    """An ask as plain data (safe after its session closed), with its project."""

    id: int
    project_id: int
    project_ref: str
    project_name: str
    text: str
    status: str
    raised_at: datetime
    raised_cycle_id: int | None
    decisions: int
    decided_at: datetime | None = None
    decided_by: str = ""
    decided_by_role: str = ""
    note: str = ""
    deferred_until: date | None = None
    on_agenda: bool = False

    @property
    def undecided(self) -> bool:
        return self.status in rules.UNDECIDED

    @property
    def recorder(self) -> str:
        return rules.recorder_words(self.decided_by, self.decided_by_role)


VIEW_COLUMNS = (
    Ask.id,
    Ask.project_id,
    Project.ref,
    Project.name,
    Ask.text,
    Ask.status,
    Ask.raised_at,
    Ask.raised_cycle_id,
    Ask.decisions,
    Ask.decided_at,
    Ask.decided_by_name,
    Ask.decided_by_role,
    Ask.note,
    Ask.deferred_until,
    Ask.first_on_agenda_at,
)


def view_of(row: Any) -> AskView:
    r = row
    return AskView(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        r[10] or "",
        r[11] or "",
        r[12] or "",
        r[13],
        r[14] is not None,
    )


async def view(session: AsyncSession, ask_id: int) -> AskView | None:
    row = (
        await session.execute(select(*VIEW_COLUMNS).join(Project, Project.id == Ask.project_id).where(Ask.id == ask_id))
    ).first()
    return view_of(row) if row else None


async def views(
    session: AsyncSession,
    *,
    statuses: tuple[str, ...] | None = None,
    project_ids: set[int] | None = None,
    ask_ids: set[int] | None = None,
) -> list[AskView]:
    """Asks, oldest first."""
    q = select(*VIEW_COLUMNS).join(Project, Project.id == Ask.project_id)
    if statuses is not None:
        q = q.where(Ask.status.in_(statuses))
    if project_ids is not None:
        q = q.where(Ask.project_id.in_(project_ids or {-1}))
    if ask_ids is not None:
        q = q.where(Ask.id.in_(ask_ids or {-1}))
    rows = await session.execute(q.order_by(Ask.raised_at, Ask.id))
    return [view_of(r) for r in rows]


# ------------------------------------------------------------------------------- reading for people


async def decisions_of(session: AsyncSession, ask_ids: set[int]) -> dict[int, list[AskDecision]]:
    rows = await session.execute(
        select(AskDecision).where(AskDecision.ask_id.in_(ask_ids or {-1})).order_by(AskDecision.ask_id, AskDecision.seq)
    )
    out: dict[int, list[AskDecision]] = {}
    for d in rows.scalars():
        out.setdefault(d.ask_id, []).append(d)
    return out


async def decided_between(
    session: AsyncSession, start: datetime | None, end: datetime | None, project_ids: set[int] | None = None
) -> list[AskView]:
    """Asks whose latest decision falls in [start, end): what a lead or the DLG hears happened."""
    q = select(*VIEW_COLUMNS).join(Project, Project.id == Ask.project_id).where(Ask.decided_at.is_not(None))
    if start is not None:
        q = q.where(Ask.decided_at >= start)
    if end is not None:
        q = q.where(Ask.decided_at < end)
    if project_ids is not None:
        q = q.where(Ask.project_id.in_(project_ids or {-1}))
    return [view_of(r) for r in await session.execute(q.order_by(Ask.decided_at, Ask.id))]


async def cycle_order(session: AsyncSession) -> list[tuple[int, datetime]]:
    """Every cycle (id, opening), oldest first: how many cycles old an ask is."""
    rows = await session.execute(
        select(UpdateCycle.id, UpdateCycle.opens_at).order_by(UpdateCycle.opens_at, UpdateCycle.id)
    )
    return [tuple(r) for r in rows]


def cycles_ago(ask: AskView, order: list[tuple[int, datetime]], current_cycle_id: int | None) -> int:
    """Cycles between the one that raised `ask` and the current one (0: raised this cycle)."""
    index: dict[int | None, int] = {cid: i for i, (cid, _) in enumerate(order)}
    now = index.get(current_cycle_id, len(order) - 1) if order else 0
    if ask.raised_cycle_id in index:
        return max(0, now - index[ask.raised_cycle_id])
    opened = sum(1 for _, opens in order[: now + 1] if opens > ask.raised_at)
    return max(0, opened)


# ------------------------------------------------------------------------------- the digest's facts


async def digest_facts(
    session: AsyncSession, current: UpdateCycle | Any, *, since: datetime | None, until: datetime, tz: str
) -> tuple[list[AskFacts], list[DecidedFacts]]:
    """In one statement: every undecided ask with its age in cycles (the digest's agenda), and the asks
    decided in [since, until) ("Decided since the last meeting"; an ask deferred back onto this agenda is
    there instead, with its deferral). `current` has `.opens_at`."""
    later = aliased(UpdateCycle)
    raised = aliased(UpdateCycle)
    threshold = func.coalesce(
        select(raised.opens_at).where(raised.id == Ask.raised_cycle_id).correlate(Ask).scalar_subquery(), Ask.raised_at
    )
    age = (
        select(func.count(later.id))
        .where(later.opens_at > threshold, later.opens_at <= current.opens_at)
        .correlate(Ask)
        .scalar_subquery()
    )
    decided_now = Ask.decided_at < until if since is None else and_(Ask.decided_at >= since, Ask.decided_at < until)
    rows = await session.execute(
        select(*VIEW_COLUMNS, age.label("age"))
        .join(Project, Project.id == Ask.project_id)
        .where(or_(Ask.status.in_(rules.UNDECIDED), decided_now))
        .order_by(Ask.raised_at, Ask.id)
    )
    zone = ZoneInfo(tz)
    agenda, decided = [], []
    for row in rows:
        a = view_of(row)
        if a.undecided:
            agenda.append(
                AskFacts(
                    a.id,
                    a.project_id,
                    a.text,
                    a.status,
                    a.raised_at.astimezone(zone).date(),
                    int(row.age or 0),
                    a.deferred_until,
                    a.decisions,
                )
            )
        on_agenda = a.undecided and rules.needs_decision(a.status, a.deferred_until, until.astimezone(zone).date())
        if (
            a.decided_at is not None
            and not on_agenda
            and (since is None or a.decided_at >= since)
            and a.decided_at < until
        ):
            decided.append(
                DecidedFacts(
                    a.id,
                    a.project_id,
                    a.text,
                    a.status,
                    a.note,
                    a.decided_at.astimezone(zone).date(),
                    a.recorder,
                    a.deferred_until,
                )
            )
    decided.sort(key=lambda d: (d.decided_on, d.id))
    return agenda, decided


async def decider_teams_ids(session: AsyncSession) -> list[str]:
    """Teams ids (29:…) of DLG members, then admins: who gets the view with "Record decision"."""
    rows = await session.execute(
        select(StaffRole.role, Person.teams_user_id)
        .join(Person, Person.id == StaffRole.person_id)
        .where(StaffRole.role.in_(("dlg", "admin")), Person.teams_user_id.is_not(None), Person.forgotten_at.is_(None))
        .order_by(StaffRole.role.desc(), Person.id)
    )
    return list(dict.fromkeys(uid for _role, uid in rows if uid))


async def posted_with_agenda(session: AsyncSession, ask_id: int, *, recent: int = 12) -> list[Digest]:
    """Posted digests whose agenda card (the bot's own message) lists the ask: edited after a decision."""
    rows = await session.execute(
        select(Digest)
        .where(Digest.status == "posted", Digest.agenda_activity_id.is_not(None))
        .order_by(Digest.posted_at.desc())
        .limit(recent)
    )
    return [d for d in rows.scalars() if ask_id in _agenda_ids(d.content)]


def _agenda_ids(content: dict[str, Any] | None) -> set[int]:
    agenda = (content or {}).get("agenda") or {}
    return {i["id"] for i in agenda.get("items", []) if isinstance(i, dict) and isinstance(i.get("id"), int)}


async def lead_names(session: AsyncSession, project_ids: set[int]) -> dict[int, list[str]]:
    """Names of each project's leads (deputies where it has no lead), for the cards."""
    rows = await session.execute(
        select(ProjectRole.project_id, ProjectRole.role, Person.name, Person.email)
        .join(Person, Person.id == ProjectRole.person_id)
        .where(
            ProjectRole.project_id.in_(project_ids or {-1}),
            ProjectRole.role.in_(("lead", "deputy")),
            Person.forgotten_at.is_(None),
        )
        .order_by(ProjectRole.project_id, ProjectRole.role.desc(), ProjectRole.position)
    )
    found: dict[int, dict[str, list[str]]] = {}
    for pid, role, name, email in rows:
        found.setdefault(pid, {}).setdefault(role, []).append(name or email or "a lead")
    return {pid: roles.get("lead") or roles.get("deputy") or [] for pid, roles in found.items()}
