"""The delegated sign-in that lets the bot post to the DLG channel through Graph.

Graph accepts channel posts only from a signed-in user (`ChannelMessage.Send`, delegated), so a
dedicated service account (or an admin) signs in once through an authorisation-code flow with PKCE
that the bot hosts: `/auth/graph/login` sends the browser to Entra ID, `/auth/graph/callback` redeems
the code (MSAL). Device-code sign-in is often blocked in public-sector tenants; this works with MFA
and Conditional Access.

The app signs in to Entra ID with a client secret or, where the tenant blocks secrets, a certificate
(`SignInConfig.client_certificate`: MSAL signs a client assertion with its private key).

The MSAL token cache (refresh token included) is kept encrypted in the database (Fernet, key derived
from SECRET_KEY with HKDF), so every replica can post and a database dump reveals nothing usable.
When the refresh token stops working (expired, revoked, password reset, policy), the credential
says so with `SignInExpired` and the digest service tells admins.

Storage is passed in (`SignInStore`), so this module needs no database library.
"""

from __future__ import annotations

import asyncio
import base64
import hmac
import json
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Protocol

import msal
from azure.core.credentials import AccessToken
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from programme.posting import Retryable, SignInExpired

from .client import GRAPH_SCOPES

TOKEN_TIMEOUT_SECONDS = 20.0  # MSAL's HTTP timeout, and the longest anyone waits for Entra ID
_MSAL_THREADS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="msal")  # MSAL blocks: a bounded pool

EXPIRED_ERRORS = frozenset(
    {
        "invalid_grant",
        "interaction_required",
        "consent_required",
        "login_required",
        "invalid_client",
        "unauthorized_client",
    }
)


class SignInError(Exception):
    """A sign-in attempt that could not be completed (said to the person in the browser)."""


async def bounded(call: Callable[[], Any], timeout: float, what: str) -> Any:
    """A blocking MSAL call, off the event loop in a bounded pool of threads, waited for `timeout` at most.

    MSAL talks to Entra ID through `requests`, synchronously. A thread is the only way to keep the event
    loop free, and the pool keeps a token endpoint that never answers from taking every thread; MSAL's
    own HTTP timeout (`SignInConfig.timeout`) then ends the abandoned call soon after."""
    loop = asyncio.get_running_loop()
    try:
        return await asyncio.wait_for(loop.run_in_executor(_MSAL_THREADS, call), timeout)
    except TimeoutError:
        raise TimeoutError(f"Entra ID did not answer within {timeout:g} s ({what})") from None


# ---------------------------------------------------------------------------------------------
# Encryption at rest
# ---------------------------------------------------------------------------------------------


class Sealer:
    """Encrypts what is stored (token cache, pending flow) and signs short-lived links."""

    def __init__(self, secret_key: str, purpose: bytes = b"dfbot graph sign-in v1") -> None:
        if not secret_key or len(secret_key) < 16:
            raise SignInError("SECRET_KEY must be set (at least 16 characters) to keep a Graph sign-in.")
        key = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"dfbot", info=purpose).derive(secret_key.encode("utf-8"))
        self._fernet = Fernet(base64.urlsafe_b64encode(key))

    def seal(self, text: str) -> str:
        return self._fernet.encrypt(text.encode("utf-8")).decode("ascii")

    def open(self, token: str, *, max_age: int | None = None) -> str:
        try:
            return self._fernet.decrypt(token.encode("ascii"), ttl=max_age).decode("utf-8")
        except (InvalidToken, ValueError) as exc:
            raise SignInError("The stored sign-in could not be read (expired link, or SECRET_KEY changed).") from exc


# ---------------------------------------------------------------------------------------------
# Configuration and storage
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignInConfig:
    client_id: str
    client_secret: str
    tenant_id: str
    redirect_uri: str
    authority_host: str = "https://login.microsoftonline.com"
    scopes: tuple[str, ...] = tuple(GRAPH_SCOPES)
    http_client: Any = None  # a requests.Session-like object (tests: one that trusts the fake's certificate)
    timeout: float = field(default_factory=lambda: TOKEN_TIMEOUT_SECONDS)
    client_certificate: dict[str, str] | None = field(default=None, repr=False)  # MSAL's certificate credential

    @property
    def authority(self) -> str:
        return f"{self.authority_host.rstrip('/')}/{self.tenant_id}"

    @property
    def credential(self) -> str | dict[str, str]:
        """What MSAL signs in with: the certificate when there is one, else the client secret."""
        return self.client_certificate or self.client_secret

    def missing(self) -> list[str]:
        names = (
            ("GRAPH_CLIENT_ID or MicrosoftAppId", self.client_id),
            (
                "a credential: GRAPH_CERTIFICATE_PATH or GRAPH_CLIENT_SECRET (or the bot's BOT_CERTIFICATE_PATH or "
                "MicrosoftAppPassword)",
                self.client_certificate or self.client_secret,
            ),
            ("GRAPH_TENANT_ID or MicrosoftAppTenantId", self.tenant_id),
        )
        return [name for name, value in names if not value]


@dataclass(frozen=True)
class StoredSignIn:
    status: str  # none / pending / active / expired
    account: str = ""
    token_cache: str = ""  # sealed
    pending_state: str = ""
    pending_flow: str = ""  # sealed


class SignInStore(Protocol):
    async def load(self) -> StoredSignIn | None: ...

    async def save_pending(self, state: str, sealed_flow: str, started_by: str) -> None: ...

    async def complete(self, account: str, sealed_cache: str) -> None: ...

    async def save_cache(self, sealed_cache: str) -> None: ...

    async def mark_expired(self, reason: str) -> bool: ...


