"""Asks of the DLG and their decisions: raising them from updates, deciding, withdrawing, telling leads.

A decision is a compare-and-set on the ask's decision count (`asks.decisions`): the card that offered
"Record decision" carried the count it was drawn at, and only the first UPDATE that still finds that
count changes the row (PostgreSQL makes a concurrent second one wait for the first, then re-check; SQLite
has one writer). `(ask_id, seq)` is unique as well, and the invoke's activity id makes a retried click
find the decision it already stored. Repositories never commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, delete, func, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from programme import asks as rules
from programme.digest_agenda import AskFacts, DecidedFacts

from .audit import record
from .db import changed
from .models import (
    Ask,
    AskDecision,
    DecisionNotice,
    Digest,
    Person,
    Project,
    ProjectRole,
    StaffRole,
    StatusUpdate,
    UpdateCycle,
)


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


_VIEW = (
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


def _view(row: Any) -> AskView:
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
        await session.execute(select(*_VIEW).join(Project, Project.id == Ask.project_id).where(Ask.id == ask_id))
    ).first()
    return _view(row) if row else None


async def views(
    session: AsyncSession,
    *,
    statuses: tuple[str, ...] | None = None,
    project_ids: set[int] | None = None,
    ask_ids: set[int] | None = None,
) -> list[AskView]:
    """Asks, oldest first."""
    q = select(*_VIEW).join(Project, Project.id == Ask.project_id)
    if statuses is not None:
        q = q.where(Ask.status.in_(statuses))
    if project_ids is not None:
        q = q.where(Ask.project_id.in_(project_ids or {-1}))
    if ask_ids is not None:
        q = q.where(Ask.id.in_(ask_ids or {-1}))
    rows = await session.execute(q.order_by(Ask.raised_at, Ask.id))
    return [_view(r) for r in rows]


# ------------------------------------------------------------------------------- raising


async def known(session: AsyncSession, project_id: int) -> list[rules.KnownAsk]:
    rows = await session.execute(
        select(Ask.id, Ask.text, Ask.status, Ask.raised_cycle_id, Ask.first_on_agenda_at)
        .where(Ask.project_id == project_id)
        .order_by(Ask.id)
    )
    return [rules.KnownAsk(i, t, s, c, a is not None) for i, t, s, c, a in rows]


async def sync_update(session: AsyncSession, update_row: StatusUpdate, *, actor: str) -> rules.Sync:
    """Raise, reword or take back the project's asks for a newly stored version of its update."""
    lines = rules.split_asks(update_row.asks_of_dlg)
    result = rules.sync(lines, await known(session, update_row.project_id), cycle_id=update_row.cycle_id)
    for text in result.new:
        await session.execute(
            insert(Ask).values(
                project_id=update_row.project_id,
                text=text,
                status=rules.OPEN,
                source="update",
                raised_at=update_row.submitted_at,
                raised_cycle_id=update_row.cycle_id,
                raised_update_id=update_row.id,
                decisions=0,
                decided_by_name="",
                decided_by_role="",
                note="",
            )
        )
    for ask_id, text in result.reworded.items():
        await session.execute(update(Ask).where(Ask.id == ask_id).values(text=text, raised_update_id=update_row.id))
    if result.dropped:  # never one with a decision, or one a posted digest listed
        await session.execute(
            delete(Ask).where(
                Ask.id.in_(result.dropped),
                Ask.status == rules.OPEN,
                Ask.decisions == 0,
                Ask.first_on_agenda_at.is_(None),
            )
        )
    if result.changed:
        record(
            session,
            actor=actor or "unknown",
            action="raise",
            entity="ask",
            key=f"project {update_row.project_id}",
            after={
                "new": len(result.new),
                "reworded": len(result.reworded),
                "taken_back": len(result.dropped),
                "update": update_row.id,
            },
        )
    return result


