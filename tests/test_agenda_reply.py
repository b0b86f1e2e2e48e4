"""The bot's agenda reply in the thread of a digest posted through Graph is never lost and never doubled:
refused (429 with Retry-After, 503), unreachable (the Bot Connector down), or taken without an answer (the
connection dropped after the message arrived), it is tried again with backoff — from the digest row, so
across a restart — and, where it may have arrived, looked for in the thread through Graph before it is
posted again. Over real HTTP: the bot, the fake Bot Connector (tests/fakes/connector.py), msgraph-sdk
against the fake Graph (tests/fakes/graph.py), which shows the bot's thread replies as Graph lists them;
both backends."""

from __future__ import annotations

from contextlib import asynccontextmanager
from datetime import timedelta

from sqlalchemy import select

from bot.channel_post import BotChannelTransport
from graph.client import StaticTokenCredential
from programme.posting import RetryPolicy
from services import agenda_reply
from services import digest as service
from services.digest_transports import Transports
from store.models import AdminAlert, Digest
from tests.decision_fixtures import CHANNEL, DLG_TEAM, Board, card_of
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph
from tests.update_fixtures import PRIYA, texts

SECRET = "a-long-test-secret-key-for-sealing"


@asynccontextmanager
async def graph_board(db, tmp_path, *, reads_channel: bool = True):
    """The DLG board with the Graph transport; the fake Graph shows the bot's replies in the digest's thread."""
    async with FakeGraph() as graph:
        graph.add_channel(DLG_TEAM, CHANNEL)
        async with Board(
            db,
            tmp_path,
            digest_transport="graph",
            graph_base_url=graph.base_url,
            secret_key=SECRET,
            graph_read_channel=reads_channel,
        ) as b:
            graph.show_bot_replies(b.connector, DLG_TEAM, CHANNEL)
            b.graph = graph
            b.transports = Transports(
                b.ctx, bot=BotChannelTransport(b.ctx), graph_credential=StaticTokenCredential(DEFAULT_TOKEN)
            )
            try:
                await b.open_cycle()
                await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
                yield b
            finally:
                await b.transports.aclose()


async def post_through_graph(b) -> str:
    """Approve and post the digest (Graph); the bot's first try at the agenda reply follows at once."""
    view = await service.ensure_draft(b.ctx, await service.latest_period(b.ctx), refresh=True)
    await service.approve(b.ctx, view.period_key, actor="ada@council.example", seen_revision=view.revision)
    [outcome] = await service.Poster(b.ctx, b.transports, policy=RetryPolicy()).post_ready()
    assert (outcome.status, outcome.transport) == ("posted", "graph")
    [message] = b.graph.messages(DLG_TEAM, CHANNEL)
    return message["id"]


async def tick(b, **kwargs):
    """The scheduler's share for agenda replies (what `decisions.scheduler_tick` runs), Graph at hand."""
    return await agenda_reply.reply_in_threads(b.ctx, reader=b.transports.get("graph"), **kwargs)


def thread_replies(b, message_id: str) -> list[dict]:
    return b.connector.sent_to(f"{CHANNEL};messageid={message_id}")


async def row(b) -> Digest:
    async with b.db.unit_of_work() as s:
        return (await s.execute(select(Digest))).scalar_one()


async def alerts(b) -> list[AdminAlert]:
    async with b.db.unit_of_work() as s:
        return list((await s.execute(select(AdminAlert).where(AdminAlert.key.like("digest:%:agenda:%")))).scalars())


