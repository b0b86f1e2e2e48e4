"""Status updates: versions are only ever added, never overwritten.

Two unique keys make a submission land exactly once: the Teams activity id (a retried invoke or a
resent Action.Submit carries the same id) and (project, cycle, version) (two editors who both
started from version 2 cannot both become version 3). A clash surfaces as `UpdateClash`, and the
service decides what the person sees.
"""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from programme.updates import MAX_MILESTONE_INPUTS, UPDATE_FIELDS, Draft, MilestoneInfo

from .audit import record
from .models import Milestone, Person, Project, ProjectRole, StatusUpdate, UpdateCycle

# What a lead writes in an update: the columns one version of it carries (and a card shows).
FIELDS = UPDATE_FIELDS


@dataclass
class Prefill:
    """What an update form starts from: this cycle's newest version, the project's newest update
    in any cycle, and the milestones a lead may move."""

    latest_in_cycle: StatusUpdate | None = None
    previous: StatusUpdate | None = None
    milestones: list[MilestoneInfo] = field(default_factory=list)


class UpdateClash(Exception):
    """Another row already holds this activity id or this (project, cycle, version)."""


async def project_by_ref(session: AsyncSession, ref: str) -> Project | None:
    return (
        await session.execute(select(Project).where(func.upper(Project.ref) == ref.strip().upper()))
    ).scalar_one_or_none()


async def projects_by_id(session: AsyncSession, ids: set[int]) -> list[Project]:
    if not ids:
        return []
    rows = await session.execute(select(Project).where(Project.id.in_(ids)).order_by(Project.ref))
    return list(rows.scalars())


async def active_projects(session: AsyncSession) -> list[Project]:
    rows = await session.execute(select(Project).where(Project.status == "active").order_by(Project.ref))
    return list(rows.scalars())


async def project_people(session: AsyncSession, project_id: int) -> list[tuple[str, str]]:
    """(role, name) of a project's leads and deputies, to say who may update it."""
    rows = await session.execute(
        select(ProjectRole.role, Person.name, Person.email)
        .join(Person, Person.id == ProjectRole.person_id)
        .where(ProjectRole.project_id == project_id)
        .order_by(ProjectRole.role, ProjectRole.position)
    )
    return [(role, name or email or "someone") for role, name, email in rows.all()]


async def milestones_of(session: AsyncSession, project_id: int) -> list[MilestoneInfo]:
    """The milestones a lead may move on the card: not done yet, soonest first, a handful at most."""
    rows = await session.execute(
        select(Milestone)
        .where(Milestone.project_id == project_id, Milestone.status != "done")
        .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)
        .limit(MAX_MILESTONE_INPUTS)
    )
    return [MilestoneInfo(m.id, m.title, m.due_date, m.status) for m in rows.scalars()]


async def latest_in_cycle(session: AsyncSession, project_id: int, cycle_id: int) -> StatusUpdate | None:
    rows = await session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.project_id == project_id, StatusUpdate.cycle_id == cycle_id)
        .order_by(StatusUpdate.version.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()


async def latest_update(session: AsyncSession, project_id: int) -> StatusUpdate | None:
    """The project's newest update in any cycle: what a new card is prefilled with."""
    rows = await session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.project_id == project_id)
        .order_by(StatusUpdate.submitted_at.desc(), StatusUpdate.version.desc())
        .limit(1)
    )
    return rows.scalar_one_or_none()


async def prefill(session: AsyncSession, cycle_id: int, project_ids: set[int]) -> dict[int, Prefill]:
    """Prefill for many projects in three queries (a fan-out renders a batch of cards at once)."""
    out = {pid: Prefill() for pid in project_ids}
    if not project_ids:
        return out
    rows = await session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.project_id.in_(project_ids))
        .order_by(StatusUpdate.project_id, StatusUpdate.submitted_at, StatusUpdate.version)
    )
    for u in rows.scalars():  # ascending: the last seen is the newest
        out[u.project_id].previous = u
        newest = out[u.project_id].latest_in_cycle
        if u.cycle_id == cycle_id and (newest is None or u.version > newest.version):
            out[u.project_id].latest_in_cycle = u
    ms = await session.execute(
        select(Milestone)
        .where(Milestone.project_id.in_(project_ids), Milestone.status != "done")
        .order_by(Milestone.project_id, Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)
    )
    for m in ms.scalars():
        if len(out[m.project_id].milestones) < MAX_MILESTONE_INPUTS:
            out[m.project_id].milestones.append(MilestoneInfo(m.id, m.title, m.due_date, m.status))
    return out


