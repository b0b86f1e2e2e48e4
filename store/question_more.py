"""Executing the newer kinds of question: lists with combined filters ("red or amber", "not green", "above
80%", "which of those"), rankings, comparisons, a person's projects by role, a figure from an update.
Questions about a window of time are in store/question_windows.py, about milestones in question_milestones.py.

Built on the reads `question_reads._Ctx` offers (the plan in memory, latest updates by id, history,
milestones) plus a few statements of its own; lists filter the board in memory (every active project
beside its latest update, store/question_board.py) or, without it, the active projects' latest updates.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from programme.questions import answers_more
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import ProjectInfo, Result, UpdateInfo

from .question_people import PEOPLE_MODES, people_ranking

INACTIVE = ("retired", "closed")
LIST_CAP = 200  # projects kept in one answer (the count is of all of them), as question_repo's lists


def empty(text: str | None) -> bool:
    """'None', 'N/A', 'No decisions needed': nothing there (leads type these into boxes they must fill)."""
    return answers_more.empty(text)


_INDEXES: dict[int, tuple] = {}  # id(plan) -> (plan, active projects, by area, by enabler)


def _indexes(ctx) -> tuple[list[ProjectInfo], dict[str, list[ProjectInfo]], dict[str, list[ProjectInfo]]]:
    """Active projects in ref order, and by area and enabler key: built once per plan in memory."""
    plan = ctx.plan
    cached = _INDEXES.get(id(plan))
    if cached is None or cached[0] is not plan:
        active = [p for p in plan.projects.values() if p.status not in INACTIVE]
        by_area: dict[str, list[ProjectInfo]] = {}
        by_enabler: dict[str, list[ProjectInfo]] = {}
        for p in active:
            entry = plan.vocab.projects.get(p.id)
            if entry is not None and entry.area:
                by_area.setdefault(entry.area, []).append(p)
            for key in entry.enablers if entry is not None else ():
                by_enabler.setdefault(key, []).append(p)
        _INDEXES.clear()
        cached = _INDEXES[id(plan)] = (plan, active, by_area, by_enabler)
    return cached[1], cached[2], cached[3]


def _active(ctx) -> list[ProjectInfo]:
    return _indexes(ctx)[0]


def _keep(ctx, query: Query, p: ProjectInfo) -> bool:
    """Area, enabler, person and "which of those" filters (the ones that need no update)."""
    entry = ctx.plan.vocab.projects.get(p.id)
    if query.within and p.id not in query.within:
        return False
    if query.area and (entry is None or entry.area != query.area):
        return False
    if query.enabler and (entry is None or query.enabler not in entry.enablers):
        return False
    if query.person_ids and entry is not None and not set(query.person_ids) & set(_people_in_role(entry, query.role)):
        return False
    return True


def _people_in_role(entry, role: str) -> tuple[int, ...]:
    """A list filtered by a person: "Priya's projects", "led by Gareth" are those they lead; "the ones Wei is
    deputy on" those they deputise on; "involved in", "on" both."""
    if role == "deputy":
        return entry.deputies
    if role == "both":
        return entry.leads + entry.deputies
    return entry.leads


def _rags(query: Query) -> tuple[str, ...]:
    return query.rags or ((query.rag,) if query.rag else ())


def _by_update(query: Query, p: ProjectInfo, latest: UpdateInfo | None = None) -> bool:
    """RAG and progress filters, on `latest` (or the project's own latest update)."""
    if not query.rags and not query.rag and query.progress_min is None and query.progress_max is None:
        return True
    rags, lo, hi = _rags(query), query.progress_min, query.progress_max
    u = latest if latest is not None else p.latest
    if rags and (u.rag if u else None) not in rags:
        return False
    prog = u.progress if u else None
    if lo is not None and (prog is None or prog <= lo):
        return False
    if hi is not None and (prog is None or prog >= hi):
        return False
    return True


async def snapshot(ctx, query: Query, detail: str = "light", keep=None) -> list[ProjectInfo]:
    """Active projects passing the plan filters (and `keep(project, latest)`), each with its latest update,
    in ref order. With the snapshot of latest updates in memory this is one loop over the board, and each
    project shown is made once per snapshot."""
    board = ctx.board if detail in ("light", "brief") else None
    if board is not None:
        return [board.shown(p, u) for p, u in await kept(ctx, query, detail, keep)]
    return [replace(p, latest=u) for p, u in await kept(ctx, query, detail, keep)]


