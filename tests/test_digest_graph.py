"""Posting the digest with the real msgraph-sdk to the local Graph test server: what Graph receives,
and what happens on 429, 5xx, timeouts, an expired sign-in, a crash mid-post and two replicas."""

from __future__ import annotations

import asyncio
import json
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import pytest
from sqlalchemy import select

from bot.channel_post import BotChannelTransport
from bot.messenger import ProactiveMessenger, RateLimiter
from graph.client import StaticTokenCredential
from programme.posting import RetryPolicy
from services import digest as service
from services.admin_notices import AdminNotifier
from services.context import AppContext
from services.digest_transports import Transports
from store import digest_repo
from store.db import Database
from store.models import AdminAlert, Digest
from tests.botserver import settings_for
from tests.digest_fixtures import add_admin_chat, add_channel_reference, seed
from tests.fakes.connector import FakeConnector, RateLimits
from tests.fakes.graph import ADAPTIVE_CARD, DEFAULT_TOKEN, FakeGraph

TEAM = "19:dlg-team@thread.tacv2"
CHANNEL = "19:dlg-channel@thread.tacv2"


class Clock:
    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **kwargs) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Env:
    ctx: AppContext
    clock: Clock
    graph: FakeGraph
    connector: FakeConnector
    waits: list[float] = field(default_factory=list)
    seeded: object = None
    _closers: list = field(default_factory=list)

    def poster(self, *, db: Database | None = None, timeout: float = 1.0, credential=None) -> service.Poster:
        ctx = self.ctx if db is None else AppContext(self.ctx.settings, db, self.clock)
        messenger = ProactiveMessenger(ctx.settings, limiter=RateLimiter())  # one messenger, as in the bot
        transports = Transports(
            ctx,
            bot=BotChannelTransport(ctx, messenger),
            graph_credential=credential or StaticTokenCredential(DEFAULT_TOKEN),
            graph_timeout=timeout,
        )
        self._closers += [transports.aclose, messenger.close]

        async def sleep(seconds: float) -> None:
            self.waits.append(seconds)

        return service.Poster(ctx, transports, AdminNotifier(ctx, messenger), policy=RetryPolicy(), sleep=sleep)

    async def close(self) -> None:
        for close in self._closers:
            await close()

    async def approved_digest(self) -> service.DigestView:
        view = await service.ensure_draft(self.ctx, self.seeded.current.key)
        decision = await service.approve(
            self.ctx, view.period_key, actor="admin@example.gov.uk", seen_revision=view.revision
        )
        assert decision.outcome == "approved"
        return decision.view

    async def row(self) -> Digest:
        async with self.ctx.db.unit_of_work() as s:
            return await digest_repo.get(s, self.seeded.current.key)

    async def alerts(self) -> list[AdminAlert]:
        async with self.ctx.db.unit_of_work() as s:
            return list((await s.execute(select(AdminAlert).order_by(AdminAlert.id))).scalars())


@pytest.fixture
async def env(db: Database, tmp_path):
    async with FakeGraph() as graph, FakeConnector(limits=RateLimits.unlimited()) as connector:
        graph.add_channel(TEAM, CHANNEL)
        seeded = await seed(db, projects=12, cycles=4)
        await add_channel_reference(db, team_id=TEAM, service_url=connector.url)
        await add_admin_chat(db, person_id=seeded.admin_id, service_url=connector.url)
        settings = settings_for(
            db.url,
            digest_transport="graph",
            graph_base_url=graph.base_url,
            dlg_team_id=TEAM,
            dlg_channel_id=CHANNEL,
            public_base_url="https://bot.example.gov.uk",
            graph_read_channel=True,  # the sign-in may read the channel (GRAPH_READ_CHANNEL)
            secret_key="a-long-test-secret-key-for-sealing",
            outbox_dir=tmp_path / "outbox",
        )
        clock = Clock(seeded.digest_time)
        e = Env(AppContext(settings, db, clock), clock, graph, connector, seeded=seeded)
        try:
            yield e
        finally:
            await e.close()


def _card_of(message: dict) -> dict:
    return json.loads(message["attachments"][0]["content"])


