"""Activities already handled (`processed_activities`): the claim a redelivery runs into.

A claim is an INSERT that only one caller can win (ON CONFLICT DO NOTHING on both backends), committed
before the turn does anything, so two deliveries on two replicas cannot both act. The row is released
(deleted) when the turn fails, so Teams' retry is handled afresh; an invoke's answer is kept on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .db import changed
from .models import ProcessedActivity


@dataclass(frozen=True)
class Seen:
    status: str  # processing / done
    response: dict[str, Any] | None


async def claim(session: AsyncSession | AsyncConnection, key: str, kind: str, now: datetime) -> bool:
    """True for the one caller that recorded this activity first."""
    dialect = session.bind.dialect.name if isinstance(session, AsyncSession) else session.dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(ProcessedActivity)
    stmt = insert.values(key=key, kind=kind, status="processing", processed_at=now).on_conflict_do_nothing(
        index_elements=["key"]
    )
    return (changed(await session.execute(stmt)) or 0) == 1


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
