"""The DLG's decisions close the loop, over real HTTP on both backends: an ask raised by a lead's update
is on the agenda of the digest in the DLG channel until the DLG decides it; the decision is recorded in
Teams (by DLG members and admins only, once, whoever clicks at the same time), the channel card shows it,
and the lead hears of it in their 1:1 chat."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from store.models import AuditEntry
from tests.decision_fixtures import CHANNEL, DEE, REFRESH, Board, buttons, card_of, decide, record_data
from tests.update_fixtures import ADA, JO, PRIYA, SAM, chat, texts

TWO_ASKS = "- Approve the £20k for portal hosting\n- None\n- Agree to pause the kiosk pilot"


def dumped(card: dict) -> str:
    return json.dumps(card, ensure_ascii=False)


async def test_the_life_of_an_ask_from_update_to_decision_to_the_lead(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", TWO_ASKS)
        asks = await b.asks()
        assert [(a.text, a.status) for a in asks] == [
            ("Approve the £20k for portal hosting", "open"),
            ("Agree to pause the kiosk pilot", "open"),
        ]  # "None" is no ask

        posted = await b.post_digest()
        card = card_of(posted)
        text = dumped(card)
        assert "Asks needing a decision (2)" in text and "portal hosting" in text and "raised this cycle" in text
        message_id = posted["id"]

        # Jo (DLG) opens the card in the channel: Teams asks for her view, which has the buttons.
        mine = await b.press_in_channel(
            JO, REFRESH, card["refresh"]["action"]["data"], message_id=message_id, trigger="automatic"
        )
        data = record_data(mine["value"], "portal hosting")
        form = await b.press_in_channel(JO, data["verb"], data, message_id=message_id)
        assert "Record the DLG's decision" in texts(form["value"])
        save = next(a for a in buttons(form["value"]) if a["title"] == "Save decision")["data"]
        done = await b.press_in_channel(
            JO, save["verb"], decide(save, "approved", "Go ahead: two pilots first"), message_id=message_id
        )
        assert "Approved" in texts(done["value"]) and "Go ahead: two pilots first" in texts(done["value"])
        await b.ctx.drain()

        [ask, other] = await b.asks()
        assert (ask.status, ask.note, ask.decided_by_role, ask.decisions) == (
            "approved",
            "Go ahead: two pilots first",
            "dlg",
            1,
        )
        assert other.status == "open"
        [decision] = await b.decisions()
        assert decision.outcome == "approved" and decision.decided_by_name == JO.name
        async with db.unit_of_work() as s:
            audited = (
                await s.execute(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.entity == "ask", AuditEntry.action == "decide")
                )
            ).scalar_one()
        assert audited == 1

        # Everyone sees it: the bot edited its channel message (the members' view: no "Record decision" on an
        # ask; "Record decisions" stays while an ask is open, for clients that do not refresh).
        [edit] = b.connector.updates_to(CHANNEL)
        edited = card_of(edit)
        assert edit["id"] == message_id and "Approved" in texts(edited)
        assert [a["title"] for a in buttons(edited)] == ["Record decisions"]
        assert "Go ahead: two pilots first" in texts(edited)

        # The lead and the deputy hear in their 1:1 chats.
        for who in (PRIYA, SAM):
            told = b.connector.cards(chat(b.connector, who))[-1]
            assert "The DLG has decided your ask" in texts(told) and "Go ahead: two pilots first" in texts(told)
        assert sorted(n.status for n in await b.notices()) == ["sent", "sent"]

        # The next cycle: the prompt card says what was decided and lists the open ask, with withdraw.
        b.advance(days=7)
        await b.open_cycle()
        prompt = b.prompt(PRIYA, "DC01")
        words = texts(prompt)
        assert "Decided by the DLG since your last update" in words and "Go ahead: two pilots first" in words
        assert "Your open asks of the DLG" in words and "kiosk pilot" in words
        box = next(i for i in prompt["body"] if i.get("id") == "asks_of_dlg")
        assert "portal" not in box.get("value", "") and "kiosk" not in box.get("value", "")

        # …and the next digest says what was decided since the last meeting.
        posted2 = await b.post_digest()
        text2 = dumped(card_of(posted2))
        assert "Decided since the last meeting" in text2 and "portal hosting" in text2
        assert "Asks needing a decision (1)" in text2 and "raised last cycle" in text2


async def test_a_lead_withdraws_an_open_ask_on_their_next_card(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Agree to pause the kiosk pilot")
        b.advance(days=7)
        await b.open_cycle()
        [ask] = await b.asks()
        body = await b.submit(PRIYA, "DC01", "", **{f"withdraw_ask_{ask.id}": "true"})
        assert "1 ask withdrawn" in texts(body["value"])
        [ask] = await b.asks()
        assert ask.status == "withdrawn" and ask.decided_by_role == "lead"
        await b.ctx.drain()
        # The deputy hears (Priya did it herself); the cards sent to Sam earlier are brought up to date
        # too (cards that stay true), so the notice need not be the last card in Sam's chat.
        told = [c for c in b.connector.cards(chat(b.connector, SAM)) if "You withdrew an ask" in texts(c)]
        assert len(told) == 1


def agenda_lines(card: dict) -> list[str]:
    """The agenda's asks in order, as "text | age"."""
    out = []
    for item in card["body"]:
        if item.get("type") == "Container" and item.get("separator") and len(item.get("items", [])) >= 2:
            head, ask = item["items"][0]["text"], item["items"][1]["text"]
            out.append(f"{ask} | {head.rsplit(' · ', 2)[-2] if ' · since ' in head else head.rsplit(' · ', 1)[-1]}")
    return out


