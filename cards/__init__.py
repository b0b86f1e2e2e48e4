"""Adaptive Cards: JSON templates beside the code that fills them. Plain Python, no SDK.

Teams renders up to version 1.5. Every input has a label; RAG is always a word as well as a colour.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

CARD_VERSION = "1.5"


@lru_cache
def _template(name: str) -> str:
    return resources.files(__package__).joinpath("templates", f"{name}.json").read_text(encoding="utf-8")


def load(name: str) -> dict[str, Any]:
    """A fresh copy of a card template, to fill in (parsed afresh from the text each time: nothing shared)."""
    return json.loads(_template(name))


def text(value: str, **props: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": value, "wrap": True, **props}


def facts(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    return {"type": "FactSet", "facts": [{"title": t, "value": v} for t, v in pairs]}


def card(body: list[dict[str, Any]], actions: list[dict[str, Any]] | None = None, **props: Any) -> dict[str, Any]:
    c: dict[str, Any] = {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": CARD_VERSION,
        "body": body,
        **props,
    }
    if actions:
        c["actions"] = actions
    return c


def execute_action(title: str, verb: str, data: dict[str, Any], **props: Any) -> dict[str, Any]:
    """Universal Action (Teams, card 1.5) with an Action.Submit fallback for older clients."""
    return {
        "type": "Action.Execute",
        "title": title,
        "verb": verb,
        "data": {"verb": verb, **data},
        "fallback": {"type": "Action.Submit", "title": title, "data": {"verb": verb, **data}},
        **props,
    }


def message_action(title: str, message: str) -> dict[str, Any]:
    """A button that sends `message` as if the user typed it (Teams' messageBack / imBack)."""
    return {"type": "Action.Submit", "title": title, "data": {"msteams": {"type": "imBack", "value": message}}}
