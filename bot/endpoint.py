"""The HTTP edge of `/api/messages`, owned here rather than by `CloudAdapter.process`.

Why not the stock `process`: in botbuilder 4.17.1 it answers 500 when the invoke/expectReplies body
is already a dict (it re-serialises it as an msrest Model), and 500 for a malformed or unverifiable
token. Here every refusal is a 400/401/403/413/415, and a dict body is written as it is.

Order of checks, cheapest and most general first, and nothing costly before the caller is known:
content type and size; outside local mode, the token on its own (signature, issuer, audience,
lifetime: a stranger is refused before the body is even read); the JSON parsed and its shape
bounded (depth ≤ 32, lists ≤ 1,000 items: `bot/body.py`); the few fields authentication needs read
from the raw JSON; the token against them (botbuilder's full check); the service URL it was issued for;
and only then the body becomes a botbuilder `Activity`, its channel data is read, and the tenant is
checked against the allow-list (an unauthenticated caller learns nothing about which tenants are
allowed). Every refusal is counted in `refused` (by code) and logged without the body; every
unexpected failure, whether it escaped here or was caught by the adapter's turn error handler, is
counted in `errors` and logged.
"""

from __future__ import annotations

import asyncio
import contextvars
import json
import logging
import time
from collections import Counter
from http import HTTPStatus
from typing import Any

import jwt
from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, DeliveryModes
from botframework.connector import Channels
from botframework.connector.auth import AuthenticationConstants
from msrest.serialization import Model

from infra import metrics
from infra.config import Settings

from . import signing_keys
from .activity_reading import _TEAMS_CHANNEL_DATA, read_activity
from .body import Claimed, Recipient, claimed, tenant_of, too_complex
from .commands import CommandRegistry

log = logging.getLogger("dfbot.http")

# Strangers flooding in (MessagesEndpoint._slow_down): refusals are immediate up to STRANGERS_PER_SECOND
# (bursts of STRANGERS_BURST); beyond that each waits TARPIT_SECONDS; past MAX_WAITING waiting, the
# connection is closed instead.
STRANGERS_PER_SECOND = 500.0
STRANGERS_BURST = 50.0
TARPIT_SECONDS = 0.1
MAX_WAITING = 256
_AUTHENTICATED = web.RequestKey("dfbot_authenticated", bool)

# The exception the adapter's turn error handler saw during this request's turn (None: the turn ran).
_turn_error: contextvars.ContextVar[BaseException | None] = contextvars.ContextVar("turn_error", default=None)


