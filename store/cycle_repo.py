"""Update cycles and the settings that drive them (cadence, scheduler paused).

Opening a cycle is an insert that does nothing when the period's row exists (the period key is
unique), so two replicas, or an admin and the scheduler, opening the same period at once end up
with one cycle and exactly one of them is told it opened it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from programme.cycles import Cadence, Period

from .audit import record
from .db import changed
from .models import Setting, UpdateCycle
from .types import utcnow

CADENCE_KEY = "cadence"
SCHEDULER_KEY = "scheduler"


def insert_for(session: AsyncSession, model):
    """An INSERT that understands ON CONFLICT on both backends we run on."""
    dialect = session.bind.dialect.name if session.bind is not None else "sqlite"
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model)


# ------------------------------------------------------------------------------------ settings


async def get_setting(session: AsyncSession, key: str) -> dict[str, Any] | None:
    row = await session.get(Setting, key)
    return dict(row.value) if row and row.value is not None else None


async def put_setting(session: AsyncSession, key: str, value: dict[str, Any], *, actor: str) -> None:
    row = await session.get(Setting, key)
    before = dict(row.value) if row else None
    if row is None:
        session.add(Setting(key=key, value=value))
    else:
        row.value = value
    record(session, actor=actor, action="set", entity="setting", key=key, before=before, after=value)
    await session.flush()


async def cadence(session: AsyncSession) -> Cadence:
    """The cadence admins set, or the default (weekly, Monday 09:00, due Thursday 17:00)."""
    return Cadence.from_dict(await get_setting(session, CADENCE_KEY))


async def save_cadence(session: AsyncSession, value: Cadence, *, actor: str) -> None:
    await put_setting(session, CADENCE_KEY, value.to_dict(), actor=actor)


async def scheduler_paused(session: AsyncSession) -> bool:
    return bool((await get_setting(session, SCHEDULER_KEY) or {}).get("paused"))


async def set_scheduler_paused(session: AsyncSession, paused: bool, *, actor: str) -> None:
    current = await get_setting(session, SCHEDULER_KEY) or {}
    await put_setting(session, SCHEDULER_KEY, {**current, "paused": paused}, actor=actor)


# ------------------------------------------------------------------------------------ cycles


async def open_cycle(session: AsyncSession, period: Period, *, actor: str) -> tuple[UpdateCycle, bool]:
    """The period's cycle, and whether this call created it (False: it already existed)."""
    stmt = (
        insert_for(session, UpdateCycle)
        .values(
            period_key=period.key,
            opens_at=period.opens_at,
            due_at=period.due_at,
            closes_at=period.closes_at,
            status="open",
            created_at=utcnow(),
        )
        .on_conflict_do_nothing(index_elements=["period_key"])
    )
    created = changed(await session.execute(stmt)) == 1
    cycle = await cycle_by_key(session, period.key)
    assert cycle is not None
    if created:
        record(
            session,
            actor=actor,
            action="open",
            entity="update_cycle",
            key=period.key,
            after={
                "opens_at": period.opens_at.isoformat(),
                "due_at": period.due_at.isoformat(),
                "closes_at": period.closes_at.isoformat(),
            },
        )
    return cycle, created


async def cycle_by_key(session: AsyncSession, key: str) -> UpdateCycle | None:
    return (await session.execute(select(UpdateCycle).where(UpdateCycle.period_key == key))).scalar_one_or_none()


async def cycle_keys(session: AsyncSession) -> set[str]:
    return set((await session.execute(select(UpdateCycle.period_key))).scalars())


async def latest_cycle(session: AsyncSession, now: datetime | None = None) -> UpdateCycle | None:
    """The cycle that opened most recently (by `now`, when given): what "this cycle" means to people."""
    q = select(UpdateCycle).order_by(UpdateCycle.opens_at.desc(), UpdateCycle.id.desc()).limit(1)
    if now is not None:
        q = q.where(UpdateCycle.opens_at <= now)
    return (await session.execute(q)).scalar_one_or_none()


async def just_closed(session: AsyncSession) -> UpdateCycle | None:
    """The cycle that closed most recently: the only closed one still taking (late) updates."""
    q = (
        select(UpdateCycle)
        .where(UpdateCycle.status == "closed")
        .order_by(UpdateCycle.closes_at.desc(), UpdateCycle.opens_at.desc(), UpdateCycle.id.desc())
        .limit(1)
    )
    return (await session.execute(q)).scalar_one_or_none()


async def open_cycles(session: AsyncSession) -> list[UpdateCycle]:
    rows = await session.execute(select(UpdateCycle).where(UpdateCycle.status == "open").order_by(UpdateCycle.opens_at))
    return list(rows.scalars())


async def latest_close(session: AsyncSession) -> datetime | None:
    """When the most recently opened cycle closes: the next cycle may not open before it."""
    cycle = await latest_cycle(session)
    return cycle.closes_at if cycle else None


async def claim_prompting(session: AsyncSession, cycle_id: int, now: datetime) -> bool:
    """True for exactly one caller: the one that queues this cycle's prompts."""
    result = await session.execute(
        update(UpdateCycle).where(UpdateCycle.id == cycle_id, UpdateCycle.prompted_at.is_(None)).values(prompted_at=now)
    )
    return changed(result) == 1


async def close_due_cycles(session: AsyncSession, now: datetime, *, actor: str) -> list[str]:
    """Close every open cycle whose close time has passed; returns their keys."""
    due = list(
        (
            await session.execute(select(UpdateCycle).where(UpdateCycle.status == "open", UpdateCycle.closes_at <= now))
        ).scalars()
    )
    for cycle in due:
        cycle.status = "closed"
        record(session, actor=actor, action="close", entity="update_cycle", key=cycle.period_key)
    await session.flush()
    return [c.period_key for c in due]
