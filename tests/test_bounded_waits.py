"""Nothing on the request path waits forever: endpoints that take a request and never answer.

The bot runs authenticated (an app id, botbuilder's own token validation against the local token
service of tests/fakes/openid.py), answers over a Bot Connector that insists on the bot's outbound
token, and posts the digest through Graph as a signed-in account (MSAL against tests/fakes/graph.py).
Then the Bot Framework's key endpoint, the bot's token endpoint and Entra ID's token endpoint all
stop answering. Teams still gets `help`, quickly, and the digest is posted exactly once.

And a digest post stalled in a token fetch must not be posted a second time by another replica that
saw it 'sending' for longer than the lease and took it over.
"""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import pytest

from bot import connector_pool, signing_keys
from dfbot.web import MESSAGES_ENDPOINT
from graph import signin as graph_signin
from graph.client import StaticTokenCredential
from programme.posting import RetryPolicy
from services import digest as service
from services.digest_transports import Transports
from store import digest_repo
from store.cycle_repo import put_setting
from tests.botserver import running_bot
from tests.digest_fixtures import seed
from tests.fakes.connector import FakeConnector, RateLimits
from tests.fakes.graph import DEFAULT_TOKEN
from tests.fakes.openid import FakeBotFrameworkIdentity, install_outbound_credentials
from tests.test_endpoint import card_texts
from tests.test_graph_signin import entra, overrides, sign_in  # noqa: F401 - `entra` is a fixture

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
APP_PASSWORD = "bot-secret-for-bounded-waits"
TENANT = "00000000-0000-0000-0000-0000000000001"


async def no_wait(_seconds: float) -> None:
    return None


