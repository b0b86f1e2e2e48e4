"""What the admins read about a cycle's deliveries: counts by status, possible duplicates, each delivery
with its project and person, the leads the bot cannot reach, and how many wait to be sent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from programme.prompting import ADMIN_KINDS, FAILED, POSSIBLE_DUPLICATE, UNREACHABLE

from .delivery_refs import personal_refs, team_refs
from .models import Person, Project, ProjectRole, PromptDelivery

# ------------------------------------------------------------------------------- reading for admins


async def counts_by_status(session: AsyncSession, cycle_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(PromptDelivery.status, func.count())
        .where(PromptDelivery.cycle_id == cycle_id, PromptDelivery.kind.not_in(ADMIN_KINDS))
        .group_by(PromptDelivery.status)
    )
    return {status: n for status, n in rows.all()}


async def possible_duplicates(session: AsyncSession, cycle_id: int) -> int:
    rows = await session.execute(
        select(func.count()).where(PromptDelivery.cycle_id == cycle_id, PromptDelivery.last_error == POSSIBLE_DUPLICATE)
    )
    return rows.scalar_one()


async def cycle_deliveries(session: AsyncSession, cycle_id: int) -> list[dict[str, Any]]:
    """Every lead-facing delivery of a cycle with project and person: the digest and admin lists read this."""
    rows = await session.execute(
        select(
            PromptDelivery.project_id,
            Project.ref,
            Project.name,
            Person.id,
            Person.name,
            Person.email,
            PromptDelivery.kind,
            PromptDelivery.status,
            PromptDelivery.last_error,
            PromptDelivery.sent_at,
        )
        .join(Project, Project.id == PromptDelivery.project_id)
        .join(Person, Person.id == PromptDelivery.person_id)
        .where(PromptDelivery.cycle_id == cycle_id, PromptDelivery.kind.not_in(ADMIN_KINDS))
        .order_by(Project.ref, Person.name, PromptDelivery.id)
    )
    keys = ("project_id", "ref", "project", "person_id", "person", "email", "kind", "status", "note", "sent_at")
    return [dict(zip(keys, r, strict=True)) for r in rows.all()]


async def unreachable_leads(session: AsyncSession, cycle_id: int | None) -> list[dict[str, Any]]:
    """Leads and deputies of active projects the bot cannot reach, with the reason."""
    q = (
        select(Project.ref, Project.name, Person.id, Person.name, Person.email, ProjectRole.role)
        .join(ProjectRole, ProjectRole.project_id == Project.id)
        .join(Person, Person.id == ProjectRole.person_id)
        .where(Project.status == "active", Person.forgotten_at.is_(None))
        .order_by(Project.ref, ProjectRole.position)
    )
    rows = (await session.execute(q)).all()
    refs = await personal_refs(session, {r[2] for r in rows})
    failed: dict[int, str] = {}
    if cycle_id is not None:
        f = await session.execute(
            select(PromptDelivery.person_id, PromptDelivery.status, PromptDelivery.last_error).where(
                PromptDelivery.cycle_id == cycle_id, PromptDelivery.status.in_((UNREACHABLE, FAILED))
            )
        )
        failed = {pid: f"{status}: {err}" for pid, status, err in f.all()}
    teams_known = bool(await team_refs(session))
    out = []
    for ref_, pname, person_id, name, email, role in rows:
        ref = refs.get(person_id)
        reason = ""
        if ref is not None and ref.unreachable_reason:
            reason = ref.unreachable_reason
        elif person_id in failed:
            reason = failed[person_id]
        elif ref is None and not teams_known:
            reason = "has never talked to the bot, and the bot is in no team whose roster it could use"
        if reason:
            out.append(
                {
                    "ref": ref_,
                    "project": pname,
                    "person": name or email or f"person {person_id}",
                    "email": email,
                    "role": role,
                    "reason": reason,
                }
            )
    return out


async def waiting_count(session: AsyncSession) -> int:
    """Prompts and reminders not yet delivered: waiting to be sent, or being sent now (monitoring)."""
    return (
        await session.execute(
            select(func.count(PromptDelivery.id)).where(PromptDelivery.status.in_(("pending", "sending")))
        )
    ).scalar_one()
