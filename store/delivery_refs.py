"""Where the bot reaches people: each person's newest 1:1 conversation reference, the teams it was added
to, a reference remembered from an incoming message (or refused when it clashes), and one found unreachable."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .db import chunks
from .models import ConversationRef
from .people_repo import save_conversation_ref


async def personal_refs(session: AsyncSession, person_ids: set[int]) -> dict[int, ConversationRef]:
    """The newest 1:1 conversation reference of each person."""
    out: dict[int, ConversationRef] = {}
    for chunk in chunks(sorted(person_ids)):
        rows = await session.execute(
            select(ConversationRef)
            .where(ConversationRef.person_id.in_(chunk), ConversationRef.conversation_type == "personal")
            .order_by(ConversationRef.updated_at)
        )
        for ref in rows.scalars():
            assert ref.person_id is not None  # selected by person_id
            out[ref.person_id] = ref
    return out


async def team_refs(session: AsyncSession) -> list[ConversationRef]:
    """One reference per team the bot is installed in: their rosters are how unknown leads are reached."""
    rows = await session.execute(
        select(ConversationRef).where(ConversationRef.team_id.is_not(None)).order_by(ConversationRef.updated_at.desc())
    )
    seen: dict[str, ConversationRef] = {}
    for ref in rows.scalars():
        seen.setdefault(ref.team_id or "", ref)
    return list(seen.values())


def reference_of(ref: ConversationRef) -> dict[str, Any]:
    """A stored reference in the Bot Framework's own (camelCase) shape, ready to be rebuilt."""
    return {
        "channelId": ref.channel_id or "msteams",
        "serviceUrl": ref.service_url,
        "conversation": {
            "id": ref.conversation_id,
            "tenantId": ref.tenant_id or None,
            "conversationType": ref.conversation_type or "personal",
        },
        "bot": {"id": ref.bot_id or None},
        "user": {"id": ref.user_id or None, "aadObjectId": ref.aad_object_id, "name": ref.user_name or None},
    }


class ReferenceClash(Exception):
    """Another sender stored the same new chat at the same moment: theirs is as good as ours."""


async def remember_reference(session: AsyncSession, reference: dict[str, Any], person_id: int) -> None:
    """Keep a 1:1 chat the bot just opened, for the next prompt (no second create_conversation)."""
    try:
        await save_conversation_ref(session, reference=reference, person_id=person_id)
    except IntegrityError as exc:
        raise ReferenceClash() from exc


async def mark_ref_unreachable(session: AsyncSession, ref_id: int, reason: str) -> None:
    await session.execute(
        update(ConversationRef).where(ConversationRef.id == ref_id).values(unreachable_reason=reason[:500])
    )
