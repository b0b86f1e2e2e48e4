"""Card actions (Action.Execute verbs, and the same data arriving as an Action.Submit), by verb."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from .turn import Turn


@dataclass
class ActionResult:
    """What an action answers: a card that replaces the one clicked, or a short message."""

    card: dict[str, Any] | None = None
    message: str | None = None
    status: int = 200

    def invoke_body(self) -> dict[str, Any]:
        """The AdaptiveCardInvokeResponse Teams expects, as a plain dict."""
        if self.status >= 400:
            return {"statusCode": self.status, "type": "application/vnd.microsoft.error",
                    "value": {"code": "BadRequest", "message": self.message or "That did not work."}}
        if self.card is not None:
            return {"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": self.card}
        return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": self.message or "Done."}


ActionHandler = Callable[[Turn, dict[str, Any]], Awaitable[ActionResult]]


class ActionRegistry:
    def __init__(self) -> None:
        self._handlers: dict[str, ActionHandler] = {}

    def verb(self, name: str):
        def register(handler: ActionHandler) -> ActionHandler:
            self._handlers[name] = handler
            return handler

        return register

    def get(self, verb: str) -> ActionHandler | None:
        return self._handlers.get(verb)