async def by_activity(session: AsyncSession, activity_id: str) -> StatusUpdate | None:
    return (
        await session.execute(select(StatusUpdate).where(StatusUpdate.activity_id == activity_id))
    ).scalar_one_or_none()


async def versions_in_cycle(session: AsyncSession, cycle_id: int, project_ids: set[int]) -> dict[int, StatusUpdate]:
    """Latest version per project in a cycle (for pickers and "still to do" lists)."""
    if not project_ids:
        return {}
    rows = await session.execute(
        select(StatusUpdate)
        .where(StatusUpdate.cycle_id == cycle_id, StatusUpdate.project_id.in_(project_ids))
        .order_by(StatusUpdate.version)
    )
    return {u.project_id: u for u in rows.scalars()}


def fields_of(update: StatusUpdate) -> dict[str, Any]:
    return {k: getattr(update, k) for k in FIELDS}


async def insert_version(
    session: AsyncSession,
    *,
    project: Project,
    cycle: UpdateCycle,
    version: int,
    draft: Draft,
    submitted_at: datetime,
    person: Person | None,
    by_name: str,
    activity_id: str | None,
    no_change: bool,
    late: bool,
    source: str = "card",
) -> StatusUpdate:
    """Add a version; `UpdateClash` if its activity id or version number is taken. The insert is in a
    savepoint, so after a clash the caller's unit of work goes on and can read what is stored now.

    PostgreSQL aborts the whole transaction on a failed statement, hence the savepoint there. SQLite
    undoes only the failed statement, and a SAVEPOINT there opens the write transaction early enough that
    a concurrent writer's commit makes the INSERT fail with "database is locked" at once instead of
    waiting its turn (measured with 50 leads submitting together), so SQLite goes without one. A Core
    INSERT (not a flush) leaves the session usable after the error on both."""
    values = dict(
        project_id=project.id,
        cycle_id=cycle.id,
        version=version,
        submitted_at=submitted_at,
        submitted_by_id=person.id if person else None,
        submitted_by_name=by_name[:200],
        no_change=no_change,
        late=late,
        source=source,
        activity_id=activity_id,
        **draft.to_fields(),
    )
    try:
        async with session.begin_nested() if session.get_bind().dialect.name != "sqlite" else nullcontext():
            new_id = (
                await session.execute(insert(StatusUpdate).values(**values).returning(StatusUpdate.id))
            ).scalar_one()
    except IntegrityError as exc:
        raise UpdateClash(str(exc.orig)[:200]) from exc
    update = await session.get(StatusUpdate, new_id)
    assert update is not None  # just inserted in this transaction
    record(
        session,
        actor=by_name or "unknown",
        action="submit",
        entity="status_update",
        key=f"{project.ref} {cycle.period_key} v{version}",
        after={"rag": draft.rag, "no_change": no_change, "late": late, "activity_id": activity_id},
    )
    return update


async def apply_milestone_changes(
    session: AsyncSession, project_id: int, changes: list[dict[str, Any]], *, actor: str
) -> None:
    """A lead's new dates become the milestones' due dates; the first planned date is kept."""
    for change in changes:
        m = await session.get(Milestone, int(change["milestone_id"]))
        if m is None or m.project_id != project_id:
            continue
        if m.original_due_date is None:
            m.original_due_date = m.due_date
        before = m.due_date.isoformat() if m.due_date else None
        m.due_date = date.fromisoformat(change["to"])
        record(
            session,
            actor=actor,
            action="move",
            entity="milestone",
            key=f"{project_id}:{m.title}"[:200],
            before={"due_date": before},
            after={"due_date": change["to"]},
        )
    await session.flush()


async def person_by_id(session: AsyncSession, person_id: int | None) -> Person | None:
    return await session.get(Person, person_id) if person_id else None


async def project_catalogue(session: AsyncSession) -> list[tuple[int, str, str, list[str]]]:
    """(id, ref, name, aliases) of active projects, for matching what someone typed."""
    return [(p.id, p.ref, p.name, [a.alias for a in p.aliases]) for p in await active_projects(session)]
