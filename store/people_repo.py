"""People, their programme roles, and where the bot can reach them."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .audit import record
from .models import ConversationRef, Person, ProjectRole, StaffRole


async def person_by_aad(session: AsyncSession, aad_object_id: str) -> Person | None:
    return (await session.execute(select(Person).where(Person.aad_object_id == aad_object_id))).scalar_one_or_none()


async def person_by_email(session: AsyncSession, email: str) -> Person | None:
    return (await session.execute(select(Person).where(Person.email == email.strip().lower()))).scalar_one_or_none()


async def link_teams_identity(session: AsyncSession, *, aad_object_id: str, name: str, email: str | None,
                              teams_user_id: str | None) -> Person:
    """Find the person by Entra object id, else by email (as imported from the plan), and keep the object id.

    Emails change; the object id does not, so it becomes the identity from here on.
    """
    person = await person_by_aad(session, aad_object_id)
    if person is None and email:
        person = await person_by_email(session, email)
        if person is not None and person.aad_object_id and person.aad_object_id != aad_object_id:
            person = None  # the email now belongs to someone else's account: do not merge identities
    if person is None:
        person = await _insert_or_find(session, aad_object_id, name, email)
    person.aad_object_id = aad_object_id
    if teams_user_id:
        person.teams_user_id = teams_user_id
    if name and not person.name:
        person.name = name
    if email and not person.email:
        person.email = email.strip().lower()
    await session.flush()
    return person


async def _insert_or_find(session: AsyncSession, aad_object_id: str, name: str, email: str | None) -> Person:
    """Create the person, unless a concurrent turn for the same user just did (Teams sends the install
    and the first conversationUpdate at the same moment): then use theirs."""
    person = Person(name=name or "", email=email.strip().lower() if email else None, aad_object_id=aad_object_id)
    try:
        async with session.begin_nested():
            session.add(person)
            await session.flush()
        return person
    except IntegrityError:
        existing = await person_by_aad(session, aad_object_id)
        if existing is None and email:
            existing = await person_by_email(session, email)
        if existing is None:
            raise
        return existing


async def staff_roles(session: AsyncSession, person_id: int) -> set[str]:
    rows = await session.execute(select(StaffRole.role).where(StaffRole.person_id == person_id))
    return set(rows.scalars())


async def grant_staff_role(session: AsyncSession, person: Person, role: str, *, actor: str) -> bool:
    if role in await staff_roles(session, person.id):
        return False
    session.add(StaffRole(person_id=person.id, role=role))
    record(session, actor=actor, action="grant_role", entity="person", key=person.email or person.id, after={"role": role})
    await session.flush()
    return True


async def projects_led(session: AsyncSession, person_id: int) -> set[int]:
    rows = await session.execute(select(ProjectRole.project_id).where(ProjectRole.person_id == person_id))
    return set(rows.scalars())


async def save_conversation_ref(session: AsyncSession, *, reference: dict[str, Any], person_id: int | None,
                                team_id: str | None = None, conversation_type: str | None = None) -> ConversationRef:
    """Keep the latest reference for (conversation, user): proactive prompts need it after restarts.

    `conversation_type` is what the caller decided from all the evidence (bot/where.py); without it the
    reference's own type is kept, and a reference that names none is never taken for a 1:1 chat."""
    conv = reference.get("conversation") or {}
    user = reference.get("user") or {}
    conversation_id = conv.get("id") or ""
    user_id = user.get("id") or ""
    ref = (await session.execute(select(ConversationRef).where(
        ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id))).scalar_one_or_none()
    if ref is None:
        ref = ConversationRef(conversation_id=conversation_id, user_id=user_id, service_url=reference.get("serviceUrl") or "")
        try:
            async with session.begin_nested():  # a concurrent turn may be saving the same reference
                session.add(ref)
                await session.flush()
        except IntegrityError:
            ref = (await session.execute(select(ConversationRef).where(
                ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id))).scalar_one()
    ref.person_id = person_id
    ref.aad_object_id = user.get("aadObjectId") or user.get("aad_object_id")
    ref.user_name = user.get("name") or ""
    ref.conversation_type = (conversation_type or conv.get("conversationType") or conv.get("conversation_type")
                             or "unknown")
    ref.tenant_id = conv.get("tenantId") or conv.get("tenant_id") or ""
    ref.service_url = reference.get("serviceUrl") or reference.get("service_url") or ""
    ref.channel_id = reference.get("channelId") or reference.get("channel_id") or "msteams"
    bot = reference.get("bot") or {}
    ref.bot_id = bot.get("id") or ""
    if team_id:
        ref.team_id = team_id
    ref.unreachable_reason = ""
    await session.flush()
    return ref


