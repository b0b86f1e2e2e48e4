"""Attacks on `/api/messages` over real HTTP, with an app id configured and locally signed JWTs; the
edge's own refusals (size, JSON, tenants, unknown kinds); and user text shown everywhere escaped.

The bot runs for real (aiohttp, CloudAdapter, botbuilder's own channel-token validation) with
`BOT_OPENID_METADATA` pointing at tests/fakes/openid.py, which publishes an RSA key and signs
Bot Framework-style tokens with it. Replies go to a FakeConnector that demands the bot's outbound
token (issued by the same fake), so an accepted turn proves both directions of authentication.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import io
import json
import logging
import time
from contextlib import asynccontextmanager
from typing import Any

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from dfbot.web import MESSAGES_ENDPOINT
from infra.logs import configure
from services import digest as digest_service
from store.db import Database, upgrade
from store.models import ConversationRef, Person, StatusUpdate
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector
from tests.fakes.openid import NULL, FakeBotFrameworkIdentity, SigningKey, install_outbound_credentials
from tests.update_fixtures import ADA, AMBER, NOW, PRIYA, chat, click, invoke, member, seed, texts

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
APP_PASSWORD = "bot-secret-Zq8~not-a-real-one"
TENANT = A.TENANT


# ----------------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def identity():
    fake = FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT)
    # Published from the start: botbuilder caches the key set for a day once it has fetched it.
    fake.webchat_only = SigningKey(endorsements=("webchat",))
    fake.published.append(fake.webchat_only)
    with fake:
        yield fake


@pytest.fixture
async def sqlite_db(tmp_path):
    """Refusals never touch the database: one backend is enough to see that nothing was stored."""
    url = f"sqlite+aiosqlite:///{tmp_path}/security.sqlite3"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    yield database
    await database.dispose()


@asynccontextmanager
async def secured_bot(db: Database, identity: FakeBotFrameworkIdentity, **overrides: Any):
    """The real app with an app id: no anonymous calls; inbound tokens checked against the fake's keys."""
    settings = {
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "app_tenant_id": TENANT,
        "openid_metadata_url": identity.metadata_url,
        **overrides,
    }
    async with running_bot(db, **settings) as bot:
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
        install_outbound_credentials(endpoint.adapter, identity)
        turns: list[str] = []
        real_on_turn = endpoint.bot.on_turn

        async def recording_on_turn(context):
            turns.append(context.activity.type)
            await real_on_turn(context)

        endpoint.bot.on_turn = recording_on_turn  # the endpoint looks it up per request
        bot.turns = turns
        bot.endpoint = endpoint
        yield bot


def authed_connector(identity: FakeBotFrameworkIdentity) -> FakeConnector:
    return FakeConnector(require_auth=True, auth_token=identity.outbound_token)


async def nothing_stored(db: Database) -> None:
    async with db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(Person))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(ConversationRef))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(StatusUpdate))).scalar_one() == 0


# ----------------------------------------------------------------------------------- forged tokens


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unsigned(header: dict[str, Any], claims: dict[str, Any], signature: bytes = b"") -> str:
    head = _b64(json.dumps(header).encode()) + "." + _b64(json.dumps(claims).encode())
    return head + "." + _b64(signature)


def _alg_none(identity: FakeBotFrameworkIdentity, service_url: str) -> str:
    return _unsigned({"alg": "none", "typ": "JWT", "kid": identity.key.kid}, identity.channel_claims(service_url))


def _hs256_with_public_key(identity: FakeBotFrameworkIdentity, service_url: str) -> str:
    """The classic confusion attack: HMAC-sign with the published public key as the secret."""
    pem = identity.key.private.public_key().public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    header = {"alg": "HS256", "typ": "JWT", "kid": identity.key.kid}
    unsigned = _unsigned(header, identity.channel_claims(service_url)).rsplit(".", 1)[0]
    return unsigned + "." + _b64(hmac.new(pem, unsigned.encode(), hashlib.sha256).digest())


def _tampered(identity: FakeBotFrameworkIdentity, service_url: str) -> str:
    """A genuine token whose claims were edited afterwards (the signature no longer matches)."""
    head, _, sig = identity.channel_token(service_url, aud="someone-else").split(".")
    return f"{head}.{_b64(json.dumps(identity.channel_claims(service_url)).encode())}.{sig}"


