"""A local Microsoft Graph (channel messages) and Entra ID token service, for tests.

Why this exists: the digest is posted with msgraph-sdk to
``POST /teams/{team-id}/channels/{channel-id}/messages`` as a signed-in account, and the parts that
matter most — the bearer token actually reaching the server, the attachment id matching the body's
``<attachment id>``, the ~28 KB limit, 429 with Retry-After, 5xx, slow answers, an expired sign-in —
cannot be exercised against the real service from a test. This fake answers the way Graph does
(status codes, error body ``{"error": {"code", "message", "innerError"}}``, ChatMessage JSON) and
records every request so tests can assert on what the SDK really sent.

Its identity half (``/{tenant}/v2.0/.well-known/openid-configuration``, ``/oauth2/v2.0/authorize``,
``/oauth2/v2.0/token``) is just enough of Entra ID for MSAL's authorisation-code flow with PKCE and
refresh tokens; the access tokens it issues are the ones its Graph half accepts, and revoking a
refresh token (``revoke_refresh_tokens``) makes the next silent refresh fail with ``invalid_grant``.
A client registered with ``register_client`` must authenticate as Entra ID demands: its client secret,
or a client assertion (RFC 7523) signed with the private key of a registered certificate, named by
its ``x5t`` (SHA-1) or ``x5t#S256`` thumbprint, RS256 or PS256, ``aud`` the token endpoint, ``iss`` and
``sub`` the client id, within its validity; anything else is 401 ``invalid_client`` with the AADSTS
code Entra ID uses. Unregistered clients are accepted as before (most tests do not care).

Choices where Graph is not documented (kept simple, stated here):
* The size limit counts the body content plus every attachment's content, in UTF-8 bytes; above
  ``max_message_bytes`` (28 KB) the answer is 413 ``RequestEntityTooLarge``.
* ``GET …/messages`` returns top-level messages newest first, ``$top`` clamped to 1..50.
* Unknown teams/channels answer 404 ``NotFound`` only when channels were registered with
  ``add_channel``; otherwise any team/channel is accepted.
* ``GET …/messages/{id}/replies`` ("List replies") returns a thread's replies newest first, ``$top``
  1..50 (default 20), further pages through ``@odata.nextLink`` (a ``$skiptoken``); a message id never
  posted here answers 404. Replies are the bot's messages in the thread, shown here by
  ``show_bot_replies`` (the bot posts through the Bot Connector; Teams keeps one copy that both APIs
  read), in the shape Graph gives a bot's message: ``from.application`` (``applicationIdentityType``
  "bot"), the card as an attachment whose ``content`` is the card's JSON text, and a body naming it.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import ipaddress
import itertools
import json
import re
import secrets
import socket
import ssl
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jwt
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from .graph_directory import DIRECTORY_ROLES, FakeDirectory

JSON = dict[str, Any]
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
DEFAULT_TOKEN = "fake-graph-token"
TENANT = "00000000-0000-0000-0000-0000000000001"
MAX_MESSAGE_BYTES = 28 * 1024
_ATTACHMENT_TAG = re.compile(r"<attachment\s+id=\"([^\"]*)\"\s*>\s*</attachment>", re.IGNORECASE)

_CODES = {
    400: "BadRequest",
    401: "InvalidAuthenticationToken",
    403: "Forbidden",
    404: "NotFound",
    413: "RequestEntityTooLarge",
    429: "TooManyRequests",
    500: "InternalServerError",
    502: "BadGateway",
    503: "ServiceNotAvailable",
    504: "GatewayTimeout",
}
_MESSAGES = {
    429: "Too many requests. Please retry after the time in the Retry-After header.",
    500: "An internal server error occurred.",
    503: "The service is temporarily unavailable. Please retry later.",
}


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def graph_error(status: int, message: str | None = None, code: str | None = None) -> web.Response:
    """Graph's error body, innerError and all."""
    request_id = str(uuid.uuid4())
    body = {
        "error": {
            "code": code or _CODES.get(status, "UnknownError"),
            "message": message or _MESSAGES.get(status, "Error"),
            "innerError": {"date": now_iso()[:19], "request-id": request_id, "client-request-id": request_id},
        }
    }
    return web.json_response(body, status=status, headers={"request-id": request_id})


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    authorization: str
    body: Any
    status: int
    at: float


@dataclass
class Fault:
    status: int | None = None  # answer with this status (None: answer normally after `delay`)
    times: int = 1
    retry_after: str | None = None
    code: str | None = None
    message: str | None = None
    delay: float = 0.0
    store_first: bool = False  # with a delay: keep the message before stalling (it "arrived")
    method: str = "POST"
    path: str | None = None  # only requests whose path contains this (None: any)


@dataclass
class IssuedToken:
    access_token: str
    expires_at: float
    subject: str
    revoked: bool = False
    roles: frozenset[str] = frozenset()  # application permissions of an app-only token


