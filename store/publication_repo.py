"""Reading updates for publication: the final version of each project's update in each cycle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import Ask, AskDecision, Person, PriorityArea, Project, StatusUpdate, UpdateCycle


async def final_updates_since(session: AsyncSession, since: datetime) -> list[dict[str, Any]]:
    """Latest version per (project, cycle) submitted at or after `since`, oldest cycle first.

    Plain dicts, so the publishing rules (programme/foi.py) never see an ORM object.
    """
    latest = (
        select(StatusUpdate.project_id, StatusUpdate.cycle_id, func.max(StatusUpdate.version).label("v"))
        .group_by(StatusUpdate.project_id, StatusUpdate.cycle_id)
        .subquery()
    )
    query = (
        select(StatusUpdate, Project.ref, Project.name, PriorityArea.name, UpdateCycle.period_key)
        .join(
            latest,
            (latest.c.project_id == StatusUpdate.project_id)
            & (latest.c.cycle_id == StatusUpdate.cycle_id)
            & (latest.c.v == StatusUpdate.version),
        )
        .join(Project, Project.id == StatusUpdate.project_id)
        .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
        .outerjoin(PriorityArea, PriorityArea.id == Project.priority_area_id)
        .where(StatusUpdate.submitted_at >= since)
        .order_by(UpdateCycle.opens_at, Project.ref)
    )
    rows = []
    for u, ref, name, area, cycle in (await session.execute(query)).all():
        rows.append(
            {
                "project_ref": ref,
                "project_name": name,
                "priority_area": area,
                "cycle": cycle,
                "submitted_at": u.submitted_at,
                "submitted_by_name": u.submitted_by_name,
                "rag": u.rag,
                "rag_reason": u.rag_reason,
                "progress_pct": u.progress_pct,
                "summary": u.summary,
                "achievements": u.achievements,
                "next_steps": u.next_steps,
                "risks": u.risks,
                "blockers": u.blockers,
                "asks_of_dlg": u.asks_of_dlg,
            }
        )
    return rows


async def known_names(session: AsyncSession) -> set[str]:
    """Names of everyone the bot knows or has attributed an update to, to keep them out of a publication."""
    people = set((await session.scalars(select(Person.name).where(Person.name != ""))).all())
    submitters = set((await session.scalars(select(StatusUpdate.submitted_by_name).distinct())).all())
    return {n for n in people | submitters if n}


async def decisions_since(session: AsyncSession, since: datetime) -> list[dict[str, Any]]:
    """Every decision recorded at or after `since` (deferrals, then the final word, each a row), oldest first."""
    query = (
        select(AskDecision, Ask.text, Ask.raised_at, Project.ref, Project.name)
        .join(Ask, Ask.id == AskDecision.ask_id)
        .join(Project, Project.id == Ask.project_id)
        .where(AskDecision.decided_at >= since)
        .order_by(AskDecision.decided_at, AskDecision.id)
    )
    return [
        {
            "project_ref": ref,
            "project_name": name,
            "raised_at": raised,
            "ask": text,
            "outcome": d.outcome,
            "deferred_until": d.deferred_until,
            "decided_at": d.decided_at,
            "note": d.note,
            "decided_by": d.decided_by_name,
            "decided_by_role": d.decided_by_role,
        }
        for d, text, raised, ref, name in (await session.execute(query)).all()
    ]
