"""What every part of the running bot shares: settings, the database, the clock, the one proactive
messenger and the background tasks.

Built once by the composition root (`dfbot.web.create_app`, and once per command by the CLI), which
also gives it the messenger and the bot's channel transport (both need botbuilder, so `bot/` makes them
and this layer only sees the ports in `programme.prompting` and `programme.posting`) and drains it on
shutdown.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from infra.config import Settings
from programme.directory import Directory
from programme.posting import Rejected, Transport
from programme.prompting import Messenger
from store.db import Database
from store.types import utcnow

log = logging.getLogger("dfbot.context")


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=utcnow)
    messenger: Messenger | None = None
    """The one proactive messenger: one connection pool, one credential, one rate limiter."""
    channel_transport: Callable[[], Transport] | None = None
    """Makes the bot's own DLG-channel transport (`DIGEST_TRANSPORT=bot`, and Graph's fallback)."""
    directory: Directory | None = None
    """The council's directory through Graph (DIRECTORY_CREDENTIAL); None when it is off."""
    tasks: set[asyncio.Task[Any]] = field(default_factory=set, repr=False)

    def now(self) -> datetime:
        return self.clock()

    def require_messenger(self) -> Messenger:
        if self.messenger is None:
            raise Rejected("This process has no messenger, so it cannot send to Teams.")
        return self.messenger

    def spawn(self, work: Coroutine[Any, Any, Any], what: str) -> asyncio.Task[Any]:
        """Run slow work outside the request (the person who asked is answered at once); a failure is
        logged, and whatever the work left undone is picked up by the scheduler's next tick."""

        async def guarded() -> None:
            try:
                await work
            except Exception:
                log.exception("%s failed in the background; the scheduler will try again", what)

        task = asyncio.get_running_loop().create_task(guarded(), name=what)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def close_directory(self) -> None:
        """Release the directory's HTTP client and credential (on shutdown, after background work)."""
        directory, self.directory = self.directory, None
        if directory is not None:
            try:
                await directory.close()
            except Exception:  # closing is best effort
                log.debug("closing the directory failed", exc_info=True)

    async def drain(self) -> None:
        """Wait for background work (tests, and a graceful shutdown)."""
        while self.tasks:
            await asyncio.gather(*list(self.tasks), return_exceptions=True)
