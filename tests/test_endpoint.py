"""/api/messages over real HTTP: both reply paths, installs, refusals, health and readiness."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from store.models import ConversationRef, Person, PriorityArea, Project
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector


def card_texts(card: dict) -> str:
    """Every string in a card, to assert on what a user would read."""
    out: list[str] = []

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k in {"text", "title", "value"} and isinstance(v, str):
                    out.append(v)
                else:
                    walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(card)
    return "\n".join(out)


async def test_help_comes_back_in_the_response_with_expect_replies(db):
    async with running_bot(db) as bot:
        status, body = await bot.post(A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True))
    assert status == 200
    [reply] = body["activities"]
    card = reply["attachments"][0]
    assert card["contentType"] == "application/vnd.microsoft.card.adaptive"
    assert "What I can do" in card_texts(card["content"])
    assert "projects" in card_texts(card["content"])


async def test_help_is_posted_to_the_service_url_on_a_normal_turn(db):
    async with FakeConnector() as connector, running_bot(db) as bot:
        member = connector.add_member(
            "team-1",
            id="29:user-1",
            name="Alex Wilber",
            aad_object_id=A.user(1)["aadObjectId"],
            email="alexw@example.com",
        )
        status, _ = await bot.post(connector.make_message(member, "Help!"))
        assert status in (200, 201)
        [card] = connector.cards()
    assert "What I can do" in card_texts(card)


async def test_the_conversation_reference_and_identity_are_stored_for_proactive_prompts(db):
    async with FakeConnector() as connector, running_bot(db) as bot:
        member = connector.add_member(
            "team-1", id="29:lead-1", name="Priya Shah", aad_object_id="aad-priya", email="Priya.Shah@council.example"
        )
        await bot.post(connector.make_message(member, "help"))
        service_url = connector.url
    async with db.unit_of_work() as s:
        person = (await s.execute(select(Person).where(Person.aad_object_id == "aad-priya"))).scalar_one()
        ref = (await s.execute(select(ConversationRef).where(ConversationRef.person_id == person.id))).scalar_one()
    assert person.email == "priya.shah@council.example"  # from Teams' member lookup
    assert ref.service_url == service_url and ref.conversation_type == "personal"


async def test_an_admin_email_becomes_an_admin_on_first_contact(db):
    async with FakeConnector() as connector, running_bot(db, admin_emails="boss@council.example") as bot:
        member = connector.add_member(
            "team-1", id="29:boss", name="Boss", aad_object_id="aad-boss", email="boss@council.example"
        )
        await bot.post(connector.make_message(member, "help"))
        [card] = connector.cards()
    from store.models import StaffRole

    async with db.unit_of_work() as s:
        roles = (await s.execute(select(StaffRole.role))).scalars().all()
    assert roles == ["admin"]
    assert card


async def test_installing_the_bot_in_a_personal_chat_sends_one_welcome_card(db):
    async with FakeConnector() as connector, running_bot(db) as bot:
        conv = "a:personal-install"
        await bot.post(A.installation_update(service_url=connector.url, conversation_id=conv))
        await bot.post(A.members_added([A.user(1), A.BOT], service_url=connector.url, conversation_id=conv))
        cards = connector.cards()
    assert len(cards) == 1
    assert "Welcome to the Digital First bot" in card_texts(cards[0])


async def test_projects_are_listed_by_priority_area_with_rag_as_a_word(db):
    async with db.unit_of_work() as s:
        area = PriorityArea(key="digital-care", name="Digital Care", position=3)
        s.add(area)
        await s.flush()
        s.add(Project(ref="CAR-02", name="Virtual Social Care", priority_area_id=area.id))
    async with running_bot(db) as bot:
        status, body = await bot.post(A.message("projects", service_url="http://127.0.0.1:9/", expect_replies=True))
    text = card_texts(body["activities"][0]["attachments"][0]["content"])
    assert "Digital Care (1)" in text and "Virtual Social Care — Not reported" in text


async def test_a_card_action_answers_with_a_plain_dict_invoke_body_not_a_500(db):
    async with FakeConnector() as connector, running_bot(db) as bot:
        status, body = await bot.post(A.invoke_action("no-such-verb", {"x": 1}, service_url=connector.url))
        posted = [r for r in connector.requests if r.method == "POST" and "/activities" in r.path]
    assert status == 200
    # not one of the bot's own buttons: an error for the card, and nothing posted in the chat
    assert body["statusCode"] == 400 and "no longer supported" in body["value"]["message"]
    assert posted == []


@pytest.mark.parametrize(
    "payload,content_type,expected",
    [
        (b"{not json", "application/json", 400),
        (b'{"text": "no type"}', "application/json", 400),
        (b'{"type": "message"}', "application/json", 400),
        (b'{"type": "message"}', "text/plain", 415),
        (b'{"type": "message", "text": "' + b"x" * 400_000 + b'"}', "application/json", 413),
    ],
)
async def test_malformed_requests_get_a_clear_4xx_and_change_nothing(db, payload, content_type, expected):
    async with running_bot(db) as bot:
        async with bot.http.post(bot.url, data=payload, headers={"Content-Type": content_type}) as resp:
            assert resp.status == expected
            assert "error" in await resp.json()
    async with db.unit_of_work() as s:
        assert (await s.execute(select(Person))).first() is None


@pytest.mark.parametrize("authorization", [None, "Bearer not-a-jwt", "Basic abc", "Bearer a.b.c"])
async def test_with_an_app_id_requests_without_a_valid_token_are_refused_with_401(db, authorization):
    overrides = {
        "app_id": "11111111-2222-3333-4444-555555555555",
        "app_password": "secret",
        "app_tenant_id": "00000000-0000-0000-0000-0000000000001",
    }
    async with running_bot(db, **overrides) as bot:
        headers = {"Authorization": authorization} if authorization else {}
        status, body = await bot.post(
            A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True), headers
        )
    assert status == 401
    async with db.unit_of_work() as s:
        assert (await s.execute(select(Person))).first() is None


async def test_activities_from_a_tenant_not_on_the_allow_list_are_refused(db):
    async with running_bot(db, allowed_tenant_ids="some-other-tenant") as bot:
        status, _ = await bot.post(A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True))
    assert status == 403


async def test_health_and_readiness(db):
    async with running_bot(db) as bot:
        assert await bot.get("/healthz") == (200, {"status": "ok"})
        status, body = await bot.get("/readyz")
    assert status == 200 and body["database"] == "reachable"
    assert body["migrations"]["current"] == body["migrations"]["head"]


async def test_readiness_fails_when_migrations_are_behind(db_url):
    import asyncio

    from store.db import Database, downgrade

    await asyncio.to_thread(downgrade, db_url, "base")
    database = Database(db_url)
    try:
        async with running_bot(database) as bot:
            status, body = await bot.get("/readyz")
    finally:
        await database.dispose()
    assert status == 503


async def test_install_and_first_conversation_update_arriving_together_welcome_once_without_errors(db):
    """Teams (and the Playground) send installationUpdate and conversationUpdate at the same moment."""
    import asyncio

    async with FakeConnector() as connector, running_bot(db) as bot:
        member = connector.add_member(
            "team-1", id="29:new", name="New Person", aad_object_id="aad-new", email="new.person@council.example"
        )
        conv = connector.open_personal_chat(member.id)
        sender = {"id": member.id, "name": member.name, "aadObjectId": "aad-new"}
        results = await asyncio.gather(
            bot.post(A.installation_update(service_url=connector.url, sender=sender, conversation_id=conv)),
            bot.post(A.members_added([sender, A.BOT], service_url=connector.url, conversation_id=conv)),
            bot.post(A.installation_update(service_url=connector.url, sender=sender, conversation_id=conv)),
        )
        cards = connector.cards()
        texts = connector.texts()
    assert [status for status, _ in results] == [200, 200, 200]
    assert len(cards) == 1 and not any("went wrong" in t for t in texts)
    async with db.unit_of_work() as s:
        assert len((await s.execute(select(Person).where(Person.aad_object_id == "aad-new"))).scalars().all()) == 1


async def test_view_history_button_answers_with_the_projects_rag_history(db):
    async with db.unit_of_work() as s:
        s.add(Project(ref="CAR-02", name="Virtual Social Care"))
    async with FakeConnector() as connector, running_bot(db) as bot:
        status, body = await bot.post(A.invoke_action("history", {"project_ref": "CAR-02"}, service_url=connector.url))
        cards = connector.cards()
    assert status == 200 and body["statusCode"] == 200
    assert cards and "Virtual Social Care" in card_texts(cards[0])


def test_dfbot_ask_answers_from_the_configured_database(db_url, monkeypatch):
    import asyncio

    from typer.testing import CliRunner

    from dfbot.cli import app
    from infra.config import get_settings
    from store.db import Database

    async def seed():
        database = Database(db_url)
        async with database.unit_of_work() as s:
            s.add(Project(ref="CAR-02", name="Virtual Social Care"))
        await database.dispose()

    asyncio.run(seed())
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["ask", "who leads virtual social care?"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "Virtual Social Care (CAR-02)" in result.output and "no one yet" in result.output