async def kept(ctx, query: Query, detail: str = "light", keep=None) -> list[tuple[ProjectInfo, UpdateInfo | None]]:
    """`snapshot` without the copies: (project facts, latest update) pairs, for lists that count many and
    show a few."""
    board = ctx.board if detail in ("light", "brief") else None
    if board is not None:  # every project's latest update, in memory
        pairs = board.scope(query.area, query.enabler)
        if query.within or query.person_ids:
            pairs = [x for x in pairs if _keep(ctx, query, x[0])]
        return list(pairs) if keep is None else [x for x in pairs if keep(*x)]
    active, by_area, by_enabler = _indexes(ctx)
    facts = (
        by_area.get(query.area, []) if query.area else by_enabler.get(query.enabler, []) if query.enabler else active
    )
    if query.within or query.person_ids or (query.area and query.enabler):
        facts = [p for p in facts if _keep(ctx, query, p)]
    latest = await ctx.latest([p.id for p in facts], detail) if facts else {}
    get = latest.get
    if keep is None:
        return [(p, get(p.id)) for p in facts]
    return [(p, u) for p in facts if keep(p, u := get(p.id))]


def _by_rag_alone(query: Query) -> bool:
    """Does a list keep projects by their latest RAG alone (no progress, dates, roles or "never reported")?"""
    return (
        query.progress_min is None
        and query.progress_max is None
        and query.field != "not_reported"
        and query.mode not in ("two_leads", "no_deputy", "with_deputy")
        and not (query.mode in ("starts_in", "ends_in", "runs_past") and query.period)
    )


async def _passing(ctx, query: Query) -> list[tuple[ProjectInfo, UpdateInfo | None]]:
    """(project, latest update) pairs passing the plan filters and the RAG and progress ones (`_by_update`),
    in ref order; with the board in memory, its index by RAG (a list the caller must not change)."""
    board = ctx.board
    if board is None or query.progress_min is not None or query.progress_max is not None:
        return await kept(ctx, query, keep=lambda p, u: _by_update(query, p, u))
    rags = _rags(query)
    pairs = board.with_rags(query.area, query.enabler, rags) if rags else board.scope(query.area, query.enabler)
    if query.within or query.person_ids:
        pairs = [x for x in pairs if _keep(ctx, query, x[0])]
    return pairs


def _derived(ctx, query: Query, what: tuple, build):
    """`build()`, a list or figure derived from the snapshot for this query's filters (`what` names the
    rest of what it depends on): made once per snapshot with the board, every time without it."""
    board = ctx.board
    if board is None:
        return build()
    return board.view((*what, *_filters_of(query)), build)


def _filters_of(query: Query) -> tuple:
    """Everything `_passing` filters by: its list is the same for the same filters and snapshot."""
    return (
        query.area,
        query.enabler,
        _rags(query),
        query.progress_min,
        query.progress_max,
        query.within,
        query.person_ids,
        query.role if query.person_ids else "",
    )


def _shown(ctx, pairs) -> list[ProjectInfo]:
    board = ctx.board
    if board is not None:
        return [board.shown(p, u) for p, u in pairs]
    return [replace(p, latest=u) for p, u in pairs]


