"""The digest's card in the DLG channel refreshes to the current state for each viewer, over real HTTP on both
backends: after a decision, a DLG member or admin who opens the card as it was posted gets their view as it
stands now (the decision shown, "Record decision" only on the asks still open), and a member gets the
members' view as it stands now, never a button, a sensitive risk or the names of the projects that sent no
update, whatever the refresh's data claims. Teams sends the refresh (an `adaptiveCard/action` invoke with
`trigger: "automatic"`) only for the people in the card's `userIds`; a member's refresh here is one sent
by hand, which is exactly what the bot must not trust.
"""

from __future__ import annotations

import json

from bot.channel_post import BotChannelTransport
from graph.client import StaticTokenCredential
from programme.posting import RetryPolicy
from services import digest as service
from services.digest_transports import Transports
from tests.decision_fixtures import CHANNEL, DEE, DLG_TEAM, REFRESH, Board, buttons, card_of, decide, record_data
from tests.fakes.graph import DEFAULT_TOKEN, FakeGraph
from tests.update_fixtures import ADA, JO, PRIYA, SAM, texts

ASKS = "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot"
SENSITIVE = "Firewall change needed"  # AMBER's risk 2, marked sensitive
DLG_ONLY = "Data platform"  # DC03 sent no update: the DLG's view names it, members read a count


def asks_with_a_button(card: dict) -> list[str]:
    """The asks that carry "Record decision", by the text of their block."""
    out = []
    for item in card["body"]:
        if item.get("type") == "Container" and any(i.get("type") == "ActionSet" for i in item.get("items", [])):
            out.append(item["items"][1]["text"])
    return out


def but_record_decisions(card: dict) -> list:
    """The card's buttons other than "Record decisions" (`digest.decide`), which the card as posted carries while
    an ask is open: pressing it gives a DLG member their own view and anyone else a refusal
    (tests/test_decisions_channel.py)."""
    return [b for b in buttons(card) if b.get("verb") != "digest.decide"]


def assert_members_view(card: dict) -> None:
    dumped = json.dumps(card, ensure_ascii=False)
    assert but_record_decisions(card) == [] and 'Record decision"' not in dumped
    assert SENSITIVE not in dumped and DLG_ONLY not in dumped
    assert "not sent an update this cycle" in texts(card)  # the count, not the names


async def test_the_posted_digest_refreshes_to_the_decisions_since_for_the_dlg_and_for_a_member(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", ASKS, risk_2=SENSITIVE, risk_2_sensitive="true")
        posted = await b.post_digest()
        card, message_id = card_of(posted), posted["id"]
        data = card["refresh"]["action"]["data"]

        async def view(who, claims=None) -> dict:
            body = await b.press_in_channel(who, REFRESH, claims or data, message_id=message_id, trigger="automatic")
            assert body["statusCode"] == 200
            return body["value"]

        before = await view(DEE)
        assert asks_with_a_button(before) == ["Approve the £20k for portal hosting", "Agree to pause the kiosk pilot"]
        save = decide(record_data(await view(JO), "portal hosting"), "approved", "Go ahead: two pilots first")
        await b.press_in_channel(JO, save["verb"], save, message_id=message_id)
        await b.ctx.drain()

        dee, ada = await view(DEE), await view(ADA)  # the card as posted, opened after the decision
        sam = await view(SAM)  # a member: Teams would not ask for him (not in userIds); the bot must not trust it
        forged = await view(PRIYA, {**data, "view": "dlg", "card": "digest"})
    for dlg in (dee, ada):
        words = texts(dlg)
        assert "Approved" in words and "Go ahead: two pilots first" in words  # the state now, not as posted
        assert asks_with_a_button(dlg) == ["Agree to pause the kiosk pilot"]  # only the ask still open
        assert DLG_ONLY in words and SENSITIVE not in json.dumps(dlg, ensure_ascii=False)  # a channel: never sensitive
        assert dlg["refresh"] == card["refresh"]  # keeps refreshing for the same people
    for member in (sam, forged):
        assert "Approved" in texts(member) and "Go ahead: two pilots first" in texts(member)
        assert_members_view(member)
        assert SAM.teams_id not in member["refresh"]["userIds"] and PRIYA.teams_id not in member["refresh"]["userIds"]
    assert sorted(card["refresh"]["userIds"]) == sorted([JO.teams_id, DEE.teams_id, ADA.teams_id])
    assert_members_view(card)  # what everyone else sees: the card as posted (and as the bot edits it)
    [edit] = b.connector.updates_to(CHANNEL)
    assert "Go ahead: two pilots first" in texts(card_of(edit)) and card_of(edit)["refresh"] == card["refresh"]
    assert_members_view(card_of(edit))


async def test_the_graph_digests_agenda_reply_refreshes_to_the_current_state_for_the_dlg_and_for_a_member(db, tmp_path):
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
            await b.submit(PRIYA, "DC01", ASKS, risk_2=SENSITIVE, risk_2_sensitive="true")
            draft = await service.ensure_draft(b.ctx, (await service.latest_period(b.ctx)), refresh=True)
            await service.approve(b.ctx, draft.period_key, actor="ada@council.example", seen_revision=draft.revision)
            transports = Transports(
                b.ctx, bot=BotChannelTransport(b.ctx), graph_credential=StaticTokenCredential(DEFAULT_TOKEN)
            )
            try:
                [outcome] = await service.Poster(b.ctx, transports, policy=RetryPolicy()).post_ready()
            finally:
                await transports.aclose()
            assert outcome.transport == "graph"
            [message] = graph.messages(DLG_TEAM, CHANNEL)
            [reply] = b.connector.sent_to(f"{CHANNEL};messageid={message['id']}")
            agenda = card_of(reply)
            data = agenda["refresh"]["action"]["data"]

            async def view(who) -> dict:
                body = await b.press_in_channel(who, REFRESH, data, message_id=message["id"], trigger="automatic")
                assert body["statusCode"] == 200
                return body["value"]

            save = decide(record_data(await view(DEE), "kiosk pilot"), "declined", "Keep the kiosks until March")
            await b.press_in_channel(DEE, save["verb"], save, message_id=message["id"])
            await b.ctx.drain()
            jo, sam = await view(JO), await view(SAM)
    assert "DLG agenda" in texts(jo) and "Keep the kiosks until March" in texts(jo)
    assert asks_with_a_button(jo) == ["Approve the £20k for portal hosting"]
    assert "DLG agenda" in texts(sam) and "Keep the kiosks until March" in texts(sam)
    dumped = json.dumps(sam, ensure_ascii=False)
    assert buttons(sam) == [] and SENSITIVE not in dumped and DLG_ONLY not in dumped
    assert but_record_decisions(agenda) == [] and SENSITIVE not in json.dumps(agenda, ensure_ascii=False)