async def test_undecided_asks_carry_forward_across_three_cycles_with_their_age_and_a_retyped_ask_is_not_doubled(
    db, tmp_path
):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        first = card_of(await b.post_digest())
        assert agenda_lines(first) == [
            "Approve the £20k for portal hosting | raised this cycle",
            "Agree to pause the kiosk pilot | raised this cycle",
        ]

        b.advance(days=7)
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Confirm the data-sharing agreement")  # the open two are not repeated
        posted = await b.post_digest()
        second = card_of(posted)
        assert agenda_lines(second) == [
            "Approve the £20k for portal hosting | raised last cycle",
            "Agree to pause the kiosk pilot | raised last cycle",
            "Confirm the data-sharing agreement | raised this cycle",
        ]
        dee = await b.press_in_channel(
            DEE, REFRESH, second["refresh"]["action"]["data"], message_id=posted["id"], trigger="automatic"
        )
        data = record_data(dee["value"], "kiosk pilot")
        save = {**data, "verb": "decision.record"}
        await b.press(DEE, decide(save, "declined", "Keep the kiosks until March"))

        b.advance(days=7)
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "approve £20k for the portal hosting")  # retyped: the same ask
        asks = await b.asks()
        assert len(asks) == 3 and asks[0].text == "approve £20k for the portal hosting" and asks[0].status == "open"
        third = card_of(await b.post_digest())
        assert agenda_lines(third) == [
            "approve £20k for the portal hosting | raised 2 cycles ago",
            "Confirm the data-sharing agreement | raised last cycle",
        ]
        words = dumped(third)
        assert "Decided since the last meeting" in words and "Keep the kiosks until March" in words


