"""The bot's agenda card of a posted digest: the reply in a Graph-posted digest's thread, and edits after
decisions. Each step is a compare-and-set on the digest row, so two replicas never both reply or edit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .db import changed
from .models import Digest

# The agenda reply of a Graph-posted digest (services/agenda_reply.py): pending / check (look in the thread
# first: an earlier try may have arrived) → sending (claimed) → sent; or back to pending / check with a
# time for the next attempt; or failed / unsure (given up: admins told).
WAITING = ("pending", "check")
REPLY_ERROR = "the agenda reply: "


async def replies_due(session: AsyncSession, now: datetime, stale_before: datetime) -> list[int]:
    """Replies whose next attempt is due, and replies left claimed by a process that stopped."""
    rows = await session.execute(
        select(Digest.id)
        .where(
            Digest.status == "posted",
            or_(
                and_(
                    Digest.agenda_status.in_(WAITING),
                    or_(Digest.agenda_next_at.is_(None), Digest.agenda_next_at <= now),
                ),
                and_(Digest.agenda_status == "sending", Digest.agenda_claimed_at < stale_before),
            ),
        )
        .order_by(Digest.id)
    )
    return list(rows.scalars())


@dataclass(frozen=True)
class ReplyClaim:
    digest_id: int
    claimed_at: datetime
    attempt: int  # this attempt's number (1 for the first)
    look_first: bool  # an earlier try may have arrived: look in the thread before posting


async def claim_reply(
    session: AsyncSession, digest_id: int, now: datetime, stale_before: datetime
) -> ReplyClaim | None:
    """Take the reply (a compare-and-set on what was read; commit before replying, so two replicas never
    both post). One left 'sending' by a crash is taken over, and looked for before it is posted again."""
    row = (
        await session.execute(
            select(Digest.agenda_status, Digest.agenda_claimed_at, Digest.agenda_next_at, Digest.agenda_attempts).where(
                Digest.id == digest_id
            )
        )
    ).one_or_none()
    if row is None:
        return None
    status, claimed_at, next_at, attempts = row
    due = status in WAITING and (next_at is None or next_at <= now)
    stale = status == "sending" and claimed_at is not None and claimed_at < stale_before
    if not (due or stale):
        return None
    same_claim = Digest.agenda_claimed_at.is_(None) if claimed_at is None else Digest.agenda_claimed_at == claimed_at
    result = await session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.agenda_status == status, same_claim)
        .values(agenda_status="sending", agenda_claimed_at=now, agenda_attempts=(attempts or 0) + 1)
        .execution_options(synchronize_session=False)
    )
    if changed(result) != 1:
        return None
    return ReplyClaim(digest_id, now, (attempts or 0) + 1, look_first=status != "pending")


async def finish_reply(
    session: AsyncSession,
    claim: ReplyClaim,
    *,
    status: str,
    activity_id: str | None = None,
    next_at: datetime | None = None,
    error: str = "",
) -> bool:
    """The attempt's outcome: sent (with the reply's id), pending/check (again at `next_at`), failed or
    unsure. Only while the claim is still this attempt's."""
    values: dict = dict(agenda_status=status, agenda_next_at=next_at)
    if status == "sent":  # and an earlier attempt's error no longer stands
        values.update(
            agenda_activity_id=activity_id,
            agenda_next_at=None,
            last_error=case((Digest.last_error.like(f"{REPLY_ERROR}%"), ""), else_=Digest.last_error),
        )
    if error:
        values["last_error"] = f"{REPLY_ERROR}{error}"[:500]
    result = await session.execute(
        update(Digest)
        .where(
            Digest.id == claim.digest_id,
            Digest.agenda_status == "sending",
            Digest.agenda_claimed_at == claim.claimed_at,
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    return changed(result) == 1


async def reply_again(session: AsyncSession, digest_id: int) -> bool:
    """An admin checked the thread (the reply is not there): post it again, attempts counted afresh."""
    result = await session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.agenda_status.in_(("failed", "unsure")))
        .values(agenda_status="pending", agenda_attempts=0, agenda_next_at=None)
        .execution_options(synchronize_session=False)
    )
    return changed(result) == 1


async def mark_edit_due(session: AsyncSession, digest_id: int, now: datetime) -> None:
    await session.execute(
        update(Digest)
        .where(Digest.id == digest_id)
        .values(edit_due_at=now)
        .execution_options(synchronize_session=False)
    )


async def edits_due(session: AsyncSession) -> list[tuple[int, datetime]]:
    rows = await session.execute(
        select(Digest.id, Digest.edit_due_at)
        .where(Digest.edit_due_at.is_not(None), Digest.agenda_activity_id.is_not(None))
        .order_by(Digest.id)
    )
    return [tuple(r) for r in rows]


async def claim_edit(session: AsyncSession, digest_id: int, due_at: datetime) -> bool:
    """Take the edit (a later decision sets a new time, and so a new edit)."""
    result = await session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.edit_due_at == due_at)
        .values(edit_due_at=None)
        .execution_options(synchronize_session=False)
    )
    return (changed(result) or 0) == 1


async def release_edit(session: AsyncSession, digest_id: int, due_at: datetime) -> None:
    """The edit failed: leave it for the scheduler's next tick (unless a newer decision already did)."""
    await session.execute(
        update(Digest)
        .where(Digest.id == digest_id, Digest.edit_due_at.is_(None))
        .values(edit_due_at=due_at)
        .execution_options(synchronize_session=False)
    )


async def set_agenda(session: AsyncSession, digest_id: int, **values) -> None:
    await session.execute(
        update(Digest).where(Digest.id == digest_id).values(**values).execution_options(synchronize_session=False)
    )
