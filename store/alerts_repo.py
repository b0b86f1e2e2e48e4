"""Admin alerts, kept in the `admin_alerts` table (one row per key) until they are delivered.

Raising is an INSERT … ON CONFLICT DO NOTHING on the unique key, so the same alert is raised once
however many replicas notice it. Delivering first *claims* rows (sets `delivered_at` where it is
still empty, one compare-and-set per row, committed before any message is sent), so two deliverers
never send the same alert; a claim whose sends all failed is released to be tried again. The digest
service's helpers in digest_repo write the same table and are compatible with these.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .cycle_repo import insert_for
from .db import changed
from .models import AdminAlert

KEY_LENGTH = 200


async def raise_alert(session: AsyncSession, *, key: str, kind: str, message: str, now: datetime) -> bool:
    """Record the alert once per key; True when it is new."""
    stmt = insert_for(session, AdminAlert).values(key=key[:KEY_LENGTH], kind=kind[:32], message=message, created_at=now)
    stmt = stmt.on_conflict_do_nothing(index_elements=["key"])
    return (changed(await session.execute(stmt)) or 0) == 1


async def claim_undelivered(session: AsyncSession, now: datetime, *, limit: int = 20) -> list[AdminAlert]:
    """Take up to `limit` undelivered alerts for this deliverer (oldest first)."""
    ids = (
        await session.scalars(
            select(AdminAlert.id).where(AdminAlert.delivered_at.is_(None)).order_by(AdminAlert.id).limit(limit)
        )
    ).all()
    claimed = []
    for alert_id in ids:
        result = await session.execute(
            update(AdminAlert)
            .where(AdminAlert.id == alert_id, AdminAlert.delivered_at.is_(None))
            .values(delivered_at=now)
        )
        if (changed(result) or 0) == 1:
            claimed.append(alert_id)
    if not claimed:
        return []
    rows = await session.scalars(
        select(AdminAlert)
        .where(AdminAlert.id.in_(claimed))
        .order_by(AdminAlert.id)
        .execution_options(populate_existing=True)
    )
    return list(rows.all())


async def release(session: AsyncSession, ids: list[int]) -> None:
    """Nobody could be told: make the alerts undelivered again for the next run."""
    if ids:
        await session.execute(update(AdminAlert).where(AdminAlert.id.in_(ids)).values(delivered_at=None))


async def recent(session: AsyncSession, *, limit: int = 20) -> list[AdminAlert]:
    return list((await session.scalars(select(AdminAlert).order_by(AdminAlert.id.desc()).limit(limit))).all())