@dataclass
class FakeApp:
    """An app registration for the client-credentials grant, with the application permissions an admin consented to."""

    client_id: str
    secret: str | None = None
    certificate_pem: bytes | None = None  # the public certificate uploaded to the registration
    roles: frozenset[str] = DIRECTORY_ROLES


@dataclass
class RegisteredClient:
    secret: str
    certificates: tuple[x509.Certificate, ...]


JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


@dataclass
class PendingCode:
    client_id: str
    redirect_uri: str
    scope: str
    nonce: str
    code_challenge: str
    subject: str


class FakeGraph:
    """Graph channel messages plus a minimal Entra ID, on 127.0.0.1. ``async with FakeGraph() as g:``."""

    def __init__(
        self,
        *,
        tokens: tuple[str, ...] = (DEFAULT_TOKEN,),
        max_message_bytes: int = MAX_MESSAGE_BYTES,
        clock: Callable[[], float] = time.time,
        host: str = "127.0.0.1",
        tls: bool = False,
        latency: float = 0.0,
    ) -> None:
        """:param tls: also serve over https (MSAL insists on an https authority); `ca_file` is the
        self-signed certificate to trust (e.g. REQUESTS_CA_BUNDLE).
        :param latency: seconds of real delay before every answer (the real service is a network away)."""
        self.valid_tokens: set[str] = set(tokens)
        self.expired_tokens: set[str] = set()
        self.max_message_bytes = max_message_bytes
        self.latency = latency
        self.clock = clock
        self.host = host
        self.port = 0
        self.tls = tls
        self.tls_port = 0
        self.ca_file = ""
        self.requests: list[Recorded] = []
        self.faults: list[Fault] = []
        self.channels: dict[tuple[str, str], list[JSON]] = {}
        self.replies: dict[
            tuple[str, str, str], list[JSON]
        ] = {}  # (team, channel, message id) -> replies, oldest first
        self._strict_channels = False
        self._ids = itertools.count(1_764_000_000_000)
        self._runner: web.AppRunner | None = None
        # identity
        self.user = {
            "oid": "11111111-2222-3333-4444-555555555555",
            "preferred_username": "digest.poster@example.gov.uk",
            "name": "Digest Poster",
            "tid": TENANT,
        }
        self.access_token_lifetime = 3600
        self.issued: dict[str, IssuedToken] = {}
        self.refresh_tokens: dict[str, str] = {}  # refresh token -> subject
        self.codes: dict[str, PendingCode] = {}
        self.token_requests: list[JSON] = []
        self.tenant = TENANT
        self.apps: dict[str, FakeApp] = {}  # app registrations with application permissions (the directory)
        self.identity_header = ""  # App Service managed identity: the X-IDENTITY-HEADER it expects
        self.directory = FakeDirectory(self)
        self._token_gate: asyncio.Event | None = None  # set: the token endpoint answers; cleared: it hangs
        self.clients: dict[str, RegisteredClient] = {}  # clients that must authenticate (secret or certificate)

    # ------------------------------------------------------------------ lifecycle

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def base_url(self) -> str:
        """What GRAPH_BASE_URL should be."""
        return f"{self.url}/v1.0"

    @property
    def https_url(self) -> str:
        return f"https://{self.host}:{self.tls_port}"

    @property
    def authority_host(self) -> str:
        """What GRAPH_AUTHORITY_HOST should be (MSAL needs https)."""
        return self.https_url if self.tls else self.url

    async def start(self) -> FakeGraph:
        app = web.Application(middlewares=[self._record])
        app.router.add_post("/v1.0/teams/{team}/channels/{channel}/messages", self._post_message)
        app.router.add_get("/v1.0/teams/{team}/channels/{channel}/messages", self._list_messages)
        app.router.add_get("/v1.0/teams/{team}/channels/{channel}/messages/{message}/replies", self._list_replies)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._openid_configuration)
        app.router.add_get("/{tenant}/oauth2/v2.0/authorize", self._authorize)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        app.router.add_get("/msi/token", self._managed_identity_token)
        self.directory.routes(app)
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((self.host, 0))
        self.port = sock.getsockname()[1]
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.SockSite(self._runner, sock).start()
        if self.tls:
            context = self._tls_context()
            tls_sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tls_sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tls_sock.bind((self.host, 0))
            self.tls_port = tls_sock.getsockname()[1]
            await web.SockSite(self._runner, tls_sock, ssl_context=context).start()
        return self

    def _tls_context(self) -> ssl.SSLContext:
        """A throwaway self-signed certificate for 127.0.0.1, written where clients can trust it."""
        key = ec.generate_private_key(ec.SECP256R1())
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "fake-entra")])
        now = datetime.now(UTC)
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=1))
            .add_extension(
                x509.SubjectAlternativeName(
                    [x509.IPAddress(ipaddress.ip_address(self.host)), x509.DNSName("localhost")]
                ),
                critical=False,
            )
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256())
        )
        folder = Path(tempfile.mkdtemp(prefix="fake-graph-tls-"))
        cert_file, key_file = folder / "cert.pem", folder / "key.pem"
        cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
            )
        )
        self.ca_file = str(cert_file)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert_file, key_file)
        return context

    def client_ssl(self) -> ssl.SSLContext:
        """An SSL context that trusts this fake (for aiohttp clients in tests)."""
        return ssl.create_default_context(cafile=self.ca_file)

    async def stop(self) -> None:
        self.release_tokens()
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeGraph:
        return await self.start()

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()

    # ------------------------------------------------------------------ configuration

    def add_channel(self, team_id: str, channel_id: str) -> None:
        """Register a channel; from then on unknown teams/channels answer 404."""
        self._strict_channels = True
        self.channels.setdefault((team_id, channel_id), [])

    def expire_token(self, token: str = DEFAULT_TOKEN) -> None:
        """The token now fails the way an expired or revoked sign-in does (401 InvalidAuthenticationToken)."""
        self.valid_tokens.discard(token)
        self.expired_tokens.add(token)
        if token in self.issued:
            self.issued[token].expires_at = self.clock() - 1

    def revoke_refresh_tokens(self) -> None:
        """Like an admin revoking the account's sessions: every refresh now gets invalid_grant."""
        self.refresh_tokens.clear()
        for token in list(self.issued):
            self.expire_token(token)

    def fail_next(
        self,
        status: int,
        *,
        times: int = 1,
        retry_after: str | int | None = None,
        code: str | None = None,
        message: str | None = None,
        method: str = "POST",
        path: str | None = None,
    ) -> None:
        """The next `times` requests (of `method`, and whose path contains `path` when given; inside a
        `$batch` each request counts) answer `status` with Graph's error body."""
        self.faults.append(
            Fault(
                status=status,
                times=times,
                retry_after=None if retry_after is None else str(retry_after),
                code=code,
                message=message,
                method=method,
                path=path,
            )
        )

    def hold_tokens(self) -> None:
        """The token endpoint takes requests and never answers them (until `release_tokens`, or `stop`)."""
        self._token_gate = asyncio.Event()

    def release_tokens(self) -> None:
        if self._token_gate is not None:
            self._token_gate.set()
        self._token_gate = None

    def stall_next(self, seconds: float, *, store_first: bool = False, times: int = 1, method: str = "POST") -> None:
        """Answer slowly. With ``store_first`` the message is kept, then the answer stalls (a client
        that times out does not know it arrived: the ambiguous case); without, the request stalls
        and is dropped (504, nothing kept)."""
        self.faults.append(Fault(delay=seconds, store_first=store_first, times=times, method=method))

    def register_app(
        self,
        client_id: str,
        *,
        secret: str | None = None,
        certificate_pem: bytes | None = None,
        roles: frozenset[str] | set[str] = DIRECTORY_ROLES,
    ) -> FakeApp:
        """An app registration that may use the client-credentials grant (secret or certificate)."""
        self.apps[client_id] = FakeApp(client_id, secret, certificate_pem, frozenset(roles))
        return self.apps[client_id]

    @property
    def identity_endpoint(self) -> str:
        """What IDENTITY_ENDPOINT is on Azure App Service (its managed identity), pointed here."""
        return f"{self.url}/msi/token"

    def show_bot_replies(
        self,
        connector: Any,
        team_id: str,
        channel_id: str,
        *,
        app_id: str = "digital-first-bot",
        name: str = "Digital First",
    ) -> None:
        """From now on, every activity the bot posts through `connector` (tests/fakes/connector.py) into a
        thread of `channel_id` (`<channel>;messageid=<id>`) is also a reply of that message here."""

        def observe(conversation_id: str, activity: JSON, method: str) -> None:
            channel, _, message_id = conversation_id.partition(";messageid=")
            if method == "POST" and channel == channel_id and message_id:
                self.add_bot_reply(team_id, channel_id, message_id, activity, app_id=app_id, name=name)

        connector.observers.append(observe)

    def add_bot_reply(
        self,
        team_id: str,
        channel_id: str,
        message_id: str,
        activity: JSON,
        *,
        app_id: str = "digital-first-bot",
        name: str = "Digital First",
    ) -> JSON:
        """A bot's message in a thread, as Graph shows it."""
        created = now_iso()
        attachments = [
            {
                "id": str(uuid.uuid4()),
                "contentType": a.get("contentType"),
                "contentUrl": None,
                "content": json.dumps(a.get("content"), separators=(",", ":"))
                if isinstance(a.get("content"), dict)
                else a.get("content"),
                "name": a.get("name"),
                "thumbnailUrl": None,
                "teamsAppId": None,
            }
            for a in activity.get("attachments") or []
        ]
        body = (activity.get("text") or "") + "".join(f'<attachment id="{a["id"]}"></attachment>' for a in attachments)
        reply = {
            "id": str(activity.get("id") or next(self._ids)),
            "replyToId": message_id,
            "etag": str(activity.get("id") or ""),
            "messageType": "message",
            "createdDateTime": created,
            "lastModifiedDateTime": created,
            "lastEditedDateTime": None,
            "deletedDateTime": None,
            "subject": None,
            "summary": activity.get("summary"),
            "chatId": None,
            "importance": "normal",
            "locale": "en-us",
            "webUrl": None,
            "policyViolation": None,
            "eventDetail": None,
            "from": {
                "device": None,
                "user": None,
                "application": {"id": app_id, "displayName": name, "applicationIdentityType": "bot"},
            },
            "body": {"contentType": "html", "content": body},
            "channelIdentity": {"teamId": team_id, "channelId": channel_id},
            "attachments": attachments,
            "mentions": [],
            "reactions": [],
        }
        self.replies.setdefault((team_id, channel_id, message_id), []).append(reply)
        return reply

    # ------------------------------------------------------------------ inspection

    def messages(self, team_id: str | None = None, channel_id: str | None = None) -> list[JSON]:
        if team_id is None:
            return [m for msgs in self.channels.values() for m in msgs]
        return list(self.channels.get((team_id, channel_id or ""), []))

    def posts(self) -> list[Recorded]:
        return [r for r in self.requests if r.method == "POST" and r.path.startswith("/v1.0/")]

    def status_counts(self) -> dict[int, int]:
        out: dict[int, int] = {}
        for r in self.requests:
            out[r.status] = out.get(r.status, 0) + 1
        return out

    # ------------------------------------------------------------------ plumbing

    @web.middleware
    async def _record(self, request: web.Request, handler) -> web.StreamResponse:
        raw = await request.read()
        try:
            body: Any = (
                json.loads(raw)
                if raw and request.content_type == "application/json"
                else raw.decode("utf-8", "replace")
            )
        except ValueError:
            body = raw.decode("utf-8", "replace")
        record = Recorded(
            request.method,
            request.path,
            dict(request.query),
            request.headers.get("Authorization", ""),
            body,
            0,
            self.clock(),
        )
        self.requests.append(record)
        if self.latency:
            await asyncio.sleep(self.latency)
        try:
            response = await handler(request)
        except web.HTTPException as exc:
            record.status = exc.status
            raise
        record.status = response.status
        return response

    def _take_fault(self, method: str, path: str = "") -> Fault | None:
        for fault in self.faults:
            if fault.method == method and fault.times > 0 and (fault.path is None or fault.path in path):
                fault.times -= 1
                if fault.times == 0:
                    self.faults.remove(fault)
                return fault
        return None

    def _auth_error(self, request: web.Request) -> web.Response | None:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer ") or not header[7:].strip():
            return graph_error(401, "Access token is empty.", "InvalidAuthenticationToken")
        token = header[7:].strip()
        issued = self.issued.get(token)
        if token in self.expired_tokens or (
            issued is not None and (issued.revoked or issued.expires_at <= self.clock())
        ):
            return graph_error(401, "Lifetime validation failed, the token is expired.", "InvalidAuthenticationToken")
        if token not in self.valid_tokens and issued is None:
            return graph_error(401, "IDX14100: JWT is not well formed.", "InvalidAuthenticationToken")
        return None

    @staticmethod
    def token_of(request: web.Request) -> str:
        return request.headers.get("Authorization", "")[7:].strip()

    def roles_of(self, token: str) -> frozenset[str]:
        """Application permissions a token carries: the static test token has the directory's; a
        delegated (signed-in) token has none."""
        if token in self.valid_tokens:
            return DIRECTORY_ROLES
        issued = self.issued.get(token)
        return issued.roles if issued else frozenset()

    def fault_response(self, fault: Fault) -> web.Response:
        response = graph_error(fault.status or 500, fault.message, fault.code)
        if fault.retry_after is not None:
            response.headers["Retry-After"] = fault.retry_after
        return response

    def _channel(self, request: web.Request) -> tuple[tuple[str, str], web.Response | None]:
        key = (request.match_info["team"], request.match_info["channel"])
        if self._strict_channels and key not in self.channels:
            return key, graph_error(404, "No team or channel found with the given ids.", "NotFound")
        return key, None

    # ------------------------------------------------------------------ Graph: channel messages

    async def _post_message(self, request: web.Request) -> web.Response:
        refused = self._auth_error(request)
        if refused is not None:
            return refused
        key, missing = self._channel(request)
        if missing is not None:
            return missing
        fault = self._take_fault("POST", request.path)
        if fault is not None and fault.status is not None:
            response = graph_error(fault.status, fault.message, fault.code)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = fault.retry_after
            return response
        try:
            body = await request.json()
        except ValueError:
            return graph_error(400, "Invalid request body was sent.")
        problem = validate_message(body, self.max_message_bytes)
        if problem is not None:
            return graph_error(*problem)
        if fault is not None and fault.delay and not fault.store_first:
            await asyncio.sleep(fault.delay)  # stalled and dropped: nothing was kept
            return graph_error(504, "The request timed out.", "GatewayTimeout")
        message = self._store(key, body, request)
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)  # kept, but the answer comes too late for the client
        return web.json_response(
            {
                "@odata.context": f"{self.base_url}/$metadata#teams('{key[0]}')/channels('{key[1]}')/messages/$entity",
                **message,
            },
            status=201,
        )

    def _store(self, key: tuple[str, str], body: JSON, request: web.Request) -> JSON:
        message_id = str(next(self._ids))
        created = now_iso()
        token = request.headers.get("Authorization", "")[7:].strip()
        who = self.issued.get(token)
        message = {
            "id": message_id,
            "replyToId": None,
            "etag": message_id,
            "messageType": "message",
            "createdDateTime": created,
            "lastModifiedDateTime": created,
            "lastEditedDateTime": None,
            "deletedDateTime": None,
            "subject": body.get("subject"),
            "summary": None,
            "chatId": None,
            "importance": body.get("importance") or "normal",
            "locale": "en-us",
            "webUrl": f"https://teams.microsoft.com/l/message/{key[1]}/{message_id}",
            "policyViolation": None,
            "eventDetail": None,
            "from": {
                "application": None,
                "device": None,
                "user": {
                    "id": who.subject if who else self.user["oid"],
                    "displayName": self.user["name"],
                    "userIdentityType": "aadUser",
                    "tenantId": TENANT,
                },
            },
            "body": {
                "contentType": body["body"].get("contentType", "text"),
                "content": body["body"].get("content", ""),
            },
            "channelIdentity": {"teamId": key[0], "channelId": key[1]},
            "attachments": [
                {
                    "id": a.get("id"),
                    "contentType": a.get("contentType"),
                    "contentUrl": a.get("contentUrl"),
                    "content": a.get("content"),
                    "name": a.get("name"),
                    "thumbnailUrl": None,
                    "teamsAppId": None,
                }
                for a in body.get("attachments") or []
            ],
            "mentions": body.get("mentions") or [],
            "reactions": [],
        }
        self.channels.setdefault(key, []).append(message)
        return message

    async def _list_messages(self, request: web.Request) -> web.Response:
        refused = self._auth_error(request)
        if refused is not None:
            return refused
        key, missing = self._channel(request)
        if missing is not None:
            return missing
        fault = self._take_fault("GET", request.path)
        if fault is not None and fault.status is not None:
            response = graph_error(fault.status, fault.message, fault.code)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = fault.retry_after
            return response
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        try:
            top = int(request.query.get("$top", "20"))
        except ValueError:
            return graph_error(400, "Invalid value for $top.")
        if not 1 <= top <= 50:
            return graph_error(400, "The value of $top must be between 1 and 50.")
        newest_first = list(reversed(self.channels.get(key, [])))[:top]
        return web.json_response(
            {
                "@odata.context": f"{self.base_url}/$metadata#teams('{key[0]}')/channels('{key[1]}')/messages",
                "@odata.count": len(newest_first),
                "value": newest_first,
            }
        )

    async def _list_replies(self, request: web.Request) -> web.Response:
        refused = self._auth_error(request)
        if refused is not None:
            return refused
        key, missing = self._channel(request)
        if missing is not None:
            return missing
        message_id = request.match_info["message"]
        if not any(m["id"] == message_id for m in self.channels.get(key, [])):
            return graph_error(404, "Message not found.", "NotFound")
        fault = self._take_fault("GET", request.path)
        if fault is not None and fault.status is not None:
            response = graph_error(fault.status, fault.message, fault.code)
            if fault.retry_after is not None:
                response.headers["Retry-After"] = fault.retry_after
            return response
        if fault is not None and fault.delay:
            await asyncio.sleep(fault.delay)
        try:
            top = int(request.query.get("$top", "20"))
            skip = int(request.query.get("$skiptoken", "0"))
        except ValueError:
            return graph_error(400, "Invalid value for $top or $skiptoken.")
        if not 1 <= top <= 50:
            return graph_error(400, "The value of $top must be between 1 and 50.")
        newest_first = list(reversed(self.replies.get((*key, message_id), [])))
        page = newest_first[skip : skip + top]
        body: JSON = {
            "@odata.context": f"{self.base_url}/$metadata#teams('{key[0]}')/channels('{key[1]}')/messages('{message_id}')/replies",
            "@odata.count": len(page),
            "value": page,
        }
        if skip + top < len(newest_first):
            body["@odata.nextLink"] = (
                f"{self.base_url}/teams/{key[0]}/channels/{key[1]}/messages/{message_id}/replies?"
                + urlencode({"$top": top, "$skiptoken": skip + top})
            )
        return web.json_response(body)

    # ------------------------------------------------------------------ Entra ID (for MSAL)

    @staticmethod
    def _base(request: web.Request) -> str:
        return f"{request.scheme}://{request.host}/{request.match_info['tenant']}"

    async def _openid_configuration(self, request: web.Request) -> web.Response:
        base = self._base(request)
        return web.json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "device_authorization_endpoint": f"{base}/oauth2/v2.0/devicecode",
                "end_session_endpoint": f"{base}/oauth2/v2.0/logout",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token", "code id_token"],
                "tenant_region_scope": "EU",
                "scopes_supported": ["openid", "profile", "email", "offline_access"],
            }
        )

    async def _authorize(self, request: web.Request) -> web.Response:
        """Signs the fake user straight in and redirects back with a code (no login page)."""
        q = request.query
        if q.get("response_type") != "code" or not q.get("redirect_uri") or not q.get("client_id"):
            return web.json_response({"error": "invalid_request"}, status=400)
        code = secrets.token_urlsafe(24)
        self.codes[code] = PendingCode(
            q["client_id"],
            q["redirect_uri"],
            q.get("scope", ""),
            q.get("nonce", ""),
            q.get("code_challenge", ""),
            self.user["oid"],
        )
        answer = {"code": code, "state": q.get("state", ""), "session_state": "x"}
        if q.get("response_mode") == "form_post":  # Entra ID's self-submitting form
            fields = "".join(f'<input type="hidden" name="{k}" value="{v}">' for k, v in answer.items())
            return web.Response(
                content_type="text/html",
                text=(
                    f'<html><body onload="document.forms[0].submit()"><form method="POST" action="{q["redirect_uri"]}">'
                    f"{fields}</form></body></html>"
                ),
            )
        raise web.HTTPFound(f"{q['redirect_uri']}?{urlencode(answer)}")

    def register_client(self, client_id: str, *, secret: str = "", certificates: tuple[str, ...] = ()) -> None:
        """An app registration whose credentials the token endpoint checks (PEM certificates)."""
        self.clients[client_id] = RegisteredClient(
            secret, tuple(x509.load_pem_x509_certificate(c.encode()) for c in certificates)
        )

    def _client_problem(self, request: web.Request, form: JSON) -> web.Response | None:
        """Entra ID's client authentication, for a registered client (None: authenticated)."""
        client = self.clients.get(str(form.get("client_id", "")))
        if client is None:
            return None
        assertion = str(form.get("client_assertion", ""))
        if form.get("client_assertion_type") == JWT_BEARER and assertion:
            return self._assertion_problem(request, client, str(form["client_id"]), assertion)
        if form.get("client_secret"):
            if client.secret and secrets.compare_digest(str(form["client_secret"]), client.secret):
                return None
            return _oauth_error("invalid_client", "AADSTS7000215: Invalid client secret provided.", status=401)
        return _oauth_error(
            "invalid_client",
            "AADSTS7000218: The request body must contain the following parameter: "
            "'client_assertion' or 'client_secret'.",
            status=401,
        )

    def _assertion_problem(
        self, request: web.Request, client: RegisteredClient, client_id: str, assertion: str
    ) -> web.Response | None:
        try:
            header = jwt.get_unverified_header(assertion)
        except jwt.PyJWTError:
            return _oauth_error("invalid_client", "AADSTS50027: JWT token is invalid or malformed.", status=401)

        def b64(digest: bytes) -> str:
            return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

        x5t, x5t_s256 = str(header.get("x5t", "")).rstrip("="), str(header.get("x5t#S256", "")).rstrip("=")
        cert = next(
            (
                c
                for c in client.certificates  # base64url, with or without padding (MSAL pads)
                if x5t == b64(c.fingerprint(hashes.SHA1()))  # noqa: S303 - Entra's x5t
                or x5t_s256 == b64(c.fingerprint(hashes.SHA256()))
            ),
            None,
        )
        if cert is None:
            return _oauth_error(
                "invalid_client",
                "AADSTS700027: The certificate with identifier used to sign the client "
                "assertion is not registered on application.",
                status=401,
            )
        if header.get("alg") not in ("RS256", "PS256"):
            return _oauth_error(
                "invalid_client",
                "AADSTS5002730: Invalid JWT token. Unsupported key for the signing algorithm.",
                status=401,
            )
        now = datetime.fromtimestamp(self.clock(), UTC)
        if not cert.not_valid_before_utc <= now <= cert.not_valid_after_utc:
            return _oauth_error(
                "invalid_client",
                "AADSTS700027: Client assertion contains an invalid signature. [Reason - The key used is expired.]",
                status=401,
            )
        try:
            claims = jwt.decode(
                assertion,
                cert.public_key(),
                algorithms=[header["alg"]],
                audience=f"{self._base(request)}/oauth2/v2.0/token",
                issuer=client_id,
                options={"require": ["exp", "aud", "iss", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            return _oauth_error(
                "invalid_client", "AADSTS700024: Client assertion is not within its valid time range.", status=401
            )
        except jwt.PyJWTError:
            return _oauth_error(
                "invalid_client", "AADSTS700027: Client assertion failed signature validation.", status=401
            )
        if claims.get("sub") != client_id:
            return _oauth_error(
                "invalid_client", "AADSTS700023: Client assertion subject does not match the client.", status=401
            )
        return None

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append(form)
        if self._token_gate is not None:
            await self._token_gate.wait()
        refused = self._client_problem(request, form)
        if refused is not None:
            return refused
        grant = form.get("grant_type")
        if grant == "authorization_code":
            pending = self.codes.pop(str(form.get("code", "")), None)
            if pending is None or pending.redirect_uri != form.get("redirect_uri"):
                return _oauth_error(
                    "invalid_grant", "AADSTS70008: The provided authorization code is invalid or has expired."
                )
            verifier = str(form.get("code_verifier", ""))
            challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
            if pending.code_challenge and challenge != pending.code_challenge:
                return _oauth_error(
                    "invalid_grant", "AADSTS501481: The Code_Verifier does not match the code_challenge."
                )
            return web.json_response(
                self._tokens(request, pending.client_id, pending.scope, pending.nonce, pending.subject)
            )
        if grant == "refresh_token":
            # Entra ID does not revoke a refresh token when it is redeemed (learn.microsoft.com, "Refresh
            # tokens in the Microsoft identity platform"): a client that gave up waiting may use it again.
            subject = self.refresh_tokens.get(str(form.get("refresh_token", "")))
            if subject is None:
                return _oauth_error(
                    "invalid_grant",
                    "AADSTS700082: The refresh token has expired due to inactivity.",
                    suberror="bad_token",
                )
            return web.json_response(
                self._tokens(request, str(form.get("client_id", "")), str(form.get("scope", "")), "", subject)
            )
        if grant == "client_credentials" and str(form.get("client_id", "")) in self.apps:
            return self._client_credentials(request, form)  # an app registration with application permissions
        if grant == "client_credentials":  # app-only (the bot's own Bot Framework token): no user, no refresh token
            access = "fake-at-" + secrets.token_urlsafe(24)
            self.issued[access] = IssuedToken(
                access, int(self.clock()) + self.access_token_lifetime, str(form.get("client_id", ""))
            )
            return web.json_response(
                {
                    "token_type": "Bearer",
                    "expires_in": self.access_token_lifetime,
                    "ext_expires_in": self.access_token_lifetime,
                    "access_token": access,
                }
            )
        return _oauth_error("unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type.")

    def _client_credentials(self, request: web.Request, form: dict) -> web.Response:
        """App-only tokens: a secret, or a JWT assertion signed with the registration's certificate
        (or a federated token, for workload identity, accepted as it is)."""
        app = self.apps.get(str(form.get("client_id", "")))
        if app is None:
            return _oauth_error("unauthorized_client", "AADSTS700016: Application was not found in the directory.")
        if not str(form.get("scope", "")).endswith("/.default"):
            return _oauth_error(
                "invalid_scope",
                "AADSTS1002012: The provided value for scope is not valid. "
                "Client credential flows must have a scope value with /.default.",
            )
        assertion = str(form.get("client_assertion", ""))
        if form.get("client_secret") is not None:
            if app.secret is None or form.get("client_secret") != app.secret:
                return _oauth_error("invalid_client", "AADSTS7000215: Invalid client secret provided.", status=401)
        elif assertion and app.certificate_pem is not None:
            key = x509.load_pem_x509_certificate(app.certificate_pem).public_key()
            try:
                jwt.decode(
                    assertion,
                    key,
                    algorithms=["RS256", "PS256"],
                    audience=f"{self._base(request)}/oauth2/v2.0/token",
                    options={"verify_aud": False},
                )
            except jwt.PyJWTError:
                return _oauth_error(
                    "invalid_client",
                    "AADSTS700027: The certificate with identifier used to sign the "
                    "client assertion is not registered on application.",
                    status=401,
                )
        elif not assertion:
            return _oauth_error(
                "invalid_client", "AADSTS7000216: 'client_assertion' or 'client_secret' is required.", status=401
            )
        return web.json_response(self._app_token(app.client_id, app.roles))

    def _app_token(self, subject: str, roles: frozenset[str]) -> JSON:
        access = "fake-app-" + secrets.token_urlsafe(24)
        self.issued[access] = IssuedToken(access, self.clock() + self.access_token_lifetime, subject, roles=roles)
        return {
            "token_type": "Bearer",
            "expires_in": self.access_token_lifetime,
            "ext_expires_in": self.access_token_lifetime,
            "access_token": access,
        }

    async def _managed_identity_token(self, request: web.Request) -> web.Response:
        """Azure App Service's managed-identity endpoint (api-version 2019-08-01)."""
        self.token_requests.append(dict(request.query))
        if not self.identity_header or request.headers.get("X-IDENTITY-HEADER") != self.identity_header:
            return web.json_response({"statusCode": 400, "message": "Missing or wrong X-IDENTITY-HEADER"}, status=400)
        client_id = request.query.get("client_id", "system-assigned")
        app = self.apps.get(client_id)
        token = self._app_token(client_id, app.roles if app else DIRECTORY_ROLES)
        return web.json_response(
            {
                "access_token": token["access_token"],
                "token_type": "Bearer",
                "expires_on": str(int(self.clock()) + self.access_token_lifetime),
                "resource": request.query.get("resource", ""),
                "client_id": client_id,
            }
        )

    def _tokens(self, request: web.Request, client_id: str, scope: str, nonce: str, subject: str) -> JSON:
        now = int(self.clock())
        access = "fake-at-" + secrets.token_urlsafe(24)
        refresh = "fake-rt-" + secrets.token_urlsafe(24)
        self.issued[access] = IssuedToken(access, now + self.access_token_lifetime, subject)
        self.refresh_tokens[refresh] = subject
        claims = {
            "iss": f"{self._base(request)}/v2.0",
            "aud": client_id,
            "iat": now,
            "nbf": now,
            "exp": now + 3600,
            "oid": subject,
            "sub": subject,
            "tid": TENANT,
            "preferred_username": self.user["preferred_username"],
            "name": self.user["name"],
            "ver": "2.0",
        }
        if nonce:
            claims["nonce"] = nonce
        id_token = jwt.encode(claims, "fake-signing-key-not-checked-by-msal", algorithm="HS256")
        client_info = (
            base64.urlsafe_b64encode(json.dumps({"uid": subject, "utid": TENANT}).encode()).rstrip(b"=").decode()
        )
        granted = (
            " ".join(s for s in scope.split() if s not in ("openid", "profile", "offline_access"))
            or "ChannelMessage.Send"
        )
        return {
            "token_type": "Bearer",
            "scope": granted,
            "expires_in": self.access_token_lifetime,
            "ext_expires_in": self.access_token_lifetime,
            "access_token": access,
            "refresh_token": refresh,
            "id_token": id_token,
            "client_info": client_info,
        }


def _oauth_error(error: str, description: str, *, suberror: str | None = None, status: int = 400) -> web.Response:
    code = re.match(r"AADSTS(\d+)", description)
    body = {
        "error": error,
        "error_description": description,
        "error_codes": [int(code.group(1)) if code else 0],
        "timestamp": now_iso(),
        "trace_id": str(uuid.uuid4()),
        "correlation_id": str(uuid.uuid4()),
    }
    if suberror:
        body["suberror"] = suberror
    return web.json_response(body, status=status)


def validate_message(body: Any, max_bytes: int) -> tuple[int, str] | None:
    """What Graph refuses in a chatMessage: (status, message), or None when it is acceptable."""
    if not isinstance(body, dict) or not isinstance(body.get("body"), dict):
        return 400, "Invalid request body was sent."
    content_type = str(body["body"].get("contentType", "text")).lower()
    if content_type not in ("html", "text"):
        return 400, f"Invalid value '{content_type}' for contentType."
    content = body["body"].get("content")
    if not isinstance(content, str) or not content.strip():
        return 400, "Missing body content."
    attachments = body.get("attachments") or []
    if not isinstance(attachments, list):
        return 400, "Invalid request body was sent."
    size = len(content.encode("utf-8"))
    ids = []
    for a in attachments:
        if not isinstance(a, dict) or not a.get("id") or not a.get("contentType"):
            return 400, "Attachment id and contentType are required."
        ids.append(a["id"])
        if a["contentType"] == ADAPTIVE_CARD:
            if not isinstance(a.get("content"), str):
                return 400, "Adaptive card attachment content must be a string."
            try:
                card = json.loads(a["content"])
            except ValueError:
                return 400, "Attachment content is not valid JSON."
            if not isinstance(card, dict) or card.get("type") != "AdaptiveCard":
                return 400, "Attachment content is not an Adaptive Card."
        size += len(str(a.get("content") or "").encode("utf-8"))
    referenced = _ATTACHMENT_TAG.findall(content)
    if content_type != "html" and attachments:
        return 400, "Attachments need an html body that references them."
    if sorted(referenced) != sorted(ids):
        return 400, "Attachment ids in the body and the attachments collection do not match."
    if size > max_bytes:
        return 413, "The request entity is too large."
    return None
