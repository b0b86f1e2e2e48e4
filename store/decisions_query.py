"""The question engine's query for decisions questions (programme/questions/decisions.py): the asks and
their decisions, read on the engine's read-only connection in one statement."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any

from sqlalchemy import select

from programme import asks as rules
from programme.questions.decisions import ABOUT, OPEN, OUTCOME, DecisionInfo, DecisionsResult
from programme.questions.query import Query

from .ask_views import VIEW_COLUMNS, view_of
from .models import Ask, Project


async def execute(ctx: Any, query: Query) -> DecisionsResult:
    """`ctx` is question_repo's per-question context (connection, viewer, clock, zone)."""
    q = select(*VIEW_COLUMNS).join(Project, Project.id == Ask.project_id)
    if query.project_ids:
        q = q.where(Ask.project_id.in_(query.project_ids))
    if query.field == OPEN:
        q = q.where(Ask.status.in_(rules.UNDECIDED)).order_by(Ask.raised_at, Ask.id)
    else:
        q = q.where(Ask.decided_at.is_not(None)) if query.field != ABOUT else q
        if query.field == OUTCOME and query.terms:
            q = q.where(Ask.status == query.terms[0])
        start, end = _window(ctx, query)
        if start is not None:
            q = q.where(Ask.decided_at >= start)
        if end is not None:
            q = q.where(Ask.decided_at < end)
        q = q.order_by(
            Ask.decided_at.desc().nulls_last() if query.field != ABOUT else Ask.raised_at.desc(), Ask.id.desc()
        )
    rows = (await ctx.conn.execute(q)).all()
    zone = ctx.zone
    decisions = [
        DecisionInfo(
            a.id,
            a.project_id,
            a.project_ref,
            a.project_name,
            a.text,
            a.status,
            a.raised_at.astimezone(zone).date(),
            a.decided_at,
            a.recorder if a.decided_at else "",
            a.note,
            a.deferred_until,
        )
        for a in map(view_of, rows)
    ]
    if query.field == OPEN:
        decisions += await _not_yet_raised(ctx, query)
    return DecisionsResult(query, query.intent, decisions=decisions, count=len(decisions))


_KNOWN = select(Ask.project_id, Ask.text)


async def _not_yet_raised(ctx: Any, query: Query) -> list[DecisionInfo]:
    """Asks in the projects' latest updates that no record holds yet (an update imported, or not yet through a
    digest): open all the same — the box is what the lead asked. Those a record already holds, whatever became
    of them, are not listed twice."""
    plan = ctx.plan
    ids = [
        pid
        for pid in (query.project_ids or plan.projects)
        if pid in plan.projects and plan.projects[pid].status not in ("retired", "closed")
    ]
    latest = await ctx.latest(ids, "full") if ids else {}
    known: dict[int, list[str]] = {}
    for pid, text in (await ctx.conn.execute(_KNOWN)).all():
        known.setdefault(pid, []).append(text)
    out = []
    for pid in sorted(latest, key=lambda i: plan.projects[i].ref):
        u = latest[pid]
        for line in rules.split_asks(u.asks):
            if any(rules.similarity(line, k) >= rules.MATCH_SCORE for k in known.get(pid, ())):
                continue
            day = u.submitted_at.astimezone(ctx.zone).date() if u.submitted_at else None
            p = plan.projects[pid]
            out.append(DecisionInfo(0, pid, p.ref, p.name, line, rules.OPEN, day))
    return out


def _window(ctx: Any, query: Query) -> tuple[datetime | None, datetime | None]:
    period = query.period
    if period is None:
        return None, None
    start = datetime.combine(period.start, time(0), ctx.zone).astimezone(UTC) if period.start else None
    end = None
    if period.end:
        end = datetime.combine(period.end + timedelta(days=1), time(0), ctx.zone).astimezone(UTC)
    return start, end