def _header(kind: str, identity: FakeBotFrameworkIdentity, url: str) -> dict[str, str]:
    now = int(time.time())
    bearer = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731  # a one-line helper, kept beside its use
    tokens = {
        "no header": lambda: {},
        "empty bearer": lambda: {"Authorization": "Bearer "},
        "not a jwt": lambda: bearer("not-a-jwt"),
        "three dots of junk": lambda: bearer("a.b.c"),
        "basic auth": lambda: {"Authorization": "Basic YWxhZGRpbjpvcGVuc2VzYW1l"},
        "lower-case scheme": lambda: {"Authorization": f"bearer {identity.channel_token(url)}"},
        "token twice": lambda: {"Authorization": f"Bearer {identity.channel_token(url)} {identity.channel_token(url)}"},
        "unknown key and kid": lambda: bearer(identity.channel_token(url, key=identity.unpublished)),
        "unknown key, published kid": lambda: bearer(
            identity.channel_token(url, key=identity.unpublished, kid=identity.key.kid)
        ),
        "no kid": lambda: bearer(identity.channel_token(url, kid=None)),
        "alg none": lambda: bearer(_alg_none(identity, url)),
        "hs256 with the public key": lambda: bearer(_hs256_with_public_key(identity, url)),
        "tampered claims": lambda: bearer(_tampered(identity, url)),
        "wrong audience": lambda: bearer(identity.channel_token(url, aud="00000000-0000-0000-0000-00000000bad0")),
        "no audience": lambda: bearer(identity.channel_token(url, aud=None)),
        "wrong issuer": lambda: bearer(identity.channel_token(url, iss="https://login.evil.example")),
        "no issuer": lambda: bearer(identity.channel_token(url, iss=None)),
        "null issuer": lambda: bearer(identity.channel_token(url, iss=NULL)),
        "expired beyond the skew": lambda: bearer(identity.channel_token(url, exp=now - 301 - 60, nbf=now - 3600)),
        "not valid yet": lambda: bearer(identity.channel_token(url, nbf=now + 301 + 60)),
        "serviceurl of another service": lambda: bearer(identity.channel_token(url.replace("127.0.0.1", "localhost"))),
        "serviceurl of Teams": lambda: bearer(identity.channel_token("https://smba.trafficmanager.net/emea/")),
        "no serviceurl": lambda: bearer(identity.channel_token(url, serviceurl=None)),
    }
    return tokens[kind]()


REFUSALS = [
    "no header",
    "empty bearer",
    "not a jwt",
    "three dots of junk",
    "basic auth",
    "lower-case scheme",
    "token twice",
    "unknown key and kid",
    "unknown key, published kid",
    "no kid",
    "alg none",
    "hs256 with the public key",
    "tampered claims",
    "wrong audience",
    "no audience",
    "wrong issuer",
    "no issuer",
    "null issuer",
    "expired beyond the skew",
    "not valid yet",
    "serviceurl of another service",
    "serviceurl of Teams",
    "no serviceurl",
]


# ----------------------------------------------------------------------------------- authentication


async def test_a_correctly_signed_channel_token_is_accepted_and_the_bot_answers(db, identity):
    async with authed_connector(identity) as connector, secured_bot(db, identity) as bot:
        lead = connector.add_member(
            "team-1", id="29:lead-1", name="Priya Shah", aad_object_id="aad-priya", email="priya.shah@council.example"
        )
        status, _ = await bot.post(connector.make_message(lead, "help"), identity.authorization(connector.url))
        [card] = connector.cards()
        statuses = connector.status_counts()
    assert status == 200
    assert "What I can do" in texts(card)
    assert 401 not in statuses  # the reply and the member lookup carried the outbound token
    assert any(r["client_id"] == APP_ID for r in identity.token_requests)
    assert bot.turns == ["message"] and bot.endpoint.errors == 0
    async with db.unit_of_work() as s:
        person = (await s.execute(select(Person))).scalar_one()
    assert person.email == "priya.shah@council.example"  # Teams' member lookup, authenticated


async def test_expect_replies_needs_no_outbound_token_and_is_accepted(sqlite_db, identity):
    url = "http://127.0.0.1:9/"
    async with secured_bot(sqlite_db, identity) as bot:
        status, body = await bot.post(
            A.message("help", service_url=url, expect_replies=True), identity.authorization(url)
        )
    assert status == 200
    [reply] = body["activities"]
    assert "What I can do" in texts(reply["attachments"][0]["content"])


