"""Cards that stay true, over real HTTP: the prompt and summary cards refresh to the current state for the
people in their `userIds`, the bot edits the messages it sent when a newer version is saved, and a
refresh is answered from the database, re-checks who is asking, and never changes anything.

The refresh invokes are shaped like Teams' (Microsoft Learn, "Universal Action Model": an `invoke` named
`adaptiveCard/action` whose value is `{action: {type: "Action.Execute", verb, data}, trigger: "automatic"}`,
replying to the message that holds the card), built from the `refresh` block of the card the fake Bot
Connector received, as Teams builds them.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, func, select, update

from store.models import CardMessage, ConversationRef, Person, ProjectRole, UpdateCycle
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector
from tests.refresh_fixtures import AC, Story, buttons, refresh_invoke
from tests.update_fixtures import (
    ADA,
    ALEX,
    AMBER,
    JO,
    NOW,
    PRIYA,
    SAM,
    TEAM,
    actions_of,
    chat,
    click,
    inputs_of,
    invoke,
    member,
    seed,
    texts,
    updates,
)

# ----------------------------------------------------------------------------------- the cards carry a refresh


async def test_a_prompt_refreshes_for_the_projects_leads_and_deputies_with_its_recipient_first(db):
    async with Story(db) as s:
        _, priya = s.prompt(PRIYA, "DC01")
        _, sam = s.prompt(SAM, "DC01")
    for card, first in ((priya, PRIYA), (sam, SAM)):
        block = card["refresh"]
        assert card["version"] == "1.5"
        assert block["action"]["type"] == "Action.Execute" and block["action"]["verb"] == "prompt.refresh"
        assert block["action"]["data"] == {
            "verb": "prompt.refresh",
            "project": "DC01",
            "cycle": "2026-W48",
            "base_version": 0,
        }
        assert block["userIds"][0] == first.teams_id and sorted(block["userIds"]) == ["29:priya", "29:sam"]
    assert actions_of(priya)["Submit update"]["fallback"]["type"] == "Action.Submit"


# ----------------------------------------------------------------------------------- submitted by the deputy


async def test_after_the_deputy_submits_the_leads_open_prompt_shows_already_submitted_with_edit(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        sam_id, sam_card = s.prompt(SAM, "DC01")
        before = await s.refresh(PRIYA, priya_card, reply_to=priya_id)
        assert "Submit update" in actions_of(before) and inputs_of(before)  # nothing submitted yet: the live form
        await s.click(SAM, click(sam_card, "Submit update", **AMBER), reply_to=sam_id)
        view = await s.refresh(PRIYA, priya_card, reply_to=priya_id)
        [(edited_id, edited)] = s.edits(PRIYA)
        sam_edits = s.edits(SAM)
    shown = texts(view)
    assert "Already submitted by Sam Patel on Tuesday 24 November 2026 at 10:00 (version 1)" in shown
    assert "Edit" in actions_of(view) and "Submit update" not in actions_of(view) and not inputs_of(view)
    assert actions_of(view)["Edit"]["fallback"]["type"] == "Action.Submit"
    assert "Supplier delay" in shown and "Firewall change needed (sensitive" in shown  # her own project, her 1:1 chat
    assert view["refresh"]["action"]["verb"] == "summary.refresh" and view["refresh"]["userIds"][0] == "29:priya"
    # The bot edited the prompt messages it had sent, so they no longer offer a form.
    # Sam was answered on the card he clicked, so only Priya's message needed the edit.
    assert edited_id == priya_id and sam_edits == []
    assert "Already submitted by Sam Patel" in texts(edited)
    assert "Firewall change needed" not in texts(edited)  # the card as sent holds no sensitive risk
    assert not inputs_of(edited) and edited["refresh"]["userIds"][0] == "29:priya"
    async with db.unit_of_work() as x:
        shown_versions = (
            await x.execute(
                select(CardMessage.shown_version, CardMessage.kind).where(CardMessage.project_id == s.ids["DC01"])
            )
        ).all()
    assert sorted(shown_versions) == [(1, "prompt"), (1, "prompt")]


async def test_edit_from_the_refreshed_card_opens_the_form_on_the_newest_version(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        view = await s.refresh(PRIYA, priya_card, reply_to=priya_id)
        form = (await s.click(PRIYA, click(view, "Edit")))["value"]
        again = await s.refresh(PRIYA, form)  # the form she is editing refreshes to itself
    assert inputs_of(form)["summary"]["value"] == AMBER["summary"]
    assert form["refresh"]["action"]["data"]["base_version"] == 1
    assert "Submit update" in actions_of(again) and inputs_of(again)["summary"]["value"] == AMBER["summary"]


# ----------------------------------------------------------------------------------- edited elsewhere


async def test_a_summary_shows_the_version_saved_since_by_someone_else_and_its_message_is_edited(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        mine = (await s.click(PRIYA, click(priya_card, "Submit update", **AMBER)))["value"]
        assert mine["refresh"]["action"]["data"] == {
            "verb": "summary.refresh",
            "project": "DC01",
            "cycle": "2026-W48",
            "version": 1,
        }
        same = await s.refresh(PRIYA, mine, reply_to=priya_id)
        sam_view = await s.refresh(SAM, sam_card)
        form = (await s.click(SAM, click(sam_view, "Edit")))["value"]
        await s.click(SAM, click(form, "Submit update", **{**AMBER, "rag": "red", "rag_reason": "Funding withdrawn"}))
        later = await s.refresh(PRIYA, mine, reply_to=priya_id)
        edits = s.edits(PRIYA)
    assert "Your update is in: version 1" in texts(same) and "Amber" in texts(same)
    assert "Already submitted by Priya Shah" in texts(sam_view)
    assert "Already submitted by Sam Patel on Tuesday 24 November 2026 at 10:00 (version 2)" in texts(later)
    assert "Red" in texts(later) and "Funding withdrawn" in texts(later)
    assert later["refresh"]["action"]["data"]["version"] == 2
    # Her prompt message was edited twice: to version 1, then to version 2, never back.
    assert [e[0] for e in edits] == [priya_id, priya_id]
    assert "version 1" in texts(edits[0][1]) and "(version 2)" in texts(edits[1][1])
    assert [(u.version, u.rag) for u in await updates(db, "DC01")] == [(1, "amber"), (2, "red")]


async def test_the_form_update_brings_is_remembered_and_edited_when_the_deputy_submits(db):
    async with Story(db) as s:
        status, _ = await s.bot.post(s.connector.make_message(member(s.connector, ALEX), "update"))
        assert status == 200
        [form_post] = [
            r for r in s.connector.activities if r.method == "POST" and r.conversation_id == chat(s.connector, ALEX)
        ][-1:]
        _, alex_card = s.prompt(ALEX, "DC03")
        assert form_post.activity["attachments"][0]["content"]["refresh"]["action"]["verb"] == "prompt.refresh"
        await s.click(ADA, {**click(alex_card, "Submit update", **AMBER)})  # an admin updates it for him
        edited = [e for e in s.edits(ALEX)]
    assert {e[0] for e in edited} == {form_post.activity["id"], s.prompt(ALEX, "DC03")[0]}
    assert all("Already submitted by Ada Admin" in texts(card) for _, card in edited)


async def test_the_card_clicked_is_answered_in_place_and_her_other_open_card_says_her_update_is_in(db):
    async with Story(db) as s:
        prompt_id, prompt = s.prompt(PRIYA, "DC01")
        status, _ = await s.bot.post(s.connector.make_message(member(s.connector, PRIYA), "update digital inclusion"))
        assert status == 200
        [form_id] = [
            r.activity["id"]
            for r in s.connector.activities
            if r.method == "POST" and r.conversation_id == chat(s.connector, PRIYA)
        ][-1:]
        answer = (await s.click(PRIYA, click(prompt, "Submit update", **AMBER), reply_to=prompt_id))["value"]
        edits = s.edits(PRIYA)
    assert "Update saved: Digital inclusion" in texts(answer)  # what she sees on the card she clicked
    assert [e[0] for e in edits] == [form_id]  # only her other card needed an edit
    assert "Your update is in: version 1, sent on Tuesday 24 November 2026 at 10:00" in texts(edits[0][1])


# ----------------------------------------------------------------------------------- cycle closed


async def test_after_the_cycle_closes_the_prompt_says_so_and_points_to_when_the_next_opens(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC02")
        async with db.unit_of_work() as x:
            await x.execute(update(UpdateCycle).values(status="closed"))
        view = await s.refresh(PRIYA, priya_card, reply_to=priya_id)
        late = (await s.click(PRIYA, click(view, "Send a late update")))["value"]
    shown = texts(view)
    assert "This cycle is closed (cycle 2026-W48, due Thursday 26 November 2026 at 17:00)" in shown
    assert "No update was submitted" in shown and "it will be marked late" in shown
    assert "The next cycle opens on Monday 30 November 2026 at 09:00" in shown
    assert not inputs_of(view) and list(buttons(view)) == ["Send a late update"]
    assert "marked late" in texts(late) and "Submit update" in actions_of(late)


async def test_after_the_next_cycle_opens_the_old_prompt_points_to_it(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        await s.click(PRIYA, click(priya_card, "Submit update", **AMBER))
        async with db.unit_of_work() as x:
            await x.execute(update(UpdateCycle).values(status="closed"))
        s.bot.context.clock = lambda: NOW + timedelta(days=7)
        status, _ = await s.bot.post(s.connector.make_message(member(s.connector, ADA), "cycle open"))
        assert status == 200
        await s.bot.context.drain()
        view = await s.refresh(PRIYA, priya_card, reply_to=priya_id)
        nxt = (await s.click(PRIYA, click(view, "Update for 2026-W49")))["value"]
    shown = texts(view)
    assert "This cycle is closed" in shown and "version 1, by Priya Shah" in shown and "Amber" in shown
    assert "The current cycle is 2026-W49, due Thursday 3 December 2026 at 17:00" in shown
    assert "Edit" not in actions_of(view)
    assert "Status update: Digital inclusion (DC01)" in texts(nxt) and "Submit update" in actions_of(nxt)
    assert actions_of(nxt)["Submit update"]["data"]["cycle"] == "2026-W49"


# ----------------------------------------------------------------------------------- forged refreshes


async def test_a_forged_refresh_from_someone_else_gets_the_card_as_sent_and_learns_nothing(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        await s.click(PRIYA, click(priya_card, "Submit update", **AMBER))
        alex = await s.refresh(ALEX, priya_card)  # leads DC03, not DC01
        jo = await s.refresh(JO, priya_card)  # leads nothing
        stranger = dict(refresh_invoke(s.connector, JO, priya_card))
        stranger["from"] = {"id": "29:stranger", "name": "Stranger", "aadObjectId": "aad-nobody-knows"}
        status, body = await s.bot.post(stranger)
        channel = await s.refresh(
            PRIYA, priya_card, conversation_id="19:general@thread.tacv2", conversation_type="channel"
        )
    for view in (alex, jo, body["value"], channel):
        shown = texts(view)
        assert "This card is for the project's leads, deputies and delegates" in shown
        for secret in ("Supplier delay", "Firewall", "Amber", "Already submitted", "Pilot sites", "Approve spend"):
            assert secret not in shown
        assert not inputs_of(view) and not buttons(view)
        assert "29:stranger" not in view["refresh"]["userIds"] and "29:alex" not in view["refresh"]["userIds"]
    assert status == 200


async def test_a_refresh_changes_nothing_and_costs_two_statements(db):
    async with Story(db) as s:
        priya_id, priya_card = s.prompt(PRIYA, "DC01")
        _, sam_card = s.prompt(SAM, "DC01")
        await s.click(SAM, click(sam_card, "Submit update", **AMBER))
        stranger = dict(refresh_invoke(s.connector, JO, priya_card))
        stranger["from"] = {"id": "29:stranger", "name": "Stranger", "aadObjectId": "aad-nobody-knows"}
        statements: list[str] = []

        def seen(conn, cursor, statement, parameters, context, executemany):
            statements.append(statement.strip().split()[0].upper())

        async def counted(activity) -> list[str]:
            statements.clear()
            event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
            try:
                status, body = await s.bot.post(activity)
            finally:
                event.remove(db.engine.sync_engine, "before_cursor_execute", seen)
            assert status == 200 and body["type"] == AC
            return list(statements)

        lead = await counted(refresh_invoke(s.connector, PRIYA, priya_card, reply_to=priya_id))
        unknown = await counted(stranger)
        form = await counted(refresh_invoke(s.connector, ALEX, s.prompt(ALEX, "DC03")[1]))
        async with db.unit_of_work() as x:
            people = (await x.execute(select(func.count()).select_from(Person))).scalar_one()
            refs = (await x.execute(select(func.count()).select_from(ConversationRef))).scalar_one()
    assert lead == ["SELECT", "SELECT"] and form == ["SELECT", "SELECT"]  # who is asking; the card's state
    assert unknown == ["SELECT", "SELECT"]  # an unknown asker is looked up, not created
    assert people == 5 and refs == 5  # the stranger left no trace


async def test_an_automatic_invoke_of_anything_but_a_refresh_is_refused_and_stores_nothing(db):
    async with Story(db) as s:
        _, priya_card = s.prompt(PRIYA, "DC01")
        act = invoke(s.connector, PRIYA, click(priya_card, "Submit update", **AMBER))
        act["value"]["trigger"] = "automatic"
        status, body = await s.bot.post(act)
    assert status == 200 and body["statusCode"] == 400
    assert "can't refresh itself" in body["value"]["message"]
    assert await updates(db) == []


async def test_refresh_data_that_names_nothing_real_gets_an_out_of_date_card(db):
    async with Story(db) as s:
        _, priya_card = s.prompt(PRIYA, "DC01")
        forged = {
            **priya_card,
            "refresh": {
                **priya_card["refresh"],
                "action": {
                    **priya_card["refresh"]["action"],
                    "data": {
                        "verb": "prompt.refresh",
                        "project": "NOPE",
                        "cycle": "x" * 500,
                        "base_version": "<script>",
                    },
                },
            },
        }
        view = await s.refresh(PRIYA, forged)
        empty = await s.refresh(
            PRIYA,
            {
                **priya_card,
                "refresh": {
                    **priya_card["refresh"],
                    "action": {**priya_card["refresh"]["action"], "data": {"verb": "summary.refresh"}},
                },
            },
        )
    assert "This card is out of date" in texts(view) and "This card is out of date" in texts(empty)


# ----------------------------------------------------------------------------------- more than 60 leads


async def test_with_more_than_60_leads_and_deputies_the_list_stops_at_60_and_keeps_the_viewer(db):
    connector = await FakeConnector().start()
    try:
        ids = await seed(db, connector)
        async with db.unit_of_work() as x:
            for i in range(70):
                person = Person(
                    name=f"Deputy {i}",
                    email=f"deputy{i}@council.example",
                    aad_object_id=f"aad-dep-{i}",
                    teams_user_id=f"29:deputy-{i}",
                )
                x.add(person)
                await x.flush()
                x.add(ProjectRole(project_id=ids["DC01"], person_id=person.id, role="deputy", position=i + 1))
        async with running_bot(db) as bot:
            bot.context.clock = lambda: NOW
            status, _ = await bot.post(connector.make_message(member(connector, ADA), "cycle open"))
            assert status == 200
            await bot.context.drain()
            [priya] = [
                a["content"]
                for r in connector.activities
                if r.method == "POST" and r.conversation_id == chat(connector, PRIYA)
                for a in r.activity.get("attachments") or []
                if (a["content"].get("refresh") or {}).get("action", {}).get("data", {}).get("project") == "DC01"
            ]
            last = connector.add_member(
                TEAM, id="29:deputy-69", name="Deputy 69", aad_object_id="aad-dep-69", email="deputy69@council.example"
            )
            act = refresh_invoke(connector, PRIYA, priya)
            act["from"] = {"id": last.id, "name": last.name, "aadObjectId": last.aad_object_id}
            act["conversation"]["id"] = connector.open_personal_chat(last.id)
            status, body = await bot.post(act)
            await bot.context.drain()
    finally:
        await connector.stop()
    listed = priya["refresh"]["userIds"]
    assert len(listed) == 60 and listed[0] == "29:priya" and len(set(listed)) == 60
    assert all(i.startswith("29:") for i in listed)
    assert "29:deputy-69" not in listed  # the cap cut the last deputies from Priya's card...
    view = body["value"]
    assert status == 200 and "Submit update" in actions_of(view)  # ...but a deputy who opens it gets the form
    assert view["refresh"]["userIds"][0] == "29:deputy-69" and len(view["refresh"]["userIds"]) == 60


@pytest.mark.parametrize("count", [0, 1, 59, 60, 61, 500])
def test_refresh_user_ids_are_never_empty_and_never_more_than_60(count):
    from cards.refresh import refresh, user_ids, with_refresh

    ids = [f"29:p{i}" for i in range(count)] + ["", None, " "] + (["29:p0"] if count else [])
    block = refresh("prompt.refresh", {"project": "X"}, ids)
    if count == 0:
        assert block is None and "refresh" not in with_refresh({"refresh": {}}, "prompt.refresh", {}, ids)
    else:
        assert 1 <= len(block["userIds"]) == min(count, 60) and block["userIds"] == user_ids(ids)
