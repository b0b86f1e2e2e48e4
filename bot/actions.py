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
            return {
                "statusCode": self.status,
                "type": "application/vnd.microsoft.error",
                "value": {"code": "BadRequest", "message": self.message or "That did not work."},
            }
        if self.card is not None:
            return {"statusCode": 200, "type": "application/vnd.microsoft.card.adaptive", "value": self.card}
        return {
            "statusCode": 200,
            "type": "application/vnd.microsoft.activity.message",
            "value": self.message or "Done.",
        }


ActionHandler = Callable[[Turn, dict[str, Any]], Awaitable[ActionResult]]


@dataclass(frozen=True)
class Action:
    verb: str
    handler: ActionHandler
    audience: str = "member"  # "admin" / "staff" / "dlg": refused to anyone else before the handler runs
    doing: str = ""
    refresh: bool = False  # a card's `refresh` verb: answered read-only, and the only kind Teams may fire itself


class ActionRegistry:
    def __init__(self) -> None:
        self._actions: dict[str, Action] = {}

    def verb(self, name: str, *, audience: str = "member", doing: str = "", refresh: bool = False):
        """Register a card button's verb. `refresh=True` is for the verb of a card's `refresh` block
        (cards/refresh.py): Teams invokes it on its own (`trigger: "automatic"`) whenever a listed person
        views the card, so its handler must only read; the bot resolves who is asking without writing
        anything either (bot/identity.py `peek_viewer`), and refuses an automatic invoke of any other verb."""

        def register(handler: ActionHandler) -> ActionHandler:
            self._actions[name] = Action(name, handler, audience, doing or "use that button", refresh)
            return handler

        return register

    def get(self, verb: str) -> Action | None:
        return self._actions.get(verb)
