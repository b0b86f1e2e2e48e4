"""Who is speaking: the Teams sender resolved to a person, their roles, and their conversation reference."""
from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from services.context import AppContext
from programme.access import Viewer
from store import people_repo, viewer_repo

from .where import where

log = logging.getLogger("dfbot.identity")


def team_id(activity) -> str | None:
    data = activity.channel_data or {}
    team = data.get("team") if isinstance(data, dict) else None
    return team.get("id") if isinstance(team, dict) else None


async def _lookup_member(turn_context: TurnContext) -> tuple[str | None, str | None]:
    """Email and UPN from Teams' member lookup, once per new person (the plan is imported by email)."""
    try:
        member = await TeamsInfo.get_member(turn_context, turn_context.activity.from_property.id)
    except Exception as exc:  # not in Teams, or the connector is unreachable: identity by object id only
        log.info("member lookup failed: %s", type(exc).__name__)
        return None, None
    return getattr(member, "email", None) or getattr(member, "user_principal_name", None), getattr(member, "name", None)


def _unchanged(known: viewer_repo.KnownSender, activity, team: str | None, kind: str) -> bool:
    """Would the full path write nothing? Then the one read in `known_sender` was the whole turn's identity cost.

    Mirrors what `people_repo.link_teams_identity` and `save_conversation_ref` would set from this activity.
    """
    sender, conv, ref = activity.from_property, activity.conversation, known.ref
    if not known.email:  # the full path would look the email up
        return False
    if sender.id and sender.id != known.teams_user_id:
        return False
    if sender.name and not known.name:
        return False
    if ref is None:
        return False
    return (ref.person_id == known.person_id
            and ref.aad_object_id == (sender.aad_object_id or None)
            and ref.user_name == (sender.name or "")
            and ref.conversation_type == kind
            and ref.tenant_id == (conv.tenant_id or "")
            and ref.service_url == (activity.service_url or "")
            and ref.channel_id == (activity.channel_id or "msteams")
            and ref.bot_id == ((activity.recipient.id if activity.recipient else None) or "")
            and (not team or ref.team_id == team)
            and ref.unreachable_reason == "")


async def peek_viewer(app: AppContext, turn_context: TurnContext) -> Viewer:
    """Who is speaking, from one read and never a write: for card refreshes, which Teams fires on its own
    whenever a listed person views a card and which must change nothing. Someone the bot does not know
    (no Entra object id, or none on record) gets a viewer with no person, which sees what everyone sees."""
    activity = turn_context.activity
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    ctype = conversation_type(activity)
    if not aad:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)
    async with app.db.reading() as conn:
        known = await viewer_repo.known_sender(conn, aad_object_id=aad, conversation_id=activity.conversation.id or "",
                                               user_id=sender.id or "")
    if known is None:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)
    return Viewer(person_id=known.person_id, name=known.name, email=known.email, aad_object_id=aad,
                  staff_roles=known.staff_roles, lead_of=known.lead_of, conversation_type=ctype)


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

    async with app.db.engine.connect() as conn:
        known = await viewer_repo.known_sender(conn, aad_object_id=aad, conversation_id=activity.conversation.id or "",
                                               user_id=sender.id or "")
    if known is not None and _unchanged(known, activity, team_id(activity), ctype):
        return Viewer(person_id=known.person_id, name=known.name, email=known.email, aad_object_id=aad,
                      staff_roles=known.staff_roles, lead_of=known.lead_of, conversation_type=ctype)

    email = name = None
    if known is None or not known.email:
        email, name = await _lookup_member(turn_context)

    first_contact = known is None
    async with app.db.unit_of_work() as s:
        person = await people_repo.link_teams_identity(
            s, aad_object_id=aad, name=name or sender.name or "", email=email, teams_user_id=sender.id)
        # ADMIN_EMAILS seeds the first admins on first contact only: afterwards admins manage admins,
        # and a removal made in the bot must stick.
        if first_contact and person.email and person.email in app.settings.admin_email_list:
            await people_repo.grant_staff_role(s, person, "admin", actor="ADMIN_EMAILS")
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await people_repo.save_conversation_ref(s, reference=reference, person_id=person.id, team_id=team_id(activity),
                                                conversation_type=ctype)
        roles = await people_repo.staff_roles(s, person.id)
        lead_of = await people_repo.projects_led(s, person.id)
        return Viewer(
            person_id=person.id, name=person.name, email=person.email, aad_object_id=aad,
            staff_roles=frozenset(roles), lead_of=frozenset(lead_of), conversation_type=ctype,
        )
