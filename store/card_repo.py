"""Cards that stay true: what a refresh reads, who a card refreshes for, and the cards the bot sent.

`refresh_state` is the whole database cost of answering a refresh (Teams waits for it, for every
person who opens the card): one statement that reads the project, the cycle, its newest version, the
update a form would be prefilled from, the milestones a lead may move, whether the asker holds a
delegation, who the card refreshes for and what comes after the cycle. It only reads.

`card_messages` keeps the activity id of every card the bot sent about a project's update in a cycle,
so that a newer version can be pushed into those messages (an edit makes Teams refresh them): its
reads and writes are in `store/card_messages.py`, re-exported here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import String, and_, bindparam, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession
from sqlalchemy.orm import aliased

from programme.updates import MAX_MILESTONE_INPUTS, MilestoneInfo

from .card_messages import (
    claim_stale,
    edit_failed,
    edited,
    messages_of,
    ref_id_of,
    release,
    remember,
    remember_in_chat,
    shown_in_place,
    to_edit,
)
from .cycle_repo import CADENCE_KEY
from .models import Delegation, Milestone, Person, Project, ProjectRole, Setting, StatusUpdate, UpdateCycle
from .update_repo import FIELDS

# Moved to card_messages; re-exported so callers keep this path.
__all__ = [
    "claim_stale",
    "edit_failed",
    "edited",
    "messages_of",
    "ref_id_of",
    "release",
    "remember",
    "remember_in_chat",
    "shown_in_place",
    "to_edit",
]

_SEP = "\n"  # between aggregated Teams ids (they never hold a newline)


@dataclass(frozen=True)
class Version:
    """One stored version of a project's update, as a card shows it."""

    version: int
    submitted_at: datetime
    by_id: int | None
    by_name: str
    no_change: bool
    late: bool
    fields: dict[str, Any]


@dataclass(frozen=True)
class RefreshState:
    project_id: int
    project_ref: str
    project_name: str
    project_status: str
    cycle_id: int
    cycle_key: str
    opens_at: datetime
    due_at: datetime
    closes_at: datetime
    cycle_open: bool
    latest: Version | None  # this cycle's newest version
    previous: Version | None  # the project's newest update in any cycle (what a new form starts from)
    milestones: list[MilestoneInfo]
    delegated: bool  # the asker holds this cycle's delegation for the project
    user_ids: list[str]  # leads, then deputies, then this cycle's delegates (Teams ids)
    next_key: str | None  # the cycle that opened after this one, if any
    next_due_at: datetime | None
    next_closes_at: datetime | None
    next_open: bool
    just_closed_key: str | None  # the cycle that closed last: the only closed one still taking (late) updates
    cadence: dict[str, Any] | None


# ------------------------------------------------------------------------------- who a card refreshes for


def _ids_of(role: str) -> Any:
    return (
        select(func.aggregate_strings(Person.teams_user_id, _SEP))
        .join(ProjectRole, ProjectRole.person_id == Person.id)
        .where(
            ProjectRole.project_id == Project.id,
            ProjectRole.role == role,
            Person.forgotten_at.is_(None),
            Person.teams_user_id.is_not(None),
        )
        .scalar_subquery()
    )


def _delegate_ids() -> Any:
    return (
        select(func.aggregate_strings(Person.teams_user_id, _SEP))
        .join(Delegation, Delegation.to_person_id == Person.id)
        .where(
            Delegation.project_id == Project.id,
            Delegation.period_key == UpdateCycle.period_key,
            Delegation.status == "active",
            Person.forgotten_at.is_(None),
            Person.teams_user_id.is_not(None),
        )
        .scalar_subquery()
    )


def _split(*values: str | None) -> list[str]:
    return [i for v in values for i in (v or "").split(_SEP) if i]


async def teams_ids(session: AsyncSession, period_key: str, project_ids: set[int]) -> dict[int, list[str]]:
    """Teams ids of each project's leads, deputies and this cycle's delegates (a card's `userIds`)."""
    if not project_ids:
        return {}
    q = (
        select(Project.id, _ids_of("lead"), _ids_of("deputy"), _delegate_ids())
        .join(UpdateCycle, UpdateCycle.period_key == period_key)
        .where(Project.id.in_(project_ids))
    )
    return {
        pid: _split(leads, deputies, delegates) for pid, leads, deputies, delegates in (await session.execute(q)).all()
    }


# ------------------------------------------------------------------------------- the refresh read

_CUR, _PREV, _NEWEST, _NEXT = (
    aliased(StatusUpdate, name="cur"),
    aliased(StatusUpdate, name="prev"),
    aliased(StatusUpdate, name="newest"),
    aliased(UpdateCycle, name="nxt"),
)


def _version_columns(alias: Any, prefix: str) -> list[Any]:
    cols = ["version", "submitted_at", "submitted_by_id", "submitted_by_name", "no_change", "late", *FIELDS]
    return [getattr(alias, c).label(f"{prefix}_{c}") for c in cols]


def _next(column: str) -> Any:
    return (
        select(getattr(_NEXT, column))
        .where(_NEXT.opens_at > UpdateCycle.opens_at)
        .order_by(_NEXT.opens_at, _NEXT.id)
        .limit(1)
        .scalar_subquery()
    )


