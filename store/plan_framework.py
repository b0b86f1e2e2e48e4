"""A plan import's priority areas, enablers and people: created when missing, matched by label or email."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.planfile import Contact, Framework, FrameworkItem, default_framework, normalise_label

from . import audit
from .db import chunks
from .models import Enabler, Person, PriorityArea
from .plan_common import ImportReport


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
    for chunk in chunks(emails):
        for person in (await session.scalars(select(Person).where(func.lower(Person.email).in_(chunk)))).all():
            found[(person.email or "").lower()] = person  # (found by its email: never None here)
    return found
