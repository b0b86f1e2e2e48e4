"""What a digest is composed from: the cycles it covers and its facts, read in a constant number of
statements whatever the number of projects or cycles (columns, not ORM entities whose `selectin`
relationships would add a statement per 500 rows; "latest update per project" by a window function)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.digest import DeliveryFacts, DigestFacts, Lead, MilestoneFacts, ProjectFacts, UpdateFacts

from . import ask_repo
from .models import (
    ConversationRef,
    Digest,
    Enabler,
    Milestone,
    Person,
    PriorityArea,
    Project,
    ProjectEnabler,
    ProjectRole,
    PromptDelivery,
    StatusUpdate,
    UpdateCycle,
)

DUE_SOON_DAYS = 28
# ---------------------------------------------------------------------------------------------
# Cycles
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CycleInfo:
    id: int
    period_key: str
    opens_at: datetime
    due_at: datetime


async def recent_cycles(session: AsyncSession, period_key: str, count: int) -> list[CycleInfo]:
    """The cycle `period_key` and the `count - 1` before it, newest first (one statement)."""
    anchor = select(UpdateCycle.opens_at).where(UpdateCycle.period_key == period_key).scalar_subquery()
    rows = await session.execute(
        select(UpdateCycle.id, UpdateCycle.period_key, UpdateCycle.opens_at, UpdateCycle.due_at)
        .where(UpdateCycle.opens_at <= anchor)
        .order_by(UpdateCycle.opens_at.desc(), UpdateCycle.id.desc())
        .limit(count)
    )
    return [CycleInfo(*r) for r in rows]


async def cycles_due_for_digest(session: AsyncSession, now: datetime, grace: timedelta) -> list[CycleInfo]:
    """The cycle open now, once its due time plus `grace` has passed, while its digest is missing or
    still a draft. Earlier cycles are never caught up: once the next cycle opens, their digest would
    help nobody."""
    current = (
        select(UpdateCycle.id)
        .where(UpdateCycle.opens_at <= now)
        .order_by(UpdateCycle.opens_at.desc(), UpdateCycle.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(UpdateCycle.id, UpdateCycle.period_key, UpdateCycle.opens_at, UpdateCycle.due_at)
        .outerjoin(Digest, Digest.period_key == UpdateCycle.period_key)
        .where(
            UpdateCycle.id == current,
            UpdateCycle.due_at <= now - grace,
            or_(Digest.id.is_(None), Digest.status == "draft"),
        )
    )
    return [CycleInfo(*r) for r in rows]


async def latest_cycle_key(session: AsyncSession, now: datetime) -> str | None:
    return (
        await session.execute(
            select(UpdateCycle.period_key)
            .where(UpdateCycle.opens_at <= now)
            .order_by(UpdateCycle.opens_at.desc())
            .limit(1)
        )
    ).scalar_one_or_none()


# ---------------------------------------------------------------------------------------------
# Facts (a constant number of statements)
# ---------------------------------------------------------------------------------------------


async def _projects(session: AsyncSession) -> tuple[list[str], list[str], list[tuple[int, str, str, str | None]]]:
    areas = list(
        (await session.execute(select(PriorityArea.name).order_by(PriorityArea.position, PriorityArea.name))).scalars()
    )
    enablers = list((await session.execute(select(Enabler.name).order_by(Enabler.position, Enabler.name))).scalars())
    rows = await session.execute(
        select(Project.id, Project.ref, Project.name, PriorityArea.name)
        .outerjoin(PriorityArea, PriorityArea.id == Project.priority_area_id)
        .where(Project.status == "active")
        .order_by(Project.ref)
    )
    return areas, enablers, [tuple(r) for r in rows]


async def _project_enablers(session: AsyncSession) -> dict[int, list[str]]:
    rows = await session.execute(
        select(ProjectEnabler.project_id, Enabler.name)
        .join(Enabler, Enabler.id == ProjectEnabler.enabler_id)
        .join(Project, Project.id == ProjectEnabler.project_id)
        .where(Project.status == "active")
        .order_by(Enabler.position, Enabler.name)
    )
    out: dict[int, list[str]] = {}
    for pid, name in rows:
        out.setdefault(pid, []).append(name)
    return out


async def _leads(session: AsyncSession) -> dict[int, list[Lead]]:
    """Leads of active projects (deputies only where a project has no lead), with why they may be unreachable."""
    unreachable: dict[int | None, str] = dict(
        (
            await session.execute(
                select(ConversationRef.person_id, ConversationRef.unreachable_reason).where(
                    ConversationRef.unreachable_reason != "",
                    ConversationRef.person_id.is_not(None),
                    ConversationRef.conversation_type == "personal",
                )
            )
        )
        .tuples()
        .all()
    )
    rows = await session.execute(
        select(ProjectRole.project_id, ProjectRole.role, Person.id, Person.name, Person.away_until)
        .join(Person, Person.id == ProjectRole.person_id)
        .join(Project, Project.id == ProjectRole.project_id)
        .where(Project.status == "active", ProjectRole.role.in_(("lead", "deputy")), Person.forgotten_at.is_(None))
        .order_by(ProjectRole.project_id, ProjectRole.position, Person.id)
    )
    by_role: dict[int, dict[str, list[Lead]]] = {}
    for pid, role, person_id, name, away in rows:
        lead = Lead(person_id, name or "A lead", away, unreachable.get(person_id, "") or "")
        by_role.setdefault(pid, {}).setdefault(role, []).append(lead)
    return {pid: roles.get("lead") or roles.get("deputy") or [] for pid, roles in by_role.items()}


def _update(row: Any) -> UpdateFacts:
    pid, rag, reason, summary, risks, blockers, asks, by, late, changes = row[:10]
    return UpdateFacts(
        pid,
        rag,
        reason or "",
        summary or "",
        tuple(risks or ()),
        blockers or "",
        asks or "",
        by or "",
        bool(late),
        tuple(changes or ()),
    )


_UPDATE_COLUMNS = (
    StatusUpdate.project_id,
    StatusUpdate.rag,
    StatusUpdate.rag_reason,
    StatusUpdate.summary,
    StatusUpdate.risks,
    StatusUpdate.blockers,
    StatusUpdate.asks_of_dlg,
    StatusUpdate.submitted_by_name,
    StatusUpdate.late,
    StatusUpdate.milestone_changes,
)


async def _current_updates(session: AsyncSession, cycle_id: int) -> dict[int, UpdateFacts]:
    """This cycle's newest version per project (versions are never overwritten)."""
    ranked = (
        select(
            *_UPDATE_COLUMNS,
            func.row_number()
            .over(partition_by=StatusUpdate.project_id, order_by=StatusUpdate.version.desc())
            .label("rn"),
        )
        .where(StatusUpdate.cycle_id == cycle_id)
        .subquery()
    )
    rows = await session.execute(select(ranked).where(ranked.c.rn == 1))
    return {r.project_id: _update(r) for r in rows}


