"""What the programme office changes in Teams: leads and deputies, projects, their names and
statuses, and who is an admin — each write with its audit entry (who, before, after).

The caller owns the unit of work and commits; nothing here commits. Project state for the audit log
is described the way a plan import describes it (plan_projects), so an entry made in Teams and one made
by an import read the same.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from . import audit
from .models import AuditEntry, Person, PriorityArea, Project, ProjectRole, StaffRole
from .people_repo import person_by_email
from .plan_framework import ensure_framework
from .plan_projects import delete, merge_aliases, project_state, set_aliases
from .types import utcnow


class Conflict(Exception):
    """Someone made the same change at the same moment (a unique constraint said so)."""


async def _insert(session: AsyncSession, row: Any) -> None:
    """Add one row in a savepoint, so a duplicate is a Conflict and the rest of the unit of work survives."""
    try:
        async with session.begin_nested():
            session.add(row)
    except IntegrityError as exc:
        raise Conflict(str(exc.orig)[:200]) from None


# --------------------------------------------------------------------------- reading


async def all_projects(session: AsyncSession) -> list[Project]:
    """Every project whatever its status: an admin may need to reactivate a retired one."""
    return list((await session.scalars(select(Project).order_by(Project.ref))).all())


async def project_by_ref(session: AsyncSession, ref: str) -> Project | None:
    return await session.scalar(select(Project).where(func.upper(Project.ref) == ref.upper()))


async def project_roles(session: AsyncSession, project_id: int) -> list[ProjectRole]:
    rows = await session.scalars(
        select(ProjectRole).where(ProjectRole.project_id == project_id).order_by(ProjectRole.position, ProjectRole.id)
    )
    return list(rows.all())


def holders(roles: list[ProjectRole], kind: str) -> list[str]:
    """Who holds a role, by email (or `#id` for someone known only from Teams), in the project's order."""
    return [r.person.email or f"#{r.person_id}" for r in roles if r.role == kind]


def holder_names(roles: list[ProjectRole], kind: str) -> list[str]:
    return [r.person.name or r.person.email or f"person {r.person_id}" for r in roles if r.role == kind]


async def known_people(session: AsyncSession) -> list[Person]:
    """People a name can be matched against (not those erased on request)."""
    return list(
        (
            await session.scalars(select(Person).where(Person.forgotten_at.is_(None)).order_by(Person.name, Person.id))
        ).all()
    )


async def person(session: AsyncSession, *, email: str = "", person_id: int | None = None) -> Person | None:
    if person_id is not None:
        return await session.get(Person, person_id)
    return await person_by_email(session, email) if email else None


async def areas(session: AsyncSession) -> list[PriorityArea]:
    return list((await session.scalars(select(PriorityArea).order_by(PriorityArea.position, PriorityArea.id))).all())


async def area_names(session: AsyncSession) -> dict[int, str]:
    return {a.id: a.name for a in await areas(session)}


async def staff(session: AsyncSession) -> list[tuple[Person, str]]:
    """(person, role) for every admin and DLG member."""
    rows = await session.execute(
        select(Person, StaffRole.role)
        .join(StaffRole, StaffRole.person_id == Person.id)
        .order_by(StaffRole.role, Person.name, Person.id)
    )
    return [(p, role) for p, role in rows.all()]


async def staff_roles_of(session: AsyncSession, person_id: int | None) -> list[str]:
    if person_id is None:
        return []
    rows = await session.scalars(select(StaffRole.role).where(StaffRole.person_id == person_id))
    return sorted(rows.all())


async def admin_ids(session: AsyncSession, *, lock: bool = False) -> list[int]:
    """Everyone who is an admin; `lock` holds their rows so two admins cannot remove each other at once."""
    query = select(StaffRole.person_id).where(StaffRole.role == "admin").order_by(StaffRole.person_id)
    if lock:
        query = query.with_for_update()
    return list((await session.scalars(query)).all())


# --------------------------------------------------------------------------- people


async def person_for_email(session: AsyncSession, email: str, *, actor: str) -> Person:
    """The person with this email, created (and audited) when the bot has never met them."""
    found = await person_by_email(session, email)
    if found is not None:
        return found
    created = Person(email=email.lower(), name="")
    await _insert(session, created)
    audit.record(session, actor=actor, action="create", entity="person", key=email.lower(), after={"name": ""})
    await session.flush()
    return created


# --------------------------------------------------------------------------- leads and deputies


async def add_role(session: AsyncSession, project: Project, who: Person, kind: str, *, actor: str) -> None:
    roles = await project_roles(session, project.id)
    before = holders(roles, kind)
    position = max((r.position for r in roles if r.role == kind), default=-1) + 1
    await _insert(
        session, ProjectRole(project_id=project.id, person_id=who.id, role=kind, position=position, person=who)
    )
    after = holders(await project_roles(session, project.id), kind)
    _audit_roles(session, project, kind, "add", before, after, actor)


async def remove_role(session: AsyncSession, project: Project, who: Person, kind: str, *, actor: str) -> None:
    roles = await project_roles(session, project.id)
    before = holders(roles, kind)
    for role in roles:
        if role.role == kind and role.person_id == who.id:
            delete(session, role)
    await session.flush()
    after = holders(await project_roles(session, project.id), kind)
    _audit_roles(session, project, kind, "remove", before, after, actor)