@pytest.fixture
def short_bounds(monkeypatch):
    """The production bounds (10-20 s) shortened so the test takes seconds; the code paths are the same."""
    monkeypatch.setattr(connector_pool, "TOKEN_TIMEOUT_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(connector_pool, "TOKEN_REUSE_SECONDS", 0.0)  # every call asks for the token again
    monkeypatch.setattr(graph_signin, "TOKEN_TIMEOUT_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(signing_keys, "FETCH_TIMEOUT_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(signing_keys, "READ_TIMEOUT_SECONDS", 1.0, raising=False)


async def test_with_key_and_token_endpoints_that_never_answer_the_bot_serves_help_and_posts_the_digest_once(
    db,
    entra,  # noqa: F811  # the fixture imported above
    tmp_path,
    short_bounds,
):
    seeded = await seed(db, projects=6, cycles=3)
    entra.access_token_lifetime = 60  # every Graph token is refreshed at the token endpoint
    identity = FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT)
    identity.token_expires_in = 300  # every bot token is fetched again at the token endpoint (MSAL's margin)
    settings = {
        **overrides(entra, tmp_path),
        "app_id": APP_ID,
        "app_password": APP_PASSWORD,
        "app_tenant_id": TENANT,
        "openid_metadata_url": "",
        "graph_read_channel": False,
    }
    async with (
        identity,
        FakeConnector(
            require_auth=True, auth_token=identity.outbound_token, limits=RateLimits.unlimited()
        ) as connector,
    ):
        settings["openid_metadata_url"] = identity.metadata_url
        async with running_bot(db, **settings) as bot:
            install_outbound_credentials(bot.server.app[MESSAGES_ENDPOINT].adapter, identity)
            lead = connector.add_member(
                "team-1",
                id="29:lead-1",
                name="Priya Shah",
                aad_object_id="aad-priya",
                email="priya.shah@council.example",
            )
            auth = identity.authorization(connector.url)
            assert (await bot.post(connector.make_message(lead, "help"), auth))[0] == 200  # keys and a token fetched
            assert (await sign_in(bot, entra))[0] == 200  # the digest account, through Entra ID

            # Nothing answers any more: the keys (due for their daily refresh), the bot's token, Graph's token.
            identity.hold(keys=True, tokens=True)
            entra.hold_tokens()
            keys = signing_keys.metadata_for(identity.metadata_url)
            keys.fetched_at -= 2 * 24 * 3600
            requests_before = len(identity.requests)

            started = time.monotonic()
            status, _ = await bot.post(connector.make_message(lead, "help"), identity.authorization(connector.url))
            took = time.monotonic() - started
            assert status == 200 and took < 6, took  # the short bounds are 1 s each; nothing answers, ever
            assert len(connector.cards()) == 2 and "What I can do" in card_texts(connector.cards()[-1])
            for _ in range(100):  # the refresh was tried, in the background (its thread may not have reached it yet)
                if len(identity.requests) > requests_before:
                    break
                await asyncio.sleep(0.05)
            assert len(identity.requests) > requests_before

            ctx = bot.context
            ctx.clock = lambda: seeded.digest_time
            view = await service.ensure_draft(ctx, seeded.current.key)
            await service.approve(ctx, view.period_key, actor="admin")
            transports = Transports(ctx)
            try:
                started = time.monotonic()
                [first] = await service.Poster(ctx, transports, policy=RetryPolicy(tries=2), sleep=no_wait).post_ready()
                assert first.status == "retry_later" and time.monotonic() - started < 10
                assert entra.posts() == []  # no token, so nothing was sent: safe to try again later

                entra.release_tokens()
                ctx.clock = lambda: seeded.digest_time + timedelta(hours=2)
                [second] = await service.Poster(ctx, transports, sleep=no_wait).post_ready()
                other = service.Poster(ctx, Transports(ctx), sleep=no_wait)  # another replica, a later tick
                assert await other.recover() == [] and await other.post_ready() == []
            finally:
                await transports.aclose()
            identity.release()
            if keys._fetch is not None:  # the background refresh ends once the endpoint answers (or times out)
                await asyncio.wait_for(asyncio.shield(keys._fetch), 10)
    assert second.status == "posted", second
    assert len(entra.messages()) == 1


async def test_a_post_stalled_in_a_token_fetch_is_not_posted_again_after_another_replica_took_it_over(
    db,
    entra,  # noqa: F811  # the fixture imported above
    tmp_path,
    monkeypatch,
):
    """Replica A claims the digest and waits for a token that never comes. With a 3-second lease, replica
    B sees the row 'sending' too long, checks the channel, finds nothing and posts. Then the token
    endpoint answers: A must not post as well."""
    monkeypatch.setattr(graph_signin, "TOKEN_TIMEOUT_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(service, "TRY_SECONDS", 1.2, raising=False)
    seeded = await seed(db, projects=6, cycles=3)
    entra.access_token_lifetime = 60
    async with running_bot(db, **overrides(entra, tmp_path), graph_read_channel=True) as bot:
        assert (await sign_in(bot, entra))[0] == 200
        ctx = bot.context
        t0, offset = time.monotonic(), [timedelta(0)]
        ctx.clock = lambda: seeded.digest_time + timedelta(seconds=time.monotonic() - t0) + offset[0]
        async with db.unit_of_work() as s:
            await put_setting(s, "digest", {"sending_lease_minutes": 0.05}, actor="test")  # 3 seconds
        view = await service.ensure_draft(ctx, seeded.current.key)
        await service.approve(ctx, view.period_key, actor="admin")

        entra.hold_tokens()
        a_transports, b_transports = (
            Transports(ctx),
            Transports(ctx, graph_credential=StaticTokenCredential(DEFAULT_TOKEN)),
        )
        try:
            asked = len(entra.token_requests)
            replica_a = asyncio.create_task(service.Poster(ctx, a_transports, sleep=no_wait).post_ready())
            while len(entra.token_requests) == asked:  # A has claimed it and is waiting for its token
                await asyncio.sleep(0.05)
            await asyncio.sleep(3.3)  # the lease is over
            replica_b = service.Poster(ctx, b_transports, sleep=no_wait)
            await replica_b.recover()
            offset[0] = timedelta(minutes=5)  # any retry time A set has come
            await replica_b.post_ready()
            entra.release_tokens()  # A's token arrives at last
            await asyncio.wait_for(replica_a, 30)
        finally:
            await a_transports.aclose()
            await b_transports.aclose()
        async with db.unit_of_work() as s:
            row = await digest_repo.get(s, view.period_key)
    assert len(entra.messages()) == 1  # posted by exactly one replica
    assert row.status == "posted"


async def test_a_member_lookup_that_hangs_costs_a_first_contact_the_email_not_the_answer(db, monkeypatch):
    """The member lookup is on the request path: bounded, and without it the turn goes on by object id."""
    from bot import identity as bot_identity
    from store import models as M

    monkeypatch.setattr(bot_identity, "MEMBER_LOOKUP_SECONDS", 0.5, raising=False)
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        connector.member_lookup_delay = 3.0  # six times the bound (the bound in production: 5 s of Teams' 15)
        newcomer = connector.add_member(
            "team-1", id="29:new", name="New Starter", aad_object_id="aad-new", email="new.starter@council.example"
        )
        started = time.monotonic()
        status, _ = await bot.post(connector.make_message(newcomer, "help"))
        took = time.monotonic() - started
        [card] = connector.cards()
    # The email still unknown shows the turn did not wait for the lookup's answer (it came 3 s later);
    # the stopwatch only checks that nothing else waited for ever (CI machines stall for seconds).
    assert status == 200 and took < 10 and "What I can do" in card_texts(card)
    async with db.unit_of_work() as s:
        person = (await s.execute(M.Person.__table__.select().where(M.Person.aad_object_id == "aad-new"))).one()
    assert person.email is None  # learnt on a later turn, when the lookup answers


async def test_a_bot_connector_that_never_answers_a_reply_costs_the_turn_a_bounded_wait(db, monkeypatch):
    """Every Bot Connector call has a timeout: a reply into a service that takes it and never answers ends."""
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    from tests import activities as A

    monkeypatch.setattr(connector_pool, "CALL_TIMEOUT_SECONDS", 0.5, raising=False)
    taken, released = asyncio.Event(), asyncio.Event()

    async def never(request: web.Request) -> web.Response:
        taken.set()
        await released.wait()  # never, as far as the bot can tell
        return web.Response(status=200)

    app = web.Application()
    app.router.add_post("/v3/conversations/{cid}/activities", never)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", never)
    server = TestServer(app)
    await server.start_server()
    try:
        async with running_bot(db) as bot:
            started = time.monotonic()
            status, _ = await asyncio.wait_for(bot.post(A.message("help", service_url=str(server.make_url("/")))), 60)
            took = time.monotonic() - started
    finally:
        released.set()
        await server.close()
    assert taken.is_set() and status == 200 and took < 5, took
