"""The programme office in Teams, over the real HTTP endpoint: an admin assigns a lead, renames a
project and reads the audit log; a member types the same and is told politely why not, and nothing
changes; an ambiguous project name is answered with "which one?"; the audit log exports as a CSV.
"""

from __future__ import annotations

import csv
import json
from contextlib import asynccontextmanager
from typing import Any

from sqlalchemy import select

from services.files.plan_io import load_default_plan_if_empty
from store import models as M
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits
from tests.test_endpoint import card_texts

ADMIN_EMAIL = "bo.boss@council.example"
MEMBER_EMAIL = "sam.member@council.example"
LEAD_EMAIL = "priya.shah@council.example"
TEAM = "team-leads"
WATCHED = ("projects", "project_aliases", "project_roles", "staff_roles", "audit_log", "people", "priority_areas")


class Chat:
    """One person's 1:1 chat with the bot, as Teams would carry it."""

    def __init__(self, bot, connector: FakeConnector, member) -> None:
        self.bot, self.connector, self.member = bot, connector, member
        self.conversation = connector.open_personal_chat(member.id)

    async def say(self, text: str) -> dict[str, Any] | str:
        """Type `text`; the bot's last reply (a card's content, or the text)."""
        before = len(self.connector.sent_to(self.conversation))
        status, _ = await self.bot.post(self.connector.make_message(self.member, text))
        assert status in (200, 201)
        replies = self.connector.sent_to(self.conversation)[before:]
        assert replies, f"no reply to {text!r}"
        last = replies[-1]
        return last["attachments"][0]["content"] if last.get("attachments") else last["text"]

    async def press(self, card: dict[str, Any], title: str) -> dict[str, Any] | str:
        """Press an Action.Execute button: the invoke's answer (a replacement card, or a message)."""
        action = next(a for a in _actions(card) if a["title"] == title)
        activity = self.connector.make_message(self.member, None, activity_type="invoke")
        activity.update(
            {
                "name": "adaptiveCard/action",
                "value": {
                    "action": {"type": "Action.Execute", "verb": action["verb"], "data": action["data"]},
                    "trigger": "manual",
                },
            }
        )
        status, body = await self.bot.post(activity)
        assert status == 200 and body["statusCode"] in (200, 403)  # 403: refused, with the reason as its message
        return body["value"] if body["statusCode"] == 200 else body["value"]["message"]

    async def submit(self, card: dict[str, Any], title: str) -> dict[str, Any] | str:
        """Press the same button on a client without Universal Actions: its Action.Submit fallback."""
        action = next(a for a in _actions(card) if a["title"] == title)
        before = len(self.connector.activities)
        await self.bot.post(self.connector.make_message(self.member, None, value=action["fallback"]["data"]))
        last = self.connector.activities[before:][-1].activity
        return last["attachments"][0]["content"] if last.get("attachments") else last["text"]


def _actions(card: dict[str, Any]) -> list[dict[str, Any]]:
    return list(card.get("actions") or [])


@asynccontextmanager
async def chats(db, **settings):
    """The bot with the default plan, an admin (from ADMIN_EMAILS) and a member, each in a 1:1 chat."""
    await load_default_plan_if_empty(db)
    settings.setdefault("admin_emails", ADMIN_EMAIL)
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db, **settings) as bot:
        admin = connector.add_member(TEAM, id="29:bo", name="Bo Boss", aad_object_id="aad-bo", email=ADMIN_EMAIL)
        member = connector.add_member(TEAM, id="29:sam", name="Sam Member", aad_object_id="aad-sam", email=MEMBER_EMAIL)
        admin_chat, member_chat = Chat(bot, connector, admin), Chat(bot, connector, member)
        await admin_chat.say("help")
        await member_chat.say("help")
        yield admin_chat, member_chat


async def snapshot(db) -> dict[str, list[tuple]]:
    """What admin commands could change, table by table, to prove that nothing did."""
    out = {}
    async with db.unit_of_work() as s:
        for name in WATCHED:
            table = M.Base.metadata.tables[name]
            rows = (await s.execute(select(table).order_by(*table.primary_key.columns))).all()
            out[name] = [tuple(json.dumps(v, sort_keys=True, default=str) for v in r) for r in rows]
    return out


async def _leads(db, ref: str) -> list[str]:
    async with db.unit_of_work() as s:
        rows = await s.execute(
            select(M.Person.email)
            .join(M.ProjectRole, M.ProjectRole.person_id == M.Person.id)
            .join(M.Project, M.Project.id == M.ProjectRole.project_id)
            .where(M.Project.ref == ref, M.ProjectRole.role == "lead")
        )
        return sorted(rows.scalars())


