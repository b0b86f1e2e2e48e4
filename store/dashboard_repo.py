"""Read models for the dashboard: the whole portfolio in a fixed handful of queries, one project in full.

The matrix is read the same way for 32 projects or 5,000: about ten queries whatever the size
(areas, enablers, projects, their enablers, their people, recent cycles, each project's latest
update, the updates of recent cycles, the last digest, and the RAG each project had then), never
one query per project. Columns are selected rather than ORM entities so that `Project`'s
eager-loaded relationships are not dragged along for thousands of rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from programme.asks import recorder_words

from . import ask_repo
from .models import (
    Digest,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectEnabler,
    ProjectRole,
    StatusUpdate,
    UpdateCycle,
)

POSTED = ("posted",)


@dataclass(frozen=True)
class Named:
    id: int
    key: str
    name: str


@dataclass(frozen=True)
class PersonRole:
    person_id: int
    name: str
    role: str  # lead / deputy


@dataclass(frozen=True)
class CycleRef:
    id: int
    period_key: str
    opens_at: datetime
    due_at: datetime


@dataclass(frozen=True)
class DigestRef:
    period_key: str
    status: str
    created_at: datetime
    posted_at: datetime | None

    @property
    def at(self) -> datetime:
        return self.posted_at or self.created_at


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
    people = await _people_by_project(conn)

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


async def _people_by_project(conn: AsyncConnection, project_id: int | None = None) -> dict[int, list[PersonRole]]:
    """Leads then deputies, in their listed order, per project."""
    role_order = case((ProjectRole.role == "lead", 0), (ProjectRole.role == "deputy", 1), else_=2)
    q = (
        select(ProjectRole.project_id, ProjectRole.person_id, ProjectRole.role, Person.name, Person.email)
        .join(Person, Person.id == ProjectRole.person_id)
        .order_by(ProjectRole.project_id, role_order, ProjectRole.position, ProjectRole.person_id)
    )
    if project_id is not None:
        q = q.where(ProjectRole.project_id == project_id)
    out: dict[int, list[PersonRole]] = {}
    for pid, person_id, role, name, email in await conn.execute(q):
        out.setdefault(pid, []).append(PersonRole(person_id, _display_name(name, email), role))
    return out


def _display_name(name: str | None, email: str | None) -> str:
    if name and name.strip():
        return name.strip()
    return email or "Unnamed person"


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


# --------------------------------------------------------------------------- one project


@dataclass(frozen=True)
class MilestoneRow:
    title: str
    due_date: date | None
    status: str
    completed_on: date | None
    original_due_date: date | None


@dataclass(frozen=True)
class UpdateRow:
    id: int
    period_key: str
    version: int
    submitted_at: datetime
    submitted_by: str
    rag: str
    rag_reason: str
    progress_pct: int | None
    summary: str
    achievements: str
    next_steps: str
    risks: list[Any]
    blockers: str
    asks_of_dlg: str
    milestone_changes: list[Any]
    no_change: bool
    late: bool


@dataclass(frozen=True)
class AskRow:
    """An ask of the DLG and each decision on it (oldest decision first)."""

    text: str
    status: str
    raised_at: datetime
    deferred_until: date | None
    decisions: list[tuple[str, datetime, str, str, date | None]]  # outcome, when, by (name or role), note, until


@dataclass
class ProjectDetail:
    id: int
    ref: str
    name: str
    description: str
    status: str
    area: str | None
    area_key: str | None
    enablers: list[str]
    aliases: list[str]
    start_date: date | None
    end_date: date | None
    source_note: str
    people: list[PersonRole] = field(default_factory=list)
    milestones: list[MilestoneRow] = field(default_factory=list)
    updates: list[UpdateRow] = field(default_factory=list)  # oldest first
    asks: list[AskRow] = field(default_factory=list)  # the DLG's asks and decisions, newest first

    @property
    def latest(self) -> UpdateRow | None:
        return self.updates[-1] if self.updates else None


async def project_detail(session: AsyncSession, ref: str) -> ProjectDetail | None:
    """A project by its ref (exact, else ignoring case), with people, milestones and every update."""
    ref = (ref or "").strip()
    if not ref or len(ref) > 64:
        return None
    project = (await session.execute(select(Project).where(Project.ref == ref))).scalar_one_or_none()
    if project is None:
        project = (
            await session.execute(
                select(Project).where(func.lower(Project.ref) == ref.lower()).order_by(Project.id).limit(1)
            )
        ).scalar_one_or_none()
    if project is None:
        return None
    milestones = [
        MilestoneRow(m.title, m.due_date, m.status, m.completed_on, m.original_due_date)
        for m in (
            await session.execute(
                select(Milestone)
                .where(Milestone.project_id == project.id)
                .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.title)
            )
        ).scalars()
    ]
    updates = [
        UpdateRow(
            u.id,
            period_key,
            u.version,
            u.submitted_at,
            u.submitted_by_name or "",
            u.rag,
            u.rag_reason or "",
            u.progress_pct,
            u.summary or "",
            u.achievements or "",
            u.next_steps or "",
            list(u.risks or []),
            u.blockers or "",
            u.asks_of_dlg or "",
            list(u.milestone_changes or []),
            bool(u.no_change),
            bool(u.late),
        )
        for u, period_key in (
            await session.execute(
                select(StatusUpdate, UpdateCycle.period_key)
                .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
                .where(StatusUpdate.project_id == project.id)
                .order_by(StatusUpdate.submitted_at, StatusUpdate.version, StatusUpdate.id)
            )
        ).all()
    ]
    return ProjectDetail(
        id=project.id,
        ref=project.ref,
        name=project.name,
        description=project.description or "",
        status=project.status,
        area=project.area.name if project.area else None,
        area_key=project.area.key if project.area else None,
        enablers=[e.name for e in project.enablers],
        aliases=[a.alias for a in project.aliases],
        start_date=project.start_date,
        end_date=project.end_date,
        source_note=project.source_note or "",
        people=(await _people_by_project(await session.connection(), project.id)).get(project.id, []),
        milestones=milestones,
        updates=updates,
        asks=await _asks(session, project.id),
    )


async def _asks(session: AsyncSession, project_id: int) -> list[AskRow]:
    asks = await ask_repo.views(session, project_ids={project_id})
    history = await ask_repo.decisions_of(session, {a.id for a in asks})
    return [
        AskRow(
            a.text,
            a.status,
            a.raised_at,
            a.deferred_until,
            [
                (
                    d.outcome,
                    d.decided_at,
                    recorder_words(d.decided_by_name or "", d.decided_by_role or ""),
                    d.note or "",
                    d.deferred_until,
                )
                for d in history.get(a.id, [])
            ],
        )
        for a in reversed(asks)
    ]


# --------------------------------------------------------------------------- digests


@dataclass(frozen=True)
class DigestFull:
    period_key: str
    status: str
    intro: str
    content: dict[str, Any]
    created_at: datetime
    posted_at: datetime | None
    approved_by: str


async def digests(session: AsyncSession, *, statuses: tuple[str, ...] | None = None) -> list[DigestRef]:
    """Digests newest first (without their content: the list needs only the headings)."""
    q = select(Digest.period_key, Digest.status, Digest.created_at, Digest.posted_at)
    if statuses is not None:
        q = q.where(Digest.status.in_(statuses))
    q = q.order_by(func.coalesce(Digest.posted_at, Digest.created_at).desc(), Digest.id.desc())
    return [DigestRef(*row) for row in await session.execute(q)]


async def digest(session: AsyncSession, period_key: str) -> DigestFull | None:
    d = (await session.execute(select(Digest).where(Digest.period_key == (period_key or "")[:32]))).scalar_one_or_none()
    if d is None:
        return None
    content = d.content if isinstance(d.content, dict) else {"content": d.content}
    return DigestFull(d.period_key, d.status, d.intro or "", content, d.created_at, d.posted_at, d.approved_by or "")
