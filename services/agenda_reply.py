"""The bot's agenda reply in the thread of a digest posted through Graph: sent once, tried again until it is.

With the Graph transport the digest is the signed-in account's message and display-only, so the bot
replies in its thread with the agenda card that carries the DLG's actions (services/agenda.py). That
reply goes through the Bot Connector, which can refuse it (429 with Retry-After, 5xx), be unreachable,
or take it and never answer. Neither the Bot Connector nor Graph takes an idempotency key, so:

    pending ──claim──▶ sending ──▶ sent
       ▲                  │
       ├──── later ───────┤  refused before anything arrived (429, a refused connection; 5xx where the
       │                  │  thread cannot be read): backoff, Retry-After honoured; short waits inside the
       │                  │  attempt, longer ones persisted in the row
     check ◀── later ─────┤  it may have arrived (no answer, a dropped connection; 5xx where the thread can
       │                  │  be read): the next attempt first looks for it in the thread through Graph, and
       │                  │  posts only if it is not there
       │                  ├──▶ failed  refused for good (the bot is not in the team), or too many attempts
       └── cannot look ───┴──▶ unsure  may have arrived and Graph cannot be asked (GRAPH_READ_CHANNEL off)

The claim (with its time, attempts counted) is committed before anything is sent, so two replicas never
both reply; a reply left claimed by a process that stopped is taken over after `REPLY_LEASE` and looked
for first, like `check`. Everything that decides the next step is in the digest row, so a restart
loses nothing: the scheduler's next tick carries on. Failed and unsure replies are told to admins (an
alert); `dfbot decisions agenda-again` posts it again once they have looked. Meanwhile the DLG records
decisions with `decisions` in a 1:1 chat.

The reply names itself with the digest's marker (an element id in the card, `cards.agenda.agenda_marker`),
which is what the look searches the thread's replies for (Graph "List replies", ChannelMessage.Read.All).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, Protocol

from cards.agenda import MEMBERS_VIEW, agenda_marker
from programme.posting import RETRYABLE_STATUSES, CannotCheck, PostError, Rejected, RetryPolicy
from programme.prompting import SENT, UNREACHABLE, Messenger, Outgoing
from services import alerts
from services.agenda import AGENDA_CARD, AgendaReport, channel_card, channel_target
from services.context import AppContext
from store import agenda_repo, digest_repo
from store.agenda_repo import ReplyClaim

if TYPE_CHECKING:
    from services.digest_transports import Transports

log = logging.getLogger("dfbot.agenda")
REPLY_LEASE = timedelta(minutes=10)  # a claim older than this was left by a process that stopped
POLICY = RetryPolicy(tries=3, longest_wait_seconds=15.0)  # waits inside one attempt stay short; later ones persist
SUMMARY = "The DLG's agenda: record decisions here"


class ThreadReader(Protocol):
    """What can look in the digest's thread (graph.publisher.GraphPublisher)."""

    can_find: bool

    async def find_reply(self, message_id: str, marker: str) -> str | None: ...


@dataclass
class _Step:
    status: str  # sent / pending / check / failed / unsure
    activity_id: str | None = None
    reason: str = ""
    retry_after: float | None = None


async def reply_in_threads(
    ctx: AppContext,
    report: AgendaReport | None = None,
    *,
    messenger: Messenger | None = None,
    reader: ThreadReader | None = None,
    policy: RetryPolicy = POLICY,
    sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
) -> AgendaReport:
    """Every agenda reply that is due: claimed, looked for when an earlier try may have arrived, posted."""
    report = report or AgendaReport()
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        ids = await agenda_repo.replies_due(s, now, now - REPLY_LEASE)
    if not ids:
        return report
    readers = _Readers(ctx, reader)
    try:
        for digest_id in ids:
            await _reply_one(ctx, digest_id, report, messenger, readers, policy, sleep)
    finally:
        await readers.aclose()
    return report


