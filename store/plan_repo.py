"""Applying a parsed plan file to the database, and reading the plan back out.

One import is one unit of work: the caller passes the session and commits (or, on any error,
rolls back — so a bad row leaves the database as it was). Every row is compared with what is
stored before anything is written, so re-importing the same file writes nothing at all: no
audit entry, no new `updated_at`. Projects are never deleted: one missing from a new plan is
retired with its history, and comes back to life if a later plan lists it again.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.cycles import Cadence, period_for
from programme.planfile import (
    Contact,
    Framework,
    FrameworkItem,
    HistoryRow,
    MilestoneRow,
    PlanError,
    PlanFile,
    PlanFileError,
    Progress,
    ProjectRow,
    default_framework,
    default_source_note,
    milestone_key,
    normalise_label,
)

from . import audit
from .models import (
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectRole,
    Setting,
    StatusUpdate,
    UpdateCycle,
)
from .types import utcnow


@dataclass
class ImportReport:
    """What an import did, in counts a person can check against their spreadsheet."""

    sources: list[str] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    retired: int = 0
    reactivated: int = 0
    areas_created: int = 0
    enablers_created: int = 0
    people_created: int = 0
    people_updated: int = 0
    milestones_created: int = 0
    milestones_updated: int = 0
    milestones_unchanged: int = 0
    updates_imported: int = 0
    updates_already_present: int = 0
    cycles_created: int = 0
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    emails: dict[str, list[str]] = field(default_factory=dict)  # each lead's and deputy's email -> rows naming it

    @property
    def changed(self) -> bool:
        counts = (
            "created",
            "updated",
            "retired",
            "areas_created",
            "enablers_created",
            "people_created",
            "people_updated",
            "milestones_created",
            "milestones_updated",
            "updates_imported",
            "cycles_created",
        )
        return any(getattr(self, c) for c in counts)

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    def lines(self) -> list[str]:
        """A short account for the command line."""
        out = []
        if "plan" in self.kinds:
            out.append(
                f"Projects: {self.created} created, {self.updated} updated ({self.reactivated} made active "
                f"again), {self.retired} retired, {self.unchanged} unchanged."
            )
            out.append(f"People: {self.people_created} added, {self.people_updated} renamed.")
        if "milestones" in self.kinds:
            out.append(
                f"Milestones: {self.milestones_created} created, {self.milestones_updated} updated, "
                f"{self.milestones_unchanged} unchanged."
            )
        if "history" in self.kinds:
            out.append(
                f"Updates: {self.updates_imported} imported, {self.updates_already_present} already present, "
                f"{self.cycles_created} cycles added."
            )
            if "plan" not in self.kinds and self.people_created:
                out.append(f"People: {self.people_created} added (submitters not yet known).")
        if self.areas_created or self.enablers_created:
            out.append(f"Framework: {self.areas_created} priority areas and {self.enablers_created} enablers added.")
        out += [f"Note: {w}" for w in self.warnings]
        if not self.changed:
            out.append("Nothing changed.")
        if self.dry_run:
            out.append("Dry run: nothing was saved.")
        return out


@dataclass
class _Ticker:
    progress: Progress | None
    total: int
    done: int = 0

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress("apply", self.done, self.total)


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
    ticker = _Ticker(progress, len(plan.projects or []) + len(plan.milestones) + len(plan.history))
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


# --------------------------------------------------------------------------- framework


async def load_framework(session: AsyncSession) -> Framework:
    """The default framework plus any area or enabler an admin has added to the database."""
    areas = (await session.scalars(select(PriorityArea).order_by(PriorityArea.position))).all()
    enablers = (await session.scalars(select(Enabler).order_by(Enabler.position))).all()
    return default_framework().extended(
        [FrameworkItem(a.key, a.name, a.description, a.position) for a in areas],
        [FrameworkItem(e.key, e.name, e.description, e.position) for e in enablers],
    )


async def ensure_framework(
    session: AsyncSession, *, actor: str, report: ImportReport | None = None, framework: Framework | None = None
) -> tuple[dict[str, PriorityArea], dict[str, Enabler]]:
    """Create any missing area or enabler; map each framework key to its database row."""
    framework = framework or await load_framework(session)
    report = report or ImportReport()
    areas = await _ensure_items(session, PriorityArea, framework.areas, "priority_area", actor)
    enablers = await _ensure_items(session, Enabler, framework.enablers, "enabler", actor)
    report.areas_created += sum(1 for row in areas.values() if row.id is None)
    report.enablers_created += sum(1 for row in enablers.values() if row.id is None)
    await session.flush()
    return areas, enablers


async def _ensure_items(
    session: AsyncSession, model: type, items: tuple[FrameworkItem, ...], entity: str, actor: str
) -> dict[str, Any]:
    rows: Sequence[Any] = (await session.scalars(select(model))).all()
    by_label = {normalise_label(r.name): r for r in rows} | {normalise_label(r.key): r for r in rows}
    found: dict[str, Any] = {}
    for item in items:
        row = by_label.get(normalise_label(item.name)) or by_label.get(normalise_label(item.key))
        if row is None:
            row = model(key=item.key, name=item.name, description=item.description, position=item.position)
            session.add(row)
            audit.record(
                session,
                actor=actor,
                action="create",
                entity=entity,
                key=item.key,
                after={"name": item.name, "description": item.description},
            )
            by_label[normalise_label(item.name)] = row
        found[item.key] = row
    return found


# --------------------------------------------------------------------------- people


async def upsert_people(
    session: AsyncSession, contacts: list[Contact], *, actor: str, report: ImportReport
) -> dict[str, Person]:
    """People are matched by lower-cased email; a name given in the file replaces the stored one."""
    wanted: dict[str, str] = {}
    for c in contacts:
        if c.name or c.email not in wanted:
            wanted[c.email] = c.name or wanted.get(c.email, "")
    people = await people_by_email(session, wanted)
    for email, name in wanted.items():
        person = people.get(email)
        if person is None:
            people[email] = person = Person(email=email, name=name)
            session.add(person)
            audit.record(session, actor=actor, action="create", entity="person", key=email, after={"name": name})
            report.people_created += 1
        elif name and person.name != name:
            audit.record(
                session,
                actor=actor,
                action="update",
                entity="person",
                key=email,
                before={"name": person.name},
                after={"name": name},
            )
            person.name = name
            report.people_updated += 1
    await session.flush()
    return people


async def people_by_email(session: AsyncSession, emails: Any) -> dict[str, Person]:
    emails = sorted({e.lower() for e in emails})
    found: dict[str, Person] = {}
    for chunk in _chunks(emails):
        for person in (await session.scalars(select(Person).where(func.lower(Person.email).in_(chunk)))).all():
            found[(person.email or "").lower()] = person  # (found by its email: never None here)
    return found


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


# --------------------------------------------------------------------------- projects


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
    session: AsyncSession, rows: list[ProjectRow], *, actor: str, report: ImportReport, ticker: _Ticker | None = None
) -> dict[str, Project]:
    """Upsert every project by ref, then retire those the file no longer lists."""
    areas, enablers = await ensure_framework(session, actor=actor, report=report)
    people = await upsert_people(
        session, [c for r in rows for c in (*r.leads, *r.deputies)], actor=actor, report=report
    )
    projects = {p.ref.upper(): p for p in (await session.scalars(select(Project).order_by(Project.id))).all()}
    roles = await _roles_by_project(session, [p.id for p in projects.values()])
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


async def _roles_by_project(session: AsyncSession, project_ids: list[int]) -> dict[int, list[ProjectRole]]:
    found: dict[int, list[ProjectRole]] = defaultdict(list)
    for chunk in _chunks(project_ids):
        query = (
            select(ProjectRole).where(ProjectRole.project_id.in_(chunk)).order_by(ProjectRole.position, ProjectRole.id)
        )
        for role in (await session.scalars(query)).all():
            found[role.project_id].append(role)
    return found


def _project_state(project: Project, roles: list[ProjectRole], areas_by_id: dict[int, str]) -> dict[str, Any]:
    """What a plan file can say about a project, in a form fit for comparing and for the audit log."""
    return {
        "ref": project.ref,
        "name": project.name,
        "description": project.description or "",
        "priority_area": areas_by_id.get(project.priority_area_id) if project.priority_area_id is not None else None,
        "enablers": [e.name for e in sorted(project.enablers, key=lambda e: (e.position, e.id or 0))],
        "start_date": _iso(project.start_date),
        "end_date": _iso(project.end_date),
        "status": project.status,
        "source_note": project.source_note or "",
        "aliases": [a.alias for a in project.aliases],
        "leads": _role_emails(roles, "lead"),
        "deputies": _role_emails(roles, "deputy"),
    }


def _role_emails(roles: list[ProjectRole], kind: str) -> list[str]:
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
        "start_date": _iso(row.start_date),
        "end_date": _iso(row.end_date),
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
    state["aliases"] = _merge_aliases(names, row.name)
    state["status"] = "active" if current["status"] == "retired" else current["status"]
    if row.source_note is None:
        state["source_note"] = current["source_note"]
        if current["source_note"] == ctx.default_note and _differs(state, current, ignore=("source_note",)):
            state["source_note"] = ""  # the report's wording no longer describes this project


def _merge_aliases(names: list[str], current_name: str) -> list[str]:
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
    current = _project_state(project, roles, ctx.area_names)
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
        _set_aliases(project, wanted["aliases"])


def _set_aliases(project: Project, wanted: list[str]) -> None:
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
                _delete(session, held)
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


def _delete(session: AsyncSession, obj: Any) -> None:
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


# --------------------------------------------------------------------------- milestones


async def apply_milestones(
    session: AsyncSession, rows: list[MilestoneRow], *, actor: str, report: ImportReport, ticker: _Ticker | None = None
) -> None:
    """Upsert by (project, title); a moved due date keeps the first one in `original_due_date`."""
    projects = {p.ref.upper(): p for p in (await session.scalars(select(Project))).all()}
    ids = sorted({projects[r.project_ref].id for r in rows})
    existing: dict[tuple[int, str], Milestone] = {}
    for chunk in _chunks(ids):
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
    return {"title": title, "due_date": _iso(due), "status": status}


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
        before["original_due_date"] = after["original_due_date"] = _iso(m.due_date)
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
    ticker: _Ticker | None = None,
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
    for chunk in _chunks(project_ids):
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


# --------------------------------------------------------------------------- export


async def export_plan(session: AsyncSession) -> list[dict[str, Any]]:
    """The live plan as rows a plan file holds (lists as lists, dates as dates), each with its
    milestones; retired projects are left out so importing the export keeps them retired."""
    projects = (await session.scalars(select(Project).where(Project.status != "retired").order_by(Project.id))).all()
    areas = {a.id: a.name for a in (await session.scalars(select(PriorityArea))).all()}
    roles = await _roles_by_project(session, [p.id for p in projects])
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
        "deputy_email": _role_emails(roles, "deputy"),
        "start_date": project.start_date,
        "end_date": project.end_date,
        "aliases": [a.alias for a in project.aliases],
        "source_note": project.source_note or "",
        "milestones": [{"title": m.title, "due_date": m.due_date, "status": m.status} for m in milestones],
    }


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