class MessagesEndpoint:
    def __init__(self, adapter: CloudAdapter, bot: Bot, settings: Settings) -> None:
        self.adapter = adapter
        self.bot = bot
        self.settings = settings
        self.errors = 0  # unexpected failures: counted for /readyz and the property tests
        self.refused: Counter[str] = Counter()  # refusals (4xx) by error code
        self._quiet = _LogBudget()
        self._stranger_budget = _TokenBucket(STRANGERS_PER_SECOND, STRANGERS_BURST)
        self._waiting = 0  # refusals held back by `_slow_down`
        self.slowed = 0  # how many were
        self.commands: CommandRegistry | None = None  # set by bot.app.build_bot: the manifest test reads it
        self._count_turn_errors()

    def _count_turn_errors(self) -> None:
        """The adapter's `on_turn_error` swallows what the bot raised (and tells the user); count it too."""
        inner = self.adapter.on_turn_error

        async def counted(context, error: Exception) -> None:
            self.errors += 1
            metrics.count_error("turn_failed")
            _turn_error.set(error)
            if inner is not None:
                await inner(context, error)
            else:
                log.error("turn failed: %s", type(error).__name__, exc_info=error)

        self.adapter.on_turn_error = counted

    async def handle(self, request: web.Request) -> web.StreamResponse:
        request[_AUTHENTICATED] = False
        try:
            response = await self._handle(request)
        except web.HTTPException:
            raise
        except Exception:
            self.errors += 1
            metrics.count_error("internal_error")
            log.exception("unhandled error in /api/messages")
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalError", "The bot could not process this activity.")
        if not request[_AUTHENTICATED] and not self.settings.local_mode:
            await self._slow_down(response)
        return response

    async def _slow_down(self, refusal: web.StreamResponse) -> None:
        """A refusal of an unauthenticated request, answered late while strangers flood in.

        Up to STRANGERS_PER_SECOND refusals a second (bursts of STRANGERS_BURST) are answered at once; each
        one beyond waits TARPIT_SECONDS before it is sent. So strangers keeping requests in flight get about
        in_flight / TARPIT_SECONDS answers a second however fast they send, refusing them costs the event
        loop a small, bounded share (~0.2 ms each: about 10% of a core at most), and Teams, the dashboard
        and the scheduler are not held up (the `/healthz` figure in docs/benchmarks.md). Waiting costs a
        sleeping coroutine: the body is not read, and aiohttp stops reading the socket once its buffer is
        full. Past MAX_WAITING sleepers the connection is closed at once instead. Authenticated callers
        (Teams) are never slowed."""
        if self._stranger_budget.take():
            return
        if self._waiting >= MAX_WAITING:
            refusal.force_close()
            return
        self._waiting += 1
        self.slowed += 1
        try:
            await asyncio.sleep(TARPIT_SECONDS)
        finally:
            self._waiting -= 1

    def _authenticated(self, request: web.Request) -> None:
        request[_AUTHENTICATED] = True

    def _refuse(self, status: HTTPStatus, code: str, message: str, why: str = "") -> web.Response:
        self.refused[code] += 1
        metrics.count_error(code)
        quiet = self._quiet.held_back(code)
        if quiet is None:
            log.info("refused activity: %s %s%s", int(status), code, f" ({why})" if why else "")
        elif quiet:
            log.info(
                "refused activity: %s %s, and %d more like it in the last minute (not logged one by one)",
                int(status),
                code,
                quiet,
            )
        return _error(status, code, message)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return self._refuse(
                HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Send the activity as application/json."
            )
        if request.content_length is not None and request.content_length > self.settings.max_body_bytes:
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        # botbuilder's parameterized authentication tells "no header" from "" only by `is None`.
        auth_header = request.headers.get("Authorization") or None
        if not self.settings.local_mode:
            # The token alone, before the body is read: a stranger's request costs a signature check.
            why = await self._screen(auth_header)
            if why:
                return self._refuse(HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.", why)
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        if len(raw) > self.settings.max_body_bytes:
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError, RecursionError):  # deeply nested arrays overflow the parser
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadJson", "The body is not valid JSON.")
        complexity = too_complex(body)
        if complexity:
            return self._refuse(
                HTTPStatus.BAD_REQUEST, "TooComplex", f"The activity is too complex to read: {complexity}.", complexity
            )
        claims = claimed(body)
        if isinstance(claims, str):
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", claims)

        try:
            auth_result = await self.adapter.bot_framework_authentication.authenticate_request(claims, auth_header)
        except PermissionError as exc:
            return self._refuse(
                HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.", type(exc).__name__
            )
        except Exception as exc:  # malformed, unverifiable, expired tokens raise all sorts
            return self._refuse(
                HTTPStatus.UNAUTHORIZED,
                "Unauthorized",
                "The request is not authorised.",
                f"unverifiable token: {type(exc).__name__}",
            )
        if not self.settings.local_mode and _anonymous(auth_result):
            # botbuilder accepts anonymous calls whenever no app id is configured; that is local mode,
            # and local mode is only ever asked for (LOCAL_MODE=true), never inferred.
            return self._refuse(
                HTTPStatus.UNAUTHORIZED,
                "Unauthorized",
                "The request is not authorised.",
                "anonymous call outside local mode",
            )
        if not self.settings.local_mode and not _service_url_matches(auth_result, claims.service_url):
            return self._refuse(HTTPStatus.FORBIDDEN, "Forbidden", "The token was not issued for this service URL.")

        # Authenticated: now the body may become an activity (msrest walks all of it).
        self._authenticated(request)
        try:
            activity = read_activity(body)
        except Exception as exc:
            return self._refuse(
                HTTPStatus.BAD_REQUEST, "BadArgument", "The activity could not be read.", type(exc).__name__
            )
        problem = _shape_problem(activity)
        if problem:
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", f"The activity's {problem} could not be read.")
        if not self._tenant_allowed(body):
            return self._refuse(
                HTTPStatus.FORBIDDEN, "Forbidden", "This tenant may not use the bot.", "tenant not on the allow-list"
            )

        metrics.count_turn(activity.type)
        token = _turn_error.set(None)
        try:
            invoke_response = await self.adapter.process_activity(auth_result, activity, self.bot.on_turn)
            failed = _turn_error.get()
        finally:
            _turn_error.reset(token)
        if invoke_response is None:
            return web.Response(status=HTTPStatus.OK)  # a failed message turn has already said sorry
        expect_replies = activity.delivery_mode == DeliveryModes.expect_replies
        if failed is not None and not expect_replies:  # an invoke whose handler raised: no answer to give
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalError", "The bot could not process this activity.")
        if invoke_response.status == HTTPStatus.NOT_IMPLEMENTED and not expect_replies:
            # botbuilder's answer to an invoke name the bot has no handler for: a request we do not
            # support, not a failure of ours.
            return self._refuse(
                HTTPStatus.BAD_REQUEST,
                "NotSupported",
                "The bot does not handle this kind of invoke.",
                f"invoke {str(activity.name or '')[:40]!r}",
            )
        return web.json_response(_plain(invoke_response.body), status=invoke_response.status or 200)

    async def _screen(self, auth_header: str | None) -> str | None:
        """Why the token alone is refused (None: it may be genuine), before the body is read.

        botbuilder's own check, given the one thing it needs from the body that the token also
        carries: the service URL (the token's unverified `serviceurl` claim) and no channel (so no
        channel endorsement is required yet). A token this refuses, botbuilder refuses for any body;
        one it passes is checked again in full once the body is parsed (channel endorsement, and the
        body's service URL against the claim)."""
        if auth_header is None:
            return "no token"
        _scheme, _, token = auth_header.partition(" ")
        forged = signing_keys.certainly_forged(token.strip())
        if forged:
            return f"token refused before the body was read: {forged}"
        try:
            unverified = jwt.decode(token, options={"verify_signature": False})
        except Exception:  # not a JWT at all
            return "unreadable token"
        service_url = unverified.get("serviceurl") if isinstance(unverified, dict) else None
        if service_url is not None and not isinstance(service_url, str):
            return "unreadable token"
        probe = Claimed(
            type="", service_url=service_url or "", channel_id=None, conversation_id="", recipient=Recipient()
        )
        try:
            await self.adapter.bot_framework_authentication.authenticate_request(probe, auth_header)
        except Exception as exc:  # PermissionError, or whatever an unverifiable token raises
            return f"token refused before the body was read: {type(exc).__name__}"
        return None

    def _tenant_allowed(self, body: dict[str, Any]) -> bool:
        allowed = self.settings.allowed_tenants
        return not allowed or (tenant_of(body) or "").strip().lower() in allowed  # case-insensitive, as GUIDs are


