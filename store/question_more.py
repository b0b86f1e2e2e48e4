"""Executing the newer kinds of question: lists with combined filters ("red or amber", "not green", "above
80%", "which of those"), who updated or went quiet in a window, projects with blockers or asks, rankings,
comparisons, a person's projects by role, milestones by status.

Built on the reads `question_repo._Ctx` offers (the plan in memory, latest updates by id, history,
milestones) plus a few statements of its own; lists filter the active projects' latest updates in Python,
which at thousands of projects is one statement and a loop.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import Date, bindparam, func, select

from programme.access import may_see_missing_updates
from programme.questions import answers_more
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import REFUSED, MilestoneInfo, ProjectInfo, Result, UpdateInfo

from .models import Digest, Milestone, StatusUpdate, UpdateCycle
from .types import UTCDateTime

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
    if query.person_ids and entry is not None and not set(query.person_ids) & set(entry.leads + entry.deputies):
        return False
    return True


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
    in ref order. The plan in memory is already in ref order; with the snapshot of latest updates in memory
    this is one loop, and a ProjectInfo is copied only for the projects kept."""
    return [replace(p, latest=u) for p, u in await kept(ctx, query, detail, keep)]


async def kept(ctx, query: Query, detail: str = "light", keep=None) -> list[tuple[ProjectInfo, UpdateInfo | None]]:
    """`snapshot` without the copies: (project facts, latest update) pairs, for lists that count many and
    show a few."""
    active, by_area, by_enabler = _indexes(ctx)
    facts = by_area.get(query.area, []) if query.area else by_enabler.get(query.enabler, []) if query.enabler \
        else active
    if query.within or query.person_ids or (query.area and query.enabler):
        facts = [p for p in facts if _keep(ctx, query, p)]
    if detail in ("light", "brief") and ctx.snapshot is not None:
        get = ctx.snapshot.get  # every project's latest update, in memory
    else:
        latest = await ctx.latest([p.id for p in facts], detail) if facts else {}
        get = latest.get
    if keep is None:
        return [(p, get(p.id)) for p in facts]
    return [(p, u) for p in facts if keep(p, u := get(p.id))]


async def listing(ctx, query: Query) -> Result:
    """Projects by RAG (one or several), progress, area, person, "which of those", two leads, always a RAG."""
    pairs = await kept(ctx, query, keep=lambda p, u: _by_update(query, p, u) and _by_mode(query, p, u))
    total = len(pairs)
    if query.mode == "breakdown":  # how many of each RAG (and not reported)
        counts = Counter(u.rag if u else None for _, u in pairs)
        return Result(query, query.intent, count=total, total=total,
                      groups=[(rag, counts.get(rag, 0)) for rag in ("red", "amber", "green", None)])
    projects = [replace(p, latest=u) for p, u in (pairs if query.mode == "always" else pairs[:LIST_CAP])]
    if query.field == "leads" and projects:  # "who are the deputies for the red projects?": the list's leads
        shown = await ctx.projects([p.id for p in projects[:25]], detail="light")
        asked = query.but(intent=q.PROJECT_LEADS, project_ids=tuple(p.id for p in shown))
        return Result(asked, q.PROJECT_LEADS, projects=shown,
                      people=[n for p in shown for n in (*p.leads, *p.deputies)], count=len(projects))
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
    return result


def _by_mode(query: Query, p: ProjectInfo, u: UpdateInfo | None) -> bool:
    """Never reported, two leads, no deputy, starts/ends in a period (modes that need no history)."""
    if query.field == "not_reported" and u is not None:
        return False
    if query.mode == "two_leads":
        return len(p.leads) >= 2
    if query.mode == "no_deputy":
        return not p.deputies
    if query.mode in ("starts_in", "ends_in", "runs_past") and query.period:
        return _dated(query, p)
    return True


def _dated(query: Query, p: ProjectInfo) -> bool:
    """Does the project start in, end in, or run past the query's period (from the plan's dates)?"""
    period = query.period
    assert period is not None  # asked only of a query with a period (`_by_mode`)
    d = p.start_date if query.mode == "starts_in" else p.end_date
    if d is None:
        return False
    if query.mode == "runs_past":
        return period.end is not None and d > period.end
    return (period.start is None or d >= period.start) and (period.end is None or d <= period.end)


