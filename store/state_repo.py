"""Small per-conversation memory: follow-up context and whether we already welcomed it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .models import ConversationState


async def mark_once(session: AsyncSession, conversation_id: str, flag: str) -> bool:
    """True the first time `flag` is set for this conversation (welcome cards are sent once)."""
    row = (
        await session.execute(
            select(ConversationState).where(ConversationState.conversation_id == conversation_id).with_for_update()
        )
    ).scalar_one_or_none()
    if row is not None and (row.state or {}).get(flag):
        return False
    if row is not None:
        row.state = {**(row.state or {}), flag: True}
        await session.flush()
        return True
    try:
        async with session.begin_nested():
            session.add(ConversationState(conversation_id=conversation_id, state={flag: True}))
            await session.flush()
    except IntegrityError:
        return False  # a concurrent turn (install + conversationUpdate arrive together) got there first
    return True
