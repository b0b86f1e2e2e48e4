"""Read models for listing the programme: areas with their projects and current RAG."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from .models import PriorityArea, Project, StatusUpdate


async def latest_rag_by_project(session: AsyncSession) -> dict[int, str]:
    """Current RAG of every project: the newest update by submission time (two queries, no N+1)."""
    newest = (
        select(StatusUpdate.project_id, func.max(StatusUpdate.submitted_at).label("at"))
        .group_by(StatusUpdate.project_id)
        .subquery()
    )
    rows = await session.execute(
        select(StatusUpdate.project_id, StatusUpdate.rag, StatusUpdate.version).join(
            newest, (newest.c.project_id == StatusUpdate.project_id) & (newest.c.at == StatusUpdate.submitted_at)
        )
    )
    best: dict[int, tuple[int, str]] = {}
    for project_id, rag, version in rows:
        if project_id not in best or version > best[project_id][0]:
            best[project_id] = (version, rag)
    return {pid: rag for pid, (_, rag) in best.items()}


async def areas_with_projects(session: AsyncSession, *, include_inactive: bool = False) -> list[dict[str, Any]]:
    areas = (
        (await session.execute(select(PriorityArea).order_by(PriorityArea.position, PriorityArea.name))).scalars().all()
    )
    q = select(Project).order_by(Project.ref)
    if not include_inactive:
        q = q.where(Project.status == "active")
    projects = (await session.execute(q)).scalars().all()
    rags = await latest_rag_by_project(session)
    grouped: dict[int | None, list[dict[str, Any]]] = {}
    for p in projects:
        grouped.setdefault(p.priority_area_id, []).append(
            {"ref": p.ref, "name": p.name, "rag": rags.get(p.id), "status": p.status}
        )
    out = [{"name": a.name, "projects": grouped.get(a.id, [])} for a in areas]
    if grouped.get(None):
        out.append({"name": "No priority area", "projects": grouped[None]})
    return out
