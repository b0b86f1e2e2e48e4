"""Authentication before any costly work at `/api/messages`.

With an app id set, an unauthenticated request is refused without its body ever becoming a botbuilder
`Activity` (msrest walks every node) or its channel data being read: spies on both prove it, and the
same spies see both happen for an authenticated request (so they can fail). Before anything else the
parsed JSON's shape is bounded: nothing nested deeper than 32, no list longer than 1,000 items.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

import pytest
from botbuilder.schema import Activity
from botbuilder.schema.teams import TeamsChannelData

import bot.activity_reading as reading_module
import bot.endpoint as endpoint_module
from bot.body import MAX_DEPTH, MAX_ITEMS, claimed, too_complex
from dfbot.web import MESSAGES_ENDPOINT
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.openid import FakeBotFrameworkIdentity

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
APP_PASSWORD = "bot-secret-Zq8~not-a-real-one"
URL = "http://127.0.0.1:9/"


@pytest.fixture(scope="module")
def identity():
    with FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=A.TENANT) as fake:
        yield fake


class WatchedBody(dict):
    """The parsed body, noting every read of its `channelData`."""

    def __init__(self, data: dict[str, Any], reads: list[str]) -> None:
        super().__init__(data)
        self._reads = reads

    def _note(self, key: Any) -> None:
        if key == "channelData":
            self._reads.append("channelData")

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def get(self, key, default=None):
        self._note(key)
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self._note(key)
        return super().__contains__(key)


@pytest.fixture
def spies(monkeypatch):
    """Record every Activity built, every deserialisation into botbuilder models, every channelData read."""
    seen: dict[str, list[str]] = {"activities": [], "deserialised": [], "channel_data": []}
    real_init, real_deserialize = Activity.__init__, Activity.deserialize.__func__
    real_teams = TeamsChannelData.deserialize.__func__

    def init(self, *args, **kwargs):
        seen["activities"].append(kwargs.get("type") or "")
        real_init(self, *args, **kwargs)

    def deserialize(cls, data, content_type=None):
        seen["deserialised"].append(cls.__name__)
        return real_deserialize(cls, data, content_type)

    def teams(cls, data, content_type=None):
        seen["channel_data"].append("TeamsChannelData")
        return real_teams(cls, data, content_type)

    def made_once(deserializer, name: str, into: str):
        """The endpoint's own deserialisers (made once, bot/activity_reading.py): watched the same way."""

        def call(target, data, content_type=None):
            seen[into].append(name)
            return deserializer(target, data, content_type=content_type)

        return call

    real_loads = json.loads
    monkeypatch.setattr(reading_module, "_ACTIVITY", made_once(reading_module._ACTIVITY, "Activity", "deserialised"))
    monkeypatch.setattr(
        endpoint_module,
        "_TEAMS_CHANNEL_DATA",
        made_once(endpoint_module._TEAMS_CHANNEL_DATA, "TeamsChannelData", "channel_data"),
    )
    monkeypatch.setattr(Activity, "__init__", init)
    monkeypatch.setattr(Activity, "deserialize", classmethod(deserialize))
    monkeypatch.setattr(TeamsChannelData, "deserialize", classmethod(teams))
    watched_json = SimpleNamespace(
        loads=lambda raw, **kw: _watch(real_loads(raw, **kw), seen["channel_data"]), dumps=json.dumps
    )
    assert endpoint_module.json is json  # the endpoint parses with the json module: watch what it returns
    monkeypatch.setattr(endpoint_module, "json", watched_json)
    return seen


def _watch(parsed: Any, reads: list[str]) -> Any:
    return WatchedBody(parsed, reads) if isinstance(parsed, dict) else parsed


def teams_message() -> dict[str, Any]:
    """A channel message as Teams sends it, with team, channel and tenant in its channel data."""
    activity = A.message(
        "which projects are red?",
        service_url=URL,
        conversation_type="channel",
        conversation_id="19:general@thread.tacv2",
        team_id="19:team@thread.tacv2",
        mention_bot=True,
    )
    activity["deliveryMode"] = "expectReplies"
    return activity


UNAUTHENTICATED = [
    "no header",
    "empty bearer",
    "not a jwt",
    "unknown key",
    "published kid, another key",
    "wrong audience",
    "expired",
]


def _headers(kind: str, identity: FakeBotFrameworkIdentity) -> dict[str, str]:
    bearer = lambda token: {"Authorization": f"Bearer {token}"}  # noqa: E731  # a one-line helper, kept beside its use
    return {
        "no header": lambda: {},
        "empty bearer": lambda: {"Authorization": "Bearer "},
        "not a jwt": lambda: bearer("not-a-jwt"),
        "unknown key": lambda: bearer(identity.channel_token(URL, key=identity.unpublished)),
        "published kid, another key": lambda: bearer(
            identity.channel_token(URL, key=identity.unpublished, kid=identity.key.kid)
        ),
        "wrong audience": lambda: bearer(identity.channel_token(URL, aud="00000000-0000-0000-0000-00000000bad0")),
        "expired": lambda: bearer(identity.channel_token(URL, exp=1_600_000_000, nbf=1_599_000_000)),
    }[kind]()


