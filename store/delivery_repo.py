"""Prompt deliveries: one row per (cycle, project, person, kind), and its life from pending to sent.

The sending protocol (why each step commits on its own):
1. `claim` turns pending rows into 'sending' (compare-and-set, and `FOR UPDATE SKIP LOCKED` on
   PostgreSQL so replicas never claim the same row) and the caller commits *before* calling Teams.
2. After Teams answers, `mark_result` records 'sent' (with the activity id) and the caller commits.
3. A row still 'sending' long after its claim was interrupted between 1 and 2: nobody can tell
   whether Teams got it (the Connector takes no idempotency key). `reclaim_interrupted` sends it
   again, flagged as a possible duplicate: a lead is never missed, and a duplicate can only come
   from a crash in the instant between Teams' answer and our commit.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import case, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme.prompting import (
    ADMIN_KINDS,
    FAILED,
    PENDING,
    POSSIBLE_DUPLICATE,
    SENDING,
    Planned,
    Recipient,
    SendResult,
)

from .cycle_repo import insert_for
from .db import changed, chunks
from .delivery_reads import counts_by_status, cycle_deliveries, possible_duplicates, unreachable_leads, waiting_count
from .delivery_refs import (
    ReferenceClash,
    mark_ref_unreachable,
    personal_refs,
    reference_of,
    remember_reference,
    team_refs,
)
from .directory_repo import left_filter
from .models import Delegation, Person, Project, ProjectRole, PromptDelivery, StaffRole, StatusUpdate, UpdateCycle

# Moved to delivery_refs and delivery_reads; re-exported so callers keep this path.
__all__ = [
    "counts_by_status",
    "cycle_deliveries",
    "possible_duplicates",
    "unreachable_leads",
    "waiting_count",
    "ReferenceClash",
    "mark_ref_unreachable",
    "personal_refs",
    "reference_of",
    "remember_reference",
    "team_refs",
]


# ------------------------------------------------------------------------------- who to prompt


async def recipients(session: AsyncSession, period_key: str, project_ids: set[int] | None = None) -> list[Recipient]:
    """Leads and deputies of active projects, with who is away and who handed the cycle to whom,
    plus the delegates themselves."""
    q = (
        select(ProjectRole.project_id, ProjectRole.role, Person.id, Person.name, Person.away_until)
        .join(Project, Project.id == ProjectRole.project_id)
        .join(Person, Person.id == ProjectRole.person_id)
        .where(
            Project.status == "active",
            ProjectRole.role.in_(("lead", "deputy")),
            Person.forgotten_at.is_(None),
            left_filter(Person.id),
        )  # someone who left the council is not prompted (directory_repo)
        .order_by(ProjectRole.project_id, ProjectRole.position, Person.id)
    )
    if project_ids is not None:
        q = q.where(ProjectRole.project_id.in_(project_ids))
    delegated = await delegations(session, period_key)
    out: list[Recipient] = []
    for project_id, role, person_id, name, away in (await session.execute(q)).all():
        to = delegated.get((project_id, person_id))
        out.append(Recipient(project_id, person_id, role, name, away, to[1] if to else None))
    seen = {(r.project_id, r.person_id) for r in out}
    for (project_id, _from), (to_id, to_name, to_away) in delegated.items():
        wanted = project_ids is None or project_id in project_ids
        if wanted and (project_id, to_id) not in seen:
            out.append(Recipient(project_id, to_id, "delegate", to_name, to_away))
            seen.add((project_id, to_id))
    return out


async def delegations(session: AsyncSession, period_key: str) -> dict[tuple[int, int], tuple[int, str, Any]]:
    """(project, delegating person) -> (delegate id, delegate name, delegate away_until), active ones."""
    q = (
        select(Delegation.project_id, Delegation.from_person_id, Person.id, Person.name, Person.away_until)
        .join(Person, Person.id == Delegation.to_person_id)
        .join(Project, Project.id == Delegation.project_id)
        .where(Delegation.period_key == period_key, Delegation.status == "active", Project.status == "active")
    )
    return {(p, f): (t, n or "a colleague", a) for p, f, t, n, a in (await session.execute(q)).all()}


async def admins(session: AsyncSession) -> list[Person]:
    rows = await session.execute(
        select(Person)
        .join(StaffRole, StaffRole.person_id == Person.id)
        .where(StaffRole.role == "admin", Person.forgotten_at.is_(None), left_filter(Person.id))
        .order_by(Person.id)
    )
    return list(rows.scalars().unique())


async def responded_projects(session: AsyncSession, cycle_id: int) -> set[int]:
    rows = await session.execute(select(StatusUpdate.project_id).where(StatusUpdate.cycle_id == cycle_id).distinct())
    return set(rows.scalars())


# ------------------------------------------------------------------------------- creating rows


async def insert_planned(session: AsyncSession, cycle_id: int, planned: list[Planned], now: datetime) -> int:
    """Create the rows that do not exist yet; returns how many were new. Safe to repeat or race."""
    created = 0
    for chunk in chunks(planned):
        values = [
            {
                "cycle_id": cycle_id,
                "project_id": p.project_id,
                "person_id": p.person_id,
                "kind": p.kind,
                "status": p.status,
                "attempts": 0,
                "last_error": p.note,
                "created_at": now,
            }
            for p in chunk
        ]
        stmt = (
            insert_for(session, PromptDelivery)
            .values(values)
            .on_conflict_do_nothing(index_elements=["cycle_id", "project_id", "person_id", "kind"])
        )
        created += max(changed(await session.execute(stmt)) or 0, 0)
    return created


async def skip_pending(
    session: AsyncSession, *, cycle_id: int, person_id: int, project_ids: set[int], status: str, note: str
) -> int:
    """Stop pending prompts to someone who handed over or went away before they were sent."""
    result = await session.execute(
        update(PromptDelivery)
        .where(
            PromptDelivery.cycle_id == cycle_id,
            PromptDelivery.person_id == person_id,
            PromptDelivery.project_id.in_(project_ids),
            PromptDelivery.status == PENDING,
        )
        .values(status=status, last_error=note)
    )
    return changed(result) or 0


# ------------------------------------------------------------------------------- sending


async def reclaim_interrupted(session: AsyncSession, claimed_before: datetime) -> int:
    """Rows left 'sending' by a process that died: queue them again, flagged as possible duplicates."""
    result = await session.execute(
        update(PromptDelivery)
        .where(PromptDelivery.status == SENDING, PromptDelivery.sending_at < claimed_before)
        .values(status=PENDING, last_error=POSSIBLE_DUPLICATE)
    )
    return changed(result) or 0


async def requeue_failed(session: AsyncSession, max_attempts: int) -> int:
    """A delivery that failed on transient errors gets another go on a later tick, a bounded number of times."""
    result = await session.execute(
        update(PromptDelivery)
        .where(
            PromptDelivery.status == FAILED,
            PromptDelivery.attempts < max_attempts,
            PromptDelivery.last_error.like("transient:%"),
        )
        .values(status=PENDING)
    )
    return changed(result) or 0


async def claim(
    session: AsyncSession,
    now: datetime,
    limit: int,
    *,
    admin_kinds: bool = False,
    person_id: int | None = None,
    cycle_id: int | None = None,
) -> list[int]:
    """Mark up to `limit` pending rows 'sending' for this caller; returns their ids (oldest first)."""
    q = select(PromptDelivery.id).where(PromptDelivery.status == PENDING).order_by(PromptDelivery.id).limit(limit)
    q = q.where(PromptDelivery.kind.in_(ADMIN_KINDS) if admin_kinds else PromptDelivery.kind.not_in(ADMIN_KINDS))
    if person_id is not None:
        q = q.where(PromptDelivery.person_id == person_id)
    if cycle_id is not None:
        q = q.where(PromptDelivery.cycle_id == cycle_id)
    return await _claim_selected(session, q, now)


async def _claim_selected(session: AsyncSession, q: Any, now: datetime) -> list[int]:
    """Turn the pending rows `q` selects 'sending' (compare-and-set; on PostgreSQL rows another replica
    has locked are skipped); returns the ids this caller claimed, oldest first."""
    if session.bind.dialect.name == "postgresql":
        q = q.with_for_update(skip_locked=True)
    ids = list((await session.execute(q)).scalars())
    if not ids:
        return []
    claimed = await session.execute(
        update(PromptDelivery)
        .where(PromptDelivery.id.in_(ids), PromptDelivery.status == PENDING)
        .values(status=SENDING, sending_at=now, attempts=PromptDelivery.attempts + 1)
        .returning(PromptDelivery.id)
    )
    return sorted(claimed.scalars())


async def pending_admin_groups(session: AsyncSession) -> list[tuple[int, int, str]]:
    """(cycle, admin, kind) with pending admin notices: each group becomes one message."""
    rows = await session.execute(
        select(PromptDelivery.cycle_id, PromptDelivery.person_id, PromptDelivery.kind)
        .where(PromptDelivery.status == PENDING, PromptDelivery.kind.in_(ADMIN_KINDS))
        .distinct()
    )
    return [tuple(r) for r in rows.all()]


async def claim_admin_group(
    session: AsyncSession, now: datetime, cycle_id: int, person_id: int, kind: str
) -> list[int]:
    q = select(PromptDelivery.id).where(
        PromptDelivery.status == PENDING,
        PromptDelivery.cycle_id == cycle_id,
        PromptDelivery.person_id == person_id,
        PromptDelivery.kind == kind,
    )
    return await _claim_selected(session, q, now)


async def mark_result(session: AsyncSession, ids: list[int], result: SendResult, now: datetime) -> None:
    """Record what Teams said. A transient failure is marked so `requeue_failed` can retry it."""
    values: dict[str, Any] = {"status": result.status}
    if result.ok:
        # A possible duplicate keeps its flag: the digest and admins count them.
        keep_flag = case((PromptDelivery.last_error == POSSIBLE_DUPLICATE, POSSIBLE_DUPLICATE), else_="")
        values.update(sent_at=now, activity_id=result.activity_id, last_error=keep_flag)
        await session.execute(update(PromptDelivery).where(PromptDelivery.id.in_(ids)).values(**values))
        return
    reason = result.reason[:500]
    if result.status == FAILED and _transient(result):
        reason = f"transient: {reason}"
    values["last_error"] = reason
    await session.execute(update(PromptDelivery).where(PromptDelivery.id.in_(ids)).values(**values))


def _transient(result: SendResult) -> bool:
    return result.http_status in (None, 408, 412, 429, 500, 502, 503, 504)


async def set_status(session: AsyncSession, ids: list[int], status: str, note: str) -> None:
    await session.execute(
        update(PromptDelivery).where(PromptDelivery.id.in_(ids)).values(status=status, last_error=note[:500])
    )


async def deliveries_to_send(session: AsyncSession, ids: list[int]) -> list[dict[str, Any]]:
    """Everything needed to render and address each claimed row (a few queries, not one per row)."""
    rows = (
        await session.execute(
            select(PromptDelivery, Project, Person, UpdateCycle)
            .join(Project, Project.id == PromptDelivery.project_id)
            .join(Person, Person.id == PromptDelivery.person_id)
            .join(UpdateCycle, UpdateCycle.id == PromptDelivery.cycle_id)
            .where(PromptDelivery.id.in_(ids))
            .order_by(PromptDelivery.id)
        )
    ).all()
    refs = await personal_refs(session, {person.id for _, _, person, _ in rows})
    return [
        {"delivery": d, "project": p, "person": person, "cycle": c, "ref": refs.get(person.id)}
        for d, p, person, c in rows
    ]


async def projects_by_person(session: AsyncSession, cycle_id: int, person_ids: set[int]) -> dict[int, list[int]]:
    """The projects each person is prompted about in a cycle, in ref order (for "project 2 of 3")."""
    out: dict[int, list[int]] = {}
    for chunk in chunks(sorted(person_ids)):
        rows = await session.execute(
            select(PromptDelivery.person_id, PromptDelivery.project_id)
            .join(Project, Project.id == PromptDelivery.project_id)
            .where(
                PromptDelivery.cycle_id == cycle_id,
                PromptDelivery.person_id.in_(chunk),
                PromptDelivery.kind == "prompt",
            )
            .order_by(Project.ref)
        )
        for person_id, project_id in rows.all():
            out.setdefault(person_id, []).append(project_id)
    return out
