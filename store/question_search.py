"""Full-text search of the update history, as the viewer may see it: SQLite FTS5 or PostgreSQL tsvector, the
words a question asks about ranked, the latest matching update of each project shown with the parts that
mention them. Sensitive risks are in the index only for those who may read them.
"""

from __future__ import annotations

import re
from dataclasses import replace

from sqlalchemy import bindparam, text

from programme.access import may_see_sensitive
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import Result, SearchHit, UpdateInfo

from . import question_windows
from .types import UTCDateTime

SEARCH_LIMIT = 20

# Keep identical to the index expressions in store/migrations/versions/0002_fts.py.
# Sensitive unless plainly not: a missing, null, false, 0 or "" flag is open, anything else is held back
# (the same as Python truthiness in programme.access.visible_risks). Type tests first, so no comparison
# of unlike types makes the filter "unknown".
_PG_NOT_SENSITIVE = (
    '(!exists(@.sensitive) || @.sensitive.type() == "null" '
    '|| (@.sensitive.type() == "boolean" && @.sensitive == false) '
    '|| (@.sensitive.type() == "number" && @.sensitive == 0) '
    '|| (@.sensitive.type() == "string" && @.sensitive == ""))'
)
PG_OPEN_VECTOR = (
    "to_tsvector('english'::regconfig, "
    "coalesce(summary, '') || ' ' || coalesce(achievements, '') || ' ' || coalesce(next_steps, '') || ' ' || "
    "coalesce(blockers, '') || ' ' || coalesce(asks_of_dlg, '') || ' ' || coalesce(rag_reason, '') || ' ' || "
    "coalesce(jsonb_path_query_array(risks::jsonb, '$[*] ? (@.type() == \"string\")')::text, '') || ' ' || "
    "coalesce(jsonb_path_query_array(risks::jsonb, "
    f"'$[*] ? (@.type() == \"object\" && {_PG_NOT_SENSITIVE}).text')::text, ''))"
)
PG_SENSITIVE_VECTOR = (
    "to_tsvector('english'::regconfig, "
    "coalesce(jsonb_path_query_array(risks::jsonb, "
    f"'$[*] ? (@.type() == \"object\" && !({_PG_NOT_SENSITIVE})).text')::text, ''))"
)
SQLITE_OPEN_COLUMNS = "{summary achievements next_steps blockers asks_of_dlg rag_reason risks_open}"


# --- search -------------------------------------------------------------------------------


async def search(ctx, query: Query) -> Result:
    if query.typed_terms:  # the words as typed first: a mended word ("bacs" read "back") may be what updates say
        typed = await search(ctx, replace(query, terms=query.typed_terms, typed_terms=()))
        if typed.hits:
            return typed
        query = replace(query, typed_terms=())
    since = until = None
    if query.period:
        since, until = question_windows.window(ctx, query)
    ranked = await _ranked(ctx, query, since, until)
    best: dict[int, tuple[float, int]] = {}  # per project: its best rank, and its latest matching update
    for update_id, project_id, rank in ranked:
        old = best.get(project_id)
        best[project_id] = (max(rank, old[0]) if old else rank, max(update_id, old[1]) if old else update_id)
    if len(query.project_ids) == 1 and ranked:  # one project's updates about something: every mention, newest first
        return await _one_project(ctx, query, ranked, since, until)
    candidates = sorted(best, key=lambda pid: -best[pid][0])
    rags = query.rags or ((query.rag,) if query.rag else ())
    if rags:  # "which red projects mention …": filtered before the best are taken
        latest = await ctx.latest(candidates, "brief")
        candidates = [pid for pid in candidates if pid in latest and latest[pid].rag in rags]
    order = candidates[: 2 * SEARCH_LIMIT]
    projects = {p.id: p for p in await ctx.projects(order)} if order else {}
    updates = await ctx.updates([best[pid][1] for pid in order]) if order else {}
    # the index stems words ("accessibility" finds "access"): a hit must say the word asked about, as visible
    hits = [
        SearchHit(projects[pid], updates[pid], best[pid][0], _snippet(updates[pid], query.terms))
        for pid in order
        if pid in projects and pid in updates and _says(updates[pid], query.terms, any_word=query.mode == "any")
    ][:SEARCH_LIMIT]
    if not hits and query.mode in ("any", "topic"):  # words of a question (not a search) the updates never use
        where = "that project's updates" if query.mode == "any" else "the updates"
        return Result(
            query,
            q.UNKNOWN,
            message=f"I looked for “{' '.join(query.terms)}” in {where} and found nothing, so I won't guess.",
        )
    total = len(hits) if len(candidates) <= len(order) else len(hits) + len(candidates) - len(order)
    return Result(query, q.SEARCH, projects=[h.project for h in hits], hits=hits, total=total, since=since, until=until)


MENTIONS = 5  # a project's updates shown for "what happened with …"


async def _one_project(ctx, query: Query, ranked, since, until) -> Result:
    """'what happened with the payments pen test?': the project's updates that say the words, newest first (the
    story so far, not only its latest mention)."""
    rank = {u: r for u, _, r in ranked}
    said = [u for u in await ctx.update_list(list(rank)) if _says(u, query.terms, any_word=query.mode == "any")]
    projects = await ctx.projects(query.project_ids)
    if not said or not projects:
        where = "that project's updates" if query.mode == "any" else "the updates"
        return Result(
            query,
            q.UNKNOWN,
            message=f"I looked for “{' '.join(query.terms)}” in {where} and found nothing, so I won't guess.",
        )
    hits = [SearchHit(projects[0], u, rank[u.id], _snippet(u, query.terms)) for u in said[:MENTIONS]]
    return Result(query, q.SEARCH, projects=projects, hits=hits, total=len(said), since=since, until=until)


