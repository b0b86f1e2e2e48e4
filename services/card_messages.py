"""The cards the bot sent about a project's update, kept true after a newer version is saved and after
their cycle closes.

Every card that refreshes itself for a project and cycle (a prompt, a reminder, the form `update`
brings, a summary) is remembered with its message's activity id when it is sent. When a version is
saved, the bot edits each of those messages that shows an older version (an update activity) into the
summary of the newest one, so nobody is left looking at a stale form or version, and Teams then
refreshes the message for the people in its `userIds` (services/refresh.py gives each their view).
When the cycle closes, each message is edited once more, into "this cycle is closed": what stands,
until when a late update is still taken (until the next cycle closes: `programme.updates.takes_updates`)
and the cycle to update for now; a refresh shows the same, but this makes it true without one.

Version edits run outside the request (`ctx.spawn` after a save) and on every scheduler tick; closing
edits only on the scheduler's tick (the lease holder's, so one messenger and its rate limiter pace the
burst after a close), which also picks up whatever a crash or an outage left. A message is claimed
before it is edited, so two saves in a row, or two replicas, never edit the same message at once, and
it is rendered from the newest state at that moment: an older version can never overwrite a newer
one, and an edit that raced a close is followed by the closing one. A message edited and marked is
never edited again for the same change; one claimed by a process that died is edited after
`ABANDONED_AFTER` (the one edit in flight at the crash may reach Teams twice: an edit is idempotent).
A message Teams refuses outright (403: unreachable; 404: deleted in Teams) is logged and left alone;
other failures are logged and tried again on later passes, a few times.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cards import update as cards
from cards import update_state as views
from cards.refresh import claim_of, user_ids
from programme.prompting import UNREACHABLE, Messenger, Outgoing, SendResult, Target
from programme.updates import Draft
from store import card_repo, delivery_repo, update_repo
from store.card_repo import RefreshState
from store.db import Database, Session

from .refresh import PROMPT_REFRESH, SUMMARY_REFRESH, closed_view, shown_version, summary_refresh

log = logging.getLogger("dfbot.card_messages")
MAX_ATTEMPTS = 3
ABANDONED_AFTER = timedelta(minutes=2)  # longer than any one edit takes (bounded attempts and backoff)
GIVE_UP = frozenset({400, 403, 404})  # Teams will not take this edit however often it is asked


def remembered(card: dict[str, Any] | None) -> tuple[str, str, int, str] | None:
    """(project ref, cycle key, version shown, kind) of a card worth remembering; None for any other card."""
    claim = claim_of(card)
    if claim is None or claim[0] not in (PROMPT_REFRESH, SUMMARY_REFRESH):
        return None
    verb, data = claim
    project, cycle = data.get("project"), data.get("cycle")
    if not isinstance(project, str) or not isinstance(cycle, str) or not project or not cycle:
        return None
    return project, cycle, shown_version(data, verb), "form" if verb == PROMPT_REFRESH else "summary"


async def remember_sent(
    session: Session,
    *,
    ref_id: int,
    activity_id: str | None,
    card: dict[str, Any] | None,
    project_id: int,
    cycle_id: int,
    person_id: int | None,
    kind: str,
    now: datetime,
) -> None:
    """A card a proactive send delivered (prompts and reminders), inside the caller's unit of work."""
    found = remembered(card)
    if found is None or not activity_id:
        return
    await card_repo.remember(
        session,
        ref_id=ref_id,
        activity_id=activity_id,
        project_id=project_id,
        cycle_id=cycle_id,
        person_id=person_id,
        kind=kind,
        shown_version=found[2],
        now=now,
    )


async def remember_reply(
    db: Database,
    *,
    conversation_id: str,
    user_id: str,
    activity_id: str | None,
    card: dict[str, Any] | None,
    now: datetime,
) -> bool:
    """A card sent in reply to someone (the form from `update`, a summary sent as a new message)."""
    found = remembered(card)
    if found is None or not activity_id or not conversation_id:
        return False
    project, cycle, shown, kind = found
    async with db.unit_of_work() as s:
        return await card_repo.remember_in_chat(
            s,
            conversation_id=conversation_id,
            user_id=user_id,
            activity_id=activity_id,
            project_ref=project,
            cycle_key=cycle,
            kind=kind,
            shown_version=shown,
            now=now,
        )