_LAST_DIGEST = select(func.max(Digest.posted_at))


async def _window_of(ctx, query: Query) -> tuple[datetime, datetime]:
    """The window in UTC: since the last digest, since this cycle opened, or the query's dates."""
    if query.period is not None and query.period.since_digest:
        posted = (await ctx.rows(_LAST_DIGEST))[0][0]
        return (posted or ctx.now - timedelta(days=7)), ctx.now
    if query.mode == "cycle":  # from the first day of the cycle (an update early that morning counts)
        opened = await ctx.rows(_CURRENT_CYCLE, {"now": ctx.now})
        if not opened:
            return ctx.now - timedelta(days=7), ctx.now
        return ctx.local_midnight(opened[0][0].astimezone(ctx.zone).date()), ctx.now
    return _window(ctx, query)


def window(ctx, query: Query) -> tuple[datetime, datetime]:
    return _window(ctx, query)


def _window(ctx, query: Query) -> tuple[datetime, datetime]:
    period = query.period
    since = ctx.local_midnight(period.start) if period and period.start else ctx.now - timedelta(days=7)
    until = ctx.now if not period or period.end is None or period.end >= ctx.today else \
        ctx.local_midnight(period.end + timedelta(days=1))
    return since, min(until, ctx.now)


_IN_WINDOW = (select(StatusUpdate.project_id, func.count().label("n"), func.max(StatusUpdate.submitted_at).label("last"))
              .where(StatusUpdate.submitted_at >= bindparam("since", type_=UTCDateTime()),
                     StatusUpdate.submitted_at < bindparam("until", type_=UTCDateTime()))
              .group_by(StatusUpdate.project_id))


async def updated(ctx, query: Query) -> Result:
    """Projects that sent an update in the window (their latest RAG filters), how many updates came in.
    Asked of named projects ("has carers updated this week?"): yes or no, and when each last did."""
    since, until = await _window_of(ctx, query)
    if until >= ctx.now and query.mode != "updates" and ctx.snapshot is not None:
        # a window ending now: a project sent something in it if its latest update is in it (no query)
        pairs = await kept(ctx, query, keep=lambda p, u: u is not None and u.submitted_at is not None
                           and u.submitted_at >= since and _by_update(query, p, u))
        rows = {p.id: 1 for p, _ in pairs}
    else:
        rows = {r.project_id: r.n for r in await ctx.rows(_IN_WINDOW, {"since": since, "until": until})}
        pairs = await kept(ctx, query, keep=lambda p, u: p.id in rows and _by_update(query, p, u))
    projects = [replace(p, latest=u) for p, u in pairs[:LIST_CAP]]
    result = Result(query, q.UPDATED, projects=projects, count=len(pairs), total=len(pairs), since=since,
                    until=until, updates_count=sum(rows[p.id] for p, _ in pairs))
    if query.yes_no and query.within and len(query.within) <= 3:
        result.answer = "yes" if projects else "no"
        result.projects = await snapshot(ctx, query, "light")  # the projects asked about, updated or not
        result.message = "asked"
        return result
    if query.mode == "updates":
        result.count = result.updates_count
    if query.yes_no:
        result.answer = "yes" if pairs else "no"
    return result


_CURRENT_CYCLE = (select(UpdateCycle.opens_at).where(UpdateCycle.opens_at <= bindparam("now", type_=UTCDateTime()))
                  .order_by(UpdateCycle.opens_at.desc()).limit(1))


