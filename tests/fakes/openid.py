"""A local stand-in for the Bot Framework's token service: OpenID metadata, signing keys, channel tokens.

Why this exists: with `MicrosoftAppId` set, every request to `/api/messages` must carry a JWT that
the Bot Framework Connector signed. The bot checks it with botbuilder 4.17.1's channel validation
(`botframework/connector/auth/_parameterized_bot_framework_authentication.py` and
`jwt_token_extractor.py`), which, as read from the installed source:

* fetches `BOT_OPENID_METADATA` (→ `TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL`), follows its
  `jwks_uri` and caches the keys per URL for a day (refreshing at most hourly for an unknown `kid`);
* skips the signature entirely and refuses when `iss` is not `https://api.botframework.com`;
* looks the key up by the header's `kid`; if that key lists `endorsements`, the activity's
  `channelId` must be one of them;
* allows `RS256`, `RS384`, `RS512` in the header but decodes with `RS256` only;
* checks `exp` and `nbf` with 5 minutes of leeway, and `aud` == the app id by hand;
* requires a `serviceurl` claim equal to the activity's `serviceUrl`.

That key fetch is a blocking `requests.get` made on the event loop, so this server runs in its own
thread with its own loop: the bot under test can block its loop on it without deadlocking.

It also issues the bot's *outbound* token (client credentials, as `login.microsoftonline.com` does).
MSAL insists on an https authority, so there are two ways for the bot to ask for it: with `tls=True`
the server also speaks https with Entra ID's paths (`/{tenant}/v2.0/.well-known/openid-configuration`,
`/{tenant}/oauth2/v2.0/token`), and `point_bot_token_at` sends botbuilder's own MSAL client there (the
real credential path, trusting `ca_file` through REQUESTS_CA_BUNDLE); or `install_outbound_credentials`
swaps the SDK's credentials factory for a plain-http stand-in. `FakeConnector(require_auth=True,
auth_token=identity.outbound_token)` then proves the bot really presented the token.

Two ways for an endpoint to stop answering: `hold` takes requests and answers them all on `release`
(a slow service); `hang` takes them and never answers them at all — only requests made after `recover`
are answered, as with a proxy that accepted connections into a dead end. `abandoned` counts the hung
requests whose client gave up and closed the connection.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import uuid
from typing import Any

import jwt
import requests
from aiohttp import web
from botframework.connector.auth import AppCredentials, ServiceClientCredentialsFactory
from cryptography.hazmat.primitives.asymmetric import rsa

from .tls import self_signed

BOT_FRAMEWORK_ISSUER = "https://api.botframework.com"
OUTBOUND_SCOPE = "https://api.botframework.com/.default"
TEAMS_ENDORSEMENTS = ("msteams", "webchat", "emulator", "directline")


class _Null:
    """Pass as a claim's value to send JSON null (plain None leaves the claim out)."""

    def __repr__(self) -> str:
        return "NULL"


NULL = _Null()


class SigningKey:
    """An RSA key pair with a key id, published (or not) as a JWK."""

    def __init__(self, kid: str | None = None, endorsements: tuple[str, ...] | None = TEAMS_ENDORSEMENTS) -> None:
        self.kid = kid or uuid.uuid4().hex[:20]
        self.endorsements = endorsements
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict[str, Any]:
        key = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        key.update({"kid": self.kid, "kty": "RSA", "use": "sig"})
        if self.endorsements is not None:
            key["endorsements"] = list(self.endorsements)
        return key


