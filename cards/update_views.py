"""What the status-update cards are built from (a project, a cycle, an update), the verbs their buttons
send, and how a moment is written on them; `cards.update` re-exports all of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from programme.text import cards_escape, uk_date
from programme.updates import Draft

SUBMIT, NO_CHANGE, EDIT, OPEN, CHOOSE = (
    "update.submit",
    "update.no_change",
    "update.edit",
    "update.open",
    "update.choose",
)
DELEGATE_CONFIRM, DELEGATE_CANCEL = "delegate.confirm", "delegate.cancel"
PROMPT_REFRESH, SUMMARY_REFRESH = "prompt.refresh", "summary.refresh"  # cards/refresh.py, services/refresh.py
TEXT_SECTIONS = (
    ("achievements", "Achievements"),
    ("next_steps", "Next steps"),
    ("blockers", "Blockers"),
    ("asks_of_dlg", "Asks of the DLG"),
)


@dataclass(frozen=True)
class ProjectView:
    ref: str
    name: str


@dataclass(frozen=True)
class CycleView:
    key: str
    opens_at: datetime
    due_at: datetime
    closes_at: datetime
    is_open: bool


@dataclass(frozen=True)
class UpdateView:
    version: int
    draft: Draft
    by_name: str
    submitted_at: datetime
    no_change: bool = False
    late: bool = False


def when(moment: datetime, tz: str) -> str:
    """Thursday 26 November 2026 at 17:00, in the programme's time zone."""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local:%A} {uk_date(local.date())} at {local:%H:%M}"


def prefilled_notice(submitted_at: datetime, by_name: str, version: int, tz: str) -> str:
    return (
        f"Prefilled from the update of {uk_date(submitted_at, tz)} by {cards_escape(by_name or 'someone', 100)} "
        f"(version {version}). Change what has moved."
    )
