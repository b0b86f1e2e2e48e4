"""What a service answers the person with: a card (replacing the one clicked, for card actions) or a
sentence. One type for every service, so the Teams edge turns any of them into a reply the same way."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class Reply:
    card: dict[str, Any] | None = None
    text: str | None = None
    stored: bool = False  # a new version of an update was written