async def raise_from_cycle(session: AsyncSession, cycle_id: int, *, actor: str) -> int:
    """Asks of a cycle's latest updates that arrived without a card (an import): raised once."""
    raised = 0
    latest: dict[int, StatusUpdate] = {}
    rows = await session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.cycle_id == cycle_id)
        .order_by(StatusUpdate.project_id, StatusUpdate.version)
    )
    for u in rows.scalars():
        latest[u.project_id] = u
    seen = set(
        (
            await session.execute(
                select(Ask.raised_update_id).where(Ask.raised_update_id.in_([u.id for u in latest.values()] or [-1]))
            )
        ).scalars()
    )
    for u in latest.values():
        if u.id not in seen and rules.split_asks(u.asks_of_dlg):
            raised += len((await sync_update(session, u, actor=actor)).new)
    return raised


async def mark_on_agenda(session: AsyncSession, ask_ids: list[int], at: datetime) -> None:
    """A posted digest listed them: "on the agenda since"."""
    if ask_ids:
        await session.execute(
            update(Ask).where(Ask.id.in_(ask_ids), Ask.first_on_agenda_at.is_(None)).values(first_on_agenda_at=at)
        )


# ------------------------------------------------------------------------------- deciding


@dataclass(frozen=True)
class Decided:
    """What recording a decision came to."""

    outcome: str  # recorded / already (this very click, stored before) / lost / closed / missing
    ask: AskView | None
    decision_id: int | None = None


async def decision_by_activity(session: AsyncSession, activity_id: str | None) -> AskDecision | None:
    if not activity_id:
        return None
    return (
        await session.execute(select(AskDecision).where(AskDecision.activity_id == activity_id))
    ).scalar_one_or_none()