async def not_updated(ctx, query: Query, refusal) -> Result:
    """Projects with no update in the window (or this cycle): admins and the DLG, in a 1:1 chat only."""
    if not may_see_missing_updates(ctx.viewer):
        return Result(query, REFUSED, message=refusal(ctx.viewer))
    if query.period is None:
        opened = (await ctx.rows(_CURRENT_CYCLE, {"now": ctx.now}))
        since, until = (opened[0][0] if opened else ctx.now - timedelta(days=7)), ctx.now
    else:
        since, until = _window(ctx, query)
        if query.mode == "quiet":
            until = ctx.now
    if until >= ctx.now and ctx.snapshot is not None:  # nothing since: its latest update is older (no query)
        projects = await snapshot(ctx, query, keep=lambda p, u: (u is None or u.submitted_at is None
                                                                 or u.submitted_at < since) and _by_update(query, p, u))
    else:
        sent = {r.project_id for r in await ctx.rows(_IN_WINDOW, {"since": since, "until": until})}
        projects = await snapshot(ctx, query, keep=lambda p, u: p.id not in sent and _by_update(query, p, u))
    return Result(query, q.NOT_UPDATED, projects=projects, count=len(projects), total=len(projects), since=since,
                  until=until)


async def with_field(ctx, query: Query) -> Result:
    """Projects whose latest update has blockers / asks of the DLG / risks (what the viewer may see)."""
    candidates = await snapshot(ctx, query, keep=lambda p, u: u is not None and _by_update(query, p, u))
    full = await ctx.latest([p.id for p in candidates], "full") if candidates else {}
    projects = [replace(p, latest=full.get(p.id)) for p in candidates]
    field = query.field
    since: datetime | None = None
    until: datetime | None = None
    if query.period:
        since, until = await _window_of(ctx, query)
    out = []
    for p in projects:
        u = p.latest
        if u is None or not _by_update(query, p):
            continue
        if since and until and not (u.submitted_at and since <= u.submitted_at < until):  # (both or neither)
            continue
        texts: dict[str | None, str] = {"asks": u.asks, "blockers": u.blockers}
        value = texts.get(field)
        has = bool(u.risks) if field == "risks" else not empty(value)
        if has != (query.mode == "without"):
            out.append(p)
    result = Result(query, q.WITH_FIELD, projects=out, count=len(out), total=len(out), since=since, until=until)
    if query.yes_no:
        result.answer = "yes" if out else "no"
    return result


async def ranking(ctx, query: Query) -> Result:
    """The top of a ranking, ties kept: progress, an area's count of a RAG, a person's projects, first to end."""
    mode = query.mode
    if mode == "person_most":
        counts = Counter(pid for pid, roles in ctx.plan.roles.items() for proj, role in roles
                         if role == "lead" and ctx.plan.projects.get(proj) and
                         ctx.plan.projects[proj].status not in INACTIVE)
        top = max(counts.values(), default=0)
        names = sorted(ctx.plan.people[pid] for pid, n in counts.items() if n == top)
        return Result(query, q.RANKING, people=names, count=top, groups=[(n, top) for n in names])
    if mode == "area_most":
        rags = set(_rags(query) or ("red",))
        pairs = await kept(ctx, query, keep=lambda p, u: u is not None and u.rag in rags and bool(p.area))
        counts = Counter(p.area for p, _ in pairs)
        top = max(counts.values(), default=0)
        groups = sorted((a, n) for a, n in counts.items() if n == top)
        winners = {a for a, _ in groups}
        return Result(query, q.RANKING, count=top, groups=groups,
                      projects=[replace(p, latest=u) for p, u in pairs if p.area in winners][:LIST_CAP])
    if mode == "finishes_first":
        pairs = await kept(ctx, query, keep=lambda p, u: p.end_date is not None and _by_update(query, p, u))
        first = min((p.end_date for p, _ in pairs if p.end_date is not None), default=None)  # (kept: all have one)
        ending = [replace(p, latest=u) for p, u in pairs if p.end_date == first]
        return Result(query, q.RANKING, projects=ending[:LIST_CAP], count=len(ending), total=len(ending))
    unfiltered = not _rags(query) and query.progress_min is None and query.progress_max is None
    pairs = await kept(ctx, query, keep=lambda p, u: u is not None and u.progress is not None
                       and (unfiltered or _by_update(query, p, u)))
    pick = max if mode == "most_progress" else min
    # (`kept` let through only updates with a progress figure: the `is not None`s are for the type checker)
    best = pick((u.progress for _, u in pairs if u is not None and u.progress is not None), default=None)
    leaders = [(p, u) for p, u in pairs if u is not None and u.progress == best]
    return Result(query, q.RANKING, projects=[replace(p, latest=u) for p, u in leaders[:LIST_CAP]],
                  count=len(leaders), total=len(leaders))


