"""The bot's agenda card of a posted digest: the reply in a Graph-posted digest's thread, and edits after
decisions. Each step is a compare-and-set on the digest row, so two replicas never both reply or edit."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .db import changed
from .models import Digest


async def replies_due(session: AsyncSession) -> list[int]:
    rows = await session.execute(select(Digest.id).where(Digest.status == "posted", Digest.agenda_status == "pending")
                                 .order_by(Digest.id))
    return list(rows.scalars())


async def claim_reply(session: AsyncSession, digest_id: int) -> bool:
    """pending → sending; commit before replying. A reply left 'sending' by a crash is not sent again
    blindly (it may be in the thread): the digest's admin card says so, and `decisions` works meanwhile."""
    result = await session.execute(update(Digest).where(Digest.id == digest_id, Digest.agenda_status == "pending")
                                   .values(agenda_status="sending").execution_options(synchronize_session=False))
    return (changed(result) or 0) == 1


async def finish_reply(session: AsyncSession, digest_id: int, activity_id: str | None, error: str) -> None:
    values = dict(agenda_status="sent", agenda_activity_id=activity_id) if activity_id else \
        dict(agenda_status="failed", last_error=f"the agenda reply failed: {error}"[:500])
    await session.execute(update(Digest).where(Digest.id == digest_id, Digest.agenda_status == "sending").values(**values)
                          .execution_options(synchronize_session=False))


async def mark_edit_due(session: AsyncSession, digest_id: int, now: datetime) -> None:
    await session.execute(update(Digest).where(Digest.id == digest_id).values(edit_due_at=now)
                          .execution_options(synchronize_session=False))


async def edits_due(session: AsyncSession) -> list[tuple[int, datetime]]:
    rows = await session.execute(select(Digest.id, Digest.edit_due_at).where(
        Digest.edit_due_at.is_not(None), Digest.agenda_activity_id.is_not(None)).order_by(Digest.id))
    return [tuple(r) for r in rows]


async def claim_edit(session: AsyncSession, digest_id: int, due_at: datetime) -> bool:
    """Take the edit (a later decision sets a new time, and so a new edit)."""
    result = await session.execute(update(Digest).where(Digest.id == digest_id, Digest.edit_due_at == due_at)
                                   .values(edit_due_at=None).execution_options(synchronize_session=False))
    return (changed(result) or 0) == 1


async def release_edit(session: AsyncSession, digest_id: int, due_at: datetime) -> None:
    """The edit failed: leave it for the scheduler's next tick (unless a newer decision already did)."""
    await session.execute(update(Digest).where(Digest.id == digest_id, Digest.edit_due_at.is_(None))
                          .values(edit_due_at=due_at).execution_options(synchronize_session=False))


async def set_agenda(session: AsyncSession, digest_id: int, **values) -> None:
    await session.execute(update(Digest).where(Digest.id == digest_id).values(**values)
                          .execution_options(synchronize_session=False))