@pytest.mark.parametrize("skew", ["expired 2 minutes ago", "valid from 2 minutes from now"])
async def test_five_minutes_of_clock_skew_are_allowed(sqlite_db, identity, skew):
    now, url = int(time.time()), "http://127.0.0.1:9/"
    claims = {"exp": now - 120, "nbf": now - 3600} if skew.startswith("expired") else {"nbf": now + 120}
    async with secured_bot(sqlite_db, identity) as bot:
        status, _ = await bot.post(
            A.message("help", service_url=url, expect_replies=True),
            {"Authorization": f"Bearer {identity.channel_token(url, **claims)}"},
        )
    assert status == 200


@pytest.mark.parametrize("kind", REFUSALS)
async def test_requests_without_a_valid_channel_token_are_refused_and_change_nothing(sqlite_db, identity, kind):
    async with authed_connector(identity) as connector, secured_bot(sqlite_db, identity) as bot:
        lead = connector.add_member(
            "team-1", id="29:lead-1", name="Priya Shah", aad_object_id="aad-priya", email="priya.shah@council.example"
        )
        for activity in (
            connector.make_message(lead, "help"),
            A.invoke_action(
                "update.submit", {"project": "DC01", "cycle": "2026-W48", **AMBER}, service_url=connector.url
            ),
        ):
            status, body = await bot.post(activity, _header(kind, identity, connector.url))
            assert status in (401, 403), (kind, status, body)
            assert body["error"]["code"] in ("Unauthorized", "Forbidden")
        assert connector.requests == []  # nothing was sent, not even a member lookup
    assert bot.turns == []  # never reached the bot logic
    assert bot.endpoint.errors == 0 and sum(bot.endpoint.refused.values()) == 2
    await nothing_stored(sqlite_db)


async def test_a_key_endorsed_for_other_channels_cannot_sign_for_teams(sqlite_db, identity):
    url = "http://127.0.0.1:9/"
    token = {"Authorization": f"Bearer {identity.channel_token(url, key=identity.webchat_only)}"}
    teams = A.message("help", service_url=url, expect_replies=True)
    webchat = {**A.message("help", service_url=url, expect_replies=True), "channelId": "webchat"}
    async with secured_bot(sqlite_db, identity) as bot:
        assert (await bot.post(teams, token))[0] == 401  # the key is not endorsed for msteams
        assert (await bot.post(webchat, token))[0] == 200  # ...but it is a published, valid key
    assert bot.turns == ["message"]


async def test_a_token_for_one_service_url_cannot_carry_an_activity_naming_another(sqlite_db, identity):
    """A token stolen from one conversation must not let its holder make the bot call somewhere else."""
    async with authed_connector(identity) as connector, secured_bot(sqlite_db, identity) as bot:
        lead = connector.add_member("team-1", id="29:lead-1", name="Priya Shah", aad_object_id="aad-priya")
        genuine = identity.authorization("https://smba.trafficmanager.net/emea/")
        activity = connector.make_message(lead, "help")  # serviceUrl: the connector, which is not in the token
        status, _ = await bot.post(activity, genuine)
        assert status in (401, 403) and connector.requests == []
    assert bot.turns == []


# ----------------------------------------------------------------------------------- tenants


@pytest.mark.parametrize("where", ["conversation", "channelData only"])
async def test_the_tenant_allow_list_admits_listed_tenants(sqlite_db, where):
    activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
    if where == "channelData only":
        del activity["conversation"]["tenantId"]
    async with running_bot(sqlite_db, allowed_tenant_ids=f"other-tenant; {TENANT}") as bot:
        status, _ = await bot.post(activity)
    assert status == 200


@pytest.mark.parametrize("configured,sent", [("upper", "lower"), ("lower", "upper")])
async def test_the_tenant_allow_list_ignores_case(sqlite_db, configured, sent):
    """A tenant id is a GUID: the one pasted into ALLOWED_TENANT_IDS from the Azure portal and the one
    Teams sends may differ in case, and must still match (issue 22)."""
    tenant = "6E1B3C2A-1F0D-4C5B-9A7E-0D2F4B6C8A10"
    activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
    activity["conversation"]["tenantId"] = activity["channelData"]["tenant"]["id"] = getattr(tenant, sent)()
    async with running_bot(sqlite_db, allowed_tenant_ids=f"other-tenant;{getattr(tenant, configured)()}") as bot:
        status, _ = await bot.post(activity)
    assert status == 200


