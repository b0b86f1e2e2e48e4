"""Accounts the bot would not link by email, and merging them when an admin says so.

bot/identity.py links a Teams account to a person by email only for a member of the home tenant
whose person has no object id yet. Anyone else who gives the email of a known person — a B2B guest,
an account of another tenant, or a second account with an email already linked — becomes a separate
person (their email kept as `unverified_email`), and admins get a card here: merge the two (the account
then is that person, with their roles) or keep them apart. Either answer is checked again when pressed
and goes into the audit log. Nobody becomes a lead or an admin by an email alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from cards import admin as cards
from programme.access import Viewer
from programme.alerts import encode_kind
from programme.text import cards_escape
from services.admin import refusal
from services.admin_notices import AdminNotifier
from services.context import AppContext
from services.digest import alert_admins
from services.reply import Reply
from store import audit, people_repo

log = logging.getLogger("dfbot.identity")
DOING = "merge people's Teams accounts"
WHY = {
    "guest": "the account is a guest in our tenant or belongs to another organisation, and an email alone "
    "does not prove who someone is",
    "taken": "that email is already linked to another Teams account",
}


@dataclass(frozen=True)
class Pair:
    """The account met in Teams (`other`) and the person whose email it gave (`keep`), as ids and labels."""

    other_id: int
    keep_id: int
    other_aad: str
    other_label: str
    keep_label: str
    keep_roles: str


async def _pair(session: Any, other_id: int, keep_id: int) -> Pair | None:
    other, keep = await people_repo.person_by_id(session, other_id), await people_repo.person_by_id(session, keep_id)
    if other is None or keep is None or other.id == keep.id or not other.aad_object_id or keep.forgotten_at:
        return None
    roles = sorted(await people_repo.staff_roles(session, keep.id))
    leads = len(await people_repo.projects_led(session, keep.id))
    held = roles + ([f"lead or deputy of {leads} project{'s' if leads != 1 else ''}"] if leads else [])
    return Pair(
        other.id,
        keep.id,
        other.aad_object_id,
        _label(other.name, other.unverified_email),
        _label(keep.name, keep.email),
        ", ".join(held) or "none",
    )


def _label(name: str | None, email: str | None) -> str:
    label = f"{name} ({email})" if name and email else (name or email or "someone")
    return cards_escape(label, 200)


def _card(pair: Pair, why: str) -> dict[str, Any]:
    rows = [("Teams account", pair.other_label), ("Known as", pair.keep_label), ("Their roles", pair.keep_roles)]
    notes = [
        f"I did not link them because {WHY.get(why, WHY['guest'])}.",
        "Merge them only if you know this account is that person: they get that person's roles.",
        "Until then the account is treated as a member of staff with no roles.",
    ]
    data = {"keep": pair.keep_id, "other": pair.other_id, "aad": pair.other_aad}
    return cards.merge_card(f"Is {pair.other_label} the same person as {pair.keep_label}?", rows, notes, data)


async def tell_admins_unlinked(ctx: AppContext, *, person_id: int, holder_id: int, why: str = "guest") -> bool:
    """Tell admins (once per account) that an account gave a known person's email and was not linked."""
    async with ctx.db.unit_of_work() as s:
        pair = await _pair(s, person_id, holder_id)
    if pair is None:
        return False
    message = (
        f"A Teams account, {pair.other_label}, gave the email of {pair.keep_label}. I have not linked them "
        f"because {WHY.get(why, WHY['guest'])}. Look at the card to merge them or keep them apart."
    )
    return await alert_admins(
        ctx,
        AdminNotifier(ctx) if ctx.messenger is not None else None,
        key=f"identity:unlinked:{pair.other_id}:{pair.keep_id}",
        kind=encode_kind("warning", "identity"),
        message=message,
        card=_card(pair, why),
    )


async def tell_admins_about_holders(ctx: AppContext, email: str) -> int:
    """After an admin gave a role by `email` (in Teams, by plan import or from the server): admins get the
    merge card for each account that gave that email but was not linked by it (once per pair). How many."""
    async with ctx.db.unit_of_work() as s:
        keep = await people_repo.person_by_email(s, email) if email else None
        others = [p.id for p in await people_repo.unverified_holders(s, email)] if keep is not None else []
    if keep is None:
        return 0
    told = 0
    for other_id in others:
        if other_id != keep.id:
            told += await tell_admins_unlinked(ctx, person_id=other_id, holder_id=keep.id, why="guest")
    return told


async def _pressed(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> tuple[int, int, str] | Reply:
    """The two people a merge card's button carries (kept, other, the other's Teams account), once the
    presser's rights are checked again; otherwise what to answer (nothing changed)."""
    if (why := await refusal(ctx.db, viewer, doing=DOING)) is not None:
        return Reply(text=why)
    keep, other, aad = data.get("keep"), data.get("other"), data.get("aad")
    if not (isinstance(keep, int) and isinstance(other, int) and isinstance(aad, str) and 0 < len(aad) <= 64):
        return Reply(text="This button doesn't carry two people I can read. Nothing was changed.")
    return keep, other, aad


async def merge(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> Reply:
    """ "Merge them": rights and both people checked again, then one unit of work with its audit entry."""
    ids = await _pressed(ctx, viewer, data)
    if isinstance(ids, Reply):
        return ids
    keep_id, other_id, aad = ids
    async with ctx.db.unit_of_work() as s:
        pair = await _pair(s, other_id, keep_id)
        if pair is None or pair.other_aad != aad:
            return Reply(
                card=cards.done_card(
                    "Nothing to merge",
                    "These two were merged, kept apart or changed since this card was sent. Nothing was changed.",
                )
            )
        keep, other = await people_repo.person_by_id(s, keep_id), await people_repo.person_by_id(s, other_id)
        assert keep is not None and other is not None  # `_pair` just found both, in this unit of work
        replaced = bool(keep.aad_object_id)
        await people_repo.merge_people(s, keep, other)
        audit.record(
            s,
            actor=viewer.email or viewer.name or "admin",
            action="merge_people",
            entity="person",
            key=str(keep_id),
            before={"merged_person": other_id, "had_teams_account": replaced},
            after={"teams_account": "linked"},
        )
    log.info("an admin merged two people")
    return Reply(
        card=cards.done_card(
            "Merged",
            f"{pair.other_label} is now {pair.keep_label}, with their roles.",
            ["The Teams account linked before, if any, is no longer linked."] if replaced else [],
        )
    )


async def keep_apart(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> Reply:
    """ "Keep them apart": nothing changes but the audit log says an admin decided."""
    ids = await _pressed(ctx, viewer, data)
    if isinstance(ids, Reply):
        return ids
    keep_id, other_id, _aad = ids
    async with ctx.db.unit_of_work() as s:
        audit.record(
            s,
            actor=viewer.email or viewer.name or "admin",
            action="keep_people_apart",
            entity="person",
            key=str(keep_id),
            after={"other_person": other_id},
        )
    return Reply(card=cards.done_card("Kept apart", "The Teams account stays a separate person with no roles."))
