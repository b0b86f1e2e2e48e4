"""Activities already handled (`processed_activities`): the claim a redelivery runs into.

A claim is an INSERT that only one caller can win (ON CONFLICT DO NOTHING on both backends), committed
before the turn does anything, so two deliveries on two replicas cannot both act. The row is released
(deleted) when the turn fails, so Teams' retry is handled afresh; an invoke's answer is kept on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import TextClause, bindparam, delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .db import changed
from .models import ProcessedActivity
from .sqlite_trips import execute_and_commit


@dataclass(frozen=True)
class Seen:
    status: str  # processing / done
    response: dict[str, Any] | None


def _claiming() -> TextClause:
    """The claim's INSERT, the same text on both backends. Written out rather than built with the dialects'
    `insert().on_conflict_do_nothing()`: SQLAlchemy cannot cache that construct ("no key"), so it compiled it
    again on every turn; a text clause with its bound parameters is compiled once."""
    table = ProcessedActivity.__table__
    return text(
        f'INSERT INTO {ProcessedActivity.__tablename__} ("key", kind, status, processed_at) '
        "VALUES (:claim_key, :claim_kind, 'processing', :claim_at) ON CONFLICT (\"key\") DO NOTHING"
    ).bindparams(bindparam("claim_at", type_=table.c.processed_at.type))


_CLAIM = _claiming()


async def claim(conn: AsyncConnection, key: str, kind: str, now: datetime) -> bool:
    """True for the one caller that recorded this activity first. `conn` is an `engine.begin()` block that
    does nothing else: the claim is its only statement, committed with it (one trip on SQLite)."""
    params = {"claim_key": key, "claim_kind": kind, "claim_at": now}
    return (changed(await execute_and_commit(conn, _CLAIM, params)) or 0) == 1


async def seen(session: AsyncSession | AsyncConnection, key: str) -> Seen | None:
    row = (
        await session.execute(
            select(ProcessedActivity.status, ProcessedActivity.response).where(ProcessedActivity.key == key)
        )
    ).first()
    return Seen(row.status, row.response) if row is not None else None


async def answered(session: AsyncSession, key: str, response: dict[str, Any] | None) -> None:
    await session.execute(
        update(ProcessedActivity).where(ProcessedActivity.key == key).values(status="done", response=response)
    )


async def release(session: AsyncSession, key: str) -> None:
    await session.execute(delete(ProcessedActivity).where(ProcessedActivity.key == key))