async def post_again(ctx: AppContext, period_key: str) -> str:
    """`dfbot decisions agenda-again`: an admin has looked in the thread and the reply is not there."""
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get(s, period_key)
        if row is None:
            return f"There is no digest for {period_key}."
        if row.agenda_status == "sent":
            return f"The agenda reply for {period_key} is already in the thread."
        if row.agenda_status in ("pending", "check", "sending"):
            return f"The agenda reply for {period_key} is still being tried by the bot: nothing to do."
        if row.agenda_status not in ("failed", "unsure"):
            return f"The agenda reply for {period_key} is not needed (no Graph digest with asks): nothing to post."
        await agenda_repo.reply_again(s, row.id)
    report = await reply_in_threads(ctx)
    return (
        f"The agenda reply for {period_key} was posted in the digest's thread."
        if report.replied
        else f"The agenda reply for {period_key} could not be posted yet; the scheduler keeps trying."
    )


async def _reply_one(
    ctx: AppContext,
    digest_id: int,
    report: AgendaReport,
    messenger: Messenger | None,
    readers: _Readers,
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[Any]],
) -> None:
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        claim = await agenda_repo.claim_reply(s, digest_id, now, now - REPLY_LEASE)
        if claim is None:
            return  # another replica has it, or it is not due after all
        row = await digest_repo.get_by_id(s, digest_id)
        if row is None:  # the claim was on this row, in this unit of work: only a bug gets here
            return
        card = await channel_card(
            s, row, MEMBERS_VIEW, tz=ctx.settings.timezone, now=now, card=AGENDA_CARD, posted=True
        )
        conversation, message_id, period = row.agenda_conversation_id or "", row.message_id or "", row.period_key
        marker = agenda_marker(row.marker)
    step = None
    if claim.look_first:
        step = await _look(readers, message_id, marker)
    if step is None:
        step = await _post(ctx, messenger, conversation, card, readers, policy, sleep)
    await _finish(ctx, claim, step, period, policy)
    if step.status == "sent":
        report.replied += 1
    else:
        report.failed += 1
        log.warning("the agenda reply in the digest's thread (%s): %s; %s", period, step.status, step.reason[:200])


async def _look(readers: _Readers, message_id: str, marker: str) -> _Step | None:
    """An earlier try may have arrived: is the reply in the thread? None: it is not (post it)."""
    reader = await readers.get()
    if reader is None or not reader.can_find:
        return _Step(
            "unsure",
            reason="an earlier try may have arrived and the bot cannot read the channel to check"
            + (f" ({readers.problem})" if readers.problem else " (GRAPH_READ_CHANNEL is off)"),
        )
    try:
        found = await reader.find_reply(message_id, marker)
    except CannotCheck as exc:
        return _Step("unsure", reason=f"an earlier try may have arrived and the thread cannot be read: {exc}")
    except PostError as exc:  # Graph busy, down or slow: look again later, post nothing meanwhile
        return _Step(
            "check", reason=f"could not look in the thread: {exc}", retry_after=getattr(exc, "retry_after", None)
        )
    if found:
        return _Step("sent", activity_id=found, reason="found in the thread after a try that got no answer")
    return None


