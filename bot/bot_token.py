"""The bot's own token for the Bot Connector, fetched by MSAL with a timeout on every HTTP call.

botframework-connector 4.17.1 makes its MSAL clients without one: `MicrosoftAppCredentials` and
`CertificateAppCredentials` build `ConfidentialClientApplication(client_id, client_credential, authority)`,
whose own `requests` session passes `timeout=None`, and `ManagedIdentityAppCredentials` hands
`ManagedIdentityClient` a bare `requests.Session()`. A token endpoint (or a proxy in front of it) that
takes the connection and never answers then holds the calling thread for ever. `BearerTokenPolicy`
(connector_pool.py) stops *waiting* after 10 s, but the thread stays stuck; two such and its pool of
two threads is full for good, so no token is fetched again even after the endpoint recovers.

MSAL accepts an `http_client` (and a `timeout`, which it ignores once a client is given: "This does not
apply if you have chosen to pass your own Http client", `msal.ClientApplication`). So the credentials
factory is wrapped: each credential botbuilder makes gets an MSAL client built the way botbuilder
builds it, plus an HTTP client whose every call has a connect and a read timeout. A fetch that gets
no answer then fails after the bound, its thread is free again, and `BearerTokenPolicy` says the token
could not be had (the reply fails, is logged and counted; a proactive send is tried again later).

The MSAL client is still made on first use, in the token thread: making one already asks the
authority for its OpenID configuration over HTTP, which must never happen on the event loop.
The private-cloud credentials' `validate_authority` (from `VALIDATE_AUTHORITY`), which botbuilder
keeps but never passes to MSAL, is passed on. The MSAL classes are the ones botbuilder's modules
imported (MSAL itself is graph/'s to import: this is botbuilder's use of it, made bounded).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

import requests
from botframework.connector.auth import (
    CertificateAppCredentials,
    ManagedIdentityAppCredentials,
    MicrosoftAppCredentials,
    ServiceClientCredentialsFactory,
    managedidentity_app_credentials,
    microsoft_app_credentials,
)

log = logging.getLogger("dfbot.connector")

CONNECT_SECONDS = 5.0  # to open a connection to the token endpoint
READ_SECONDS = 8.0  # for its answer: an abandoned fetch ends soon after BearerTokenPolicy's 10 s wait


class TimeoutSession(requests.Session):
    """A `requests` session whose every call has a timeout (requests has no session-wide one)."""

    def __init__(self, connect: float, read: float) -> None:
        super().__init__()
        self.timeout = (connect, read)

    def request(self, method: str, url: str, *args: Any, **kwargs: Any) -> requests.Response:  # type: ignore[override]  # passes requests' every argument on unchanged; only `timeout` is filled in
        if kwargs.get("timeout") is None:
            kwargs["timeout"] = self.timeout
        return super().request(method, url, *args, **kwargs)


def bounded_http_client() -> TimeoutSession:
    return TimeoutSession(CONNECT_SECONDS, READ_SECONDS)


class _MadeOnFirstUse:
    """Stands in for a credential's `app` (botbuilder makes its own only when `app` is empty) until the
    first token is asked for, in the token thread; from then on it is that MSAL client."""

    def __init__(self, make: Callable[[], Any]) -> None:
        self._make = make
        self._app: Any = None
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        app = self._app
        if app is None:
            with self._lock:
                if self._app is None:
                    self._app = self._make()
                app = self._app
        return getattr(app, name)


def with_timeout(credentials: Any) -> Any:
    """`credentials` (as botbuilder made them) with an MSAL client whose HTTP calls are bounded."""
    if getattr(credentials, "app", None) is not None or not getattr(credentials, "microsoft_app_id", None):
        return credentials  # already has its client, or anonymous (local mode: no token at all)
    if isinstance(credentials, ManagedIdentityAppCredentials):
        identity = credentials._managed_identity  # noqa: SLF001 - botbuilder's own description of it
        credentials.app = _MadeOnFirstUse(
            lambda: managedidentity_app_credentials.msal.ManagedIdentityClient(
                identity,
                http_client=bounded_http_client(),
                token_cache=ManagedIdentityAppCredentials.global_token_cache,
            )
        )
        return credentials
    if isinstance(credentials, CertificateAppCredentials):
        secret: Any = {
            "thumbprint": credentials.certificate_thumbprint,
            "private_key": credentials.certificate_private_key,
            "public_certificate": credentials.certificate_public or None,
        }
    elif isinstance(credentials, MicrosoftAppCredentials):
        secret = credentials.microsoft_app_password
    else:
        log.warning(
            "bot credentials of an unknown kind (%s): their token fetch keeps its own timeouts",
            type(credentials).__name__,
        )
        return credentials
    credentials.app = _MadeOnFirstUse(
        lambda: microsoft_app_credentials.ConfidentialClientApplication(
            client_id=credentials.microsoft_app_id,
            client_credential=secret,
            authority=credentials.oauth_endpoint,
            validate_authority=getattr(credentials, "validate_authority", True),
            http_client=bounded_http_client(),
        )
    )
    return credentials


class BoundedCredentialsFactory(ServiceClientCredentialsFactory):
    """botbuilder's credentials factory (secret, certificate or managed identity), its credentials bounded."""

    def __init__(self, inner: ServiceClientCredentialsFactory) -> None:
        self.inner = inner

    async def is_valid_app_id(self, app_id: str) -> bool:
        return await self.inner.is_valid_app_id(app_id)

    async def is_authentication_disabled(self) -> bool:
        return await self.inner.is_authentication_disabled()

    async def create_credentials(
        self, app_id: str, oauth_scope: str, login_endpoint: str, validate_authority: bool
    ) -> Any:
        return with_timeout(
            await self.inner.create_credentials(app_id, oauth_scope, login_endpoint, validate_authority)
        )
