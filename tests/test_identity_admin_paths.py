"""Identity is the object id on the admins' paths too: giving a role by an email a guest gave.

A B2B guest, or a member of another tenant, has talked to the bot and gave an email nobody else holds
(kept only as their `unverified_email`). Then an admin gives that email a role: lead or deputy in
Teams, admin in Teams, a lead in an imported plan, admin from the server. The account gets no role by
the email alone; the confirm card says so; and admins get the merge card the first-contact path gives,
whose Merge (checked again, audited) makes the account that person, with the role.
"""

from __future__ import annotations

import asyncio
import csv

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from services.leavers import leaver_message
from store import models as M
from tests.test_admin import ADMIN_EMAIL, LEAD_EMAIL
from tests.test_endpoint import card_texts
from tests.test_identity_linking import council, merge_cards, person, roles_of, stranger

PARTNER = "sam.partner@partner.example"
RUNNER = CliRunner()


async def guest_gave(bot, connector, kind: str):
    """A guest (or another tenant's member) gives PARTNER in Teams' member lookup; nobody holds it yet."""
    other = stranger(connector, kind, PARTNER)
    other.bot = bot
    await other.say("help")
    return other


async def merged_into_the_role(db, bot, connector, admin, other) -> M.Person:
    """Until an admin merges, the account holds nothing; the merge card, pressed, gives it the role."""
    account = await person(db, other.member.aad_object_id)
    assert account.email is None and account.unverified_email == PARTNER
    assert await roles_of(db, account.id) == (set(), set())  # not by email alone
    [card] = await merge_cards(bot, connector, admin)
    assert other.member.name in card_texts(card) and PARTNER in card_texts(card)
    assert "Merged" in card_texts(await admin.press(card, "Merge them"))
    merged = await person(db, other.member.aad_object_id)
    assert merged.email == PARTNER and merged.unverified_email is None
    async with db.unit_of_work() as s:
        [entry] = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "merge_people"))).scalars().all()
    assert entry.actor == ADMIN_EMAIL and entry.before["merged_person"] == account.id
    return merged


async def project_id(db, ref: str) -> int:
    async with db.unit_of_work() as s:
        return (await s.execute(select(M.Project.id).where(M.Project.ref == ref))).scalar_one()


@pytest.mark.parametrize(
    "kind, command, role",
    [
        ("guest", f"assign lead {PARTNER} to CIT-02", "lead"),
        ("external", f"add deputy {PARTNER} to CIT-02", "deputy"),
        ("guest", f"make admin {PARTNER}", "admin"),
        ("external", f"make admin {PARTNER}", "admin"),
    ],
)
async def test_a_role_given_in_teams_by_a_guests_email_waits_for_an_admin_to_merge(db, kind, command, role):
    async with council(db) as (bot, connector, admin):
        other = await guest_gave(bot, connector, kind)
        assert await merge_cards(bot, connector, admin) == []  # nobody held the email: nothing to merge yet
        card = await admin.say(command)
        said = card_texts(card)
        assert "gave this email" in said and "not linked by it" in said and "haven't met" not in said
        assert "Done" in card_texts(await admin.press(card, "Confirm"))
        merged = await merged_into_the_role(db, bot, connector, admin, other)
    staff, led = await roles_of(db, merged.id)
    if role == "admin":
        assert staff == {"admin"} and led == set()
    else:
        assert staff == set() and led == {await project_id(db, "CIT-02")}
        async with db.unit_of_work() as s:
            held = (
                (await s.execute(select(M.ProjectRole.role).where(M.ProjectRole.person_id == merged.id)))
                .scalars()
                .all()
            )
        assert held == [role]


