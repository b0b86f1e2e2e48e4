"""A `GraphServiceClient` over a `GraphRequestAdapter` whose base URL is ours to choose.

Two details decide whether this works against anything but graph.microsoft.com:
- `GraphRequestAdapter.base_url` is set explicitly, so every request goes to GRAPH_BASE_URL
  (plain http is accepted by kiota only for localhost);
- msgraph-core's auth provider only attaches the bearer token to hosts on its `allowed_hosts` list
  (Microsoft's national clouds by default) and silently sends *no* token elsewhere, so the host of
  GRAPH_BASE_URL is put on that list.
Kiota's own RetryHandler is left out of the pipeline: the digest service owns retries (one policy,
Retry-After honoured, attempts counted and bounded), and two stacked retry loops would multiply.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import urlparse

import httpx
from azure.core.credentials import AccessToken
from kiota_http.kiota_client_factory import KiotaClientFactory
from kiota_http.middleware import RetryHandler
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph_core import GraphClientFactory
from msgraph_core.authentication import AzureIdentityAuthenticationProvider

GRAPH_SCOPES = ["https://graph.microsoft.com/ChannelMessage.Send"]  # reading the channel is an explicit option


class StaticTokenCredential:
    """An AsyncTokenCredential that hands out one fixed token (tests, and a quick manual try-out)."""

    def __init__(self, token: str, expires_in: int = 3600) -> None:
        self._token = token
        self._expires_in = expires_in
        self.calls = 0

    async def get_token(self, *scopes: str, **kwargs: Any) -> AccessToken:
        self.calls += 1
        return AccessToken(self._token, int(time.time()) + self._expires_in)

    async def close(self) -> None:
        return None

    async def __aenter__(self) -> StaticTokenCredential:
        return self

    async def __aexit__(self, *exc: Any) -> None:
        return None


def _http_client(base_url: str, timeout: float) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base_url, timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)))
    middleware = [m for m in KiotaClientFactory.get_default_middleware(None) if not isinstance(m, RetryHandler)]
    return GraphClientFactory.create_with_custom_middleware(middleware, client=client)


def build_graph_client(
    base_url: str, credential: Any, *, timeout: float = 30.0, scopes: list[str] | None = None
) -> tuple[GraphServiceClient, httpx.AsyncClient]:
    """The SDK client and its HTTP client (close the latter when done)."""
    base_url = base_url.rstrip("/")
    host = urlparse(base_url).hostname
    if not host:
        raise ValueError(f"GRAPH_BASE_URL {base_url!r} has no host")
    auth = AzureIdentityAuthenticationProvider(credential, scopes=list(scopes or GRAPH_SCOPES), allowed_hosts=[host])
    http = _http_client(base_url, timeout)
    adapter = GraphRequestAdapter(auth, client=http)
    adapter.base_url = base_url
    return GraphServiceClient(request_adapter=adapter), http