class FakeBotFrameworkIdentity:
    """OpenID metadata + JWKS + token endpoint on 127.0.0.1, in a background thread.

    Use as ``with FakeBotFrameworkIdentity(APP_ID, app_password=...) as identity:`` (or ``async with``),
    give ``identity.metadata_url`` to the bot as ``BOT_OPENID_METADATA``, and put
    ``identity.authorization(service_url)`` in the ``Authorization`` header of each activity.
    """

    def __init__(self, app_id: str, *, app_password: str = "", tenant_id: str = "", tls: bool = False) -> None:
        self.app_id = app_id
        self.app_password = app_password
        self.tenant_id = tenant_id
        self.key = SigningKey()
        self.published: list[SigningKey] = [self.key]
        self.unpublished = SigningKey()  # a key nobody published: tokens signed with it must fail
        self.requests: list[str] = []
        self.token_requests: list[dict[str, str]] = []
        self.outbound_token = self._outbound_jwt()
        self.token_expires_in = 3599  # what the token endpoint says (MSAL refreshes 5 minutes before)
        # An endpoint that is "held" takes the request and never answers, until released (or stopped).
        self.keys_held = False
        self.tokens_held = False
        # A "hung" token endpoint takes requests and never answers them, even after `recover`.
        self.tokens_hung = False
        self.hung = 0  # token requests taken while hung
        self.abandoned = 0  # of those, how many the client gave up on (closed the connection)
        self._stopping = False
        self.tls = tls
        self.tls_port = 0
        self.ca_file = ""
        self.port = 0
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._runner: web.AppRunner | None = None
        self._ready = threading.Event()
        self._error: BaseException | None = None

    # ------------------------------------------------------------------ addresses

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/openidconfiguration"

    @property
    def jwks_url(self) -> str:
        return f"{self.base_url}/v1/.well-known/keys"

    @property
    def token_url(self) -> str:
        return f"{self.base_url}/botframework.com/oauth2/v2.0/token"

    @property
    def https_url(self) -> str:
        return f"https://127.0.0.1:{self.tls_port}"

    @property
    def login_url(self) -> str:
        """The authority botbuilder's MSAL client should use (its TO_CHANNEL_FROM_BOT_LOGIN_URL)."""
        return f"{self.https_url}/{self.tenant_id or 'botframework.com'}"

    # ------------------------------------------------------------------ tokens

    def channel_claims(self, service_url: str, **overrides: Any) -> dict[str, Any]:
        """The claims the Bot Framework Connector puts in a token for the bot; `None` drops a claim,
        `NULL` sends it as JSON null."""
        now = int(time.time())
        claims: dict[str, Any] = {
            "serviceurl": service_url,
            "nbf": now - 5,
            "exp": now + 3600,
            "iss": BOT_FRAMEWORK_ISSUER,
            "aud": self.app_id,
        }
        claims.update(overrides)
        return {k: (None if v is NULL else v) for k, v in claims.items() if v is not None}

    def channel_token(
        self,
        service_url: str,
        *,
        key: SigningKey | None = None,
        kid: str | None = "",
        algorithm: str = "RS256",
        headers: dict[str, Any] | None = None,
        **claims: Any,
    ) -> str:
        """A signed channel token. `kid=""` means the signing key's own id; `kid=None` leaves it out."""
        key = key or self.key
        head = dict(headers or {})
        if kid is not None:
            head["kid"] = kid or key.kid
        payload = json.dumps(self.channel_claims(service_url, **claims), separators=(",", ":")).encode()
        # PyJWS signs any payload (PyJWT's encode refuses odd claims such as a null `iss`).
        return jwt.api_jws.PyJWS().encode(payload, key.private, algorithm=algorithm, headers={"typ": "JWT", **head})

    def authorization(self, service_url: str, **kwargs: Any) -> dict[str, str]:
        """The header Teams sends with an activity."""
        return {"Authorization": f"Bearer {self.channel_token(service_url, **kwargs)}"}

    def _outbound_jwt(self) -> str:
        now = int(time.time())
        return jwt.encode(
            {
                "aud": "https://api.botframework.com",
                "iss": "https://login.microsoftonline.com/fake/v2.0",
                "appid": self.app_id,
                "iat": now,
                "nbf": now,
                "exp": now + 24 * 3600,
            },
            self.key.private,
            algorithm="RS256",
            headers={"kid": self.key.kid},
        )

    # ------------------------------------------------------------------ HTTP

    def _app(self) -> web.Application:
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/v1/.well-known/keys", self._keys)
        app.router.add_get("/{tenant}/v2.0/.well-known/openid-configuration", self._entra_configuration)
        app.router.add_post("/{tenant}/oauth2/v2.0/token", self._token)
        return app

    def hold(self, *, keys: bool = False, tokens: bool = False) -> None:
        """Make the metadata/keys endpoints, or the token endpoint, stop answering (requests hang)."""
        self.keys_held, self.tokens_held = self.keys_held or keys, self.tokens_held or tokens

    def release(self) -> None:
        self.keys_held = self.tokens_held = False

    def hang(self) -> None:
        """From now on the token endpoint takes requests and never answers them (see the module docstring)."""
        self.tokens_hung = True

    def recover(self) -> None:
        """New token requests are answered again; those taken while hung never are."""
        self.tokens_hung = False

    async def _hang(self, request: web.Request) -> None:
        """Never answer; notice when the client gives up (its connection closes)."""
        self.hung += 1
        while not self._stopping and self._loop is not None:
            transport = request.transport
            if transport is None or transport.is_closing():
                self.abandoned += 1
                return
            await asyncio.sleep(0.02)

    async def _held(self, which: str) -> None:
        while getattr(self, which) and self._loop is not None and self._loop.is_running():
            await asyncio.sleep(0.05)

    async def _metadata(self, request: web.Request) -> web.Response:
        self.requests.append("metadata")
        await self._held("keys_held")
        return web.json_response(
            {
                "issuer": BOT_FRAMEWORK_ISSUER,
                "authorization_endpoint": "https://invalid.botframework.com",
                "jwks_uri": self.jwks_url,
                "id_token_signing_alg_values_supported": ["RS256"],
                "token_endpoint_auth_methods_supported": ["private_key_jwt"],
            }
        )

    async def _keys(self, request: web.Request) -> web.Response:
        self.requests.append("keys")
        await self._held("keys_held")
        return web.json_response({"keys": [k.jwk() for k in self.published]})

    async def _entra_configuration(self, request: web.Request) -> web.Response:
        """Entra ID's OpenID configuration for a tenant: MSAL reads the token endpoint from it."""
        base = f"{request.scheme}://{request.host}/{request.match_info['tenant']}"
        return web.json_response(
            {
                "issuer": f"{base}/v2.0",
                "authorization_endpoint": f"{base}/oauth2/v2.0/authorize",
                "token_endpoint": f"{base}/oauth2/v2.0/token",
                "jwks_uri": f"{base}/discovery/v2.0/keys",
                "response_types_supported": ["code", "id_token"],
                "token_endpoint_auth_methods_supported": [
                    "client_secret_post",
                    "private_key_jwt",
                    "client_secret_basic",
                ],
            }
        )

    async def _token(self, request: web.Request) -> web.Response:
        form = dict(await request.post())
        self.token_requests.append({k: str(v) for k, v in form.items() if k != "client_secret"})
        if self.tokens_hung:
            await self._hang(request)
            return web.Response(status=504)  # nobody is listening any more
        await self._held("tokens_held")
        if (
            form.get("grant_type") != "client_credentials"
            or form.get("client_id") != self.app_id
            or form.get("client_secret") != self.app_password
            or OUTBOUND_SCOPE not in str(form.get("scope", "")).split()
        ):
            return web.json_response({"error": "invalid_client", "error_description": "AADSTS7000215"}, status=401)
        return web.json_response(
            {
                "token_type": "Bearer",
                "expires_in": self.token_expires_in,
                "ext_expires_in": self.token_expires_in,
                "access_token": self.outbound_token,
            }
        )

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeBotFrameworkIdentity:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(target=self._serve, name="fake-openid", daemon=True)
        self._thread.start()
        if not self._ready.wait(15):
            raise RuntimeError("the fake OpenID server did not start")
        if self._error is not None:
            raise RuntimeError("the fake OpenID server failed to start") from self._error
        return self

    def _serve(self) -> None:
        loop = asyncio.new_event_loop()
        self._loop = loop
        asyncio.set_event_loop(loop)
        try:
            self._runner = web.AppRunner(self._app(), access_log=None)
            loop.run_until_complete(self._runner.setup())
            site = web.TCPSite(self._runner, "127.0.0.1", 0)
            loop.run_until_complete(site.start())
            self.port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - aiohttp keeps it there
            if self.tls:
                context, self.ca_file = self_signed(name="fake-bot-login")
                secure = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
                loop.run_until_complete(secure.start())
                self.tls_port = secure._server.sockets[0].getsockname()[1]  # noqa: SLF001  # aiohttp gives the bound port only here
        except BaseException as exc:  # pragma: no cover - reported by start()
            self._error = exc
            self._ready.set()
            return
        self._ready.set()
        loop.run_forever()
        loop.run_until_complete(self._runner.cleanup())
        loop.close()

    def stop(self) -> None:
        self.release()
        self._stopping = True
        if self._loop is not None and self._thread is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(15)
        self._thread = self._loop = None

    def __enter__(self) -> FakeBotFrameworkIdentity:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    async def __aenter__(self) -> FakeBotFrameworkIdentity:
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: Any) -> None:
        await asyncio.to_thread(self.stop)


