""" "Record decisions" on the digest as posted in the DLG channel, over real HTTP on both backends.

Teams gives DLG members their own view of the bot's card through `refresh` (tests/test_decisions.py). A
client that does not run it — anyone not listed in a channel of more than 60 people, an older client, the
Agents Playground (tests/e2e/README.md) — shows the card as posted, the members' view: "Record decisions"
there asks the bot for the presser's view, the answer to their own invoke (Teams shows it to them alone).
DLG members get "Record decision" on each open ask and decide from the channel card; anyone else is told
why not, and nothing changes."""

from __future__ import annotations

import json

from cards.agenda import VERB_DECIDE
from tests.decision_fixtures import CHANNEL, Board, buttons, card_of, decide, record_data
from tests.update_fixtures import JO, PRIYA, SAM, member, texts

TWO_ASKS = "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot"


def titles(card: dict) -> list[str]:
    return [a["title"] for a in buttons(card)]


async def test_a_dlg_member_records_a_decision_from_the_channel_card_as_posted(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", TWO_ASKS, risk_2="Firewall change needed", risk_2_sensitive="true")
        posted = await b.post_digest()
        card = card_of(posted)
        assert titles(card) == ["Record decisions"]  # no "Record decision" on any ask in the members' view
        [entry] = buttons(card)
        assert entry["type"] == "Action.Execute" and entry["verb"] == VERB_DECIDE
        assert entry["fallback"]["type"] == "Action.Submit"

        # Jo (DLG) presses it: her view, the answer to her own invoke.
        mine = (await b.press_in_channel(JO, VERB_DECIDE, entry["data"], message_id=posted["id"]))["value"]
        assert titles(mine) == ["Record decision", "Record decision"]
        assert "Firewall" not in json.dumps(mine) and "portal hosting" in texts(mine)

        data = record_data(mine, "portal hosting")
        form = (await b.press_in_channel(JO, data["verb"], data, message_id=posted["id"]))["value"]
        save = next(a for a in buttons(form) if a["title"] == "Save decision")["data"]
        done = await b.press_in_channel(JO, save["verb"], decide(save, "approved", "Go ahead"), message_id=posted["id"])
        assert "Approved" in texts(done["value"]) and titles(done["value"]) == ["Record decision"]  # the other ask
        await b.ctx.drain()
        [edit] = b.connector.updates_to(CHANNEL)
        assert edit["id"] == posted["id"] and "Go ahead" in texts(card_of(edit))
        assert titles(card_of(edit)) == ["Record decisions"]  # one ask is still open

        # The second decision: nothing left to decide, so the card as posted offers nothing more.
        mine = (await b.press_in_channel(JO, VERB_DECIDE, entry["data"], message_id=posted["id"]))["value"]
        data = record_data(mine, "kiosk pilot")
        form = (await b.press_in_channel(JO, data["verb"], data, message_id=posted["id"]))["value"]
        save = next(a for a in buttons(form) if a["title"] == "Save decision")["data"]
        await b.press_in_channel(JO, save["verb"], decide(save, "noted"), message_id=posted["id"])
        await b.ctx.drain()
        last = card_of(b.connector.updates_to(CHANNEL)[-1])
        assert titles(last) == [] and "Noted" in texts(last)
        assert [a.status for a in await b.asks()] == ["approved", "noted"]


async def test_anyone_else_who_presses_record_decisions_is_told_why_and_nothing_changes(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", TWO_ASKS)
        posted = await b.post_digest()
        [entry] = buttons(card_of(posted))
        before = len(b.connector.activities)
        for who in (SAM, PRIYA):  # a member, and the lead who raised the asks
            body = await b.press_in_channel(who, VERB_DECIDE, entry["data"], message_id=posted["id"])
            assert body["statusCode"] == 403
            assert (
                "Only DLG members and programme office admins can record the DLG's decisions"
                in body["value"]["message"]
            )
        await b.ctx.drain()
        assert len(b.connector.activities) == before and b.connector.updates_to(CHANNEL) == []
        assert await b.decisions() == [] and [a.status for a in await b.asks()] == ["open", "open"]


async def test_an_older_clients_submit_in_the_channel_never_shows_the_dlg_view_to_everyone(db, tmp_path):
    """Action.Submit (the fallback) would put the answer in the channel for everyone: the DLG's view never goes
    there; the presser is told to use a 1:1 chat."""
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", TWO_ASKS)
        posted = await b.post_digest()
        [entry] = buttons(card_of(posted))
        submit = b.connector.make_message(
            member(b.connector, JO),
            conversation_id=f"{CHANNEL};messageid={posted['id']}",
            value=entry["fallback"]["data"],
        )
        submit["conversation"].update({"conversationType": "channel", "isGroup": True})
        submit["channelData"].update({"channel": {"id": CHANNEL}, "team": {"id": "19:dlg-team@thread.tacv2"}})
        submit["replyToId"] = posted["id"]
        before = len(b.connector.activities)
        status, _ = await b.bot.post(submit)
        assert status == 200
        await b.ctx.drain()
        said = b.connector.activities[before:]
        assert b.connector.updates_to(CHANNEL) == []
        assert not any(a.activity.get("attachments") for a in said)
        assert any("1:1 chat" in (a.activity.get("text") or "") for a in said)
