"""People, their programme roles, and where the bot can reach them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import UniqueConstraint, delete, select, tuple_, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from .audit import record
from .models import ConversationRef, Person, ProjectRole, StaffRole
from .personal_data import people_referrers


async def person_by_aad(session: AsyncSession, aad_object_id: str) -> Person | None:
    return (await session.execute(select(Person).where(Person.aad_object_id == aad_object_id))).scalar_one_or_none()


async def person_by_id(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def person_by_email(session: AsyncSession, email: str) -> Person | None:
    return (await session.execute(select(Person).where(Person.email == email.strip().lower()))).scalar_one_or_none()


async def unverified_holders(session: AsyncSession, email: str) -> list[Person]:
    """Accounts met in Teams that gave this email but were not linked by it (a guest, another tenant, a
    second account): never the email's person, only someone an admin may merge with it."""
    email = (email or "").strip().lower()
    if not email:
        return []
    rows = await session.execute(
        select(Person)
        .where(Person.unverified_email == email, Person.aad_object_id.is_not(None), Person.forgotten_at.is_(None))
        .order_by(Person.id)
    )
    return list(rows.scalars())


async def emails_held_unverified(session: AsyncSession, emails: Any) -> set[str]:
    """Which of these emails some account gave without being linked by it (see `unverified_holders`)."""
    wanted = sorted({e.strip().lower() for e in emails if e and e.strip()})
    found: set[str] = set()
    for start in range(0, len(wanted), 500):
        rows = await session.execute(
            select(Person.unverified_email).where(
                Person.unverified_email.in_(wanted[start : start + 500]),
                Person.aad_object_id.is_not(None),
                Person.forgotten_at.is_(None),
            )
        )
        found.update(e for e in rows.scalars() if e)
    return found


@dataclass(frozen=True)
class Linked:
    """Who a Teams account turned out to be; `held_by` is the person whose email it gave but who was not
    linked to it (a guest, another tenant, or an email another account already holds): admins decide."""

    person: Person
    held_by: Person | None = None


async def link_teams_identity(
    session: AsyncSession,
    *,
    aad_object_id: str,
    name: str,
    email: str | None,
    teams_user_id: str | None,
    trust_email: bool = True,
) -> Linked:
    """Find the person by Entra object id; else, only when `trust_email`, by email (as imported from the
    plan) if that person has no object id yet; and keep the object id.

    Emails change and can be claimed by accounts of other tenants; the object id does not, so it is the
    identity from here on. An email that is not trusted, or that belongs to someone already linked to
    another account, is kept only as `unverified_email` on a separate person, never as an identity.
    """
    email = email.strip().lower() if email else None
    person = await person_by_aad(session, aad_object_id)
    held_by = None
    if person is None and email:
        holder = await person_by_email(session, email)
        if holder is not None and trust_email and not holder.aad_object_id:
            person = holder
        elif holder is not None:
            held_by = holder
    verified = email if trust_email and held_by is None else None
    if person is None:
        person = await _insert_or_find(session, aad_object_id, name, verified, unverified=None if verified else email)
    person.aad_object_id = aad_object_id
    if teams_user_id:
        person.teams_user_id = teams_user_id
    if name and not person.name:
        person.name = name
    if email and not person.email:  # known by object id, email learnt now (the first lookup failed)
        holder = held_by or await person_by_email(session, email)
        if trust_email and holder is None:
            person.email, person.unverified_email = email, None
        else:
            held_by = holder if holder is not None and holder.id != person.id else None
            person.unverified_email = email
    await session.flush()
    return Linked(person, held_by)


async def _insert_or_find(
    session: AsyncSession, aad_object_id: str, name: str, email: str | None, *, unverified: str | None = None
) -> Person:
    """Create the person, unless a concurrent turn for the same user just did (Teams sends the install
    and the first conversationUpdate at the same moment): then use theirs. Never someone else's row:
    an email taken meanwhile leaves this person without one (kept as unverified)."""
    person = Person(name=name or "", email=email, unverified_email=unverified, aad_object_id=aad_object_id)
    try:
        async with session.begin_nested():
            session.add(person)
            await session.flush()
        return person
    except IntegrityError:
        existing = await person_by_aad(session, aad_object_id)
        if existing is not None:
            return existing
        if email is None:
            raise
        return await _insert_or_find(session, aad_object_id, name, None, unverified=email)


