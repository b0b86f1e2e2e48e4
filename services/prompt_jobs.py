"""What each claimed delivery says and to whom: a lead's prompt or reminder (the update card, filled in),
or an admin's list; and, for someone the bot has no chat with, where a team roster may find them.
services/prompts.py sends them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cards import update as cards
from cards.refresh import put_first, user_ids
from programme.prompting import ESCALATION, PROMPT, UNREACHABLE, Outgoing, Target
from programme.text import text_escape
from store import card_repo, delivery_repo, update_repo
from store.db import Database, Session
from store.models import Person, UpdateCycle
from store.update_repo import Prefill

from . import decisions
from .roster import Roster
from .update_form import form_from, last_update_at


@dataclass
class Job:
    """One message to send and the delivery rows it settles; `note` says why there is nothing to send."""

    ids: list[int]
    target: Target | None
    message: Outgoing | None
    person_id: int
    cycle_id: int
    project_ids: set[int]
    ref_id: int | None = None
    note: str = ""
    kind: str = PROMPT


# ----------------------------------------------------------------------------------- rendering


async def lead_jobs(db: Database, roster: Roster, ids: list[int], *, tz: str) -> list[Job]:
    """A claimed batch rendered in a handful of queries, however many cards it holds."""
    async with db.unit_of_work() as s:
        rows = await delivery_repo.deliveries_to_send(s, ids)
        cycles_ = {row["cycle"].id: row["cycle"] for row in rows}
        positions = await _positions(s, rows)
        responded = {cid: await delivery_repo.responded_projects(s, cid) for cid in cycles_}
        prefills = {
            cid: await update_repo.prefill(s, cid, {r["project"].id for r in rows if r["cycle"].id == cid})
            for cid in cycles_
        }
        refreshing = {
            cid: await card_repo.teams_ids(s, c.period_key, {r["project"].id for r in rows if r["cycle"].id == cid})
            for cid, c in cycles_.items()
        }
        since = {pid: last_update_at(p) for by_project in prefills.values() for pid, p in by_project.items()}
        asks = await decisions.form_asks(s, since, tz=tz)
    jobs = [
        _lead_job(
            row, positions, responded[row["cycle"].id], prefills[row["cycle"].id], refreshing[row["cycle"].id], tz, asks
        )
        for row in rows
    ]
    for job, row in zip(jobs, rows, strict=True):
        if job.target is None and not job.note and row["ref"] is None:
            job.target, job.note = await _roster_target(db, roster, row["person"])
            if job.target is not None and job.message is not None and job.message.card is not None:
                put_first(job.message.card, job.target.member_id)  # their id, from the roster
    return jobs


async def _positions(s: Session, rows: list[dict[str, Any]]) -> dict[tuple[int, int, int], tuple[int, int]]:
    """(cycle, person, project) -> (n, of): "project 2 of 3 you update" on each card."""
    out: dict[tuple[int, int, int], tuple[int, int]] = {}
    for cycle_id in {row["cycle"].id for row in rows}:
        people = {row["person"].id for row in rows if row["cycle"].id == cycle_id}
        for person_id, projects in (await delivery_repo.projects_by_person(s, cycle_id, people)).items():
            for i, project_id in enumerate(projects, start=1):
                out[(cycle_id, person_id, project_id)] = (i, len(projects))
    return out


def _lead_job(
    row: dict[str, Any],
    positions: dict[tuple[int, int, int], tuple[int, int]],
    responded: set[int],
    prefills: dict[int, Prefill],
    refreshing: dict[int, list[str]],
    tz: str,
    asks: dict[int, Any] | None = None,
) -> Job:
    delivery, project, person, cycle, ref = row["delivery"], row["project"], row["person"], row["cycle"], row["ref"]
    job = Job(
        [delivery.id],
        None,
        None,
        person.id,
        cycle.id,
        {project.id},
        ref_id=ref.id if ref else None,
        kind=PROMPT if delivery.kind == PROMPT else "reminder",
    )
    if delivery.kind != PROMPT and project.id in responded:
        job.note = "skipped: the project was updated before the reminder went out"
        return job
    if project.status != "active":
        job.note = "skipped: the project is no longer active"
        return job
    recipient = (ref.user_id if ref is not None else "") or person.teams_user_id
    card = form_from(
        prefills[project.id],
        project=project,
        cycle=cycle,
        tz=tz,
        position=positions.get((cycle.id, person.id, project.id)),
        user_ids=user_ids([recipient], refreshing.get(project.id, [])),
        asks=(asks or {}).get(project.id),
    )
    job.message = Outgoing(
        text=_lead_text(delivery.kind, project.name, cycle.due_at, tz),
        card=card,
        summary=f"Status update for {project.name}",
    )
    if ref is not None:
        job.target = Target(reference=delivery_repo.reference_of(ref))
    return job


def _lead_text(kind: str, project_name: str, due_at: datetime, tz: str) -> str:
    due = cards.when(due_at, tz)
    name = text_escape(project_name, 200)
    if kind == PROMPT:
        return f"Time for your Digital First update on **{name}**. It's due {due}; the card below is prefilled."
    return f"A reminder: the update on **{name}** is due {due} and I haven't had it yet."


async def _roster_target(db: Database, roster: Roster, person: Person) -> tuple[Target | None, str]:
    found = await roster.find(db, person)
    if found is None and roster.reach is not None:
        async with roster.lock(person.id):  # one install per person, however many cards they get
            known = roster.known(person.id)
            if known is not None:
                return known, ""
            target, note = await roster.reach.target(person)
            if target is not None:
                roster.opened[person.id] = target.reference or {}
            return target, note
    if found is None:
        return None, (
            "has never talked to the bot and is not on the roster of any team the bot is in: add them to "
            "the leads' team, or ask them to open a chat with the bot"
        )
    member, team = found
    return Target(
        service_url=team.service_url, tenant_id=team.tenant_id, member_id=member["id"], bot_id=team.bot_id
    ), ""


async def admin_job(
    db: Database, roster: Roster, ids: list[int], cycle_id: int, person_id: int, kind: str, tz: str
) -> Job:
    async with db.unit_of_work() as s:
        rows = await delivery_repo.deliveries_to_send(s, ids)
        project_ids = {r["project"].id for r in rows}
        job = Job(ids, None, None, person_id, cycle_id, project_ids)
        if not rows:
            job.note = "skipped: nothing to report"
            return job
        cycle, person, ref = rows[0]["cycle"], rows[0]["person"], rows[0]["ref"]
        job.ref_id = ref.id if ref else None
        lines = await _admin_lines(s, kind, cycle, project_ids)
        if not lines:
            job.note = "skipped: every project has updated since"
            return job
        job.message = Outgoing(text=_admin_text(kind, cycle, lines, tz), summary="Digital First: for admins")
        if ref is not None:
            job.target = Target(reference=delivery_repo.reference_of(ref))
    if job.target is None:
        job.target, job.note = await _roster_target(db, roster, person)
    return job


async def _admin_lines(s: Session, kind: str, cycle: UpdateCycle, project_ids: set[int]) -> list[str]:
    deliveries = [d for d in await delivery_repo.cycle_deliveries(s, cycle.id) if d["project_id"] in project_ids]
    if kind == ESCALATION:
        responded = await delivery_repo.responded_projects(s, cycle.id)
        missing = [p for p in await update_repo.projects_by_id(s, project_ids - responded) if p.status == "active"]
        return [f"- {text_escape(p.name, 200)} ({text_escape(p.ref, 64)}): {_who(deliveries, p.ref)}" for p in missing]
    return [
        f"- {text_escape(d['person'] or d['email'] or 'someone', 200)} ({text_escape(d['ref'], 64)}): "
        f"{text_escape(d['note'], 300)}"
        for d in deliveries
        if d["status"] == UNREACHABLE and d["kind"] == PROMPT
    ]


def _who(deliveries: list[dict[str, Any]], ref: str) -> str:
    seen: dict[str, str] = {}
    for d in deliveries:
        if d["ref"] == ref and d["kind"] == PROMPT:
            seen[d["person"] or d["email"] or "someone"] = d["status"]
    return ", ".join(f"{text_escape(name, 100)} ({status})" for name, status in seen.items()) or "no lead or deputy"


def _admin_text(kind: str, cycle: UpdateCycle, lines: list[str], tz: str) -> str:
    if kind == ESCALATION:
        head = f"These updates were due {cards.when(cycle.due_at, tz)} and haven't arrived (cycle {cycle.period_key}):"
        tail = "Type **overdue** for the current list."
    else:
        head = f"I couldn't reach these leads with their update card (cycle {cycle.period_key}):"
        tail = (
            "Reassign the project, or ask them to unblock or reinstall the bot. Type **unreachable** for the "
            "current list."
        )
    return "\n\n".join([head, "\n".join(lines), tail])
