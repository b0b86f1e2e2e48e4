"""The cards the bot sent about a project's update, kept true after a newer version is saved.

Every card that refreshes itself for a project and cycle (a prompt, a reminder, the form `update`
brings, a summary) is remembered with its message's activity id when it is sent. When a version is
saved, the bot edits each of those messages that shows an older version (an update activity) into the
summary of the newest one, so nobody is left looking at a stale form or version, and Teams then
refreshes the message for the people in its `userIds` (services/refresh.py gives each their view).

The edit runs outside the request (`ctx.spawn` after a save) and again on every scheduler tick, which
picks up whatever a crash or an outage left. A message is claimed before it is edited, so two saves in
a row, or two replicas, never edit the same message at once, and it is rendered from the newest
version at that moment: an older version can never overwrite a newer one. A message Teams refuses
outright (403: unreachable; 404: deleted) is left alone; other failures are tried again a few times.
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from cards import update as cards
from cards import update_state as views
from cards.refresh import claim_of, user_ids
from programme.prompting import UNREACHABLE, Messenger, Outgoing, SendResult, Target
from programme.updates import Draft
from store import card_repo, delivery_repo, update_repo
from store.db import Database, Session

from .refresh import PROMPT_REFRESH, SUMMARY_REFRESH, shown_version, summary_refresh

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


async def remember_sent(session: Session, *, ref_id: int, activity_id: str | None, card: dict[str, Any] | None,
                        project_id: int, cycle_id: int, person_id: int | None, kind: str, now: datetime) -> None:
    """A card a proactive send delivered (prompts and reminders), inside the caller's unit of work."""
    found = remembered(card)
    if found is None or not activity_id:
        return
    await card_repo.remember(session, ref_id=ref_id, activity_id=activity_id, project_id=project_id, cycle_id=cycle_id,
                             person_id=person_id, kind=kind, shown_version=found[2], now=now)


async def remember_reply(db: Database, *, conversation_id: str, user_id: str, activity_id: str | None,
                         card: dict[str, Any] | None, now: datetime) -> bool:
    """A card sent in reply to someone (the form from `update`, a summary sent as a new message)."""
    found = remembered(card)
    if found is None or not activity_id or not conversation_id:
        return False
    project, cycle, shown, kind = found
    async with db.unit_of_work() as s:
        return await card_repo.remember_in_chat(s, conversation_id=conversation_id, user_id=user_id,
                                                activity_id=activity_id, project_ref=project, cycle_key=cycle,
                                                kind=kind, shown_version=shown, now=now)


async def answered_in_place(db: Database, *, conversation_id: str, user_id: str, activity_id: str | None,
                            card: dict[str, Any] | None, now: datetime) -> None:
    """The person who saved a version was answered on the card they clicked, with that version: their
    message needs no edit (one would only replace "Update saved" with the same version in other words)."""
    found = remembered(card)
    if found is None or found[3] != "summary" or not activity_id:
        return
    async with db.unit_of_work() as s:
        await card_repo.shown_in_place(s, conversation_id=conversation_id, user_id=user_id, activity_id=activity_id,
                                       version=found[2], now=now)


# ----------------------------------------------------------------------------------- the edits


@dataclass
class EditReport:
    edited: int = 0
    failed: int = 0
    given_up: int = 0

    def __str__(self) -> str:
        return f"{self.edited} card(s) brought up to date, {self.failed} to try again, {self.given_up} given up"


async def bring_up_to_date(db: Database, messenger: Messenger, *, tz: str, now: Callable[[], datetime], batch: int = 50,
                           max_batches: int = 20) -> EditReport:
    """Edit every remembered message that shows an older version than the newest one (`now` is a clock)."""
    report = EditReport()
    for _ in range(max_batches):
        async with db.unit_of_work() as s:
            ids = await card_repo.claim_stale(s, now(), limit=batch, max_attempts=MAX_ATTEMPTS,
                                              abandoned_after=ABANDONED_AFTER)
        if not ids:
            break
        async with db.unit_of_work() as s:
            rows = await card_repo.to_edit(s, ids)
            refreshing = {}
            for row in rows:
                key = (row["cycle"].period_key, row["project"].id)
                if key not in refreshing:
                    refreshing[key] = (await card_repo.teams_ids(s, key[0], {key[1]})).get(key[1], [])
            jobs = [(row["message"].id, row["update"].version, Target(reference=delivery_repo.reference_of(row["ref"])),
                     row["message"].activity_id, _edited_card(row, refreshing[(row["cycle"].period_key,
                                                                              row["project"].id)], tz))
                    for row in rows]
            await card_repo.release(s, sorted(set(ids) - {j[0] for j in jobs}))
        for message_id, version, target, activity_id, (card, summary) in jobs:
            result = await _edit(messenger, target, activity_id, Outgoing(card=card, summary=summary))
            async with db.unit_of_work() as s:
                if result.ok:
                    await card_repo.edited(s, message_id, version, now())
                    report.edited += 1
                else:
                    give_up = result.http_status in GIVE_UP or result.status == UNREACHABLE
                    await card_repo.edit_failed(s, message_id, result.reason or result.status, give_up=give_up,
                                                max_attempts=MAX_ATTEMPTS, now=now())
                    report.given_up += give_up
                    report.failed += not give_up
    if report.edited or report.failed or report.given_up:
        log.info("card edits: %s", report)
    return report


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
    view = cards.UpdateView(update.version, Draft.from_fields(update_repo.fields_of(update)), update.submitted_by_name,
                            update.submitted_at, update.no_change, update.late)
    yours = message.person_id is not None and update.submitted_by_id == message.person_id
    card = cards.summary_card(
        project=cards.ProjectView(project.ref, project.name),
        cycle=cards.CycleView(cycle.period_key, cycle.opens_at, cycle.due_at, cycle.closes_at, cycle.status == "open"),
        update=view, tz=tz, show_sensitive=False, can_edit=cycle.status == "open" and project.status == "active",
        heading=views.submitted_heading(view, tz, yours=yours))
    card = summary_refresh(card, project_ref=project.ref, cycle_key=cycle.period_key, version=update.version,
                           ids=user_ids([ref.user_id], refreshing))
    who = "you" if yours else (update.submitted_by_name or "someone")
    return card, f"{project.name}: version {update.version} by {who}"
