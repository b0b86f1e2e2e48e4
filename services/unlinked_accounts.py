"""What an admin is told when they give a role by an email that a Teams account gave but was not linked by.

Identity is the Entra object id (bot/identity.py): a guest, an account of another tenant or a second
account that gave an email is a separate person, the email kept only as `unverified_email`. An admin who
then assigns a lead or deputy, hands a role over or grants a staff role by that email gives it to the
email's own person (made when the bot has not met them), never to that account; the confirm card says
so, and once the change is made admins get the merge card the first-contact path gives
(`services.identity.tell_admins_about_holders`), whose Merge is checked again and audited.
"""

from __future__ import annotations

from typing import Any

from programme.text import cards_escape
from store import people_repo
from store.db import Database


async def note(session: Any, email: str) -> str | None:
    """The confirm card's note when Teams accounts gave `email` without being linked by it (None: none did)."""
    accounts = await people_repo.unverified_holders(session, email) if email else []
    if not accounts:
        return None
    names = ", ".join(cards_escape(a.name or "no name", 80) for a in accounts[:3])
    many = len(accounts) > 1
    return (
        f"{'Teams accounts' if many else 'A Teams account'} ({names}) gave this email, but "
        f"{'they are' if many else 'it is'} not linked by it: a guest, another organisation's account or a "
        "second account, and an email alone does not say who someone is. The role goes to the email's own "
        "person, not to that account. Once you confirm, admins get a card to merge them if they are the same "
        "person."
    )


async def emails_with_unlinked_accounts(db: Database, emails: Any) -> list[str]:
    """Of the emails a plan import or `dfbot person make-admin` gave a role, those some account gave without
    being linked by them (so the command line knows whether admins need telling at all)."""
    async with db.unit_of_work() as s:
        return sorted(await people_repo.emails_held_unverified(s, emails))
