"""The DLG's agenda in a digest: the asks that need a decision (oldest first), and what was decided
since the last meeting. Plain data in, plain JSON-ready data out (stored with the digest).

Asks come as records (programme/asks.py) when the store has them; a digest composed from bare updates
(older callers, tests) reads each update's box through the same "only real asks" rule, with no id, so
it is listed but cannot be decided from the card. Each item keeps the ask's id and the decision count
it was drawn at: the card's "Record decision" claims both, and the service checks them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import asks as rules
from .text import shorten, uk_date

ASK_TEXT_LIMIT = 400


@dataclass(frozen=True)
class AskFacts:
    """An undecided ask as the digest's cycle begins."""

    id: int | None
    project_id: int
    text: str
    status: str = rules.OPEN
    raised_on: date | None = None
    cycles_ago: int = 0
    deferred_until: date | None = None
    decisions: int = 0


@dataclass(frozen=True)
class DecidedFacts:
    """An ask decided (or withdrawn) since the last posted digest."""

    id: int
    project_id: int
    text: str
    outcome: str
    note: str = ""
    decided_on: date | None = None
    decided_by: str = ""
    deferred_until: date | None = None


def from_updates(current: dict[int, Any]) -> list[AskFacts]:
    """Asks read straight from this cycle's updates, for a digest composed without ask records."""
    return [AskFacts(None, pid, line) for pid, u in current.items() for line in rules.split_asks(u.asks_of_dlg)]


def agenda(asks: list[AskFacts], ref_of: Callable[[int], dict[str, Any] | None], today: date) -> dict[str, Any]:
    """Asks needing a decision first, oldest first; then those deferred to a later date."""
    items = []
    for a in asks:
        ref = ref_of(a.project_id)
        if ref is None:  # a project no longer active
            continue
        needing = rules.needs_decision(a.status, a.deferred_until, today)
        items.append(
            {
                **ref,
                "id": a.id,
                "text": shorten(a.text, ASK_TEXT_LIMIT),
                "status": a.status,
                "needs_decision": needing,
                "decidable": needing,
                "raised": uk_date(a.raised_on) if a.raised_on else "",
                "raised_iso": a.raised_on.isoformat() if a.raised_on else "",
                "cycles_ago": a.cycles_ago,
                "age": rules.age_words(a.cycles_ago),
                "v": a.decisions,
                "deferred_until": a.deferred_until.isoformat() if a.deferred_until else None,
                "_sort": (not needing, -a.cycles_ago, a.raised_on or today, ref["ref"], a.id or 0),
            }
        )
    items.sort(key=lambda i: i.pop("_sort"))
    return {"items": items, "omitted": 0, "needing": sum(1 for i in items if i["needs_decision"])}


def decided(rows: list[DecidedFacts], ref_of: Callable[[int], dict[str, Any] | None]) -> dict[str, Any]:
    items = []
    for d in rows:
        ref = ref_of(d.project_id) or {}
        items.append(
            {
                "ref": ref.get("ref", ""),
                "name": ref.get("name", ""),
                "lead": ref.get("lead", ""),
                "area": ref.get("area", ""),
                "id": d.id,
                "text": shorten(d.text, ASK_TEXT_LIMIT),
                "outcome": d.outcome,
                "decision": rules.outcome_sentence(d.outcome, d.deferred_until),
                "note": shorten(d.note, rules.NOTE_LIMIT),
                "decided": uk_date(d.decided_on) if d.decided_on else "",
                "by": d.decided_by,
            }
        )
    return {"items": items, "omitted": 0}


def agenda_of(content: dict[str, Any]) -> dict[str, Any]:
    """The agenda of any stored digest: this shape, or the first one (asks grouped by area, no ids)."""
    agenda = content.get("agenda")
    if isinstance(agenda, dict):
        return agenda
    old = content.get("asks") or {}
    items = [
        {**i, "id": None, "needs_decision": True, "decidable": False, "age": "", "v": 0, "status": rules.OPEN}
        for g in old.get("groups", [])
        for i in g.get("items", [])
    ]
    return {"items": items, "omitted": old.get("omitted", 0), "needing": len(items)}


def decided_of(content: dict[str, Any]) -> dict[str, Any]:
    decided = content.get("decided")
    return decided if isinstance(decided, dict) else {"items": [], "omitted": 0}


def ask_ids(content: dict[str, Any]) -> list[int]:
    return [i["id"] for i in agenda_of(content)["items"] if isinstance(i.get("id"), int)]


def overlay(content: dict[str, Any], live: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """The stored agenda with each ask's state now (a decision recorded after the digest was posted)."""
    if not live:
        return content
    a = agenda_of(content)
    items = [{**i, **live[i["id"]]} if isinstance(i.get("id"), int) and i["id"] in live else i for i in a["items"]]
    return {**content, "agenda": {**a, "items": items}}


def live_state(
    status: str,
    decisions: int,
    *,
    note: str = "",
    decided_on: date | None = None,
    decided_by: str = "",
    deferred_until: date | None = None,
    today: date,
) -> dict[str, Any]:
    """The fields `overlay` puts on an agenda item (`needs_decision` stays as the digest was composed:
    an ask decided at the meeting stays in its place on the agenda, with its decision)."""
    return {
        "status": status,
        "v": decisions,
        "decidable": rules.needs_decision(status, deferred_until, today),
        "decision": "" if status == rules.OPEN else rules.outcome_sentence(status, deferred_until),
        "note": shorten(note, rules.NOTE_LIMIT),
        "decided": uk_date(decided_on) if decided_on else "",
        "by": decided_by,
        "deferred_until": deferred_until.isoformat() if deferred_until else None,
    }


def cap(section: dict[str, Any], limit: int | None) -> dict[str, Any]:
    items = section.get("items", [])
    if limit is None or len(items) <= limit:
        return section
    return {**section, "items": items[:limit], "omitted": section.get("omitted", 0) + len(items) - limit}
