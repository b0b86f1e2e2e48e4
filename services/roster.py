"""The rosters of the teams the bot is in, read once per run of the sender: how leads who never wrote to
the bot are found (by Entra object id, email or UPN), and the chats opened for them during the run."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from programme.prompting import Messenger, Target
from store import delivery_repo
from store.db import Database
from store.models import Person

from .reach import Reach

log = logging.getLogger("dfbot.prompts")


class Roster:
    """Members of the teams the bot is in, read once per run: how leads who never wrote to the bot are found."""

    def __init__(self, messenger: Messenger, reach: Reach | None = None) -> None:
        self.messenger = messenger
        self.reach = reach  # installs the app for someone on no roster (DIRECTORY_REACH_EVERYONE)
        self.by_key: dict[str, tuple[dict[str, Any], Any]] | None = None
        self.opened: dict[int, dict[str, Any]] = {}
        self._locks: dict[int, asyncio.Lock] = {}

    def lock(self, person_id: int) -> asyncio.Lock:
        return self._locks.setdefault(person_id, asyncio.Lock())

    def known(self, person_id: int) -> Target | None:
        """A chat opened earlier in this run: later cards to the same person go straight to it."""
        ref = self.opened.get(person_id)
        return Target(reference=ref) if ref else None

    async def find(self, db: Database, person: Person) -> tuple[dict[str, Any], Any] | None:
        if self.by_key is None:
            self.by_key = {}
            async with db.unit_of_work() as s:
                teams = await delivery_repo.team_refs(s)
            for team in teams:
                try:
                    members = await self.messenger.team_members(delivery_repo.reference_of(team), team.team_id or "")
                except Exception as exc:  # one team's roster failing must not stop prompts
                    log.warning("could not read a team roster: %s", type(exc).__name__)
                    continue
                for m in members:
                    for key in (m.get("aadObjectId"), m.get("email"), m.get("userPrincipalName")):
                        if key:
                            self.by_key.setdefault(str(key).lower(), (m, team))
        for key in (person.aad_object_id, person.email):
            if key and key.lower() in self.by_key:
                return self.by_key[key.lower()]
        return None
