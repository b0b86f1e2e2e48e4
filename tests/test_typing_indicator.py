"""The typing indicator over HTTP, against the fake Bot Connector: shown when an answer takes longer than
about 300 ms, never after the answer, never when the answer is quick, and never at the answer's cost.
Also: a message that is only cards (someone shared a status card in a chat with the bot) gets no reply."""

from __future__ import annotations

import asyncio

import pytest

from bot import home
from bot import typing as typing_indicator
from store.db import Database, upgrade
from tests import activities as A
from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector


@pytest.fixture
async def sqlite_db(tmp_path):
    """Timing, not storage, is under test here: one backend is enough."""
    url = f"sqlite+aiosqlite:///{tmp_path}/typing.sqlite3"
    await asyncio.to_thread(upgrade, url)
    database = Database(url)
    yield database
    await database.dispose()


@pytest.fixture
async def chat(sqlite_db):
    async with FakeConnector() as connector, running_bot(sqlite_db) as bot:
        member = connector.add_member(
            "team-1",
            id="29:user-1",
            name="Alex Wilber",
            aad_object_id=A.user(1)["aadObjectId"],
            email="alexw@example.com",
        )
        yield bot, connector, member


def kinds(connector: FakeConnector) -> list[str]:
    return [a.get("type") for r in connector.activities for a in [r.activity] if r.method == "POST"]


def slow_answer(monkeypatch, seconds: float, *, then_wait: float = 0.0) -> None:
    async def answer(turn):
        await asyncio.sleep(seconds)
        await turn.say("Here is the answer.")
        await asyncio.sleep(then_wait)  # the turn goes on after the reply (writing context, say)

    monkeypatch.setattr(home, "answer_question", answer)


async def test_a_slow_answer_is_preceded_by_typing_and_nothing_types_after_it(chat, monkeypatch):
    bot, connector, member = chat
    await bot.post(connector.make_message(member, "help"))  # first contact (identity) out of the way
    connector.activities.clear()
    monkeypatch.setattr(typing_indicator, "PERIOD_SECONDS", 0.4)
    slow_answer(monkeypatch, 1.0, then_wait=1.0)

    status, _ = await bot.post(connector.make_message(member, "which projects are red?"))

    assert status == 200
    sent = kinds(connector)
    assert sent[0] == "typing" and sent[-1] == "message", sent
    assert sent.count("typing") >= 2  # repeated while nothing had been said
    assert sent.index("message") == len(sent) - 1  # no typing once the answer was out


async def test_a_quick_answer_has_no_typing(chat, monkeypatch):
    bot, connector, member = chat
    await bot.post(connector.make_message(member, "help"))
    connector.activities.clear()
    monkeypatch.setattr(typing_indicator, "DELAY_SECONDS", 1.0)  # a wide margin on a busy machine
    await bot.post(connector.make_message(member, "help"))
    await asyncio.sleep(1.2)
    assert kinds(connector) == ["message"]


async def test_no_typing_when_the_replies_come_back_in_the_response(sqlite_db, monkeypatch):
    slow_answer(monkeypatch, 0.6)
    async with running_bot(sqlite_db) as bot:
        status, body = await bot.post(
            A.message("which projects are red?", service_url="http://127.0.0.1:9/", expect_replies=True)
        )
    assert status == 200 and [a["type"] for a in body["activities"]] == ["message"]


async def test_a_typing_indicator_teams_refuses_does_not_cost_the_answer(chat, monkeypatch):
    bot, connector, member = chat
    await bot.post(connector.make_message(member, "help"))
    connector.activities.clear()
    conversation = connector.personal_conversation_id(member.id)
    connector.fail_next(conversation, status=403, code="Forbidden")  # the typing activity
    slow_answer(monkeypatch, 0.6)

    status, _ = await bot.post(connector.make_message(member, "which projects are red?"))

    assert status == 200
    assert [a["text"] for a in connector.sent_to(conversation) if a.get("type") == "message"] == ["Here is the answer."]


async def test_a_message_of_only_a_shared_status_card_gets_no_reply(chat):
    """Someone inserted a project's card from the message extension into their chat with the bot."""
    bot, connector, member = chat
    await bot.post(connector.make_message(member, "help"))
    connector.activities.clear()
    shared = connector.make_message(member, "")
    shared["attachments"] = [
        {
            "contentType": "application/vnd.microsoft.card.adaptive",
            "content": {"type": "AdaptiveCard", "version": "1.3", "body": [], "actions": []},
        }
    ]
    status, _ = await bot.post(shared)
    assert status == 200 and kinds(connector) == []
    status, _ = await bot.post(connector.make_message(member, ""))  # an empty message is still answered
    assert kinds(connector) == ["message"]
