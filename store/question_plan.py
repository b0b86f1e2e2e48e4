"""What the question engine keeps between questions, and reads first on each: the plan in memory
(vocabulary and project facts, as of the `plan` counter of migration 0005), every project's latest update
(as of the `updates` counter of migration 0010), and each conversation's follow-up context.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from programme.questions.query import Context
from programme.questions.results import ProjectInfo, UpdateInfo
from programme.questions.vocab import PersonEntry, ProjectEntry, TermEntry, Vocabulary

from .models import (
    ConversationState,
    DataVersion,
    Enabler,
    Person,
    PriorityArea,
    Project,
    ProjectAlias,
    ProjectEnabler,
    ProjectRole,
    StatusUpdate,
    UpdateCycle,
)
from .question_reads import _FULL, _LIGHT, _latest_id, _update
from .sqlite_trips import execute_and_commit

CONTEXT_TTL = timedelta(hours=2)  # a follow-up after this long is a new conversation
CONTEXT_REFRESH = timedelta(minutes=10)  # an unchanged context is written again only after this long
STATE_KEY = "questions"  # this feature's part of conversation_states.state


# --- the plan in memory ---------------------------------------------------------------------


@dataclass(frozen=True)
class Plan:
    """What the engine keeps in memory between questions: the parser's vocabulary and each project's
    facts (area, enablers, leads, deputies: `ProjectInfo` without its latest update), as of `version`
    of the database's plan counter (`data_versions`, bumped by triggers on every plan table)."""

    version: int
    vocab: Vocabulary
    projects: dict[int, ProjectInfo]
    people: dict[int, str]  # every person's name, by id
    roles: dict[int, tuple[tuple[int, str], ...]]  # person id -> (project id, "lead" or "deputy"), in order
    _bare: dict[int, ProjectInfo] = field(default_factory=dict, compare=False, repr=False)

    def without_enablers(self, p: ProjectInfo) -> ProjectInfo:
        """A project's facts without its enablers (what a list line shows), made once per plan."""
        if not p.enablers:
            return p
        bare = self._bare.get(p.id)
        if bare is None:
            bare = self._bare[p.id] = replace(p, enablers=())
        return bare


_PLAN_VERSION = select(DataVersion.version).where(DataVersion.name == "plan").scalar_subquery()
_UPDATES_VERSION = select(DataVersion.version).where(DataVersion.name == "updates").scalar_subquery()
_CONVERSATION_STATE = (
    select(ConversationState.state)
    .where(ConversationState.conversation_id == bindparam("conversation"))
    .scalar_subquery()
)
_OPENING = select(_PLAN_VERSION, _UPDATES_VERSION, _CONVERSATION_STATE)
_OPENING_ALONE = select(_PLAN_VERSION, _UPDATES_VERSION)


async def opening(conn: AsyncConnection, conversation_id: str | None) -> tuple[int, int, dict | None]:
    """The plan's and the updates' versions and the conversation's saved state (None: no row yet), in one
    statement."""
    if not conversation_id:
        version, updates = (await conn.execute(_OPENING_ALONE)).one()
        return version or 0, updates or 0, None
    version, updates, state = (await conn.execute(_OPENING, {"conversation": conversation_id})).one()
    return version or 0, updates or 0, state


@dataclass(frozen=True)
class Latest:
    """Every project's latest update (RAG, progress, when, by whom) as of `version` of the updates counter
    (migration 0006): lists, counts and rankings filter this instead of asking for it per question."""

    version: int
    updates: dict[int, UpdateInfo]
    previous: dict[int, UpdateInfo] = field(default_factory=dict)  # the update before each latest one
    rows: dict[int, Any] = field(default_factory=dict)  # each latest update's full row (risks filtered per viewer)
    # full-text search results found as of this version (store/question_search.py): the index changes only with
    # status_updates, which moves the counter, so a newer version starts with an empty dict
    searches: dict[tuple, list] = field(default_factory=dict, compare=False, repr=False)
    # full update rows by update id read as of this version (store/question_reads._updates_by_id: search hits, "as
    # of" answers), seeded with the latest ones; risks are filtered per viewer when a row becomes an UpdateInfo
    kept_rows: dict[int, Any] = field(default_factory=dict, compare=False, repr=False)