async def answered_in_place(
    db: Database,
    *,
    conversation_id: str,
    user_id: str,
    activity_id: str | None,
    card: dict[str, Any] | None,
    now: datetime,
) -> None:
    """The person who saved a version was answered on the card they clicked, with that version: their
    message needs no edit (one would only replace "Update saved" with the same version in other words)."""
    found = remembered(card)
    if found is None or found[3] != "summary" or not activity_id:
        return
    async with db.unit_of_work() as s:
        await card_repo.shown_in_place(
            s, conversation_id=conversation_id, user_id=user_id, activity_id=activity_id, version=found[2], now=now
        )


# ----------------------------------------------------------------------------------- the edits


@dataclass
class EditReport:
    edited: int = 0
    closed: int = 0  # of the edited: messages that now say their cycle has closed
    failed: int = 0
    given_up: int = 0

    def __str__(self) -> str:
        return (
            f"{self.edited} card(s) brought up to date ({self.closed} to say their cycle closed), "
            f"{self.failed} to try again, {self.given_up} given up"
        )


@dataclass
class _Job:
    message_id: int
    version: int  # the newest version the card shows (0: none)
    closed: bool  # the card says its cycle has closed
    target: Target
    activity_id: str
    message: Outgoing


async def bring_up_to_date(
    db: Database,
    messenger: Messenger,
    *,
    tz: str,
    now: Callable[[], datetime],
    closed_cycles: bool = False,
    batch: int = 50,
    max_batches: int = 20,
    workers: int = 8,
    keep_going: Callable[[], Awaitable[bool]] | None = None,
) -> EditReport:
    """Edit every remembered message that shows an older version than the newest one and, with
    `closed_cycles` (the scheduler, which alone holds the lease, so one limiter paces the burst), every one
    whose cycle has closed since (`now` is a clock). A few edits are in flight at once; the messenger's
    rate limiter, not this loop, sets the pace."""
    report, skip = EditReport(), set[int]()  # failed or given back in this call: for a later pass
    for _ in range(max_batches):
        if keep_going is not None and not await keep_going():
            break
        async with db.unit_of_work() as s:
            ids = await card_repo.claim_stale(
                s,
                now(),
                limit=batch,
                max_attempts=MAX_ATTEMPTS,
                abandoned_after=ABANDONED_AFTER,
                closed=closed_cycles,
                skip=frozenset(skip),
            )
        if not ids:
            break
        async with db.unit_of_work() as s:
            jobs = await _jobs(s, await card_repo.to_edit(s, ids), tz=tz, now=now())
            released = set(ids) - {j.message_id for j in jobs}
            await card_repo.release(s, sorted(released))
        skip |= released | await _edit_all(db, messenger, jobs, report, now=now, workers=workers)
    if report.edited or report.failed or report.given_up:
        log.info("card edits: %s", report)
    return report


async def _jobs(s: Session, rows: list[dict[str, Any]], *, tz: str, now: datetime) -> list[_Job]:
    """What each claimed message shows from now on, read in the claim's unit of work (one read of the
    card's state per project and cycle: who it refreshes for, and what follows a closed cycle)."""
    states: dict[tuple[str, str], RefreshState | None] = {}
    jobs = []
    for row in rows:
        key = (row["project"].ref, row["cycle"].period_key)
        if key not in states:
            states[key] = await card_repo.refresh_state(
                await s.connection(), project_ref=key[0], cycle_key=key[1], person_id=None
            )
        state, update = states[key], row["update"]
        if state is None or (state.cycle_open and update is None):
            continue  # nothing newer to show after all: the claim is given back
        card, summary = (
            _closed_card(row, state, tz, now) if not state.cycle_open else _edited_card(row, state.user_ids, tz)
        )
        jobs.append(
            _Job(
                row["message"].id,
                update.version if update is not None else 0,
                not state.cycle_open,
                Target(reference=delivery_repo.reference_of(row["ref"])),
                row["message"].activity_id,
                Outgoing(card=card, summary=summary),
            )
        )
    return jobs