async def as_of(ctx, query: Query, result: Result) -> Result:
    """'what did the app ask the DLG for back in November?': each project's last update in that period."""
    since, until = _window(ctx, query.but(period=query.compare_to))
    rows = await ctx.rows(_LAST_IN, {"ids": list(query.project_ids), "since": since, "until": until})
    last: dict[int, int] = {}
    for r in rows:
        last[r.project_id] = max(last.get(r.project_id, 0), r.id)
    updates = await ctx.updates(list(last.values())) if last else {}
    if not updates:  # nothing from then: say so, do not answer from another time
        label = query.compare_to.label if query.compare_to else "then"
        return Result(query, q.UNKNOWN, message=f"I hold no update from that project {label}, so I can't say what "
                                                "it reported then.")
    result.projects = [replace(p, latest=updates.get(p.id)) for p in result.projects]
    result.since, result.until = since, until
    return result


_LAST_IN = (select(StatusUpdate.id, StatusUpdate.project_id)
            .where(StatusUpdate.project_id.in_(bindparam("ids", expanding=True)),
                   StatusUpdate.submitted_at >= bindparam("since", type_=UTCDateTime()),
                   StatusUpdate.submitted_at < bindparam("until", type_=UTCDateTime())))


_SENTENCE = re.compile(r"[^.;]*\d[^.;]*[.;]?")


def figure(query: Query, result: Result) -> Result:
    """'how many hubs are open?': the sentence of the latest update that gives a number about the words asked,
    or "not sure" (a figure the updates do not give is not guessed)."""
    stems = [t.rstrip("s")[:5] for t in query.terms]
    for p in result.projects:
        u = p.latest
        if u is None:
            continue
        for text in (u.summary, u.achievements, u.next_steps, u.blockers, u.rag_reason):
            for sentence in _SENTENCE.findall(text or ""):
                lowered = sentence.lower()
                if stems and any(s in lowered for s in stems):
                    result.message = sentence.strip()
                    result.projects = [p]
                    return result
    return Result(query, q.UNKNOWN)


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
    result = Result(query, q.LED_BY_PERSON, projects=leads, deputy_projects=deputies, people=names,
                    count=len(shown))
    if query.yes_no:
        result.answer = "yes" if shown else "no"
    return result


_MILESTONES = select(Milestone.project_id, Milestone.title, Milestone.due_date, Milestone.status,
                     Milestone.completed_on).where(Milestone.due_date.is_not(None),
                                                   Milestone.due_date >= bindparam("start", type_=Date()),
                                                   Milestone.due_date <= bindparam("end", type_=Date()))


async def milestones(ctx, query: Query) -> Result:
    """Milestones due in the period, by status (open, done, not started), area, person; the oldest overdue."""
    period = query.period
    start = period.start if period and period.start else ctx.today.replace(year=ctx.today.year - 20)
    end = period.end if period and period.end else ctx.today.replace(year=ctx.today.year + 20)
    rows = await ctx.rows(_MILESTONES, {"start": start, "end": end})
    keep = {p.id for p in _active(ctx) if _keep(ctx, query, p)}
    status = query.status
    words = [w[:5] for w in query.title if len(w) > 2]
    found = [MilestoneInfo(*r) for r in rows if r.project_id in keep and (
        r.status == status if status in ("done", "not started") else (r.status != "done" or words))
        and all(w in r.title.lower() for w in words)]
    found.sort(key=lambda m: (m.due_date, m.project_id))
    if query.mode == "oldest" and found:
        found = [m for m in found if m.due_date == found[0].due_date]
    projects = await ctx.projects({m.project_id for m in found}, detail=None) if found else []
    result = Result(query, q.MILESTONES_DUE, projects=projects, milestones=found, count=len(found))
    if query.yes_no:
        result.answer = "yes" if found else "no"
    return result


def needs_more(query: Query) -> bool:
    """Does a list or milestone question use a filter only this module applies?"""
    return bool(query.rags and len(query.rags) > 1 or query.within or query.progress_min is not None
                or query.progress_max is not None or query.person_ids or query.mode or query.status
                or query.yes_no or query.title or query.field == "leads")