async def test_an_approved_digest_is_posted_once_with_the_card_attachment_matching_the_body(env: Env):
    view = await service.ensure_draft(env.ctx, env.seeded.current.key)
    poster = env.poster()
    assert view.status == "draft"
    assert await poster.post_ready() == []  # a draft waits for an admin
    await env.approved_digest()

    outcomes = await poster.post_ready()

    assert [(o.status, o.transport) for o in outcomes] == [("posted", "graph")]
    [request] = env.graph.posts()
    assert request.path == f"/v1.0/teams/{TEAM}/channels/{CHANNEL}/messages"
    assert request.authorization == f"Bearer {DEFAULT_TOKEN}"  # the token reached the local server
    body = request.body
    assert body["body"]["contentType"] == "html"
    [attachment] = body["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD and attachment["id"] == view.marker
    assert re.findall(r'<attachment id="([^"]+)"></attachment>', body["body"]["content"]) == [view.marker]
    card = json.loads(attachment["content"])
    assert card["type"] == "AdaptiveCard" and card["version"] == "1.5"
    assert "Asks needing a decision" in body["body"]["content"]
    row = await env.row()
    assert row.status == "posted" and row.message_id == env.graph.messages(TEAM, CHANNEL)[0]["id"]

    assert await poster.post_ready() == []
    await service.tick(env.ctx, poster)
    assert len(env.graph.posts()) == 1  # never twice


async def test_429_waits_for_retry_after_then_posts(env: Env):
    await env.approved_digest()
    env.graph.fail_next(429, retry_after=2)
    [outcome] = await env.poster().post_ready()
    assert outcome.status == "posted" and outcome.tries == 2
    assert env.waits == [2.0]
    assert [r.status for r in env.graph.posts()] == [429, 201]
    assert len(env.graph.messages()) == 1


async def test_500_is_retried_with_backoff(env: Env):
    await env.approved_digest()
    env.graph.fail_next(500)
    [outcome] = await env.poster().post_ready()
    assert outcome.status == "posted"
    assert len(env.waits) == 1 and 0 < env.waits[0] <= 1.0
    assert [r.status for r in env.graph.posts()] == [500, 201]


async def test_an_outage_longer_than_one_attempt_is_retried_on_a_later_tick_and_posted_once(env: Env):
    await env.approved_digest()
    env.graph.fail_next(503, times=4)
    poster = env.poster()
    [first] = await poster.post_ready()
    assert first.status == "retry_later"
    row = await env.row()
    assert row.status == "approved" and row.next_attempt_at > env.clock.now and "503" in row.last_error
    assert await poster.post_ready() == []  # not before its time
    env.clock.advance(minutes=2)
    [second] = await poster.post_ready()
    assert second.status == "posted"
    assert [r.status for r in env.graph.posts()] == [503] * 4 + [201]
    assert len(env.graph.messages()) == 1


async def test_a_timeout_after_graph_kept_the_message_is_found_by_its_marker_not_posted_again(env: Env):
    view = await env.approved_digest()
    env.graph.stall_next(2.0, store_first=True)
    [outcome] = await env.poster(timeout=0.3).post_ready()
    assert outcome.status == "posted"
    [message] = env.graph.messages()
    assert outcome.message_id == message["id"] and message["attachments"][0]["id"] == view.marker
    assert [r.method for r in env.graph.requests if r.path.endswith("/messages")] == ["POST", "GET"]


async def test_a_timeout_where_nothing_arrived_is_checked_then_posted_once(env: Env):
    await env.approved_digest()
    env.graph.stall_next(1.0)
    [outcome] = await env.poster(timeout=0.3).post_ready()
    assert outcome.status == "posted"
    assert len(env.graph.messages()) == 1
    assert [r.method for r in env.graph.requests if r.path.endswith("/messages")] == ["POST", "GET", "POST"]


async def test_without_reading_the_channel_an_unanswered_post_goes_to_an_admin_unread_and_not_reposted(env: Env):
    """The default sign-in asks only for ChannelMessage.Send: the bot cannot look, so it does not guess."""
    env.ctx.settings.graph_read_channel = False
    await env.approved_digest()
    env.graph.stall_next(1.0, store_first=True)
    [outcome] = await env.poster(timeout=0.3).post_ready()
    assert outcome.status == "needs_admin"
    assert [r.method for r in env.graph.requests if r.path.endswith("/messages")] == ["POST"]
    assert len(env.graph.messages()) == 1
    assert "may or may not have reached the channel" in " ".join(env.connector.texts("a:admin-chat"))


async def test_an_expired_sign_in_alerts_admins_and_the_bot_posts_the_digest_instead(env: Env):
    await env.approved_digest()
    env.graph.expire_token()
    [outcome] = await env.poster().post_ready()
    assert (outcome.status, outcome.transport) == ("posted", "bot")
    assert env.graph.messages() == []
    [card] = [a["attachments"][0]["content"] for a in env.connector.sent_to(CHANNEL)]
    assert card["type"] == "AdaptiveCard"
    alerts = await env.alerts()
    assert [a.kind for a in alerts] == ["urgent/graph_sign_in"] and alerts[0].delivered_at is not None
    assert any("sign in again" in t for t in env.connector.texts("a:admin-chat"))
    row = await env.row()
    assert row.status == "posted" and row.transport == "bot"


async def test_without_the_fallback_an_expired_sign_in_fails_and_tells_admins(env: Env):
    from store.cycle_repo import put_setting

    async with env.ctx.db.unit_of_work() as s:
        await put_setting(s, "digest", {"fallback_to_bot": False}, actor="test")
    await env.approved_digest()
    env.graph.expire_token()
    [outcome] = await env.poster().post_ready()
    assert outcome.status == "failed" and "sign in again" in outcome.detail
    assert env.connector.sent_to(CHANNEL) == []
    assert {a.kind for a in await env.alerts()} == {"urgent/graph_sign_in", "digest_failed"}


async def _crash_while_sending(env: Env, view: service.DigestView) -> None:
    """What a process that died right after claiming (and maybe after posting) leaves behind."""
    async with env.ctx.db.unit_of_work() as s:
        assert await digest_repo.claim_for_sending(s, view.id, env.clock.now)
    env.clock.advance(minutes=30)


async def test_a_digest_left_sending_by_a_crash_is_found_in_the_channel_and_not_posted_again(env: Env):
    view = await env.approved_digest()
    poster = env.poster()
    message = service.render(view)
    await poster.transports.get("graph").send(message)  # it reached Graph, then the process died
    await _crash_while_sending(env, view)

    [outcome] = await poster.recover()

    assert outcome.status == "posted"
    assert len(env.graph.messages()) == 1 and len(env.graph.posts()) == 1
    row = await env.row()
    assert row.status == "posted" and row.message_id == env.graph.messages()[0]["id"]
    assert await poster.post_ready() == []


async def test_a_digest_left_sending_that_never_arrived_is_posted_once_after_the_check(env: Env):
    view = await env.approved_digest()
    await _crash_while_sending(env, view)
    poster = env.poster()
    [recovered] = await poster.recover()
    assert recovered.status == "requeued"
    [posted] = await poster.post_ready()
    assert posted.status == "posted" and len(env.graph.messages()) == 1


async def test_with_the_bot_transport_an_interrupted_post_goes_to_an_admin_not_reposted(env: Env):
    env.ctx.settings.digest_transport = "bot"
    view = await env.approved_digest()
    await _crash_while_sending(env, view)
    [outcome] = await env.poster().recover()
    assert outcome.status == "needs_admin"
    assert env.connector.sent_to(CHANNEL) == []
    assert "may or may not have reached the channel" in " ".join(env.connector.texts("a:admin-chat"))
    decision = await service.approve(
        env.ctx, view.period_key, actor="admin", force=True
    )  # the admin checked: not there
    assert decision.outcome == "approved"
    [posted] = await env.poster().post_ready()
    assert posted.status == "posted" and len(env.connector.sent_to(CHANNEL)) == 1


async def test_two_replicas_posting_at_once_post_once(env: Env, db_url):
    await env.approved_digest()
    replica = Database(db_url)
    try:
        results = await asyncio.gather(env.poster().post_ready(), env.poster(db=replica).post_ready())
    finally:
        await replica.dispose()
    statuses = sorted(o.status for outcomes in results for o in outcomes)
    assert statuses.count("posted") == 1 and set(statuses) <= {"posted", "not_claimed"}
    assert len(env.graph.messages()) == 1 and len(env.graph.posts()) == 1
