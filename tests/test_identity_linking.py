"""Identity is the Entra object id, not an email.

A B2B guest and a member of another tenant each give, in Teams' member lookup, the email of the
council's admin (or of a lead from the plan). Neither becomes that person: they are separate people
with no roles, admins get a card to merge them or keep them apart, and a merge is checked again and
audited. A member of the home tenant is still linked to the plan by email, as before; in local mode
with no tenant configured, everyone is.
"""

from __future__ import annotations

from contextlib import asynccontextmanager

import pytest
from sqlalchemy import select

from services.files.plan_io import load_default_plan_if_empty
from store import models as M
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector, RateLimits
from tests.test_admin import ADMIN_EMAIL, LEAD_EMAIL, TEAM, Chat
from tests.test_endpoint import card_texts

HOME = A.TENANT
ELSEWHERE = "9f0e1d2c-0000-4000-8000-00000000e1se"


@asynccontextmanager
async def council(db, **settings):
    """The bot with the default plan, a lead from the plan (email only, never met), and the admin, who has
    talked to the bot (so is known by object id) — in the council's home tenant."""
    await load_default_plan_if_empty(db)
    async with db.unit_of_work() as s:
        lead = M.Person(name="Priya Shah", email=LEAD_EMAIL)
        s.add(lead)
        await s.flush()
        project = (await s.execute(select(M.Project).where(M.Project.ref == "CIT-02"))).scalar_one()
        s.add(M.ProjectRole(project_id=project.id, person_id=lead.id, role="lead"))
    settings.setdefault("admin_emails", ADMIN_EMAIL)
    settings.setdefault("app_tenant_id", HOME)
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db, **settings) as bot:
        admin = Chat(
            bot,
            connector,
            connector.add_member(TEAM, id="29:bo", name="Bo Boss", aad_object_id="aad-bo", email=ADMIN_EMAIL),
        )
        await admin.say("help")
        yield bot, connector, admin


def stranger(connector, kind: str, email: str) -> Chat:
    """A guest in the home tenant (Teams says userRole "guest"), or a member of another tenant."""
    if kind == "guest":
        member = connector.add_member(
            TEAM, id="29:guest", name="Guest Person", aad_object_id="aad-guest", email=email, user_role="guest"
        )
    else:
        member = connector.add_member(
            TEAM,
            id="29:external",
            name="External Person",
            aad_object_id="aad-external",
            email=email,
            tenant_id=ELSEWHERE,
        )
    return Chat(None, connector, member)


async def person(db, aad: str) -> M.Person:
    async with db.unit_of_work() as s:
        return (await s.execute(select(M.Person).where(M.Person.aad_object_id == aad))).scalar_one()


async def roles_of(db, person_id: int) -> tuple[set[str], set[int]]:
    async with db.unit_of_work() as s:
        staff = set((await s.execute(select(M.StaffRole.role).where(M.StaffRole.person_id == person_id))).scalars())
        led = set(
            (await s.execute(select(M.ProjectRole.project_id).where(M.ProjectRole.person_id == person_id))).scalars()
        )
    return staff, led


async def merge_cards(bot, connector, admin: Chat) -> list[dict]:
    await bot.context.drain()  # admins are told in the background, after the stranger's turn
    return [c for c in connector.cards(admin.conversation) if "Same person?" in card_texts(c)]


@pytest.mark.parametrize("kind", ["guest", "external"])
async def test_an_account_giving_the_admins_email_is_not_the_admin(db, kind):
    async with council(db) as (bot, connector, admin):
        other = stranger(connector, kind, ADMIN_EMAIL.upper())
        other.bot = bot
        answer = await other.say("make admin someone.else@council.example")
        assert "Only programme office admins" in answer
        [card] = await merge_cards(bot, connector, admin)

    intruder, real = await person(db, other.member.aad_object_id), await person(db, "aad-bo")
    assert intruder.id != real.id and real.email == ADMIN_EMAIL  # the admin kept their account
    assert intruder.email is None and intruder.unverified_email == ADMIN_EMAIL
    assert await roles_of(db, intruder.id) == (set(), set())
    assert await roles_of(db, real.id) == ({"admin"}, set())
    assert "Guest Person" in card_texts(card) or "External Person" in card_texts(card)
    assert "already linked" not in card_texts(card)  # the reason given: a guest or another organisation