@pytest.mark.parametrize(
    "shape,expected",
    [
        ("other tenant", 403),
        ("no tenant anywhere", 403),
        ("tenant id a number", 403),
        ("channelData a string", 400),
        ("tenant a string", 400),
        ("channelData a list", 400),  # unreadable: malformed
    ],
)
async def test_the_tenant_allow_list_refuses_everyone_else(sqlite_db, shape, expected):
    activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
    del activity["conversation"]["tenantId"]
    activity["channelData"] = {
        "other tenant": {"tenant": {"id": "some-other-tenant"}},
        "no tenant anywhere": {},
        "channelData a string": "tenant",
        "tenant a string": {"tenant": TENANT},
        "tenant id a number": {"tenant": {"id": 42}},
        "channelData a list": [{"tenant": {"id": TENANT}}],
    }[shape]
    async with running_bot(sqlite_db, allowed_tenant_ids=TENANT) as bot:
        status, body = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == expected and body["error"]["code"] == ("Forbidden" if expected == 403 else "BadArgument")
    assert endpoint.errors == 0
    await nothing_stored(sqlite_db)


async def test_an_unauthenticated_caller_learns_nothing_about_the_tenant_allow_list(sqlite_db, identity):
    """Authentication comes first: without a token, a listed and an unlisted tenant both get 401."""
    url = "http://127.0.0.1:9/"
    listed = A.message("help", service_url=url, expect_replies=True)
    unlisted = A.message("help", service_url=url, expect_replies=True)
    unlisted["conversation"]["tenantId"] = unlisted["channelData"]["tenant"]["id"] = "not-listed"
    async with secured_bot(sqlite_db, identity, allowed_tenant_ids=TENANT) as bot:
        assert (await bot.post(listed))[0] == 401
        assert (await bot.post(unlisted))[0] == 401
        assert (await bot.post(unlisted, identity.authorization(url)))[0] == 403
        assert (await bot.post(listed, identity.authorization(url)))[0] == 200


# ----------------------------------------------------------------------------------- the edge's own refusals


async def _raw(
    bot, payload: bytes, *, content_type: str = "application/json", chunked: bool = False
) -> tuple[int, Any]:
    if chunked:

        async def chunks():
            for i in range(0, len(payload), 65536):
                yield payload[i : i + 65536]

        data: Any = chunks()
    else:
        data = payload
    async with bot.http.post(bot.url, data=data, headers={"Content-Type": content_type}) as resp:
        return resp.status, (await resp.json() if resp.content_type == "application/json" else await resp.text())


