"""Executing the rankings of people by the roles they hold in the plan (from the plan in memory, no statement):
who leads the most projects, how many people lead them, who leads more than one, which leads are also deputies
on other projects. `keep` is the list's filters (an area, an enabler) applied to a project."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import ProjectInfo, Result

from .question_board import INACTIVE

PEOPLE_MODES = frozenset({"person_most", "lead_count", "leads_several", "lead_and_deputy"})


def people_ranking(ctx, query: Query, keep: Callable[[ProjectInfo], bool]) -> Result:
    mode = query.mode
    if mode == "person_most":
        counts = projects_held(ctx)
        top = max(counts.values(), default=0)
        names = sorted(ctx.plan.people[pid] for pid, n in counts.items() if n == top)
        return Result(query, q.RANKING, people=names, count=top, groups=[(n, top) for n in names])
    if mode == "lead_and_deputy":  # a lead of one project and a deputy on another
        led, deputised = projects_held(ctx, keep), projects_held(ctx, keep, "deputy", besides="lead")
        both = sorted((ctx.plan.people[pid], deputised[pid]) for pid in led if deputised[pid])
        return Result(query, q.RANKING, people=[n for n, _ in both], count=len(both), groups=list(both))
    led = projects_held(ctx, keep)
    if mode == "leads_several":
        led = Counter({pid: n for pid, n in led.items() if n > 1})
    names = sorted(ctx.plan.people[pid] for pid in led)
    return Result(
        query, q.RANKING, people=names, count=len(names), groups=[(ctx.plan.people[p], n) for p, n in led.items()]
    )


def projects_held(
    ctx, keep: Callable[[ProjectInfo], bool] = lambda p: True, role: str = "lead", besides: str = ""
) -> Counter:
    """How many active projects (those `keep` passes) each person holds `role` on, by person id; with `besides`,
    only projects on which they do not also hold that other role."""
    counts: Counter = Counter()
    for pid, roles in ctx.plan.roles.items():
        other = {proj for proj, held in roles if held == besides}
        for proj, held in roles:
            p = ctx.plan.projects.get(proj)
            if held == role and proj not in other and p and p.status not in INACTIVE and keep(p):
                counts[pid] += 1
    return counts
