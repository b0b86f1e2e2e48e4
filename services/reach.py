"""Reaching a lead the bot has no chat with: install the app for them through Graph, then prompt them in
the 1:1 chat that opens (DIRECTORY_REACH_EVERYONE, off by default; docs/deploy.md says what it needs).

Microsoft's way (Teams docs, "Proactive installation of apps" and "Send a personal welcome message"):
`POST /users/{id}/teamwork/installedApps` installs the app in the person's personal scope (a 409 means
it already was: as good), Teams then sends the bot an `installationUpdate` from that chat — stored like
any other conversation reference, so the next send finds it — and the chat's id can also be read back
at once (`GET …/installedApps/{id}/chat`) and reached through the serviceUrl the tenant's earlier
activities gave. The prompt goes out in the same run when the chat id is there; when it is not yet,
the delivery is left as a transient failure that the next run retries (by then the installationUpdate
has usually arrived). An install Graph refuses is recorded on the person and the delivery counts as
unreachable, which tells admins the way an unreachable lead always has.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from programme.directory import LEFT, Directory, DirectoryError
from programme.prompting import Target
from store import directory_repo
from store.db import Database
from store.models import Person
from store.people_repo import save_conversation_ref
from store.types import utcnow

log = logging.getLogger("dfbot.reach")
WAITING = "waiting: "  # a note for a delivery worth trying again on the next run (see services/prompts.py)


class Reach:
    def __init__(
        self, db: Database, directory: Directory, catalog_app_id: str, clock: Callable[[], datetime] = utcnow
    ) -> None:
        self.db, self.directory, self.catalog_app_id, self.clock = db, directory, catalog_app_id, clock
        self.installed = 0
        self.failed = 0

    async def target(self, person: Person) -> tuple[Target | None, str]:
        """Where to send `person` a message, after installing the app for them; or why not."""
        async with self.db.unit_of_work() as s:
            object_id, status = await directory_repo.object_id_of(s, person.id)
            point = await directory_repo.service_point(s)
            tenant_id, service_url, bot_id = (
                (point.tenant_id, point.service_url, point.bot_id) if point is not None else ("", "", "")
            )
        if status in LEFT:
            return None, "skipped: they have left the council"
        if not object_id:
            return None, (
                "is not in the council's directory (or has not been looked up yet), so the app cannot be "
                "installed for them"
            )
        outcome = await self.directory.install_app(object_id, self.catalog_app_id)
        async with self.db.unit_of_work() as s:
            await directory_repo.record_install(
                s, person.id, ok=outcome.installed, error=outcome.reason, now=self.clock()
            )
        if not outcome.installed:
            self.failed += 1
            log.warning(
                "installing the app for a lead failed (%s)", outcome.reason.split(":")[0][:60]
            )  # no ids in logs
            return None, f"the app could not be installed for them: {outcome.reason}"
        self.installed += 1
        try:
            chat_id = await self.directory.personal_chat_id(object_id, self.catalog_app_id)
        except DirectoryError as exc:
            log.info("the chat of a newly installed app could not be read yet (%s)", type(exc).__name__)
            chat_id = None
        if not chat_id or not service_url:
            return None, WAITING + "the app was installed for them; the chat opens when Teams confirms it"
        reference = _reference(chat_id, object_id, service_url, tenant_id, bot_id)
        async with self.db.unit_of_work() as s:
            await save_conversation_ref(s, reference=reference, person_id=person.id)
        return Target(reference=reference), ""


def _reference(chat_id: str, object_id: str, service_url: str, tenant_id: str, bot_id: str) -> dict[str, Any]:
    """A conversation reference for a 1:1 chat known only by its Graph id (Teams accepts it as the id)."""
    return {
        "channelId": "msteams",
        "serviceUrl": service_url,
        "conversation": {"id": chat_id, "tenantId": tenant_id or None, "conversationType": "personal"},
        "bot": {"id": bot_id or None},
        "user": {"id": None, "aadObjectId": object_id, "name": None},
    }


def reach_for(
    db: Database, settings: Any, directory: Directory | None, clock: Callable[[], datetime] = utcnow
) -> Reach | None:
    """A Reach when DIRECTORY_REACH_EVERYONE is on and the directory is there; None otherwise."""
    if not settings.directory_reach_everyone or directory is None or not settings.teams_app_catalog_id.strip():
        return None
    return Reach(db, directory, settings.teams_app_catalog_id.strip(), clock)
