"""The msgraph client points at GRAPH_BASE_URL, sends its token there, and never retries behind our back."""

from __future__ import annotations

import httpx
import pytest
from msgraph import GraphRequestAdapter, GraphServiceClient
from msgraph_core.authentication import AzureIdentityAuthenticationProvider

from graph.client import StaticTokenCredential, build_graph_client
from graph.publisher import GraphPublisher
from programme.posting import DigestMessage, Retryable
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
CARD = {"type": "AdaptiveCard", "version": "1.5", "body": []}


def message() -> DigestMessage:
    return DigestMessage("2026-W48", CARD, "<p>Digest</p>", "marker-1", "summary")


async def test_the_bearer_token_reaches_a_local_graph_because_its_host_is_allowed():
    async with FakeGraph() as fake:
        client, http = build_graph_client(fake.base_url, StaticTokenCredential(DEFAULT_TOKEN), timeout=2)
        try:
            message_id = await GraphPublisher(client, "team", "channel").send(message())
        finally:
            await http.aclose()
    [post] = fake.posts()
    assert post.authorization == f"Bearer {DEFAULT_TOKEN}" and message_id == fake.messages()[0]["id"]


def test_msgraph_cores_default_allowed_hosts_are_refused_by_this_kiota():
    """msgraph-core 1.5 defaults to URLs ("https://graph.microsoft.com"), which kiota-abstractions 1.16
    refuses: the provider must be given host names, as build_graph_client does."""
    with pytest.raises(ValueError, match="cannot contain"):
        AzureIdentityAuthenticationProvider(StaticTokenCredential(DEFAULT_TOKEN))


async def test_with_only_graphs_own_host_allowed_no_token_is_sent_to_localhost():
    """Why build_graph_client allows GRAPH_BASE_URL's host: otherwise the token is silently left off."""
    async with FakeGraph() as fake:
        auth = AzureIdentityAuthenticationProvider(
            StaticTokenCredential(DEFAULT_TOKEN), allowed_hosts=["graph.microsoft.com"]
        )
        adapter = GraphRequestAdapter(auth, client=httpx.AsyncClient())
        adapter.base_url = fake.base_url
        with pytest.raises(Exception):  # noqa: B017  # whatever kiota raises for the 401; what counts is what reached Graph
            await (
                GraphServiceClient(request_adapter=adapter)
                .teams.by_team_id("t")
                .channels.by_channel_id("c")
                .messages.get()
            )
        await adapter._http_client.aclose()
    assert [r.authorization for r in fake.requests] == [""] and fake.requests[0].status == 401


async def test_a_429_is_reported_once_with_its_retry_after_no_hidden_retries():
    async with FakeGraph() as fake:
        fake.fail_next(429, retry_after=7)
        client, http = build_graph_client(fake.base_url, StaticTokenCredential(DEFAULT_TOKEN), timeout=2)
        try:
            with pytest.raises(Retryable) as raised:
                await GraphPublisher(client, "team", "channel").send(message())
        finally:
            await http.aclose()
    assert raised.value.retry_after == 7.0 and raised.value.status == 429
    assert len(fake.posts()) == 1
