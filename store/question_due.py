"""Two kinds of question answered in SQL, split from question_repo.py (which dispatches to them): open
milestones due in a period, and who has not updated this cycle (only for the programme office and the DLG, in a
1:1 chat).
"""

from __future__ import annotations

from functools import cache

from sqlalchemy import Date, bindparam, func, select

from programme.access import Viewer, may_see_missing_updates
from programme.questions import query as q
from programme.questions.query import Query
from programme.questions.results import REFUSED, MilestoneInfo, Result

from .models import Milestone, Project, StatusUpdate, UpdateCycle
from .question_reads import _MILESTONE, LIST_CAP, _Ctx, _filter_params, _filters, _projects, _projects_by_id, _shape

# --- milestones ---------------------------------------------------------------------------


@cache
def _milestones_stmt(area: bool, enabler: bool, start: bool, end: bool):
    # joined to projects (not "project_id IN (active projects)"): SQLite then reads the milestones once
    # instead of probing them project by project
    where = [Milestone.status != "done", Milestone.due_date.is_not(None), *_filters(area, enabler)]
    if start:
        where.append(Milestone.due_date >= bindparam("start", type_=Date()))
    if end:
        where.append(Milestone.due_date <= bindparam("end", type_=Date()))
    return (
        select(*_MILESTONE, func.count().over().label("total"))
        .join(Project, Project.id == Milestone.project_id)
        .where(*where)
        .order_by(Milestone.due_date, Milestone.id)
        .limit(LIST_CAP)
    )


async def _milestones_due(ctx: _Ctx, query: Query) -> Result:
    """Open milestones due in the period: the first LIST_CAP listed, all of them counted, in SQL."""
    period = query.period
    start, end = (period.start, period.end) if period else (None, None)
    params = {**_filter_params(query), **({"start": start} if start else {}), **({"end": end} if end else {})}
    rows = await ctx.rows(_milestones_stmt(*_shape(query), bool(start), bool(end)), params)
    milestones = [MilestoneInfo(*r[:5]) for r in rows]
    projects = await _projects_by_id(ctx, {m.project_id for m in milestones}, detail=None) if milestones else []
    total = rows[0].total if rows else 0
    return Result(query, q.MILESTONES_DUE, projects=projects, milestones=milestones, count=total, total=total)


# --- who has not updated ------------------------------------------------------------------


async def _missing(ctx: _Ctx, query: Query) -> Result:
    if not may_see_missing_updates(ctx.viewer):
        return Result(query, REFUSED, message=_missing_refusal(ctx.viewer))
    cycle = (
        await ctx.conn.execute(
            select(UpdateCycle.id, UpdateCycle.period_key, UpdateCycle.opens_at)
            .where(UpdateCycle.opens_at <= ctx.now)
            .order_by(UpdateCycle.opens_at.desc())
            .limit(1)
        )
    ).first()
    if cycle is None:
        return Result(query, q.MISSING_UPDATES, message="No update cycle has opened yet.")
    updated = select(StatusUpdate.project_id).where(StatusUpdate.cycle_id == cycle.id)
    projects = await _projects(
        ctx, [*_filters(*_shape(query)), Project.id.notin_(updated)], params=_filter_params(query)
    )
    people = list(dict.fromkeys(n for p in projects for n in p.leads))
    return Result(
        query,
        q.MISSING_UPDATES,
        projects=projects,
        people=people,
        cycle_key=cycle.period_key,
        since=cycle.opens_at,
        count=len(projects),
    )


def _missing_refusal(viewer: Viewer) -> str:
    if viewer.is_admin or viewer.is_dlg:
        return (
            "I only list who has not updated in a 1:1 chat, not where others can read it. "
            "Ask me again in a private chat."
        )
    return "Who has not updated yet is only shared with the programme office and the DLG."
