"""Proactive messages — prompts, reminders, admin notices — sent the way Teams wants them sent.

`ProactiveMessenger` owns every message the bot sends first: it rebuilds a stored conversation
reference and calls `CloudAdapter.continue_conversation`, or opens a 1:1 chat from a team roster
with `CloudAdapter.create_conversation`. All its sends pass one `RateLimiter` (Teams: per
conversation 7/1 s, 8/2 s, 60/30 s, 1800/1 h; per app 50/s). On a 429 it waits `Retry-After`; on
412/502/503/504 or a dropped connection it backs off exponentially with jitter, a bounded number of
times; a 403 means the person cannot be reached (blocked the bot, app removed, account disabled)
and is never retried.

Why its own adapter: botbuilder builds a new ConnectorClient (and new credentials, so a new token)
for every turn, and msrest's default retry policy silently re-POSTs on 5xx. A re-POST can double a
message the service already accepted, and a hidden retry defeats the backoff and bookkeeping here,
so outbound clients come from a `ConnectorPool` (bot/connector_pool.py, shared with the adapter that
answers turns): made once per service URL, sending over aiohttp on the event loop, no hidden retries.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import quote

from botbuilder.core import BotAdapter, CardFactory, MessageFactory, TurnContext
from botbuilder.core.teams import TeamsInfo
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import (
    Activity,
    ChannelAccount,
    ConversationAccount,
    ConversationParameters,
    ConversationReference,
)
from msrest.exceptions import ClientRequestError, HttpOperationError

from infra import metrics
from infra.config import Settings
from programme.prompting import FAILED, SENT, UNREACHABLE, Outgoing, SendResult, Target

from .adapter import build_authentication
from .connector_pool import ConnectorPool, NoToken, PooledAuthentication
from .send_errors import error_reason, http_status, never_connected, retry_after

__all__ = [
    "PER_APP",
    "PER_CONVERSATION",
    "RETRYABLE",
    "Limit",
    "ProactiveMessenger",
    "RateLimiter",
    "error_reason",
    "http_status",
    "never_connected",
    "retry_after",
]

log = logging.getLogger("dfbot.messenger")

Limit = tuple[int, float]
PER_CONVERSATION: tuple[Limit, ...] = ((7, 1.0), (8, 2.0), (60, 30.0), (1800, 3600.0))
PER_APP: tuple[Limit, ...] = ((50, 1.0),)
RETRYABLE = frozenset({408, 412, 500, 502, 503, 504})


class RateLimiter:
    """Sliding windows per conversation and for the whole app, shared by every send in the process.

    Each send is counted when it is let through, but the service counts it when it arrives, a few
    milliseconds later and not always the same few. So every window is widened by `margin`, and the
    app-wide limit is also paced evenly (50/s becomes one send every 20 ms, plus `pace_margin`)
    instead of in bursts of 50, where a little jitter would put a 51st request in the service's
    window. The pace keeps to a schedule (each slot 20.6 ms after the last *slot*, not after the last
    send), so the event loop's lateness in waking a sleeper does not add up and the rate stays at 97%
    of the limit; the app-wide window needs a smaller margin than the per-chat ones, because the pace
    already spaces its sends. With several replicas only the lease holder fans out
    (dfbot/scheduler.py), and the process has one messenger (services/context.py), so one limiter
    sees all the bot's proactive traffic.
    """

    def __init__(
        self,
        per_conversation: tuple[Limit, ...] = PER_CONVERSATION,
        per_app: tuple[Limit, ...] = PER_APP,
        *,
        margin: float = 0.05,
        app_margin: float = 0.02,
        pace_margin: float = 0.03,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.per_conversation, self.per_app, self.margin, self.app_margin = (
            per_conversation,
            per_app,
            margin,
            app_margin,
        )
        self._next_slot = float("-inf")
        self.spacing = min((window / limit for limit, window in per_app), default=0.0) * (1 + pace_margin)
        self._clock, self._sleep = clock, sleep
        self._app: deque[float] = deque(maxlen=max((n for n, _ in per_app), default=1))
        self._conversations: dict[str, deque[float]] = {}
        self._blocked: dict[str, float] = {}
        self.waited = 0.0

    def _wait(self, events: deque[float], limits: tuple[Limit, ...], now: float, margin: float) -> float:
        wait = 0.0
        for limit, window in limits:
            if len(events) >= limit:
                wait = max(wait, events[-limit] + window + margin - now)
        return wait

    def delay(self, key: str) -> float:
        """Seconds until one more send to `key` is allowed (0 = now)."""
        now = self._clock()
        events = self._conversations.get(key)
        wait = max(
            self._wait(self._app, self.per_app, now, self.app_margin),
            self._blocked.get(key, 0.0) - now,
            self._next_slot - now,
        )
        if events is not None:
            wait = max(wait, self._wait(events, self.per_conversation, now, self.margin))
        return max(wait, 0.0)

    async def acquire(self, key: str) -> None:
        """Wait until a send to `key` fits every window, then count it (no await between check and count)."""
        while (wait := self.delay(key)) > 0:
            self.waited += wait
            await self._sleep(wait)
        now = self._clock()
        self._next_slot = (
            max(self._next_slot, now - self.spacing) + self.spacing
        )  # on schedule, or from now after a pause
        self._app.append(now)
        limit = max((n for n, _ in self.per_conversation), default=1)
        self._conversations.setdefault(key, deque(maxlen=limit)).append(now)
        self._forget_idle(now)

    def back_off(self, key: str, seconds: float) -> None:
        """The service said 429: nothing more to this conversation for `seconds`."""
        self._blocked[key] = max(self._blocked.get(key, 0.0), self._clock() + seconds)

    def _forget_idle(self, now: float) -> None:
        if len(self._conversations) < 10_000:
            return
        horizon = max((w for _, w in self.per_conversation), default=0) + self.margin
        for key in [k for k, ev in self._conversations.items() if ev and ev[-1] < now - horizon]:
            del self._conversations[key]
            self._blocked.pop(key, None)


# ----------------------------------------------------------------------------------- messenger


class ProactiveMessenger:
    """Sends one message to one person or chat, within Teams' limits, and says what happened."""

    def __init__(
        self,
        settings: Settings,
        *,
        limiter: RateLimiter | None = None,
        max_attempts: int = 6,
        base_delay: float = 0.5,
        max_delay: float = 30.0,
        sleep: Callable[[float], Awaitable[Any]] = asyncio.sleep,
    ) -> None:
        self.app_id = settings.app_id.strip()
        self._auth = PooledAuthentication(build_authentication(settings), ConnectorPool(retries=0))
        self.adapter = CloudAdapter(self._auth)  # no on_turn_error: failures must reach send()
        self.limiter = limiter or RateLimiter()  # the process has one messenger, so one limiter
        self.max_attempts, self.base_delay, self.max_delay = max_attempts, base_delay, max_delay
        self._sleep = sleep
        self.throttled = 0

    async def close(self) -> None:
        try:
            await self._auth.close()
        except Exception:  # closing is best effort
            log.debug("closing the connector pool failed", exc_info=True)

    async def send(self, target: Target, message: Outgoing, *, max_attempts: int | None = None) -> SendResult:
        """Deliver `message`; opens the 1:1 chat first when only a roster member is known.

        `max_attempts=1` is for callers that decide about retries themselves (the digest: a post that got
        no answer may have arrived, and the Bot Connector cannot be asked)."""
        result = await self._send(target, message, max_attempts=max_attempts)
        metrics.count_send(result.status, throttled=result.throttled, retries=max(result.attempts - 1, 0))
        return result

    async def _send(self, target: Target, message: Outgoing, *, max_attempts: int | None = None) -> SendResult:
        reference, opened = target.reference, None
        attempts = max_attempts or self.max_attempts
        if reference is None:
            opened = await self._attempts(f"create:{target.member_id}", lambda: self._open_chat(target), attempts)
            if not opened.ok:
                return opened
            if opened.reference is None:  # an opened chat always comes back with its reference
                raise RuntimeError("a 1:1 chat was opened but its conversation reference is missing")
            reference = opened.reference
        conversation = str((reference.get("conversation") or {}).get("id") or "")
        result = await self._attempts(conversation, lambda: self._continue(reference, message), attempts)
        if opened is not None:
            result.reference = reference
            result.attempts += opened.attempts
            result.throttled += opened.throttled
        return result

    async def update(
        self, target: Target, activity_id: str, message: Outgoing, *, max_attempts: int | None = None
    ) -> SendResult:
        """Replace a message the bot sent earlier with `message` (Teams: an update activity, which counts
        as a send to that conversation). An edit is idempotent, so it is retried like a send."""
        reference = target.reference
        if not reference or not activity_id:
            return SendResult(FAILED, reason="no conversation reference or activity id to edit")
        conversation = str((reference.get("conversation") or {}).get("id") or "")
        return await self._attempts(
            conversation, lambda: self._update(reference, activity_id, message), max_attempts or self.max_attempts
        )

    async def _update(self, reference: dict[str, Any], activity_id: str, message: Outgoing) -> SendResult:
        async def replace(context: TurnContext) -> None:
            activity = _activity(message)
            activity.id = activity_id
            await context.update_activity(activity)

        await self.adapter.continue_conversation(ConversationReference().deserialize(reference), replace, self.app_id)
        return SendResult(SENT, activity_id=activity_id)

    async def _attempts(self, key: str, call: Callable[[], Awaitable[SendResult]], max_attempts: int) -> SendResult:
        """Bounded attempts: Retry-After on 429, jittered exponential backoff on transient errors."""
        throttled, last, waited = 0, None, None
        history: list[int] = []
        for attempt in range(1, max_attempts + 1):
            await self.limiter.acquire(key)
            try:
                result = await call()
                result.attempts, result.throttled, result.history = attempt, throttled, history
                return result
            except (TimeoutError, HttpOperationError, ClientRequestError, OSError) as exc:
                status, last = http_status(exc), exc
                history.append(status or 0)
            if status == 429:
                throttled += 1
                self.throttled += 1
                waited = retry_after(last)
                self.limiter.back_off(key, waited or self._backoff(attempt))
                continue
            if status == 403:
                return SendResult(
                    UNREACHABLE,
                    reason=error_reason(last),
                    attempts=attempt,
                    throttled=throttled,
                    http_status=403,
                    history=history,
                )
            if status is not None and status not in RETRYABLE:
                return SendResult(
                    FAILED,
                    reason=error_reason(last),
                    attempts=attempt,
                    throttled=throttled,
                    http_status=status,
                    history=history,
                )
            if attempt < max_attempts:
                await self._sleep(self._backoff(attempt))
        return SendResult(
            FAILED,
            reason=f"gave up after {max_attempts} attempts: {error_reason(last) if last else 'none was made'}",
            attempts=max_attempts,
            throttled=throttled,
            http_status=http_status(last) if last else None,
            history=history,
            unsent=isinstance(last, NoToken),
            retry_after=waited,
            never_connected=never_connected(last),
        )

    def _backoff(self, attempt: int) -> float:
        """Full jitter: a random wait up to base * 2^(attempt-1), never more than max_delay."""
        return random.uniform(self.base_delay / 2, min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))

    async def _continue(self, reference: dict[str, Any], message: Outgoing) -> SendResult:
        sent: list[str | None] = []

        async def deliver(context: TurnContext) -> None:
            response = await context.send_activity(_activity(message))
            sent.append(getattr(response, "id", None))

        ref = ConversationReference().deserialize(reference)
        await self.adapter.continue_conversation(ref, deliver, self.app_id)
        return SendResult(SENT, activity_id=sent[0] if sent else None)

    async def _open_chat(self, target: Target) -> SendResult:
        """Open (or find: Teams returns the same id every time) the 1:1 chat with a roster member."""
        references: list[dict[str, Any]] = []
        bot = ChannelAccount(id=target.bot_id or None)
        parameters = ConversationParameters(
            is_group=False,
            bot=bot,
            members=[ChannelAccount(id=target.member_id)],
            tenant_id=target.tenant_id,
            channel_data={"tenant": {"id": target.tenant_id}},
        )

        async def remember(context: TurnContext) -> None:
            references.append(
                ConversationReference(
                    channel_id="msteams",
                    service_url=target.service_url,
                    bot=context.activity.recipient,
                    user=ChannelAccount(id=target.member_id),
                    conversation=ConversationAccount(
                        id=context.activity.conversation.id, tenant_id=target.tenant_id, conversation_type="personal"
                    ),
                ).serialize()
            )

        await self.adapter.create_conversation(self.app_id, remember, parameters, "msteams", target.service_url, None)
        return SendResult(SENT, reference=references[0] if references else None)

    async def team_members(self, reference: dict[str, Any], team_id: str) -> list[dict[str, Any]]:
        """Everyone on a team's roster (paged, as Teams requires for large teams)."""
        members: list[dict[str, Any]] = []

        async def read(context: TurnContext) -> None:
            token = None
            while True:
                await self.limiter.acquire(f"members:{team_id}")
                page = await TeamsInfo.get_paged_team_members(context, team_id, token, 500)
                for m in page.members or []:
                    members.append(
                        {
                            "id": m.id,
                            "name": m.name,
                            "aadObjectId": m.aad_object_id,
                            "email": m.email,
                            "userPrincipalName": m.user_principal_name,
                        }
                    )
                token = page.continuation_token
                if not token:
                    return

        await self.adapter.continue_conversation(ConversationReference().deserialize(reference), read, self.app_id)
        return members

    async def team_group_id(self, reference: dict[str, Any], team_id: str) -> str | None:
        """The Microsoft 365 group id of a team the bot is installed in (Bot Connector `GET /v3/teams/{id}`:
        id, name, aadGroupId), or None when Teams will not say. botbuilder's `TeamsInfo.get_team_details`
        sends through a `requests` client of its own, blocking the event loop and bypassing the pool, so
        the same call goes through the pooled connector client of the turn instead."""
        found: list[str] = []

        async def read(context: TurnContext) -> None:
            service = context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)._client  # msrest's pipeline
            await self.limiter.acquire(f"teams:{team_id}")
            url = service.format_url("/v3/teams/" + quote(team_id, safe=""))
            response = await service.async_send(service.get(url, None, {"Accept": "application/json"}), stream=False)
            if response.status_code == 200:
                try:
                    body = json.loads(response.text() or "{}")
                except ValueError:
                    body = {}
                found.append(str(body.get("aadGroupId") or "") if isinstance(body, dict) else "")
            else:
                log.info("team details for a known team answered %s", response.status_code)

        try:
            await self.adapter.continue_conversation(ConversationReference().deserialize(reference), read, self.app_id)
        except (TimeoutError, HttpOperationError, ClientRequestError, OSError) as exc:
            log.info("team details could not be read: %s", type(exc).__name__)
            return None
        return (found[0] or None) if found else None


def _activity(message: Outgoing) -> Activity:
    if message.card is not None:
        activity = MessageFactory.attachment(CardFactory.adaptive_card(message.card), text=message.text or None)
    else:
        activity = MessageFactory.text(message.text)
    if message.summary:
        activity.summary = message.summary[:200]
    return activity