def _settings(identity: FakeBotFrameworkIdentity) -> dict[str, Any]:
    return {
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "app_tenant_id": A.TENANT,
        "openid_metadata_url": identity.metadata_url,
        "local_mode_requested": False,
    }


@pytest.mark.parametrize("kind", UNAUTHENTICATED)
async def test_an_unauthenticated_request_never_builds_an_activity_or_reads_channel_data(db, identity, spies, kind):
    async with running_bot(db, **_settings(identity)) as bot:
        status, body = await bot.post(teams_message(), _headers(kind, identity))
        refused = bot.server.app[MESSAGES_ENDPOINT].refused
    assert status == 401 and body["error"]["code"] == "Unauthorized" and refused["Unauthorized"] == 1
    assert spies == {"activities": [], "deserialised": [], "channel_data": []}


async def test_the_spies_do_see_an_authenticated_request_become_an_activity(db, identity, spies):
    """The control: the same request with a genuine token is built and its channel data read."""
    async with running_bot(db, **_settings(identity)) as bot:
        status, _ = await bot.post(teams_message(), identity.authorization(URL))
    assert status == 200
    assert "Activity" in spies["deserialised"] and spies["channel_data"]


# ----------------------------------------------------------------------------------- bounded shapes


def _nested(depth: int) -> Any:
    """A value that makes an activity `depth` containers deep (the activity itself is the first)."""
    value: Any = []
    for _ in range(depth - 2):
        value = [value]
    return value


@pytest.mark.parametrize("depth,ok", [(MAX_DEPTH, True), (MAX_DEPTH + 1, False), (1000, False)])
def test_nesting_is_bounded(depth, ok):
    body = {"type": "message", "value": _nested(depth)}
    assert (too_complex(body) is None) is ok
    if not ok:
        assert "nesting deeper than 32" in too_complex(body)


@pytest.mark.parametrize("size,ok", [(MAX_ITEMS, True), (MAX_ITEMS + 1, False)])
def test_lists_and_objects_are_bounded(size, ok):
    for value in (list(range(size)), [{"a": i} for i in range(size)], {f"k{i}": i for i in range(size)}):
        body = {"type": "message", "channelData": {"deep": [{"x": value}]}}
        assert (too_complex(body) is None) is ok
    assert too_complex({"type": "message", "entities": [[]] * (MAX_ITEMS + 1)}) is not None


def test_only_what_authentication_needs_is_read_before_it():
    body = teams_message()
    claims = claimed(body)
    assert (claims.type, claims.service_url, claims.channel_id, claims.conversation_id) == (
        "message",
        URL,
        "msteams",
        "19:general@thread.tacv2",
    )
    for broken in ({"type": ""}, {**body, "serviceUrl": 7}, {**body, "conversation": {"id": ""}}, [body], "x"):
        assert isinstance(claimed(broken), str)


@pytest.mark.parametrize(
    "field,value",
    [
        ("value", _nested(MAX_DEPTH + 1)),
        ("channelData", {"x": list(range(MAX_ITEMS + 1))}),
        ("entities", [{"type": "x"}] * (MAX_ITEMS + 1)),
    ],
)
async def test_a_body_beyond_the_bounds_is_refused_before_anything_else(db, identity, spies, field, value):
    activity = A.message("help", service_url=URL, expect_replies=True)
    activity[field] = value
    async with running_bot(db) as local:  # even in local mode, where nothing is authenticated
        status, body = await local.post(activity)
    assert status == 400 and body["error"]["code"] == "TooComplex"
    assert spies["activities"] == [] and spies["deserialised"] == []
    async with running_bot(db, **_settings(identity)) as secured:  # and before the token is checked
        status, _ = await secured.post(activity, identity.authorization(URL))
    assert status == 400


async def test_an_activity_at_the_bounds_is_answered(db):
    activity = A.message("help", service_url=URL, expect_replies=True)
    activity["value"] = _nested(MAX_DEPTH)
    activity["channelData"]["items"] = list(range(MAX_ITEMS))
    async with running_bot(db) as bot:
        status, body = await bot.post(activity)
    assert status == 200 and body["activities"]


# ------------------------------------------------------------------ a forged signature, refused cheaply


@pytest.fixture
def full_checks(monkeypatch):
    """Every call of botbuilder's full token validation (the ~0.4 ms path the edge spares strangers)."""
    from botframework.connector.auth import _parameterized_bot_framework_authentication as parameterized

    calls: list[str] = []
    real = parameterized._ParameterizedBotFrameworkAuthentication.authenticate_request

    async def counted(self, activity, auth_header):
        calls.append(getattr(activity, "service_url", ""))
        return await real(self, activity, auth_header)

    monkeypatch.setattr(parameterized._ParameterizedBotFrameworkAuthentication, "authenticate_request", counted)
    return calls


