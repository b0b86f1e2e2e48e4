"""Who may change what in Teams: the one admin guard (`refusal`), which the command and action registries
apply by `audience` and the services apply again before they change anything (services/admin.py
re-exports it)."""

from __future__ import annotations

from programme.access import PERSONAL, Viewer, may_administer, may_record_decisions, may_see_missing_updates
from programme.text import text_escape
from store import admin_repo
from store.db import Database

PRIVATE_ONLY = (
    "Admin commands only work in a 1:1 chat with me, where nobody else can see the answer. Open a "
    "chat with me (select my name, then Chat) and type it there. Nothing was changed."
)
NOT_IDENTIFIED = "I can't tell who you are, so I can't make changes for you. Open a 1:1 chat with me in Teams."


def actor(viewer: Viewer) -> str:
    return viewer.email or viewer.name or "teams user"


# --------------------------------------------------------------------------- who may


CHANGE_PLAN = "change the plan or who does what"
GIVES_A_ROLE = ("add_role", "grant_staff", "hand_over")  # changes that give someone a role, maybe by email
READ_AUDIT = "read the audit log"


async def refusal(db: Database, viewer: Viewer, *, doing: str = CHANGE_PLAN, audience: str = "admin") -> str | None:
    """The one admin guard: why this person may not do this here (None when they may), saying whom to ask.

    `audience` "admin" is the programme office; "staff" adds the DLG (lists of people). Either way only in
    a 1:1 chat, where nobody else sees the answer. "dlg" is who records the DLG's decisions (DLG members
    and admins), wherever the card is: the answer to a button goes only to whoever pressed it. The command
    and action registries call it for every command and button of those audiences; the services call it
    again before they change anything."""
    if audience == "dlg":  # the DLG's decisions: DLG members and admins, in the channel's card too
        if may_record_decisions(viewer):
            return None
        whom = await _whom_to_ask(db)
        return f"Only DLG members and programme office admins can {doing}, so I haven't done anything. {whom}"
    # Their roles first (would they be allowed in a 1:1 chat?), so an admin in a channel is told where
    # to ask, not that only admins may.
    allowed = may_see_missing_updates(viewer.in_scope(PERSONAL)) if audience == "staff" else may_administer(viewer)
    if not allowed:
        who = "admins and the DLG" if audience == "staff" else "programme office admins"
        return f"Only {who} can {doing}, so I haven't done anything. {await _whom_to_ask(db)}"
    if not viewer.in_private_chat:
        return PRIVATE_ONLY
    return None


async def _whom_to_ask(db: Database) -> str:
    async with db.unit_of_work() as s:
        names = [p.name or p.email or "" for p, role in await admin_repo.staff(s) if role == "admin"]
    names = [text_escape(n, 80) for n in names if n][:3]
    if not names:
        return "Ask the Digital First programme office if something needs changing."
    return f"Ask {' or '.join(names)} (programme office) if something needs changing."