async def listing(ctx, query: Query) -> Result:
    """Projects by RAG (one or several), progress, area, person, "which of those", two leads, always a RAG."""
    if query.mode in ("ever", "ever_not_now"):
        return await _ever(ctx, query)
    if _by_rag_alone(query):
        pairs = await _passing(ctx, query)
    else:
        pairs = await kept(ctx, query, keep=lambda p, u: _by_update(query, p, u) and _by_mode(query, p, u))
    total = len(pairs)
    if query.mode == "breakdown":  # how many of each RAG (and not reported)
        counts = Counter(u.rag if u else None for _, u in pairs)
        return Result(
            query,
            query.intent,
            count=total,
            total=total,
            groups=[(rag, counts.get(rag, 0)) for rag in ("red", "amber", "green", None)],
        )
    projects = _shown(ctx, pairs if query.mode == "always" else pairs[:LIST_CAP])
    if query.field == "leads" and projects:  # "who are the deputies for the red projects?": the list's leads
        shown = await ctx.projects([p.id for p in projects[:25]], detail="light")
        asked = query.but(intent=q.PROJECT_LEADS, project_ids=tuple(p.id for p in shown))
        return Result(
            asked,
            q.PROJECT_LEADS,
            projects=shown,
            people=[n for p in shown for n in (*p.leads, *p.deputies)],
            count=len(projects),
        )
    if query.mode == "always":
        history = await ctx.history([p.id for p in projects])
        rags = _rags(query) or ("red",)
        seen: dict[int, set] = {}
        for u in history:
            seen.setdefault(u.project_id, set()).add(u.rag)
        projects = [p for p in projects if seen.get(p.id) and seen[p.id] <= set(rags)]
    if query.mode == "always":
        total = len(projects)
    result = Result(query, query.intent, projects=projects[:LIST_CAP], count=total, total=total)
    if query.yes_no:
        if query.mode == "all" and query.within:
            result.answer = "yes" if total == len(query.within) and total else "no"
        else:
            result.answer = "yes" if projects else "no"
        if not projects and query.within:  # "are any of them red?" — no: the ones looked at, as they are now
            result.checked = await ctx.projects(list(query.within[:LIST_CAP]), detail="light")
    return result


async def _ever(ctx, query: Query) -> Result:
    """'which projects have been red at any point': those whose history (the last cycles kept) has that RAG,
    whatever it is now."""
    pairs = await kept(ctx, query.but(rags=(), rag=None))
    rags = set(_rags(query) or ("red",))
    seen: dict[int, set] = {}
    for u in await ctx.history([p.id for p, _ in pairs]) if pairs else []:
        seen.setdefault(u.project_id, set()).add(u.rag)
    found = [(p, u) for p, u in pairs if seen.get(p.id, set()) & rags]
    if query.mode == "ever_not_now":  # "red at some point but aren't now": not those that are now
        found = [(p, u) for p, u in found if u is None or u.rag not in rags]
    result = Result(query, query.intent, projects=_shown(ctx, found[:LIST_CAP]), count=len(found), total=len(found))
    if query.yes_no:
        result.answer = "yes" if found else "no"
    return result


def _by_mode(query: Query, p: ProjectInfo, u: UpdateInfo | None) -> bool:
    """Never reported, two leads, no deputy, starts/ends in a period (modes that need no history)."""
    if query.field == "not_reported" and u is not None:
        return False
    if query.mode == "two_leads":
        return len(p.leads) >= 2
    if query.mode == "no_deputy":
        return not p.deputies
    if query.mode == "with_deputy":
        return bool(p.deputies)
    if query.mode in ("starts_in", "ends_in", "runs_past") and query.period:
        return _dated(query, p)
    return True


def _dated(query: Query, p: ProjectInfo) -> bool:
    """Does the project start in, end in, or run past the query's period (from the plan's dates)?"""
    period = query.period
    if period is None:
        return False
    d = p.start_date if query.mode == "starts_in" else p.end_date
    if d is None:
        return False
    if query.mode == "runs_past":
        return period.end is not None and d > period.end
    return (period.start is None or d >= period.start) and (period.end is None or d <= period.end)


async def ranking(ctx, query: Query) -> Result:
    """The top of a ranking, ties kept: progress, an area's count of a RAG, a person's projects, first to end."""
    mode = query.mode
    if mode in PEOPLE_MODES:
        return people_ranking(ctx, query, lambda p: _keep(ctx, query, p))
    if mode == "area_count":
        counts = Counter(p.area for p in ctx.plan.projects.values() if p.area and p.status not in INACTIVE)
        top = max(counts.values(), default=0)
        return Result(query, q.RANKING, count=top, groups=sorted((a, n) for a, n in counts.items() if n == top))
    if mode in ("area_most", "area_fewest"):
        asked = query.but(rags=_rags(query) or ("red",), rag=None, progress_min=None, progress_max=None)
        passing = await _passing(ctx, asked)
        areas = {p.area for p in ctx.plan.projects.values() if p.area and p.status not in INACTIVE}
        top, groups, pairs = _derived(ctx, asked, (mode,), lambda: _area_most(passing, areas, mode == "area_fewest"))
        return Result(query, q.RANKING, count=top, groups=list(groups), projects=_shown(ctx, pairs))
    if mode in _BY_DATE:
        passing = await _passing(ctx, query)
        top = _derived(ctx, query, (mode,), lambda: _by_date(passing, *_BY_DATE[mode]))
        return Result(query, q.RANKING, projects=_shown(ctx, top[:LIST_CAP]), count=len(top), total=len(top))
    passing = await _passing(ctx, query)
    top = _derived(
        ctx, query, ("progress", mode), lambda: _by_progress(passing, max if mode == "most_progress" else min)
    )
    return Result(query, q.RANKING, projects=_shown(ctx, top[:LIST_CAP]), count=len(top), total=len(top))