@pytest.mark.parametrize(
    "case,payload,expected",
    [
        ("not json", b"{not json", 400),
        ("not utf-8", b'{"type": "message", "text": "\xff\xfe"}', 400),
        ("a json array", b'[{"type": "message"}]', 400),
        ("a json string", b'"message"', 400),
        ("type is a number", b'{"type": 7, "serviceUrl": "http://x/", "conversation": {"id": "c"}}', 400),
        ("type is empty", b'{"type": "", "serviceUrl": "http://x/", "conversation": {"id": "c"}}', 400),
        ("no conversation", b'{"type": "message", "serviceUrl": "http://x/"}', 400),
        ("no serviceUrl", b'{"type": "message", "conversation": {"id": "c"}}', 400),
        ("nested 100,000 deep", b'{"type": "message", "value": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", 400),
        ("over the size limit", b'{"type": "message", "text": "' + b"x" * 300_000 + b'"}', 413),
    ],
)
async def test_malformed_and_oversized_bodies_get_a_clear_4xx_never_a_500(sqlite_db, case, payload, expected):
    async with running_bot(sqlite_db) as bot:
        status, body = await _raw(bot, payload)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == expected, (case, body)
    assert "error" in body and endpoint.errors == 0 and sum(endpoint.refused.values()) == 1
    await nothing_stored(sqlite_db)


async def test_an_oversized_body_sent_without_a_content_length_is_refused_too(sqlite_db):
    payload = json.dumps(A.message("x" * 400_000, service_url="http://127.0.0.1:9/")).encode()
    async with running_bot(sqlite_db) as bot:
        status, _ = await _raw(bot, payload, chunked=True)
    assert status == 413
    await nothing_stored(sqlite_db)


async def test_the_size_limit_is_configurable(sqlite_db):
    activity = A.message("help " + "x" * 3000, service_url="http://127.0.0.1:9/", expect_replies=True)
    async with running_bot(sqlite_db, max_body_bytes=2048) as bot:
        status, _ = await bot.post(activity)
    assert status == 413


@pytest.mark.parametrize(
    "kind",
    [
        "typing",
        "event",
        "messageReaction",
        "endOfConversation",
        "handoff",
        "trace",
        "somethingNew",
        "contactRelationUpdate",
        "messageUpdate",
        "messageDelete",
    ],
)
async def test_unknown_and_unused_activity_types_are_politely_ignored(sqlite_db, kind):
    activity = A.message("help", service_url="http://127.0.0.1:9/")
    activity["type"] = kind
    async with running_bot(sqlite_db) as bot:
        status, _ = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 200 and endpoint.errors == 0


@pytest.mark.parametrize("name", ["task/fetch", "config/fetch", "signin/verifyState", "no/such/invoke", None])
async def test_invokes_the_bot_does_not_handle_get_a_4xx_not_a_501(sqlite_db, name):
    activity = A.invoke_action("help", {}, service_url="http://127.0.0.1:9/")
    activity["name"] = name
    async with running_bot(sqlite_db) as bot:
        status, body = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status < 500 and endpoint.errors == 0, body
    if status >= 400:
        assert body["error"]["code"] == "NotSupported"


# ----------------------------------------------------------------------------------- shapes that used to crash a turn
# (found by tests/test_property_activities.py; each was a 500, or a failed turn, before the fix)


async def test_a_member_added_who_teams_cannot_find_does_not_fail_the_turn(sqlite_db):
    """botbuilder looked every added member up and failed the turn on MemberNotFoundInConversation."""
    async with FakeConnector() as connector, running_bot(sqlite_db) as bot:
        gone = {"id": "29:left-again", "name": "Left Again", "aadObjectId": "aad-left"}  # on no roster
        status, _ = await bot.post(
            A.members_added(
                [gone, A.BOT],
                service_url=connector.url,
                conversation_id="19:general@thread.tacv2",
                conversation_type="channel",
                team_id="19:team@thread.tacv2",
            )
        )
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
        lookups = [r for r in connector.requests if "/members/" in r.path]
    assert status == 200 and endpoint.errors == 0
    assert len(lookups) <= 1  # the sender's own identity lookup (which may fail); none per added member


async def test_a_teams_conversation_update_without_channel_data_does_not_fail_the_turn(sqlite_db):
    activity = A.members_added([A.user(1), A.BOT], service_url="http://127.0.0.1:9/", conversation_id="a:x")
    activity.pop("channelData")
    activity["deliveryMode"] = "expectReplies"
    async with running_bot(sqlite_db) as bot:
        status, _ = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 200 and endpoint.errors == 0


@pytest.mark.parametrize(
    "field,value",
    [
        ("membersAdded", [None]),
        ("membersRemoved", [None, {"id": "29:x"}]),
        ("entities", [None]),
        ("attachments", [None]),
        ("channelData", {"team": "not an object"}),
        ("channelData", {"channel": 7, "eventType": "channelCreated"}),
    ],
)
async def test_unreadable_lists_and_channel_data_are_refused_with_400(sqlite_db, field, value):
    activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
    activity["type"] = "conversationUpdate"
    activity[field] = value
    async with running_bot(sqlite_db) as bot:
        status, body = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 400 and body["error"]["code"] == "BadArgument" and endpoint.errors == 0
    await nothing_stored(sqlite_db)


async def test_a_malformed_value_on_an_invoke_the_bot_does_not_offer_is_a_400_not_a_500(sqlite_db):
    """(Message extension invokes are the bot's own now: a malformed one is an empty result with 200,
    tests/test_message_extension.py.)"""
    activity = A.invoke_action("x", {}, service_url="http://127.0.0.1:9/")
    activity.update(
        {"name": "task/fetch", "value": {"commandId": ["not", "a", "string"], "parameters": "should be a list"}}
    )
    async with running_bot(sqlite_db) as bot:
        status, body = await bot.post(activity)
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 400 and body["error"]["code"] == "NotSupported" and endpoint.errors == 0


async def test_a_turn_that_fails_is_counted_logged_and_answered_honestly(sqlite_db, caplog):
    """What the adapter's error handler swallows is still counted: a message gets the apology (200),
    an invoke a 500 (there is no answer to give), and neither leaks the error to the caller."""
    async with FakeConnector() as connector, running_bot(sqlite_db) as bot:
        endpoint = bot.server.app[MESSAGES_ENDPOINT]

        async def broken(turn, data):
            raise RuntimeError("kaboom-internal-detail")

        endpoint.bot.actions.verb("test.broken")(broken)
        member_ = connector.add_member("team-1", id="29:u", name="U Ser", aad_object_id="aad-u")
        with caplog.at_level(logging.INFO):
            message = connector.make_message(member_, value={"verb": "test.broken"})
            status, _ = await bot.post(message)
            assert status == 200 and endpoint.errors == 1
            assert any("went wrong on my side" in t for t in connector.texts())
            status, body = await bot.post(A.invoke_action("test.broken", {}, service_url=connector.url))
            assert status == 500 and endpoint.errors == 2
            assert "kaboom" not in json.dumps(body)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR and "turn failed" in r.getMessage()]