async def test_a_429_with_retry_after_is_waited_for_and_the_reply_is_posted_once(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.fail_next(CHANNEL, status=429, retry_after=1, methods=["POST"])
        message_id = await post_through_graph(b)
        [reply] = thread_replies(b, message_id)
        assert "DLG agenda" in texts(card_of(reply)) and b.connector.count_429 == 1
        r = await row(b)
        assert (r.agenda_status, r.agenda_activity_id, r.agenda_attempts) == ("sent", reply["id"], 1)


async def test_a_long_retry_after_is_kept_in_the_row_and_the_reply_survives_a_restart(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.fail_next(CHANNEL, status=429, retry_after=120, methods=["POST"])
        message_id = await post_through_graph(b)
        assert thread_replies(b, message_id) == []
        r = await row(b)
        assert r.agenda_status == "pending" and r.agenda_next_at >= b.now + timedelta(seconds=120)
        assert "429" in r.last_error

        # The bot restarts (a new process: a new messenger and limiter; only the database is kept).
        await b.transports.aclose()
        await b.restart()
        b.transports = Transports(
            b.ctx, bot=BotChannelTransport(b.ctx), graph_credential=StaticTokenCredential(DEFAULT_TOKEN)
        )

        assert (await tick(b)).replied == 0  # not due yet: nothing sent
        assert thread_replies(b, message_id) == []
        b.advance(seconds=121)
        assert (await tick(b)).replied == 1
        assert (await tick(b)).replied == 0
        [reply] = thread_replies(b, message_id)
        r = await row(b)
        assert (r.agenda_status, r.agenda_activity_id, r.agenda_attempts) == ("sent", reply["id"], 2)
        assert r.last_error == ""  # the admin's preview no longer shows the 429


async def test_503s_are_retried_with_backoff_looking_in_the_thread_first(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.fail_next(CHANNEL, status=503, times=2, methods=["POST"])
        message_id = await post_through_graph(b)
        r = await row(b)
        assert r.agenda_status == "check" and r.agenda_next_at == b.now + timedelta(seconds=60)  # the first step
        b.advance(seconds=61)
        await tick(b)
        r = await row(b)
        assert r.agenda_status == "check" and r.agenda_next_at == b.now + timedelta(seconds=300)  # backing off
        looks = [q for q in b.graph.requests if q.path.endswith("/replies")]
        assert len(looks) == 1  # it looked before posting again
        b.advance(seconds=301)
        assert (await tick(b)).replied == 1
        assert len(thread_replies(b, message_id)) == 1 and (await row(b)).agenda_status == "sent"


async def test_an_answer_lost_after_the_reply_arrived_is_found_in_the_thread_not_posted_twice(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.fail_next(CHANNEL, status=0, arrived=True, methods=["POST"])  # kept, then the connection drops
        message_id = await post_through_graph(b)
        [arrived] = thread_replies(b, message_id)
        assert (await row(b)).agenda_status == "check"

        b.graph.fail_next(503, method="GET", path="/replies")  # Graph busy when the bot looks: it looks again later
        b.advance(seconds=61)
        await tick(b)
        assert (await row(b)).agenda_status == "check" and len(thread_replies(b, message_id)) == 1

        b.advance(seconds=301)
        assert (await tick(b)).replied == 1
        r = await row(b)
        assert (r.agenda_status, r.agenda_activity_id) == (
            "sent",
            arrived["id"],
        )  # the one that arrived: edits go to it
        assert len(thread_replies(b, message_id)) == 1


async def test_a_bot_connector_outage_is_waited_out(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        await b.connector.stop()  # nothing listens: every connection is refused, so nothing can have arrived
        try:
            message_id = await post_through_graph(b)
            r = await row(b)
            assert r.agenda_status == "pending" and r.agenda_next_at == b.now + timedelta(seconds=60)
            b.advance(seconds=61)
            await tick(b)
            assert (await row(b)).agenda_status == "pending"
        finally:
            await b.connector.start()  # the same port: the service is back
        b.advance(seconds=301)
        assert (await tick(b)).replied == 1
        assert len(thread_replies(b, message_id)) == 1
        assert not [q for q in b.graph.requests if q.path.endswith("/replies")]  # refused connections need no look


async def test_without_reading_the_channel_an_unanswered_reply_goes_to_admins_not_posted_blindly(db, tmp_path):
    async with graph_board(db, tmp_path, reads_channel=False) as b:
        b.connector.fail_next(CHANNEL, status=0, arrived=True, methods=["POST"])
        message_id = await post_through_graph(b)
        b.advance(seconds=61)
        await tick(b)
        r = await row(b)
        assert r.agenda_status == "unsure" and len(thread_replies(b, message_id)) == 1
        [alert] = await alerts(b)
        assert "may or may not have arrived" in alert.message and "agenda-again" in alert.message
        b.advance(hours=2)
        await tick(b)
        assert len(thread_replies(b, message_id)) == 1  # never posted again by itself

        # An admin looked in the thread and chose to post it again.
        said = await agenda_reply.post_again(b.ctx, r.period_key)
        assert "was posted" in said and len(thread_replies(b, message_id)) == 2


async def test_a_refusal_for_good_stops_at_once_and_tells_admins(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.channel_without_app(CHANNEL)  # 403 BotNotInConversationRoster
        message_id = await post_through_graph(b)
        r = await row(b)
        assert r.agenda_status == "failed" and "403" in r.last_error and r.agenda_attempts == 1
        [alert] = await alerts(b)
        assert "is the app in the DLG team" in alert.message
        b.advance(hours=2)
        await tick(b)
        assert (await row(b)).agenda_attempts == 1 and thread_replies(b, message_id) == []

        b.connector.add_app_to_channel(CHANNEL)
        said = await agenda_reply.post_again(b.ctx, r.period_key)
        assert "was posted" in said and len(thread_replies(b, message_id)) == 1


async def test_a_reply_left_claimed_by_a_crash_is_looked_for_then_posted_once(db, tmp_path):
    async with graph_board(db, tmp_path) as b:
        b.connector.fail_next(CHANNEL, status=503, times=1, methods=["POST"])
        message_id = await post_through_graph(b)
        async with b.db.unit_of_work() as s:  # a process claimed the next attempt and stopped
            r = (await s.execute(select(Digest))).scalar_one()
            r.agenda_status, r.agenda_claimed_at = "sending", b.now
        b.advance(minutes=5)
        await tick(b)
        assert (await row(b)).agenda_status == "sending" and thread_replies(b, message_id) == []  # still its claim
        b.advance(minutes=6)
        assert (await tick(b)).replied == 1
        assert len(thread_replies(b, message_id)) == 1
        assert [q for q in b.graph.requests if q.path.endswith("/replies")]  # looked first


async def test_after_too_many_attempts_the_reply_is_given_up_and_admins_are_told(db, tmp_path):
    async with graph_board(db, tmp_path, reads_channel=False) as b:
        b.connector.fail_next(CHANNEL, status=503, times=50, methods=["POST"])
        message_id = await post_through_graph(b)
        for _ in range(10):
            b.advance(hours=2)
            await tick(b, sleep=_no_wait)
        r = await row(b)
        assert r.agenda_status == "failed" and r.agenda_attempts == RetryPolicy().max_attempts
        assert "gave up after" in r.last_error and thread_replies(b, message_id) == []
        assert len(await alerts(b)) == 1


async def _no_wait(seconds: float) -> None:
    return None
