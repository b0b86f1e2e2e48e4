"""Questions about milestones beyond the plain "due in a period" list (question_repo's `_milestones_due`): by status
(done, open, not started, all of them in a past period), by area or person, the oldest overdue; and one
milestone of a project named by words of its title ("is the app launched yet?", "when will TEC finish the
switchover?").
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from sqlalchemy import Date, bindparam, select

from programme.questions import normalise, said
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import MilestoneInfo, Result

from .models import Milestone, Project
from .question_more import INACTIVE, _active, _keep

_DATED = select(
    Milestone.project_id, Milestone.title, Milestone.due_date, Milestone.status, Milestone.completed_on
).where(Milestone.due_date.is_not(None))
_TITLES = (  # of the active projects' dated milestones
    select(Milestone.title)
    .join(Project, Project.id == Milestone.project_id)
    .where(Milestone.due_date.is_not(None), Project.status.not_in(INACTIVE))
    .distinct()
)
_TITLED = _DATED.where(Milestone.title.in_(bindparam("titles", expanding=True)))
_MILESTONES = _DATED.where(
    Milestone.due_date >= bindparam("start", type_=Date()), Milestone.due_date <= bindparam("end", type_=Date())
)


async def milestones(ctx, query: Query) -> Result:
    """Milestones due in the period, by status (open, done, not started), area, person; the oldest overdue."""
    if query.mode == "titled":
        return await titled(ctx, query)
    period = query.period
    start = period.start if period and period.start else ctx.today.replace(year=ctx.today.year - 20)
    end = period.end if period and period.end else ctx.today.replace(year=ctx.today.year + 20)
    rows = await ctx.rows(_MILESTONES, {"start": start, "end": end})
    keep = {p.id for p in _active(ctx) if _keep(ctx, query, p)}
    status = query.status
    words = [w[:5] for w in query.title if len(w) > 2]
    found = [
        MilestoneInfo(*r)
        for r in rows
        if r.project_id in keep
        and (
            r.status == status
            if status in ("done", "not started")
            else True
            if status == "all"
            else (r.status != "done" or words)
        )
        and all(w in r.title.lower() for w in words)
    ]
    if query.rags and found:  # "red projects with overdue milestones": the RAG of each one's latest update
        latest = await ctx.latest({m.project_id for m in found}, "brief")
        found = [m for m in found if m.project_id in latest and latest[m.project_id].rag in query.rags]
    found.sort(key=lambda m: (m.due_date, m.project_id))
    if query.mode == "oldest" and found:
        found = [m for m in found if m.due_date == found[0].due_date]
    projects = await ctx.projects({m.project_id for m in found}, detail=None) if found else []
    result = Result(query, q.MILESTONES_DUE, projects=projects, milestones=found, count=len(found))
    if query.yes_no:
        result.answer = "yes" if found else "no"
    return result


async def titled(ctx, query: Query) -> Result:
    """'due date for paper forms withdrawn', "when's the trading standards app going live": the milestone whose
    title names every word asked about ("trial 3" is not "trial 2"; a slip of one letter mended),
    answered only when the milestones that do are all one project's — otherwise "not sure", never a guess.
    Each distinct title is read once (a plan of 5,000 projects has many a "Go live")."""
    titles = [r[0] for r in await ctx.rows(_TITLES)]
    words = said.in_titles(query.title, titles, keep_rest=True)  # a slip mended, none dropped
    enough = len([w for w in words if len(w) > 2 or w.isdigit()]) >= 2
    names = said.namer(words)
    named = [t for t in _closest_titles(query, titles) if names(t)] if enough else []  # none sharing more words
    keep = {p.id for p in _active(ctx)}
    found = [MilestoneInfo(*r) for r in await ctx.rows(_TITLED, {"titles": named}) if r[0] in keep] if named else []
    if not found or len({m.project_id for m in found}) > 1:
        return Result(
            query, q.UNKNOWN, message=f"I can't find one milestone about “{' '.join(query.title)}”, so I won't guess."
        )
    found.sort(key=lambda m: (m.due_date or ctx.today, m.project_id))
    projects = await ctx.projects({m.project_id for m in found}, detail=None)
    result = Result(query, q.MILESTONES_DUE, projects=projects, milestones=found, count=len(found))
    if query.yes_no:
        done = [m.status == "done" for m in found]
        result.answer = "yes" if all(done) else "no" if not any(done) else None
    return result


def _closest(query: Query, milestones: list[MilestoneInfo]) -> list[MilestoneInfo]:
    """Of the milestones a question's words name, those sharing the most of its other words: 'has the leisure app
    launched?' is 'Leisure app launched', not 'Online class booking live' (a launch too, but not of the app)."""
    best = _closest_titles(query, {m.title for m in milestones})
    return [m for m in milestones if m.title in best]


def _closest_titles(query: Query, titles: Iterable[str]) -> list[str]:
    asked = {w for w in query.text.split() if len(w) >= 3}
    shared = {t: len(asked & _title_words(t)) for t in titles}
    best = max(shared.values(), default=0)
    return [t for t, n in shared.items() if n == best]


@lru_cache(maxsize=65536)
def _title_words(title: str) -> frozenset[str]:
    return frozenset(normalise.words(title))


def event(query: Query, result: Result) -> Result:
    """'is the app launched yet?', 'when will TEC finish the switchover?': the project's milestones whose titles
    name every word asked about — done or not (yes only when all of them are done), or when they are due. With
    no such milestone, "not sure", saying what could not be found (for "when", store/question_said.py then looks
    for a day the updates give: "go-live date of 27 April 2027 confirmed")."""
    words = query.title
    mine = [m for m in result.milestones if said.names_it(m.title, words)]
    if not mine:  # "housing paegs": a slip in a word of its title
        mended = said.in_titles(words, (m.title for m in result.milestones), keep_rest=True)
        mine = [m for m in result.milestones if said.names_it(m.title, mended)]
    if query.mode == "done":  # yes or no: of one milestone, the closest (a 'when' lists every one it may be)
        mine = _closest(query, mine)
    p = result.projects[0] if result.projects else None
    if mine:
        result.milestones = mine
        if query.mode == "done":
            done = [m.status == "done" for m in mine]
            result.answer = "yes" if all(done) else "no" if not any(done) else None
        return result
    what = "when that is" if query.mode == "when" else "whether that has happened"
    return Result(
        query,
        q.UNKNOWN,
        message=f"I can't find a milestone of {p.name if p else 'that project'} about "
        f"“{' '.join(words)}”, so I can't say {what}.",
    )
