"""The dashboard's page for one project (its people, milestones, updates and asks) and its digest pages,
with the rows they share with the portfolio matrix (a person's role on a project, a digest's reference)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from programme.asks import recorder_words

from . import ask_repo
from .models import Digest, Milestone, Person, Project, ProjectRole, StatusUpdate, UpdateCycle


@dataclass(frozen=True)
class PersonRole:
    person_id: int
    name: str
    role: str  # lead / deputy


@dataclass(frozen=True)
class DigestRef:
    period_key: str
    status: str
    created_at: datetime
    posted_at: datetime | None

    @property
    def at(self) -> datetime:
        return self.posted_at or self.created_at


async def people_by_project(conn: AsyncConnection, project_id: int | None = None) -> dict[int, list[PersonRole]]:
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
        people=(await people_by_project(await session.connection(), project.id)).get(project.id, []),
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