async def _post(
    ctx: AppContext,
    messenger: Messenger | None,
    conversation: str,
    card: dict[str, Any],
    readers: _Readers,
    policy: RetryPolicy,
    sleep: Callable[[float], Awaitable[Any]],
) -> _Step:
    """One attempt: tries while the service refuses before anything arrived and the wait is short."""
    try:
        target = await channel_target(ctx, conversation)
        sender = messenger or ctx.require_messenger()
    except Rejected as exc:
        return _Step("failed", reason=str(exc))
    except Exception as exc:  # no messenger in this process: the scheduler's next tick (dfbot serve) has one
        return _Step("pending", reason=f"{type(exc).__name__}: {exc}"[:300])
    tries = 0
    while True:
        tries += 1
        try:
            result = await sender.send(target, Outgoing(card=card, summary=SUMMARY), max_attempts=1)
        except Exception as exc:  # an SDK surprise after the request may have gone: look before trying again
            log.exception("the agenda reply failed unexpectedly")
            return _Step("check", reason=f"{type(exc).__name__}: {exc}"[:300])
        if result.status == SENT:
            return _Step("sent", activity_id=result.activity_id)
        status = result.http_status
        if result.status == UNREACHABLE or (status is not None and status not in RETRYABLE_STATUSES):
            return _Step("failed", reason=f"Teams refused it: {result.reason}")
        if status is None and not result.never_connected:
            # No answer or a dropped connection: it may be in the thread already.
            return _Step("check", reason=result.reason)
        if status not in (None, 429) and await readers.can_look():
            # A server error: Teams normally refuses before keeping anything, but where the thread can be
            # read it costs one look to be sure.
            return _Step("check", reason=result.reason, retry_after=result.retry_after)
        wait = policy.wait(tries, result.retry_after)
        if wait is None:
            return _Step("pending", reason=result.reason, retry_after=result.retry_after)
        await sleep(wait)


async def _finish(ctx: AppContext, claim: ReplyClaim, step: _Step, period: str, policy: RetryPolicy) -> None:
    status, next_at = step.status, None
    if status in ("pending", "check") and claim.attempt >= policy.max_attempts:
        status = "failed" if status == "pending" else "unsure"
        step.reason = f"gave up after {claim.attempt} attempts: {step.reason}"
    elif status in ("pending", "check"):
        next_at = ctx.now() + timedelta(seconds=policy.next_attempt_in(claim.attempt, step.retry_after))
    async with ctx.db.unit_of_work() as s:
        if not await agenda_repo.finish_reply(
            s,
            claim,
            status=status,
            activity_id=step.activity_id,
            next_at=next_at,
            error="" if status == "sent" else step.reason,
        ):
            return  # taken over meanwhile (this attempt outlived its lease): the other one decides
    step.status = status
    if status in ("failed", "unsure"):
        await alerts.raise_alert(
            ctx.db,
            f"digest:{period}:agenda:{status}",
            _admin_message(period, status, step.reason),
            "warning",
            category="digest",
            now=ctx.now(),
        )


def _admin_message(period: str, status: str, reason: str) -> str:
    again = f"`dfbot decisions agenda-again --period {period}`"
    if status == "unsure":
        return (
            f"The bot's agenda card in the thread of the DLG digest for {period} may or may not have arrived "
            f"({reason[:200]}). Look in the digest's thread in the DLG channel: if the bot's agenda card is not "
            f"there, run {again}. Meanwhile the DLG can type **decisions** in a 1:1 chat with me."
        )
    return (
        f"The bot could not reply in the thread of the DLG digest for {period} with the agenda card ({reason[:240]}). "
        f"Fix the cause (is the app in the DLG team?), then run {again}. Meanwhile the DLG can type **decisions** "
        "in a 1:1 chat with me."
    )


class _Readers:
    """The Graph transport, built only when a look is needed (and closed afterwards)."""

    def __init__(self, ctx: AppContext, given: ThreadReader | None) -> None:
        self.ctx, self.given, self.problem = ctx, given, ""
        self._transports: Transports | None = None

    async def get(self) -> ThreadReader | None:
        if self.given is not None:
            return self.given
        if self._transports is None:
            from services.digest_transports import Transports  # start-up time: msgraph loads only when needed

            self._transports = Transports(self.ctx)
        try:
            return self._transports.graph()
        except PostError as exc:  # no sign-in, no team or channel id: cannot look
            self.problem = str(exc)[:200]
            return None

    async def can_look(self) -> bool:
        reader = await self.get()
        return reader is not None and bool(reader.can_find)

    async def aclose(self) -> None:
        if self._transports is not None:
            await self._transports.aclose()
