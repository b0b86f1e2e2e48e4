"""Answering parsed questions from the database, in a few queries each, already filtered for the viewer.

Read-only apart from the conversation's follow-up context (store/question_plan.py, with the plan and the
snapshot of latest updates kept in memory). Every list is built with a handful of set-based queries or
from the board in memory (no query per project), so answers stay fast with thousands of projects and
tens of thousands of updates. The reads the answers are built from, and the per-viewer filtering of
sensitive risks, are in store/question_reads.py.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from functools import cache

from sqlalchemy import and_, bindparam, func, not_, or_, select
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import aliased

from programme.access import Viewer
from programme.questions import query as q
from programme.questions.decisions import DECISIONS
from programme.questions.query import Query
from programme.questions.results import AMBIGUOUS, NOT_FOUND, Change, ProjectInfo, Result, UpdateInfo

from . import (
    decisions_query,
    question_changes,
    question_detail,
    question_milestones,
    question_more,
    question_replanned,
    question_said,
    question_search,
    question_sent,
    question_windows,
)
from .models import Digest, Project, StatusUpdate
from .question_due import _milestones_due, _missing, _missing_refusal
from .question_plan import Latest, Plan, context_changed, context_from, load_latest, load_plan, opening, save_contexts  # noqa: F401 - the engine's entry points, used as question_repo.*
from .question_reads import (
    LIST_CAP,
    _brief,
    _Ctx,
    _filter_params,
    _filters,
    _history_of,
    _latest_id,
    _milestones_of,
    _ordered,
    _projects_by_id,
    _shape,
)
from .types import UTCDateTime

# --- executing a query --------------------------------------------------------------------


async def execute(
    conn: AsyncConnection,
    query: Query,
    viewer: Viewer,
    *,
    now: datetime,
    plan: Plan,
    tz: str = "Europe/London",
    latest: Latest | None = None,
) -> Result:
    """The structured answer to `query`, as `viewer` may see it."""
    if query.ambiguous:
        return Result(query, AMBIGUOUS)
    if query.intent == q.UNKNOWN and query.not_found:
        return Result(query, NOT_FOUND, message=query.not_found)
    if query.intent in (q.HELP, q.UNKNOWN) or not query.answerable:
        return Result(query, query.intent if query.intent == q.HELP else q.UNKNOWN)
    ctx = _Ctx(conn, viewer, now, tz, plan, latest)
    handler = _HANDLERS[query.intent]
    if query.intent in _LISTS and (question_more.needs_more(query) or ctx.snapshot is not None):
        handler = question_more.listing
    elif query.intent == q.MILESTONES_DUE and (question_more.needs_more(query) or query.rags):
        handler = question_milestones.milestones
    result = await handler(ctx, query)
    if query.within and query.from_context and query.period and query.intent in _LISTS and result.since is None:
        # "which of those are red?" after a list over a window: the window of that list, said again
        result.since, result.until = await question_windows._window_of(ctx, query)
    result.today = ctx.today
    return result


# --- one project --------------------------------------------------------------------------


async def _about_projects(ctx: _Ctx, query: Query) -> Result:
    projects = _ordered(await _projects_by_id(ctx, query.project_ids, detail="full", enablers=True), query.project_ids)
    result = Result(query, query.intent, projects=projects)
    result.people = [n for p in projects for n in (*p.leads, *p.deputies)]
    if projects and all(p.latest is None for p in projects) and _asks_for_a_report(query):
        names = " and ".join(p.name for p in projects)
        return Result(
            query,
            q.UNKNOWN,
            message=f"{names} {'has' if len(projects) == 1 else 'have'} not sent an "
            "update yet, so I have no RAG, progress or news to give.",
        )
    if query.field in ("risks", "issues"):
        result.withheld = sum(p.latest.withheld_risks for p in projects if p.latest)
    if query.field == "asks":  # the latest update's asks, and those still open from earlier cycles
        result.carried_asks = await ctx.carried_asks(projects)
    if query.field == "milestones":
        result.milestones = await _milestones_of(ctx, query.project_ids)
        if query.title and query.mode == "moved":  # "has the launch slipped?": the days given for it
            return await question_said.moved(ctx, query, result)
        replanned = question_replanned.moved(query, replace(result)) if query.title else None
        if replanned is not None:  # "is HRP still going live before Christmas?": the latest update moved it
            return replanned
        if query.title and query.mode in ("done", "when"):
            found = question_milestones.event(query, result)
            if query.mode == "done" and found.kind != q.UNKNOWN:  # "… live in all schools yet?": and what updates say
                found = await question_detail.sentence_about(ctx, found, query.title)
            if found.kind == q.UNKNOWN and query.mode == "when":  # no milestone: a day an update gives for it
                return await question_said.said_in_updates(ctx, query, result, query.title, "date") or found
            return found
    if query.field == "history":
        result.history = await _history_of(ctx, query.project_ids)
        if query.mode == "at" and query.compare_to:  # "its RAG in October": none by then is none, not the latest
            asked = query.compare_to
            end = asked.end or asked.start or ctx.today
            by_then = q.DateRange(end - timedelta(days=3653), end, asked.label)  # any update up to then (ten years)
            then = await question_windows.as_of(ctx, query.but(compare_to=by_then), replace(result))
            if then.kind == q.UNKNOWN:
                return then
            result.history = _with_updates_of_then(result.history, then.projects)
            result.since, result.until = question_windows.window(ctx, query.but(period=asked))
    if query.mode == "at" and query.compare_to and query.field != "history":
        result = await question_windows.as_of(ctx, query, result)
    elif query.period is not None and query.field in ("summary", "last_update") and not query.period.since_digest:
        result.since, _ = question_windows.window(ctx, query)  # "anything new on ASC since Monday?": say the window
    if query.mode == "figure":
        return await question_said.figure(ctx, query, result)
    if query.field == "why" and question_detail.asks_why_it_fell(query.text):  # "why did its % go down?"
        return await question_detail.why_progress_fell(ctx, result)
    return result


def _with_updates_of_then(history: list[UpdateInfo], then: list[ProjectInfo]) -> list[UpdateInfo]:
    """The history shown, with each project's update of the moment asked put in its place when it is older than
    the cycles shown ("its RAG in August" when the history starts in September): the answer reads that one."""
    shown = {u.id for u in history}
    added = [p.latest for p in then if p.latest is not None and p.latest.id not in shown]
    if not added:
        return history
    order = {pid: i for i, pid in enumerate(dict.fromkeys(u.project_id for u in [*history, *added]))}
    return sorted([*history, *added], key=lambda u: (order[u.project_id], u.submitted_at or _EPOCH))


_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


_REPORTED = (
    "progress",
    "summary",
    "last_update",
    "history",
    "achievements",
    "next_steps",
    "blockers",
    "asks",
    "risks",
    "issues",
    "why",
)


def _asks_for_a_report(query: Query) -> bool:
    """Does the question ask for what an update says (its RAG, progress, news)? Of a project that never sent one,
    the answer is that there is none — not "Not reported" dressed up as a status."""
    if query.intent == q.PROJECT_FIELD:
        return query.field in _REPORTED
    text = f" {query.text} "
    return query.intent == q.PROJECT_OVERVIEW and any(
        f" {w} " in text
        for w in ("rag", "colour", "color", "rating", "rated", "progress", "percent", "red", "amber", "green")
    )


# --- lists of projects --------------------------------------------------------------------


@cache
def _listing_stmt(area: bool, enabler: bool, mode: str):
    """Projects by area, enabler, RAG (`mode` "rag", `:rag`) or not yet reported ("missing"), with their
    latest RAG and progress and the total count, in ref order, capped."""
    conds = _filters(area, enabler)
    if mode == "missing":
        conds.append(StatusUpdate.id.is_(None))
    elif mode == "rag":
        conds.append(StatusUpdate.rag == bindparam("rag"))
    return (
        select(
            Project.id,
            Project.ref,
            Project.name,
            Project.status,
            StatusUpdate.rag,
            StatusUpdate.progress_pct,
            func.count().over().label("total"),
        )
        .select_from(Project)
        .outerjoin(StatusUpdate, StatusUpdate.id == _latest_id())
        .where(*conds)
        .order_by(Project.ref)
        .limit(LIST_CAP)
    )


async def _listing(ctx: _Ctx, query: Query) -> Result:
    """Projects by area, enabler, RAG or not yet reported: filtered and counted in SQL, listed up to a cap."""
    params = _filter_params(query)
    if query.intent == q.NOT_REPORTED or query.field == "not_reported":
        mode = "missing"
    elif query.rag:
        mode, params["rag"] = "rag", query.rag
    else:
        mode = ""
    rows = await ctx.rows(_listing_stmt(*_shape(query), mode), params)
    projects = await _brief_projects(ctx, rows)
    total = rows[0].total if rows else 0
    return Result(query, query.intent, projects=projects, count=total, total=total)


async def _brief_projects(ctx: _Ctx, rows) -> list[ProjectInfo]:
    """Projects for a list line: name, RAG, progress and leads (from the plan in memory)."""
    facts = ctx.plan.projects
    return [
        ProjectInfo(
            id=r.id,
            ref=r.ref,
            name=r.name,
            status=r.status,
            leads=facts[r.id].leads if r.id in facts else (),
            latest=_brief_update(r.id, r.rag, r.progress_pct),
        )
        for r in rows
    ]


def _brief_update(project_id: int, rag: str | None, progress: int | None, by: str = "") -> UpdateInfo | None:
    """An update known only by its RAG and progress (a row of a join), or None where the join found none."""
    return None if rag is None else _brief(project_id, rag, progress, by)


# --- what changed -------------------------------------------------------------------------


@cache
def _changed_stmts(area: bool, enabler: bool, asked: str):
    """Per project touched in [`:since`, `:until`): its last update in the window against its last one
    before, whether RAG or progress moved, whether that is the change asked about (`asked`: "rag" for
    "went `:rag`", "rag_change", or any move); and the count of projects that did not move."""
    since, until = bindparam("since", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime())
    after, before = aliased(StatusUpdate), aliased(StatusUpdate)
    after_id = _latest_id(lambda u: u.submitted_at >= since, lambda u: u.submitted_at < until)
    before_id = _latest_id(lambda u: u.submitted_at < since)
    moved = or_(before.id.is_(None), after.rag != before.rag, after.progress_pct.is_distinct_from(before.progress_pct))
    if asked == "rag":  # "which projects went red": now that colour, and not that colour before
        wanted = [after.rag == bindparam("rag"), or_(before.id.is_(None), before.rag != bindparam("rag"))]
    elif asked == "rag_change":
        wanted = [or_(before.id.is_(None), after.rag != before.rag)]
    else:
        wanted = []
    touched = select(StatusUpdate.project_id).where(
        StatusUpdate.submitted_at >= since, StatusUpdate.submitted_at < until
    )
    pairs = (
        select(
            Project.id,
            Project.ref,
            Project.name,
            Project.status,
            after.rag,
            after.progress_pct,
            after.submitted_by_name,
            before.id.label("before_id"),
            before.rag.label("before_rag"),
            before.progress_pct.label("before_progress"),
            moved.label("moved"),
            and_(moved, *wanted).label("asked"),
        )
        .select_from(Project)
        .join(after, after.id == after_id)
        .outerjoin(before, before.id == before_id)
        .where(*_filters(area, enabler), Project.id.in_(touched))
        .cte("pairs")
        .prefix_with("MATERIALIZED", dialect="postgresql")
    )
    still = select(func.count()).select_from(pairs).where(not_(pairs.c.moved))
    listed = (
        select(pairs, func.count().over().label("total"), still.scalar_subquery().label("still"))
        .where(pairs.c.asked)
        .order_by(pairs.c.ref)
        .limit(LIST_CAP)
    )
    return listed, still


async def _changed(ctx: _Ctx, query: Query) -> Result:
    result = await _changes(ctx, query)
    if query.within:  # "which of those got worse?": of the projects just listed
        keep = set(query.within)
        result.changes = [c for c in result.changes if c.project.id in keep]
        result.projects = [c.project for c in result.changes]
        result.total = len(result.changes)
    return result


async def _changes(ctx: _Ctx, query: Query) -> Result:
    """Projects whose last update in the window moved RAG or progress from their last one before it,
    or that reported for the first time. Compared, filtered and counted in SQL."""
    since, until, message = await _window(ctx, query)
    if query.mode.startswith("from_") or query.mode == "into":  # "did anything go from red to amber in November",
        # "which went red in November": every step in the window, not the net change
        return await question_changes.transitions(ctx, query, since, until, message)
    if ctx.latest_known is not None and until >= ctx.now:  # a window ending now: from the snapshot in memory
        found = await question_changes.changed_from_snapshot(ctx, query, since, ctx.latest_known)
        if found is not None:
            changes, unchanged, total = found
            return question_changes.changed_result(query, changes, since, message, total, unchanged=unchanged)
    asked = "rag" if query.rag else "rag_change" if query.rag_change else ""
    listed, still = _changed_stmts(*_shape(query), asked)
    params = {**_filter_params(query), "since": since, "until": until}
    if query.rag:
        params["rag"] = query.rag
    rows = await ctx.rows(listed, params)
    projects = {p.id: p for p in await _brief_projects(ctx, rows)}
    changes = [
        Change(
            projects[r.id],
            _brief_update(r.id, r.before_rag, r.before_progress) if r.before_id else None,
            _brief(r.id, r.rag, r.progress_pct, r.submitted_by_name),
        )
        for r in rows
    ]
    total = rows[0].total if rows else 0
    unchanged = rows[0].still if rows else (await ctx.rows(still, params))[0][0]
    if query.mode:  # better / worse / from red: of what moved, only what moved that way
        changes = [
            c
            for c in changes
            if question_changes.moved_as_asked(query, c.before.rag if c.before else None, c.after.rag)
        ]
        total = len(changes)
    return question_changes.changed_result(
        query, changes, since, message, total, unchanged=unchanged, until=until if until < ctx.now else None
    )


_LAST_DIGEST = select(func.max(Digest.posted_at))


async def _window(ctx: _Ctx, query: Query) -> tuple[datetime, datetime, str]:
    period = query.period
    if period is None or period.since_digest:
        posted = (await ctx.rows(_LAST_DIGEST))[0][0]
        if posted is not None:
            return posted, ctx.now, ""
        return ctx.now - timedelta(days=7), ctx.now, "No digest has been posted yet, so this is the last 7 days."
    if period.cycle is not None:
        since, until = await question_windows.cycle_window(ctx, period.cycle)
        return since, until, ""
    since = question_windows.opens(ctx, period) if period.start else ctx.now - timedelta(days=7)
    until = (
        ctx.now if period.end is None or period.end >= ctx.today else ctx.local_midnight(period.end + timedelta(days=1))
    )
    return since, min(until, ctx.now), ""


_LISTS = (q.PROJECTS_BY_RAG, q.COUNT, q.PROJECTS_BY_AREA, q.PROJECTS_BY_ENABLER)
_HANDLERS = {
    q.PROJECT_OVERVIEW: _about_projects,
    q.PROJECT_LEADS: _about_projects,
    q.PROJECT_FIELD: _about_projects,
    q.PROJECTS_BY_AREA: _listing,
    q.PROJECTS_BY_ENABLER: _listing,
    q.PROJECTS_BY_RAG: _listing,
    q.NOT_REPORTED: _listing,
    q.COUNT: _listing,
    q.LED_BY_PERSON: question_sent.led_by,
    q.UPDATED: question_windows.updated,
    q.NOT_UPDATED: lambda ctx, query: question_windows.not_updated(ctx, query, _missing_refusal),
    q.WITH_FIELD: question_windows.with_field,
    q.RANKING: question_more.ranking,
    q.COMPARE: question_more.compare,
    q.CHANGED_SINCE: _changed,
    q.MILESTONES_DUE: _milestones_due,
    q.MISSING_UPDATES: _missing,
    q.SEARCH: question_search.search,
    DECISIONS: decisions_query.execute,
}
