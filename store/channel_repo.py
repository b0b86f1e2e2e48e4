"""Has the bot been in a given channel? The evidence the digest's bot transport checks before posting.

A private or shared channel does not get the apps of its host team: the app has to be added to the
channel itself. Teams tells the bot when that happens (a conversationUpdate in the channel), and every
message to the bot there carries the channel's conversation; either leaves a conversation reference
whose conversation id is the channel's (a thread in it is `<channel id>;messageid=<id>`).
"""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .models import ConversationRef

THREAD_SEPARATOR = ";messageid="


async def seen_in_channel(session: AsyncSession | AsyncConnection, channel_id: str) -> bool:
    """True when a conversation reference was stored in the channel `channel_id` or a thread of it."""
    if not channel_id:
        return False
    stmt = (
        select(ConversationRef.id)
        .where(
            or_(
                ConversationRef.conversation_id == channel_id,
                ConversationRef.conversation_id.startswith(channel_id + THREAD_SEPARATOR, autoescape=True),
            )
        )
        .limit(1)
    )
    return (await session.execute(stmt)).first() is not None