async def _previous_updates(session: AsyncSession, before: datetime) -> dict[int, UpdateFacts]:
    """Each project's last update from an earlier cycle: what "changed" is measured against.

    The ranking runs over narrow rows (id, project, cycle opening, version) and only the winners'
    text is read: ranking whole rows would sort every update's text for years of history.
    """
    ranked = (
        select(
            StatusUpdate.id,
            func.row_number()
            .over(
                partition_by=StatusUpdate.project_id,
                order_by=(UpdateCycle.opens_at.desc(), StatusUpdate.version.desc()),
            )
            .label("rn"),
        )
        .join(UpdateCycle, UpdateCycle.id == StatusUpdate.cycle_id)
        .where(UpdateCycle.opens_at < before)
        .subquery()
    )
    rows = await session.execute(
        select(*_UPDATE_COLUMNS).join(ranked, ranked.c.id == StatusUpdate.id).where(ranked.c.rn == 1)
    )
    return {r.project_id: _update(r) for r in rows}


async def _trend(session: AsyncSession, cycles: list[CycleInfo]) -> dict[int, dict[str, str]]:
    """RAG per project per recent cycle (the newest version wins; reduced here, no sort needed)."""
    keys = {c.id: c.period_key for c in cycles}
    rows = await session.execute(
        select(StatusUpdate.project_id, StatusUpdate.cycle_id, StatusUpdate.version, StatusUpdate.rag).where(
            StatusUpdate.cycle_id.in_(list(keys))
        )
    )
    best: dict[tuple[int, int], tuple[int, str]] = {}
    for pid, cid, version, rag in rows:
        if (pid, cid) not in best or version > best[(pid, cid)][0]:
            best[(pid, cid)] = (version, rag)
    out: dict[int, dict[str, str]] = {}
    for (pid, cid), (_, rag) in best.items():
        out.setdefault(pid, {})[keys[cid]] = rag
    return out


