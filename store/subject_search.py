"""Finding one person everywhere: by email, every identifier and name the bot has seen for them, and every
row of every table whose text mentions them (the sweep both subject access and erasure are built on)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Text, cast, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.erasure import Identity, mentions

from .models import Base, ConversationRef, Person, Project, StatusUpdate, UpdateCycle
from .personal_data import text_columns

# Tables whose rows are about the person as a whole and are handled by their own rule, not scrubbed.
OWN_RULES = {Person.__tablename__, ConversationRef.__tablename__}


async def person_by_email(session: AsyncSession, email: str) -> Person | None:
    wanted = (email or "").strip().lower()
    if not wanted:
        return None
    found = (await session.execute(select(Person).where(func.lower(Person.email) == wanted))).scalar_one_or_none()
    if found is None:  # someone met in Teams whose email was not trusted as an identity (a guest, say)
        found = (
            await session.execute(
                select(Person).where(func.lower(Person.unverified_email) == wanted).order_by(Person.id).limit(1)
            )
        ).scalar_one_or_none()
    return found


def row_values(obj: Any) -> dict[str, Any]:
    return {c.key: getattr(obj, c.key) for c in obj.__table__.columns}


async def conversation_refs(session: AsyncSession, person: Person) -> list[ConversationRef]:
    conditions = [ConversationRef.person_id == person.id]
    if person.aad_object_id:
        conditions.append(ConversationRef.aad_object_id == person.aad_object_id)
    if person.teams_user_id:
        conditions.append(ConversationRef.user_id == person.teams_user_id)
    return list(
        (await session.scalars(select(ConversationRef).where(or_(*conditions)).order_by(ConversationRef.id))).all()
    )


async def identity_of(session: AsyncSession, person: Person) -> Identity:
    """Every identifier and name the bot has seen for this person (plan, Teams, their updates)."""
    refs = await conversation_refs(session, person)
    submitted = await session.scalars(
        select(StatusUpdate.submitted_by_name).where(StatusUpdate.submitted_by_id == person.id).distinct()
    )
    return Identity.of(
        tokens=[
            person.email,
            person.unverified_email,
            person.aad_object_id,
            person.teams_user_id,
            *(r.aad_object_id for r in refs),
            *(r.user_id for r in refs),
        ],
        names=[person.name, *(r.user_name for r in refs), *submitted],
    )


# --------------------------------------------------------------------------- searching every column


@dataclass(frozen=True)
class Mention:
    table: str
    key: dict[str, Any]  # primary key of the row
    column: str
    value: Any


def _candidate(column, needles: Iterable[str]):
    target = cast(column, Text) if isinstance(column.type, JSON) else column
    return or_(*(target.icontains(n, autoescape=True) for n in needles))


async def find_mentions(
    session: AsyncSession, identity: Identity, *, skip: frozenset[str] | set[str] = frozenset()
) -> AsyncIterator[Mention]:
    """Rows anywhere in the database whose text mentions the identity (the database narrows, Python decides)."""
    needles = sorted(identity.needles)
    if not needles:
        return
    for table in Base.metadata.sorted_tables:
        if table.name in skip:
            continue
        pk = list(table.primary_key.columns)
        for column in text_columns(table):
            rows = await session.execute(select(*pk, column).where(_candidate(column, needles)))
            for row in rows:
                value = row[-1]
                if mentions(value, identity):
                    yield Mention(table.name, {c.name: row[i] for i, c in enumerate(pk)}, column.name, value)


async def project_names(session: AsyncSession) -> dict[int, tuple[str, str]]:
    return {p.id: (p.ref, p.name) for p in (await session.scalars(select(Project))).all()}


async def cycle_keys(session: AsyncSession) -> dict[int, str]:
    return {c.id: c.period_key for c in (await session.scalars(select(UpdateCycle))).all()}


def json_ready(value: Any) -> Any:
    """Dates as ISO text, so an export is plain JSON."""
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): json_ready(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [json_ready(v) for v in value]
    return value