# ----------------------------------------------------------------------------------- escaping user text

SCRIPT = "<script>alert(1)</script>"
LINK = "[click](https://evil.example)"
MENTION = "<at>Everyone</at>"
NASTY = f"{SCRIPT} {LINK} {MENTION} **bold** # heading"


@pytest.fixture
def captured_logs():
    """Logging the way `dfbot serve` sets it up, at DEBUG, into a buffer; put back afterwards."""
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    levels = {name: logging.getLogger(name).level for name in logging.root.manager.loggerDict}
    buffer = io.StringIO()
    configure("DEBUG", stream=buffer, secrets=[APP_PASSWORD])
    yield buffer
    root.handlers[:], level = saved
    root.setLevel(level)
    for name, lvl in levels.items():
        logging.getLogger(name).setLevel(lvl)


def _prompt_card(connector: FakeConnector, ref: str) -> dict:
    [card] = [
        c
        for c in connector.cards(chat(connector, PRIYA))
        if c.get("actions") and c["actions"][0]["data"].get("project") == ref
    ]
    return card


def _assert_neutralised_in_card(text: str) -> None:
    assert "<script>" not in text and "<at>" not in text
    assert "[click](" not in text and "**bold**" not in text
    assert "script" in text and "evil.example" in text  # shown, as text


def _assert_neutralised_in_html(page: str) -> None:
    assert "<script>alert" not in page and "<at>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page  # shown as text
    assert 'href="https://evil.example' not in page


@asynccontextmanager
async def _programme(db: Database):
    """Three projects and their leads on a FakeConnector; a cycle opened by the admin in Teams."""
    async with FakeConnector() as connector:
        await seed(db, connector)
        async with running_bot(db) as bot:
            bot.context.clock = lambda: NOW
            status, _ = await bot.post(connector.make_message(member(connector, PRIYA), "help"))
            assert status == 200
            status, _ = await bot.post(connector.make_message(member(connector, ADA), "cycle open"))
            assert status == 200
            await bot.context.drain()
            yield bot, connector
            await bot.context.drain()


async def _submit(bot, connector, ref: str, **fields: Any) -> dict:
    status, body = await bot.post(
        invoke(connector, PRIYA, click(_prompt_card(connector, ref), "Submit update", **fields))
    )
    assert status == 200, body
    return body


