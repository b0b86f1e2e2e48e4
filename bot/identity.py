"""Who is speaking: the Teams sender resolved to a person, their roles, and their conversation reference.

Identity is the Entra object id (`from.aadObjectId`), never an email. On first contact the member
lookup gives an email, and it links the sender to a person imported from the plan (with roles, an
admin grant, an ADMIN_EMAILS seed) only when the sender is a member of the council's home tenant and
that person has no object id yet (`programme.access.standing`). A guest (`userRole` "guest"), an
account of another tenant, or an email already linked to another account gets a separate person, and
admins are told on a card where they can merge the two (services/identity.py). In local mode with no
tenant configured everyone is a member, as before.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from programme.access import MEMBER, Viewer, standing
from services.context import AppContext
from services.identity import tell_admins_unlinked
from store import people_repo, viewer_repo
from store.db import Connection

from .where import where

log = logging.getLogger("dfbot.identity")
MEMBER_LOOKUP_SECONDS = 5.0  # the lookup is on the request path: Teams waits 15 s for the whole turn


def team_id(activity) -> str | None:
    data = activity.channel_data or {}
    team = data.get("team") if isinstance(data, dict) else None
    return team.get("id") if isinstance(team, dict) else None


@dataclass(frozen=True)
class Member:
    """What Teams' member lookup says about the sender."""

    email: str | None = None
    name: str | None = None
    tenant_id: str | None = None
    guest: bool = False


def activity_tenant(activity) -> str | None:
    conv = activity.conversation
    if conv is not None and conv.tenant_id:
        return conv.tenant_id
    data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    tenant = data.get("tenant")
    return tenant.get("id") if isinstance(tenant, dict) else None


async def _lookup_member(turn_context: TurnContext) -> Member:
    """Email, name, tenant and role from Teams' member lookup, once per new person (the plan is imported
    by email). Bounded: a slow connector costs the turn the email, not the answer."""
    try:
        member = await asyncio.wait_for(
            TeamsInfo.get_member(turn_context, turn_context.activity.from_property.id), MEMBER_LOOKUP_SECONDS
        )
    except Exception as exc:  # not in Teams, the connector unreachable or slow: identity by object id only
        log.info("member lookup failed: %s", type(exc).__name__)
        return Member()
    return Member(
        email=getattr(member, "email", None) or getattr(member, "user_principal_name", None),
        name=getattr(member, "name", None),
        tenant_id=getattr(member, "tenant_id", None),
        guest=str(getattr(member, "user_role", "") or "").lower() == "guest",
    )


def trusts_email(app: AppContext, member: Member, activity) -> bool:
    """May this sender be linked to a person by the email Teams gave? Only a home-tenant member."""
    homes = app.settings.home_tenants
    if not homes and not app.settings.local_mode:
        return False  # no home tenant outside local mode (dfbot serve refuses to start): trust nobody
    return standing(member.tenant_id or activity_tenant(activity), homes, guest=member.guest) == MEMBER


def _unchanged(known: viewer_repo.KnownSender, activity, team: str | None, kind: str) -> bool:
    """Would the full path write nothing? Then the one read in `known_sender` was the whole turn's identity cost.

    Mirrors what `people_repo.link_teams_identity` and `save_conversation_ref` would set from this activity.
    """
    sender, conv, ref = activity.from_property, activity.conversation, known.ref
    if not (known.email or known.unverified_email):  # the full path would look the email up
        return False
    if sender.id and sender.id != known.teams_user_id:
        return False
    if sender.name and not known.name:
        return False
    if ref is None:
        return False
    return (
        ref.person_id == known.person_id
        and ref.aad_object_id == (sender.aad_object_id or None)
        and ref.user_name == (sender.name or "")
        and ref.conversation_type == kind
        and ref.tenant_id == (conv.tenant_id or "")
        and ref.service_url == (activity.service_url or "")
        and ref.channel_id == (activity.channel_id or "msteams")
        and ref.bot_id == ((activity.recipient.id if activity.recipient else None) or "")
        and (not team or ref.team_id == team)
        and ref.unreachable_reason == ""
    )


SENDER_READ = "dfbot.sender_read"  # turn_state: (sender key, what `known_sender` found), read with the claim


def _sender_key(activity) -> tuple[str, str, str] | None:
    """What `viewer_repo.known_sender` is asked with for this activity; None without an Entra object id."""
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    if not aad:
        return None
    return aad, (activity.conversation.id if activity.conversation else None) or "", sender.id or ""


def wants_sender(activity) -> bool:
    """Will this turn ask who is speaking? A message or a card's action from someone with an Entra object id
    (a message the bot then ignores, e.g. in a channel without an @mention, reads it for nothing)."""
    if activity.type == "invoke" and activity.name != "adaptiveCard/action":
        return False
    return activity.type in ("message", "invoke") and _sender_key(activity) is not None


