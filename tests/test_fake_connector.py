"""The fake Bot Connector behaves like Teams' for every call the bot makes, and botbuilder can talk to it.

Windows are tested on a ManualClock, so nothing here sleeps.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any
from urllib.parse import quote

import aiohttp
import pytest
from yarl import URL

from tests.fakes.connector import (
    ADAPTIVE_CARD_CONTENT_TYPE,
    BLOCKED_MESSAGE,
    FakeConnector,
    ManualClock,
    RateLimits,
    SlidingWindowLimiter,
    Throttled,
)

TEAM_ID = "19:leads-team@thread.tacv2"
ALICE = "29:1alice"
ALICE_AAD = "11111111-1111-1111-1111-111111111111"
BOB = "29:1bob"
BOB_AAD = "22222222-2222-2222-2222-222222222222"


# ----------------------------------------------------------------------------- helpers


def conv_url(connector: FakeConnector, conversation_id: str, *rest: str) -> URL:
    """A connector URL with each path segment percent-encoded, as msrest does."""
    parts = ["v3", "conversations", conversation_id, *rest]
    return URL(connector.url + "/".join(quote(p, safe="") for p in parts), encoded=True)


def message(text: str = "hello", **extra: Any) -> dict[str, Any]:
    return {"type": "message", "text": text, **extra}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
async def connector(clock: ManualClock) -> AsyncIterator[FakeConnector]:
    async with FakeConnector(clock=clock) as fake:
        fake.add_member(TEAM_ID, id=ALICE, name="Alice Smith", aad_object_id=ALICE_AAD, email="alice@example.org")
        fake.add_member(TEAM_ID, id=BOB, name="Bob Jones", aad_object_id=BOB_AAD, email="bob@example.org")
        yield fake


@pytest.fixture
async def http() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as session:
        yield session


async def send(
    http: aiohttp.ClientSession, connector: FakeConnector, conversation_id: str, text: str = "hi"
) -> aiohttp.ClientResponse:
    async with http.post(conv_url(connector, conversation_id, "activities"), json=message(text)) as response:
        await response.read()
        return response


# ----------------------------------------------------------------------------- rate limits


async def test_eighth_send_in_one_second_gets_429_with_retry_after(connector, http, clock):
    for i in range(7):
        assert (await send(http, connector, "a:chat", f"m{i}")).status == 200
    async with http.post(conv_url(connector, "a:chat", "activities"), json=message("m7")) as response:
        assert response.status == 429
        assert response.headers["Retry-After"] == "1"
        body = await response.json()
    assert body["error"]["code"] == "TooManyRequests"
    assert isinstance(body["error"]["message"], str)
    assert connector.count_429 == 1
    assert connector.texts("a:chat") == [f"m{i}" for i in range(7)]  # the refused one was not delivered
    # Another conversation is a different thread: not affected.
    assert (await send(http, connector, "a:other")).status == 200
    clock.advance(1.0)
    assert (await send(http, connector, "a:chat", "after")).status == 200


async def test_ninth_send_in_two_seconds_gets_429(connector, http, clock):
    for _ in range(7):
        assert (await send(http, connector, "a:chat")).status == 200
    clock.advance(1.0)  # the 1 s window is empty again, the 2 s window holds 7
    assert (await send(http, connector, "a:chat")).status == 200
    response = await send(http, connector, "a:chat")
    assert response.status == 429
    assert response.headers["Retry-After"] == "1"  # the first seven leave the 2 s window at t0 + 2
    clock.advance(1.0)
    assert (await send(http, connector, "a:chat")).status == 200


async def test_sixty_sends_in_thirty_seconds_then_429_and_refusals_do_not_count(connector, http, clock):
    # Four sends every two seconds stays inside 7/1 s and 8/2 s; fifteen bursts make sixty in 28 s.
    for burst in range(15):
        for _ in range(4):
            assert (await send(http, connector, "a:chat")).status == 200
        if burst < 14:
            clock.advance(2.0)
    clock.advance(1.0)  # t0 + 29 s
    refused = await send(http, connector, "a:chat")
    assert refused.status == 429
    assert refused.headers["Retry-After"] == "1"  # the first burst leaves the 30 s window at t0 + 30
    assert (await send(http, connector, "a:chat")).status == 429
    clock.advance(1.0)  # t0 + 30 s: the first burst of four has left the window, the refusals never entered
    for _ in range(4):
        assert (await send(http, connector, "a:chat")).status == 200
    assert (await send(http, connector, "a:chat")).status == 429
    assert connector.count_429 == 3
    assert len(connector.sent_to("a:chat")) == 64


def test_hourly_window_of_1800_sends(clock):
    limiter = SlidingWindowLimiter(clock)
    bucket = [("send", RateLimits().send)]
    for _ in range(450):  # four every two seconds: inside 7/1 s, 8/2 s and 60/30 s; 1800 by t0 + 898 s
        for _ in range(4):
            assert not isinstance(limiter.try_acquire(bucket), Throttled)
        clock.advance(2.0)
    refused = limiter.try_acquire(bucket)
    assert isinstance(refused, Throttled)
    assert refused.limit == (1800, 3600.0)
    assert refused.retry_after == pytest.approx(2700.0)  # t0 + 3600 - (t0 + 900)
    assert refused.retry_after_header == "2700"
    assert limiter.count("send", 3600.0) == 1800


async def test_fifty_first_request_in_one_second_across_conversations_gets_429(connector, http, clock):
    for n in range(10):
        for _ in range(4):
            assert (await send(http, connector, f"a:chat-{n}")).status == 200
        async with http.get(conv_url(connector, TEAM_ID, "members", ALICE)) as response:
            assert response.status == 200  # reads count toward the global limit too
    assert len(connector.requests) == 50
    response = await send(http, connector, "a:fresh-conversation")
    assert response.status == 429
    assert response.headers["Retry-After"] == "1"
    clock.advance(1.0)
    assert (await send(http, connector, "a:fresh-conversation")).status == 200


async def test_member_lookups_have_their_own_wider_limit(connector, http):
    for _ in range(14):
        async with http.get(conv_url(connector, TEAM_ID, "members", ALICE)) as response:
            assert response.status == 200
    async with http.get(conv_url(connector, TEAM_ID, "members", ALICE)) as response:
        assert response.status == 429
    assert (await send(http, connector, TEAM_ID)).status == 200  # sends are a separate bucket


async def test_unlimited_limits_never_throttle(clock, http):
    async with FakeConnector(clock=clock, limits=RateLimits.unlimited()) as fake:
        for _ in range(60):
            assert (await send(http, fake, "a:chat")).status == 200
        assert fake.count_429 == 0


# ----------------------------------------------------------------------------- conversations and members


async def test_create_conversation_for_same_member_returns_same_id(connector, http):
    def params(member: str) -> dict[str, Any]:
        return {
            "bot": {"id": connector.bot_id},
            "members": [{"id": member}],
            "channelData": {"tenant": {"id": connector.tenant_id}},
            "isGroup": False,
        }

    url = URL(connector.url + "v3/conversations")
    async with http.post(url, json=params(ALICE)) as first:
        assert first.status == 201
        one = await first.json()
    async with http.post(url, json=params(ALICE)) as second:
        two = await second.json()
    async with http.post(url, json=params(ALICE_AAD)) as by_object_id:
        three = await by_object_id.json()
    async with http.post(url, json=params(BOB)) as other:
        four = await other.json()
    assert one["id"].startswith("a:")
    assert one["id"] == two["id"] == three["id"] == connector.personal_conversation_id(ALICE)
    assert four["id"] != one["id"]
    assert one["serviceUrl"] == connector.url
    assert "activityId" not in one

    # With a first activity: it is delivered and its id returned.
    async with http.post(url, json={**params(ALICE), "activity": message("welcome")}) as with_activity:
        answer = await with_activity.json()
    assert answer["id"] == one["id"]
    assert connector.sent_to(one["id"])[0]["id"] == answer["activityId"]

    # The 1:1 chat's roster is that person.
    async with http.get(conv_url(connector, one["id"], "members", ALICE)) as response:
        assert (await response.json())["email"] == "alice@example.org"


async def test_create_conversation_validates_like_teams(connector, http):
    url = URL(connector.url + "v3/conversations")
    async with http.post(url, json={"members": [{"id": ALICE}]}) as no_tenant:
        assert no_tenant.status == 400
        assert (await no_tenant.json())["error"]["code"] == "BadArgument"
    tenant = {"channelData": {"tenant": {"id": connector.tenant_id}}}
    async with http.post(url, json={**tenant, "members": [{"id": ALICE}, {"id": BOB}], "isGroup": True}) as group:
        assert group.status == 400


async def test_channel_post_creates_a_thread(connector, http):
    channel = "19:dlg@thread.tacv2"
    body = {
        "isGroup": True,
        "channelData": {"tenant": {"id": connector.tenant_id}, "channel": {"id": channel}},
        "activity": message("digest"),
    }
    async with http.post(URL(connector.url + "v3/conversations"), json=body) as response:
        assert response.status == 201
        answer = await response.json()
    assert answer["id"] == f"{channel};messageid={answer['activityId']}"
    assert connector.texts(channel) == ["digest"]


async def test_member_lookup_returns_email_and_object_id(connector, http):
    for identifier in (ALICE, ALICE_AAD, "ALICE@example.org"):  # Teams id, Entra object id, UPN
        async with http.get(conv_url(connector, TEAM_ID, "members", identifier)) as response:
            assert response.status == 200
            member = await response.json()
        assert member == {
            "id": ALICE,
            "name": "Alice Smith",
            "aadObjectId": ALICE_AAD,
            "email": "alice@example.org",
            "userPrincipalName": "alice@example.org",
            "givenName": "Alice",
            "surname": "Smith",
            "tenantId": connector.tenant_id,
            "userRole": "user",
        }
    async with http.get(conv_url(connector, TEAM_ID, "members", "29:nobody")) as missing:
        assert missing.status == 404
        assert (await missing.json())["error"]["code"] == "MemberNotFoundInConversation"


async def test_a_slow_member_lookup_answers_only_after_its_delay(connector, http):
    connector.member_lookup_delay = 0.5
    started = asyncio.get_running_loop().time()
    async with http.get(conv_url(connector, TEAM_ID, "members", ALICE)) as response:
        assert response.status == 200
    assert asyncio.get_running_loop().time() - started >= 0.5


async def test_paged_members_follow_continuation_tokens(clock, http):
    async with FakeConnector(clock=clock, min_page_size=1) as fake:
        for n in range(5):
            fake.add_member(TEAM_ID, id=f"29:{n}", name=f"Person {n}", email=f"p{n}@example.org")
        seen: list[str] = []
        token: str | None = None
        pages = 0
        while True:
            query = {"pageSize": "2", **({"continuationToken": token} if token else {})}
            async with http.get(conv_url(fake, TEAM_ID, "pagedmembers").with_query(query)) as response:
                assert response.status == 200
                page = await response.json()
            pages += 1
            seen += [m["id"] for m in page["members"]]
            token = page.get("continuationToken")
            if token is None:
                break
        assert pages == 3
        assert seen == [f"29:{n}" for n in range(5)]
        async with http.get(conv_url(fake, TEAM_ID, "members")) as response:
            assert len(await response.json()) == 5
        async with http.get(conv_url(fake, TEAM_ID, "pagedmembers").with_query({"continuationToken": "junk"})) as bad:
            assert bad.status == 400


async def test_page_size_is_clamped_like_teams(connector, http):
    for n in range(60):
        connector.add_member("19:big@thread.tacv2", id=f"29:{n}", name=f"P {n}")
    url = conv_url(connector, "19:big@thread.tacv2", "pagedmembers").with_query({"pageSize": "10"})
    async with http.get(url) as response:
        page = await response.json()
    assert len(page["members"]) == 50  # below 50 is treated as 50
    assert "continuationToken" in page


# ----------------------------------------------------------------------------- refusals and faults


async def test_blocked_user_gets_403(connector, http):
    chat = connector.open_personal_chat(ALICE)
    connector.block_user(ALICE_AAD)
    async with http.post(conv_url(connector, chat, "activities"), json=message()) as response:
        assert response.status == 403
        assert await response.json() == {"error": {"code": "Forbidden", "message": BLOCKED_MESSAGE}}
    assert connector.sent_to(chat) == []
    assert (await send(http, connector, connector.open_personal_chat(BOB))).status == 200
    connector.unblock_user(ALICE_AAD)
    assert (await send(http, connector, chat)).status == 200


async def test_uninstalled_app_refuses_create_conversation(connector, http):
    connector.uninstall_for_user(BOB)
    body = {"members": [{"id": BOB}], "channelData": {"tenant": {"id": connector.tenant_id}}}
    async with http.post(URL(connector.url + "v3/conversations"), json=body) as response:
        assert response.status == 403


async def test_injected_502_twice_then_success(connector, http):
    connector.fail_next("a:chat", status=502, times=2)
    assert (await send(http, connector, "a:other")).status == 200  # other conversations unaffected
    assert (await send(http, connector, "a:chat")).status == 502
    assert (await send(http, connector, "a:chat")).status == 502
    assert (await send(http, connector, "a:chat", "finally")).status == 200
    assert connector.texts("a:chat") == ["finally"]
    assert [r.status for r in connector.requests if r.conversation_id == "a:chat"] == [502, 502, 200]


@pytest.mark.parametrize("status", [412, 429, 503, 504])
async def test_injected_transient_statuses(connector, http, status):
    connector.fail_next(user_id=ALICE, status=status)
    chat = connector.open_personal_chat(ALICE)
    async with http.post(conv_url(connector, chat, "activities"), json=message()) as response:
        assert response.status == status
        assert "code" in (await response.json())["error"]
        if status == 429:
            assert response.headers["Retry-After"] == "1"
    assert (await send(http, connector, chat)).status == 200


async def test_auth_required(clock, http):
    async with FakeConnector(clock=clock, require_auth=True, auth_token="secret") as fake:
        async with http.post(conv_url(fake, "a:chat", "activities"), json=message()) as missing:
            assert missing.status == 401
            assert await missing.json() == {"message": "Authorization has been denied for this request."}
        headers = {"Authorization": "Bearer wrong"}
        async with http.post(conv_url(fake, "a:chat", "activities"), json=message(), headers=headers) as wrong:
            assert wrong.status == 401
        headers = {"Authorization": "Bearer secret"}
        async with http.post(conv_url(fake, "a:chat", "activities"), json=message(), headers=headers) as right:
            assert right.status == 200
        assert len(fake.sent_to("a:chat")) == 1


async def test_bad_input_is_400(connector, http):
    url = conv_url(connector, "a:chat", "activities")
    async with http.post(url, data=b"{not json", headers={"Content-Type": "application/json"}) as bad_json:
        assert bad_json.status == 400
        assert "error" in await bad_json.json()
    async with http.post(url, json={"text": "no type"}) as no_type:
        assert no_type.status == 400
        assert (await no_type.json())["error"]["code"] == "BadArgument"
    async with http.post(url, json=message("x" * 100_000)) as too_big:
        assert too_big.status == 413
    assert connector.activities == []


async def test_strict_mode_refuses_unknown_conversations_and_activities(clock, http):
    async with FakeConnector(clock=clock, strict=True) as fake:
        assert (await send(http, fake, "a:unknown")).status == 404
        chat = fake.open_personal_chat(ALICE)
        assert (await send(http, fake, chat)).status == 200
        async with http.put(conv_url(fake, chat, "activities", "999"), json=message()) as response:
            assert response.status == 404


async def test_a_deleted_message_cannot_be_edited_or_deleted_again_lenient_or_strict(clock, http):
    for strict in (False, True):
        async with FakeConnector(clock=clock, strict=strict) as fake:
            chat = fake.open_personal_chat(ALICE)
            ids = []
            for _ in range(2):
                async with http.post(conv_url(fake, chat, "activities"), json=message()) as response:
                    ids.append((await response.json())["id"])
            async with http.delete(conv_url(fake, chat, "activities", ids[0])) as response:
                assert response.status == 200  # the bot deletes its message
            fake.delete_message(chat, ids[1])  # removed in Teams
            for activity_id in ids:
                async with http.put(
                    conv_url(fake, chat, "activities", activity_id), json=message("edited")
                ) as response:
                    assert response.status == 404
                    assert (await response.json())["error"]["code"] == "ActivityNotFoundInConversation"
                async with http.delete(conv_url(fake, chat, "activities", activity_id)) as response:
                    assert response.status == 404
            assert fake.transcript(chat) == [] and "edited" not in fake.texts(chat)


async def test_activity_ids_are_never_reused_in_a_chat_even_by_a_second_fake():
    """Teams message ids are timestamps: a bot that remembers what it handled must never see one twice."""
    ids = []
    for _ in range(2):
        async with FakeConnector() as fake:
            alice = fake.add_member(TEAM_ID, id=ALICE, name="Alice Smith", aad_object_id=ALICE_AAD)
            ids += [fake.make_message(alice, "hi")["id"] for _ in range(3)]
    assert len(set(ids)) == 6


async def test_latency_is_applied(http):
    import time

    async with FakeConnector(latency=0.05) as fake:
        started = time.perf_counter()
        assert (await send(http, fake, "a:chat")).status == 200
        assert time.perf_counter() - started >= 0.05


# ----------------------------------------------------------------------------- recording


async def test_recording_helpers(connector, http):
    card = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Status"}]}
    with_card = message("", attachments=[{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": card}])
    async with http.post(conv_url(connector, "a:chat", "activities"), json=with_card) as response:
        card_id = (await response.json())["id"]
    async with http.post(conv_url(connector, "a:chat", "activities", card_id), json=message("reply")) as response:
        reply_id = (await response.json())["id"]
    updated = {**card, "body": [{"type": "TextBlock", "text": "Thanks"}]}
    put = message("", attachments=[{"contentType": ADAPTIVE_CARD_CONTENT_TYPE, "content": updated}])
    async with http.put(conv_url(connector, "a:chat", "activities", card_id), json=put) as response:
        assert (await response.json()) == {"id": card_id}
    async with http.delete(conv_url(connector, "a:chat", "activities", reply_id)) as response:
        assert response.status == 200

    assert [(r.conversation_id, r.method) for r in connector.activities] == [
        ("a:chat", "POST"),
        ("a:chat", "POST"),
        ("a:chat", "PUT"),
        ("a:chat", "DELETE"),
    ]
    assert connector.texts() == ["", "reply", ""]
    assert connector.cards("a:chat") == [card, updated]
    assert connector.cards(methods=["POST"]) == [card]
    assert connector.updates_to("a:chat")[0]["id"] == card_id
    assert connector.deleted("a:chat") == [reply_id]
    assert [a["id"] for a in connector.transcript("a:chat")] == [card_id]
    assert connector.transcript("a:chat")[0]["attachments"][0]["content"] == updated
    assert len(await connector.wait_for_activities(2, conversation_id="a:chat", timeout=0.1)) == 2


# ----------------------------------------------------------------------------- botbuilder speaks to it


async def test_botbuilder_connector_client_sends_and_reads_members(connector):
    from botbuilder.schema import Activity, ChannelAccount, ConversationAccount, ConversationParameters
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials
    from botframework.connector.models import ErrorResponseException

    async with ConnectorClient(MicrosoftAppCredentials.empty(), base_url=connector.url) as client:
        created = await client.conversations.create_conversation(
            ConversationParameters(
                bot=ChannelAccount(id=connector.bot_id),
                members=[ChannelAccount(id=ALICE)],
                channel_data={"tenant": {"id": connector.tenant_id}},
                is_group=False,
            )
        )
        assert created.id == connector.personal_conversation_id(ALICE)
        activity = Activity(type="message", text="Your update is due", conversation=ConversationAccount(id=created.id))
        sent = await client.conversations.send_to_conversation(created.id, activity)
        assert sent.id
        reply = await client.conversations.reply_to_activity(created.id, sent.id, Activity(type="message", text="re"))
        await client.conversations.update_activity(created.id, sent.id, Activity(type="message", text="edited"))
        await client.conversations.delete_activity(created.id, reply.id)

        member = await client.conversations.get_conversation_member(TEAM_ID, ALICE_AAD)
        assert member.id == ALICE
        assert member.additional_properties["email"] == "alice@example.org"
        assert member.aad_object_id == ALICE_AAD
        page = await client.conversations.get_teams_conversation_paged_members(TEAM_ID, 100)
        assert {m.id for m in page.members} == {ALICE, BOB}
        assert page.members[0].email == "alice@example.org"

        with pytest.raises(ErrorResponseException) as missing:
            await client.conversations.get_conversation_member(TEAM_ID, "29:nobody")
        assert missing.value.response.status_code == 404
        assert missing.value.error.error.code == "MemberNotFoundInConversation"

        connector.fail_next(created.id, status=502)
        with pytest.raises(ErrorResponseException) as failed:
            await client.conversations.send_to_conversation(created.id, activity)
        assert failed.value.response.status_code == 502

    assert connector.texts(created.id) == ["Your update is due", "re", "edited"]
    assert connector.deleted(created.id) == [reply.id]


async def test_botbuilder_sends_the_bearer_token(clock):
    from botbuilder.schema import Activity
    from botframework.connector.aio import ConnectorClient
    from botframework.connector.auth import MicrosoftAppCredentials
    from botframework.connector.models import ErrorResponseException

    class FixedTokenCredentials(MicrosoftAppCredentials):
        def get_access_token(self, force_refresh: bool = False) -> str:
            return "secret"

    async with FakeConnector(clock=clock, require_auth=True, auth_token="secret", path_prefix="emea") as fake:
        assert fake.url.endswith("/emea/")
        async with ConnectorClient(FixedTokenCredentials("app-id", "pw"), base_url=fake.url) as client:
            await client.conversations.send_to_conversation("a:chat", Activity(type="message", text="hi"))
        async with ConnectorClient(MicrosoftAppCredentials.empty(), base_url=fake.url) as anonymous:
            with pytest.raises(ErrorResponseException) as refused:
                await anonymous.conversations.send_to_conversation("a:chat", Activity(type="message", text="x"))
            assert refused.value.response.status_code == 401
        assert fake.texts() == ["hi"]


async def test_cloud_adapter_proactive_send_create_conversation_and_get_member(connector):
    from botbuilder.core import TurnContext
    from botbuilder.core.teams import TeamsInfo
    from botbuilder.integration.aiohttp import CloudAdapter, ConfigurationBotFrameworkAuthentication
    from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationParameters, ConversationReference

    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(SimpleNamespace(APP_ID="", APP_PASSWORD="")))
    looked_up: list[Any] = []
    created: list[str] = []

    async def greet(context: TurnContext) -> None:
        created.append(context.activity.conversation.id)
        await context.send_activity("Time for your status update")
        looked_up.append(await TeamsInfo.get_member(context, ALICE))

    await adapter.create_conversation(
        "",
        greet,
        ConversationParameters(
            bot=ChannelAccount(id=connector.bot_id),
            members=[ChannelAccount(id=ALICE)],
            channel_data={"tenant": {"id": connector.tenant_id}},
            tenant_id=connector.tenant_id,
            is_group=False,
        ),
        "msteams",
        connector.url,
        None,
    )
    assert created == [connector.personal_conversation_id(ALICE)]
    assert looked_up[0].email == "alice@example.org"
    assert looked_up[0].aad_object_id == ALICE_AAD

    reference = ConversationReference(
        channel_id="msteams",
        service_url=connector.url,
        conversation=ConversationAccount(id=created[0], tenant_id=connector.tenant_id),
        bot=ChannelAccount(id=connector.bot_id),
        user=ChannelAccount(id=ALICE),
    )

    async def remind(context: TurnContext) -> None:
        await context.send_activity("A gentle reminder")

    await adapter.continue_conversation(reference, remind, "")
    assert connector.texts(created[0]) == ["Time for your status update", "A gentle reminder"]


# ----------------------------------------------------------------------------- team details


async def test_team_details_name_the_group_id_of_a_team_the_bot_is_in_and_refuse_any_other(connector, http):
    """`GET /v3/teams/{teamId}` as in "Get Teams specific context for your bot": id, name and the
    Microsoft 365 group id; a team the bot is not in is refused as Teams does (403)."""
    connector.add_team(TEAM_ID, "2e3f4a5b-0000-4000-8000-00000000abcd", name="Digital First leads")
    url = URL(connector.url + "v3/teams/" + quote(TEAM_ID, safe=""), encoded=True)
    async with http.get(url) as response:
        assert response.status == 200
        assert await response.json() == {
            "id": TEAM_ID,
            "name": "Digital First leads",
            "aadGroupId": "2e3f4a5b-0000-4000-8000-00000000abcd",
        }
    other = URL(connector.url + "v3/teams/" + quote("19:other@thread.tacv2", safe=""), encoded=True)
    async with http.get(other) as response:
        assert response.status == 403
        assert (await response.json())["error"]["code"] == "BotNotInConversationRoster"


async def test_an_activity_is_measured_as_teams_measures_it_in_utf16(connector, http):
    """Teams: about 100 KB, the message encoded as UTF-16. 40,000 plain characters are 40 KB in UTF-8
    but 80 KB as Teams counts; 60,000 are 120 KB: refused with MessageSizeTooBig."""
    url = conv_url(connector, "a:chat", "activities")
    async with http.post(url, json=message("x" * 40_000)) as fits:
        assert fits.status == 200
    async with http.post(url, json=message("x" * 60_000)) as too_big:
        assert too_big.status == 413
        assert (await too_big.json())["error"]["code"] == "MessageSizeTooBig"
    assert len(connector.activities) == 1


async def test_a_private_channel_without_the_app_refuses_posts_until_it_is_added(connector, http):
    channel = "19:private@thread.tacv2"
    connector.channel_without_app(channel)
    for target in (channel, f"{channel};messageid=123"):
        async with http.post(conv_url(connector, target, "activities"), json=message("digest")) as refused:
            assert refused.status == 403
            assert (await refused.json())["error"]["code"] == "BotNotInConversationRoster"
    connector.add_app_to_channel(channel)
    async with http.post(conv_url(connector, channel, "activities"), json=message("digest")) as accepted:
        assert accepted.status == 200
    assert connector.texts(channel) == ["digest"]


async def test_an_answer_lost_after_arrival_keeps_the_message(connector, http):
    """`arrived=True`: the message is stored, then the connection drops (status 0) or an error is answered."""
    connector.fail_next("a:chat", status=0, arrived=True)
    with pytest.raises(aiohttp.ClientError):
        await send(http, connector, "a:chat", "kept")
    connector.fail_next("a:chat", status=504, arrived=True)
    assert (await send(http, connector, "a:chat", "kept too")).status == 504
    assert (await send(http, connector, "a:chat", "normal")).status == 200
    assert connector.texts("a:chat") == ["kept", "kept too", "normal"]


async def test_observers_see_every_stored_activity_with_its_conversation_and_method(connector, http):
    seen: list[tuple[str, str, str]] = []
    connector.observers.append(
        lambda conversation, activity, method: seen.append((conversation, activity["text"], method))
    )
    connector.fail_next("a:chat", status=503)
    assert (await send(http, connector, "a:chat", "refused")).status == 503
    assert (await send(http, connector, "19:c@thread.tacv2;messageid=1", "in a thread")).status == 200
    assert seen == [("19:c@thread.tacv2;messageid=1", "in a thread", "POST")]
