"""The directory check's housekeeping: whether today's check ran, a person's object id, the app's
installation for them, where the bot is reachable in Teams, and counts by directory status."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme.directory import UNKNOWN

from .cycle_repo import insert_for
from .models import ConversationRef, DirectoryPerson, Person, Setting

# --------------------------------------------------------------------------- runs, installs, addresses

RUN_KEY = "directory"  # the settings row that says which day the check last ran


async def ran_on(session: AsyncSession, day: str) -> bool:
    row = await session.get(Setting, RUN_KEY)
    return bool(row and (row.value or {}).get("checked_on") == day)


async def mark_ran(session: AsyncSession, day: str, now: datetime) -> None:
    """The day's check is done (not audited: it is housekeeping, and its leavers are audited one by one).
    An upsert: two replicas finishing the same day's check both succeed."""
    value = {"checked_on": day}
    await session.execute(
        insert_for(session, Setting)
        .values(key=RUN_KEY, value=value, updated_at=now)
        .on_conflict_do_update(index_elements=["key"], set_={"value": value, "updated_at": now})
    )


async def object_id_of(session: AsyncSession, person_id: int) -> tuple[str | None, str]:
    """(object id, directory status) of a person: the directory's, else the one Teams gave."""
    row = (
        await session.execute(
            select(DirectoryPerson.object_id, DirectoryPerson.status, Person.aad_object_id)
            .select_from(Person)
            .outerjoin(DirectoryPerson, DirectoryPerson.person_id == Person.id)
            .where(Person.id == person_id)
        )
    ).first()
    if row is None:
        return None, UNKNOWN
    return row[0] or row[2], row[1] or UNKNOWN


async def record_install(session: AsyncSession, person_id: int, *, ok: bool, error: str, now: datetime) -> None:
    await session.execute(
        insert_for(session, DirectoryPerson)
        .values(
            person_id=person_id,
            status=UNKNOWN,
            display_name="",
            job_title="",
            found_by="",
            last_error="",
            install_status="",
            install_error="",
        )
        .on_conflict_do_nothing(index_elements=["person_id"])
    )
    await session.execute(
        update(DirectoryPerson)
        .where(DirectoryPerson.person_id == person_id)
        .values(
            install_status="installed" if ok else "failed", install_error=error[:500], installed_at=now if ok else None
        )
    )


async def service_point(session: AsyncSession) -> ConversationRef | None:
    """The newest conversation reference the bot holds in Teams: its serviceUrl, tenant and bot id are
    how a chat known only by its id (read back from Graph) is reached."""
    return await session.scalar(
        select(ConversationRef)
        .where(ConversationRef.service_url != "")
        .order_by(ConversationRef.updated_at.desc(), ConversationRef.id.desc())
        .limit(1)
    )


async def status_counts(session: AsyncSession) -> dict[str, int]:
    rows = await session.execute(select(DirectoryPerson.status, DirectoryPerson.person_id))
    out: dict[str, int] = {}
    for status, _ in rows.all():
        out[status] = out.get(status, 0) + 1
    return out
