"""A lead's journey over real HTTP: prompted through the fake Bot Connector, submits on the card with
Action.Execute, sees the summary, edits; and everything that must not happen, doesn't."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select, update

from services import cycles
from store.models import Delegation, Milestone, Person, UpdateCycle
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector
from tests.update_fixtures import (
    ADA,
    ALEX,
    AMBER,
    JO,
    NOW,
    PRIYA,
    SAM,
    actions_of,
    chat,
    click,
    deliveries,
    inputs_of,
    invoke,
    member,
    seed,
    texts,
    updates,
)


async def _open_cycle(bot, connector) -> None:
    """The admin opens the cycle in Teams; the fan-out runs in the background."""
    status, _ = await bot.post(connector.make_message(member(connector, ADA), "cycle open"))
    assert status == 200
    await bot.context.drain()


def _prompt(connector, who, ref: str) -> dict:
    [card] = [
        c
        for c in connector.cards(chat(connector, who), methods=("POST",))
        if c.get("actions") and c["actions"][0]["data"].get("project") == ref
    ]
    return card


class Journey:
    def __init__(self, db):
        self.db = db

    async def __aenter__(self):
        self.connector = await FakeConnector().start()
        await seed(self.db, self.connector)
        self._bot = running_bot(self.db)
        self.bot = await self._bot.__aenter__()
        self.bot.context.clock = lambda: NOW
        return self

    async def __aexit__(self, *exc):
        await self.bot.context.drain()
        await self._bot.__aexit__(*exc)
        await self.connector.stop()

    async def click(self, who, data, activity_id=None):
        status, body = await self.bot.post(invoke(self.connector, who, data, activity_id))
        assert status == 200, body
        return body

    async def say(self, who, text):
        await self.bot.context.drain()  # cards being brought up to date after an earlier save
        before = len(self.connector.activities)
        status, _ = await self.bot.post(self.connector.make_message(member(self.connector, who), text))
        assert status == 200
        said = [r.activity for r in self.connector.activities[before:] if r.method == "POST"]
        return [a for a in said if a.get("type") != "typing"]  # "typing…" is shown when a turn is slow (bot/typing.py)


# ----------------------------------------------------------------------------------- the story


async def test_a_lead_who_was_prompted_submits_an_amber_update_and_gets_the_summary_card(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        prompt = _prompt(j.connector, PRIYA, "DC01")
        fields = inputs_of(prompt)
        assert all(f.get("label") for f in fields.values())  # every input has a label
        assert {"rag", "rag_reason", "progress_pct", "summary", "risk_1_sensitive", "asks_of_dlg"} <= set(fields)
        assert actions_of(prompt)["Submit update"]["fallback"]["type"] == "Action.Submit"
        body = await j.click(PRIYA, click(prompt, "Submit update", **AMBER))
    assert body["statusCode"] == 200 and body["type"] == "application/vnd.microsoft.card.adaptive"
    summary = texts(body["value"])
    assert "Update saved: Digital inclusion" in summary and "Amber" in summary and "Supplier delay" in summary
    assert "Firewall change needed (sensitive: admins and DLG only)" in summary  # her own, in her 1:1 chat
    assert "Edit" in actions_of(body["value"])
    [stored] = await updates(db, "DC01")
    assert (stored.rag, stored.version, stored.progress_pct, stored.late) == ("amber", 1, 40, False)
    assert stored.risks == [
        {"text": "Devices may miss the pilot date", "sensitive": False},
        {"text": "Firewall change needed", "sensitive": True},
    ]


async def test_edit_reopens_the_card_with_the_last_version_and_saves_a_new_one(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        first = await j.click(PRIYA, click(_prompt(j.connector, PRIYA, "DC01"), "Submit update", **AMBER))
        form = (await j.click(PRIYA, click(first["value"], "Edit")))["value"]
        assert inputs_of(form)["summary"]["value"] == AMBER["summary"]
        assert actions_of(form)["Submit update"]["data"]["base_version"] == 1
        second = await j.click(PRIYA, click(form, "Submit update", **{**AMBER, "rag": "green", "rag_reason": ""}))
    assert "Green" in texts(second["value"])
    assert [(u.version, u.rag) for u in await updates(db, "DC01")] == [(1, "amber"), (2, "green")]


async def test_the_same_submit_arriving_twice_with_one_activity_id_is_stored_once(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        data = click(_prompt(j.connector, PRIYA, "DC01"), "Submit update", **AMBER)
        one = await j.click(PRIYA, data, activity_id="invoke-42")
        two = await j.click(PRIYA, data, activity_id="invoke-42")  # Teams retried the invoke
        three = await j.click(PRIYA, data, activity_id="invoke-43")  # a double click
    assert len(await updates(db, "DC01")) == 1
    assert texts(one["value"]) == texts(two["value"]) == texts(three["value"])


async def test_a_forged_submission_for_another_project_is_refused_and_nothing_is_stored(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        forged = click(_prompt(j.connector, ALEX, "DC03"), "Submit update", **AMBER)
        forged["project"] = "DC01"  # Alex leads DC03, not DC01
        body = await j.click(ALEX, forged)
        outsider = await j.click(JO, click(_prompt(j.connector, PRIYA, "DC02"), "Submit update", **AMBER))
        unknown = await j.click(ALEX, {**forged, "project": "NOPE", "cycle": "1999-W01"})
    assert body["type"] == "application/vnd.microsoft.activity.message"
    assert "Only the leads, deputies or a delegate of Digital inclusion" in body["value"]
    assert "Nothing was saved" in body["value"] and "Nothing was saved" in outsider["value"]
    assert "Nothing was saved" in unknown["value"]
    assert await updates(db) == []


async def test_when_a_lead_and_a_deputy_edit_at_once_the_second_sees_the_first_and_chooses(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        priya_card, sam_card = _prompt(j.connector, PRIYA, "DC01"), _prompt(j.connector, SAM, "DC01")
        await j.click(PRIYA, click(priya_card, "Submit update", **AMBER))
        sam_values = {**AMBER, "rag": "red", "rag_reason": "Funding withdrawn", "summary": "Stopped"}
        clash = (await j.click(SAM, click(sam_card, "Submit update", **sam_values)))["value"]
        shown = texts(clash)
        assert "Priya Shah updated Digital inclusion while you were editing" in shown
        assert "Supplier delay" in shown and "Funding withdrawn" in shown and "Nothing has been overwritten" in shown
        assert [u.rag for u in await updates(db, "DC01")] == ["amber"]
        chosen = await j.click(SAM, click(clash, "Save mine as the new version"))
    assert "Red" in texts(chosen["value"])
    assert [(u.version, u.rag, u.submitted_by_name) for u in await updates(db, "DC01")] == [
        (1, "amber", "Priya Shah"),
        (2, "red", "Sam Patel"),
    ]


async def test_no_change_carries_the_previous_update_forward_and_says_so(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        await j.click(PRIYA, click(_prompt(j.connector, PRIYA, "DC01"), "Submit update", **AMBER))
        async with db.unit_of_work() as s:  # a week later: the next cycle
            await s.execute(update(UpdateCycle).values(status="closed"))
        j.bot.context.clock = lambda: NOW + timedelta(days=7)
        await _open_cycle(j.bot, j.connector)
        [_, nxt] = [
            c
            for c in j.connector.cards(chat(j.connector, PRIYA), methods=("POST",))
            if c.get("actions") and c["actions"][0]["data"].get("project") == "DC01"
        ]
        assert "No change since last update" in actions_of(nxt)
        body = await j.click(PRIYA, click(nxt, "No change since last update"))
    assert "no change since last update" in texts(body["value"]).lower()
    old, new = await updates(db, "DC01")
    assert new.no_change and not old.no_change and new.cycle_id != old.cycle_id
    assert (new.rag, new.summary, new.risks) == (old.rag, old.summary, old.risks)


async def test_a_submission_after_the_cycle_closes_is_accepted_and_marked_late(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        card = _prompt(j.connector, ALEX, "DC03")
        async with db.unit_of_work() as s:
            cycle = (await s.execute(select(UpdateCycle))).scalar_one()
            cycle.status, closes = "closed", cycle.closes_at
        j.bot.context.clock = lambda: closes + timedelta(hours=2)
        body = await j.click(ALEX, click(card, "Submit update", **{**AMBER, "rag": "green"}))
        edit = await j.click(
            ALEX, {"verb": "update.edit", "project": "DC03", "cycle": card["actions"][0]["data"]["cycle"]}
        )
    assert "(late)" in texts(body["value"]) and "can no longer be edited" in texts(body["value"])
    assert "Edit" not in actions_of(body["value"])
    assert "closed" in texts(edit["value"])
    [stored] = await updates(db, "DC03")
    assert stored.late


async def test_invalid_input_comes_back_on_the_card_with_the_reasons_and_nothing_is_stored(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        prompt = _prompt(j.connector, PRIYA, "DC01")
        bad = {**AMBER, "rag_reason": "", "progress_pct": "140", "summary": "x" * 5000, "ms_999999": "2030-01-01"}
        body = await j.click(PRIYA, click(prompt, "Submit update", **bad))
    shown = texts(body["value"])
    assert "Nothing was saved" in shown and "a reason is needed unless it is Green" in shown
    assert "Progress must be a number from 0 to 100" in shown and "keep it under 1000 characters" in shown
    assert inputs_of(body["value"])["asks_of_dlg"]["value"] == "Approve spend"  # what was typed is kept
    assert await updates(db) == []


async def test_html_in_a_summary_is_escaped_on_the_summary_card(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        sneaky = {**AMBER, "summary": "<at>Everyone</at> [click](http://evil.example) **now**"}
        body = await j.click(PRIYA, click(_prompt(j.connector, PRIYA, "DC01"), "Submit update", **sneaky))
    shown = texts(body["value"])
    assert "<at>" not in shown and "[click](http" not in shown and "**now**" not in shown
    [stored] = await updates(db, "DC01")
    assert stored.summary == sneaky["summary"]  # stored as typed, escaped when shown


async def test_milestone_dates_moved_on_the_card_move_the_milestone(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        prompt = _prompt(j.connector, PRIYA, "DC01")
        [ms_id] = [k for k in inputs_of(prompt) if k.startswith("ms_")]
        await j.click(PRIYA, click(prompt, "Submit update", **{**AMBER, ms_id: "2027-02-26"}))
    async with db.unit_of_work() as s:
        m = (await s.execute(select(Milestone))).scalar_one()
    assert (m.due_date.isoformat(), m.original_due_date.isoformat()) == ("2027-02-26", "2027-01-15")


# ----------------------------------------------------------------------------------- commands


async def test_a_lead_of_two_projects_types_update_and_picks_one(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        [reply] = await j.say(PRIYA, "update")
        picker = reply["attachments"][0]["content"]
        assert "Which project do you want to update?" in texts(picker)
        form = (await j.click(PRIYA, click(picker, "Update DC01")))["value"]
        assert "Status update: Digital inclusion" in texts(form)
        saved = await j.click(PRIYA, click(form, "Submit update", **AMBER))
        assert "Still to do this cycle: Virtual social care" in texts(saved["value"])
        [named] = await j.say(PRIYA, "update virtual social care")
        assert "Status update: Virtual social care" in texts(named["attachments"][0]["content"])
        [refused] = await j.say(ALEX, "update digital inclusion")
    assert "Only the leads, deputies or a delegate of Digital inclusion" in refused["text"]


async def test_a_lead_hands_over_to_a_colleague_who_is_prompted_and_may_submit(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        [confirm] = await j.say(ALEX, "I'm away, ask Jo Bloggs")
        card = confirm["attachments"][0]["content"]
        assert "Jo Bloggs" in texts(card) and "Data platform" in texts(card)
        async with db.unit_of_work() as s:
            assert (await s.execute(select(Delegation))).first() is None  # nothing until confirmed
        done = await j.click(ALEX, click(card, "Yes, ask them"))
        assert "Jo Bloggs will write the update" in done["value"]
        await j.bot.context.drain()
        jo_card = _prompt(j.connector, JO, "DC03")
        async with db.unit_of_work() as s:
            due = (await s.execute(select(UpdateCycle))).scalar_one().due_at
        await cycles.queue_reminders(db, due - timedelta(hours=23), "Europe/London")
        body = await j.click(JO, click(jo_card, "Submit update", **AMBER))
    assert "Update saved: Data platform" in texts(body["value"])
    [stored] = await updates(db, "DC03")
    assert stored.submitted_by_name == "Jo Bloggs"
    reminded = {(d.project_id, d.person_id) for d in await deliveries(db) if d.kind.startswith("reminder")}
    assert (stored.project_id, stored.submitted_by_id) in reminded  # the delegate is chased...
    assert not any(p == stored.project_id and who != stored.submitted_by_id for p, who in reminded)  # ...not Alex


async def test_away_until_stops_prompts_and_back_restores_them(db):
    async with Journey(db) as j:
        [reply] = await j.say(SAM, "away until 14 December")
        assert "until 14 December 2026" in reply["text"]
        await _open_cycle(j.bot, j.connector)
        assert j.connector.cards(chat(j.connector, SAM)) == []
        [back] = await j.say(SAM, "I'm back")
    assert "Welcome back" in back["text"]
    async with db.unit_of_work() as s:
        sam = (await s.execute(select(Person).where(Person.email == SAM.email))).scalar_one()
    assert sam.away_until is None
    assert [d.status for d in await deliveries(db) if d.person_id == sam.id] == ["away"]


async def test_admin_commands_are_refused_politely_to_everyone_else(db):
    async with Journey(db) as j:
        [refused] = await j.say(PRIYA, "cycle open")
        [lists] = await j.say(PRIYA, "overdue")
        [cadence] = await j.say(ADA, "cadence fortnightly tuesday 10:00")
        await _open_cycle(j.bot, j.connector)
        [overdue] = await j.say(ADA, "overdue")
        [paused] = await j.say(ADA, "pause prompts")
    assert "Only programme office admins" in refused["text"] and "haven't done anything" in refused["text"]
    assert "Only admins and the DLG" in lists["text"]
    assert "Fortnightly on Tuesday at 10:00" in cadence["text"]
    assert "Digital inclusion (DC01)" in texts(overdue["attachments"][0]["content"])
    assert "paused" in paused["text"]
    assert await updates(db) == []


async def test_the_fallback_action_submit_is_understood_too(db):
    async with Journey(db) as j:
        await _open_cycle(j.bot, j.connector)
        prompt = _prompt(j.connector, PRIYA, "DC02")
        fallback = actions_of(prompt)["Submit update"]["fallback"]["data"]
        msg = j.connector.make_message(member(j.connector, PRIYA), value={**fallback, **AMBER})
        status, _ = await j.bot.post(msg)
    assert status == 200
    assert [u.rag for u in await updates(db, "DC02")] == ["amber"]