# ---------------------------------------------------------------------------------------------------
# The bot's outbound credential, pointed at the fake token endpoint
# ---------------------------------------------------------------------------------------------------


class FakeTokenCredentials(AppCredentials):
    """Client credentials against the fake token endpoint (what MSAL does against Entra ID).

    Like MSAL, a token is reused from the cache until 5 minutes before it expires, then fetched again
    with a blocking HTTP call and no timeout of its own (as the SDK's MicrosoftAppCredentials makes
    it); the fake answers from its own thread, so that cannot deadlock.
    """

    def __init__(self, app_id: str, password: str, token_url: str) -> None:
        super().__init__(app_id=app_id, oauth_scope="https://api.botframework.com")
        self.password = password
        self.token_url = token_url
        self._token: str | None = None
        self._refresh_at = 0.0

    def get_access_token(self, force_refresh: bool = False) -> str:
        if self._token is None or force_refresh or time.time() >= self._refresh_at:
            resp = requests.post(
                self.token_url,
                data={
                    "grant_type": "client_credentials",
                    "client_id": self.microsoft_app_id,
                    "client_secret": self.password,
                    "scope": OUTBOUND_SCOPE,
                },
            )
            body = resp.json()
            if "access_token" not in body:
                raise PermissionError(f"Failed to get access token with error: {body.get('error')}")
            self._token = body["access_token"]
            self._refresh_at = time.time() + float(body.get("expires_in", 3599)) - 300
        return self._token


