"""Shared by the directory tests: the real msgraph-sdk directory client pointed at the local Graph."""

from __future__ import annotations

from graph.app_auth import APP_SCOPES
from graph.client import StaticTokenCredential, build_graph_client
from graph.directory import GraphDirectory
from programme.posting import RetryPolicy
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph

FAST = RetryPolicy(tries=4, base_seconds=0.01, cap_seconds=0.05, longest_wait_seconds=5.0)
CATALOG_APP = "5f2b7c1e-0000-4000-8000-00000000d1f1"  # the app's id in the tenant's catalogue
BOT_APP_ID = "b07b07b0-0000-4000-8000-000000000b07"


def directory_for(fake: FakeGraph, *, policy: RetryPolicy = FAST, timeout: float = 5.0, **kw) -> GraphDirectory:
    """The same client `open_directory` builds, with the test token and quick backoff."""
    credential = StaticTokenCredential(DEFAULT_TOKEN)
    client, http = build_graph_client(fake.base_url, credential, timeout=timeout, scopes=APP_SCOPES)
    return GraphDirectory(client, http, credential, policy=policy, **kw)


def user_reads(fake: FakeGraph) -> list:
    """Every user read the fake answered, batched or not: (method, url) pairs."""
    out = []
    for r in fake.requests:
        if r.path.endswith("/$batch") and isinstance(r.body, dict):
            out += [(i.get("method"), i.get("url")) for i in r.body.get("requests", [])]
        elif r.path.startswith("/v1.0/users"):
            out.append((r.method, r.path))
    return out
