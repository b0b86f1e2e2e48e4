"""Who is speaking, in one small read: what every turn needs to know about a sender the bot already knows.

`bot/identity.py` asks this first on every turn. When the person is known (by Entra object id) and
the conversation reference stored for this conversation is the one the activity carries, nothing
needs writing and this single statement is the turn's whole identity cost; otherwise the caller
takes the full path in `people_repo` (member lookup, identity linking, saving the reference).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import String, and_, bindparam, cast, func, select
from sqlalchemy.ext.asyncio import AsyncConnection

from .models import ConversationRef, Person, ProjectRole, StaffRole

_ROLES = select(func.aggregate_strings(StaffRole.role, ",")).where(StaffRole.person_id == Person.id).scalar_subquery()
_PROJECTS = (
    select(func.aggregate_strings(cast(ProjectRole.project_id, String), ","))
    .where(ProjectRole.person_id == Person.id)
    .scalar_subquery()
)
# Built once: SQLAlchemy caches its compiled form, so a turn pays only for the round trip.
_KNOWN_SENDER = (
    select(
        Person.id,
        Person.name,
        Person.email,
        Person.unverified_email,
        Person.teams_user_id,
        _ROLES.label("roles"),
        _PROJECTS.label("projects"),
        ConversationRef.id.label("ref_id"),
        ConversationRef.person_id.label("ref_person_id"),
        ConversationRef.aad_object_id.label("ref_aad_object_id"),
        ConversationRef.user_name,
        ConversationRef.conversation_type,
        ConversationRef.tenant_id,
        ConversationRef.service_url,
        ConversationRef.channel_id,
        ConversationRef.bot_id,
        ConversationRef.team_id,
        ConversationRef.unreachable_reason,
    )
    .outerjoin(
        ConversationRef,
        and_(
            ConversationRef.conversation_id == bindparam("conversation_id"),
            ConversationRef.user_id == bindparam("user_id"),
        ),
    )
    .where(Person.aad_object_id == bindparam("aad_object_id"))
)


@dataclass(frozen=True)
class StoredRef:
    """The conversation reference stored for (conversation, user), as `people_repo.save_conversation_ref` wrote it."""

    person_id: int | None
    aad_object_id: str | None
    user_name: str
    conversation_type: str
    tenant_id: str
    service_url: str
    channel_id: str
    bot_id: str
    team_id: str | None
    unreachable_reason: str


@dataclass(frozen=True)
class KnownSender:
    person_id: int
    name: str
    email: str | None
    unverified_email: str | None  # Teams' email for someone not linked by it (no lookup needed again)
    teams_user_id: str | None
    staff_roles: frozenset[str]
    lead_of: frozenset[int]  # projects where they have any role (lead, deputy), as `people_repo.projects_led`
    ref: StoredRef | None  # None: nothing stored yet for this conversation and user


async def known_sender(
    conn: AsyncConnection, *, aad_object_id: str, conversation_id: str, user_id: str
) -> KnownSender | None:
    """The person with this Entra object id, their roles, and the reference stored for this chat; None if unknown."""
    row = (
        await conn.execute(
            _KNOWN_SENDER, {"aad_object_id": aad_object_id, "conversation_id": conversation_id, "user_id": user_id}
        )
    ).first()
    if row is None:
        return None
    ref = None
    if row.ref_id is not None:
        ref = StoredRef(
            row.ref_person_id,
            row.ref_aad_object_id,
            row.user_name or "",
            row.conversation_type or "",
            row.tenant_id or "",
            row.service_url or "",
            row.channel_id or "",
            row.bot_id or "",
            row.team_id,
            row.unreachable_reason or "",
        )
    return KnownSender(
        person_id=row.id,
        name=row.name or "",
        email=row.email,
        unverified_email=row.unverified_email,
        teams_user_id=row.teams_user_id,
        staff_roles=frozenset(r for r in (row.roles or "").split(",") if r),
        lead_of=frozenset(int(p) for p in (row.projects or "").split(",") if p),
        ref=ref,
    )
