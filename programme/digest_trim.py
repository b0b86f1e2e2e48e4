"""Fitting a digest to a size limit: shorter lists, each saying how many more are in the full view.

The service (services/digest.py) renders level after level until one fits Teams' limits; nothing is
dropped silently, every capped list carries `omitted`.
"""

from __future__ import annotations

from typing import Any

from programme.digest_agenda import agenda_of, decided_of
from programme.digest_agenda import cap as cap_section

# Caps per level: level 0 is everything; each later level keeps fewer items per list.
TRIM_LEVELS: tuple[int | None, ...] = (None, 25, 12, 6, 3, 0)
_LIST_SECTIONS = ("rag_changes", "red_amber", "new_risks", "new_blockers", "missing")


def _cap(section: dict[str, Any], cap: int | None) -> dict[str, Any]:
    items = section.get("items", [])
    if cap is None or len(items) <= cap:
        return section
    return {**section, "items": items[:cap], "omitted": section.get("omitted", 0) + len(items) - cap}


def _cap_asks(content: dict[str, Any], limit: int | None) -> dict[str, Any]:
    """Asks are the agenda: keep twice as many of them as of any other list."""
    return cap_section(agenda_of(content), None if limit is None else limit * 2)


def _cap_trends(t: dict[str, Any], cap: int | None, content: dict[str, Any]) -> dict[str, Any]:
    """Trends are the bulkiest part: past the first level only projects that moved or are not green."""
    if cap is None:
        return t
    notable = {r["ref"] for r in content["rag_changes"]["items"]} | {r["ref"] for r in content["red_amber"]["items"]}
    rows = [r for r in t["items"] if r["ref"] in notable][:cap]
    return {**t, "items": rows, "omitted": t.get("omitted", 0) + len(t["items"]) - len(rows)}


def trim(content: dict[str, Any], level: int) -> dict[str, Any]:
    """The digest with lists capped for `level` (0 = untouched). Nothing is dropped silently:
    every capped list carries `omitted`, and renderers link to the full view for the rest."""
    cap = TRIM_LEVELS[min(level, len(TRIM_LEVELS) - 1)]
    if cap is None:
        return content
    out = dict(content)
    for key in _LIST_SECTIONS:
        out[key] = _cap(content[key], cap)
    out["milestones"] = {k: _cap(v, cap) for k, v in content["milestones"].items()}
    out["agenda"] = _cap_asks(content, cap)
    out.pop("asks", None)
    out["decided"] = _cap(decided_of(content), cap)
    out["trends"] = _cap_trends(content["trends"], cap, out)
    out["trimmed"] = True
    return out


def item_count(content: dict[str, Any]) -> int:
    """How many lines the lists hold: a cheap lower bound on the rendered size (see MIN_ITEM_BYTES)."""
    total = sum(len(content[k]["items"]) for k in _LIST_SECTIONS)
    total += sum(len(v["items"]) for v in content["milestones"].values())
    return (
        total + len(agenda_of(content)["items"]) + len(decided_of(content)["items"]) + len(content["trends"]["items"])
    )


# Every listed item costs at least this many bytes once rendered as card JSON plus HTML, so a level
# with more items than limit / MIN_ITEM_BYTES cannot fit and is not worth rendering.
MIN_ITEM_BYTES = 120


def omitted_total(content: dict[str, Any]) -> int:
    total = sum(content[k].get("omitted", 0) for k in _LIST_SECTIONS)
    total += sum(v.get("omitted", 0) for v in content["milestones"].values())
    everything: int = (
        total
        + agenda_of(content).get("omitted", 0)
        + decided_of(content).get("omitted", 0)
        + content["trends"].get("omitted", 0)
    )
    return everything