def _area_most(passing, areas: set, fewest: bool = False) -> tuple[int, list[tuple[str, int]], list]:
    """The areas with the most (or the fewest: every area with active projects counts, none passing is 0) of the
    projects passing (those reported), and the first of their projects."""
    pairs = [(p, u) for p, u in passing if u is not None and p.area]
    counts = Counter(p.area for p, _ in pairs)
    if fewest:
        counts.update({a: 0 for a in areas})  # an area none of whose projects pass has the fewest: none
    top = (min if fewest else max)(counts.values(), default=0)
    groups = sorted((a, n) for a, n in counts.items() if n == top)
    winners = {a for a, _ in groups}
    return top, groups, [x for x in pairs if x[0].area in winners][:LIST_CAP]


# ranking mode -> (the plan's date it ranks by, the one wanted: earliest or latest)
_BY_DATE = {
    "finishes_first": ("end_date", min),
    "finishes_last": ("end_date", max),
    "starts_first": ("start_date", min),
    "starts_last": ("start_date", max),
}


def _by_date(passing, attr: str, pick) -> list:
    """The projects whose start (or end) date in the plan is the earliest (or latest), ties kept."""
    pairs = [(p, u) for p, u in passing if getattr(p, attr) is not None]
    best = pick((getattr(p, attr) for p, _ in pairs), default=None)
    return [(p, u) for p, u in pairs if getattr(p, attr) == best]


def _by_progress(passing, pick) -> list:
    """The projects at the highest (or lowest) progress reported, ties kept."""
    pairs = [(p, u) for p, u in passing if u is not None and u.progress is not None]
    best = pick((u.progress for _, u in pairs), default=None)
    return [(p, u) for p, u in pairs if u.progress == best]


async def compare(ctx, query: Query) -> Result:
    projects = await ctx.projects(query.project_ids, detail="light")
    order = {pid: i for i, pid in enumerate(query.project_ids)}
    return Result(query, q.COMPARE, projects=sorted(projects, key=lambda p: order.get(p.id, 0)))


async def led_by(ctx, query: Query) -> Result:
    """A person's projects by role (lead, deputy, or both), leaving out any asked to be left out."""
    roles = [r for pid in query.person_ids for r in ctx.plan.roles.get(pid, ())]
    lead_ids = {pid for pid, role in roles if role == "lead"} - set(query.exclude_ids)
    deputy_ids = {pid for pid, role in roles if role == "deputy"} - lead_ids - set(query.exclude_ids)
    projects = [p for p in await ctx.projects(lead_ids | deputy_ids) if p.status not in INACTIVE] if roles else []
    names = [ctx.plan.people[i] for i in query.person_ids if i in ctx.plan.people]
    leads = [p for p in projects if p.id in lead_ids]
    deputies = [p for p in projects if p.id in deputy_ids]
    shown = {"lead": leads, "deputy": deputies}.get(query.role or "lead", leads + deputies)
    result = Result(query, q.LED_BY_PERSON, projects=leads, deputy_projects=deputies, people=names, count=len(shown))
    if query.yes_no:
        result.answer = "yes" if shown else "no"
    return result


def needs_more(query: Query) -> bool:
    """Does a list or milestone question use a filter only this module applies?"""
    return bool(
        query.rags
        and len(query.rags) > 1
        or query.within
        or query.progress_min is not None
        or query.progress_max is not None
        or query.person_ids
        or query.mode
        or query.status
        or query.yes_no
        or query.title
        or query.field == "leads"
    )
