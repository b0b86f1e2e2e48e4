"""Questions about a window of time: who sent an update in it or went quiet, which projects' updates in it
have blockers, asks or risks, and what a project said back then ("what did it ask for in November?").

A window ending now is read from the board in memory (the latest update of each project is in it or not);
a window in the past asks the database which projects sent something in it.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from sqlalchemy import bindparam, func, select

from programme import asks as asks_rules
from programme.access import may_see_missing_updates
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import REFUSED, ProjectInfo, Result, UpdateInfo
from programme.questions.rules_sent import MORE_THAN_ONE

from .models import Ask, Digest, StatusUpdate, UpdateCycle
from .question_more import LIST_CAP, _by_update, _filters_of, _passing, _shown, empty, kept, snapshot
from .types import UTCDateTime

_LAST_DIGEST = select(func.max(Digest.posted_at))


async def _window_of(ctx, query: Query) -> tuple[datetime, datetime]:
    """The window in UTC: since the last digest, since this cycle opened, or the query's dates."""
    if query.period is not None and query.period.since_digest:
        posted = (await ctx.rows(_LAST_DIGEST))[0][0] or ctx.now - timedelta(days=7)
        day = query.period.start  # "on the 17th after the digest": that day, from the digest on
        if day is None:
            return posted, ctx.now
        return max(posted, ctx.local_midnight(day)), min(ctx.now, ctx.local_midnight(day + timedelta(days=1)))
    if query.period is not None and query.period.cycle is not None:
        return await cycle_window(ctx, query.period.cycle)
    if query.mode == "cycle":  # from the first day of the cycle (an update early that morning counts)
        opened = await ctx.rows(_CURRENT_CYCLE, {"now": ctx.now})
        if not opened:
            return ctx.now - timedelta(days=7), ctx.now
        return ctx.local_midnight(opened[0][0].astimezone(ctx.zone).date()), ctx.now
    return _window(ctx, query)


_CYCLES = (
    select(UpdateCycle.opens_at)
    .where(UpdateCycle.opens_at <= bindparam("now", type_=UTCDateTime()))
    .order_by(UpdateCycle.opens_at.desc())
    .limit(2)
)


async def cycle_window(ctx, which: int) -> tuple[datetime, datetime]:
    """This update cycle (0) or the one before (-1), from the first day it opened (an update early that morning
    counts) to the day the next opened, or now."""
    opened = [ctx.local_midnight(r[0].astimezone(ctx.zone).date()) for r in await ctx.rows(_CYCLES, {"now": ctx.now})]
    if len(opened) <= -which:
        return ctx.now - timedelta(days=7 * (1 - which)), ctx.now - timedelta(days=7 * -which)
    return opened[-which], opened[-which - 1] if which else ctx.now


def window(ctx, query: Query) -> tuple[datetime, datetime]:
    return _window(ctx, query)


def opens(ctx, period) -> datetime:
    """When a window opens: a rolling one ("the past fortnight") at the instant that many days before now, any
    other at the start of its first local day."""
    if period.rolling and period.end is not None and period.end >= ctx.today:
        return ctx.now - timedelta(days=(ctx.today - period.start).days)
    return ctx.local_midnight(period.start)


def _window(ctx, query: Query) -> tuple[datetime, datetime]:
    period = query.period
    since = (
        opens(ctx, period)
        if period and period.start
        else ctx.local_midnight(date(2000, 1, 1))  # "has it ever reported?": every update up to the period's end
        if period and period.end
        else ctx.now - timedelta(days=7)
    )
    until = (
        ctx.now
        if not period or period.end is None or period.end >= ctx.today
        else ctx.local_midnight(period.end + timedelta(days=1))
    )
    return since, min(until, ctx.now)


_IN_WINDOW = (
    select(StatusUpdate.project_id, func.count().label("n"), func.max(StatusUpdate.submitted_at).label("last"))
    .where(
        StatusUpdate.submitted_at >= bindparam("since", type_=UTCDateTime()),
        StatusUpdate.submitted_at < bindparam("until", type_=UTCDateTime()),
    )
    .group_by(StatusUpdate.project_id)
)

