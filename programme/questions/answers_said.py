"""What one project's updates say in their own words, quoted: a figure or a day (`said`), and a go-live the latest
update has moved beside the plan's date (`replanned`). The update's words are the lead's text: always escaped."""

from __future__ import annotations

from datetime import date

from programme.text import uk_date

from . import said
from .answer_base import _k, _local_day, _Out, _t
from .results import MilestoneInfo, ProjectInfo, Result

MODES = ("figure", "said", "replanned", "fell")


def quote(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    """The sentence quoted, saying which update it is from; a moved go-live after the plan's date for it."""
    if result.query.mode == "replanned":
        for m in result.milestones:
            out.say(*(f"The plan has {e(m.title)} due {_day(m)}." for e in (_t, _k)))
        u = p.latest
        when = uk_date(_local_day(u.submitted_at, tz)) if u is not None and u.submitted_at else "its latest update"
        which = f"The latest update ({when}) says"
    elif result.query.mode == "fell" and result.quoted is not None and result.quoted.submitted_at is not None:
        day = uk_date(_local_day(result.quoted.submitted_at, tz))
        which = f"Its percentage complete went down to {result.quoted.progress}% in the update of {day}, which says"
    elif result.quoted is not None and result.quoted.submitted_at is not None:
        latest = p.latest is not None and p.latest.id == result.quoted.id
        which = f"The {'latest ' if latest else ''}update of {uk_date(_local_day(result.quoted.submitted_at, tz))} says"
    else:
        which = "An earlier update said" if result.earlier else "The latest update says"
    out.say(f"{which}: “{_t(result.message)}”", f"{which}: “{_k(result.message)}”")


def _day(m: MilestoneInfo) -> str:
    return uk_date(m.due_date) if m.due_date else "with no date set"


def dates(result: Result, said_on: date | None) -> list[str]:
    """The days the quote gives (a moved go-live: and the plan's date for it)."""
    days = said.dates_in(result.message, said_on)
    if result.query.mode == "replanned":
        days += [m.due_date for m in result.milestones if m.due_date]
    return [d.isoformat() for d in dict.fromkeys(days)]
