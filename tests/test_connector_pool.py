"""What makes a turn cheap, kept true: outbound clients reused and sending on the event loop, bounded
visible retries for replies, and a known sender costing one read and no write (docs/benchmarks.md)."""
from __future__ import annotations

from sqlalchemy import event, select

from bot.connector_pool import AioHttpSender, ConnectorPool
from dfbot.web import MESSAGES_ENDPOINT
from store.models import ConversationRef, Person
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits


def _pool(bot) -> ConnectorPool:
    return bot.server.app[MESSAGES_ENDPOINT].adapter.pooled_authentication.pool


async def test_turns_share_one_connector_client_that_sends_over_aiohttp(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        for n in (1, 2, 1, 3):
            status, _ = await bot.post(A.message("help", service_url=connector.url, sender=A.user(n)))
            assert status == 200
        pool = _pool(bot)
        assert pool.made == 1 and len(pool.clients) == 1  # one service URL: one client, built once
        assert len(pool._token_clients) == 1  # and one UserTokenClient, not one per turn
        [client] = pool.clients.values()
        assert isinstance(client.config.pipeline._sender, AioHttpSender)  # no requests thread pool
        assert len([r for r in connector.activities if r.method == "POST"]) == 4


async def test_a_reply_the_service_refused_for_a_moment_is_retried_once_visibly(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        activity = A.message("help", service_url=connector.url)
        connector.fail_next(activity["conversation"]["id"], status=503, methods=["POST"])
        status, _ = await bot.post(activity)
        assert status == 200
        assert [r.status for r in connector.requests if r.method == "POST"] == [503, 200]
        assert len(connector.cards(activity["conversation"]["id"])) == 1  # delivered once


async def test_a_client_error_is_not_retried(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        activity = A.message("help", service_url=connector.url)
        connector.fail_next(activity["conversation"]["id"], status=400, methods=["POST"], times=5)
        await bot.post(activity)
        assert [r.status for r in connector.requests if r.method == "POST"][0] == 400
        assert len([r for r in connector.requests if r.method == "POST"]) <= 2  # the reply, maybe the apology


async def test_a_known_sender_costs_one_read_and_no_write(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        sender = A.user(7, name="Kim Known")
        connector.add_member(f"a:personal-{sender['id']}", id=sender["id"], name=sender["name"],
                             aad_object_id=sender["aadObjectId"], email="kim.known@council.example")
        assert (await bot.post(A.message("help", service_url=connector.url, sender=sender)))[0] == 200  # first contact
        statements: list[str] = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine.sync_engine, "before_cursor_execute", listener)
        try:
            assert (await bot.post(A.message("help", service_url=connector.url, sender=sender)))[0] == 200
        finally:
            event.remove(db.engine.sync_engine, "before_cursor_execute", listener)
        assert len(statements) == 1 and statements[0].lstrip().upper().startswith("SELECT"), statements


async def test_a_changed_reference_is_written(db):
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        sender = A.user(8, name="Sam Before")
        await bot.post(A.message("help", service_url=connector.url, sender=sender))
        await bot.post(A.message("help", service_url=connector.url, sender={**sender, "name": "Sam After"}))
        moved = connector.url.replace("127.0.0.1", "localhost")  # Teams moved the chat to another region's URL
        await bot.post(A.message("help", service_url=moved, sender={**sender, "name": "Sam After"}))
    async with db.unit_of_work() as s:
        [ref] = (await s.execute(select(ConversationRef).where(ConversationRef.user_id == sender["id"]))).scalars()
        person = (await s.execute(select(Person).where(Person.aad_object_id == sender["aadObjectId"]))).scalar_one()
    assert (ref.user_name, ref.service_url, ref.person_id) == ("Sam After", moved, person.id)


async def test_an_admin_role_granted_later_is_seen_on_the_next_turn(db):
    from store import people_repo

    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        sender = A.user(9, name="Ria Roles")
        await bot.post(A.message("help", service_url=connector.url, sender=sender))
        assert "cycle open" not in str(connector.cards()).lower()
        async with db.unit_of_work() as s:
            person = (await s.execute(select(Person).where(Person.aad_object_id == sender["aadObjectId"]))).scalar_one()
            await people_repo.grant_staff_role(s, person, "admin", actor="test")
        before = len(connector.cards())
        await bot.post(A.message("help", service_url=connector.url, sender=sender))
        help_card = str(connector.cards()[before:])
    assert "cycle open" in help_card.lower()  # admin commands are listed: the fast path read the new role