async def _project(db, ref: str) -> M.Project:
    async with db.unit_of_work() as s:
        return (await s.execute(select(M.Project).where(M.Project.ref == ref))).scalar_one()


# ----------------------------------------------------------------------------------- admins


async def test_an_admin_assigns_a_lead_after_confirming_and_the_audit_log_says_who(db):
    async with chats(db) as (admin, _member):
        card = await admin.say(f"assign lead {LEAD_EMAIL} to digital inclusion")
        assert "Please confirm" in card_texts(card) and "Digital inclusion across the county (CIT-02)" in card_texts(
            card
        )
        assert await _leads(db, "CIT-02") == []  # nothing happens before Confirm
        done = await admin.press(card, "Confirm")
        assert "Done" in card_texts(done) and "lead of Digital inclusion" in card_texts(done)
        assert not _actions(done)  # the confirm card is replaced by one without buttons
        again = await admin.press(card, "Confirm")  # a second press changes nothing more
        assert "Already done" in card_texts(again)
    assert await _leads(db, "CIT-02") == [LEAD_EMAIL]
    async with db.unit_of_work() as s:
        person = (await s.execute(select(M.Person).where(M.Person.email == LEAD_EMAIL))).scalar_one()
        entries = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "add_lead"))).scalars().all()
    assert person.name == ""  # created from the email; the name comes from Teams later
    [entry] = entries
    assert entry.actor == ADMIN_EMAIL and entry.entity_key == "CIT-02"
    assert entry.before == {"leads": []} and entry.after == {"leads": [LEAD_EMAIL]}


async def test_an_admin_renames_a_project_the_ref_stays_and_the_old_name_still_finds_it(db):
    async with chats(db) as (admin, _member):
        card = await admin.say("rename CIT-02 to Digital inclusion for all")
        assert "Rename Digital inclusion across the county (CIT-02)" in card_texts(card)
        await admin.press(card, "Confirm")
        card = await admin.say("pause digital inclusion across the county")  # found by its old name
        assert "Digital inclusion for all (CIT-02)" in card_texts(card)
    project = await _project(db, "CIT-02")
    assert project.name == "Digital inclusion for all"
    assert "Digital inclusion across the county" in [a.alias for a in project.aliases]


async def test_the_audit_log_shows_the_admins_changes_with_before_and_after(db):
    async with chats(db) as (admin, _member):
        await admin.press(await admin.say(f"assign lead {LEAD_EMAIL} to CIT-02"), "Confirm")
        await admin.press(await admin.say("rename CIT-02 to Digital inclusion for all"), "Confirm")
        log = card_texts(await admin.say("audit"))
        plan = card_texts(await admin.say("what changed in the plan this month"))
    assert "Audit log" in log and ADMIN_EMAIL in log
    assert "renamed project CIT-02" in log and "added a lead to project CIT-02" in log
    assert "name: Digital inclusion across the county → Digital inclusion for all" in log
    assert f"leads: — → {LEAD_EMAIL}" in log
    assert "What changed in the plan" in plan and "renamed project CIT-02" in plan


async def test_the_audit_log_can_be_asked_for_a_period(db):
    async with chats(db) as (admin, _member):
        reply = await admin.say("audit since 1 January 2020")
        assert "since" in card_texts(reply) and "created project CIT-01" not in card_texts(reply)
        assert "added project" in card_texts(reply)  # the default plan's load is in the log
        assert await admin.say("audit since 31/02/2026") == "“31/02/2026” is not a real date"


async def test_an_ambiguous_project_is_answered_with_which_one(db):
    async with chats(db) as (admin, _member):
        before = await snapshot(db)
        card = await admin.say("pause digital")
        assert "Which project?" in card_texts(card)
        titles = [a["title"] for a in _actions(card)]
        assert len(titles) > 1 and all("(" in t for t in titles)
        assert await snapshot(db) == before
        chosen = titles[-1]
        ref = chosen.rsplit("(", 1)[1].rstrip(")")
        confirm = await admin.press(card, chosen)
        assert f"({ref})?" in card_texts(confirm) and card_texts(confirm).startswith("Please confirm\nPause ")
        await admin.press(confirm, "Confirm")
    assert (await _project(db, ref)).status == "paused"


async def test_cancel_changes_nothing(db):
    async with chats(db) as (admin, _member):
        card = await admin.say("retire CAR-02")
        before = await snapshot(db)
        answer = await admin.press(card, "Cancel")
        assert "Nothing was changed" in card_texts(answer)
        assert await snapshot(db) == before


