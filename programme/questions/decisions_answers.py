"""Answers about the DLG's decisions, in words and as a card (registered in answers.py's renderers).

Every ask is said with its project, when it was raised and where it stands ("Approved on 27 November 2026
by Jo Bloggs: go ahead with two pilots"); text people typed is escaped for each medium.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from programme import asks as rules
from programme.text import cards_escape, text_escape, uk_date

from . import cards as c
from .decisions import ABOUT, OPEN, OUTCOME, DecisionInfo, DecisionsResult

MAX_LISTED = 15


def _when(at: datetime | None, tz: str) -> str:
    return uk_date(at.astimezone(ZoneInfo(tz)).date()) if at else ""


def _line(d: DecisionInfo, tz: str, escape: Callable[[str | None, int], str]) -> str:
    head = f"{escape(d.project_ref, 60)} {escape(d.project_name, 200)}: {escape(d.text, 300)}"
    raised = f" (raised {uk_date(d.raised_on)})" if d.raised_on else ""
    if d.status in (rules.OPEN,):
        return f"{head}{raised} — waiting for a decision"
    where = rules.outcome_sentence(d.status, d.deferred_until)
    by = f" by {escape(d.decided_by, 100)}" if d.decided_by else ""
    note = f": {escape(d.note, 300)}" if d.note else ""
    return f"{head}{raised} — {where} on {_when(d.decided_at, tz)}{by}{note}"


def _heading(result: DecisionsResult) -> str:
    q = result.query
    n = len(result.decisions)
    period = f" {q.period.label}" if q.period else ""
    if q.field == OPEN:
        return (
            f"{n} ask{'s' if n != 1 else ''} of the DLG waiting for a decision"
            if n
            else "No ask of the DLG is waiting for a decision"
        )
    if q.field == OUTCOME:
        word = rules.OUTCOME_WORDS.get(q.terms[0], q.terms[0]).lower() if q.terms else "decided"
        return f"{n} ask{'s' if n != 1 else ''} {word}{period}" if n else f"Nothing was {word}{period}"
    if q.field == ABOUT:
        names = ", ".join(sorted({d.project_name for d in result.decisions})) or "that project"
        return f"What the DLG decided about {names}" if n else "The DLG has no asks from that project on record"
    return f"The DLG's decisions{period or ' lately'}" if n else f"The DLG recorded no decision{period}"


def render(result: DecisionsResult, tz: str) -> tuple[str, str, dict[str, Any], dict[str, Any]]:
    """(kind, text, card, data) for answers.Answer."""
    shown = result.decisions[:MAX_LISTED]
    title = _heading(result)
    lines = [_line(d, tz, text_escape) for d in shown]
    card_lines = [_line(d, tz, cards_escape) for d in shown]
    more = len(result.decisions) - len(shown)
    text = "\n\n".join(
        [f"**{title}**"]
        + (["\n".join(f"- {line}" for line in lines)] if lines else [])
        + ([f"…and {more} more."] if more else [])
    )
    body = [c.heading(title)] + ([c.bullets(card_lines)] if card_lines else [])
    if more:
        body.append(c.para(f"…and {more} more.", subtle=True))
    if not result.decisions and result.query.field != OPEN:
        body.append(c.para("Try: which asks are still open?", subtle=True))
    data = {
        "decisions": [
            {
                "ask": d.ask_id,
                "project": d.project_ref,
                "text": d.text,
                "status": d.status,
                "decided_at": d.decided_at.isoformat() if d.decided_at else None,
                "by": d.decided_by,
                "note": d.note,
            }
            for d in result.decisions
        ],
        "projects": sorted({d.project_ref for d in result.decisions}),
        "count": len(result.decisions),
    }
    # no decision on record: said as such, but as "not sure" — the DLG may have decided without it being recorded
    kind = "unknown" if not result.decisions and result.query.field != OPEN else result.kind
    data["kind"] = kind
    return kind, text, c.card(body), data