class _TokenBucket:
    """`rate` a second, up to `burst` at once."""

    def __init__(self, rate: float, burst: float, clock=time.monotonic) -> None:
        self.rate, self.burst, self._clock = rate, burst, clock
        self._tokens, self._at = burst, clock()

    def take(self) -> bool:
        now = self._clock()
        self._tokens = min(self.burst, self._tokens + (now - self._at) * self.rate)
        self._at = now
        if self._tokens >= 1:
            self._tokens -= 1
            return True
        return False


class _LogBudget:
    """At most PER_MINUTE refusal lines per code a minute; beyond that one summary line a minute. A flood of
    strangers' requests must not flood the log (or its disk) too; every refusal is still counted in /metrics."""

    PER_MINUTE = 20

    def __init__(self, clock=time.monotonic) -> None:
        self._clock = clock
        self._windows: dict[str, tuple[float, int, int]] = {}  # code -> (window start, logged, held back)

    def held_back(self, code: str) -> int | None:
        """None: log this one. 0: say nothing. n > 0: say that n were held back since the last line."""
        now = self._clock()
        start, logged, held = self._windows.get(code, (now, 0, 0))
        if now - start >= 60:
            self._windows[code] = (now, 1, 0)
            return held or None
        if logged < self.PER_MINUTE:
            self._windows[code] = (start, logged + 1, held)
            return None
        self._windows[code] = (start, logged, held + 1)
        return 0


_LISTS = {
    "membersAdded": "members_added",
    "membersRemoved": "members_removed",
    "reactionsAdded": "reactions_added",
    "reactionsRemoved": "reactions_removed",
    "attachments": "attachments",
    "entities": "entities",
}


def _shape_problem(activity: Activity) -> str | None:
    """What botbuilder's handlers would trip over, named for the refusal (None: nothing).

    msrest reads a list of accounts, reactions or entities with a null in it as a list holding None,
    and botbuilder's conversation-update and mention handling then fail the turn; and its Teams
    handler deserialises `channelData` as TeamsChannelData on conversation updates, failing the turn
    when that cannot be done."""
    for name, attr in _LISTS.items():
        if any(item is None for item in getattr(activity, attr, None) or ()):
            return name
    data = activity.channel_data
    if data is None:
        return None
    if not isinstance(data, dict):
        return "channelData"
    if activity.channel_id == Channels.ms_teams and not _tenant_only(data):
        try:
            _TEAMS_CHANNEL_DATA("TeamsChannelData", data)
        except Exception:
            return "channelData"
    return None


def _tenant_only(data: dict[str, Any]) -> bool:
    """Channel data that is only the tenant's id, as Teams sends with a 1:1 message: it always reads as
    TeamsChannelData, so there is nothing to try."""
    tenant = data.get("tenant")
    return len(data) == 1 and isinstance(tenant, dict) and len(tenant) == 1 and isinstance(tenant.get("id"), str)


def _anonymous(auth_result: Any) -> bool:
    identity = getattr(auth_result, "claims_identity", None)
    return (
        identity is None
        or not getattr(identity, "claims", None)
        or getattr(identity, "authentication_type", None) == AuthenticationConstants.ANONYMOUS_AUTH_TYPE
    )


def _service_url_matches(auth_result: Any, service_url: str) -> bool:
    identity = getattr(auth_result, "claims_identity", None)
    claims = getattr(identity, "claims", None) or {}
    claimed = claims.get("serviceurl") or claims.get("serviceUrl")
    if not claimed:
        return True  # bot-to-bot or emulator tokens carry none; the SDK validated issuer and audience
    return str(claimed).rstrip("/").lower() == service_url.rstrip("/").lower()


def _plain(body: Any) -> Any:
    """Invoke bodies arrive either as msrest Models or as already-serialised dicts."""
    if isinstance(body, Model):
        return body.serialize()
    return body


def _error(status: HTTPStatus, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=int(status))