def _application(
    config: SignInConfig, cache: msal.SerializableTokenCache | None = None
) -> msal.ConfidentialClientApplication:
    kwargs: dict[str, Any] = {
        "client_credential": config.credential,
        "authority": config.authority,
        "token_cache": cache,
        "instance_discovery": False,
        "timeout": config.timeout,
    }
    if config.http_client is not None:
        kwargs["http_client"] = config.http_client
    return msal.ConfidentialClientApplication(config.client_id, **kwargs)


# ---------------------------------------------------------------------------------------------
# The authorisation-code flow
# ---------------------------------------------------------------------------------------------


async def begin(config: SignInConfig, store: SignInStore, sealer: Sealer, *, started_by: str, browser: str = "") -> str:
    """The Entra ID URL to send the browser to. The flow (state, PKCE verifier, nonce) is kept
    sealed in the database so the callback may land on any replica. The code comes back as a form
    POST (`form_post`), so it never sits in a URL, a browser history or an access log. `browser` is a
    digest of a value only the starting browser holds (a cookie): `finish` insists on the same one."""
    missing = config.missing()
    if missing:
        raise SignInError("Graph sign-in is not configured: set " + ", ".join(missing) + ".")

    def start() -> dict[str, Any]:
        return _application(config).initiate_auth_code_flow(
            list(config.scopes), redirect_uri=config.redirect_uri, prompt="select_account", response_mode="form_post"
        )

    try:
        flow = await bounded(start, config.timeout, "starting the sign-in")
    except TimeoutError as exc:
        raise SignInError(f"{exc}. Try the link again in a minute.") from None
    await store.save_pending(flow["state"], sealer.seal(json.dumps({"flow": flow, "browser": browser})), started_by)
    return flow["auth_uri"]


async def finish(
    config: SignInConfig, store: SignInStore, sealer: Sealer, query: dict[str, str], *, browser: str = ""
) -> str:
    """Redeem the code Entra ID sent back; returns the account that signed in. Anything that is not the
    answer to the pending sign-in, in the browser that started it, changes nothing (the sign-in stays
    pending for the right answer)."""
    stored = await store.load()
    if stored is None or not stored.pending_flow or query.get("state") != stored.pending_state:
        raise SignInError("This sign-in link is not the one the bot started (or it was already used). Start again.")
    pending = json.loads(sealer.open(stored.pending_flow))
    flow = pending.get("flow", pending)
    expected = pending.get("browser", "")
    if expected and not hmac.compare_digest(expected, browser or ""):
        raise SignInError("This sign-in was started in another browser. Finish it there, or start again.")
    if query.get("error"):
        raise SignInError(f"Entra ID refused the sign-in: {query.get('error_description') or query['error']}")
    cache = msal.SerializableTokenCache()

    def redeem() -> dict[str, Any]:
        return _application(config, cache).acquire_token_by_auth_code_flow(flow, dict(query))

    try:
        result = await bounded(redeem, config.timeout, "redeeming the sign-in")
    except TimeoutError as exc:
        raise SignInError(f"{exc}. Ask the bot for a new link and try again.") from None
    if "access_token" not in result:
        raise SignInError(
            f"The sign-in could not be completed: {result.get('error_description') or result.get('error')}"
        )
    claims = result.get("id_token_claims") or {}
    account = str(claims.get("preferred_username") or claims.get("upn") or claims.get("oid") or "the signed-in account")
    await store.complete(account, sealer.seal(cache.serialize()))
    return account


# ---------------------------------------------------------------------------------------------
# The credential msgraph uses
# ---------------------------------------------------------------------------------------------


class StoredSignInCredential:
    """An azure-core AsyncTokenCredential backed by the stored, encrypted MSAL cache.

    Each token comes from MSAL's silent flow (cached access token, or a refresh). A refreshed cache
    is sealed and saved back so other replicas benefit. A refresh refused with `invalid_grant` (and
    friends) marks the sign-in expired; network trouble is only `Retryable`.
    """

    def __init__(self, config: SignInConfig, store: SignInStore, sealer: Sealer) -> None:
        self.config = config
        self.store = store
        self.sealer = sealer

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        stored = await self.store.load()
        if stored is None or stored.status != "active" or not stored.token_cache:
            raise SignInExpired("No one is signed in to Microsoft Graph to post the digest.", status=401)
        cache = msal.SerializableTokenCache()
        cache.deserialize(self.sealer.open(stored.token_cache))
        try:
            result = await bounded(lambda: self._silent(cache), self.config.timeout, "a Graph token")
        except TimeoutError as exc:  # nothing reached Graph: safe to try again later
            raise Retryable(str(exc)) from None
        if result and "access_token" in result:
            if cache.has_state_changed:
                await self.store.save_cache(self.sealer.seal(cache.serialize()))
            return AccessToken(result["access_token"], int(time.time()) + int(result.get("expires_in", 300)))
        error = (result or {}).get("error") or "no_token"
        reason = (result or {}).get("error_description") or "no usable token in the stored sign-in"
        if result is None or error in EXPIRED_ERRORS:
            await self.store.mark_expired(f"{error}: {reason}"[:500])
            raise SignInExpired(f"The stored Graph sign-in no longer works ({error}).", status=401)
        raise Retryable(f"Entra ID did not issue a token ({error}): {reason}"[:300])

    def _silent(self, cache: msal.SerializableTokenCache) -> dict[str, Any] | None:
        app = _application(self.config, cache)
        accounts = app.get_accounts()
        if not accounts:
            return None
        try:
            return app.acquire_token_silent_with_error(list(self.config.scopes), account=accounts[0])
        except Exception as exc:  # requests' connection errors: not the sign-in's fault
            return {"error": "network_error", "error_description": f"{type(exc).__name__}: {exc}"[:200]}

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> StoredSignInCredential:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None
