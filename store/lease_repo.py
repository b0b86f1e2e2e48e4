"""Job leases: with several replicas, the database decides which one runs a job for a while.

A lease is a row (job name, holder, expiry). Taking it is one statement that succeeds only when the
row is free, expired or already ours, so two replicas can never both hold it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_
from sqlalchemy.ext.asyncio import AsyncSession

from .cycle_repo import insert_for
from .db import changed
from .models import JobLease


async def acquire(session: AsyncSession, name: str, holder: str, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease; True when `holder` has it until now + ttl."""
    stmt = insert_for(session, JobLease).values(name=name, holder=holder, expires_at=now + ttl)
    stmt = stmt.on_conflict_do_update(
        index_elements=["name"],
        set_={"holder": holder, "expires_at": now + ttl},
        where=or_(JobLease.expires_at < now, JobLease.holder == holder),
    )
    result = await session.execute(stmt)
    return (changed(result) or 0) == 1


async def release(session: AsyncSession, name: str, holder: str) -> None:
    await session.execute(delete(JobLease).where(JobLease.name == name, JobLease.holder == holder))
