"""The local Graph test server answers like Graph: tokens required, bodies checked, faults on demand."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC

import aiohttp
import pytest

from tests.fakes.graph import ADAPTIVE_CARD, DEFAULT_TOKEN, FakeGraph

AUTH = {"Authorization": f"Bearer {DEFAULT_TOKEN}"}
CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hello"}]}


def message(att_id: str = "abc123", *, body_id: str | None = None, content: str = "<p>Digest</p>") -> dict:
    return {
        "body": {"contentType": "html", "content": f'{content}<attachment id="{body_id or att_id}"></attachment>'},
        "attachments": [{"id": att_id, "contentType": ADAPTIVE_CARD, "content": json.dumps(CARD)}],
    }


@pytest.fixture
async def graph():
    async with FakeGraph() as g:
        yield g


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as s:
        yield s


def messages_url(g: FakeGraph, team: str = "team-1", channel: str = "19:chan@thread.tacv2") -> str:
    return f"{g.base_url}/teams/{team}/channels/{channel}/messages"


async def test_a_post_without_a_token_is_refused_with_graphs_error_shape(graph, http):
    async with http.post(messages_url(graph), json=message()) as r:
        body = await r.json()
    assert r.status == 401
    assert body["error"]["code"] == "InvalidAuthenticationToken"
    assert set(body["error"]["innerError"]) >= {"date", "request-id", "client-request-id"}


async def test_an_unknown_token_is_refused(graph, http):
    async with http.post(messages_url(graph), json=message(), headers={"Authorization": "Bearer nope"}) as r:
        assert r.status == 401


async def test_a_valid_post_is_created_and_listed_newest_first(graph, http):
    for n in range(3):
        async with http.post(messages_url(graph), json=message(f"id{n}"), headers=AUTH) as r:
            created = await r.json()
            assert r.status == 201
            assert created["id"] and created["createdDateTime"].endswith("Z")
            assert created["attachments"][0]["id"] == f"id{n}"
            assert created["channelIdentity"] == {"teamId": "team-1", "channelId": "19:chan@thread.tacv2"}
    async with http.get(messages_url(graph), params={"$top": "2"}, headers=AUTH) as r:
        listed = await r.json()
    assert [m["attachments"][0]["id"] for m in listed["value"]] == ["id2", "id1"]
    assert graph.requests[-1].query == {"$top": "2"}


async def test_attachment_ids_must_match_the_body(graph, http):
    async with http.post(messages_url(graph), json=message("abc", body_id="other"), headers=AUTH) as r:
        body = await r.json()
    assert r.status == 400 and body["error"]["code"] == "BadRequest"
    assert graph.messages() == []


async def test_card_content_must_be_a_json_string(graph, http):
    bad = message()
    bad["attachments"][0]["content"] = CARD  # an object, not a string
    async with http.post(messages_url(graph), json=bad, headers=AUTH) as r:
        assert r.status == 400


async def test_a_message_over_28_kb_is_too_large(graph, http):
    async with http.post(messages_url(graph), json=message(content="<p>" + "x" * 29_000 + "</p>"), headers=AUTH) as r:
        body = await r.json()
    assert r.status == 413 and body["error"]["code"] == "RequestEntityTooLarge"


async def test_unknown_channels_are_not_found_once_channels_are_registered(graph, http):
    graph.add_channel("team-1", "known")
    async with http.post(messages_url(graph, channel="other"), json=message(), headers=AUTH) as r:
        assert r.status == 404
    async with http.post(messages_url(graph, channel="known"), json=message(), headers=AUTH) as r:
        assert r.status == 201


async def test_faults_429_with_retry_after_then_500_then_success(graph, http):
    graph.fail_next(429, retry_after=3)
    graph.fail_next(500)
    statuses = []
    for _ in range(3):
        async with http.post(messages_url(graph), json=message(), headers=AUTH) as r:
            statuses.append((r.status, r.headers.get("Retry-After")))
    assert statuses == [(429, "3"), (500, None), (201, None)]
    assert len(graph.messages()) == 1


async def test_an_expired_token_gets_invalid_authentication_token(graph, http):
    graph.expire_token()
    async with http.post(messages_url(graph), json=message(), headers=AUTH) as r:
        body = await r.json()
    assert r.status == 401 and body["error"]["code"] == "InvalidAuthenticationToken"
    assert "expired" in body["error"]["message"]


async def test_a_stall_that_keeps_the_message_leaves_the_client_unsure(graph, http):
    graph.stall_next(1.0, store_first=True)
    with pytest.raises(asyncio.TimeoutError):
        async with http.post(
            messages_url(graph), json=message("kept"), headers=AUTH, timeout=aiohttp.ClientTimeout(total=0.2)
        ):
            pass
    assert [m["attachments"][0]["id"] for m in graph.messages()] == ["kept"]


async def test_a_stall_that_drops_the_message_keeps_nothing(graph, http):
    graph.stall_next(0.1)
    async with http.post(messages_url(graph), json=message(), headers=AUTH) as r:
        assert r.status == 504
    assert graph.messages() == []


async def test_latency_delays_every_answer(http):
    import time

    async with FakeGraph(latency=0.2) as slow:
        started = time.monotonic()
        async with http.get(messages_url(slow), headers=AUTH) as r:
            assert r.status == 200
        assert time.monotonic() - started >= 0.2


async def test_a_held_token_endpoint_takes_the_request_and_answers_nothing_until_released(graph, http):
    url = f"{graph.url}/tenant-1/oauth2/v2.0/token"
    form = {"grant_type": "refresh_token", "refresh_token": "unknown", "client_id": "c"}
    graph.hold_tokens()
    with pytest.raises(asyncio.TimeoutError):
        async with http.post(url, data=form, timeout=aiohttp.ClientTimeout(total=0.3)):
            pass
    assert len(graph.token_requests) == 1  # it arrived: the endpoint just never answers
    graph.release_tokens()
    async with http.post(url, data=form) as r:
        assert r.status == 400 and (await r.json())["error"] == "invalid_grant"


async def test_a_refresh_token_still_works_after_it_was_redeemed_as_entra_ids_do(graph, http):
    """Entra ID does not revoke a refresh token when it is used; only a revocation ends it."""
    graph.refresh_tokens["rt-1"] = graph.user["oid"]
    url = f"{graph.url}/tenant-1/oauth2/v2.0/token"
    form = {"grant_type": "refresh_token", "refresh_token": "rt-1", "client_id": "c", "scope": "openid"}
    for _ in range(2):
        async with http.post(url, data=form) as r:
            assert r.status == 200 and (await r.json())["access_token"].startswith("fake-at-")
    graph.revoke_refresh_tokens()
    async with http.post(url, data=form) as r:
        assert r.status == 400 and (await r.json())["error"] == "invalid_grant"


async def test_a_registered_client_must_present_its_secret_or_a_signed_assertion(graph, http):
    """Entra ID's client authentication at the token endpoint, for clients registered with the fake."""
    import time
    from datetime import datetime, timedelta

    import jwt
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "app")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(1)
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    graph.register_client(
        "app-1", secret="s3cret", certificates=(cert.public_bytes(serialization.Encoding.PEM).decode(),)
    )
    url = f"{graph.url}/tenant-1/oauth2/v2.0/token"
    form = {"grant_type": "client_credentials", "client_id": "app-1", "scope": "https://api.botframework.com/.default"}

    async def answer(**extra):
        async with http.post(url, data={**form, **extra}) as r:
            return r.status, await r.json()

    def assertion(**claims):
        x5t = jwt.utils.base64url_encode(cert.fingerprint(hashes.SHA1())).decode()
        body = {"aud": url, "iss": "app-1", "sub": "app-1", "exp": int(time.time()) + 600, "jti": "1", **claims}
        return jwt.encode(body, key, algorithm="RS256", headers={"x5t": x5t})

    jwt_bearer = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
    assert (await answer(client_secret="s3cret"))[0] == 200
    status, body = await answer(client_secret="wrong")
    assert status == 401 and body["error"] == "invalid_client" and body["error_description"].startswith("AADSTS7000215")
    assert (await answer())[1]["error_description"].startswith("AADSTS7000218")
    assert (await answer(client_assertion_type=jwt_bearer, client_assertion=assertion()))[0] == 200
    status, body = await answer(
        client_assertion_type=jwt_bearer, client_assertion=assertion(exp=int(time.time()) - 3600)
    )
    assert status == 401 and body["error_description"].startswith("AADSTS700024")
    status, body = await answer(
        client_assertion_type=jwt_bearer, client_assertion=assertion(aud="https://elsewhere/token")
    )
    assert status == 401 and body["error_description"].startswith("AADSTS700027")
    # an unregistered client is not checked (most tests do not care)
    async with http.post(url, data={**form, "client_id": "someone-else"}) as r:
        assert r.status == 200