async def staff_roles(session: AsyncSession, person_id: int) -> set[str]:
    rows = await session.execute(select(StaffRole.role).where(StaffRole.person_id == person_id))
    return set(rows.scalars())


async def grant_staff_role(session: AsyncSession, person: Person, role: str, *, actor: str) -> bool:
    if role in await staff_roles(session, person.id):
        return False
    session.add(StaffRole(person_id=person.id, role=role))
    record(
        session, actor=actor, action="grant_role", entity="person", key=person.email or person.id, after={"role": role}
    )
    await session.flush()
    return True


async def projects_led(session: AsyncSession, person_id: int) -> set[int]:
    rows = await session.execute(select(ProjectRole.project_id).where(ProjectRole.person_id == person_id))
    return set(rows.scalars())


async def save_conversation_ref(
    session: AsyncSession,
    *,
    reference: dict[str, Any],
    person_id: int | None,
    team_id: str | None = None,
    conversation_type: str | None = None,
) -> ConversationRef:
    """Keep the latest reference for (conversation, user): proactive prompts need it after restarts.

    `conversation_type` is what the caller decided from all the evidence (bot/where.py); without it the
    reference's own type is kept, and a reference that names none is never taken for a 1:1 chat."""
    conv = reference.get("conversation") or {}
    user = reference.get("user") or {}
    conversation_id = conv.get("id") or ""
    user_id = user.get("id") or ""
    ref = (
        await session.execute(
            select(ConversationRef).where(
                ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id
            )
        )
    ).scalar_one_or_none()
    if ref is None:
        ref = ConversationRef(
            conversation_id=conversation_id, user_id=user_id, service_url=reference.get("serviceUrl") or ""
        )
        try:
            async with session.begin_nested():  # a concurrent turn may be saving the same reference
                session.add(ref)
                await session.flush()
        except IntegrityError:
            ref = (
                await session.execute(
                    select(ConversationRef).where(
                        ConversationRef.conversation_id == conversation_id, ConversationRef.user_id == user_id
                    )
                )
            ).scalar_one()
    ref.person_id = person_id
    ref.aad_object_id = user.get("aadObjectId") or user.get("aad_object_id")
    ref.user_name = user.get("name") or ""
    ref.conversation_type = (
        conversation_type or conv.get("conversationType") or conv.get("conversation_type") or "unknown"
    )
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


async def merge_people(session: AsyncSession, keep: Person, other: Person) -> None:
    """Make `other` (an account met in Teams) part of `keep` (the person with the email and roles): its
    Teams identity, conversation references and anything else that names it move over, and it is deleted.

    Every column that holds a people.id is moved (store/personal_data.py finds them, so a table added
    later is covered); where a unique key would clash — a role both hold — `keep`'s row stays and the
    other goes. One unit of work: the caller audits it and commits."""
    aad, teams_user_id = other.aad_object_id, other.teams_user_id
    other.aad_object_id = None  # the object id is unique: free it before `keep` takes it
    await session.flush()
    for column in people_referrers():
        table = column.table
        together = next(
            (
                tuple(c for c in uc.columns if c is not column)
                for uc in table.constraints
                if isinstance(uc, UniqueConstraint) and any(c is column for c in uc.columns)
            ),
            (),
        )
        if together:
            held = select(*together).where(column == keep.id)
            await session.execute(delete(table).where(column == other.id, tuple_(*together).in_(held)))
        await session.execute(update(table).where(column == other.id).values({column.name: keep.id}))
    keep.aad_object_id = aad
    keep.teams_user_id = teams_user_id or keep.teams_user_id
    keep.name = keep.name or other.name
    keep.unverified_email = None
    await session.flush()
    await session.delete(other)
    await session.flush()