_IN_WINDOW_RAG = _IN_WINDOW.where(StatusUpdate.rag.in_(bindparam("rags", expanding=True)))


async def updated(ctx, query: Query) -> Result:
    """Projects that sent an update in the window (their latest RAG filters), how many updates came in.
    Asked of named projects ("has carers updated this week?"): yes or no, and when each last did."""
    since, until = await _window_of(ctx, query)
    colours_sent = query.reported_rag and bool(query.rags or query.rag)  # "any red updates this cycle": any of them
    least = 2 if query.mode == MORE_THAN_ONE else 1  # "who's sent more than one update this cycle"
    board = ctx.snapshot is not None and not colours_sent and least == 1  # the latest updates tell
    if until >= ctx.now and query.mode != "updates" and board:
        # a window ending now: a project sent something in it if its latest update is in it (no query)
        passing = await _passing(ctx, query)
        board = ctx.board
        if board is not None and not (query.within or query.person_ids):  # the board's index by time
            count, first = board.sent_since(("passing", *_filters_of(query)), passing, since, LIST_CAP)
        else:
            pairs: list[tuple[ProjectInfo, UpdateInfo | None]] = [
                (p, u) for p, u in passing if u is not None and u.submitted_at is not None and u.submitted_at >= since
            ]
            count, first = len(pairs), pairs[:LIST_CAP]
        sent = count  # one update each: its latest
    elif colours_sent:  # "what reported red last cycle": the RAG of every update in the window, not the latest
        rags = list(query.rags or (query.rag,))
        rows = {
            r.project_id: r.n for r in await ctx.rows(_IN_WINDOW_RAG, {"since": since, "until": until, "rags": rags})
        }
        others = query.but(rag=None, rags=())  # progress bounds still on the latest update
        pairs = await kept(
            ctx, query.but(rag=None, rags=()), keep=lambda p, u: p.id in rows and _by_update(others, p, u)
        )
        count, first, sent = len(pairs), pairs[:LIST_CAP], sum(rows[p.id] for p, _ in pairs)
    else:
        rows = {r.project_id: r.n for r in await ctx.rows(_IN_WINDOW, {"since": since, "until": until}) if r.n >= least}
        pairs = await kept(ctx, query, keep=lambda p, u: p.id in rows and _by_update(query, p, u))
        count, first, sent = len(pairs), pairs[:LIST_CAP], sum(rows[p.id] for p, _ in pairs)
    projects = _shown(ctx, first)
    result = Result(
        query, q.UPDATED, projects=projects, count=count, total=count, since=since, until=until, updates_count=sent
    )
    if query.yes_no and query.within and len(query.within) <= 3:
        result.answer = "yes" if projects else "no"
        result.projects = await snapshot(ctx, query, "light")  # the projects asked about, updated or not
        result.message = "asked"
        return result
    if query.mode == "updates":
        result.count = result.updates_count
    if query.yes_no:
        result.answer = "yes" if count else "no"
    return result


_PROJECTS_ASKING = select(Ask.project_id).where(Ask.status.in_(bindparam("open", expanding=True))).distinct()

_CURRENT_CYCLE = (
    select(UpdateCycle.opens_at)
    .where(UpdateCycle.opens_at <= bindparam("now", type_=UTCDateTime()))
    .order_by(UpdateCycle.opens_at.desc())
    .limit(1)
)