async def read_sender(conn: Connection, turn_context: TurnContext) -> None:
    """Read who is speaking on `conn` (bot/redelivery.py's transaction for the claim, so that one checkout from
    the pool serves both) and keep it for this turn's `resolve_viewer` or `peek_viewer`."""
    key = _sender_key(turn_context.activity)
    if key is None:
        return
    aad, conversation_id, user_id = key
    known = await viewer_repo.known_sender(conn, aad_object_id=aad, conversation_id=conversation_id, user_id=user_id)
    turn_context.turn_state[SENDER_READ] = (key, known)


async def _known_sender(
    app: AppContext, turn_context: TurnContext, aad: str, conversation_id: str, user_id: str
) -> viewer_repo.KnownSender | None:
    """What `read_sender` kept for this turn (taken once: a second resolve, after a clash, reads afresh), else
    one read on a connection of its own."""
    kept = turn_context.turn_state.pop(SENDER_READ, None)
    if kept is not None and kept[0] == (aad, conversation_id, user_id):
        return kept[1]
    async with app.db.reading() as conn:
        return await viewer_repo.known_sender(conn, aad_object_id=aad, conversation_id=conversation_id, user_id=user_id)


async def peek_viewer(app: AppContext, turn_context: TurnContext) -> Viewer:
    """Who is speaking, from one read and never a write: for card refreshes, which Teams fires on its own
    whenever a listed person views a card and which must change nothing. Someone the bot does not know
    (no Entra object id, or none on record) gets a viewer with no person, which sees what everyone sees."""
    activity = turn_context.activity
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    ctype = where(activity).kind  # shared when in doubt (bot/where.py)
    if not aad:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)
    known = await _known_sender(app, turn_context, aad, activity.conversation.id or "", sender.id or "")
    if known is None:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)
    return _known_viewer(known, aad, ctype)


def _known_viewer(known: viewer_repo.KnownSender, aad: str, ctype: str) -> Viewer:
    """The viewer a stored person is: their roles and the projects they lead, in this kind of conversation."""
    return Viewer(
        person_id=known.person_id,
        name=known.name,
        email=known.email,
        aad_object_id=aad,
        staff_roles=known.staff_roles,
        lead_of=known.lead_of,
        conversation_type=ctype,
    )


async def resolve_viewer(app: AppContext, turn_context: TurnContext) -> Viewer:
    """Find or create the person behind this activity, store where to reach them, and say what they may do.

    A known person whose stored conversation reference has not changed costs one small read and no
    write; anyone else takes the full path (member lookup on first contact, linking, saving the reference).
    The reference is stored with the kind of conversation `where` decided: only a certainly 1:1 one is
    a person's 1:1 address (where prompts and alerts go); any other is kept as the shared one it is.
    """
    activity = turn_context.activity
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    ctype = where(activity).kind
    if not aad:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)

    known = await _known_sender(app, turn_context, aad, activity.conversation.id or "", sender.id or "")
    if known is not None and _unchanged(known, activity, team_id(activity), ctype):
        return _known_viewer(known, aad, ctype)

    member = Member()
    if known is None or not (known.email or known.unverified_email):
        member = await _lookup_member(turn_context)

    first_contact = known is None
    trusted = trusts_email(app, member, activity)
    async with app.db.unit_of_work() as s:
        linked = await people_repo.link_teams_identity(
            s,
            aad_object_id=aad,
            name=member.name or sender.name or "",
            email=member.email,
            teams_user_id=sender.id,
            trust_email=trusted,
        )
        person = linked.person
        # ADMIN_EMAILS seeds the first admins on first contact only: afterwards admins manage admins,
        # and a removal made in the bot must stick. Only a verified (home-tenant member's) email counts.
        if first_contact and person.email and person.email in app.settings.admin_email_list:
            await people_repo.grant_staff_role(s, person, "admin", actor="ADMIN_EMAILS")
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await people_repo.save_conversation_ref(
            s, reference=reference, person_id=person.id, team_id=team_id(activity), conversation_type=ctype
        )
        roles = await people_repo.staff_roles(s, person.id)
        lead_of = await people_repo.projects_led(s, person.id)
        viewer = Viewer(
            person_id=person.id,
            name=person.name,
            email=person.email,
            aad_object_id=aad,
            staff_roles=frozenset(roles),
            lead_of=frozenset(lead_of),
            conversation_type=ctype,
        )
        unlinked = (person.id, linked.held_by.id) if linked.held_by is not None else None
    if unlinked is not None:  # after the commit, and outside the turn: admins are told by proactive message
        app.spawn(
            tell_admins_unlinked(
                app, person_id=unlinked[0], holder_id=unlinked[1], why="taken" if trusted else "guest"
            ),
            "telling admins about an account not linked by email",
        )
    return viewer
