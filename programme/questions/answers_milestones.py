"""One project's milestones as the plan has them, and under them what an update says about the one asked of ("is
the attendance feed live in all schools yet?": no by the plan, and the update of 28 October says 61 schools are)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from programme.text import uk_date

from . import answers_more as more
from . import answers_said
from .answer_base import _k, _Out, _t
from .results import MilestoneInfo, ProjectInfo, Result


def _milestones(out: _Out, result: Result, p: ProjectInfo, tz: str) -> None:
    mine = more.milestones_shown(result, p)
    late = more.overdue_of(result, p) if result.query.mode == "next" else []
    if not mine:
        out.say(
            "No overdue milestones."
            if result.query.status == "overdue"
            else "No open milestone is due from today on."
            if late
            else "No open milestones are left."
            if result.query.status == "open" or result.query.mode == "next"
            else "No milestones are recorded for this project."
        )
        more.overdue_apart(out, late)
        return
    if result.query.mode == "count":
        what = "left to do" if result.query.status == "open" else "in the plan"
        out.say(f"**{len(mine)}** milestone{'s' if len(mine) != 1 else ''} {what}.")
    out.items(
        [_milestone_line(m, _t, result.today) for m in mine], [_milestone_line(m, _k, result.today) for m in mine]
    )
    nxt = next((m for m in mine if m.status != "done" and m.due_date and not more.overdue(m, result.today)), None)
    if nxt and nxt.due_date:  # an overdue one is past, never the next
        when = f"due {uk_date(nxt.due_date)}"
        out.say(f"Next open milestone: {_t(nxt.title)}, {when}.", f"Next open milestone: {_k(nxt.title)}, {when}.")
    more.overdue_apart(out, late)
    out.say("_Dates from the project plan._", "Dates from the project plan.", subtle=True)
    if result.message and result.quoted is not None:  # what an update says about it, and which update
        answers_said.quote(out, result, p, tz)


def _milestone_line(m: MilestoneInfo, escape: Callable[[str], str], today: date | None) -> str:
    due = f"due {uk_date(m.due_date)}" if m.due_date else "no date set"
    return f"{escape(m.title)} — {due} ({_milestone_status(m, today)})"


def _milestone_status(m: MilestoneInfo, today: date | None) -> str:
    late = today is not None and m.due_date is not None and m.due_date < today and m.status != "done"
    return f"{m.status}, overdue" if late else m.status
