"""The digest's "at a glance": RAG counts by priority area and enabler, with the change since the
last digest (or, for the first one, since the last cycle), and how many leads have replied.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from programme.digest_facts import NO_AREA, RAG_KEYS, DigestFacts
from programme.terms import RAGS


def current_rags(facts: DigestFacts) -> dict[int, str | None]:
    """Each project's RAG now: this cycle's update, else its last known one, else none."""
    out: dict[int, str | None] = {}
    for p in facts.projects:
        update = facts.current.get(p.id) or facts.previous.get(p.id)
        out[p.id] = update.rag if update and update.rag in RAGS else None
    return out


def _counts(rags: Iterable[str | None]) -> dict[str, int]:
    c = dict.fromkeys(RAG_KEYS, 0)
    for rag in rags:
        c[rag if rag in RAGS else "none"] += 1
    return c


def _delta(now: dict[str, int], before: dict[str, int] | None) -> dict[str, int] | None:
    if before is None:
        return None
    return {k: now.get(k, 0) - int(before.get(k, 0)) for k in RAG_KEYS}


def _grouped_counts(
    names: list[str], members: dict[str, list[str | None]], before: dict[str, dict[str, int]] | None
) -> list[dict[str, Any]]:
    rows = []
    for name in names:
        counts = _counts(members.get(name, []))
        prior = (before or {}).get(name) if before is not None else None
        rows.append(
            {
                "name": name,
                "counts": counts,
                "total": sum(counts.values()),
                "change": _delta(counts, prior) if before is not None else None,
            }
        )
    return rows


def _by_area_and_enabler(
    facts: DigestFacts, rags: dict[int, str | None]
) -> tuple[dict[str, list[str | None]], dict[str, list[str | None]]]:
    """Each project's RAG under its priority area (or NO_AREA) and under each of its enablers."""
    by_area: dict[str, list[str | None]] = {}
    by_enabler: dict[str, list[str | None]] = {}
    for p in facts.projects:
        by_area.setdefault(p.area or NO_AREA, []).append(rags[p.id])
        for e in p.enablers:
            by_enabler.setdefault(e, []).append(rags[p.id])
    return by_area, by_enabler


def _previous_counts(facts: DigestFacts) -> tuple[dict[str, Any] | None, str]:
    """What the change is measured against: the last digest if there was one, else last cycle."""
    if facts.previous_glance:
        g = facts.previous_glance

        def index(rows: list[dict[str, Any]]) -> dict[str, dict[str, int]]:
            return {r["name"]: r["counts"] for r in rows or []}

        return (
            {
                "areas": index(g.get("areas", [])),
                "enablers": index(g.get("enablers", [])),
                "total": (g.get("total") or {}).get("counts"),
            },
            f"since the last digest ({facts.previous_period_key})"
            if facts.previous_period_key
            else "since the last digest",
        )
    if not facts.previous:
        return None, ""
    before = {p.id: (facts.previous[p.id].rag if p.id in facts.previous else None) for p in facts.projects}
    areas, enablers = _by_area_and_enabler(facts, before)
    return (
        {
            "areas": {k: _counts(v) for k, v in areas.items()},
            "enablers": {k: _counts(v) for k, v in enablers.items()},
            "total": _counts(before.values()),
        },
        "since the last cycle",
    )


def glance(facts: DigestFacts) -> dict[str, Any]:
    rags = current_rags(facts)
    by_area, by_enabler = _by_area_and_enabler(facts, rags)
    area_names = list(facts.areas) + ([NO_AREA] if NO_AREA in by_area and NO_AREA not in facts.areas else [])
    before, basis = _previous_counts(facts)
    total = _counts(rags.values())
    received = sum(1 for p in facts.projects if p.id in facts.current)
    late = sum(1 for p in facts.projects if p.id in facts.current and facts.current[p.id].late)
    return {
        "areas": _grouped_counts(area_names, by_area, before["areas"] if before else None),
        "enablers": _grouped_counts(list(facts.enablers), by_enabler, before["enablers"] if before else None),
        "total": {
            "counts": total,
            "total": len(facts.projects),
            "change": _delta(total, before["total"]) if before and before.get("total") else None,
        },
        "participation": {"received": received, "expected": len(facts.projects), "late": late},
        "change_basis": basis,
    }