async def load_latest(conn: AsyncConnection, version: int) -> Latest:
    rows = (await conn.execute(_LATEST_ALL)).all()
    before = (await conn.execute(_PREVIOUS_ALL)).all()
    return Latest(
        version,
        {r.project_id: _update(r, None, "light") for r in rows},
        {r.project_id: _update(r, None, "light") for r in before},
        {r.project_id: r for r in rows},
    )


async def load_plan(session: AsyncConnection | AsyncSession, version: int) -> Plan:
    """Projects (with aliases, area, enablers, leads), people, areas and enablers, in seven queries."""
    areas = {
        r.id: r for r in (await session.execute(select(PriorityArea.id, PriorityArea.key, PriorityArea.name))).all()
    }
    enablers = {
        r.id: r
        for r in (
            await session.execute(select(Enabler.id, Enabler.key, Enabler.name).order_by(Enabler.position, Enabler.id))
        ).all()
    }
    rank = {eid: i for i, eid in enumerate(enablers)}  # enablers in their own order
    aliases = defaultdict(list)
    for pid, alias in (await session.execute(select(ProjectAlias.project_id, ProjectAlias.alias))).all():
        aliases[pid].append(alias)
    project_enablers = defaultdict(list)
    for pid, eid in (await session.execute(select(ProjectEnabler.project_id, ProjectEnabler.enabler_id))).all():
        project_enablers[pid].append(eid)
    people = {
        r.id: r.name or r.email or ""
        for r in (
            await session.execute(select(Person.id, Person.name, Person.email).where(Person.forgotten_at.is_(None)))
        ).all()
    }
    roles: defaultdict[int, dict[str, list[int]]] = defaultdict(lambda: {"lead": [], "deputy": []})
    by_person = defaultdict(list)
    role_rows = await session.execute(
        select(ProjectRole.project_id, ProjectRole.person_id, ProjectRole.role).order_by(
            ProjectRole.project_id, ProjectRole.position, ProjectRole.id
        )
    )
    for pid, person_id, role in role_rows.all():
        roles[pid].setdefault(role, []).append(person_id)
        by_person[person_id].append((pid, role))
    rows = (
        await session.execute(
            select(
                Project.id,
                Project.ref,
                Project.name,
                Project.status,
                Project.description,
                Project.priority_area_id,
                Project.start_date,
                Project.end_date,
            ).order_by(Project.ref)
        )
    ).all()
    entries, facts = [], {}
    for r in rows:
        area = areas.get(r.priority_area_id)
        own = sorted(project_enablers[r.id], key=rank.__getitem__)
        entries.append(
            ProjectEntry(
                id=r.id,
                ref=r.ref,
                name=r.name,
                aliases=tuple(aliases[r.id]),
                area=area.key if area else None,
                enablers=tuple(enablers[e].key for e in own),
                leads=tuple(roles[r.id]["lead"]),
                deputies=tuple(roles[r.id]["deputy"]),
                status=r.status,
            )
        )
        facts[r.id] = ProjectInfo(
            id=r.id,
            ref=r.ref,
            name=r.name,
            status=r.status,
            description=r.description or "",
            area=area.name if area else "",
            enablers=tuple(enablers[e].name for e in own),
            leads=tuple(people[i] for i in roles[r.id]["lead"] if people.get(i)),
            deputies=tuple(people[i] for i in roles[r.id]["deputy"] if people.get(i)),
            start_date=r.start_date,
            end_date=r.end_date,
        )
    named = [
        PersonEntry(r.id, r.name or r.email.split("@")[0], r.email or "")
        for r in (
            await session.execute(select(Person.id, Person.name, Person.email).where(Person.forgotten_at.is_(None)))
        ).all()
        if r.name or (r.email and r.id in by_person)
    ]  # someone known only by email: by its first part
    # Areas and enablers no project is placed in are left out when others are used: the import keeps the default
    # framework's items, and a council with its own ("Cyber Security") must not be read as the default's
    # ("Information governance and cyber security") that none of its projects has.
    used_areas = {r.priority_area_id for r in rows}
    used_enablers = {e for own in project_enablers.values() for e in own}
    vocab = Vocabulary.build(
        entries,
        named,
        [TermEntry(a.key, a.name) for i, a in areas.items() if i in used_areas or not used_areas],
        [TermEntry(e.key, e.name) for i, e in enablers.items() if i in used_enablers or not used_enablers],
    )
    return Plan(version, vocab, facts, people, {k: tuple(v) for k, v in by_person.items()})