async def test_two_dlg_members_deciding_at_once_one_wins_and_the_other_sees_the_winners_decision(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
        posted = await b.post_digest()
        card = card_of(posted)
        views = [
            await b.press_in_channel(
                who, REFRESH, card["refresh"]["action"]["data"], message_id=posted["id"], trigger="automatic"
            )
            for who in (JO, DEE)
        ]
        saves = [
            decide({**record_data(v["value"], "portal hosting"), "verb": "decision.record"}, outcome, note)
            for v, (outcome, note) in zip(
                views, [("approved", "Yes, go ahead"), ("deferred", "Come back with costs")], strict=True
            )
        ]

        answers = await asyncio.gather(
            *(
                b.press_in_channel(who, s["verb"], s, message_id=posted["id"])
                for who, s in zip((JO, DEE), saves, strict=True)
            )
        )
        await b.ctx.drain()

        [decision] = await b.decisions()
        winner = JO if decision.decided_by_name == JO.name else DEE
        loser_answer = answers[1] if winner is JO else answers[0]
        loser_text = texts(loser_answer["value"])
        assert "Someone else recorded a decision first" in loser_text
        won = "Approved" if winner is JO else "Deferred to the next meeting"
        assert won in loser_text and (decision.note in loser_text)
        [ask] = await b.asks()
        assert ask.decisions == 1 and ask.status == decision.outcome
        assert len(await b.notices()) == 2  # Priya and Sam, once


async def test_a_forged_decision_from_a_member_is_refused_and_nothing_is_stored(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
        posted = await b.post_digest()
        [ask] = await b.asks()
        forged = {
            "verb": "decision.record",
            "ask": ask.id,
            "v": 0,
            "period": "x",
            "origin": "digest",
            "outcome": "approved",
            "note": "I approve myself",
        }
        for body in (
            await b.press_in_channel(PRIYA, "decision.record", forged, message_id=posted["id"]),
            await b.press(SAM, forged),
            await b.press(PRIYA, {**forged, "verb": "decision.open"}),
        ):
            assert body["statusCode"] == 403
            assert "Only DLG members and programme office admins" in body["value"]["message"]
        # a member's refresh of the channel card is the members' view: no buttons
        view = await b.press_in_channel(
            SAM, REFRESH, card_of(posted)["refresh"]["action"]["data"], message_id=posted["id"], trigger="automatic"
        )
        assert buttons(view["value"]) == [] and "portal hosting" in texts(view["value"])
        await b.ctx.drain()
        [ask] = await b.asks()
        assert ask.status == "open" and ask.decisions == 0
        assert await b.decisions() == [] and await b.notices() == []
        assert b.connector.updates_to(CHANNEL) == []
        async with db.unit_of_work() as s:
            assert (
                await s.execute(
                    select(func.count())
                    .select_from(AuditEntry)
                    .where(AuditEntry.entity == "ask", AuditEntry.action == "decide")
                )
            ).scalar_one() == 0


async def test_what_a_member_and_a_dlg_member_see_of_the_posted_digest(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(
            PRIYA,
            "DC01",
            "Approve the £20k for portal hosting",
            risk_2="Firewall change needed",
            risk_2_sensitive="true",
        )
        posted = await b.post_digest()
        members = card_of(posted)
        assert [a["title"] for a in buttons(members)] == ["Record decisions"] and "Firewall" not in dumped(members)
        assert [a["type"] for a in members["actions"]] == [
            "Action.OpenUrl",
            "Action.Execute",
        ]  # no Record decision per ask
        refresh = members["refresh"]
        assert refresh["action"]["type"] == "Action.Execute" and refresh["action"]["verb"] == REFRESH
        assert sorted(refresh["userIds"]) == sorted([JO.teams_id, DEE.teams_id, ADA.teams_id])
        assert "not sent an update" in dumped(members) and "Data platform" not in texts(members)  # missing: a count

        jo = (
            await b.press_in_channel(
                JO, REFRESH, refresh["action"]["data"], message_id=posted["id"], trigger="automatic"
            )
        )["value"]
        assert [a["title"] for a in buttons(jo)] == ["Record decision"]
        assert jo["refresh"] == refresh and "Firewall" not in dumped(jo)
        assert "Data platform" in texts(jo)  # the DLG's view names the missing update
        forged_refresh = (
            await b.press_in_channel(
                SAM, REFRESH, {**refresh["action"]["data"], "view": "dlg"}, message_id=posted["id"], trigger="automatic"
            )
        )["value"]
        assert buttons(forged_refresh) == []


async def test_decisions_in_a_1_to_1_chat_for_the_dlg_and_refused_to_others(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        [reply] = [a for a in await b.say(SAM, "decisions") if a.get("text")]
        assert "Only DLG members and programme office admins" in reply["text"]
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        assert "Asks waiting for the DLG (2)" in texts(listing)
        data = record_data(listing, "kiosk pilot")
        form = (await b.press(JO, data))["value"]
        bad = await b.press(JO, decide({**data, "verb": "decision.record"}, "declined", ""))
        assert "Nothing was recorded" in texts(bad["value"]) and await b.decisions() == []
        again = await b.press(
            JO, decide({**data, "verb": "decision.record"}, "deferred", "", deferred_until="2027-01-14")
        )
        assert "Asks waiting for the DLG (2)" in texts(again["value"])  # a deferred ask still waits
        assert "Deferred until 14 January 2027" in texts(again["value"])
        assert "Record the DLG's decision" in texts(form)
        stale = await b.press(DEE, decide({**data, "verb": "decision.record"}, "approved", "ok"))  # drawn at v=0
        assert "Someone else recorded a decision first" in texts(stale["value"])
        [_, ask] = await b.asks()
        assert (ask.status, ask.decisions, str(ask.deferred_until)) == ("deferred", 1, "2027-01-14")


async def test_a_retried_click_records_the_decision_once(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        save = decide({**record_data(listing, "portal"), "verb": "decision.record"}, "noted", "Noted with thanks")
        first = await b.press(JO, save, activity_id="retried-invoke-1")
        second = await b.press(JO, save, activity_id="retried-invoke-1")
        assert "Recorded" in texts(first["value"]) and "Someone else" not in texts(second["value"])
        assert len(await b.decisions()) == 1


async def test_the_decision_is_part_of_the_projects_page_on_the_dashboard(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for <b>portal</b> hosting\nAgree to pause the kiosk pilot")
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        await b.press(
            JO, decide({**record_data(listing, "portal"), "verb": "decision.record"}, "declined", "Not this year")
        )
        async with b.bot.http.get(b.bot.server.make_url("/dashboard/projects/DC01")) as resp:
            assert resp.status == 200
            page = await resp.text()
        section = page[page.index('id="asks-heading"') : page.index('id="milestones-heading"')]
        assert "&lt;b&gt;portal&lt;/b&gt;" in section and "<b>portal" not in section
        assert "Declined" in section and "Not this year" in section and JO.name in section
        assert "kiosk pilot" in section and "Waiting for the DLG" in section


async def test_when_the_background_work_never_ran_the_schedulers_next_tick_tells_the_lead_and_edits_the_card(
    db, tmp_path, monkeypatch
):
    """The process stopped right after the decision was committed: nothing was sent. The next tick sends
    the notices and the edit (the decision's unit of work left them marked to do)."""
    from dfbot.scheduler import Scheduler
    from services import decisions as decisions_service

    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting")
        posted = await b.post_digest()
        priya_chat = chat(b.connector, PRIYA)
        before = len(b.connector.cards(priya_chat))
        monkeypatch.setattr(decisions_service, "after_decision", lambda ctx: None)
        [listing] = [card_of(a) for a in await b.say(JO, "decisions") if a.get("attachments")]
        await b.press(JO, decide({**record_data(listing, "portal"), "verb": "decision.record"}, "noted", "Thanks"))
        await b.ctx.drain()
        assert len(b.connector.cards(priya_chat)) == before and b.connector.updates_to(CHANNEL) == []
        assert {n.status for n in await b.notices()} == {"pending"}

        report = await Scheduler(b.ctx, b.ctx.messenger, interval=1).tick()
        assert report.leader
        assert "The DLG has decided your ask" in texts(b.connector.cards(priya_chat)[-1])
        assert {n.status for n in await b.notices()} == {"sent"}
        [edit] = b.connector.updates_to(CHANNEL)
        assert edit["id"] == posted["id"] and "Noted" in texts(card_of(edit))


async def test_an_admin_records_a_decision_from_the_digest_preview(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        [preview] = [card_of(a) for a in await b.say(ADA, "digest preview") if a.get("attachments")]
        data = record_data(preview, "kiosk pilot")
        assert data["origin"] == "preview"
        form = (await b.press(ADA, data))["value"]
        save = next(a for a in buttons(form) if a["title"] == "Save decision")["data"]
        answer = (await b.press(ADA, decide(save, "deferred", "After the budget")))["value"]
        words = texts(answer)
        assert "Status: Draft" in words and "Recorded: Deferred to the next meeting" in words
        assert "Decided since the last meeting" not in words  # deferred to this meeting: it is on the agenda
        assert "**Deferred to the next meeting**: After the budget" in words
        [_, ask] = await b.asks()
        assert (ask.status, ask.decided_by_role) == ("deferred", "admin")


async def test_editing_this_cycles_update_keeps_its_asks_in_the_box_and_taking_one_out_takes_it_back(db, tmp_path):
    async with Board(db, tmp_path) as b:
        await b.open_cycle()
        body = await b.submit(PRIYA, "DC01", "Approve the £20k for portal hosting\nAgree to pause the kiosk pilot")
        edit = next(a for a in buttons(body["value"]) if a["title"] == "Edit")
        form = (await b.press(PRIYA, edit["data"]))["value"]
        box = next(i for i in form["body"] if i.get("id") == "asks_of_dlg")
        assert "portal hosting" in box["value"] and "kiosk pilot" in box["value"]
        assert "Your open asks of the DLG" not in texts(form)  # they are this update's own text, in the box
        save = next(a for a in buttons(form) if a["title"] == "Submit update")["data"]
        from tests.update_fixtures import AMBER

        done = await b.press(PRIYA, {**save, **AMBER, "asks_of_dlg": "Approve the £20k for portal hosting"})
        assert "Update saved" in texts(done["value"])
        assert [a.text for a in await b.asks()] == ["Approve the £20k for portal hosting"]
