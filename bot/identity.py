"""Who is speaking: the Teams sender resolved to a person, their roles, and their conversation reference."""
from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from dfbot.context import AppContext
from programme.access import Viewer
from store import people_repo

log = logging.getLogger("dfbot.identity")


def conversation_type(activity) -> str:
    conv = activity.conversation
    return (conv.conversation_type if conv and conv.conversation_type else "personal")


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


async def resolve_viewer(app: AppContext, turn_context: TurnContext) -> Viewer:
    """Find or create the person behind this activity, store where to reach them, and say what they may do."""
    activity = turn_context.activity
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    ctype = conversation_type(activity)
    if not aad:
        return Viewer(name=getattr(sender, "name", "") or "", conversation_type=ctype)

    async with app.db.unit_of_work() as s:
        person = await people_repo.person_by_aad(s, aad)
    email = name = None
    if person is None or not person.email:
        email, name = await _lookup_member(turn_context)

    first_contact = person is None
    async with app.db.unit_of_work() as s:
        person = await people_repo.link_teams_identity(
            s, aad_object_id=aad, name=name or sender.name or "", email=email, teams_user_id=sender.id)
        # ADMIN_EMAILS seeds the first admins on first contact only: afterwards admins manage admins,
        # and a removal made in the bot must stick.
        if first_contact and person.email and person.email in app.settings.admin_email_list:
            await people_repo.grant_staff_role(s, person, "admin", actor="ADMIN_EMAILS")
        reference = TurnContext.get_conversation_reference(activity).serialize()
        await people_repo.save_conversation_ref(s, reference=reference, person_id=person.id, team_id=team_id(activity))
        roles = await people_repo.staff_roles(s, person.id)
        lead_of = await people_repo.projects_led(s, person.id)
        return Viewer(
            person_id=person.id, name=person.name, email=person.email, aad_object_id=aad,
            staff_roles=frozenset(roles), lead_of=frozenset(lead_of), conversation_type=ctype,
        )