# --- follow-up context --------------------------------------------------------------------


def context_from(state: dict | None, now: datetime) -> Context:
    """What this conversation last asked about, unless that was long enough ago to be a new topic."""
    saved = (state or {}).get(STATE_KEY) or {}
    try:
        at = datetime.fromisoformat(saved.get("at", ""))
    except (TypeError, ValueError):
        return Context()
    if now - at > CONTEXT_TTL or at - now > CONTEXT_TTL:
        return Context()
    return Context.from_dict(saved.get("context"))


def context_changed(state: dict | None, context: Context, now: datetime) -> bool:
    """Does `context` need writing? Not when it is what is saved and was saved less than CONTEXT_REFRESH ago."""
    saved = (state or {}).get(STATE_KEY) or {}
    if saved.get("context") != context.to_dict():
        return True
    try:
        return not timedelta(0) <= now - datetime.fromisoformat(saved.get("at", "")) < CONTEXT_REFRESH
    except (TypeError, ValueError):
        return True


async def save_contexts(conn: AsyncConnection, saves: dict[str, tuple[Context, datetime, dict | None]]) -> None:
    """Remember each conversation's context (conversation id -> (context, now, its state as read earlier in
    the turn, None meaning no row yet)), keeping whatever else other features keep in the same state.

    `conn` is a Core connection in a transaction (`Database.engine.begin()`: lighter than an ORM unit of
    work, and this runs after most questions), which ends when this returns. The caller passes only what
    `context_changed` says needs writing. Existing rows are updated in one statement, the last, committed with
    it; new ones are inserted one by one, and when two first messages in a new conversation race to insert
    it, the loser updates the row instead.
    """
    updates = []
    for conversation_id, (context, now, state) in saves.items():
        value = {"context": context.to_dict(), "at": now.isoformat()}
        if state is None:
            try:
                async with conn.begin_nested():  # a savepoint: a clash on the key is caught here
                    await conn.execute(
                        _INSERT_STATE,
                        {"conversation_id": conversation_id, "state": {STATE_KEY: value}, "updated_at": now},
                    )
                continue
            except IntegrityError:
                state = (await conn.execute(select(_CONVERSATION_STATE), {"conversation": conversation_id})).scalar()
        updates.append(
            {"conversation": conversation_id, "state": {**(state or {}), STATE_KEY: value}, "updated_at": now}
        )
    if updates:
        await execute_and_commit(conn, _UPDATE_STATE, updates)  # the last statement: its COMMIT in the same trip


_INSERT_STATE = insert(ConversationState)
_UPDATE_STATE = (
    update(ConversationState)
    .where(ConversationState.conversation_id == bindparam("conversation"))
    .values(state=bindparam("state"), updated_at=bindparam("updated_at"))
)


_LATEST_ALL = (
    select(*_FULL)
    .select_from(Project)
    .join(StatusUpdate, StatusUpdate.id == _latest_id())
    .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
)


def _previous_id():
    """The update before each project's latest one, in the same order."""
    s2, c2, s3, c3 = aliased(StatusUpdate), aliased(UpdateCycle), aliased(StatusUpdate), aliased(UpdateCycle)
    latest = (
        select(s2.id)
        .join(c2, c2.id == s2.cycle_id)
        .where(s2.project_id == Project.id)
        .order_by(c2.opens_at.desc(), s2.version.desc(), s2.submitted_at.desc(), s2.id.desc())
        .limit(1)
        .correlate(Project)
        .scalar_subquery()
    )
    return (
        select(s3.id)
        .join(c3, c3.id == s3.cycle_id)
        .where(s3.project_id == Project.id, s3.id != latest)
        .order_by(c3.opens_at.desc(), s3.version.desc(), s3.submitted_at.desc(), s3.id.desc())
        .limit(1)
        .scalar_subquery()
    )


_PREVIOUS_ALL = (
    select(*_LIGHT)
    .select_from(Project)
    .join(StatusUpdate, StatusUpdate.id == _previous_id())
    .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
)
