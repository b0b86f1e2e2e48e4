"""The message extension ("Find a project") over HTTP, through the real CloudAdapter and our endpoint,
with invokes shaped like the examples in Microsoft's "Respond to search command" page.

A lead looking for a project types part of its name, a misspelt alias, a ref or a lead's name into the
compose box and gets status cards to insert; choosing one (`composeExtension/selectItem`, which the
Agents Playground cannot send) inserts a freshly read card. Whoever asks, the card is the public staff
view. Anything not ours is an empty result with 200, never an error.
"""

from __future__ import annotations

import json

import pytest

from dfbot.web import MESSAGES_ENDPOINT
from programme.questions import parse
from services.ask import current_plan, forget_vocabulary
from tests.botserver import running_bot
from tests.e2e.cards_capture import record_invoke_response
from tests.extension_fixtures import NOW, OPEN_RISK, PUBLIC, SENSITIVE_RISK, attachments, card_text, invoke, query, seed

SERVICE = "http://127.0.0.1:9/"  # invokes are answered in the response: nothing goes to the connector


@pytest.fixture
async def bot(db):
    forget_vocabulary()
    await seed(db)
    async with running_bot(db, public_base_url=PUBLIC) as running:
        running.context.clock = lambda: NOW
        yield running


async def ask_extension(bot, name: str, value, **kwargs) -> dict:
    status, body = await bot.post(invoke(name, value, service_url=SERVICE, **kwargs))
    assert status == 200, body
    record_invoke_response(body)  # the official renderer checks these cards (tests/e2e/run.sh)
    return body


async def search(bot, text, **kwargs) -> list[dict]:
    return attachments(await ask_extension(bot, "composeExtension/query", query(text), **kwargs))


def refs(found: list[dict]) -> list[str]:
    """The projects listed, in order (each card's "Open in dashboard" link names its project)."""
    return [a["content"]["actions"][0]["url"].rsplit("/", 1)[1] for a in found]


async def test_a_misspelt_alias_finds_the_project_with_a_preview_and_a_status_card(bot):
    found = await search(bot, "telecre")  # the alias is "telecare"

    assert refs(found)[0] == "CAR-02"
    first = found[0]
    assert first["contentType"] == "application/vnd.microsoft.card.adaptive"
    preview = first["preview"]
    assert preview["contentType"] == "application/vnd.microsoft.card.thumbnail"
    assert preview["content"]["title"] == "Assistive technology in health and care (CAR-02)"
    assert preview["content"]["text"] == "■ Red · 20% · Lead: Nadia Hussain · Updated 22 November 2026"
    assert "tap" not in preview["content"]  # the Playground refuses taps; Teams then inserts `content`
    card = first["content"]
    assert card["version"] == "1.3"
    seen = card_text(card)
    for expected in (
        "Assistive technology in health and care",
        "CAR-02 · Digital Care",
        "■ Red",
        "20% complete",
        "Nadia Hussain",
        "22 November 2026",
        "Sensors installed in 40 homes — due 15 January 2027",
    ):
        assert expected in seen
    actions = {a["title"]: a for a in card["actions"]}
    assert actions["Open in dashboard"] == {
        "type": "Action.OpenUrl",
        "title": "Open in dashboard",
        "url": f"{PUBLIC}/dashboard/projects/CAR-02",
    }
    assert "Ask the bot" in actions


@pytest.mark.parametrize(
    "typed", ["telecre", "VSC", "car 1", "virtaul socail care", "assistive tech", "m365", "digital incluson", "CIT-02"]
)
async def test_names_are_matched_the_question_engines_way(bot, typed):
    """Whatever the engine reads a name as in a question, the search lists first."""
    async with bot.context.db.reading() as conn:
        plan = await current_plan(conn, bot.context.db)
    asked = parse(f"what is the status of {typed}?", plan.vocab)
    assert len(asked.project_ids) == 1, asked
    expected = plan.projects[asked.project_ids[0]].ref

    assert refs(await search(bot, typed))[0] == expected


async def test_a_leads_name_lists_the_projects_they_lead_before_those_they_deputise(bot):
    assert refs(await search(bot, "Tom Hughes")) == ["COU-01", "CAR-01"]
    assert refs(await search(bot, "nadia"))[0] == "CAR-02"


@pytest.mark.parametrize(
    "typed, first",
    [("telec", "CAR-02"), ("cit-0", "CIT-02"), ("assist", "CAR-02"), ("micro", "COU-01"), ("aish", "CAR-01")],
)
async def test_a_word_still_being_typed_already_finds_what_it_begins(bot, typed, first):
    assert refs(await search(bot, typed))[0] == first


async def test_opening_the_extension_lists_my_projects_then_the_latest_reported(bot):
    """Tom leads COU-01 and deputises on CAR-01; CAR-02 reported 2 days ago, CIT-02 9 days ago."""
    found = attachments(await ask_extension(bot, "composeExtension/query", query(None), who="tom"))
    assert refs(found) == ["CAR-01", "COU-01", "CAR-02", "CIT-02"]
    someone_else = attachments(await ask_extension(bot, "composeExtension/query", query(None), who="sam"))
    assert refs(someone_else)[:2] == ["CIT-02", "CAR-02"]
    assert "ECO-09" not in refs(someone_else)  # retired


