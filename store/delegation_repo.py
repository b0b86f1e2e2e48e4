"""Delegations ("I'm away, ask Jo Bloggs") and out-of-office dates.

A delegation is for one cycle, named by its period key, so a lead can hand over the next cycle
before its row exists. It covers the projects the lead leads or deputises on at the time.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .audit import record
from .cycle_repo import insert_for
from .db import changed
from .models import Delegation, Person, ProjectRole
from .types import utcnow


async def projects_delegated_to(session: AsyncSession, person_id: int, period_key: str) -> set[int]:
    rows = await session.execute(
        select(Delegation.project_id).where(
            Delegation.to_person_id == person_id, Delegation.period_key == period_key, Delegation.status == "active"
        )
    )
    return set(rows.scalars())


async def delegate(
    session: AsyncSession, *, period_key: str, project_ids: set[int], from_person: Person, to_person: Person
) -> int:
    """Hand `project_ids` over for the period; a second delegation for the same cycle replaces the first."""
    for project_id in sorted(project_ids):
        stmt = insert_for(session, Delegation).values(
            period_key=period_key,
            project_id=project_id,
            from_person_id=from_person.id,
            to_person_id=to_person.id,
            status="active",
            created_at=utcnow(),
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=["period_key", "project_id", "from_person_id"],
            set_={"to_person_id": to_person.id, "status": "active"},
        )
        await session.execute(stmt)
    record(
        session,
        actor=from_person.email or from_person.name,
        action="delegate",
        entity="delegation",
        key=period_key,
        after={"to": to_person.email or to_person.name, "projects": sorted(project_ids)},
    )
    await session.flush()
    return len(project_ids)


async def cancel(session: AsyncSession, *, period_key: str, from_person: Person) -> int:
    result = await session.execute(
        update(Delegation)
        .where(
            Delegation.period_key == period_key,
            Delegation.from_person_id == from_person.id,
            Delegation.status == "active",
        )
        .values(status="cancelled")
    )
    if changed(result):
        record(
            session, actor=from_person.email or from_person.name, action="cancel", entity="delegation", key=period_key
        )
    return changed(result) or 0


async def own_projects(session: AsyncSession, person_id: int) -> set[int]:
    """Projects someone leads or deputises on (not delegated ones: a delegate cannot re-delegate)."""
    rows = await session.execute(select(ProjectRole.project_id).where(ProjectRole.person_id == person_id))
    return set(rows.scalars())


async def find_people(session: AsyncSession, who: str, limit: int = 6) -> list[Person]:
    """People known to the bot whose email is `who`, or whose name matches it (exactly, else in part)."""
    who = who.strip().strip("\"'").strip()
    if "@" in who:
        rows = await session.execute(
            select(Person).where(func.lower(Person.email) == who.lower(), Person.forgotten_at.is_(None))
        )
        return list(rows.scalars())
    exact = await session.execute(
        select(Person).where(func.lower(Person.name) == who.lower(), Person.forgotten_at.is_(None))
    )
    found = list(exact.scalars())
    if found:
        return found
    words = [w for w in who.lower().split() if len(w) >= 2]
    if not words:
        return []
    rows = await session.execute(
        select(Person)
        .where(
            Person.forgotten_at.is_(None),
            *[or_(func.lower(Person.name).contains(w), func.lower(Person.email).contains(w)) for w in words],
        )
        .order_by(Person.name)
        .limit(limit)
    )
    return list(rows.scalars())


async def set_away(session: AsyncSession, person: Person, until: date | None) -> None:
    before = person.away_until.isoformat() if person.away_until else None
    person.away_until = until
    record(
        session,
        actor=person.email or person.name,
        action="away",
        entity="person",
        key=person.id,
        before={"away_until": before},
        after={"away_until": until.isoformat() if until else None},
    )
    await session.flush()
