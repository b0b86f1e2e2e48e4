"""What the directory said about people, who has left, the admins' leaver cards, and app installs.

Noticing a leaver is a compare-and-set (`status` moves to disabled or deleted only from something
else), so when two replicas check the same person at the same moment exactly one of them sees the
change and raises the admins' cards; the cards themselves are one row per (person, subject), inserted
with ON CONFLICT DO NOTHING and claimed before they are sent, like admin alerts (alerts_repo).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam, exists, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from programme.directory import LEFT, UNKNOWN, Lookup, returned
from programme.prompting import PENDING, SKIPPED

from .audit import record
from .cycle_repo import insert_for
from .db import changed, chunks
from .directory_runs import RUN_KEY, mark_ran, object_id_of, ran_on, record_install, service_point, status_counts
from .models import DirectoryPerson, LeaverNotice, Person, Project, ProjectRole, PromptDelivery, StaffRole

# Moved to directory_runs; re-exported so callers keep this path.
__all__ = ["RUN_KEY", "mark_ran", "object_id_of", "ran_on", "record_install", "service_point", "status_counts"]

ACTOR = "system:directory"
LIVE_PROJECTS = ("active", "paused")  # a closed or retired project needs nobody to take over


@dataclass(frozen=True)
class Subject:
    """A person the directory is asked about: by object id when one is known, else by email."""

    person_id: int
    email: str | None
    object_id: str | None
    status: str = UNKNOWN
    id_from_directory: bool = False  # False: the object id came from Teams, and the directory never confirmed it


@dataclass
class Saved:
    newly_left: list[int] = field(default_factory=list)
    previous: dict[int, str] = field(default_factory=dict)  # what the newly left were before (for the audit)
    returned: list[int] = field(default_factory=list)
    names_filled: int = 0
    linked: int = 0
    clashes: list[int] = field(default_factory=list)  # the object id already belongs to another person record


def left_filter(person_id_column):
    """A condition: this person has not left (for queries that choose whom to prompt or tell)."""
    return ~exists().where(DirectoryPerson.person_id == person_id_column, DirectoryPerson.status.in_(LEFT))


async def subjects(session: AsyncSession, emails: set[str] | None = None) -> list[Subject]:
    """Leads and deputies of live projects, admins and DLG members, and (at import) these emails."""
    role_holders = (
        select(ProjectRole.person_id)
        .join(Project, Project.id == ProjectRole.project_id)
        .where(Project.status.in_(LIVE_PROJECTS))
    )
    conditions = [Person.id.in_(role_holders), Person.id.in_(select(StaffRole.person_id))]
    if emails:
        conditions.append(Person.email.in_(sorted(emails)))
    rows = await session.execute(
        select(Person.id, Person.email, Person.aad_object_id, DirectoryPerson.object_id, DirectoryPerson.status)
        .outerjoin(DirectoryPerson, DirectoryPerson.person_id == Person.id)
        .where(Person.forgotten_at.is_(None), or_(*conditions))
        .order_by(Person.id)
    )
    return [
        Subject(pid, email, directory_id or aad, status or UNKNOWN, bool(directory_id))
        for pid, email, aad, directory_id, status in rows.all()
    ]


async def save(session: AsyncSession, answers: list[tuple[Subject, Lookup]], now: datetime) -> Saved:
    """Keep what the directory said; link object ids and fill empty names; say who newly left.

    A few statements for the whole lot (a daily check of thousands of people must not cost a round trip
    per column per person); only the move into "left" is made row by row, as a compare-and-set.
    """
    saved = Saved()
    ids = [subject.person_id for subject, _ in answers]
    for chunk in chunks(ids):
        await session.execute(
            insert_for(session, DirectoryPerson)
            .values([_blank(i) for i in chunk])
            .on_conflict_do_nothing(index_elements=["person_id"])
        )
    before = await _statuses(session, ids)
    groups: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for subject, lookup in answers:
        pid, after = subject.person_id, lookup.status
        if after == UNKNOWN:
            row: dict[str, Any] = {"last_error": lookup.error[:500]}
        else:
            row = {"checked_at": now, "last_error": "", "found_by": lookup.found_by, "status": after}
            if lookup.user is not None:
                row.update(
                    object_id=lookup.user.object_id,
                    display_name=lookup.user.display_name[:200],
                    job_title=lookup.user.job_title[:200],
                )
            if after in LEFT and before.get(pid) not in LEFT:
                if await _move_to_left(session, pid, row, now):  # the move to "left" is made once
                    saved.newly_left.append(pid)
                    saved.previous[pid] = before.get(pid) or UNKNOWN
                    continue
            elif after not in LEFT and before.get(pid) in LEFT:
                row["left_at"] = None
                if returned(before[pid], after):
                    saved.returned.append(pid)
        groups.setdefault(tuple(sorted(row)), []).append({"pid": pid, **{f"v_{k}": v for k, v in row.items()}})
    table = cast(Table, DirectoryPerson.__table__)  # typed as any FromClause; ours are tables
    for keys, rows in groups.items():
        statement = (
            table.update().where(table.c.person_id == bindparam("pid")).values({k: bindparam(f"v_{k}") for k in keys})
        )
        for chunk in chunks(rows):
            await session.execute(statement, chunk)
    await _link(session, [(s, lookup.user) for s, lookup in answers if lookup.user is not None], saved)
    return saved


def _blank(person_id: int) -> dict[str, Any]:
    return {
        "person_id": person_id,
        "status": UNKNOWN,
        "display_name": "",
        "job_title": "",
        "found_by": "",
        "last_error": "",
        "install_status": "",
        "install_error": "",
    }


async def _statuses(session: AsyncSession, ids: list[int]) -> dict[int, str]:
    out: dict[int, str] = {}
    for chunk in chunks(ids):
        rows = await session.execute(
            select(DirectoryPerson.person_id, DirectoryPerson.status).where(DirectoryPerson.person_id.in_(chunk))
        )
        out.update({pid: status for pid, status in rows.all()})
    return out


async def _move_to_left(session: AsyncSession, person_id: int, row: dict[str, Any], now: datetime) -> bool:
    """Compare-and-set: True for the one writer that moved the person from not-left to left."""
    moved = await session.execute(
        update(DirectoryPerson)
        .where(DirectoryPerson.person_id == person_id, DirectoryPerson.status.not_in(LEFT))
        .values(**row, left_at=now)
    )
    return changed(moved) == 1


async def _link(session: AsyncSession, found: list[tuple[Subject, Any]], saved: Saved) -> None:
    """The directory's object id links the person to their Teams account (bot/identity.py finds them by
    it); a name fills in where the plan had only an email. Never overwrites what is there, and never
    gives one object id to two person records."""
    people: dict[int, tuple[str, str | None]] = {}
    for chunk in chunks([s.person_id for s, _ in found]):
        rows = await session.execute(select(Person.id, Person.name, Person.aad_object_id).where(Person.id.in_(chunk)))
        people.update({pid: (name, aad) for pid, name, aad in rows.all()})
    holders: dict[str, int] = {}
    for chunk in chunks(sorted({user.object_id for _, user in found})):
        rows = await session.execute(select(Person.aad_object_id, Person.id).where(Person.aad_object_id.in_(chunk)))
        holders.update({aad: pid for aad, pid in rows.all()})
    names, links = [], []
    for subject, user in found:
        name, aad = people.get(subject.person_id, ("", None))
        if not name and user.display_name:
            names.append({"pid": subject.person_id, "v_name": user.display_name[:200]})
        if aad:
            continue
        holder = holders.get(user.object_id)
        if holder is not None and holder != subject.person_id:
            saved.clashes.append(subject.person_id)
            continue
        holders[user.object_id] = subject.person_id
        links.append({"pid": subject.person_id, "v_aad": user.object_id})
    table = cast(Table, Person.__table__)  # typed as any FromClause; ours are tables
    for chunk in chunks(names):
        await session.execute(
            table.update().where(table.c.id == bindparam("pid"), table.c.name == "").values(name=bindparam("v_name")),
            chunk,
        )
    for chunk in chunks(links):
        await session.execute(
            table.update()
            .where(table.c.id == bindparam("pid"), table.c.aad_object_id.is_(None))
            .values(aad_object_id=bindparam("v_aad")),
            chunk,
        )
    saved.names_filled, saved.linked = len(names), len(links)


# --------------------------------------------------------------------------- leavers


async def handle_leaver(
    session: AsyncSession, person_id: int, status: str, now: datetime, *, previous: str = "active"
) -> int:
    """Audit the departure, stop prompts not yet sent, and raise the admins' cards; the cards raised."""
    person = await session.get(Person, person_id)
    record(
        session,
        actor=ACTOR,
        action="left",
        entity="person",
        key=(person.email if person else "") or person_id,
        before={"directory": previous},
        after={"directory": status},
    )
    await session.execute(
        update(PromptDelivery)
        .where(PromptDelivery.person_id == person_id, PromptDelivery.status == PENDING)
        .values(status=SKIPPED, last_error="skipped: they have left the council")
    )
    roles = (
        await session.execute(
            select(ProjectRole.project_id, ProjectRole.role)
            .join(Project, Project.id == ProjectRole.project_id)
            .where(ProjectRole.person_id == person_id, Project.status.in_(LIVE_PROJECTS))
        )
    ).all()
    staff = (await session.scalars(select(StaffRole.role).where(StaffRole.person_id == person_id))).all()
    raised = 0
    for subject, project_id, role in [(f"project:{p}", p, r) for p, r in roles] + [
        (f"staff:{r}", None, r) for r in staff
    ]:
        result = await session.execute(
            insert_for(session, LeaverNotice)
            .values(
                person_id=person_id, subject=subject, project_id=project_id, role=role, status=PENDING, created_at=now
            )
            .on_conflict_do_nothing(index_elements=["person_id", "subject"])
        )
        raised += max(changed(result) or 0, 0)
    return raised