async def test_html_markdown_and_mentions_typed_in_an_update_are_neutralised_everywhere(db, captured_logs):
    fields = {
        **AMBER,
        "rag": "red",
        "rag_reason": NASTY,
        "summary": NASTY,
        "blockers": NASTY,
        "asks_of_dlg": NASTY,
        "risk_1": NASTY,
        "risk_1_sensitive": "false",
        "achievements": NASTY,
        "next_steps": NASTY,
    }
    async with _programme(db) as (bot, connector):
        body = await _submit(bot, connector, "DC01", **fields)
        assert body["type"] == "application/vnd.microsoft.card.adaptive"
        summary_card = texts(body["value"])
        _assert_neutralised_in_card(summary_card)
        assert "Update saved" in summary_card

        # the digest: card, HTML message and the standalone page
        view = await digest_service.ensure_draft(
            bot.context, (await digest_service.latest_period(bot.context)), refresh=True, actor="test"
        )
        rendered = digest_service.render(view)
        _assert_neutralised_in_html(rendered.html)
        _assert_neutralised_in_html(rendered.document)
        digest_card = json.dumps(rendered.card, ensure_ascii=False)
        assert "<script>" not in digest_card and "[click](" not in digest_card and "<at>" not in digest_card
        assert "evil.example" in digest_card  # the red project's reason is in it, as text

        # the dashboard's project page and its digest page (local mode: content in the page)
        async with bot.http.get(bot.server.make_url("/dashboard/projects/DC01")) as resp:
            assert resp.status == 200
            _assert_neutralised_in_html(await resp.text())
        async with bot.http.get(bot.server.make_url(f"/dashboard/digests/{view.period_key}")) as resp:
            assert resp.status == 200
            page = await resp.text()
            assert "<script>alert" not in page and 'href="https://evil.example' not in page

        # the summary of a later prompt, and the admin lists, quote nobody's text unescaped
        for card in connector.cards():
            dumped = json.dumps(card, ensure_ascii=False)
            assert "<script>" not in dumped and "[click](https://evil" not in dumped
    logs = captured_logs.getvalue()
    assert logs, "nothing was logged: the capture is not working"
    assert "<script>" not in logs and "evil.example" not in logs and "Everyone" not in logs  # nothing typed is logged
    [stored] = [u for u in await _updates(db) if u.rag == "red"]
    assert stored.summary == NASTY and stored.asks_of_dlg == NASTY  # stored as typed, escaped when shown


async def test_a_10000_character_field_is_refused_with_a_clear_error_and_nothing_is_stored(db):
    huge = "A" * 9_990 + SCRIPT[:10]
    async with _programme(db) as (bot, connector):
        for field in ("summary", "rag_reason", "achievements", "next_steps", "blockers", "asks_of_dlg", "risk_1"):
            body = await _submit(bot, connector, "DC01", **{**AMBER, field: huge})
            shown = texts(body["value"])
            assert "Nothing was saved" in shown, field
            assert "too long: keep it under" in shown and "(it has 10000)" in shown, field
            kept = [i for i in _inputs(body["value"]) if i.get("id") == field]
            assert kept and kept[0]["value"] == huge, field  # what was typed is kept, whole, in its input box
            assert huge not in shown.replace(huge, "", 1), field  # ...and nowhere else
    assert await _updates(db) == []


async def test_fields_at_their_limit_are_stored_whole_and_shown_whole(db):
    from programme.updates import RISK_LIMIT, TEXT_LIMITS

    longest = {k: (f"{k.replace('_', ' ')} " + "word " * 1000)[: limit - 1] + "." for k, limit in TEXT_LIMITS.items()}
    longest["risk_1"] = ("risk " * 200)[: RISK_LIMIT - 1] + "."
    async with _programme(db) as (bot, connector):
        body = await _submit(bot, connector, "DC02", **{**AMBER, **longest})
        shown = texts(body["value"])
    assert "Nothing was saved" not in shown
    [stored] = await _updates(db)
    for key, value in longest.items():
        if key != "risk_1":
            assert getattr(stored, key) == value, key  # never silently cut
    assert stored.risks[0]["text"] == longest["risk_1"]
    for key in TEXT_LIMITS:
        assert longest[key] in shown, key  # the lead sees what was saved, all of it


async def test_huge_text_in_a_plain_message_gets_an_answer_not_an_error(sqlite_db, captured_logs):
    text = NASTY + " " + "x" * 10_000
    async with running_bot(sqlite_db) as bot:
        status, body = await bot.post(A.message(text, service_url="http://127.0.0.1:9/", expect_replies=True))
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 200 and endpoint.errors == 0
    replies = json.dumps(body["activities"], ensure_ascii=False)
    assert "<script>" not in replies and "[click](https://evil" not in replies
    assert "x" * 10_000 not in replies
    assert "x" * 100 not in captured_logs.getvalue() and "<script>" not in captured_logs.getvalue()


def _inputs(card: dict) -> list[dict]:
    found: list[dict] = []
    stack: list = [card]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            if str(node.get("type", "")).startswith("Input."):
                found.append(node)
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)
    return found


async def _updates(db: Database) -> list[StatusUpdate]:
    async with db.unit_of_work() as s:
        return list((await s.execute(select(StatusUpdate).order_by(StatusUpdate.id))).scalars())