async def decide(
    session: AsyncSession,
    ask_id: int,
    expected: int,
    decision: rules.DecisionInput,
    *,
    person_id: int | None,
    name: str,
    role: str,
    now: datetime,
    activity_id: str | None,
    allowed_from: tuple[str, ...] = rules.UNDECIDED,
) -> Decided:
    """Record `decision` if the ask still has `expected` decisions and an undecided status."""
    done = await decision_by_activity(session, activity_id)
    if done is not None:
        return Decided("already", await view(session, done.ask_id), done.id)
    before = await view(session, ask_id)
    if before is None:
        return Decided("missing", None)
    if before.decisions != expected:  # someone decided after this card was drawn (and maybe committed first)
        return Decided("lost", before)
    if before.status not in allowed_from:
        return Decided("closed", before)
    values = dict(
        status=decision.outcome,
        decisions=Ask.decisions + 1,
        decided_at=now,
        decided_by_id=person_id,
        decided_by_name=name[:200],
        decided_by_role=role,
        note=decision.note,
        deferred_until=decision.deferred_until,
    )
    won = await session.execute(
        update(Ask)
        .where(Ask.id == ask_id, Ask.decisions == expected, Ask.status.in_(allowed_from))
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if (changed(won) or 0) != 1:
        return Decided("lost", await view(session, ask_id))
    decision_id = (
        await session.execute(
            insert(AskDecision)
            .values(
                ask_id=ask_id,
                seq=expected + 1,
                outcome=decision.outcome,
                note=decision.note,
                deferred_until=decision.deferred_until,
                decided_at=now,
                decided_by_id=person_id,
                decided_by_name=name[:200],
                decided_by_role=role,
                activity_id=activity_id,
            )
            .returning(AskDecision.id)
        )
    ).scalar_one()
    after = await view(session, ask_id)
    record(
        session,
        actor=name or role,
        action="withdraw" if decision.outcome == rules.WITHDRAWN else "decide",
        entity="ask",
        key=f"{before.project_ref} ask {ask_id}",
        before={"status": before.status},
        after={
            "status": decision.outcome,
            "note": decision.note[:200],
            "deferred_until": decision.deferred_until.isoformat() if decision.deferred_until else None,
            "role": role,
        },
    )
    return Decided("recorded", after, decision_id)


# ------------------------------------------------------------------------------- telling the lead


async def queue_notices(
    session: AsyncSession, decision_id: int, project_id: int, *, skip_person: int | None = None
) -> int:
    """One notice per lead and deputy of the project (not the person who recorded it, e.g. a lead
    withdrawing their own ask)."""
    rows = await session.execute(
        select(ProjectRole.person_id)
        .join(Person, Person.id == ProjectRole.person_id)
        .where(
            ProjectRole.project_id == project_id,
            ProjectRole.role.in_(("lead", "deputy")),
            Person.forgotten_at.is_(None),
        )
        .distinct()
    )
    people = [p for p in rows.scalars() if p != skip_person]
    for person_id in people:
        await session.execute(
            insert(DecisionNotice).values(
                decision_id=decision_id, person_id=person_id, status="pending", attempts=0, last_error=""
            )
        )
    return len(people)


@dataclass(frozen=True)
class NoticeJob:
    notice_id: int
    person_id: int
    ask: AskView
    outcome: str
    note: str
    deferred_until: date | None
    decided_at: datetime
    decided_by: str


async def claim_notices(session: AsyncSession, now: datetime, *, stale_before: datetime, limit: int = 50) -> list[int]:
    """pending (or 'sending' since before `stale_before`: the sender died) → sending; commit before sending."""
    rows = await session.execute(
        select(DecisionNotice.id)
        .where(
            (DecisionNotice.status == "pending")
            | ((DecisionNotice.status == "sending") & (DecisionNotice.sending_at < stale_before))
        )
        .order_by(DecisionNotice.id)
        .limit(limit)
    )
    ids = list(rows.scalars())
    claimed = []
    for notice_id in ids:
        won = await session.execute(
            update(DecisionNotice)
            .where(
                DecisionNotice.id == notice_id,
                (DecisionNotice.status == "pending")
                | ((DecisionNotice.status == "sending") & (DecisionNotice.sending_at < stale_before)),
            )
            .values(status="sending", sending_at=now, attempts=DecisionNotice.attempts + 1)
            .execution_options(synchronize_session=False)
        )
        if changed(won):
            claimed.append(notice_id)
    return claimed


async def notice_jobs(session: AsyncSession, ids: list[int]) -> list[NoticeJob]:
    if not ids:
        return []
    rows = await session.execute(
        select(
            DecisionNotice.id,
            DecisionNotice.person_id,
            AskDecision.ask_id,
            AskDecision.outcome,
            AskDecision.note,
            AskDecision.deferred_until,
            AskDecision.decided_at,
            AskDecision.decided_by_name,
            AskDecision.decided_by_role,
        )
        .join(AskDecision, AskDecision.id == DecisionNotice.decision_id)
        .where(DecisionNotice.id.in_(ids))
        .order_by(DecisionNotice.id)
    )
    out = []
    for nid, pid, ask_id, outcome, note, until, at, by, role in rows.all():
        ask = await view(session, ask_id)
        if ask is not None:
            out.append(
                NoticeJob(nid, pid, ask, outcome, note or "", until, at, rules.recorder_words(by or "", role or ""))
            )
    return out


async def finish_notice(
    session: AsyncSession,
    notice_id: int,
    status: str,
    *,
    error: str = "",
    activity_id: str | None = None,
    now: datetime | None = None,
    max_attempts: int = 3,
) -> None:
    """sent / unreachable; a failure goes back to pending until it has been tried `max_attempts` times."""
    if status == "failed":
        attempts = (
            await session.execute(select(DecisionNotice.attempts).where(DecisionNotice.id == notice_id))
        ).scalar()
        status = "failed" if (attempts or 0) >= max_attempts else "pending"
    await session.execute(
        update(DecisionNotice)
        .where(DecisionNotice.id == notice_id)
        .values(
            status=status, last_error=error[:500], activity_id=activity_id, sent_at=now if status == "sent" else None
        )
    )


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
    q = select(*_VIEW).join(Project, Project.id == Ask.project_id).where(Ask.decided_at.is_not(None))
    if start is not None:
        q = q.where(Ask.decided_at >= start)
    if end is not None:
        q = q.where(Ask.decided_at < end)
    if project_ids is not None:
        q = q.where(Ask.project_id.in_(project_ids or {-1}))
    return [_view(r) for r in await session.execute(q.order_by(Ask.decided_at, Ask.id))]


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
        select(*_VIEW, age.label("age"))
        .join(Project, Project.id == Ask.project_id)
        .where(or_(Ask.status.in_(rules.UNDECIDED), decided_now))
        .order_by(Ask.raised_at, Ask.id)
    )
    zone = ZoneInfo(tz)
    agenda, decided = [], []
    for row in rows:
        a = _view(row)
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
