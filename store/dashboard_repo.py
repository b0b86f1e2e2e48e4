"""Read models for the dashboard: the whole portfolio in a fixed handful of queries, one project in full.

The matrix is read the same way for 32 projects or 5,000: about ten queries whatever the size
(areas, enablers, projects, their enablers, their people, recent cycles, each project's latest
update, the updates of recent cycles, the last digest, and the RAG each project had then), never
one query per project. Columns are selected rather than ORM entities so that `Project`'s
eager-loaded relationships are not dragged along for thousands of rows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import and_, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from .dashboard_project import (
    AskRow,
    DigestFull,
    DigestRef,
    MilestoneRow,
    PersonRole,
    ProjectDetail,
    UpdateRow,
    digest,
    digests,
    people_by_project,
    project_detail,
)
from .models import Digest, Enabler, PriorityArea, Project, ProjectEnabler, StatusUpdate, UpdateCycle

# Moved to dashboard_project; re-exported so callers keep this path.
__all__ = [
    "AskRow",
    "DigestFull",
    "DigestRef",
    "MilestoneRow",
    "PersonRole",
    "ProjectDetail",
    "UpdateRow",
    "digest",
    "digests",
    "project_detail",
]

POSTED = ("posted",)


@dataclass(frozen=True)
class Named:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class CycleRef:
    id: int
    period_key: str
    opens_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class ProjectCell:
    """One project as the matrix shows it."""

    id: int
    ref: str
    name: str
    status: str
    area_id: int | None
    enabler_ids: tuple[int, ...]
    people: tuple[PersonRole, ...]
    rag: str | None
    rag_at: datetime | None
    progress_pct: int | None
    trend: tuple[str | None, ...]  # RAG in each of Portfolio.trend_cycles (oldest first); None = no update
    updated_this_cycle: bool
    rag_at_digest: str | None  # the RAG it had when the last digest was posted
    updated_since_digest: bool

    @property
    def active(self) -> bool:
        return self.status == "active"


@dataclass
class Portfolio:
    areas: list[Named]
    enablers: list[Named]
    projects: list[ProjectCell]
    trend_cycles: list[CycleRef]  # oldest first, ending with the current cycle
    current_cycle: CycleRef | None
    last_digest: DigestRef | None

    @cached_property
    def leads(self) -> list[tuple[int, str]]:
        """Everyone who leads or deputises on a shown project, by name."""
        seen: dict[int, str] = {}
        for p in self.projects:
            for person in p.people:
                seen.setdefault(person.person_id, person.name)
        return sorted(seen.items(), key=lambda kv: (kv[1].casefold(), kv[0]))


async def portfolio(session: AsyncSession, *, now: datetime, trend_length: int = 6) -> Portfolio:
    """Every project not retired, with its current RAG, recent trend and change flags.

    Core statements on the session's connection: rows come back as plain tuples, without the ORM's
    per-row bookkeeping, which is most of the cost at thousands of projects.
    """
    conn = await session.connection()
    areas = [
        Named(*row)
        for row in await conn.execute(
            select(PriorityArea.id, PriorityArea.key, PriorityArea.name).order_by(
                PriorityArea.position, PriorityArea.name
            )
        )
    ]
    enablers = [
        Named(*row)
        for row in await conn.execute(
            select(Enabler.id, Enabler.key, Enabler.name).order_by(Enabler.position, Enabler.name)
        )
    ]
    projects = (
        await conn.execute(
            select(Project.id, Project.ref, Project.name, Project.status, Project.priority_area_id)
            .where(Project.status != "retired")
            .order_by(Project.ref)
        )
    ).all()

    enabler_ids: dict[int, list[int]] = {}
    for project_id, enabler_id in await conn.execute(select(ProjectEnabler.project_id, ProjectEnabler.enabler_id)):
        enabler_ids.setdefault(project_id, []).append(enabler_id)
    people = await people_by_project(conn)

    cycles = [
        CycleRef(*row)
        for row in await conn.execute(
            select(UpdateCycle.id, UpdateCycle.period_key, UpdateCycle.opens_at, UpdateCycle.due_at)
            .where(UpdateCycle.opens_at <= now)
            .order_by(UpdateCycle.opens_at.desc(), UpdateCycle.id.desc())
            .limit(max(trend_length, 1))
        )
    ]
    cycles.reverse()
    current = cycles[-1] if cycles else None

    latest = await _latest_updates(conn)
    trend = await _trend(conn, [c.id for c in cycles])
    last_digest = await _last_posted_digest(conn)
    at_digest = await _latest_updates(conn, before=last_digest.at) if last_digest is not None else {}

    cells = []
    for pid, ref, name, status, area_id in projects:
        newest = latest.get(pid)  # (rag, submitted_at, progress_pct)
        by_cycle = trend.get(pid, {})
        cells.append(
            ProjectCell(
                id=pid,
                ref=ref,
                name=name,
                status=status,
                area_id=area_id,
                enabler_ids=tuple(enabler_ids.get(pid, ())),
                people=tuple(people.get(pid, ())),
                rag=newest[0] if newest else None,
                rag_at=newest[1] if newest else None,
                progress_pct=newest[2] if newest else None,
                trend=tuple(by_cycle.get(c.id) for c in cycles),
                updated_this_cycle=current is not None and current.id in by_cycle,
                rag_at_digest=at_digest[pid][0] if pid in at_digest else None,
                updated_since_digest=newest is not None and (last_digest is None or newest[1] > last_digest.at),
            )
        )
    return Portfolio(areas, enablers, cells, cycles, current, last_digest)


async def _latest_updates(
    conn: AsyncConnection, before: datetime | None = None
) -> dict[int, tuple[str, datetime, int | None]]:
    """Each project's newest update, optionally as of a moment: project -> (rag, submitted_at, progress).

    The newest submission time per project comes off the (project_id, submitted_at) index; two
    versions submitted in the same instant are told apart by version number."""
    newest = select(StatusUpdate.project_id, func.max(StatusUpdate.submitted_at).label("at")).group_by(
        StatusUpdate.project_id
    )
    if before is not None:
        newest = newest.where(StatusUpdate.submitted_at <= before)
    n = newest.subquery()
    rows = await conn.execute(
        select(
            StatusUpdate.project_id,
            StatusUpdate.version,
            StatusUpdate.rag,
            StatusUpdate.submitted_at,
            StatusUpdate.progress_pct,
        ).join(n, and_(n.c.project_id == StatusUpdate.project_id, n.c.at == StatusUpdate.submitted_at))
    )
    out: dict[int, tuple[str, datetime, int | None]] = {}
    versions: dict[int, int] = {}
    for project_id, version, rag, at, progress in rows:
        if version >= versions.get(project_id, -1):
            versions[project_id] = version
            out[project_id] = (rag, at, progress)
    return out


async def _trend(conn: AsyncConnection, cycle_ids: list[int]) -> dict[int, dict[int, str]]:
    """project -> cycle -> the RAG of its last version in that cycle."""
    if not cycle_ids:
        return {}
    rows = await conn.execute(
        select(StatusUpdate.project_id, StatusUpdate.cycle_id, StatusUpdate.rag)
        .where(StatusUpdate.cycle_id.in_(cycle_ids))
        .order_by(StatusUpdate.submitted_at, StatusUpdate.version, StatusUpdate.id)
    )
    out: dict[int, dict[int, str]] = {}
    for project_id, cycle_id, rag in rows:
        out.setdefault(project_id, {})[cycle_id] = rag  # in submission order: the last one wins
    return out


async def _last_posted_digest(conn: AsyncConnection) -> DigestRef | None:
    row = (
        await conn.execute(
            select(Digest.period_key, Digest.status, Digest.created_at, Digest.posted_at)
            .where(Digest.status.in_(POSTED))
            .order_by(func.coalesce(Digest.posted_at, Digest.created_at).desc(), Digest.id.desc())
            .limit(1)
        )
    ).first()
    return DigestRef(*row) if row else None