async def not_updated(ctx, query: Query, refusal) -> Result:
    """Projects with no update in the window (or this cycle): admins and the DLG, in a 1:1 chat only."""
    if not may_see_missing_updates(ctx.viewer):
        return Result(query, REFUSED, message=refusal(ctx.viewer))
    if query.period is None:
        opened = await ctx.rows(_CURRENT_CYCLE, {"now": ctx.now})
        since, until = (opened[0][0] if opened else ctx.now - timedelta(days=7)), ctx.now
    elif query.period.cycle is not None:
        since, until = await cycle_window(ctx, query.period.cycle)
    elif query.period.since_digest:  # since the last digest was posted, as for who has updated since it
        since, until = await _window_of(ctx, query)
    else:
        since, until = _window(ctx, query)
        if query.mode == "quiet":
            until = ctx.now
    if until >= ctx.now and ctx.snapshot is not None:  # nothing since: its latest update is older (no query)
        projects = _shown(
            ctx,
            [
                (p, u)
                for p, u in await _passing(ctx, query)
                if u is None or u.submitted_at is None or u.submitted_at < since
            ],
        )
    else:
        sent = {r.project_id for r in await ctx.rows(_IN_WINDOW, {"since": since, "until": until})}
        projects = await snapshot(ctx, query, keep=lambda p, u: p.id not in sent and _by_update(query, p, u))
    result = Result(
        query, q.NOT_UPDATED, projects=projects, count=len(projects), total=len(projects), since=since, until=until
    )
    if query.yes_no and query.within and len(query.within) <= 3:  # "has X gone quiet?": yes or no, and X shown
        result.answer = "yes" if projects else "no"
        result.projects = await snapshot(ctx, query, "light")
    return result


def _has_field(u, field: str | None) -> bool:
    if field == "risks":
        return bool(u.risks)
    return not empty({"asks": u.asks, "blockers": u.blockers}.get(field or ""))


async def _in_window(ctx, candidates, field: str | None, since, until):
    """Each project with the update of the window that has `field` (the newest such), else its newest update of the
    window; projects that sent none in it are left out. "Which projects had asks in November" means any November
    update, not only a latest one that happens to fall in November."""
    history = await ctx.history([p.id for p in candidates]) if candidates else []
    ids = [u.id for u in history if u.submitted_at and since <= u.submitted_at < until]
    full = await ctx.update_list(ids) if ids else []  # newest first
    chosen: dict[int, object] = {}
    for u in full:
        if u.project_id not in chosen or (_has_field(u, field) and not _has_field(chosen[u.project_id], field)):
            chosen[u.project_id] = u
    return [replace(p, latest=chosen[p.id]) for p in candidates if p.id in chosen]


async def with_field(ctx, query: Query) -> Result:
    """Projects whose latest update has blockers / asks of the DLG / risks (what the viewer may see)."""
    candidates = await snapshot(ctx, query, keep=lambda p, u: u is not None and _by_update(query, p, u))
    field = query.field
    since = until = None
    if query.period:
        since, until = await _window_of(ctx, query)
        projects = await _in_window(ctx, candidates, field, since, until)
    else:
        full = await ctx.latest([p.id for p in candidates], "full") if candidates else {}
        projects = [replace(p, latest=full.get(p.id)) for p in candidates]
    # asks still open from earlier cycles count too (they stay on the agenda whether or not the lead repeats them)
    carried = (
        {pid for (pid,) in await ctx.rows(_PROJECTS_ASKING, {"open": list(asks_rules.UNDECIDED)})}
        if field == "asks" and not since
        else set()
    )
    out = []
    for p in projects:
        u = p.latest
        if u is None or not _by_update(query, p):
            continue
        has = _has_field(u, field) or p.id in carried
        if has != (query.mode == "without"):
            out.append(p)
    result = Result(query, q.WITH_FIELD, projects=out, count=len(out), total=len(out), since=since, until=until)
    if query.yes_no:
        result.answer = "yes" if out else "no"
    return result


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
        return Result(
            query,
            q.UNKNOWN,
            message=f"I hold no update from that project {label}, so I can't say what it reported then.",
        )
    result.projects = [replace(p, latest=updates.get(p.id)) for p in result.projects]
    result.since, result.until = since, until
    return result


_LAST_IN = select(StatusUpdate.id, StatusUpdate.project_id).where(
    StatusUpdate.project_id.in_(bindparam("ids", expanding=True)),
    StatusUpdate.submitted_at >= bindparam("since", type_=UTCDateTime()),
    StatusUpdate.submitted_at < bindparam("until", type_=UTCDateTime()),
)
