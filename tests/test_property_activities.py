"""Random activities at `/api/messages` over real HTTP: no 5xx, no crash, nothing stored from bad input.

Hypothesis builds activities from a valid Teams message and breaks it: random and unused types,
missing fields, the wrong JSON type for `from`, `conversation`, `recipient`, `value`, `entities`,
`channelData`, `membersAdded`…, and card payloads for every verb the bot knows carrying forged
project refs, cycle keys, versions and field values, sent by people who may not act on them (a
colleague with no projects, a stranger, a sender with no Entra id, a lead forging another lead's
project). The bot runs for real (local mode, replies to a FakeConnector or in the response).

After every example:
- the answer is not a 5xx, and `MessagesEndpoint.errors` (unexpected failures, including those the
  adapter's turn error handler swallows) is still 0;
- a 4xx is counted in `MessagesEndpoint.refused` and logged, and stored nothing at all;
- whatever the answer, the programme is unchanged (projects, roles, cycles, updates, deliveries,
  delegations, digests, settings, audit log);
- the next valid turn (`help`) still gets the help card.

SQLite only: what is checked here is the HTTP edge and the bot's handling, not the backend.
The examples are the same on every run (derandomised, 200 per property); to search further, set
DFBOT_PROPERTY_SEED=<n> (a random search from that seed) and DFBOT_PROPERTY_EXAMPLES=<count>.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import string
import uuid
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestServer
from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from sqlalchemy import text

from bot.endpoint import _LogBudget
from dfbot.web import MESSAGES_ENDPOINT, create_app
from services import cycles
from services.context import AppContext
from store.db import Database, upgrade
from tests.botserver import settings_for
from tests.fakes.connector import FakeConnector, RateLimits
from tests.update_fixtures import ALEX, JO, NOW, PRIYA, TZ, seed, texts

STATUSES: dict[int, int] = {}  # what the examples got, printed with -s (to see the mix is varied)
MAX_EXAMPLES = int(os.environ.get("DFBOT_PROPERTY_EXAMPLES", "200"))
BOT = {"id": "28:digital-first-bot", "name": "Digital First"}
TENANT = "00000000-0000-0000-0000-0000000000001"

# What must never change, whatever arrives (one query each; compared as whole results).
PROGRAMME = {
    "projects": "SELECT id, ref, name, status FROM projects ORDER BY id",
    "aliases": "SELECT project_id, alias FROM project_aliases ORDER BY 1, 2",
    "roles": "SELECT project_id, person_id, role FROM project_roles ORDER BY 1, 2, 3",
    "staff": "SELECT person_id, role FROM staff_roles ORDER BY 1, 2",
    "milestones": "SELECT id, due_date, status FROM milestones ORDER BY id",
    "cycles": "SELECT id, period_key, status, prompted_at FROM update_cycles ORDER BY id",
    "updates": "SELECT count(*) FROM status_updates",
    "deliveries": "SELECT cycle_id, project_id, person_id, kind FROM prompt_deliveries ORDER BY 1, 2, 3, 4",
    "delegations": "SELECT count(*) FROM delegations",
    "digests": "SELECT count(*) FROM digests",
    "settings": "SELECT key FROM settings ORDER BY key",
    "audit": "SELECT count(*) FROM audit_log",
    "away": "SELECT id, away_until FROM people WHERE away_until IS NOT NULL ORDER BY id",
}
# ...and what a refused (4xx) request must not have touched either.
CONTACTS = {
    "people": "SELECT count(*) FROM people",
    "refs": "SELECT count(*) FROM conversation_refs",
    "states": "SELECT count(*) FROM conversation_states",
    "processed": "SELECT count(*) FROM processed_activities",
}


# ----------------------------------------------------------------------------------- strategies

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**63),
    st.floats(allow_nan=True),
    st.text(max_size=20),
    st.sampled_from(["", " ", "null", "0", "-1", "1e309", "<b>x</b>", "[x](http://evil.example)", "\u202e", "\x00"]),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=10), inner, max_size=3),
    max_leaves=10,
)
ids = st.one_of(st.text(max_size=40), st.sampled_from(["29:jo", "29:priya", "28:digital-first-bot", ""]), json_values)


def _account(who) -> dict[str, Any]:
    return {"id": who.teams_id, "name": who.name, "aadObjectId": who.aad}


SENDERS = {
    "colleague with no projects": _account(JO),
    "stranger": {"id": "29:stranger", "name": "Stranger", "aadObjectId": "aad-stranger"},
    "no Entra id": {"id": "29:anon", "name": "Anon"},
}
senders = st.one_of(
    st.sampled_from(sorted(SENDERS)).map(lambda k: SENDERS[k]),
    st.sampled_from(sorted(SENDERS)).map(lambda k: SENDERS[k]),
    st.builds(
        lambda n: {"id": f"29:{n}", "name": n, "aadObjectId": f"aad-{n}"},
        st.text(string.ascii_lowercase, min_size=1, max_size=8),
    ),
    json_values,  # from: a string, a list, a number...
)

REAL_REFS, OTHER_REFS = ["DC01", "DC02", "DC03"], ["NOPE", "", " DC01 ", "dc01", "DC01;DROP TABLE projects", "x" * 80]
VERBS = [
    "update.submit",
    "update.no_change",
    "update.edit",
    "update.open",
    "update.choose",
    "delegate.confirm",
    "delegate.cancel",
    "admin.confirm",
    "admin.cancel",
    "admin.choose",
    "digest_preview",
    "digest_approve",
    "digest_intro",
    "digest_mark_posted",
    "history",
]
card_fields = st.fixed_dictionaries(
    {},
    optional={
        "project": st.one_of(st.sampled_from(REAL_REFS + OTHER_REFS), json_values),
        "project_ref": st.one_of(st.sampled_from(REAL_REFS + OTHER_REFS), json_values),
        "cycle": st.one_of(st.sampled_from(["2026-W48", "2026-W47", "1999-W01", "", "2026-W48\n"]), json_values),
        "base_version": st.one_of(st.integers(-5, 20_000), st.sampled_from(["1", "x", "1e3", None]), json_values),
        "rag": st.one_of(st.sampled_from(["green", "amber", "red", "Red", "purple", ""]), json_values),
        "rag_reason": st.one_of(st.text(max_size=50), json_values),
        "progress_pct": st.one_of(st.sampled_from(["40", "140", "-1", "nan", "inf", "40%", "1e400"]), json_values),
        "summary": st.one_of(st.text(max_size=60), st.just("s" * 5000), json_values),
        "risk_1": st.one_of(st.text(max_size=30), json_values),
        "risk_1_sensitive": st.one_of(st.sampled_from(["true", "false"]), json_values),
        "ms_1": st.one_of(st.sampled_from(["2027-02-30", "2027-01-01", "0001-01-01", "99999-01-01"]), json_values),
        "period": st.one_of(st.sampled_from(["2026-W48", "", "../../etc"]), json_values),
        "revision": json_values,
        "force": json_values,
        "change": json_values,
        "choice": json_values,
        "delegation": json_values,
        "delegation_id": json_values,
        "to": json_values,
        "intro": json_values,
        "version": json_values,
        "keep": json_values,
    },
)


@st.composite
def card_payload(draw) -> dict[str, Any]:
    verb = draw(st.one_of(st.sampled_from(VERBS), json_values))
    data = draw(card_fields)
    if draw(st.booleans()):
        data["verb"] = verb
    return {"verb": verb, "data": data}


def _as_message(activity: dict[str, Any], payload: dict[str, Any]) -> None:
    """An Action.Submit: the card's data as the message's value, no text."""
    activity["value"] = {"verb": payload["verb"], **payload["data"]}
    activity.pop("text", None)


def _as_invoke(activity: dict[str, Any], payload: dict[str, Any], name: Any) -> None:
    activity.update(
        {
            "type": "invoke",
            "name": name,
            "text": None,
            "value": {
                "action": {"type": "Action.Execute", "verb": payload["verb"], "data": payload["data"]},
                "trigger": "manual",
            },
        }
    )


TYPES = [
    "message",
    "invoke",
    "conversationUpdate",
    "installationUpdate",
    "messageReaction",
    "typing",
    "event",
    "endOfConversation",
    "messageUpdate",
    "messageDelete",
    "handoff",
    "trace",
    "command",
    "suggestion",
]
OPTIONAL_FIELDS = [
    "from",
    "recipient",
    "entities",
    "channelData",
    "value",
    "text",
    "attachments",
    "replyToId",
    "locale",
    "timestamp",
    "membersAdded",
    "membersRemoved",
    "action",
    "name",
    "channelId",
    "textFormat",
    "reactionsAdded",
    "localTimestamp",
    "summary",
    "speak",
    "conversation",
]
# (Not the activity's own `id`: Teams assigns it, and the bot's reply is addressed to it, so a made-up
# one only shows that the fake connector answers 404 to a reply to an activity that cannot exist.)
TEXTS = st.one_of(
    st.text(max_size=80),
    st.sampled_from(
        [
            "help",
            "projects",
            "update",
            "update DC03",
            "who leads digital inclusion?",
            "which projects are red?",
            "overdue",
            "cycle open",
            "pause prompts",
            "I'm away, ask Priya Shah",
            "approve digest",
            "digest preview",
            "privacy",
            "<at>Digital First</at> help",
            "/help",
            "x" * 5000,
        ]
    ),
)


@st.composite
def activities(draw, service_url: str) -> dict[str, Any]:
    sender = draw(senders)
    conv_id = f"a:personal-{uuid.uuid4().hex[:8]}"
    activity: dict[str, Any] = {
        "type": "message",
        "id": draw(st.one_of(st.uuids().map(str), st.just("invoke-42"))),
        "timestamp": "2026-11-24T10:00:00.000Z",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": sender,
        "recipient": BOT,
        "text": draw(TEXTS),
        "textFormat": "plain",
        "locale": "en-GB",
        "conversation": {"id": conv_id, "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
    }
    shape = draw(st.sampled_from(["text", "submit", "invoke", "other type", "random type"]))
    if shape in ("submit", "invoke"):
        payload = draw(card_payload())
        if shape == "submit":
            _as_message(activity, payload)
        else:
            _as_invoke(
                activity,
                payload,
                draw(
                    st.one_of(
                        st.just("adaptiveCard/action"),
                        st.sampled_from(
                            ["task/fetch", "composeExtension/query", "signin/verifyState", "config/fetch", ""]
                        ),
                        json_values,
                    )
                ),
            )
    elif shape == "other type":
        activity["type"] = draw(st.sampled_from(TYPES))
    elif shape == "random type":
        activity["type"] = draw(st.text(min_size=1, max_size=20))
    # Break a few fields: drop them, or give them the wrong JSON type.
    broken = draw(st.sampled_from([0, 0, 0, 1, 1, 2, 4]))  # most examples should reach the bot's logic
    for key in draw(st.lists(st.sampled_from(OPTIONAL_FIELDS), min_size=broken, max_size=broken, unique=True)):
        if draw(st.booleans()):
            activity.pop(key, None)
        else:
            activity[key] = draw(json_values)
    if draw(st.integers(0, 3)) == 0:
        activity["entities"] = draw(
            st.lists(
                st.one_of(
                    st.fixed_dictionaries(
                        {
                            "type": st.sampled_from(["mention", "clientInfo", "x"]),
                            "mentioned": st.one_of(st.just(BOT), json_values),
                            "text": st.one_of(st.just("<at>Digital First</at>"), json_values),
                        }
                    ),
                    json_values,
                ),
                max_size=3,
            )
        )
    if draw(st.integers(0, 3)) == 0:
        activity["channelData"] = draw(
            st.one_of(
                json_values,
                st.fixed_dictionaries(
                    {
                        "tenant": st.one_of(st.just({"id": TENANT}), st.just({"id": TENANT}), json_values),
                        "team": st.one_of(
                            st.just({"id": "19:team@thread"}), st.just({"id": "19:team@thread"}), json_values
                        ),
                        "channel": st.one_of(st.just({"id": "19:channel@thread"}), json_values),
                        "eventType": st.one_of(
                            st.sampled_from(["teamMemberAdded", "teamRenamed", "channelCreated", "teamDeleted"]),
                            json_values,
                        ),
                    }
                ),
            )
        )
    if activity["type"] in ("conversationUpdate", "installationUpdate") or draw(st.integers(0, 9)) == 0:
        activity["membersAdded"] = draw(
            st.one_of(st.just([sender, BOT]), st.lists(json_values, max_size=3), json_values)
        )
        activity["action"] = draw(st.one_of(st.sampled_from(["add", "remove", "add-upgrade"]), json_values))
    if draw(st.integers(0, 3)) == 0:
        activity["deliveryMode"] = draw(
            st.one_of(st.sampled_from(["expectReplies", "normal", "notification"]), json_values)
        )
    return activity


# ----------------------------------------------------------------------------------- the harness


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


class Harness:
    """One bot, one FakeConnector, one database for all examples (examples are independent turns)."""

    def __init__(self, db_url: str) -> None:
        self.db = Database(db_url)
        self.url = db_url

    async def start(self) -> Harness:
        # Teams' rate limits are tested elsewhere (test_fake_connector, the messenger): here a burst of
        # replies to one chat must not turn into 429s that fail turns for reasons unrelated to the input.
        self.connector = await FakeConnector(limits=RateLimits.unlimited()).start()
        await seed(self.db, self.connector)
        settings = settings_for(self.url)
        self.context = AppContext(settings=settings, db=self.db)
        self.context.clock = lambda: NOW
        await cycles.open_now(self.db, NOW, TZ, actor="test")  # prompts queued, not sent: a cycle to forge against
        await cycles.set_paused(self.db, True, actor="test")  # and nothing sends them in the background
        self.app = create_app(settings, context=self.context)
        self.endpoint = self.app[MESSAGES_ENDPOINT]
        self.server = TestServer(self.app)
        await self.server.start_server()
        self.http = aiohttp.ClientSession()
        self.logs = _Records()
        logging.getLogger("dfbot").addHandler(self.logs)
        logging.getLogger("dfbot").setLevel(logging.DEBUG)
        return self

    async def stop(self) -> None:
        logging.getLogger("dfbot").removeHandler(self.logs)
        await self.context.drain()
        await self.http.close()
        await self.server.close()
        await self.connector.stop()
        await self.db.dispose()

    async def post(self, activity: Any) -> tuple[int, Any]:
        body = json.dumps(activity, allow_nan=True).encode()
        async with self.http.post(
            self.server.make_url("/api/messages"), data=body, headers={"Content-Type": "application/json"}
        ) as resp:
            raw = await resp.read()
            try:
                return resp.status, json.loads(raw) if raw else None
            except ValueError:
                return resp.status, raw.decode(errors="replace")

    async def state(self, queries: dict[str, str]) -> dict[str, list]:
        async with self.db.unit_of_work() as s:
            return {name: [tuple(r) for r in (await s.execute(text(q))).all()] for name, q in queries.items()}

    async def help_still_works(self) -> None:
        help_turn = {
            "type": "message",
            "id": uuid.uuid4().hex,
            "channelId": "msteams",
            "serviceUrl": self.connector.url,
            "from": _account(JO),
            "recipient": BOT,
            "text": "help",
            "deliveryMode": "expectReplies",
            "conversation": {"id": "a:personal-jo-help", "conversationType": "personal", "tenantId": TENANT},
            "channelData": {"tenant": {"id": TENANT}},
        }
        status, body = await self.post(help_turn)
        assert status == 200, body
        [reply] = body["activities"]
        assert "What I can do" in texts(reply["attachments"][0]["content"])

    async def check(self, activity: Any) -> None:
        programme, contacts = await self.state(PROGRAMME), await self.state(CONTACTS)
        errors, refused, logged = self.endpoint.errors, sum(self.endpoint.refused.values()), len(self.logs.messages)
        # Each example within the refusal log's budget (bot/endpoint.py `_LogBudget` caps the lines a minute):
        # so every refusal here must be logged.
        self.endpoint._quiet = _LogBudget()
        status, body = await self.post(activity)
        STATUSES[status] = STATUSES.get(status, 0) + 1
        await self.context.drain()
        assert status < 500, (status, body)
        assert self.endpoint.errors == errors, "an unexpected failure was counted: see the log"
        if 400 <= status < 500:
            assert sum(self.endpoint.refused.values()) == refused + 1, (status, body)
            assert any(m.startswith("refused activity") for m in self.logs.messages[logged:])
            assert await self.state(CONTACTS) == contacts, "a refused activity stored something"
        assert await self.state(PROGRAMME) == programme, "the programme changed"
        await self.help_still_works()


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    url = f"sqlite+aiosqlite:///{tmp_path}/property.sqlite3"
    upgrade(url)
    return url


def _run_property(sqlite_url: str, strategy_for) -> None:
    """Hypothesis drives a sync function; the bot lives in one event loop for the whole run."""
    STATUSES.clear()
    loop = asyncio.new_event_loop()
    harness = loop.run_until_complete(Harness(sqlite_url).start())
    try:
        chosen_seed = os.environ.get("DFBOT_PROPERTY_SEED")

        @settings(
            max_examples=MAX_EXAMPLES,
            deadline=None,
            derandomize=chosen_seed is None,
            database=None,
            suppress_health_check=[
                HealthCheck.function_scoped_fixture,
                HealthCheck.too_slow,
                HealthCheck.data_too_large,
                HealthCheck.filter_too_much,
            ],
        )
        @given(strategy_for(harness))
        def one(activity):
            loop.run_until_complete(harness.check(activity))

        if chosen_seed is not None:
            one = hypothesis_seed(int(chosen_seed))(one)

        one()
        print(f"answers by status: {dict(sorted(STATUSES.items()))}; refusals: {dict(harness.endpoint.refused)}")
    finally:
        loop.run_until_complete(harness.stop())
        loop.close()


# ----------------------------------------------------------------------------------- the properties


@pytest.mark.timeout(600)
def test_random_activities_never_get_a_5xx_store_nothing_and_the_next_turn_works(sqlite_url):
    _run_property(sqlite_url, lambda h: activities(h.connector.url))


@st.composite
def forged_lead_cards(draw, service_url: str) -> dict[str, Any]:
    """A real lead (Priya leads DC01 and DC02, Alex DC03) clicking with another lead's project or a made-up one."""
    payload = draw(card_payload())
    payload["data"]["project"] = draw(st.sampled_from(["DC03", "NOPE", "", "x" * 80]) | json_values)
    payload["data"]["project_ref"] = payload["data"]["project"]
    # (delegate.confirm is left out: a lead may hand over their own projects, whatever card they click)
    payload["verb"] = draw(st.sampled_from([v for v in VERBS if v.startswith("update.")] + ["delegate.cancel"]))
    who = draw(st.sampled_from([PRIYA, ALEX]))
    if who is ALEX:  # Alex leads DC03: forge Priya's projects instead
        payload["data"]["project"] = payload["data"]["project_ref"] = draw(st.sampled_from(["DC01", "DC02"]))
    activity = {
        "type": "message",
        "id": str(uuid.uuid4()),
        "channelId": "msteams",
        "serviceUrl": service_url,
        "from": _account(who),
        "recipient": BOT,
        "conversation": {"id": f"a:personal-{who.key}", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}},
    }
    if draw(st.booleans()):
        _as_invoke(activity, payload, "adaptiveCard/action")
    else:
        _as_message(activity, payload)
    return activity


@pytest.mark.timeout(600)
def test_leads_forging_other_projects_on_cards_change_nothing(sqlite_url):
    _run_property(sqlite_url, lambda h: forged_lead_cards(h.connector.url))
