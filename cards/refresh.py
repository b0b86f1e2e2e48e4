"""Universal Actions refresh: a card that asks the bot for its current state whenever someone opens it.

Teams reads a card's `refresh` when it shows the card: for each person listed in `userIds` it sends the
bot an `adaptiveCard/action` invoke (`trigger: "automatic"`) with the refresh action's verb and data,
and shows that person the card the bot answers with; everyone else sees the card as sent. A bot's edit
of the message (an update activity) makes Teams refresh it again for those people. Teams honours at
most 60 ids, and `userIds: []` turns automatic refresh off (people get a manual "Refresh card" menu
instead), so a card with nobody to refresh for carries no `refresh` at all rather than an empty list.
(Microsoft Learn, "Work with Universal Actions for Adaptive Cards" and "Up-to-date cards".)

Every refresh verb is registered like any other card action (`bot/actions.py`, `refresh=True`), and its
answer is read from the database without changing anything: see `services/refresh.py`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

MAX_USER_IDS = 60  # Teams refreshes automatically for at most this many listed users
MAX_ID_LENGTH = 200  # a Teams user id (29:…) is far shorter; anything longer is not one


def user_ids(*groups: Iterable[str | None]) -> list[str]:
    """Teams user ids in the order first given (so the people who matter most come first), without
    blanks or repeats, at most 60: whoever is listed first survives the cap."""
    out: list[str] = []
    seen: set[str] = set()
    for group in groups:
        for raw in group or ():
            value = (raw or "").strip() if isinstance(raw, str) else ""
            if not value or len(value) > MAX_ID_LENGTH or value in seen:
                continue
            seen.add(value)
            out.append(value)
            if len(out) == MAX_USER_IDS:
                return out
    return out


def refresh(verb: str, data: dict[str, Any], ids: Iterable[str | None]) -> dict[str, Any] | None:
    """The `refresh` block for `verb` (an Action.Execute) and these people; None when nobody is listed."""
    listed = user_ids(ids)
    if not listed:
        return None
    return {
        "action": {"type": "Action.Execute", "title": "Refresh", "verb": verb, "data": {"verb": verb, **data}},
        "userIds": listed,
    }


def with_refresh(card: dict[str, Any], verb: str, data: dict[str, Any], ids: Iterable[str | None]) -> dict[str, Any]:
    """The card, refreshing itself through `verb` for these people (or not at all when there are none)."""
    block = refresh(verb, data, ids)
    if block is None:
        card.pop("refresh", None)
    else:
        card["refresh"] = block
    return card


def claim_of(card: dict[str, Any] | None) -> tuple[str, dict[str, Any]] | None:
    """The verb and data a card refreshes with, if it refreshes: what a sent card is remembered by."""
    block = card.get("refresh") if isinstance(card, dict) else None
    action = block.get("action") if isinstance(block, dict) else None
    if not isinstance(action, dict) or not isinstance(action.get("data"), dict):
        return None
    verb = action.get("verb")
    return (verb, dict(action["data"])) if isinstance(verb, str) and verb else None


def listed(card: dict[str, Any] | None) -> list[str]:
    """The user ids a card refreshes for (none when it does not refresh)."""
    block = card.get("refresh") if isinstance(card, dict) else None
    ids = block.get("userIds") if isinstance(block, dict) else None
    return [i for i in ids if isinstance(i, str)] if isinstance(ids, list) else []


def put_first(card: dict[str, Any], teams_id: str) -> dict[str, Any]:
    """The card with `teams_id` leading its refresh list (a card's recipient: the cap never leaves them out)."""
    claim = claim_of(card)
    if claim is not None and teams_id:
        verb, data = claim
        with_refresh(card, verb, {k: v for k, v in data.items() if k != "verb"}, user_ids([teams_id], listed(card)))
    return card