_LATEST_VERSION = (
    select(func.max(_NEWEST.version))
    .where(_NEWEST.project_id == Project.id, _NEWEST.cycle_id == UpdateCycle.id)
    .scalar_subquery()
)
_NEWEST_ANYWHERE = (
    select(_NEWEST.id)
    .where(_NEWEST.project_id == Project.id)
    .order_by(_NEWEST.submitted_at.desc(), _NEWEST.version.desc())
    .limit(1)
    .scalar_subquery()
)
_DELEGATED = (
    select(func.count(Delegation.id))
    .where(
        Delegation.project_id == Project.id,
        Delegation.period_key == UpdateCycle.period_key,
        Delegation.status == "active",
        Delegation.to_person_id == bindparam("person_id"),
    )
    .scalar_subquery()
)
_CADENCE = select(Setting.value).where(Setting.key == CADENCE_KEY).scalar_subquery()
_CLOSED = aliased(UpdateCycle, name="closed")
_JUST_CLOSED = (
    select(_CLOSED.period_key)
    .where(_CLOSED.status == "closed")  # as cycle_repo.just_closed orders them
    .order_by(_CLOSED.closes_at.desc(), _CLOSED.opens_at.desc(), _CLOSED.id.desc())
    .limit(1)
    .scalar_subquery()
)
# Built once: SQLAlchemy caches its compiled form, so a refresh pays only for the round trip.
_REFRESH_STATE = (
    select(
        Project.id,
        Project.ref,
        Project.name,
        Project.status,
        UpdateCycle.id.label("cycle_id"),
        UpdateCycle.period_key,
        UpdateCycle.opens_at,
        UpdateCycle.due_at,
        UpdateCycle.closes_at,
        UpdateCycle.status.label("cycle_status"),
        *_version_columns(_CUR, "cur"),
        *_version_columns(_PREV, "prev"),
        Milestone.id.label("ms_id"),
        Milestone.title.label("ms_title"),
        Milestone.due_date.label("ms_due"),
        Milestone.status.label("ms_status"),
        _DELEGATED.label("delegated"),
        _ids_of("lead").label("lead_ids"),
        _ids_of("deputy").label("deputy_ids"),
        _delegate_ids().label("delegate_ids"),
        _next("period_key").label("next_key"),
        _next("due_at").label("next_due_at"),
        _next("closes_at").label("next_closes_at"),
        _next("status").label("next_status"),
        _JUST_CLOSED.label("just_closed_key"),
        _CADENCE.label("cadence"),
    )
    .select_from(Project)
    .join(UpdateCycle, UpdateCycle.period_key == bindparam("cycle_key"))
    .outerjoin(
        _CUR, and_(_CUR.project_id == Project.id, _CUR.cycle_id == UpdateCycle.id, _CUR.version == _LATEST_VERSION)
    )
    .outerjoin(_PREV, _PREV.id == _NEWEST_ANYWHERE)
    .outerjoin(Milestone, and_(Milestone.project_id == Project.id, Milestone.status != "done"))
    .where(func.upper(Project.ref) == func.upper(bindparam("project_ref", type_=String)))
    .order_by(Milestone.due_date.is_(None), Milestone.due_date, Milestone.id)
)


def _version(row: Any, prefix: str) -> Version | None:
    number = getattr(row, f"{prefix}_version")
    if number is None:
        return None
    return Version(
        number,
        getattr(row, f"{prefix}_submitted_at"),
        getattr(row, f"{prefix}_submitted_by_id"),
        getattr(row, f"{prefix}_submitted_by_name") or "",
        bool(getattr(row, f"{prefix}_no_change")),
        bool(getattr(row, f"{prefix}_late")),
        {f: getattr(row, f"{prefix}_{f}") for f in FIELDS},
    )


async def refresh_state(
    conn: AsyncConnection, *, project_ref: str, cycle_key: str, person_id: int | None
) -> RefreshState | None:
    """Everything a refresh of a project's card in a cycle needs, in one statement; None if either is unknown."""
    rows = (
        await conn.execute(
            _REFRESH_STATE,
            {"project_ref": project_ref.strip()[:64], "cycle_key": cycle_key[:32], "person_id": person_id or 0},
        )
    ).all()
    if not rows:
        return None
    first = rows[0]
    milestones = [MilestoneInfo(r.ms_id, r.ms_title, r.ms_due, r.ms_status) for r in rows if r.ms_id is not None]
    return RefreshState(
        project_id=first.id,
        project_ref=first.ref,
        project_name=first.name,
        project_status=first.status,
        cycle_id=first.cycle_id,
        cycle_key=first.period_key,
        opens_at=first.opens_at,
        due_at=first.due_at,
        closes_at=first.closes_at,
        cycle_open=first.cycle_status == "open",
        latest=_version(first, "cur"),
        previous=_version(first, "prev"),
        milestones=milestones[:MAX_MILESTONE_INPUTS],
        delegated=bool(first.delegated),
        user_ids=_split(first.lead_ids, first.deputy_ids, first.delegate_ids),
        next_key=first.next_key,
        next_due_at=first.next_due_at,
        next_closes_at=first.next_closes_at,
        next_open=first.next_status == "open",
        just_closed_key=first.just_closed_key,
        cadence=first.cadence if isinstance(first.cadence, dict) else None,
    )