def _says(update: UpdateInfo, terms: tuple[str, ...], *, any_word: bool = False) -> bool:
    """Does the text this viewer may see in `update` say the words (each, or one of them) — not only a word
    the index stems the same way ("access" for "accessibility")? Sensitive risks held back never explain a hit."""
    visible = " ".join(_visible_texts(update)).lower()
    found = [re.search(stem, visible) for stem in _stems(terms)]
    return any(found) if any_word else all(found)


def _visible_texts(update: UpdateInfo) -> list[str]:
    return [
        update.summary,
        update.blockers,
        update.asks,
        update.next_steps,
        update.achievements,
        update.rag_reason,
        *update.risks,
    ]


def _stems(terms: tuple[str, ...]) -> list[str]:
    """A rough stem per word ('delays' -> 'dela', 'councillors' -> 'councill') for finding it in text."""
    return [re.escape(t.lower().rstrip("s")[: max(4, len(t) - 3)]) for t in terms]


SEARCHES_KEPT = 64  # ranked results kept per snapshot of latest updates, the oldest going first


async def _ranked(ctx, query: Query, since, until) -> list[tuple[int, int, float]]:
    """(update id, project id, rank) of the best matches, the question's projects only: found in the index once
    per version of the updates counter (kept on the snapshot `ctx.latest_known`, which a new update replaces) —
    the index's ranking of thousands of matching updates is most of what a search costs."""
    kept = ctx.latest_known.searches if ctx.latest_known is not None else None
    key = (query.mode == "any", query.terms, may_see_sensitive(ctx.viewer), since, until)
    rows = kept.get(key) if kept is not None else None
    if rows is None:
        rows = await (_search_sqlite(ctx, query, since, until) if ctx.sqlite else _search_pg(ctx, query, since, until))
        if kept is not None:
            if len(kept) >= SEARCHES_KEPT:
                kept.pop(next(iter(kept), None), None)
            kept[key] = rows
    allowed = set(query.project_ids)
    return [r for r in rows if not allowed or r[1] in allowed]


async def _search_sqlite(ctx, query: Query, since=None, until=None) -> list[tuple[int, int, float]]:
    joiner = " OR " if query.mode == "any" else " AND "  # "any": a question's words about one project
    terms = joiner.join('"' + t.replace('"', '""') + '"' for t in query.terms)
    match = terms if may_see_sensitive(ctx.viewer) else f"{SQLITE_OPEN_COLUMNS} : ({terms})"
    if since is not None:  # a window: the best 200 within it
        stmt = text(
            "SELECT su.id, su.project_id, -bm25(status_updates_fts) AS rank FROM status_updates_fts "
            "JOIN status_updates su ON su.id = status_updates_fts.rowid WHERE status_updates_fts MATCH :match "
            "AND su.submitted_at >= :since AND su.submitted_at < :until ORDER BY rank DESC LIMIT 200"
        )
        rows = await ctx.rows(
            stmt.bindparams(bindparam("since", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime())),
            {"match": match, "since": since, "until": until},
        )
    else:
        # the best 200 found in the index first, and only those joined to their updates: joining every match
        # before sorting cost a third of the time when a word is in thousands of updates
        stmt = text(
            "SELECT su.id, su.project_id, f.rank FROM (SELECT rowid, -bm25(status_updates_fts) AS rank "
            "FROM status_updates_fts WHERE status_updates_fts MATCH :match ORDER BY rank DESC LIMIT 200) f "
            "JOIN status_updates su ON su.id = f.rowid"
        )
        rows = await ctx.rows(stmt.bindparams(match=match))
    return [(r[0], r[1], float(r[2])) for r in rows]


async def _search_pg(ctx, query: Query, since=None, until=None) -> list[tuple[int, int, float]]:
    q_expr = "websearch_to_tsquery('english', :terms)"
    if may_see_sensitive(ctx.viewer):
        cond = f"({PG_OPEN_VECTOR} @@ {q_expr} OR {PG_SENSITIVE_VECTOR} @@ {q_expr})"
        rank = f"ts_rank({PG_OPEN_VECTOR}, {q_expr}) + ts_rank({PG_SENSITIVE_VECTOR}, {q_expr})"
    else:
        cond, rank = f"{PG_OPEN_VECTOR} @@ {q_expr}", f"ts_rank({PG_OPEN_VECTOR}, {q_expr})"
    window = " AND submitted_at >= :since AND submitted_at < :until" if since is not None else ""
    stmt = text(
        f"SELECT id, project_id, {rank} AS rank FROM status_updates WHERE {cond}{window} ORDER BY rank DESC LIMIT 200"
    )
    params = {"terms": (" or " if query.mode == "any" else " ").join(query.terms)}
    if since is not None:
        stmt = stmt.bindparams(bindparam("since", type_=UTCDateTime()), bindparam("until", type_=UTCDateTime()))
        params.update(since=since, until=until)
    rows = await ctx.rows(stmt, params)
    return [(r[0], r[1], float(r[2])) for r in rows]


def _snippet(update: UpdateInfo, terms: tuple[str, ...]) -> str:
    """The part of the update the words were found in (visible parts only)."""
    stems = _stems(terms)
    fields = [f for f in dict.fromkeys(_visible_texts(update)) if f]
    found = [f for f in fields if any(re.search(s, f.lower()) for s in stems)]
    return " … ".join(found[:3]) if found else next(iter(fields), "")
