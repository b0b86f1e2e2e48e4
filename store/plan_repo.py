"""Applying a parsed plan file to the database, and reading the plan back out.

One import is one unit of work: the caller passes the session and commits (or, on any error,
rolls back — so a bad row leaves the database as it was). Every row is compared with what is
stored before anything is written, so re-importing the same file writes nothing at all: no
audit entry, no new `updated_at`. Projects are never deleted: one missing from a new plan is
retired with its history, and comes back to life if a later plan lists it again.

The parts: `plan_common` (the report), `plan_framework` (areas, enablers, people), `plan_projects`,
`plan_history` (milestones and past updates); this module applies a whole file and exports the plan.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.planfile import HistoryRow, MilestoneRow, PlanError, PlanFile, PlanFileError, Progress, Ticker

from .models import Milestone, PriorityArea, Project, ProjectRole
from .plan_common import ImportReport
from .plan_framework import ensure_framework, load_framework, people_by_email, upsert_people
from .plan_history import apply_history, apply_milestones, current_cadence
from .plan_projects import apply_projects, role_emails, roles_by_project

__all__ = [
    "ImportReport",
    "apply_plan_file",
    "export_plan",
    "load_framework",
    "ensure_framework",
    "upsert_people",
    "people_by_email",
    "apply_projects",
    "apply_milestones",
    "apply_history",
    "current_cadence",
]


# --------------------------------------------------------------------------- entry point


async def apply_plan_file(
    session: AsyncSession,
    plan: PlanFile,
    *,
    actor: str = "import",
    tz: str = "Europe/London",
    progress: Progress | None = None,
) -> ImportReport:
    """Apply everything a file brings (plan, milestones, history) in the caller's unit of work."""
    report = ImportReport(sources=list(plan.sources), kinds=plan.kinds, warnings=list(plan.warnings))
    await _check_refs_exist(session, plan)
    ticker = Ticker(progress, len(plan.projects or []) + len(plan.milestones) + len(plan.history), "apply")
    if plan.projects is not None:
        await apply_projects(session, plan.projects, actor=actor, report=report, ticker=ticker)
    if plan.milestones:
        await apply_milestones(session, plan.milestones, actor=actor, report=report, ticker=ticker)
    if plan.history:
        await apply_history(session, plan.history, actor=actor, tz=tz, report=report, ticker=ticker)
    await session.flush()
    return report


async def _check_refs_exist(session: AsyncSession, plan: PlanFile) -> None:
    """Milestones and history name projects already in the database (or in this same plan)."""
    rows: list[MilestoneRow | HistoryRow] = list(plan.history)
    if not plan.milestones_with_plan:
        rows += plan.milestones
    if not rows:
        return
    known = {r.upper() for r in (await session.scalars(select(Project.ref))).all()}
    known |= {p.ref for p in plan.projects or []}
    errors = [
        PlanError(r.row, "project_ref", f"no project has the ref {r.project_ref!r}", r.where, r.unit)
        for r in rows
        if r.project_ref not in known
    ]
    if errors:
        raise PlanFileError(sorted(errors, key=lambda e: (e.where, e.row)), ", ".join(plan.sources))


# --------------------------------------------------------------------------- export


async def export_plan(session: AsyncSession) -> list[dict[str, Any]]:
    """The live plan as rows a plan file holds (lists as lists, dates as dates), each with its
    milestones; retired projects are left out so importing the export keeps them retired."""
    projects = (await session.scalars(select(Project).where(Project.status != "retired").order_by(Project.id))).all()
    areas = {a.id: a.name for a in (await session.scalars(select(PriorityArea))).all()}
    roles = await roles_by_project(session, [p.id for p in projects])
    milestones: dict[int, list[Milestone]] = defaultdict(list)
    for m in (await session.scalars(select(Milestone).order_by(Milestone.id))).all():
        milestones[m.project_id].append(m)
    return [_export_row(p, roles.get(p.id, []), areas, milestones.get(p.id, [])) for p in projects]


def _export_row(
    project: Project, roles: list[ProjectRole], areas: dict[int, str], milestones: list[Milestone]
) -> dict[str, Any]:
    leads = [r for r in roles if r.role == "lead" and r.person.email]
    return {
        "ref": project.ref,
        "name": project.name,
        "priority_area": areas.get(project.priority_area_id, "") if project.priority_area_id is not None else "",
        "enablers": [e.name for e in sorted(project.enablers, key=lambda e: (e.position, e.id))],
        "description": project.description or "",
        "lead_name": [r.person.name or "" for r in leads],
        "lead_email": [(r.person.email or "").lower() for r in leads],  # (leads with an email only)
        "deputy_email": role_emails(roles, "deputy"),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "aliases": [a.alias for a in project.aliases],
        "source_note": project.source_note or "",
        "milestones": [{"title": m.title, "due_date": m.due_date, "status": m.status} for m in milestones],
    }
