"""Sending what is queued: prompts and reminders to leads, lists to admins.

At least once, never doubled except in the instant between Teams' answer and our commit:
a batch is claimed ('sending', committed) before any call, each result is committed as soon as
Teams answers, and rows a dead process left 'sending' are sent again, flagged as possible
duplicates (delivery_repo explains why that beats leaving a lead unprompted). A producer claims and
renders batches while a few workers send, so the rate limiter, not the database, sets the pace.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cards import update as cards
from cards.refresh import put_first, user_ids
from programme.prompting import (
    ESCALATION,
    FAILED,
    PROMPT,
    SKIPPED,
    UNREACHABLE,
    Messenger,
    Outgoing,
    SendResult,
    Target,
)
from programme.text import text_escape
from store import card_repo, delivery_repo, update_repo
from store.db import Database, Session
from store.models import Person, UpdateCycle
from store.types import utcnow
from store.update_repo import Prefill

from . import card_messages, cycles, decisions
from .reach import WAITING, Reach
from .roster import Roster
from .updates import form_from, last_update_at

log = logging.getLogger("dfbot.prompts")
RECLAIM_AFTER = timedelta(minutes=10)  # longer than any one send can take (bounded attempts and backoff)
MAX_CLAIMS = 3  # a delivery that keeps failing on transient errors is tried on this many runs


@dataclass
class SendReport:
    sent: int = 0
    unreachable: int = 0
    failed: int = 0
    skipped: int = 0
    throttled: int = 0
    reclaimed: int = 0
    elapsed: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)

    def count(self, result: SendResult) -> None:
        self.by_status[result.status] = self.by_status.get(result.status, 0) + 1
        self.throttled += result.throttled
        if result.ok:
            self.sent += 1
        elif result.status == UNREACHABLE:
            self.unreachable += 1
        else:
            self.failed += 1

    def __str__(self) -> str:
        return (
            f"{self.sent} sent, {self.unreachable} unreachable, {self.failed} failed, {self.skipped} skipped; "
            f"{self.throttled} throttled (429) on the way; {self.reclaimed} resent after an interruption; "
            f"{self.elapsed:.1f} s"
        )


@dataclass
class _Job:
    ids: list[int]
    target: Target | None
    message: Outgoing | None
    person_id: int
    cycle_id: int
    project_ids: set[int]
    ref_id: int | None = None
    note: str = ""
    kind: str = PROMPT


async def send_pending(
    db: Database,
    messenger: Messenger,
    *,
    tz: str,
    now: Callable[[], datetime] = utcnow,
    batch: int = 50,
    workers: int = 8,
    reclaim_after: timedelta = RECLAIM_AFTER,
    keep_going: Callable[[], Awaitable[bool]] | None = None,
    reach: Reach | None = None,
) -> SendReport:
    """Send everything pending (admin lists first, then leads' prompts and reminders). With `reach`, someone
    the bot has no chat with and finds on no team roster gets the app installed for them (services/reach.py)."""
    report, started = SendReport(), time.monotonic()
    async with db.unit_of_work() as s:
        report.reclaimed = await delivery_repo.reclaim_interrupted(s, now() - reclaim_after)
        await delivery_repo.requeue_failed(s, MAX_CLAIMS)
    roster = Roster(messenger, reach)
    await _send_admin_notices(db, messenger, roster, report, tz=tz, now=now)
    unreachable = await _send_to_leads(
        db, messenger, roster, report, tz=tz, now=now, batch=batch, workers=workers, keep_going=keep_going
    )
    for cycle_id, project_ids in unreachable.items():
        await cycles.queue_unreachable_notices(db, cycle_id, project_ids, now())
    if unreachable:
        await _send_admin_notices(db, messenger, roster, report, tz=tz, now=now)
    report.elapsed = time.monotonic() - started
    log.info("deliveries: %s", report)
    return report


async def _send_to_leads(
    db: Database,
    messenger: Messenger,
    roster: Roster,
    report: SendReport,
    *,
    tz: str,
    now: Callable[[], datetime],
    batch: int,
    workers: int,
    keep_going: Callable[[], Awaitable[bool]] | None,
) -> dict[int, set[int]]:
    queue: asyncio.Queue[_Job | None] = asyncio.Queue(maxsize=batch)
    writer = _Writer(db, now, report)

    async def produce() -> None:
        try:
            while keep_going is None or await keep_going():
                async with db.unit_of_work() as s:
                    ids = await delivery_repo.claim(s, now(), batch)
                if not ids:
                    return
                for job in await _lead_jobs(db, roster, ids, tz=tz):
                    await queue.put(job)
        finally:
            for _ in range(workers):
                await queue.put(None)

    async def work() -> None:
        while (job := await queue.get()) is not None:
            await writer.put(job, await _deliver(messenger, job, roster))

    writing = asyncio.create_task(writer.run())
    try:
        await asyncio.gather(produce(), *(work() for _ in range(workers)))
    finally:
        await writer.close()
        await writing
    return writer.unreachable


class _Writer:
    """Commits results as soon as Teams answers, from one task: under load, the answers that arrived
    meanwhile share a commit, so eight senders do not queue for SQLite's one write lock."""

    def __init__(self, db: Database, now: Callable[[], datetime], report: SendReport) -> None:
        self.db, self.now, self.report = db, now, report
        self.queue: asyncio.Queue[tuple[_Job, SendResult | None] | None] = asyncio.Queue()
        self.unreachable: dict[int, set[int]] = {}

    async def put(self, job: _Job, result: SendResult | None) -> None:
        await self.queue.put((job, result))

    async def close(self) -> None:
        await self.queue.put(None)

    async def run(self) -> None:
        done = False
        while not done:
            item = await self.queue.get()
            items = [] if item is None else [item]
            done = item is None
            while not done and not self.queue.empty():
                more = self.queue.get_nowait()
                done = more is None
                if more is not None:
                    items.append(more)
            if items:
                await self.commit(items)

    async def commit(self, items: list[tuple[_Job, SendResult | None]]) -> None:
        async with self.db.unit_of_work() as s:
            for job, result in items:
                await _record(s, job, result, self.now())
                if job.ref_id is not None and result is not None and result.ok and not result.reference:
                    await _remember_card(s, job, result, job.ref_id, self.now())
        for job, result in items:
            self._count(job, result)
            if result is not None and result.ok and result.reference:
                await _remember_reference(self.db, result.reference, job, result, self.now())

    def _count(self, job: _Job, result: SendResult | None) -> None:
        if result is None:
            self.report.skipped += 1
            return
        self.report.count(result)
        if result.status == UNREACHABLE:
            self.unreachable.setdefault(job.cycle_id, set()).update(job.project_ids)


async def _deliver(messenger: Messenger, job: _Job, roster: Roster | None) -> SendResult | None:
    """Send one job; None for a job with nothing to send (skipped), a result otherwise."""
    if job.target is None or job.message is None:
        if job.note.startswith(WAITING):  # the app was just installed for them: the next run tries again
            return SendResult(FAILED, reason=job.note)
        return None if job.note.startswith("skipped") else SendResult(UNREACHABLE, reason=job.note)
    if job.target.reference is None and roster is not None:
        async with roster.lock(job.person_id):  # one new chat per person, however many cards they get
            result = await _send(messenger, roster.known(job.person_id) or job.target, job.message)
            if result.ok and result.reference:
                roster.opened[job.person_id] = result.reference
        return result
    return await _send(messenger, job.target, job.message)


async def _record(s: Session, job: _Job, result: SendResult | None, now: datetime) -> None:
    if result is None:
        await delivery_repo.set_status(s, job.ids, SKIPPED, job.note)
    elif job.message is None:  # never sent: nobody to send it to
        await delivery_repo.set_status(s, job.ids, UNREACHABLE, job.note)
    else:
        await delivery_repo.mark_result(s, job.ids, result, now)
        if result.status == UNREACHABLE and job.ref_id is not None:
            await delivery_repo.mark_ref_unreachable(s, job.ref_id, result.reason or "unreachable")


async def _send(messenger: Messenger, target: Target, message: Outgoing) -> SendResult:
    try:
        return await messenger.send(target, message)
    except Exception as exc:  # a bug or an SDK surprise: record it, keep the fan-out going
        log.exception("send failed unexpectedly")
        return SendResult("failed", reason=f"{type(exc).__name__}: {str(exc)[:200]}")


async def _remember_reference(
    db: Database, reference: dict[str, Any], job: _Job, result: SendResult, now: datetime
) -> None:
    """A new 1:1 chat is stored for next time (after the delivery's own commit: it must not undo it),
    and the card sent into it is remembered there, so a later version can be pushed into it."""
    try:
        async with db.unit_of_work() as s:
            await delivery_repo.remember_reference(s, reference, job.person_id)
    except delivery_repo.ReferenceClash:
        pass
    conversation = str((reference.get("conversation") or {}).get("id") or "")
    async with db.unit_of_work() as s:
        ref_id = await card_repo.ref_id_of(s, conversation, str((reference.get("user") or {}).get("id") or ""))
        if ref_id is not None:
            await _remember_card(s, job, result, ref_id, now)


async def _remember_card(s: Session, job: _Job, result: SendResult, ref_id: int, now: datetime) -> None:
    if job.message is None or len(job.project_ids) != 1:
        return
    await card_messages.remember_sent(
        s,
        ref_id=ref_id,
        activity_id=result.activity_id,
        card=job.message.card,
        project_id=next(iter(job.project_ids)),
        cycle_id=job.cycle_id,
        person_id=job.person_id,
        kind=job.kind,
        now=now,
    )


# ----------------------------------------------------------------------------------- rendering


async def _lead_jobs(db: Database, roster: Roster, ids: list[int], *, tz: str) -> list[_Job]:
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
) -> _Job:
    delivery, project, person, cycle, ref = row["delivery"], row["project"], row["person"], row["cycle"], row["ref"]
    job = _Job(
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


# ----------------------------------------------------------------------------------- admin notices


async def _send_admin_notices(
    db: Database, messenger: Messenger, roster: Roster, report: SendReport, *, tz: str, now: Callable[[], datetime]
) -> None:
    """One message per (cycle, admin, kind), however many projects it lists."""
    async with db.unit_of_work() as s:
        groups = await delivery_repo.pending_admin_groups(s)
    writer = _Writer(db, now, report)
    for cycle_id, person_id, kind in groups:
        async with db.unit_of_work() as s:
            ids = await delivery_repo.claim_admin_group(s, now(), cycle_id, person_id, kind)
        if not ids:
            continue
        job = await _admin_job(db, roster, ids, cycle_id, person_id, kind, tz)
        await writer.commit([(job, await _deliver(messenger, job, roster))])


async def _admin_job(
    db: Database, roster: Roster, ids: list[int], cycle_id: int, person_id: int, kind: str, tz: str
) -> _Job:
    async with db.unit_of_work() as s:
        rows = await delivery_repo.deliveries_to_send(s, ids)
        project_ids = {r["project"].id for r in rows}
        job = _Job(ids, None, None, person_id, cycle_id, project_ids)
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
