"""What moved this cycle, as the digest tells it: RAG changes, what is red or amber and why, new
risks and blockers, and milestones completed, slipped, due soon or overdue.

Risks a lead marked sensitive are left out here (the channel reads the digest) and only counted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from typing import Any

from programme.access import visible_risks
from programme.digest_facts import (
    DLG_CHANNEL,
    DUE_SOON_DAYS,
    DigestFacts,
    comparable,
    project_heading,
    shorten_reason,
    uk_date,
)
from programme.terms import rag_word


def rag_changes(facts: DigestFacts) -> list[dict[str, Any]]:
    """Projects whose RAG this cycle differs from their last one, worst news first."""
    out = []
    for p in facts.projects:
        now, before = facts.current.get(p.id), facts.previous.get(p.id)
        if now is None or before is None or now.rag == before.rag:
            continue
        out.append(
            {
                **project_heading(p),
                "from": rag_word(before.rag),
                "to": rag_word(now.rag),
                "to_key": now.rag,
                "reason": shorten_reason(now.rag_reason or now.summary),
            }
        )
    return sorted(out, key=lambda r: (_severity(r["to_key"]), r["ref"]))


def _severity(rag: str | None) -> int:
    return {"red": 0, "amber": 1, "green": 2}.get(rag or "", 3)


def red_and_amber(facts: DigestFacts) -> list[dict[str, Any]]:
    """What is red or amber this cycle and why, in the lead's words."""
    out = []
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None or now.rag not in ("red", "amber"):
            continue
        out.append(
            {
                **project_heading(p),
                "rag": rag_word(now.rag),
                "rag_key": now.rag,
                "reason": shorten_reason(now.rag_reason or now.summary),
            }
        )
    return sorted(out, key=lambda r: (_severity(r["rag_key"]), r["ref"]))


def _risk_dicts(risks: Iterable[Any]) -> list[dict[str, Any]]:
    out = []
    for r in risks or ():
        if isinstance(r, dict) and str(r.get("text") or "").strip():
            out.append({"text": str(r["text"]).strip(), "sensitive": bool(r.get("sensitive"))})
        elif isinstance(r, str) and r.strip():
            out.append({"text": r.strip(), "sensitive": False})
    return out


def new_risks(facts: DigestFacts) -> tuple[list[dict[str, Any]], int]:
    """Risks raised this cycle (not in the project's last update), and how many are sensitive.

    The sensitive count covers every risk in this cycle's updates: the DLG should know they exist
    even though the channel may not read them.
    """
    shown: list[dict[str, Any]] = []
    withheld = 0
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None:
            continue
        risks = _risk_dicts(now.risks)
        visible, hidden = visible_risks(risks, DLG_CHANNEL)
        withheld += hidden
        known = (
            {comparable(r["text"]) for r in _risk_dicts(facts.previous[p.id].risks)}
            if p.id in facts.previous
            else set()
        )
        for r in visible:
            if comparable(r["text"]) not in known:
                shown.append({**project_heading(p), "text": shorten_reason(r["text"])})
    return shown, withheld


def new_blockers(facts: DigestFacts) -> list[dict[str, Any]]:
    out = []
    for p in facts.projects:
        now = facts.current.get(p.id)
        if now is None or not now.blockers.strip():
            continue
        before = facts.previous.get(p.id)
        if before is not None and comparable(before.blockers) == comparable(now.blockers):
            continue
        out.append({**project_heading(p), "text": shorten_reason(now.blockers)})
    return out


def _as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _slips_reported(facts: DigestFacts) -> dict[tuple[int, str], tuple[date, date]]:
    """Milestone dates leads moved later in this cycle's updates: (project, title) -> (was, now).

    Accepts the shapes an update may record: {title, from, to}, {title, old_due_date,
    new_due_date} or {title, previous_due_date, due_date}.
    """
    out: dict[tuple[int, str], tuple[date, date]] = {}
    for pid, update in facts.current.items():
        for ch in update.milestone_changes or ():
            if not isinstance(ch, dict) or not ch.get("title"):
                continue
            was = _as_date(ch.get("from") or ch.get("old_due_date") or ch.get("previous_due_date"))
            now = _as_date(ch.get("to") or ch.get("new_due_date") or ch.get("due_date"))
            if was and now and now > was:
                out[(pid, comparable(str(ch["title"])))] = (was, now)
    return out


def milestone_moves(facts: DigestFacts) -> dict[str, list[dict[str, Any]]]:
    """Completed since the last cycle, slipped this cycle, due in four weeks, overdue."""
    projects = {p.id: p for p in facts.projects}
    slips = _slips_reported(facts)
    horizon = facts.as_of + timedelta(days=DUE_SOON_DAYS)
    out: dict[str, list[dict[str, Any]]] = {"completed": [], "slipped": [], "due_soon": [], "overdue": []}
    for m in facts.milestones:
        p = projects.get(m.project_id)
        if p is None:
            continue
        base = {**project_heading(p), "title": m.title, "due": uk_date(m.due_date)}
        done = m.status == "done"
        if done and m.completed_on and facts.since < m.completed_on <= facts.as_of:
            out["completed"].append({**base, "date": uk_date(m.completed_on), "_sort": m.completed_on})
            continue
        if done or m.due_date is None:
            continue
        slip = slips.get((m.project_id, comparable(m.title)))
        if slip:
            out["slipped"].append({**base, "was": uk_date(slip[0]), "now": uk_date(slip[1]), "_sort": slip[1]})
        if m.due_date < facts.as_of:
            out["overdue"].append({**base, "days": (facts.as_of - m.due_date).days, "_sort": m.due_date})
        elif m.due_date <= horizon:
            out["due_soon"].append({**base, "_sort": m.due_date})
    for items in out.values():
        items.sort(key=lambda r: (r.pop("_sort"), r["ref"], r["title"]))
    return out
