"""The scheduler inside `dfbot serve`: opens cycles, sends prompts, chases, escalates, closes.

Every replica runs it; each tick first tries to take the "scheduler" lease in the database, and
only the holder acts. Every step is idempotent anyway (see services/cycles.py), so a lease
lost mid-tick, or two replicas acting in the same instant, cannot double a cycle or a prompt;
the lease only stops two replicas from pacing their sends separately.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from aiohttp import web

from infra import metrics
from programme.prompting import Messenger
from services import alerts, cycles, decisions, directory, leavers, retention
from services.admin_notices import deliver_alerts
from services.card_messages import bring_up_to_date
from services.context import AppContext
from services.digest_posting import scheduler_tick as digest_tick
from services.prompts import SendReport, send_pending
from services.reach import reach_for
from store import lease_repo

log = logging.getLogger("dfbot.scheduler")
LEASE = "scheduler"


@dataclass
class TickReport:
    leader: bool = False
    paused: bool = False
    closed: list[str] = field(default_factory=list)
    opened: str | None = None
    queued: int = 0
    sent: SendReport | None = None


class Scheduler:
    def __init__(
        self, ctx: AppContext, messenger: Messenger, *, interval: float | None = None, holder: str | None = None
    ) -> None:
        self.ctx = ctx
        self.messenger = messenger
        self.interval = interval if interval is not None else ctx.settings.scheduler_interval_seconds
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.lease_ttl = timedelta(seconds=max(ctx.settings.scheduler_lease_seconds, 3 * self.interval))
        self.reclaim_after = timedelta(seconds=ctx.settings.reclaim_after_seconds)
        self._stopping = asyncio.Event()

    async def _hold_lease(self) -> bool:
        async with self.ctx.db.unit_of_work() as s:
            return await lease_repo.acquire(s, LEASE, self.holder, self.ctx.now(), self.lease_ttl)

    async def tick(self) -> TickReport:
        """One pass: everything due at this moment, if this replica holds the lease."""
        report = TickReport()
        if not await self._hold_lease():
            return report
        report.leader = True
        db, tz, now = self.ctx.db, self.ctx.settings.timezone, self.ctx.now()
        report.closed = await cycles.close_due(db, now)
        if await cycles.is_paused(db):
            report.paused = True
        else:
            opened = await cycles.open_scheduled(db, now, tz)
            if opened is not None:
                report.opened, report.queued = opened.key, opened.queued
            report.queued += await cycles.queue_unprompted(db, now, tz)
            report.queued += await cycles.queue_reminders(db, now, tz)
            report.queued += await cycles.queue_escalations(db, now, tz)
            report.sent = await send_pending(
                db,
                self.messenger,
                tz=tz,
                now=self.ctx.now,
                keep_going=self._keep_going,
                reclaim_after=self.reclaim_after,
                reach=reach_for(db, self.ctx.settings, self.ctx.directory, self.ctx.now),
            )
            metrics.job_succeeded("prompts")
        await self._housekeeping()
        return report

    async def _housekeeping(self) -> None:
        """Card edits (a newer version, or the cycle closed this tick or earlier), the directory, digests, the DLG's
        decisions (told to leads, agenda cards edited), retention and admin alerts: each step on its own, so one
        failing does not stop the rest.

        Pausing prompts does not pause these: a digest still goes out, and data past its retention
        period is still removed.
        """
        ctx = self.ctx
        steps = (
            (
                "card edits",
                lambda: bring_up_to_date(
                    ctx.db,
                    self.messenger,
                    tz=ctx.settings.timezone,
                    now=ctx.now,
                    closed_cycles=True,
                    keep_going=self._still_leader,
                ),
            ),
            ("directory check", lambda: directory.daily_check(ctx)),  # once a day; nothing without DIRECTORY_CREDENTIAL
            ("leaver cards", lambda: leavers.deliver(ctx, self.messenger)),
            ("digest", lambda: digest_tick(ctx)),
            ("DLG decisions", lambda: decisions.scheduler_tick(ctx, self.messenger)),
            ("retention purge", lambda: retention.purge_if_due(ctx.db, ctx.settings, ctx.now())),
            ("admin alert checks", lambda: alerts.periodic_checks(ctx.db, ctx.settings, ctx.now())),
            ("admin alert delivery", lambda: deliver_alerts(ctx, self.messenger)),
        )
        for name, step in steps:
            try:
                await step()
                metrics.job_succeeded(name)
            except Exception as exc:
                log.exception("scheduler step %r failed", name)
                try:
                    await alerts.job_failed(ctx.db, name, exc, now=ctx.now())
                except Exception:
                    log.exception("could not record the failure of %r", name)

    async def _keep_going(self) -> bool:
        """Between batches: renew the lease, and stop when it is lost, paused or shutting down."""
        return await self._still_leader() and not await cycles.is_paused(self.ctx.db)

    async def _still_leader(self) -> bool:
        """Between batches of card edits (which pausing prompts does not stop): renew the lease, and stop
        when it is lost or the process is shutting down."""
        if self._stopping.is_set():
            return False
        return await self._hold_lease()

    async def run(self) -> None:
        log.info("scheduler started (every %.0f s, holder %s)", self.interval, self.holder)
        while not self._stopping.is_set():
            try:
                report = await self.tick()
                metrics.job_succeeded("tick")  # every replica, leader or not: its scheduler is alive
                if report.opened or report.closed or (report.sent and report.sent.by_status):
                    log.info("scheduler tick: %s", report)
            except Exception:
                log.exception("scheduler tick failed; trying again next tick")
            try:
                await asyncio.wait_for(self._stopping.wait(), self.interval)
            except TimeoutError:
                pass

    async def stop(self) -> None:
        self._stopping.set()
        async with self.ctx.db.unit_of_work() as s:
            await lease_repo.release(s, LEASE, self.holder)


SCHEDULER = web.AppKey("scheduler", Scheduler)
SCHEDULER_TASK = web.AppKey("scheduler_task", asyncio.Task)


def attach(app: web.Application, ctx: AppContext) -> None:
    """Run the scheduler as a background task of the web app (`dfbot serve`)."""

    async def start(app: web.Application) -> None:
        app[SCHEDULER] = Scheduler(ctx, ctx.require_messenger())
        app[SCHEDULER_TASK] = asyncio.get_running_loop().create_task(app[SCHEDULER].run())

    async def stop(app: web.Application) -> None:
        scheduler = app.get(SCHEDULER)
        if scheduler is None:
            return
        await scheduler.stop()  # no new batches are claimed; the one in flight finishes (bounded wait)
        task = app[SCHEDULER_TASK]
        try:
            await asyncio.wait_for(task, 15)
        except (TimeoutError, asyncio.CancelledError, Exception):
            task.cancel()

    app.on_startup.append(start)
    app.on_cleanup.insert(0, stop)