async def test_the_action_submit_fallback_confirms_too(db):
    async with chats(db) as (admin, _member):
        card = await admin.say("close ECO-03")
        answer = await admin.submit(card, "Confirm")
        assert "is now closed" in card_texts(answer)
    assert (await _project(db, "ECO-03")).status == "closed"


async def test_a_card_made_before_someone_else_changed_the_project_is_made_again(db):
    async with chats(db) as (admin, _member):
        first = await admin.say("rename COU-01 to Customer experience programme")
        await admin.press(await admin.say("rename COU-01 to CX platform"), "Confirm")
        answer = await admin.press(first, "Confirm")
        assert "Something changed since this card was made" in card_texts(answer)
        assert "Name now" in card_texts(answer) and "CX platform" in card_texts(answer)
    assert (await _project(db, "COU-01")).name == "CX platform"


async def test_add_project_then_deputy_then_remove(db):
    async with chats(db) as (admin, _member):
        await admin.press(await admin.say("add project CIT-04 Digital parking permits in digital citizen"), "Confirm")
        await admin.press(await admin.say(f"add deputy {LEAD_EMAIL} to CIT-04"), "Confirm")
        assert "Nothing to change" in await admin.say(f"add deputy {LEAD_EMAIL} to CIT-04")
        card = await admin.say(f"remove deputy {LEAD_EMAIL} from digital parking permits")
        await admin.press(card, "Confirm")
        taken = await admin.say("add project CIT-04 Something else in Digital Citizen")
    project = await _project(db, "CIT-04")
    assert project.status == "active" and project.name == "Digital parking permits"
    assert "already used by" in taken
    async with db.unit_of_work() as s:
        roles = (await s.execute(select(M.ProjectRole).where(M.ProjectRole.project_id == project.id))).all()
    assert roles == []


async def test_admins_are_managed_in_the_bot_but_never_the_last_one(db):
    other = "jo.admin@council.example"
    async with chats(db) as (admin, _member):
        refused = await admin.say(f"remove admin {ADMIN_EMAIL}")
        assert "only admin" in refused
        await admin.press(await admin.say(f"make admin {other}"), "Confirm")
        await admin.press(await admin.say("add dlg sam.member@council.example"), "Confirm")
        listing = card_texts(await admin.say("admins"))
        card = await admin.say(f"remove admin {ADMIN_EMAIL}")
        assert "ADMIN_EMAILS" in card_texts(card)  # it would come back on their next message
    assert other in listing and "Sam Member" in listing
    async with db.unit_of_work() as s:
        roles = (
            await s.execute(
                select(M.Person.email, M.StaffRole.role).join(M.StaffRole, M.StaffRole.person_id == M.Person.id)
            )
        ).all()
    assert sorted(roles) == [(ADMIN_EMAIL, "admin"), (other, "admin"), (MEMBER_EMAIL, "dlg")]


async def test_the_last_admin_cannot_be_removed_even_by_a_stale_card(db):
    other = "jo.admin@council.example"
    async with chats(db) as (admin, _member):
        await admin.press(await admin.say(f"make admin {other}"), "Confirm")
        remove_other = await admin.say(f"remove admin {other}")
        remove_self = await admin.say(f"remove admin {ADMIN_EMAIL}")
        await admin.press(remove_self, "Confirm")  # allowed: Jo is still an admin
    async with db.unit_of_work() as s:
        assert await s.scalar(select(M.Person.email).join(M.StaffRole).where(M.StaffRole.role == "admin")) == other
    # Bo is no longer an admin: the card Bo still holds is refused, and Jo stays.
    async with chats(db, admin_emails="") as (admin, _member):
        answer = await admin.press(remove_other, "Confirm")
    assert "Only programme office admins" in answer


async def test_admin_commands_in_a_channel_are_refused_with_a_hint(db):
    async with chats(db) as (admin, _member):
        activity = admin.connector.make_message(
            admin.member, "retire CAR-02", conversation_id="19:general@thread.tacv2"
        )
        activity["conversation"]["conversationType"] = "channel"
        A.mentioning_the_bot(activity)
        activity["channelData"]["team"] = {"id": TEAM}
        before = await snapshot(db)
        await admin.bot.post(activity)
        [reply] = admin.connector.texts("19:general@thread.tacv2")
        assert "only work in a 1:1 chat" in reply
        assert await snapshot(db) == before


async def test_audit_export_points_to_the_command_line(db):
    async with chats(db) as (admin, member):
        reply = await admin.say("audit export")
        refused = await member.say("audit export")
    assert "dfbot audit export" in reply
    assert "Only programme office admins" in refused


