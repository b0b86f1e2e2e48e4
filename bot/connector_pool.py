"""Outbound Bot Connector clients: made once per (app id, service URL, audience), sent over aiohttp.

What botbuilder 4.17.1 does on every turn, and why it is replaced here:

* `process_activity` (and `continue_conversation`) build a new `ConnectorClient` and a new
  `UserTokenClient`. Each builds an msrest configuration whose retry policy set-up alone scans
  ~500,000 list items (`ClientRetryPolicy.__init__`), so two of them cost ~10 ms of CPU per turn;
* every call goes through `requests` in the default thread pool (`AsyncRequestsHTTPSender`), so a
  reply costs a thread hand-off both ways, contends for the GIL with the event loop, and opens a
  new `requests.Session` (a new TCP connection) per client;
* msrest's retry policy silently re-POSTs on 5xx, which can double a message the service accepted.

`PooledAuthentication` wraps the configured `BotFrameworkAuthentication`: its connector factories hand
out one `ConnectorClient` per (app id, service URL, audience), kept in a bounded LRU, whose msrest
pipeline sends over one shared `aiohttp.ClientSession` on the event loop (keep-alive connections) with
the bearer token added by `BearerTokenPolicy`; the `UserTokenClient` is made once per app id (we use
no OAuth cards, so it is never called, but the SDK puts one on every turn). The botbuilder types stay:
callers still get a `ConnectorClient`, `ConnectorFactory`, `UserTokenClient`, `AuthenticateRequestResult`.

Retries: none hidden by default (`retries=0`, what `ProactiveMessenger` wants: it decides retries
itself). The adapter answering turns asks for a couple (`retries=2`): a 429 waits `Retry-After`
(capped), 412/502/503/504 and a connection that could not be opened back off with jitter — bounded,
and never a read timeout or a dropped connection after the request went out (that could double).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import aiohttp
import jwt
from botbuilder.schema import Activity
from botframework.connector.aio import ConnectorClient
from botframework.connector.auth import (
    AuthenticateRequestResult,
    AuthenticationConstants,
    BotFrameworkAuthentication,
    ClaimsIdentity,
    ConnectorFactory,
    UserTokenClient,
)
from msrest.exceptions import ClientRequestError
from msrest.pipeline import AsyncHTTPPolicy, AsyncHTTPSender, AsyncPipeline, Request, Response
from msrest.pipeline.universal import RawDeserializer
from msrest.universal_http.aiohttp import AioHttpClientResponse

from .card_serializer import CardsAsTheyAre
from .connector_policies import MAX_RETRY_AFTER, RETRYABLE, RetryPolicy, next_policy

__all__ = [
    "AioHttpSender",
    "BearerTokenPolicy",
    "CALL_TIMEOUT_SECONDS",
    "CardsAsTheyAre",
    "ConnectorPool",
    "MAX_RETRY_AFTER",
    "NoToken",
    "PooledAuthentication",
    "PooledConnectorFactory",
    "RETRYABLE",
    "RetryPolicy",
    "TOKEN_REUSE_SECONDS",
    "TOKEN_STILL_GOOD_SECONDS",
    "TOKEN_TIMEOUT_SECONDS",
    "app_id_of",
    "log",
]

log = logging.getLogger("dfbot.connector")

CALL_TIMEOUT_SECONDS = 30.0  # one Bot Connector call, start to finish (connecting: at most 10 s of it)
TOKEN_REUSE_SECONDS = 240.0  # MSAL hands out a cached token until 5 minutes before it expires
TOKEN_TIMEOUT_SECONDS = 10.0  # the longest a request waits for the bot's token (MSAL's own calls: bot_token.py)
TOKEN_STILL_GOOD_SECONDS = 120.0  # a token valid this much longer is used while a fresh one is fetched
_TOKEN_THREADS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="bot-token")


class _LoadedResponse(AioHttpClientResponse):
    """msrest treats an empty body as "not loaded" and raises; Teams (and the Playground) answer some
    sends with 202 and no body, which is a success, not an error."""

    def body(self) -> bytes:
        return self._body or b""


class AioHttpSender(AsyncHTTPSender):
    """The msrest pipeline's last step: the request goes out on the event loop, over `pool`'s session.

    (msrest ships an aiohttp sender, but 0.7.1's passes neither headers nor body.)
    """

    def __init__(self, pool: ConnectorPool) -> None:
        self._pool = pool

    async def __aenter__(self) -> AioHttpSender:
        return self

    async def __aexit__(self, *exc_details: Any) -> None:  # the pool owns the session
        return None

    def build_context(self) -> Any:
        return None

    async def send(self, request: Request, **config: Any) -> Response:
        http_request = request.http_request
        if http_request.files:
            raise NotImplementedError("multipart uploads are not used by the bot")
        data = http_request.data
        if isinstance(data, str):
            data = data.encode("utf-8")
        # aiohttp computes Content-Length from the bytes sent (msrest's counts characters).
        headers = {k: v for k, v in (http_request.headers or {}).items() if k.lower() != "content-length"}
        session = self._pool.session()
        try:
            async with session.request(http_request.method, http_request.url, headers=headers, data=data) as raw:
                response = _LoadedResponse(http_request, raw)
                await response.load_body()
        except aiohttp.ClientConnectorError:
            raise  # an OSError: the request never left (callers and the retry policy rely on that)
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise ClientRequestError(f"Error occurred in request: {type(exc).__name__}: {exc}") from exc
        return Response(request, response)


class NoToken(ClientRequestError):
    """The bot's token could not be had, so the request was never sent: sending it again cannot double it."""


class BearerTokenPolicy(AsyncHTTPPolicy):
    """`Authorization: Bearer …` from the bot's app credentials, without a `requests.Session` per call.

    The token comes from the credentials' own (MSAL) cache; asking for it may mean a blocking HTTP call
    to the token endpoint (bounded by bot_token.py's HTTP timeouts). So that call runs in a small pool of threads
    (never on the event loop, never more than two at once), one at a time per client, and nobody waits
    for it longer than TOKEN_TIMEOUT_SECONDS. It is asked again every TOKEN_REUSE_SECONDS and after a
    401; while the token in hand is still valid for a while (its `exp`), the new one is fetched in the
    background and the request goes on at once, so a token endpoint that never answers costs nothing
    until the token in hand expires, and then a bounded wait and an error, never a hang. Anonymous
    credentials (local mode) add no header, as in the SDK.
    """

    def __init__(self, credentials: Any) -> None:
        super().__init__()
        self._credentials = credentials
        self._header: str | None = None
        self._fetched = 0.0
        self._valid_until = 0.0  # wall-clock seconds, from the token's own `exp` (0: unknown)
        self._fetch: asyncio.Future | None = None

    def _anonymous(self) -> bool:
        app_id = getattr(self._credentials, "microsoft_app_id", None)
        return not app_id or app_id == AuthenticationConstants.ANONYMOUS_SKILL_APP_ID

    async def _authorization(self) -> str | None:
        if self._header is not None and time.monotonic() - self._fetched < TOKEN_REUSE_SECONDS:
            return self._header
        if self._header is not None and self._valid_until - time.time() > TOKEN_STILL_GOOD_SECONDS:
            self._start_fetch()  # a fresh one in the background; this request uses the one in hand
            return self._header
        try:
            await asyncio.wait_for(asyncio.shield(self._start_fetch()), TOKEN_TIMEOUT_SECONDS)
        except TimeoutError:
            raise NoToken(
                f"no token from the Bot Framework's token endpoint within {TOKEN_TIMEOUT_SECONDS:g} s"
            ) from None
        if self._header is None:
            raise NoToken("the Bot Framework's token endpoint did not issue a token")
        return self._header

    def _start_fetch(self) -> asyncio.Future:
        loop = asyncio.get_running_loop()
        if self._fetch is None or self._fetch.done() or self._fetch.get_loop() is not loop:
            self._fetch = loop.create_task(self._fetch_token(), name="bot token")
        return self._fetch

    async def _fetch_token(self) -> None:
        loop = asyncio.get_running_loop()
        try:
            session = await asyncio.wait_for(
                loop.run_in_executor(_TOKEN_THREADS, self._credentials.signed_session), TOKEN_TIMEOUT_SECONDS
            )
        except Exception as exc:  # a timeout, the network, a refusal: said by whoever waits, logged here
            log.warning("the bot's token could not be fetched: %s", type(exc).__name__)
            return
        self._header = session.headers.get("Authorization")
        self._fetched = time.monotonic()
        self._valid_until = _expiry(self._header)

    async def send(self, request: Request, **kwargs: Any) -> Response:
        if self._credentials is not None and not self._anonymous():
            header = await self._authorization()
            if header:
                request.http_request.headers["Authorization"] = header
        response = await next_policy(self).send(request, **kwargs)
        if response.http_response.status_code == 401:
            self._header, self._valid_until = None, 0.0  # revoked or rotated: the next call waits for a new one
        return response


def _expiry(header: str | None) -> float:
    """When the bearer token expires (its `exp` claim, unverified: it is our own token), 0 if unknown."""
    token = (header or "").partition(" ")[2]
    try:
        return float(jwt.decode(token, options={"verify_signature": False}).get("exp") or 0)
    except (jwt.PyJWTError, TypeError, ValueError):
        return 0.0


class ConnectorPool:
    """The clients and the one aiohttp session behind them; `close()` when the owner shuts down."""

    def __init__(
        self, *, retries: int = 0, max_clients: int = 256, timeout: float | None = None, connections: int = 100
    ) -> None:
        self.retries, self.max_clients = retries, max_clients
        self.clients: OrderedDict[tuple[str, str, str], ConnectorClient] = OrderedDict()
        self._token_clients: dict[str, UserTokenClient] = {}
        timeout = CALL_TIMEOUT_SECONDS if timeout is None else timeout
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=min(10.0, timeout))
        self._connections = connections
        self._session: aiohttp.ClientSession | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.made = 0  # connector clients built (the rest were reused)

    def session(self) -> aiohttp.ClientSession:
        """The shared session, made on first use in the running loop (and again if that loop ended)."""
        loop = asyncio.get_running_loop()
        if self._session is None or self._session.closed or self._loop is not loop:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._connections, ttl_dns_cache=300),
                timeout=self._timeout,
                auto_decompress=True,
            )
            self._loop = loop
        return self._session

    def _pipeline(self, client: ConnectorClient) -> AsyncPipeline:
        config = client.config
        policies: list[Any] = [config.user_agent_policy]
        if self.retries:
            policies.append(RetryPolicy(self.retries))
        policies += [BearerTokenPolicy(config.credentials), RawDeserializer(), config.http_logger_policy]
        return AsyncPipeline(policies, AioHttpSender(self))

    async def connector(
        self, inner: ConnectorFactory, app_id: str, service_url: str, audience: str | None
    ) -> ConnectorClient:
        key = (app_id or "", service_url, audience or "")
        client = self.clients.get(key)
        if client is not None:
            self.clients.move_to_end(key)
            return client
        client = await inner.create(service_url, audience)  # the SDK's credentials and user agent
        client.config.retry_policy.retries = 0  # unused by aiohttp; never let a requests fallback re-POST
        client.config.pipeline = self._pipeline(client)
        client.conversations._serialize = CardsAsTheyAre(client.conversations._serialize)
        self.made += 1
        self.clients[key] = client
        while len(self.clients) > self.max_clients:  # local mode accepts any serviceUrl: stay bounded
            self.clients.popitem(last=False)
        return client

    async def token_client(self, inner: BotFrameworkAuthentication, claims_identity: ClaimsIdentity) -> UserTokenClient:
        key = app_id_of(claims_identity)
        client = self._token_clients.get(key)
        if client is None:
            client = self._token_clients[key] = await inner.create_user_token_client(claims_identity)
        return client

    async def close(self) -> None:
        self.clients.clear()
        session, self._session = self._session, None
        if session is not None and not session.closed:
            try:
                await session.close()
            except RuntimeError:  # its loop is gone already; nothing left to release
                log.debug("connector session closed after its loop", exc_info=True)


