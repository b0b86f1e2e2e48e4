"""A go-live the latest update has moved in its own words, beside the plan's date (programme/questions/replanned.py):
"is HRP still going live before Christmas?" is "no" when the plan says 17 December but the latest update says late
February; "when's the admissions portal going live?" is the update's 17 January, with the plan's 1 December beside it.
"""

from __future__ import annotations

from programme.questions import replanned, said
from programme.questions.query import Query
from programme.questions.results import Result

from .question_said import _texts


def moved(query: Query, result: Result) -> Result | None:
    """The result with the plan's milestone for the event and the update's words that move it (mode "replanned"),
    and yes or no when a period was asked; None when the question is not of that kind or the update gives no new day."""
    p = result.projects[0] if len(result.projects) == 1 else None
    u = p.latest if p is not None else None
    if p is None or u is None or u.submitted_at is None or not replanned.names_an_event(query.title):
        return None
    asks_when = query.mode == "when"
    asks_if_then = query.yes_no and query.period is not None and query.mode in ("", "done")
    if not (asks_when or asks_if_then):
        return None  # "is it live yet?": the plan's status says whether it has happened
    mine = [
        m
        for m in result.milestones
        if m.project_id == p.id and m.due_date and m.status != "done" and said.names_it(m.title, query.title)
    ]
    if len(mine) != 1 or mine[0].due_date is None:
        return None
    found = replanned.moved_to(_texts(u), query.title, mine[0].due_date, u.submitted_at.date())
    if found is None:
        return None
    result.milestones = mine
    result.message = found.words
    result.query = result.query.but(mode="replanned")
    if asks_if_then and query.period is not None:
        inside = replanned.within(found, query.period)
        result.answer = None if inside is None else "yes" if inside else "no"
    return result
