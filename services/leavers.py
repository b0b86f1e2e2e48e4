"""Telling admins that someone left, one card per project (or staff role), and what their buttons do.

The card offers the changes that make sense — make the deputy lead, assign someone (typed in the box),
pause the project; for a deputy, take them off; for an admin, remove the role — and each one only
*proposes*: it opens the usual confirm card of services/admin.py, so the change is checked again,
confirmed by an admin and audited like any other. Cards are claimed before they are sent and put back
when no admin could be reached, so each goes out once (store/directory_repo.py).
"""

from __future__ import annotations

import logging
from typing import Any

from cards import admin as cards
from programme.access import Viewer
from programme.admin_commands import Invalid, person_query
from programme.directory import leaver_words
from programme.prompting import Messenger, Outgoing
from programme.text import cards_escape, text_escape
from services import admin
from services.admin_notices import notify_admins
from services.context import AppContext
from services.reply import Reply
from store import directory_repo
from store.db import Database

log = logging.getLogger("dfbot.leavers")
ROLE_WORDS = {"lead": "a lead", "deputy": "a deputy", "admin": "an admin", "dlg": "a DLG member"}


def _who(person: dict[str, Any]) -> dict[str, Any]:
    """How a button names a person in a change: by email when there is one (like typed commands)."""
    return {"email": person["email"]} if person.get("email") else {"person_id": person["person_id"]}


def leaver_message(facts: dict[str, Any]) -> Outgoing:
    """The card for one notice (facts from directory_repo.notice_facts)."""
    name = cards_escape(facts["name"], 120)
    role, project = facts["role"], facts["project"]
    how = leaver_words(facts["status"])
    notes = [
        "Prompts to them have stopped, and their past updates stay attributed to them.",
        "Each button shows the change for you to confirm; nothing changes before that.",
    ]
    options: list[tuple[str, dict[str, Any]]] = []
    assign = None
    if project is None:
        sentence = f"**{name}** has left the council ({how}). They were {ROLE_WORDS.get(role, role)} of the bot."
        options.append(
            (
                f"Remove their {'admin' if role == 'admin' else 'DLG'} role",
                {"op": "revoke_staff", "role": role, **_who(facts)},
            )
        )
        return Outgoing(
            card=cards.leaver_card(sentence, [], notes[:1], options, None),
            summary=f"{facts['name']} has left: remove their {role} role?",
        )
    label = f"{cards_escape(project['name'], 120)} ({cards_escape(project['ref'], 64)})"
    deputies = [p for p in facts["others"] if p["role"] == "deputy"]
    leads = [p for p in facts["others"] if p["role"] == "lead"]
    sentence = f"**{name}** has left the council ({how}). They were {ROLE_WORDS[role]} of **{label}**: who takes over?"
    rows = [
        ("Project", label),
        ("Other leads", cards_escape(", ".join(p["name"] for p in leads), 300) or "none"),
        ("Deputies", cards_escape(", ".join(p["name"] for p in deputies), 300) or "none"),
    ]
    former = {"former": facts["person_id"], "ref": project["ref"], "role": role}
    if role == "lead":
        options += [
            (f"Make {text_escape(d['name'], 40)} the lead", {"op": "hand_over", **former, **_who(d)})
            for d in deputies[:2]
        ]
        if project["status"] == "active":
            options.append(("Pause the project", {"op": "set_status", "status": "paused", "ref": project["ref"]}))
    else:
        options.append(
            ("Take them off the project", {"op": "remove_role", "role": "deputy", "ref": project["ref"], **_who(facts)})
        )
    assign = {"op": "hand_over", **former}
    return Outgoing(
        card=cards.leaver_card(sentence, rows, notes, options, assign),
        summary=f"{facts['name']} has left: who takes over {project['name']}?",
    )


async def deliver(ctx: AppContext, messenger: Messenger | None = None) -> int:
    """Send pending leaver cards to every admin; the number sent. Run by the scheduler every tick."""
    if (messenger or ctx.messenger) is None:
        return 0
    async with ctx.db.unit_of_work() as s:
        notices = await directory_repo.claim_notices(s)
        facts = [await directory_repo.notice_facts(s, n) for n in notices]
    sent = 0
    for notice, fact in zip(notices, facts, strict=True):
        reached = 0
        if fact is not None:
            try:
                reached = (await notify_admins(ctx, leaver_message(fact), messenger=messenger)).admins_reached
            except Exception:  # one card failing must not strand the others in 'sending'
                log.exception("a leaver card could not be sent")
        async with ctx.db.unit_of_work() as s:
            # Nothing to ask (the project closed meanwhile, the person was erased): done. Nobody reached: later.
            await directory_repo.finish_notices(s, [notice.id], sent=fact is None or reached > 0, now=ctx.now())
        sent += 1 if fact is not None and reached else 0
    if notices:
        log.info("leaver cards: %d of %d sent to admins", sent, len(notices))
    return sent


async def propose_assignment(db: Database, viewer: Viewer, data: dict[str, Any], admin_emails: list[str]) -> Reply:
    """ "Assign them" on a leaver card: the hand-over with the person typed in its box, to confirm."""
    given, typed = data.get("change"), data.get("who")
    change: dict[str, Any] = given if isinstance(given, dict) else {}
    who = typed if isinstance(typed, str) else ""
    if change.get("op") != "hand_over":
        return Reply(text="This button doesn't carry a change I can read. Nothing was changed.")
    if not who.strip():
        return Reply(text="Type their work email in the box first, then press **Assign them**. Nothing was changed.")
    try:
        email, name = person_query(who)
    except Invalid as exc:
        return Reply(text=f"{exc} Nothing was changed.")
    return await admin.choose(
        db, viewer, {"change": {**change, **({"email": email} if email else {"who": name})}}, admin_emails
    )
