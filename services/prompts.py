"""Sending what is queued: prompts and reminders to leads, lists to admins.

At least once, never doubled except in the instant between Teams' answer and our commit:
a batch is claimed ('sending', committed) before any call, each result is committed as soon as
Teams answers, and rows a dead process left 'sending' are sent again, flagged as possible
duplicates (delivery_repo explains why that beats leaving a lead unprompted). A producer claims and
renders batches while a few workers send, so the rate limiter, not the database, sets the pace.
What each message says, and to whom, is rendered in services/prompt_jobs.py.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from programme.prompting import FAILED, SKIPPED, UNREACHABLE, Messenger, Outgoing, SendResult, Target
from store import card_repo, delivery_repo
from store.db import Database, Session
from store.types import utcnow

from . import card_messages, cycles
from .prompt_jobs import Job, admin_job, lead_jobs
from .reach import WAITING, Reach
from .roster import Roster

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
    queue: asyncio.Queue[Job | None] = asyncio.Queue(maxsize=batch)
    writer = _Writer(db, now, report)

    async def produce() -> None:
        try:
            while keep_going is None or await keep_going():
                async with db.unit_of_work() as s:
                    ids = await delivery_repo.claim(s, now(), batch)
                if not ids:
                    return
                for job in await lead_jobs(db, roster, ids, tz=tz):
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
        self.queue: asyncio.Queue[tuple[Job, SendResult | None] | None] = asyncio.Queue()
        self.unreachable: dict[int, set[int]] = {}

    async def put(self, job: Job, result: SendResult | None) -> None:
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

    async def commit(self, items: list[tuple[Job, SendResult | None]]) -> None:
        async with self.db.unit_of_work() as s:
            for job, result in items:
                await _record(s, job, result, self.now())
                if job.ref_id is not None and result is not None and result.ok and not result.reference:
                    await _remember_card(s, job, result, job.ref_id, self.now())
        for job, result in items:
            self._count(job, result)
            if result is not None and result.ok and result.reference:
                await _remember_reference(self.db, result.reference, job, result, self.now())

    def _count(self, job: Job, result: SendResult | None) -> None:
        if result is None:
            self.report.skipped += 1
            return
        self.report.count(result)
        if result.status == UNREACHABLE:
            self.unreachable.setdefault(job.cycle_id, set()).update(job.project_ids)


async def _deliver(messenger: Messenger, job: Job, roster: Roster | None) -> SendResult | None:
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


async def _record(s: Session, job: Job, result: SendResult | None, now: datetime) -> None:
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
    db: Database, reference: dict[str, Any], job: Job, result: SendResult, now: datetime
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


async def _remember_card(s: Session, job: Job, result: SendResult, ref_id: int, now: datetime) -> None:
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
        job = await admin_job(db, roster, ids, cycle_id, person_id, kind, tz)
        await writer.commit([(job, await _deliver(messenger, job, roster))])
