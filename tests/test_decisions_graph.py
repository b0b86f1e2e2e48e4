"""With the Graph transport the digest is posted by a signed-in account and is display-only (its buttons
would never reach the bot): the bot, installed in the DLG team, replies in the digest's thread with the
agenda card, which carries the DLG's view through `refresh`, and is edited after each decision."""

from __future__ import annotations

from bot.channel_post import BotChannelTransport
from graph.client import StaticTokenCredential
from programme.posting import RetryPolicy
from services import digest as service
from services.digest_transports import Transports
from tests.decision_fixtures import CHANNEL, DLG_TEAM, REFRESH, Board, buttons, card_of, decide, record_data
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph
from tests.update_fixtures import JO, PRIYA, texts


async def test_the_bot_replies_in_the_graph_digests_thread_with_the_agenda_and_edits_it_after_a_decision(db, tmp_path):
    async with FakeGraph() as graph:
        graph.add_channel(DLG_TEAM, CHANNEL)
        async with Board(
            db,
            tmp_path,
            digest_transport="graph",
            graph_base_url=graph.base_url,
            secret_key="a-long-test-secret-key-for-sealing",
        ) as b:
            await b.open_cycle()
            await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
            view = await service.ensure_draft(b.ctx, (await service.latest_period(b.ctx)), refresh=True)
            await service.approve(b.ctx, view.period_key, actor="ada@council.example", seen_revision=view.revision)
            transports = Transports(
                b.ctx, bot=BotChannelTransport(b.ctx), graph_credential=StaticTokenCredential(DEFAULT_TOKEN)
            )
            try:
                [outcome] = await service.Poster(b.ctx, transports, policy=RetryPolicy()).post_ready()
            finally:
                await transports.aclose()
            assert (outcome.status, outcome.transport) == ("posted", "graph")

            [message] = graph.messages(DLG_TEAM, CHANNEL)
            thread = f"{CHANNEL};messageid={message['id']}"
            [reply] = b.connector.sent_to(thread)
            agenda = card_of(reply)
            assert "DLG agenda" in texts(agenda) and "portal hosting" in texts(agenda)
            assert [a["title"] for a in buttons(agenda)] == ["Record decisions"]  # the members' view, as posted
            assert agenda["refresh"]["action"]["data"]["card"] == "agenda"

            jo = await b.press_in_channel(
                JO, REFRESH, agenda["refresh"]["action"]["data"], message_id=message["id"], trigger="automatic"
            )
            data = record_data(jo["value"], "portal hosting")
            done = await b.press_in_channel(
                JO,
                "decision.record",
                decide({**data, "verb": "decision.record"}, "approved", "Agreed"),
                message_id=message["id"],
            )
            assert "Recorded: Approved" in texts(done["value"]) and "DLG agenda" in texts(done["value"])
            await b.ctx.drain()
            [edit] = b.connector.updates_to(thread)
            assert edit["id"] == reply["id"] and "Approved" in texts(card_of(edit)) and buttons(card_of(edit)) == []
            assert len(graph.messages(DLG_TEAM, CHANNEL)) == 1  # the Graph message itself is never touched
