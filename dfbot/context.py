"""What every part of the running bot shares: settings, the database and the clock."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from dfbot.config import Settings
from store.db import Database
from store.types import utcnow


@dataclass
class AppContext:
    settings: Settings
    db: Database
    clock: Callable[[], datetime] = field(default=utcnow)

    def now(self) -> datetime:
        return self.clock()