async def test_a_hand_over_from_a_leaver_card_to_a_guests_email_waits_for_an_admin_to_merge(db):
    """The leaver card's "Assign them" box: the lead's role handed over by an email a guest gave."""
    async with council(db) as (bot, connector, admin):
        other = await guest_gave(bot, connector, "guest")
        async with db.unit_of_work() as s:
            priya = (await s.execute(select(M.Person.id).where(M.Person.email == LEAD_EMAIL))).scalar_one()
        card = leaver_message(
            {
                "person_id": priya,
                "name": "Priya Shah",
                "email": LEAD_EMAIL,
                "role": "lead",
                "status": "deleted",
                "others": [],
                "project": {"ref": "CIT-02", "name": "Digital inclusion", "status": "active"},
            }
        ).card
        assign = next(a for a in card["actions"] if a["title"] == "Assign them")
        typed = {**assign, "data": {**assign["data"], "who": PARTNER}}  # Teams sends the box's value with the data
        confirm = await admin.press({"actions": [typed]}, "Assign them")
        assert "gave this email" in card_texts(confirm) and "haven't met" not in card_texts(confirm)
        assert "Done" in card_texts(await admin.press(confirm, "Confirm"))
        merged = await merged_into_the_role(db, bot, connector, admin, other)
    assert await roles_of(db, merged.id) == (set(), {await project_id(db, "CIT-02")})
    assert await roles_of(db, priya) == (set(), set())  # the role was handed over, not shared


async def test_a_home_member_given_a_role_by_email_is_not_asked_about(db):
    """The ordinary case is unchanged: nobody gave the email, so the card says the bot has not met them."""
    async with council(db) as (bot, connector, admin):
        card = await admin.say("assign lead jo.bloggs@council.example to CIT-02")
        assert "haven't met this person yet" in card_texts(card) and "gave this email" not in card_texts(card)
        assert "Done" in card_texts(await admin.press(card, "Confirm"))
        assert await merge_cards(bot, connector, admin) == []


@pytest.fixture
def cli_env(db, monkeypatch):
    """`dfbot` run by IT on the server, against the bot's database (it tells admins through the Bot Connector)."""
    monkeypatch.setenv("DATABASE_URL", db.url)
    monkeypatch.setenv("LOCAL_MODE", "true")
    monkeypatch.setenv("ADMIN_EMAILS", ADMIN_EMAIL)
    for name in ("MicrosoftAppId", "MicrosoftAppPassword", "DIRECTORY_CREDENTIAL"):
        monkeypatch.delenv(name, raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


async def dfbot(*args: str):
    """The command line in a thread of its own (it runs its own event loop), as IT would type it."""
    result = await asyncio.to_thread(RUNNER.invoke, app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("kind", ["guest", "external"])
async def test_a_plan_import_naming_a_guests_email_as_lead_waits_for_an_admin_to_merge(db, tmp_path, cli_env, kind):
    async with council(db) as (bot, connector, admin):
        other = await guest_gave(bot, connector, kind)
        plan = tmp_path / "plan.csv"
        await dfbot("plan", "export", str(plan))
        with plan.open(newline="", encoding="utf-8-sig") as fh:  # Excel's BOM
            rows = list(csv.DictReader(fh))
        [row] = [r for r in rows if r["ref"] == "COU-01"]
        row["lead_email"], row["lead_name"] = PARTNER, "Sam Partner"
        with plan.open("w", newline="", encoding="utf-8-sig") as fh:
            writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        output = await dfbot("plan", "import", str(plan))
        assert "not link by email" in output and "merge" in output
        merged = await merged_into_the_role(db, bot, connector, admin, other)
    assert await roles_of(db, merged.id) == (set(), {await project_id(db, "COU-01")})


@pytest.mark.parametrize("kind", ["guest", "external"])
async def test_make_admin_from_the_server_by_a_guests_email_waits_for_an_admin_to_merge(db, cli_env, kind):
    async with council(db) as (bot, connector, admin):
        other = await guest_gave(bot, connector, kind)
        output = await dfbot("person", "make-admin", PARTNER)
        assert "is now an admin" in output and "it was not made an admin" in output
        merged = await merged_into_the_role(db, bot, connector, admin, other)
    assert await roles_of(db, merged.id) == ({"admin"}, set())