async def test_a_threads_replies_are_listed_newest_first_in_pages_as_graph_shows_a_bots_message(graph, http):
    from tests.fakes.connector import FakeConnector

    async with http.post(messages_url(graph), json=message(), headers=AUTH) as r:
        root = (await r.json())["id"]
    async with FakeConnector() as connector:
        graph.show_bot_replies(connector, "team-1", "19:chan@thread.tacv2", app_id="bot-app")
        thread = f"19:chan@thread.tacv2;messageid={root}"
        for n in range(3):
            activity = {
                "type": "message",
                "attachments": [{"contentType": ADAPTIVE_CARD, "content": {**CARD, "id": f"c{n}"}}],
            }
            async with http.post(f"{connector.url}v3/conversations/{thread}/activities", json=activity) as r:
                assert r.status == 200
        async with http.post(
            f"{connector.url}v3/conversations/19:chan@thread.tacv2;messageid=999/activities",
            json={"type": "message", "text": "another thread"},
        ) as r:
            assert r.status == 200
    url = f"{messages_url(graph)}/{root}/replies"
    async with http.get(url, params={"$top": "2"}, headers=AUTH) as r:
        first = await r.json()
    assert r.status == 200 and [json.loads(m["attachments"][0]["content"])["id"] for m in first["value"]] == [
        "c2",
        "c1",
    ]
    reply = first["value"][0]
    assert reply["replyToId"] == root and reply["from"]["user"] is None
    assert reply["from"]["application"] == {
        "id": "bot-app",
        "displayName": "Digital First",
        "applicationIdentityType": "bot",
    }
    assert f'<attachment id="{reply["attachments"][0]["id"]}">' in reply["body"]["content"]
    async with http.get(first["@odata.nextLink"], headers=AUTH) as r:
        second = await r.json()
    assert [json.loads(m["attachments"][0]["content"])["id"] for m in second["value"]] == ["c0"]
    assert "@odata.nextLink" not in second
    async with http.get(f"{messages_url(graph)}/424242/replies", headers=AUTH) as r:
        assert r.status == 404 and (await r.json())["error"]["code"] == "NotFound"
    async with http.get(url) as r:
        assert r.status == 401
    graph.fail_next(429, retry_after=3, method="GET", path="/replies")
    async with http.get(url, headers=AUTH) as r:
        assert r.status == 429 and r.headers["Retry-After"] == "3"
