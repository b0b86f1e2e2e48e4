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

from sqlalchemy import delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme import asks as rules

from .ask_views import (
    AskView,
    cycle_order,
    cycles_ago,
    decided_between,
    decider_teams_ids,
    decisions_of,
    digest_facts,
    lead_names,
    posted_with_agenda,
    view,
    views,
)
from .audit import record
from .db import changed
from .models import Ask, AskDecision, DecisionNotice, Person, ProjectRole, StatusUpdate

# Moved to ask_views; re-exported so callers keep this path.
__all__ = [
    "AskView",
    "cycle_order",
    "cycles_ago",
    "decided_between",
    "decider_teams_ids",
    "decisions_of",
    "digest_facts",
    "lead_names",
    "posted_with_agenda",
    "view",
    "views",
]


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
