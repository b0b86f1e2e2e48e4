"""Admins from the server: `dfbot person make-admin EMAIL` and `dfbot person remove-admin EMAIL`.

ADMIN_EMAILS seeds the first admins on their first contact only; after that admins manage admins in
Teams. When that no longer works — the only admin left the council, or was removed by mistake — IT
needs a way back in that does not go through Teams. Same rules as the Teams commands: audited (actor
"cli:person make-admin" …), and never the last admin (the admin rows are locked while counting, so two
removals cannot cross).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from store import admin_repo
from store.db import Database

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class NotDone(Exception):
    """Why nothing was changed (said to the person at the terminal)."""


@dataclass(frozen=True)
class Outcome:
    email: str
    changed: bool
    admins: int  # how many admins there are now
    known_in_teams: bool  # has the bot met them in Teams yet


def _checked(email: str) -> str:
    email = email.strip().lower()
    if not _EMAIL.match(email):
        raise NotDone(f"{email or 'That'} is not an email address. Nothing was changed.")
    return email


async def make_admin(db: Database, email: str, *, actor: str) -> Outcome:
    email = _checked(email)
    async with db.unit_of_work() as s:
        person = await admin_repo.person_for_email(s, email, actor=actor)
        roles = await admin_repo.staff_roles_of(s, person.id)
        if "admin" not in roles:
            await admin_repo.grant_staff_role(s, person, "admin", actor=actor)
        return Outcome(email, "admin" not in roles, len(await admin_repo.admin_ids(s)), bool(person.aad_object_id))


async def remove_admin(db: Database, email: str, *, actor: str) -> Outcome:
    email = _checked(email)
    async with db.unit_of_work() as s:
        person = await admin_repo.person(s, email=email)
        if person is None or "admin" not in await admin_repo.staff_roles_of(s, person.id):
            return Outcome(email, False, len(await admin_repo.admin_ids(s)), bool(person and person.aad_object_id))
        if await admin_repo.admin_ids(s, lock=True) == [person.id]:
            raise NotDone(
                f"{email} is the only admin, and the bot always needs one. Make someone else an admin "
                "first (dfbot person make-admin EMAIL). Nothing was changed."
            )
        await admin_repo.revoke_staff_role(s, person, "admin", actor=actor)
        return Outcome(email, True, len(await admin_repo.admin_ids(s)), bool(person.aad_object_id))
