"""The HTTP edge of `/api/messages`, owned here rather than by `CloudAdapter.process`.

Why not the stock `process`: in botbuilder 4.17.1 it answers 500 when the invoke/expectReplies body
is already a dict (it re-serialises it as an msrest Model), and 500 for a malformed or unverifiable
token. Here every refusal is a 400/401/403/413/415, and a dict body is written as it is.
"""
from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from aiohttp import web
from botbuilder.core import Bot
from botbuilder.integration.aiohttp import CloudAdapter
from botbuilder.schema import Activity
from msrest.serialization import Model

from dfbot.config import Settings

log = logging.getLogger("dfbot.http")


class MessagesEndpoint:
    def __init__(self, adapter: CloudAdapter, bot: Bot, settings: Settings) -> None:
        self.adapter = adapter
        self.bot = bot
        self.settings = settings
        self.errors = 0  # counted for /readyz and the property tests

    async def handle(self, request: web.Request) -> web.StreamResponse:
        try:
            return await self._handle(request)
        except web.HTTPException:
            raise
        except Exception:
            self.errors += 1
            log.exception("unhandled error in /api/messages")
            return _error(HTTPStatus.INTERNAL_SERVER_ERROR, "InternalError", "The bot could not process this activity.")

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        if "application/json" not in request.headers.get("Content-Type", ""):
            return _error(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "UnsupportedMediaType", "Send the activity as application/json.")
        if request.content_length is not None and request.content_length > self.settings.max_body_bytes:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        try:
            raw = await request.read()
        except web.HTTPRequestEntityTooLarge:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        if len(raw) > self.settings.max_body_bytes:
            return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "TooLarge", "The activity is too large.")
        try:
            body = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return _error(HTTPStatus.BAD_REQUEST, "BadJson", "The body is not valid JSON.")
        if not isinstance(body, dict) or not isinstance(body.get("type"), str) or not body["type"]:
            return _error(HTTPStatus.BAD_REQUEST, "BadArgument", "An activity needs a type.")
        try:
            activity = Activity().deserialize(body)
        except Exception:
            return _error(HTTPStatus.BAD_REQUEST, "BadArgument", "The activity could not be read.")
        if not activity.service_url or not activity.conversation or not activity.conversation.id:
            return _error(HTTPStatus.BAD_REQUEST, "BadArgument", "An activity needs a serviceUrl and a conversation.")

        refused = self._tenant_refusal(activity)
        if refused is not None:
            return refused

        auth_header = request.headers.get("Authorization", "")
        try:
            auth_result = await self.adapter.bot_framework_authentication.authenticate_request(activity, auth_header)
        except PermissionError as exc:
            log.info("refused activity: %s", type(exc).__name__)
            return _error(HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.")
        except Exception as exc:  # malformed, unverifiable, expired tokens raise all sorts
            log.info("refused activity: unverifiable token (%s)", type(exc).__name__)
            return _error(HTTPStatus.UNAUTHORIZED, "Unauthorized", "The request is not authorised.")
        if not self.settings.local_mode and not _service_url_matches(auth_result, activity):
            return _error(HTTPStatus.FORBIDDEN, "Forbidden", "The token was not issued for this service URL.")

        invoke_response = await self.adapter.process_activity(auth_result, activity, self.bot.on_turn)
        if invoke_response is None:
            return web.Response(status=HTTPStatus.OK)
        return web.json_response(_plain(invoke_response.body), status=invoke_response.status or 200)

    def _tenant_refusal(self, activity: Activity) -> web.Response | None:
        allowed = self.settings.allowed_tenants
        if not allowed:
            return None
        tenant = (activity.conversation.tenant_id or "") or ((activity.channel_data or {}).get("tenant") or {}).get("id", "")
        if tenant not in allowed:
            log.info("refused activity from a tenant not on the allow-list")
            return _error(HTTPStatus.FORBIDDEN, "Forbidden", "This tenant may not use the bot.")
        return None


def _service_url_matches(auth_result: Any, activity: Activity) -> bool:
    identity = getattr(auth_result, "claims_identity", None)
    claims = getattr(identity, "claims", None) or {}
    claimed = claims.get("serviceurl") or claims.get("serviceUrl")
    if not claimed:
        return True  # bot-to-bot or emulator tokens carry none; the SDK validated issuer and audience
    return claimed.rstrip("/").lower() == (activity.service_url or "").rstrip("/").lower()


def _plain(body: Any) -> Any:
    """Invoke bodies arrive either as msrest Models or as already-serialised dicts."""
    if isinstance(body, Model):
        return body.serialize()
    return body


def _error(status: HTTPStatus, code: str, message: str) -> web.Response:
    return web.json_response({"error": {"code": code, "message": message}}, status=int(status))