async def claim_notices(session: AsyncSession, limit: int = 50) -> list[LeaverNotice]:
    ids = (
        await session.scalars(
            select(LeaverNotice.id).where(LeaverNotice.status == PENDING).order_by(LeaverNotice.id).limit(limit)
        )
    ).all()
    claimed = []
    for notice_id in ids:
        result = await session.execute(
            update(LeaverNotice)
            .where(LeaverNotice.id == notice_id, LeaverNotice.status == PENDING)
            .values(status="sending")
        )
        if changed(result) == 1:
            claimed.append(notice_id)
    if not claimed:
        return []
    return list(
        (
            await session.scalars(
                select(LeaverNotice)
                .where(LeaverNotice.id.in_(claimed))
                .order_by(LeaverNotice.id)
                .execution_options(populate_existing=True)
            )
        ).all()
    )


async def finish_notices(session: AsyncSession, ids: list[int], *, sent: bool, now: datetime) -> None:
    """Sent, or (nobody could be told) back to pending for the next run."""
    if ids:
        await session.execute(
            update(LeaverNotice)
            .where(LeaverNotice.id.in_(ids))
            .values(status="sent" if sent else PENDING, sent_at=now if sent else None)
        )


async def notice_facts(session: AsyncSession, notice: LeaverNotice) -> dict[str, Any] | None:
    """What the card says: who left and how, the project, and its other leads and deputies."""
    person = await session.get(Person, notice.person_id)
    directory = await session.get(DirectoryPerson, notice.person_id)
    if person is None or person.forgotten_at is not None:
        return None
    facts: dict[str, Any] = {
        "person_id": person.id,
        "name": person.name or person.email or f"person {person.id}",
        "email": person.email,
        "role": notice.role,
        "status": directory.status if directory else "",
        "project": None,
        "others": [],
    }
    if notice.project_id is not None:
        project = await session.get(Project, notice.project_id)
        if project is None or project.status not in LIVE_PROJECTS:
            return None
        facts["project"] = {"ref": project.ref, "name": project.name, "status": project.status}
        rows = await session.execute(
            select(ProjectRole.role, Person.id, Person.name, Person.email)
            .join(Person, Person.id == ProjectRole.person_id)
            .where(ProjectRole.project_id == project.id, Person.id != person.id, left_filter(Person.id))
            .order_by(ProjectRole.position, ProjectRole.id)
        )
        facts["others"] = [
            {"role": r, "person_id": i, "name": n or e or f"person {i}", "email": e} for r, i, n, e in rows.all()
        ]
    return facts