async def test_paging_follows_query_options(bot):
    first = attachments(await ask_extension(bot, "composeExtension/query", query(None, count=2)))
    rest = attachments(await ask_extension(bot, "composeExtension/query", query(None, skip=2, count=25)))
    assert len(first) == 2 and refs(first) + refs(rest) == ["CAR-01", "COU-01", "CAR-02", "CIT-02"]


async def test_retired_projects_are_not_offered(bot):
    assert await search(bot, "vouchers") == []


async def test_an_admin_in_a_private_chat_still_gets_the_public_staff_view(bot):
    """The card outlives the chat it is made in: never risks (sensitive or not), never who reported."""
    for who, where in (("ada", "personal"), ("nadia", "personal"), ("tom", "groupChat"), ("sam", "channel")):
        found = await search(bot, "telecare", who=who, conversation_type=where)
        seen = card_text(found[0])
        assert SENSITIVE_RISK not in seen and OPEN_RISK not in seen
        assert "Someone" not in seen  # who submitted the update
        assert "not updated" not in seen.lower()


async def test_what_a_lead_typed_is_escaped_in_the_card(bot):
    card = (await search(bot, "CAR-02"))[0]["content"]
    seen = card_text(card)
    assert "<b>" not in seen and "‹b›still‹/b›" in seen
    assert "\\*\\*supplier\\*\\*" in seen  # Markdown neutralised


async def test_every_card_is_small_enough_to_post(bot):
    for typed in ("car", "digital", "telecare", "m365"):
        for found in await search(bot, typed):
            assert len(json.dumps(found["content"], ensure_ascii=False).encode("utf-16-le")) <= 28 * 1024


# --- composeExtension/selectItem (a preview tap's value): the Playground cannot send it ------------


async def test_a_chosen_item_gets_its_card_freshly_read(bot, db):
    [chosen] = attachments(await ask_extension(bot, "composeExtension/selectItem", {"projectRef": "CAR-02"}))
    assert chosen["content"]["version"] == "1.3"
    assert "Assistive technology in health and care" in card_text(chosen["content"])
    async with db.unit_of_work() as s:  # a rename since the search: the inserted card says what is true now
        from sqlalchemy import update

        from store.models import Project

        await s.execute(update(Project).where(Project.ref == "CAR-02").values(name="Assistive technology at home"))
    [again] = attachments(await ask_extension(bot, "composeExtension/selectItem", {"projectRef": "car-02"}))
    assert "Assistive technology at home" in card_text(again["content"])


@pytest.mark.parametrize(
    "value",
    [
        {"projectRef": "NOPE-99"},
        {"Item1": "Package_Name", "Item2": "Version"},
        {"projectRef": ["CAR-02"]},
        {"projectRef": "x" * 500},
        {},
        "CAR-02",
        None,
        7,
    ],
)
async def test_an_item_that_is_not_ours_is_an_empty_result(bot, value):
    assert attachments(await ask_extension(bot, "composeExtension/selectItem", value)) == []


# --- what is not ours is an empty result, never a 4xx ---------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        query("telecare", command="searchCmd"),  # the docs' example command id: another app's
        query("telecare", parameter="searchKeywords"),  # a parameter we do not declare
        {"commandId": ["not", "a", "string"], "parameters": "should be a list"},
        {"commandId": "findProject", "parameters": [{"name": "project", "value": {"nested": True}}]},
        {"commandId": "findProject", "parameters": [7]},
        "just a string",
        None,
    ],
)
async def test_a_query_that_is_not_ours_is_an_empty_result_with_200(bot, value):
    status, body = await bot.post(invoke("composeExtension/query", value, service_url=SERVICE))
    endpoint = bot.server.app[MESSAGES_ENDPOINT]
    assert status == 200 and attachments(body) == [] and endpoint.errors == 0


async def test_nothing_matching_is_an_empty_result(bot):
    assert await search(bot, "moon landing") == []
    assert await search(bot, "   ") != []  # blank is the opening list, not "nothing"


@pytest.mark.parametrize(
    "name",
    [
        "composeExtension/fetchTask",
        "composeExtension/submitAction",
        "composeExtension/querySettingUrl",
        "composeExtension/setting",
        "composeExtension/onCardButtonClicked",
        "composeExtension/somethingNew",
    ],
)
async def test_extension_invokes_we_do_not_offer_are_empty_results(bot, name):
    status, body = await bot.post(invoke(name, {"commandId": "x"}, service_url=SERVICE))
    assert status == 200 and attachments(body) == []


async def test_a_search_writes_nothing(bot, db):
    """Searching leaves no trace: no conversation reference, no person created for a stranger."""
    from sqlalchemy import func, select

    from store.models import ConversationRef, Person

    async with db.unit_of_work() as s:
        before = (
            (await s.execute(select(func.count()).select_from(Person))).scalar(),
            (await s.execute(select(func.count()).select_from(ConversationRef))).scalar(),
        )
    stranger = invoke("composeExtension/query", query("telecare"), service_url=SERVICE)
    stranger["from"] = {"id": "29:stranger", "name": "Stranger", "aadObjectId": "aad-stranger"}
    status, _ = await bot.post(stranger)
    await search(bot, "telecare")
    async with db.unit_of_work() as s:
        after = (
            (await s.execute(select(func.count()).select_from(Person))).scalar(),
            (await s.execute(select(func.count()).select_from(ConversationRef))).scalar(),
        )
    assert status == 200 and after == before