@pytest.mark.parametrize("kind", ["guest", "external"])
async def test_an_account_giving_a_planned_leads_email_is_not_the_lead_until_an_admin_merges(db, kind):
    async with council(db) as (bot, connector, admin):
        other = stranger(connector, kind, LEAD_EMAIL)
        other.bot = bot
        await other.say("help")
        [card] = await merge_cards(bot, connector, admin)
        newcomer = await person(db, other.member.aad_object_id)
        async with db.unit_of_work() as s:
            planned = (await s.execute(select(M.Person).where(M.Person.email == LEAD_EMAIL))).scalar_one()
        assert planned.id != newcomer.id and planned.aad_object_id is None  # still waiting for the real lead
        assert await roles_of(db, newcomer.id) == (set(), set())

        done = await admin.press(card, "Merge them")  # the admin knows it is them
        assert "Merged" in card_texts(done)
        again = await admin.press(card, "Merge them")  # a second press changes nothing
        assert "Nothing to merge" in card_texts(again)

    merged = await person(db, other.member.aad_object_id)
    assert merged.id == planned.id and merged.email == LEAD_EMAIL and merged.unverified_email is None
    assert len((await roles_of(db, merged.id))[1]) == 1  # the lead's project, now theirs
    async with db.unit_of_work() as s:
        assert await s.get(M.Person, newcomer.id) is None
        ref = (
            await s.execute(
                select(M.ConversationRef).where(
                    M.ConversationRef.aad_object_id == "aad-guest"
                    if kind == "guest"
                    else M.ConversationRef.aad_object_id == "aad-external"
                )
            )
        ).scalar_one()
        [entry] = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "merge_people"))).scalars().all()
    assert ref.person_id == merged.id  # prompts reach them in their own chat
    assert entry.actor == ADMIN_EMAIL and entry.before["merged_person"] == newcomer.id


async def test_keeping_them_apart_is_audited_and_changes_nothing(db):
    async with council(db) as (bot, connector, admin):
        other = stranger(connector, "guest", LEAD_EMAIL)
        other.bot = bot
        await other.say("help")
        [card] = await merge_cards(bot, connector, admin)
        assert "Kept apart" in card_texts(await admin.press(card, "Keep them apart"))
    guest = await person(db, "aad-guest")
    assert await roles_of(db, guest.id) == (set(), set())
    async with db.unit_of_work() as s:
        assert (
            await s.execute(select(M.AuditEntry.action).where(M.AuditEntry.action == "keep_people_apart"))
        ).scalar_one()


async def test_a_guest_never_gets_admin_from_admin_emails_but_the_real_admin_still_does(db):
    """ADMIN_EMAILS seeds admins by email on first contact: only for home-tenant members."""
    async with council(db, admin_emails=f"{ADMIN_EMAIL}; newboss@council.example") as (bot, connector, admin):
        guest = Chat(
            bot,
            connector,
            connector.add_member(
                TEAM, id="29:g2", name="G", aad_object_id="aad-g2", email="newboss@council.example", user_role="guest"
            ),
        )
        await guest.say("help")
        boss = Chat(
            bot,
            connector,
            connector.add_member(
                TEAM, id="29:nb", name="New Boss", aad_object_id="aad-nb", email="newboss@council.example"
            ),
        )
        await boss.say("help")
    assert (await roles_of(db, (await person(db, "aad-g2")).id))[0] == set()
    assert (await roles_of(db, (await person(db, "aad-nb")).id))[0] == {"admin"}


