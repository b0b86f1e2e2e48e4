"""What changed, read from memory where it can be: each project's latest and previous update (the snapshot
kept behind the `updates` counter) for a window ending now, and every step of the RAG history for "from red
to amber". The database answers what these cannot (question_repo's `_changed`).

A window that holds two updates of a project (a fortnight of weekly cycles; any week on its opening Monday)
needs that project's last update before the window, which the snapshot does not keep: those are read in one
statement, the same "latest before" as the database's own answer, once per snapshot and window start.
"""

from __future__ import annotations

from datetime import datetime
from functools import cache
from itertools import pairwise

from sqlalchemy import bindparam, select

from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import Change, Result

from .models import Project, StatusUpdate
from .question_more import LIST_CAP, _keep, snapshot
from .question_reads import _brief, _latest_id
from .types import UTCDateTime

EARLIER_CHUNK = 500  # project ids per statement when reading updates before a window (bound parameters)


def moved_as_asked(query: Query, before: str | None, after: str | None) -> bool:
    """CHANGED modes: 'better' / 'worse' (RAG), 'from_red' (from red to the other colour asked)."""
    rank = {"green": 0, "amber": 1, "red": 2}
    if before is None or after is None:
        return False
    if query.mode == "better":
        return rank[after] < rank[before]
    if query.mode == "worse":
        return rank[after] > rank[before]
    if query.mode == "into":  # a step into the colour asked about
        return after == query.rag and before != query.rag
    if query.mode.startswith("from_"):
        start = query.mode[5:]
        ends = [r for r in query.rags if r != start]
        return before == start and after != start and (not ends or after in ends)
    return True


async def changed_from_snapshot(ctx, query: Query, since: datetime, latest) -> tuple[list[Change], int, int]:
    """What changed in a window ending now, from each project's latest and previous update in memory: the
    latest in the window against the last one before it. Where a project sent two updates in the window (its
    "before" is older than the snapshot holds), the updates before the window are read once (`_earlier`).
    Worked out once per snapshot and window (a window from a fixed day, asked again, costs nothing)."""
    key = (
        "changed",
        since,
        query.area,
        query.enabler,
        query.rag,
        query.rag_change,
        query.mode,
        query.rags,
        query.within if query.area and query.enabler else (),
        query.person_ids if query.area and query.enabler else (),
    )
    found = ctx.board.view(key, lambda: _changed(ctx, query, since, latest, None))
    if found is None:  # a project sent two updates in the window: its last one before it, from the database
        earlier = await _earlier(ctx, since, latest)
        found = ctx.board.view(key, lambda: _changed(ctx, query, since, latest, earlier))
    changes, unchanged, total = found
    return list(changes), unchanged, total


def _changed(ctx, query: Query, since: datetime, latest, earlier: dict | None):
    """None when a project's previous update is in the window too and `earlier` (its last update before the
    window, by project, for every such project) was not given."""
    asked_rag = query.rag
    changes, unchanged = [], 0
    previous = latest.previous
    for p, after in _pairs_in_memory(ctx, query):
        if after is None or after.submitted_at is None or after.submitted_at < since:
            continue
        before = previous.get(p.id)
        if before is not None and before.submitted_at is not None and before.submitted_at >= since:
            if earlier is None:
                return None
            before = earlier.get(p.id)  # None: no update before the window, so it reported for the first time
        moved = before is None or after.rag != before.rag or after.progress != before.progress
        if not moved:
            unchanged += 1
            continue
        if asked_rag and not (after.rag == asked_rag and (before is None or before.rag != asked_rag)):
            continue
        if query.rag_change and not asked_rag and before is not None and after.rag == before.rag:
            continue
        if query.mode and not moved_as_asked(query, before.rag if before else None, after.rag):
            continue
        changes.append((p, before, after))
    board = ctx.board
    shown = [Change(board.shown(p, a), b, a) for p, b, a in changes[:LIST_CAP]]
    return shown, unchanged, len(changes)


async def _earlier(ctx, since: datetime, latest) -> dict:
    """Each project whose previous update (in the snapshot) is on or after `since`: its last update before
    `since` in the order "latest" means everywhere (cycle, version, submitted), as the database's own "what
    changed" compares with; absent where it has none. Read once per snapshot and window start."""
    found = ctx.board.view(("earlier", since), lambda: None)
    if found is not None:
        return found
    ids = sorted(
        pid
        for pid, u in latest.previous.items()
        if u is not None and u.submitted_at is not None and u.submitted_at >= since
    )
    earlier: dict = {}
    for start in range(0, len(ids), EARLIER_CHUNK):
        rows = await ctx.rows(_earlier_stmt(), {"since": since, "ids": ids[start : start + EARLIER_CHUNK]})
        earlier.update((r.project_id, _brief(r.project_id, r.rag, r.progress_pct)) for r in rows)
    return ctx.board.view(("earlier", since), lambda: earlier)


@cache
def _earlier_stmt():
    """The RAG and progress of the last update before `:since` of each project in `:ids`."""
    since = bindparam("since", type_=UTCDateTime())
    return (
        select(StatusUpdate.project_id, StatusUpdate.rag, StatusUpdate.progress_pct)
        .select_from(Project)
        .join(StatusUpdate, StatusUpdate.id == _latest_id(lambda u: u.submitted_at < since))
        .where(Project.id.in_(bindparam("ids", expanding=True)))
    )


def _pairs_in_memory(ctx, query: Query):
    pairs = ctx.board.scope(query.area, query.enabler)
    if query.area and query.enabler and (query.within or query.person_ids):
        pairs = [x for x in pairs if _keep(ctx, query, x[0])]
    return pairs


async def transitions(ctx, query: Query, since: datetime, until: datetime, message: str) -> Result:
    """Projects that stepped from one RAG to another in the window (any update to the next, in order)."""
    projects = {p.id: p for p in await snapshot(ctx, query)}
    history = await ctx.history(list(projects))
    by_project: dict[int, list] = {}
    for u in history:
        by_project.setdefault(u.project_id, []).append(u)
    changes = []
    for pid, updates in by_project.items():
        step = None
        for a, b in pairwise(updates):
            if b.submitted_at and since <= b.submitted_at < until and moved_as_asked(query, a.rag, b.rag):
                step = (a, b)
        if step:
            changes.append(Change(projects[pid], step[0], step[1]))
    changes.sort(key=lambda c: c.project.ref)
    count = len(changes) if query.mode == "into" else None
    return changed_result(
        query, changes, since, message, len(changes), until=until if until < ctx.now else None, count=count
    )


def changed_result(
    query: Query,
    changes: list[Change],
    since: datetime,
    message: str,
    total: int,
    *,
    unchanged: int = 0,
    until: datetime | None = None,
    count: int | None = None,
) -> Result:
    """The one shape of a "what changed" answer, however the changes were found (memory, SQL, history)."""
    return Result(
        query,
        q.CHANGED_SINCE,
        projects=[c.project for c in changes],
        changes=changes,
        unchanged_count=unchanged,
        since=since,
        until=until,
        message=message,
        total=total,
        count=count,
    )