async def _milestones(session: AsyncSession, since: date, horizon: date) -> list[MilestoneFacts]:
    """Only the milestones the digest can mention: open and due by the horizon, or done since `since`."""
    rows = await session.execute(
        select(
            Milestone.project_id,
            Milestone.title,
            Milestone.due_date,
            Milestone.status,
            Milestone.completed_on,
            Milestone.original_due_date,
        )
        .join(Project, Project.id == Milestone.project_id)
        .where(
            Project.status == "active",
            or_(
                and_(Milestone.status != "done", Milestone.due_date <= horizon),
                and_(Milestone.status == "done", Milestone.completed_on > since),
            ),
        )
        .order_by(Milestone.due_date, Milestone.id)
    )
    return [MilestoneFacts(*r) for r in rows]


async def _deliveries(session: AsyncSession, cycle_id: int) -> list[DeliveryFacts]:
    rows = await session.execute(
        select(
            PromptDelivery.project_id,
            PromptDelivery.person_id,
            PromptDelivery.kind,
            PromptDelivery.status,
            PromptDelivery.last_error,
        ).where(PromptDelivery.cycle_id == cycle_id)
    )
    return [DeliveryFacts(*r) for r in rows]


async def _previous_digest(
    session: AsyncSession, period_key: str, before: datetime
) -> tuple[str | None, dict[str, Any] | None, datetime | None]:
    """The last posted digest of an earlier cycle: its key, its glance, and when it was posted (the
    last meeting: "decided since the last meeting" starts there)."""
    row = (
        await session.execute(
            select(Digest.period_key, Digest.content, Digest.posted_at)
            .join(UpdateCycle, UpdateCycle.id == Digest.cycle_id)
            .where(Digest.status == "posted", Digest.period_key != period_key, UpdateCycle.opens_at < before)
            .order_by(UpdateCycle.opens_at.desc())
            .limit(1)
        )
    ).first()
    if row is None:
        return None, None, None
    return row[0], (row[1] or {}).get("glance"), row[2]


async def digest_facts(
    session: AsyncSession,
    period_key: str,
    *,
    now: datetime,
    tz: str,
    trend_cycles: int = 6,
    full_url: str = "",
    sensitive_url: str = "",
    intro: str = "",
) -> DigestFacts | None:
    """Everything `programme.digest.compose` needs for one cycle, in a fixed number of statements."""
    cycles = await recent_cycles(session, period_key, max(trend_cycles, 2))
    if not cycles or cycles[0].period_key != period_key:
        return None
    current = cycles[0]
    zone = ZoneInfo(tz)
    as_of = now.astimezone(zone).date()
    since = (cycles[1].opens_at if len(cycles) > 1 else current.opens_at - timedelta(days=7)).astimezone(zone).date()
    areas, enablers, projects = await _projects(session)
    project_enablers = await _project_enablers(session)
    leads = await _leads(session)
    prev_key, prev_glance, last_meeting = await _previous_digest(session, period_key, current.opens_at)
    trend_list = list(reversed(cycles[:trend_cycles]))
    asks, decided = await ask_repo.digest_facts(
        session, current, tz=tz, until=now, since=last_meeting or (cycles[1].opens_at if len(cycles) > 1 else None)
    )
    return DigestFacts(
        period_key=period_key,
        as_of=as_of,
        since=since,
        cycle_opens=current.opens_at.astimezone(zone).date(),
        cycle_due=current.due_at.astimezone(zone).date(),
        areas=areas,
        enablers=enablers,
        projects=[
            ProjectFacts(pid, ref, name, area, tuple(project_enablers.get(pid, ())), tuple(leads.get(pid, ())))
            for pid, ref, name, area in projects
        ],
        current=await _current_updates(session, current.id),
        previous=await _previous_updates(session, current.opens_at),
        trend_periods=[c.period_key for c in trend_list],
        trend=await _trend(session, trend_list),
        milestones=await _milestones(session, since, as_of + timedelta(days=DUE_SOON_DAYS)),
        deliveries=await _deliveries(session, current.id),
        previous_glance=prev_glance,
        previous_period_key=prev_key,
        full_url=full_url,
        sensitive_url=sensitive_url,
        intro=intro,
        asks=asks,
        decided=decided,
    )
