"""The HTTP edge of `/api/messages`, owned here rather than by `CloudAdapter.process`.

Why not the stock `process`: in botbuilder 4.17.1 it answers 500 when the invoke/expectReplies body
is already a dict (it re-serialises it as an msrest Model), and 500 for a malformed or unverifiable
token. Here every refusal is a 400/401/403/413/415, and a dict body is written as it is.

Order of checks: size, JSON, shape, then the token, and only then the tenant allow-list (an
unauthenticated caller learns nothing about which tenants are allowed). Every refusal is counted in
`refused` (by code) and logged without the body; every unexpected failure, whether it escaped here
or was caught by the adapter's turn error handler, is counted in `errors` and logged.
"""
from __future__ import annotations

import contextvars
import json
import logging
from collections import Counter
from http import HTTPStatus
from typing import Any

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity, DeliveryModes
from botbuilder.schema.teams import TeamsChannelData
from botframework.connector import Channels
from msrest.serialization import Model

from dfbot.config import Settings

log = logging.getLogger("dfbot.http")

# The exception the adapter's turn error handler saw during this request's turn (None: the turn ran).
_turn_error: contextvars.ContextVar[BaseException | None] = contextvars.ContextVar("turn_error", default=None)


class MessagesEndpoint:
    def __init__(self, adapter: CloudAdapter, bot: Bot, settings: Settings) -> None:
        self.adapter = adapter
        self.bot = bot
        self.settings = settings
        self.errors = 0  # unexpected failures: counted for /readyz and the property tests
        self.refused: Counter[str] = Counter()  # refusals (4xx) by error code
        self._count_turn_errors()

    def _count_turn_errors(self) -> None:
        """The adapter's `on_turn_error` swallows what the bot raised (and tells the user); count it too."""
        inner = self.adapter.on_turn_error

        async def counted(context, error: Exception) -> None:
            self.errors += 1
            _turn_error.set(error)
            if inner is not None:
                await inner(context, error)
            else:
                log.error("turn failed: %s", type(error).__name__, exc_info=error)

        self.adapter.on_turn_error = counted

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except web.HTTPException:
            raise
        except Exception:
            self.errors += 1
            log.exception("unhandled error in /api/messages")
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalError", "The bot could not process this activity.")

    def _refuse(self, status: HTTPStatus, code: str, message: str, why: str = "") -> web.Response:
        self.refused[code] += 1
        log.info("refused activity: %s %s%s", int(status), code, f" ({why})" if why else "")
        return _error(status, code, message)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return self._refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Send the activity as application/json.")
        if request.content_length is not None and request.content_length > self.settings.max_body_bytes:
            return self._refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
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
        if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", "An activity needs a type.")
        try:
            activity = Activity().deserialize(body)
        except Exception as exc:
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", "The activity could not be read.", type(exc).__name__)
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", "An activity needs a serviceUrl and a conversation.")
        problem = _shape_problem(activity)
        if problem:
            return self._refuse(HTTPStatus.BAD_REQUEST, "BadArgument", f"The activity's {problem} could not be read.")

        # botbuilder's parameterized authentication tells "no header" from "" only by `is None`.
        auth_header = request.headers.get("Authorization") or None
        try:
            auth_result = await self.adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
        except PermissionError as exc:
            return self._refuse(HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.", type(exc).__name__)
        except Exception as exc:  # malformed, unverifiable, expired tokens raise all sorts
            return self._refuse(HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.",
                                f"unverifiable token: {type(exc).__name__}")
        if not self.settings.local_mode and not _service_url_matches(auth_result, activity):
            return self._refuse(HTTPStatus.FORBIDDEN, "Forbidden", "The token was not issued for this service URL.")
        if not self._tenant_allowed(activity):
            return self._refuse(HTTPStatus.FORBIDDEN, "Forbidden", "This tenant may not use the bot.", "tenant not on the allow-list")

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
            return self._refuse(HTTPStatus.BAD_REQUEST, "NotSupported", "The bot does not handle this kind of invoke.",
                                f"invoke {str(activity.name or '')[:40]!r}")
        return web.json_response(_plain(invoke_response.body), status=invoke_response.status or 200)

    def _tenant_allowed(self, activity: Activity) -> bool:
        allowed = self.settings.allowed_tenants
        if not allowed:
            return True
        tenant = activity.conversation.tenant_id
        if not tenant:
            data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
            found = data.get("tenant")
            tenant = found.get("id") if isinstance(found, dict) else None
        return isinstance(tenant, str) and tenant.lower() in {t.lower() for t in allowed}  # tenant ids: any case


_LISTS = {"membersAdded": "members_added", "membersRemoved": "members_removed", "reactionsAdded": "reactions_added",
          "reactionsRemoved": "reactions_removed", "attachments": "attachments", "entities": "entities"}


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
    if activity.channel_id == Channels.ms_teams:
        try:
            TeamsChannelData().deserialize(data)
        except Exception:
            return "channelData"
    return None


def _service_url_matches(auth_result: Any, activity: Activity) -> bool:
    identity = getattr(auth_result, "claims_identity", None)
    claims = getattr(identity, "claims", None) or {}
    claimed = claims.get("serviceurl") or claims.get("serviceUrl")
    if not claimed:
        return True  # bot-to-bot or emulator tokens carry none; the SDK validated issuer and audience
    return str(claimed).rstrip("/").lower() == (activity.service_url or "").rstrip("/").lower()


def _plain(body: Any) -> Any:
    """Invoke bodies arrive either as msrest Models or as already-serialised dicts."""
    if isinstance(body, Model):
        return body.serialize()
    return body


def _error(status: HTTPStatus, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=int(status))