async def _edit_all(
    db: Database,
    messenger: Messenger,
    jobs: list[_Job],
    report: EditReport,
    *,
    now: Callable[[], datetime],
    workers: int,
) -> set[int]:
    """Each edit's outcome is committed as soon as Teams answers (one commit at a time: SQLite has one
    writer), so a restart mid-batch repeats only the edits in flight, and an edit is idempotent. Returns
    the messages whose edit failed: they wait for a later pass (the next tick), not this one."""
    slots, writing, failed = asyncio.Semaphore(max(workers, 1)), asyncio.Lock(), set[int]()

    async def one(job: _Job) -> None:
        async with slots:
            result = await _edit(messenger, job.target, job.activity_id, job.message)
        async with writing, db.unit_of_work() as s:
            if result.ok:
                await card_repo.edited(s, job.message_id, job.version, now(), closed=job.closed)
                report.edited += 1
                report.closed += job.closed
                return
            give_up = result.http_status in GIVE_UP or result.status == UNREACHABLE
            reason = result.reason or result.status
            await card_repo.edit_failed(
                s, job.message_id, reason, give_up=give_up, max_attempts=MAX_ATTEMPTS, now=now()
            )
        failed.add(job.message_id)
        if give_up:
            report.given_up += 1
            log.warning("card message %s: Teams refused the edit, not asked again (%s)", job.message_id, reason)
        else:
            report.failed += 1
            log.warning("card message %s: edit failed, to be tried again on a later pass (%s)", job.message_id, reason)

    await asyncio.gather(*(one(job) for job in jobs))
    return failed


async def _edit(messenger: Messenger, target: Target, activity_id: str, message: Outgoing) -> SendResult:
    try:
        return await messenger.update(target, activity_id, message)
    except Exception as exc:  # a bug or an SDK surprise: recorded, tried again later
        log.exception("editing a card failed unexpectedly")
        return SendResult("failed", reason=f"{type(exc).__name__}: {str(exc)[:200]}")


def _edited_card(row: dict[str, Any], refreshing: list[str], tz: str) -> tuple[dict[str, Any], str]:
    """What the message shows from now on: the newest version, for whoever's chat it is.

    This is the card as sent to everyone in the chat, so it holds no sensitive risk (a refresh shows
    those to a lead in their 1:1 chat); its refresh lists the chat's owner first."""
    message, ref, project, cycle, update = row["message"], row["ref"], row["project"], row["cycle"], row["update"]
    view = cards.UpdateView(
        update.version,
        Draft.from_fields(update_repo.fields_of(update)),
        update.submitted_by_name,
        update.submitted_at,
        update.no_change,
        update.late,
    )
    yours = message.person_id is not None and update.submitted_by_id == message.person_id
    card = cards.summary_card(
        project=cards.ProjectView(project.ref, project.name),
        cycle=cards.CycleView(cycle.period_key, cycle.opens_at, cycle.due_at, cycle.closes_at, cycle.status == "open"),
        update=view,
        tz=tz,
        show_sensitive=False,
        can_edit=cycle.status == "open" and project.status == "active",
        heading=views.submitted_heading(view, tz, yours=yours),
    )
    card = summary_refresh(
        card,
        project_ref=project.ref,
        cycle_key=cycle.period_key,
        version=update.version,
        ids=user_ids([ref.user_id], refreshing),
    )
    who = "you" if yours else (update.submitted_by_name or "someone")
    return card, f"{project.name}: version {update.version} by {who}"


def _closed_card(row: dict[str, Any], state: RefreshState, tz: str, now: datetime) -> tuple[dict[str, Any], str]:
    """The cycle has closed: the card says so, what stands, until when a late update is taken, and the
    cycle to update for now (services/refresh.py's closed view: the same card a refresh gives the lead).
    It holds no sensitive risk; its buttons are re-checked when clicked, like any card's."""
    project, cycle, update = row["project"], row["cycle"], row["update"]
    card = (
        views.inactive_card(project=cards.ProjectView(project.ref, project.name))
        if state.project_status != "active"
        else closed_view(state, may_update=True, tz=tz, now=now)
    )
    card = summary_refresh(
        card,
        project_ref=project.ref,
        cycle_key=cycle.period_key,
        version=update.version if update is not None else 0,
        ids=user_ids([row["ref"].user_id], state.user_ids),
    )
    return card, f"{project.name}: cycle {cycle.period_key} has closed"
