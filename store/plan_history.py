"""A plan import's milestones (upserted by project and title) and history (past updates, each in the
cycle its submission time falls in; rows already present are skipped)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.cycles import Cadence, period_for
from programme.planfile import Contact, HistoryRow, MilestoneRow, Ticker, milestone_key

from . import audit
from .db import chunks
from .models import Milestone, Person, Project, Setting, StatusUpdate, UpdateCycle
from .plan_common import ImportReport, iso
from .plan_framework import upsert_people
from .types import utcnow

# --------------------------------------------------------------------------- milestones


async def apply_milestones(
    session: AsyncSession, rows: list[MilestoneRow], *, actor: str, report: ImportReport, ticker: Ticker | None = None
) -> None:
    """Upsert by (project, title); a moved due date keeps the first one in `original_due_date`."""
    projects = {p.ref.upper(): p for p in (await session.scalars(select(Project))).all()}
    ids = sorted({projects[r.project_ref].id for r in rows})
    existing: dict[tuple[int, str], Milestone] = {}
    for chunk in chunks(ids):
        for m in (await session.scalars(select(Milestone).where(Milestone.project_id.in_(chunk)))).all():
            existing[(m.project_id, milestone_key(m.title))] = m
    for row in rows:
        project = projects[row.project_ref]
        milestone = existing.get((project.id, milestone_key(row.title)))
        if milestone is None:
            existing[(project.id, milestone_key(row.title))] = _create_milestone(session, project, row, actor)
            report.milestones_created += 1
        elif _update_milestone(session, project, milestone, row, actor):
            report.milestones_updated += 1
        else:
            report.milestones_unchanged += 1
        if ticker:
            ticker.tick()
    await session.flush()


def _milestone_state(title: str, due: date | None, status: str) -> dict[str, Any]:
    return {"title": title, "due_date": iso(due), "status": status}


def _create_milestone(session: AsyncSession, project: Project, row: MilestoneRow, actor: str) -> Milestone:
    milestone = Milestone(project_id=project.id, title=row.title, due_date=row.due_date, status=row.status)
    session.add(milestone)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="milestone",
        key=f"{project.ref}: {row.title}",
        after=_milestone_state(row.title, row.due_date, row.status),
    )
    return milestone


def _update_milestone(session: AsyncSession, project: Project, m: Milestone, row: MilestoneRow, actor: str) -> bool:
    before = _milestone_state(m.title, m.due_date, m.status)
    after = _milestone_state(row.title, row.due_date, row.status)
    changed = [k for k in after if after[k] != before[k]]
    if not changed:
        return False
    if "due_date" in changed and m.original_due_date is None and m.due_date is not None:
        m.original_due_date = m.due_date
        before["original_due_date"] = after["original_due_date"] = iso(m.due_date)
    m.title, m.due_date, m.status = row.title, row.due_date, row.status
    audit.record(
        session,
        actor=actor,
        action="update",
        entity="milestone",
        key=f"{project.ref}: {row.title}",
        before={k: before[k] for k in before if k in changed or k == "original_due_date"},
        after={k: after[k] for k in after if k in changed or k == "original_due_date"},
    )
    return True


# --------------------------------------------------------------------------- history


async def current_cadence(session: AsyncSession) -> Cadence:
    """The cadence admins set (settings key 'cadence'), or the default weekly one."""
    setting = await session.get(Setting, "cadence")
    return Cadence.from_dict(setting.value if setting else None)


async def apply_history(
    session: AsyncSession,
    rows: list[HistoryRow],
    *,
    actor: str,
    tz: str,
    report: ImportReport,
    ticker: Ticker | None = None,
) -> None:
    """Each row becomes a StatusUpdate in the cycle its submission time falls in; rows already
    present (same project, time and submitter) are skipped, so a history file can be re-imported."""
    projects = {p.ref.upper(): p for p in (await session.scalars(select(Project))).all()}
    cadence = await current_cadence(session)
    people = await upsert_people(
        session, [Contact(r.submitted_by_email) for r in rows if r.submitted_by_email], actor=actor, report=report
    )
    present = await _present_updates(session, sorted({projects[r.project_ref].id for r in rows}))
    versions = await _latest_versions(session)
    cycles: dict[str, UpdateCycle] = {}
    for row in sorted(rows, key=lambda r: (r.submitted_at, r.row)):
        project = projects[row.project_ref]
        if (project.id, row.submitted_at, row.submitted_by_email) in present:
            report.updates_already_present += 1
        else:
            cycle = await _cycle_for(session, row.submitted_at, cadence, tz, cycles, actor, report)
            version = versions[(project.id, cycle.id)] = versions.get((project.id, cycle.id), 0) + 1
            _add_update(session, project, cycle, version, row, people.get(row.submitted_by_email or ""), actor)
            report.updates_imported += 1
        if ticker:
            ticker.tick()
    await session.flush()


async def _present_updates(session: AsyncSession, project_ids: list[int]) -> set[tuple[int, datetime, str | None]]:
    present = set()
    for chunk in chunks(project_ids):
        query = (
            select(StatusUpdate.project_id, StatusUpdate.submitted_at, Person.email)
            .outerjoin(Person, Person.id == StatusUpdate.submitted_by_id)
            .where(StatusUpdate.project_id.in_(chunk))
        )
        for project_id, at, email in (await session.execute(query)).all():
            present.add((project_id, at.astimezone(UTC), email.lower() if email else None))
    return present


async def _latest_versions(session: AsyncSession) -> dict[tuple[int, int], int]:
    query = select(StatusUpdate.project_id, StatusUpdate.cycle_id, func.max(StatusUpdate.version)).group_by(
        StatusUpdate.project_id, StatusUpdate.cycle_id
    )
    return {(p, c): v for p, c, v in (await session.execute(query)).all()}


async def _cycle_for(
    session: AsyncSession,
    moment: datetime,
    cadence: Cadence,
    tz: str,
    cache: dict[str, UpdateCycle],
    actor: str,
    report: ImportReport,
) -> UpdateCycle:
    """The cycle of the period containing `moment`; a past one missing is created already closed."""
    period = period_for(moment, cadence, tz)
    if period.key in cache:
        return cache[period.key]
    cycle = await session.scalar(select(UpdateCycle).where(UpdateCycle.period_key == period.key))
    if cycle is None:
        status = "closed" if period.closes_at <= utcnow() else "open"
        cycle = UpdateCycle(
            period_key=period.key,
            opens_at=period.opens_at,
            due_at=period.due_at,
            closes_at=period.closes_at,
            status=status,
        )
        session.add(cycle)
        await session.flush()
        audit.record(
            session,
            actor=actor,
            action="create",
            entity="update_cycle",
            key=period.key,
            after={"status": status, "opens_at": period.opens_at.isoformat()},
        )
        report.cycles_created += 1
    cache[period.key] = cycle
    return cycle


def _add_update(
    session: AsyncSession,
    project: Project,
    cycle: UpdateCycle,
    version: int,
    row: HistoryRow,
    person: Person | None,
    actor: str,
) -> None:
    update = StatusUpdate(
        project_id=project.id,
        cycle_id=cycle.id,
        version=version,
        submitted_at=row.submitted_at,
        submitted_by_id=person.id if person else None,
        submitted_by_name=(person.name or person.email) if person else "",
        rag=row.rag,
        progress_pct=row.progress_pct,
        summary=row.summary,
        achievements=row.achievements,
        next_steps=row.next_steps,
        risks=[r.to_dict() for r in row.risks],
        blockers=row.blockers,
        asks_of_dlg=row.asks_of_dlg,
        late=row.submitted_at > cycle.due_at,
        source="import",
    )
    session.add(update)
    audit.record(
        session,
        actor=actor,
        action="import",
        entity="status_update",
        key=f"{project.ref} {cycle.period_key} v{version}",
        after={
            "submitted_at": row.submitted_at.isoformat(),
            "submitted_by": row.submitted_by_email,
            "rag": row.rag,
            "progress_pct": row.progress_pct,
        },
    )