# ----------------------------------------------------------------------------------- members


MEMBER_TRIES = (
    f"assign lead {LEAD_EMAIL} to digital inclusion",
    "rename CIT-02 to Something else",
    "add project CIT-09 Parking in Digital Citizen",
    "retire CAR-02",
    "pause digital",
    "add project nonsense",
    "assign lead Priya to CAR-02",
    "make admin sam.member@council.example",
    f"remove lead {LEAD_EMAIL} from CIT-02",
    "audit",
)


async def test_a_member_is_refused_politely_and_nothing_changes(db):
    async with chats(db) as (admin, member):
        await admin.press(await admin.say(f"assign lead {LEAD_EMAIL} to CIT-02"), "Confirm")
        before = await snapshot(db)
        for text in MEMBER_TRIES:
            reply = await member.say(text)
            assert isinstance(reply, str) and reply.startswith("Only programme office admins can"), (text, reply)
            assert "Ask Bo Boss" in reply
        assert await snapshot(db) == before


async def test_a_member_pressing_a_forged_confirm_button_changes_nothing(db):
    async with chats(db) as (admin, member):
        card = await admin.say("retire CAR-02")
        before = await snapshot(db)
        answer = await member.press(card, "Confirm")
        assert "Only programme office admins" in answer
        assert await snapshot(db) == before
    assert (await _project(db, "CAR-02")).status == "active"


async def test_forged_change_data_is_refused_even_for_an_admin(db):
    async with chats(db) as (admin, _member):
        card = await admin.say("retire CAR-02")
        forged = json.loads(json.dumps(card))
        for action in forged["actions"]:
            action["data"]["change"]["status"] = "exploded"
        before = await snapshot(db)
        answer = await admin.press(forged, "Confirm")
        assert "Nothing was changed" in answer
        assert await snapshot(db) == before


# ----------------------------------------------------------------------------------- export


async def test_the_audit_log_exports_as_a_csv(db, tmp_path):
    from services.audit_log import export_csv

    async with chats(db) as (admin, _member):
        await admin.press(await admin.say(f"assign lead {LEAD_EMAIL} to CIT-02"), "Confirm")
        async with db.unit_of_work() as s:
            s.add(M.AuditEntry(actor='=HYPERLINK("http://evil")', action="update", entity="project", entity_key="X"))
    path = tmp_path / "audit.csv"
    written = await export_csv(db, path, tz="Europe/London")
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert written == len(rows) > 13
    assert list(rows[0]) == ["id", "at_utc", "at_local", "actor", "action", "entity", "entity_key", "before", "after"]
    lead = next(r for r in rows if r["action"] == "add_lead")
    assert lead["actor"] == ADMIN_EMAIL and json.loads(lead["after"]) == {"leads": [LEAD_EMAIL]}
    assert next(r for r in rows if r["entity_key"] == "X")["actor"].startswith("'=")  # never a formula


async def test_a_lead_named_rather_than_emailed_is_asked_about_when_two_people_match(db):
    async with db.unit_of_work() as s:
        s.add_all(
            [M.Person(name="Priya Shah", email=LEAD_EMAIL), M.Person(name="Priya Patel", email="pp@council.example")]
        )
    async with chats(db) as (admin, _member):
        card = await admin.say("assign lead Priya to CAR-02")
        assert "Which person?" in card_texts(card)
        confirm = await admin.press(card, f"Priya Shah ({LEAD_EMAIL})")
        assert "Make Priya Shah" in card_texts(confirm)
        await admin.press(confirm, "Confirm")
        unknown = await admin.say("assign lead Zebedee to CAR-02")
    assert await _leads(db, "CAR-02") == [LEAD_EMAIL]
    assert "I don't know anyone called “Zebedee”" in unknown


async def test_two_presses_of_confirm_at_the_same_moment_make_one_change(db):
    import asyncio

    async with chats(db) as (admin, _member):
        card = await admin.say(f"assign lead {LEAD_EMAIL} to CAR-03")
        answers = await asyncio.gather(admin.press(card, "Confirm"), admin.press(card, "Confirm"))
    texts = [card_texts(a) if isinstance(a, dict) else a for a in answers]
    assert sum("Done" in t for t in texts) == 1, texts
    assert await _leads(db, "CAR-03") == [LEAD_EMAIL]
    async with db.unit_of_work() as s:
        entries = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "add_lead"))).scalars().all()
        people = (await s.execute(select(M.Person).where(M.Person.email == LEAD_EMAIL))).scalars().all()
    assert len(entries) == 1 and len(people) == 1
