"""Digests: the facts a digest is composed from, and the digest row's life (draft → posted).

The facts and the cycles they cover are read in `digest_facts` (re-exported here): the same dozen
statements whatever the number of projects or cycles. A test counts the statements.

The row's life is a set of compare-and-set UPDATEs (`… WHERE status = 'approved'`): whichever
replica's UPDATE matches a row owns that step, so two replicas never both post; the caller commits
each step before talking to the outside world.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme.digest import revision

from .cycle_repo import insert_for
from .db import changed
from .digest_facts import DUE_SOON_DAYS, CycleInfo, cycles_due_for_digest, digest_facts, latest_cycle_key, recent_cycles
from .models import AdminAlert, ConversationRef, Digest, Setting

# Moved to digest_facts; re-exported so callers keep this path.
__all__ = ["CycleInfo", "DUE_SOON_DAYS", "cycles_due_for_digest", "digest_facts", "latest_cycle_key", "recent_cycles"]

DIGEST_SETTINGS_KEY = "digest"


# ---------------------------------------------------------------------------------------------
# The digest row
# ---------------------------------------------------------------------------------------------


async def get(session: AsyncSession, period_key: str) -> Digest | None:
    return (await session.execute(select(Digest).where(Digest.period_key == period_key))).scalar_one_or_none()


async def get_by_id(session: AsyncSession, digest_id: int) -> Digest | None:
    return await session.get(Digest, digest_id, populate_existing=True)


async def latest(session: AsyncSession) -> Digest | None:
    return (
        await session.execute(select(Digest).order_by(Digest.created_at.desc(), Digest.id.desc()).limit(1))
    ).scalar_one_or_none()


async def create(
    session: AsyncSession,
    *,
    period_key: str,
    cycle_id: int | None,
    content: dict[str, Any],
    transport: str,
    marker: str,
    status: str,
    now: datetime,
    intro: str = "",
) -> bool:
    """One row per period: True when this call created it (False: it existed, or another replica won)."""
    stmt = (
        insert_for(session, Digest)
        .values(
            period_key=period_key,
            cycle_id=cycle_id,
            status=status,
            intro=intro,
            content=content,
            transport=transport,
            marker=marker,
            approved_by="",
            attempts=0,
            last_error="",
            created_at=now,
            approved_at=now if status == "approved" else None,
        )
        .on_conflict_do_nothing(index_elements=["period_key"])
    )
    return (changed(await session.execute(stmt)) or 0) == 1


async def transition(
    session: AsyncSession,
    digest_id: int,
    *,
    from_status: str | tuple[str, ...],
    claimed_at: datetime | None = None,
    **values: Any,
) -> bool:
    """Compare-and-set: move the row on only if it is still in `from_status` (and, with `claimed_at`, still
    claimed at that moment: nobody took it over). True when this caller won."""
    statuses = (from_status,) if isinstance(from_status, str) else tuple(from_status)
    where = [Digest.id == digest_id, Digest.status.in_(statuses)]
    if claimed_at is not None:
        where.append(Digest.sending_at == claimed_at)
    result = await session.execute(
        update(Digest).where(*where).values(**values).execution_options(synchronize_session=False)
    )
    return (changed(result) or 0) == 1


class _Stale(Exception):
    """The row's content is no longer what the approver saw: undo the approval's savepoint."""


async def approve(
    session: AsyncSession, digest_id: int, *, from_status: tuple[str, ...], seen_revision: str, **values: Any
) -> str:
    """One compare-and-set for an approval: the row becomes approved only while it is still in
    `from_status` *and* its content is the revision the approver saw. The UPDATE returns the content it
    approved; when that is not the revision seen, its savepoint is rolled back. "approved", "stale" (the
    content changed) or "lost" (the status moved on)."""
    try:
        async with session.begin_nested():
            row = (
                await session.execute(
                    update(Digest)
                    .where(Digest.id == digest_id, Digest.status.in_(from_status))
                    .values(status="approved", **values)
                    .returning(Digest.content)
                    .execution_options(synchronize_session=False)
                )
            ).first()
            if row is None:
                return "lost"
            if revision(dict(row.content or {})) != seen_revision:
                raise _Stale
    except _Stale:
        return "stale"
    return "approved"


async def still_sending(session: AsyncSession, digest_id: int, claimed_at: datetime | None) -> bool:
    """Is the row still 'sending' under the claim made at `claimed_at` (nobody took it over)?"""
    found = await session.scalar(
        select(Digest.id).where(Digest.id == digest_id, Digest.status == "sending", Digest.sending_at == claimed_at)
    )
    return found is not None


async def claim_for_sending(session: AsyncSession, digest_id: int, now: datetime) -> bool:
    """approved → sending, only when its retry time has come. Commit before posting."""
    result = await session.execute(
        update(Digest)
        .where(
            Digest.id == digest_id,
            Digest.status == "approved",
            or_(Digest.next_attempt_at.is_(None), Digest.next_attempt_at <= now),
        )
        .values(status="sending", sending_at=now, attempts=Digest.attempts + 1)
        .execution_options(synchronize_session=False)
    )
    return (changed(result) or 0) == 1


async def reclaim_stale(session: AsyncSession, digest_id: int, sending_at: datetime, now: datetime) -> bool:
    """Take over a row left 'sending' (compare on its sending time, so only one replica takes it)."""
    result = await session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.status == "sending", Digest.sending_at == sending_at)
        .values(sending_at=now)
        .execution_options(synchronize_session=False)
    )
    return (changed(result) or 0) == 1


async def ready_to_post(session: AsyncSession, now: datetime) -> list[int]:
    rows = await session.execute(
        select(Digest.id)
        .where(Digest.status == "approved", or_(Digest.next_attempt_at.is_(None), Digest.next_attempt_at <= now))
        .order_by(Digest.created_at)
    )
    return list(rows.scalars())


async def stale_sending(session: AsyncSession, before: datetime) -> list[tuple[int, datetime]]:
    rows = await session.execute(
        select(Digest.id, Digest.sending_at).where(Digest.status == "sending", Digest.sending_at < before)
    )
    return [tuple(r) for r in rows]


async def drafts(session: AsyncSession) -> list[Digest]:
    return list(
        (await session.execute(select(Digest).where(Digest.status == "draft").order_by(Digest.created_at))).scalars()
    )


# ---------------------------------------------------------------------------------------------
# Settings and alerts
# ---------------------------------------------------------------------------------------------


async def digest_settings(session: AsyncSession) -> dict[str, Any]:
    row = await session.get(Setting, DIGEST_SETTINGS_KEY)
    return dict(row.value or {}) if row else {}


async def raise_alert(session: AsyncSession, *, key: str, kind: str, message: str, now: datetime) -> bool:
    """Record an alert for admins once per key; True when it is new (and so should be delivered)."""
    stmt = (
        insert_for(session, AdminAlert)
        .values(key=key[:200], kind=kind, message=message, created_at=now)
        .on_conflict_do_nothing(index_elements=["key"])
    )
    return (changed(await session.execute(stmt)) or 0) == 1


async def alert_raised_at(session: AsyncSession, key: str) -> datetime | None:
    return (
        await session.execute(select(AdminAlert.created_at).where(AdminAlert.key == key[:200]))
    ).scalar_one_or_none()


async def claim_alert(session: AsyncSession, key: str, now: datetime) -> bool:
    """Take one alert for delivery now (the claim protocol of store/alerts_repo.py: `delivered_at` is
    set before anything is sent, so the scheduler's deliverer never sends it as well)."""
    result = await session.execute(
        update(AdminAlert)
        .where(AdminAlert.key == key[:200], AdminAlert.delivered_at.is_(None))
        .values(delivered_at=now)
    )
    return (changed(result) or 0) == 1


async def release_alert(session: AsyncSession, key: str) -> None:
    """Nobody was reached: leave it to the scheduler's deliverer."""
    await session.execute(update(AdminAlert).where(AdminAlert.key == key[:200]).values(delivered_at=None))


async def team_reference(session: AsyncSession, team_id: str) -> tuple[str, str, str] | None:
    """(serviceUrl, tenant id, bot id) from any conversation in the DLG team: where the bot posts to its channel."""
    if not team_id:
        return None
    row = (
        await session.execute(
            select(ConversationRef.service_url, ConversationRef.tenant_id, ConversationRef.bot_id)
            .where(ConversationRef.team_id == team_id)
            .order_by(ConversationRef.updated_at.desc())
            .limit(1)
        )
    ).first()
    return (row[0], row[1] or "", row[2] or "") if row else None


async def latest_state(session: AsyncSession) -> tuple[str | None, datetime | None]:
    """(status of the newest digest, when a digest was last posted): for monitoring."""
    status = (
        await session.execute(select(Digest.status).order_by(Digest.created_at.desc(), Digest.id.desc()).limit(1))
    ).scalar_one_or_none()
    posted = (await session.execute(select(func.max(Digest.posted_at)))).scalar_one_or_none()
    return status, posted
