"""The bot's own DLG-channel post (`DIGEST_TRANSPORT=bot`) against the fake Bot Connector, which measures
a message as Teams does (UTF-16, ~100 KB) and knows private channels the app was not added to.

A digest that fits by a UTF-8 count but not by Teams' is trimmed, its lists linking to the full view,
instead of being refused 413; a 413 all the same shortens it further; and a private or shared channel
the app was never added to is explained to the admins with what to do."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import insert

from bot.channel_post import BotChannelTransport
from bot.messenger import ProactiveMessenger, RateLimiter
from programme.posting import RetryPolicy
from services import digest as service
from services.admin_notices import AdminNotifier
from services.context import AppContext
from services.digest_transports import Transports
from store import digest_repo
from store.models import ConversationRef
from tests.botserver import settings_for
from tests.digest_fixtures import add_admin_chat, add_channel_reference, seed
from tests.fakes.connector import FakeConnector, RateLimits, teams_size

TEAM = "19:dlg-team@thread.tacv2"
CHANNEL = "19:dlg-channel@thread.tacv2"
PUBLIC = "https://bot.example.gov.uk"


@dataclass
class Env:
    ctx: AppContext
    connector: FakeConnector
    seeded: object
    closers: list = field(default_factory=list)

    def poster(self) -> service.Poster:
        messenger = ProactiveMessenger(self.ctx.settings, limiter=RateLimiter())
        transports = Transports(self.ctx, bot=BotChannelTransport(self.ctx, messenger))
        self.closers += [transports.aclose, messenger.close]

        async def no_wait(_seconds: float) -> None:
            return None

        return service.Poster(
            self.ctx, transports, AdminNotifier(self.ctx, messenger), policy=RetryPolicy(), sleep=no_wait
        )

    async def approved(self) -> service.DigestView:
        view = await service.ensure_draft(self.ctx, self.seeded.current.key)
        decision = await service.approve(
            self.ctx, view.period_key, actor="admin@example.gov.uk", seen_revision=view.revision
        )
        assert decision.outcome == "approved"
        return decision.view

    async def row(self):
        async with self.ctx.db.unit_of_work() as s:
            return await digest_repo.get(s, self.seeded.current.key)


async def make_env(db, tmp_path, *, projects: int, connector: FakeConnector) -> Env:
    seeded = await seed(db, projects=projects, cycles=4)
    await add_channel_reference(db, team_id=TEAM, service_url=connector.url)
    await add_admin_chat(db, person_id=seeded.admin_id, service_url=connector.url)
    settings = settings_for(
        db.url,
        digest_transport="bot",
        dlg_team_id=TEAM,
        dlg_channel_id=CHANNEL,
        public_base_url=PUBLIC,
        outbox_dir=tmp_path / "outbox",
    )
    return Env(AppContext(settings, db, lambda: seeded.digest_time), connector, seeded)


@pytest.fixture
async def connector():
    async with FakeConnector(limits=RateLimits.unlimited()) as fake:
        yield fake


@pytest.fixture
async def big(db, tmp_path, connector):
    """Fifty projects: a digest of about 58 KB in UTF-8 but 115 KB as Teams counts it."""
    env = await make_env(db, tmp_path, projects=50, connector=connector)
    yield env
    for close in env.closers:
        await close()


def activity_of(message) -> dict:
    return {
        "type": "message",
        "summary": message.summary[:200],
        "attachments": [{"contentType": "application/vnd.microsoft.card.adaptive", "content": message.card}],
    }


async def test_the_transport_counts_a_message_the_way_teams_does(big):
    view = await big.approved()
    message = service.render(view)
    transport = BotChannelTransport(big.ctx, messenger=object())
    assert transport.size(message) == teams_size(activity_of(message))
    assert transport.size(message) == 2 * len(json.dumps(activity_of(message), ensure_ascii=False))  # all BMP text


async def test_a_digest_too_big_as_teams_counts_is_trimmed_to_the_full_view_link_not_refused(big, monkeypatch):
    # Since the channel card became an agenda (issue 20, at most ~3,000 px tall) a real digest no longer
    # reaches Teams' limit, so the budget is lowered here to make the trimming happen.
    budget = 20_000
    monkeypatch.setattr(BotChannelTransport, "limit_bytes", budget)
    view = await big.approved()
    whole = json.dumps(activity_of(service.render(view)), ensure_ascii=False)
    assert len(whole.encode("utf-16-le")) > budget  # counted the way Teams counts, it is over the budget

    [outcome] = await big.poster().post_ready()

    assert outcome.status == "posted", outcome.detail
    assert big.connector.status_counts().get(413, 0) == 0
    [posted] = big.connector.sent_to(CHANNEL)
    assert teams_size(posted) <= budget
    card = posted["attachments"][0]["content"]
    texts = json.dumps(card, ensure_ascii=False)
    assert len(texts) < len(json.dumps(service.render(view).card, ensure_ascii=False))  # a shorter form was sent
    assert {"type": "Action.OpenUrl", "title": "Open the full digest", "url": view.content["links"]["full"]} in card[
        "actions"
    ]
    assert (await big.row()).status == "posted"


async def test_a_413_all_the_same_shortens_the_digest_and_posts_it_once(db, tmp_path):
    async with FakeConnector(limits=RateLimits.unlimited(), max_activity_bytes=18_000) as strict:
        env = await make_env(db, tmp_path, projects=50, connector=strict)
        try:
            await env.approved()
            [outcome] = await env.poster().post_ready()
        finally:
            for close in env.closers:
                await close()
        assert outcome.status == "posted", outcome.detail
        counts = strict.status_counts()
        assert counts.get(413, 0) >= 1
        [posted] = strict.sent_to(CHANNEL)  # refused posts never arrived; one did
        assert teams_size(posted) <= 18_000


async def test_a_private_channel_the_app_was_never_added_to_is_explained_to_admins(big):
    big.connector.channel_without_app(CHANNEL)
    await big.approved()

    [outcome] = await big.poster().post_ready()

    assert outcome.status == "failed"
    assert "add Digital First to the channel itself" in outcome.detail
    assert "never been seen in that channel" in outcome.detail
    assert big.connector.sent_to(CHANNEL) == []
    told = " ".join(big.connector.texts("a:admin-chat"))
    assert "add Digital First to the channel itself" in told


async def test_once_the_app_is_in_the_channel_the_check_sees_it_and_the_digest_posts(big):
    """Adding the app to a private channel sends the bot a conversationUpdate from that channel: the
    reference it leaves is the evidence the transport checks."""
    async with big.ctx.db.engine.begin() as conn:
        await conn.execute(
            insert(ConversationRef),
            [
                {
                    "conversation_id": CHANNEL,
                    "user_id": "29:owner",
                    "user_name": "Owner",
                    "conversation_type": "channel",
                    "tenant_id": "tenant-1",
                    "service_url": big.connector.url,
                    "channel_id": "msteams",
                    "bot_id": "28:digital-first-bot",
                    "team_id": TEAM,
                    "unreachable_reason": "",
                    "updated_at": datetime.now(UTC) - timedelta(days=1),
                }
            ],
        )
    big.connector.channel_without_app(CHANNEL)  # ...and later someone removed it again
    await big.approved()
    [outcome] = await big.poster().post_ready()
    assert outcome.status == "failed" and "although the app has been in that channel" in outcome.detail

    big.connector.add_app_to_channel(CHANNEL)
    await service.approve(big.ctx, big.seeded.current.key, actor="admin@example.gov.uk", force=True)
    [outcome] = await big.poster().post_ready()
    assert outcome.status == "posted" and len(big.connector.sent_to(CHANNEL)) == 1


async def test_adding_the_app_to_a_private_channel_leaves_the_evidence_the_check_reads(db, connector):
    """Teams tells the bot it was added to the channel: a conversationUpdate in that channel with the bot
    among `membersAdded` (event type channelMemberAdded, as for shared and private channels)."""
    from store import channel_repo
    from tests import activities as A
    from tests.botserver import running_bot

    owner = connector.add_member(
        TEAM, id="29:owner", name="Channel Owner", aad_object_id="aad-owner", email="owner@example.gov.uk"
    )
    added = A.members_added(
        [A.BOT], service_url=connector.url, conversation_id=CHANNEL, conversation_type="channel", team_id=TEAM
    )
    added["from"] = {"id": owner.id, "name": owner.name, "aadObjectId": owner.aad_object_id}
    added["channelData"]["eventType"] = "channelMemberAdded"
    async with db.unit_of_work() as s:
        assert not await channel_repo.seen_in_channel(s, CHANNEL)
    async with running_bot(db) as bot:
        status, _ = await bot.post(added)
    async with db.unit_of_work() as s:
        assert status == 200 and await channel_repo.seen_in_channel(s, CHANNEL)
        assert not await channel_repo.seen_in_channel(s, "19:another-channel@thread.tacv2")
