"""What every answer is built from: the `Answer` itself, a builder that writes the text and the card side by
side, and the small wording helpers (escaping, UK dates, "where it came from")."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from programme.text import cards_escape, possessive, text_escape, uk_date

from . import cards as c
from .results import Result, UpdateInfo

MAX_LISTED = 25  # rows in one answer before "and N more"

FIELD_TITLES = {
    "risks": "Risks",
    "blockers": "Blockers",
    "issues": "Blockers and risks",
    "asks": "Asks of the DLG",
    "next_steps": "Next steps",
    "milestones": "Milestones",
    "history": "RAG history",
    "description": "About",
    "area": "Priority area",
    "enablers": "Enablers",
    "progress": "Progress",
    "summary": "Latest summary",
    "last_update": "Last update",
    "achievements": "Achievements",
}


@dataclass
class Answer:
    """What the bot sends: `text` (Markdown-light, also the card's fallback), an Adaptive Card 1.5, and
    `data`, the same facts as plain values for tests, logs and the question-set score."""

    kind: str
    text: str
    card: dict[str, Any] | None = None
    data: dict[str, Any] = field(default_factory=dict)


class _Out:
    """Builds the text and the card side by side, so they always say the same thing."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.body: list[dict[str, Any]] = []
        self.actions: list[dict[str, Any]] = []

    def head(self, text: str, card_text: str | None = None) -> None:
        self.lines.append(f"**{text}**")
        self.body.append(c.heading(card_text if card_text is not None else text))

    def say(self, text: str, card_text: str | None = None, *, subtle: bool = False) -> None:
        self.lines.append(text)
        self.body.append(c.para(card_text if card_text is not None else text, subtle=subtle))

    def items(self, text_items: list[str], card_items: list[str]) -> None:
        if text_items:
            self.lines.append("\n".join(f"- {t}" for t in text_items))
            self.body.append(c.bullets(card_items))

    def answer(self, kind: str, data: dict[str, Any]) -> Answer:
        return Answer(kind, "\n\n".join(self.lines), c.card(self.body, self.actions or None), data)


# --- small helpers ------------------------------------------------------------------------


def _t(s: str | None) -> str:
    return text_escape(s)


def _k(s: str | None) -> str:
    return cards_escape(s)


def _local_day(moment: datetime, tz: str) -> date:
    return moment.astimezone(ZoneInfo(tz)).date()


def rolling_since(result: Result, tz: str) -> str:
    """When a rolling window ("the past fortnight") opened, to the minute: "10:15 on Tuesday 19 October 2027"
    (it opens at that instant, not at midnight); "" for any other window."""
    period = result.query.period
    if result.since is None or period is None or not period.rolling:
        return ""
    local = result.since.astimezone(ZoneInfo(tz))
    return f"{local:%H:%M} on {local:%A} {uk_date(local.date())}"


def _submitted_day(u: UpdateInfo, tz: str) -> date:
    """The local day an update was submitted (a project's history and latest updates carry the moment)."""
    assert u.submitted_at is not None  # only the rows of lists leave it out
    return _local_day(u.submitted_at, tz)


def _source(u: UpdateInfo | None, tz: str) -> tuple[str, dict[str, Any]]:
    if u is None or u.submitted_at is None:
        return "", {}
    day = _local_day(u.submitted_at, tz)
    line = f"From {possessive(u.submitted_by)} update on {uk_date(day)}."
    return line, {"by": u.submitted_by, "on": day.isoformat(), "at": u.submitted_at.isoformat(), "cycle": u.cycle_key}


def _progress(u: UpdateInfo | None) -> str:
    return f"{u.progress}% complete" if u and u.progress is not None else ""


def _people(names: tuple[str, ...] | list[str]) -> str:
    names = [n for n in names if n]  # never an empty field ("Deputy: .")
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def _more(total: int) -> str:
    return f"…and {total - MAX_LISTED} more." if total > MAX_LISTED else ""