def _audit_roles(
    session: AsyncSession, project: Project, kind: str, verb: str, before: list[str], after: list[str], actor: str
) -> None:
    field = "leads" if kind == "lead" else "deputies"
    audit.record(
        session,
        actor=actor,
        action=f"{verb}_{kind}",
        entity="project",
        key=project.ref,
        before={field: before},
        after={field: after},
    )
    project.updated_at = utcnow()


# --------------------------------------------------------------------------- projects


async def create_project(session: AsyncSession, *, ref: str, name: str, area_key: str, actor: str) -> Project:
    """A new active project in a priority area, audited with the same fields a plan import records."""
    area_rows, _enablers = await ensure_framework(session, actor=actor)
    area = area_rows[area_key]
    project = Project(ref=ref, name=name, status="active", priority_area_id=area.id, enablers=[], aliases=[])
    await _insert(session, project)
    audit.record(
        session,
        actor=actor,
        action="create",
        entity="project",
        key=ref,
        after=project_state(project, [], {area.id: area.name}),
    )
    return project


async def rename_project(session: AsyncSession, project: Project, new_name: str, *, actor: str) -> None:
    """The ref stays; the old name becomes an alias so people (and old messages) still find it."""
    before = {"name": project.name, "aliases": [a.alias for a in project.aliases]}
    aliases = merge_aliases([*before["aliases"], project.name], new_name)
    set_aliases(project, aliases)
    project.name = new_name
    project.updated_at = utcnow()
    await session.flush()
    audit.record(
        session,
        actor=actor,
        action="rename",
        entity="project",
        key=project.ref,
        before=before,
        after={"name": new_name, "aliases": aliases},
    )


async def set_status(session: AsyncSession, project: Project, status: str, *, verb: str, actor: str) -> None:
    audit.record(
        session,
        actor=actor,
        action=verb,
        entity="project",
        key=project.ref,
        before={"status": project.status},
        after={"status": status},
    )
    project.status = status
    project.updated_at = utcnow()
    await session.flush()


async def name_taken(session: AsyncSession, name: str, *, other_than: int | None = None) -> Project | None:
    """Another project already called this (names must tell projects apart when people ask)."""
    query = select(Project).where(func.lower(Project.name) == name.lower())
    if other_than is not None:
        query = query.where(Project.id != other_than)
    return (await session.scalars(query)).first()


# --------------------------------------------------------------------------- staff roles


async def grant_staff_role(session: AsyncSession, who: Person, role: str, *, actor: str) -> None:
    before = await staff_roles_of(session, who.id)
    await _insert(session, StaffRole(person_id=who.id, role=role))
    _audit_staff_roles(session, who, "grant_role", before, sorted({*before, role}), actor)


async def revoke_staff_role(session: AsyncSession, who: Person, role: str, *, actor: str) -> None:
    before = await staff_roles_of(session, who.id)
    for row in (
        await session.scalars(select(StaffRole).where(StaffRole.person_id == who.id, StaffRole.role == role))
    ).all():
        delete(session, row)
    await session.flush()
    _audit_staff_roles(session, who, "revoke_role", before, [r for r in before if r != role], actor)


def _audit_staff_roles(
    session: AsyncSession, who: Person, action: str, before: list[str], after: list[str], actor: str
) -> None:
    """A staff-role change in the audit log: the person's roles before and after."""
    audit.record(
        session,
        actor=actor,
        action=action,
        entity="person",
        key=who.email or who.id,
        before={"roles": before},
        after={"roles": after},
    )


# --------------------------------------------------------------------------- the audit log


async def audit_entries(
    session: AsyncSession,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    entities: tuple[str, ...] = (),
    limit: int | None = 15,
) -> list[AuditEntry]:
    """The newest entries first, optionally within dates and for some kinds of thing only."""
    query = _audit_filter(
        select(AuditEntry).order_by(AuditEntry.at.desc(), AuditEntry.id.desc()), since, until, entities
    )
    if limit is not None:
        query = query.limit(limit)
    return list((await session.scalars(query)).all())


async def count_audit_entries(
    session: AsyncSession,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
    entities: tuple[str, ...] = (),
) -> int:
    query = _audit_filter(select(func.count(AuditEntry.id)), since, until, entities)
    return (await session.execute(query)).scalar_one()


_Query = TypeVar("_Query", bound=Select[Any])


def _audit_filter(query: _Query, since: datetime | None, until: datetime | None, entities: tuple[str, ...]) -> _Query:
    """Entries in [since, until), of these kinds of thing only (all kinds when none are named)."""
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    if until is not None:
        query = query.where(AuditEntry.at < until)
    if entities:
        query = query.where(AuditEntry.entity.in_(entities))
    return query


async def audit_in_order(
    session: AsyncSession, *, since: datetime | None = None, after_id: int = 0, batch: int = 1000
) -> list[AuditEntry]:
    """One batch of the log, oldest first, for exporting without holding it all in memory."""
    query = select(AuditEntry).where(AuditEntry.id > after_id).order_by(AuditEntry.id).limit(batch)
    if since is not None:
        query = query.where(AuditEntry.at >= since)
    return list((await session.scalars(query)).all())