class FakeCredentialsFactory(ServiceClientCredentialsFactory):
    def __init__(self, identity: FakeBotFrameworkIdentity) -> None:
        self.identity = identity

    async def is_valid_app_id(self, app_id: str) -> bool:
        return app_id == self.identity.app_id

    async def is_authentication_disabled(self) -> bool:
        return False

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> AppCredentials:
        if app_id != self.identity.app_id:
            raise PermissionError("Invalid app_id")
        return FakeTokenCredentials(app_id, self.identity.app_password, self.identity.token_url)


def install_outbound_credentials(adapter: Any, identity: FakeBotFrameworkIdentity) -> None:
    """Make the bot's CloudAdapter fetch its outbound token from `identity` (test-only plumbing).

    `ConfigurationBotFrameworkAuthentication` accepts a credentials factory only in its constructor,
    and the bot builds it from settings, so the factory of the inner authentication object is
    replaced. Inbound validation does not use it for anything but the app id check, which stays
    the same (`is_valid_app_id`)."""
    auth = adapter.bot_framework_authentication
    inner = getattr(auth, "_inner", auth)
    if not hasattr(inner, "_credentials_factory"):
        raise RuntimeError("botbuilder's authentication no longer keeps _credentials_factory: update this helper")
    inner._credentials_factory = FakeCredentialsFactory(identity)  # noqa: SLF001  # botbuilder offers no public hook for its credentials


def point_bot_token_at(authentication: Any, identity: FakeBotFrameworkIdentity) -> None:
    """Make the bot's own MSAL client (as `dfbot` configures it) ask `identity`'s https token endpoint, not
    login.microsoftonline.com (`identity` needs `tls=True`; REQUESTS_CA_BUNDLE its `ca_file`). `authentication`:
    the adapter's or the messenger's. The login URL is a botbuilder "parameterized" setting (BOT_OPENID_METADATA
    must be set); authority validation is off as `VALIDATE_AUTHORITY=false` makes it (no local server passes
    Microsoft's check). Clients made before are forgotten."""
    inner = getattr(authentication, "_inner", authentication)
    if not hasattr(inner, "_to_channel_from_bot_login_url"):
        raise RuntimeError("the bot's authentication is not botbuilder's parameterized one: set BOT_OPENID_METADATA")
    if not identity.tls_port:
        raise RuntimeError("the fake token service needs tls=True: MSAL insists on an https authority")
    inner._to_channel_from_bot_login_url = identity.login_url  # noqa: SLF001  # botbuilder offers no public hook for its credentials
    inner._validate_authority = False  # noqa: SLF001  # botbuilder offers no public hook for its credentials
    pool = getattr(authentication, "pool", None)
    if pool is not None:
        pool.clients.clear()