def app_id_of(claims_identity: ClaimsIdentity | None) -> str:
    """The bot's app id as botbuilder reads it from the claims (audience, else appid)."""
    claims = (claims_identity.claims if claims_identity else None) or {}
    return str(
        claims.get(AuthenticationConstants.AUDIENCE_CLAIM) or claims.get(AuthenticationConstants.APP_ID_CLAIM) or ""
    )


class PooledConnectorFactory(ConnectorFactory):
    """A `ConnectorFactory` whose clients come from the pool (made by `inner` the first time)."""

    def __init__(self, pool: ConnectorPool, inner: ConnectorFactory, app_id: str) -> None:
        self.pool, self.inner, self.app_id = pool, inner, app_id

    async def create(self, service_url: str, audience: str | None = None) -> ConnectorClient:
        return await self.pool.connector(self.inner, self.app_id, service_url, audience)


class PooledAuthentication(BotFrameworkAuthentication):
    """The configured authentication, unchanged for inbound checks, with pooled outbound clients."""

    def __init__(self, inner: BotFrameworkAuthentication, pool: ConnectorPool | None = None) -> None:
        self.inner = inner
        self.pool = pool or ConnectorPool()

    @property
    def clients(self) -> OrderedDict:
        return self.pool.clients

    @property
    def _inner(self) -> BotFrameworkAuthentication:
        """The SDK's built-in authentication behind the configured one, where botbuilder keeps its
        credentials factory (tests/fakes/openid.py swaps it there). Everything is still delegated to
        `inner`, which only forwards to this."""
        return getattr(self.inner, "_inner", self.inner)

    def pooled(
        self, factory: ConnectorFactory | None, claims_identity: ClaimsIdentity | None
    ) -> ConnectorFactory | None:
        if factory is None or isinstance(factory, PooledConnectorFactory):
            return factory
        return PooledConnectorFactory(self.pool, factory, app_id_of(claims_identity))

    async def authenticate_request(self, activity: Activity, auth_header: str) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_request(activity, auth_header)
        result.connector_factory = self.pooled(result.connector_factory, result.claims_identity)
        return result

    async def authenticate_streaming_request(
        self, auth_header: str, channel_id_header: str
    ) -> AuthenticateRequestResult:
        result = await self.inner.authenticate_streaming_request(auth_header, channel_id_header)
        result.connector_factory = self.pooled(getattr(result, "connector_factory", None), result.claims_identity)
        return result

    def create_connector_factory(self, claims_identity: ClaimsIdentity) -> ConnectorFactory:
        return self.pooled(self.inner.create_connector_factory(claims_identity), claims_identity)

    async def create_user_token_client(self, claims_identity: ClaimsIdentity) -> UserTokenClient:
        return await self.pool.token_client(self.inner, claims_identity)

    def create_bot_framework_client(self):
        return self.inner.create_bot_framework_client()

    def get_originating_audience(self) -> str:
        return self.inner.get_originating_audience()

    async def authenticate_channel_request(self, auth_header: str) -> ClaimsIdentity:
        return await self.inner.authenticate_channel_request(auth_header)

    async def close(self) -> None:
        await self.pool.close()