async def test_a_signature_the_named_key_did_not_make_is_refused_without_botbuilders_full_check(
    db, identity, full_checks
):
    forged = {"Authorization": "Bearer " + identity.channel_token(URL, key=identity.unpublished, kid=identity.key.kid)}
    tampered_token = identity.channel_token(URL)
    head, payload, signature = tampered_token.split(".")
    tampered = {"Authorization": f"Bearer {head}.{payload}x.{signature}"}  # the claims changed after signing
    async with running_bot(db, **_settings(identity)) as bot:
        assert (await bot.post(teams_message(), identity.authorization(URL)))[0] == 200  # the keys are now known
        genuine_checks = len(full_checks)
        for headers in (forged, tampered):
            status, body = await bot.post(teams_message(), headers)
            assert status == 401 and body["error"]["code"] == "Unauthorized"
    assert genuine_checks >= 1  # the control: a genuine token goes through botbuilder's validation
    assert len(full_checks) == genuine_checks  # neither forgery reached it


async def test_a_token_naming_a_key_not_known_yet_is_left_to_botbuilder(db, identity, full_checks):
    """The cheap check decides only with a key already fetched: an unknown kid may be a newly published key."""
    token = identity.channel_token(URL, key=identity.unpublished)  # its own kid: published nowhere
    async with running_bot(db, **_settings(identity)) as bot:
        status, _ = await bot.post(teams_message(), {"Authorization": f"Bearer {token}"})
    assert status == 401 and len(full_checks) >= 1


@pytest.mark.parametrize(
    "token, why",
    [
        ("", "unreadable token"),
        ("a.b", "unreadable token"),
        ("a.b.c.d", "unreadable token"),
        ("%%%.e30.c2ln", "unreadable token"),
    ],
)
def test_malformed_tokens_are_certainly_forged(token, why):
    from bot.signing_keys import certainly_forged

    assert certainly_forged(token) == why


def test_other_algorithms_and_missing_key_ids_are_certainly_forged(identity):
    import jwt as pyjwt

    from bot.signing_keys import certainly_forged

    hs256 = pyjwt.encode(
        {"aud": APP_ID}, "a-shared-secret-of-at-least-32-bytes!!", algorithm="HS256", headers={"kid": identity.key.kid}
    )
    assert certainly_forged(hs256) == "signing algorithm not allowed"
    assert certainly_forged(identity.channel_token(URL, kid=None)) == "no key id"
    assert certainly_forged(identity.channel_token(URL)) is None  # genuine (or its key unknown): botbuilder decides


def test_refusals_are_logged_at_most_twenty_a_minute_per_code_then_summed_up():
    from bot.endpoint import _LogBudget

    now = [0.0]
    budget = _LogBudget(clock=lambda: now[0])
    said = [budget.held_back("Unauthorized") for _ in range(25)]
    assert said == [None] * 20 + [0] * 5
    assert budget.held_back("BadJson") is None  # each code has its own budget
    now[0] = 61.0
    assert budget.held_back("Unauthorized") == 5  # one line: five more were refused, not logged one by one
    assert budget.held_back("Unauthorized") is None


# ------------------------------------------------------------------ strangers flooding in are slowed down


async def test_a_flood_of_strangers_gets_its_refusals_late_and_teams_is_never_slowed(db, identity, monkeypatch):
    import asyncio

    monkeypatch.setattr(endpoint_module, "TARPIT_SECONDS", 0.05)
    monkeypatch.setattr(endpoint_module, "STRANGERS_BURST", 5.0)
    monkeypatch.setattr(endpoint_module, "STRANGERS_PER_SECOND", 1.0)
    forged = {"Authorization": "Bearer " + identity.channel_token(URL, key=identity.unpublished, kid=identity.key.kid)}
    async with running_bot(db, **_settings(identity)) as bot:
        endpoint = bot.server.app[MESSAGES_ENDPOINT]
        for _ in range(4):  # within the budget: answered at once
            assert (await bot.post(teams_message(), forged))[0] == 401
        assert endpoint.slowed == 0
        answers = await asyncio.gather(*(bot.post(teams_message(), forged) for _ in range(12)))
        assert [status for status, _ in answers] == [401] * 12  # still refused, only later
        assert endpoint.slowed >= 10
        slowed = endpoint.slowed
        genuine = await asyncio.gather(*(bot.post(teams_message(), identity.authorization(URL)) for _ in range(6)))
        assert [status for status, _ in genuine] == [200] * 6
        assert endpoint.slowed == slowed and endpoint._waiting == 0  # Teams itself is never slowed


def test_the_strangers_budget_refills_at_its_rate():
    from bot.endpoint import _TokenBucket

    now = [0.0]
    bucket = _TokenBucket(rate=10.0, burst=3.0, clock=lambda: now[0])
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
    now[0] = 0.1  # one more a tenth of a second later
    assert [bucket.take(), bucket.take()] == [True, False]
    now[0] = 60.0  # never more than the burst
    assert [bucket.take() for _ in range(4)] == [True, True, True, False]
