"""A plan import's projects: each upserted by ref and compared with what is stored first, so an
unchanged row writes nothing; projects the plan no longer lists are retired, never deleted."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.planfile import ProjectRow, Ticker, default_source_note

from . import audit
from .db import chunks
from .models import Enabler, Person, PriorityArea, Project, ProjectAlias, ProjectRole
from .plan_common import ImportReport, iso
from .plan_framework import ensure_framework, upsert_people
from .types import utcnow


@dataclass
class _Plan:
    """Lookups shared while applying projects."""

    areas: dict[str, PriorityArea]
    enablers: dict[str, Enabler]
    people: dict[str, Person]
    roles: dict[int, list[ProjectRole]]
    default_note: str

    @property
    def area_names(self) -> dict[int, str]:
        return {a.id: a.name for a in self.areas.values()}


async def apply_projects(
    session: AsyncSession, rows: list[ProjectRow], *, actor: str, report: ImportReport, ticker: Ticker | None = None
) -> dict[str, Project]:
    """Upsert every project by ref, then retire those the file no longer lists."""
    areas, enablers = await ensure_framework(session, actor=actor, report=report)
    people = await upsert_people(
        session, [c for r in rows for c in (*r.leads, *r.deputies)], actor=actor, report=report
    )
    projects = {p.ref.upper(): p for p in (await session.scalars(select(Project).order_by(Project.id))).all()}
    roles = await roles_by_project(session, [p.id for p in projects.values()])
    ctx = _Plan(areas, enablers, people, roles, default_source_note())
    for row in rows:
        project = projects.get(row.ref)
        if project is None:
            projects[row.ref] = await _create_project(session, row, ctx, actor, report)
        else:
            _update_project(session, project, row, ctx, actor, report)
        if ticker:
            ticker.tick()
    _retire_missing(session, projects, {r.ref for r in rows}, actor, report)
    await session.flush()
    return projects


async def roles_by_project(session: AsyncSession, project_ids: list[int]) -> dict[int, list[ProjectRole]]:
    found: dict[int, list[ProjectRole]] = defaultdict(list)
    for chunk in chunks(project_ids):
        query = (
            select(ProjectRole).where(ProjectRole.project_id.in_(chunk)).order_by(ProjectRole.position, ProjectRole.id)
        )
        for role in (await session.scalars(query)).all():
            found[role.project_id].append(role)
    return found


def project_state(project: Project, roles: list[ProjectRole], areas_by_id: dict[int, str]) -> dict[str, Any]:
    """What a plan file can say about a project, in a form fit for comparing and for the audit log."""
    return {
        "ref": project.ref,
        "name": project.name,
        "description": project.description or "",
        "priority_area": areas_by_id.get(project.priority_area_id) if project.priority_area_id is not None else None,
        "enablers": [e.name for e in sorted(project.enablers, key=lambda e: (e.position, e.id or 0))],
        "start_date": iso(project.start_date),
        "end_date": iso(project.end_date),
        "status": project.status,
        "source_note": project.source_note or "",
        "aliases": [a.alias for a in project.aliases],
        "leads": role_emails(roles, "lead"),
        "deputies": role_emails(roles, "deputy"),
    }


def role_emails(roles: list[ProjectRole], kind: str) -> list[str]:
    """People without an email (known only from Teams) cannot be named in a file, so they are left alone."""
    return [
        r.person.email.lower() for r in sorted(roles, key=lambda r: r.position) if r.role == kind and r.person.email
    ]


def _desired_state(row: ProjectRow, current: dict[str, Any] | None, ctx: _Plan) -> dict[str, Any]:
    enablers = sorted((ctx.enablers[k] for k in row.enablers), key=lambda e: (e.position, e.id or 0))
    state = {
        "ref": row.ref,
        "name": row.name,
        "description": row.description,
        "priority_area": ctx.areas[row.priority_area].name if row.priority_area else None,
        "enablers": [e.name for e in enablers],
        "start_date": iso(row.start_date),
        "end_date": iso(row.end_date),
        "status": "active",
        "source_note": row.source_note or "",
        "aliases": list(row.aliases),
        "leads": [c.email for c in row.leads],
        "deputies": [c.email for c in row.deputies],
    }
    if current is not None:
        _carry_over(state, row, current, ctx)
    return state


def _carry_over(state: dict[str, Any], row: ProjectRow, current: dict[str, Any], ctx: _Plan) -> None:
    """What a file keeps rather than replaces: aliases merge, an old name stays findable, statuses
    the programme office set (paused, closed) survive, and a note the file does not mention stays."""
    names = [*current["aliases"], *row.aliases]
    if current["name"] != row.name:
        names.append(current["name"])
    state["aliases"] = merge_aliases(names, row.name)
    state["status"] = "active" if current["status"] == "retired" else current["status"]
    if row.source_note is None:
        state["source_note"] = current["source_note"]
        if current["source_note"] == ctx.default_note and _differs(state, current, ignore=("source_note",)):
            state["source_note"] = ""  # the report's wording no longer describes this project


def merge_aliases(names: list[str], current_name: str) -> list[str]:
    seen = {current_name.casefold()}
    merged = []
    for alias in names:
        if alias and alias.casefold() not in seen:
            seen.add(alias.casefold())
            merged.append(alias)
    return merged


def _differs(a: dict[str, Any], b: dict[str, Any], ignore: tuple[str, ...] = ()) -> bool:
    return any(a[k] != b[k] for k in a if k not in ignore)


async def _create_project(
    session: AsyncSession, row: ProjectRow, ctx: _Plan, actor: str, report: ImportReport
) -> Project:
    state = _desired_state(row, None, ctx)
    project = Project(
        ref=row.ref,
        name=row.name,
        description=row.description,
        status="active",
        priority_area_id=ctx.areas[row.priority_area].id if row.priority_area else None,
        start_date=row.start_date,
        end_date=row.end_date,
        source_note=state["source_note"],
        enablers=[ctx.enablers[k] for k in row.enablers],
        aliases=[ProjectAlias(alias=a) for a in state["aliases"]],
    )
    session.add(project)
    await session.flush()
    _set_roles(session, project, [], row, ctx)
    audit.record(session, actor=actor, action="create", entity="project", key=row.ref, after=state)
    report.created += 1
    return project


def _update_project(
    session: AsyncSession, project: Project, row: ProjectRow, ctx: _Plan, actor: str, report: ImportReport
) -> None:
    """Write only what differs, so an unchanged row leaves no trace."""
    roles = ctx.roles.get(project.id, [])
    current = project_state(project, roles, ctx.area_names)
    wanted = _desired_state(row, current, ctx)
    changed = [k for k in wanted if wanted[k] != current[k]]
    if not changed:
        report.unchanged += 1
        return
    _write_fields(project, row, wanted, changed, ctx)
    if "leads" in changed or "deputies" in changed:
        ctx.roles[project.id] = _set_roles(session, project, roles, row, ctx)
    project.updated_at = utcnow()
    action = "reactivate" if current["status"] == "retired" else "update"
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="project",
        key=row.ref,
        before={k: current[k] for k in changed},
        after={k: wanted[k] for k in changed},
    )
    report.updated += 1
    report.reactivated += action == "reactivate"


def _write_fields(project: Project, row: ProjectRow, wanted: dict[str, Any], changed: list[str], ctx: _Plan) -> None:
    for name in ("ref", "name", "description", "status", "source_note"):
        if name in changed:
            setattr(project, name, wanted[name])
    if "start_date" in changed:
        project.start_date = row.start_date
    if "end_date" in changed:
        project.end_date = row.end_date
    if "priority_area" in changed:
        project.area = ctx.areas[row.priority_area] if row.priority_area else None
    if "enablers" in changed:
        project.enablers = [ctx.enablers[k] for k in row.enablers]
    if "aliases" in changed:
        set_aliases(project, wanted["aliases"])


def set_aliases(project: Project, wanted: list[str]) -> None:
    keep = [a for a in project.aliases if a.alias in wanted]
    have = {a.alias for a in keep}
    project.aliases = keep + [ProjectAlias(alias=a) for a in wanted if a not in have]


def _set_roles(
    session: AsyncSession, project: Project, roles: list[ProjectRole], row: ProjectRow, ctx: _Plan
) -> list[ProjectRole]:
    """Leads and deputies exactly as the file lists them, in its order; rows already right are kept."""
    result = [r for r in roles if not r.person.email]
    for kind, contacts in (("lead", row.leads), ("deputy", row.deputies)):
        existing = {r.person.email.lower(): r for r in roles if r.role == kind and r.person.email}
        wanted = [c.email for c in contacts]
        for email, held in existing.items():
            if email not in wanted:
                delete(session, held)
        for position, email in enumerate(wanted):
            role = existing.get(email)
            if role is None:
                role = ProjectRole(
                    project_id=project.id,
                    person_id=ctx.people[email].id,
                    role=kind,
                    position=position,
                    person=ctx.people[email],
                )
                session.add(role)
            elif role.position != position:
                role.position = position
            result.append(role)
    return result


def delete(session: AsyncSession, obj: Any) -> None:
    """AsyncSession.delete is a coroutine; deletes are flushed with the rest of the unit of work."""
    session.sync_session.delete(obj)


def _retire_missing(
    session: AsyncSession, projects: dict[str, Project], listed: set[str], actor: str, report: ImportReport
) -> None:
    """A project the plan no longer lists is retired, never deleted: its history stays."""
    for ref, project in projects.items():
        if ref in listed or project.status == "retired":
            continue
        audit.record(
            session,
            actor=actor,
            action="retire",
            entity="project",
            key=project.ref,
            before={"status": project.status},
            after={"status": "retired"},
        )
        project.status = "retired"
        project.updated_at = utcnow()
        report.retired += 1