async def test_a_home_member_with_an_email_already_linked_elsewhere_is_a_separate_person(db):
    """A second account (say, re-created) giving an email that is linked already: admins decide."""
    async with council(db, app_tenant_id=HOME.upper()) as (bot, connector, admin):  # tenant ids: any case
        second = Chat(
            bot,
            connector,
            connector.add_member(TEAM, id="29:bo2", name="Bo Boss", aad_object_id="aad-bo2", email=ADMIN_EMAIL),
        )
        await second.say("help")
        [card] = await merge_cards(bot, connector, admin)
        assert "already linked to another Teams account" in card_texts(card)
        await second.say("help")  # known by object id now: no second lookup, no second card
        assert len(await merge_cards(bot, connector, admin)) == 1
    assert (await person(db, "aad-bo2")).id != (await person(db, "aad-bo")).id


async def test_a_home_member_is_still_linked_to_the_plan_by_email(db):
    async with council(db, app_tenant_id=HOME.upper()) as (bot, connector, admin):
        lead = Chat(
            bot,
            connector,
            connector.add_member(
                TEAM, id="29:priya", name="Priya Shah", aad_object_id="aad-priya", email=LEAD_EMAIL.title()
            ),
        )
        await lead.say("help")
        assert await merge_cards(bot, connector, admin) == []
    priya = await person(db, "aad-priya")
    assert priya.email == LEAD_EMAIL and len((await roles_of(db, priya.id))[1]) == 1


async def test_in_local_mode_without_a_tenant_first_contact_links_by_email_as_before(db):
    async with council(db, app_tenant_id="") as (bot, connector, _admin):
        guest = stranger(connector, "guest", LEAD_EMAIL)
        guest.bot = bot
        await guest.say("help")
    linked = await person(db, "aad-guest")
    assert linked.email == LEAD_EMAIL and len((await roles_of(db, linked.id))[1]) == 1


async def test_a_member_refused_the_merge_button_changes_nothing(db):
    async with council(db) as (bot, connector, admin):
        other = stranger(connector, "guest", LEAD_EMAIL)
        other.bot = bot
        await other.say("help")
        [card] = await merge_cards(bot, connector, admin)
        refused = await other.press(card, "Merge them")  # the guest presses a forwarded card
        assert "Only programme office admins" in refused
    assert await roles_of(db, (await person(db, "aad-guest")).id) == (set(), set())


async def test_a_merge_keeps_one_of_each_role_both_held_and_moves_everything_else(db):
    from store import people_repo

    await load_default_plan_if_empty(db)
    async with db.unit_of_work() as s:
        project = (await s.execute(select(M.Project).where(M.Project.ref == "CIT-02"))).scalar_one()
        keep = M.Person(name="Priya Shah", email=LEAD_EMAIL)
        other = M.Person(
            name="Priya (guest)", unverified_email=LEAD_EMAIL, aad_object_id="aad-other", teams_user_id="29:o"
        )
        s.add_all([keep, other])
        await s.flush()
        for who in (keep, other):
            s.add_all(
                [
                    M.StaffRole(person_id=who.id, role="admin"),
                    M.ProjectRole(project_id=project.id, person_id=who.id, role="lead"),
                ]
            )
        s.add(M.StaffRole(person_id=other.id, role="dlg"))
        s.add(
            M.ConversationRef(conversation_id="a:chat-o", user_id="29:o", person_id=other.id, service_url="http://x/")
        )
        ids = keep.id, other.id
    async with db.unit_of_work() as s:
        await people_repo.merge_people(s, await s.get(M.Person, ids[0]), await s.get(M.Person, ids[1]))
    async with db.unit_of_work() as s:
        merged = await s.get(M.Person, ids[0])
        assert (merged.aad_object_id, merged.teams_user_id, merged.email) == ("aad-other", "29:o", LEAD_EMAIL)
        assert await s.get(M.Person, ids[1]) is None
        ref = (await s.execute(select(M.ConversationRef))).scalar_one()
        leads = (await s.execute(select(M.ProjectRole).where(M.ProjectRole.person_id == ids[0]))).scalars().all()
    assert ref.person_id == ids[0] and len(leads) == 1
    assert await roles_of(db, ids[0]) == ({"admin", "dlg"}, {project.id})
