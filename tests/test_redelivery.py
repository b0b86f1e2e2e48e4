"""Redelivered activities are answered, never handled twice, and never refused.

The Bot Framework delivers at least once: the same activity (same conversation, same id) can come
again after a timeout, and a card's invoke can be sent twice. Here each is POSTed twice over HTTP to
the real endpoint, one after the other and at the same moment, and what the fake Bot Connector
received and what the database holds are counted.
"""

from __future__ import annotations

import asyncio
import copy

from sqlalchemy import func, select

from store import models as M
from tests.test_admin import LEAD_EMAIL, chats
from tests.test_endpoint import card_texts


def _said(connector, conversation: str) -> list[dict]:
    """What the bot said in a conversation; "typing…" (shown when a turn is slow, bot/typing.py) is not a reply."""
    return [a for a in connector.sent_to(conversation) if a.get("type") != "typing"]


async def test_the_same_message_twice_is_answered_once(db):
    async with chats(db) as (admin, _member):
        before = len(_said(admin.connector, admin.conversation))
        message = admin.connector.make_message(admin.member, "help")
        first = await admin.bot.post(message)
        again = await admin.bot.post(copy.deepcopy(message))
        replies = _said(admin.connector, admin.conversation)[before:]
    assert first[0] == 200 and again[0] == 200
    assert len(replies) == 1 and "What I can do" in card_texts(replies[0]["attachments"][0]["content"])


async def test_the_same_message_at_the_same_moment_on_two_connections_is_answered_once(db):
    async with chats(db) as (admin, _member):
        before = len(_said(admin.connector, admin.conversation))
        message = admin.connector.make_message(admin.member, "projects")
        results = await asyncio.gather(admin.bot.post(message), admin.bot.post(copy.deepcopy(message)))
        replies = _said(admin.connector, admin.conversation)[before:]
    assert [status for status, _ in results] == [200, 200]
    assert len(replies) == 1


def _confirm_invoke(admin, card: dict) -> dict:
    action = next(a for a in card["actions"] if a["title"] == "Confirm")
    activity = admin.connector.make_message(admin.member, None, activity_type="invoke")
    activity.update(
        {
            "name": "adaptiveCard/action",
            "value": {
                "action": {"type": "Action.Execute", "verb": action["verb"], "data": action["data"]},
                "trigger": "manual",
            },
        }
    )
    return activity


async def _assigned(db) -> tuple[int, int]:
    async with db.unit_of_work() as s:
        roles = await s.scalar(select(func.count()).select_from(M.ProjectRole))
        audits = await s.scalar(select(func.count()).select_from(M.AuditEntry).where(M.AuditEntry.action == "add_lead"))
    return roles, audits


async def test_the_same_invoke_twice_gets_its_first_answer_again_and_changes_things_once(db):
    async with chats(db) as (admin, _member):
        card = await admin.say(f"assign lead {LEAD_EMAIL} to digital inclusion")
        invoke = _confirm_invoke(admin, card)
        first = await admin.bot.post(invoke)
        again = await admin.bot.post(copy.deepcopy(invoke))
    assert first[0] == again[0] == 200
    assert again[1] == first[1]  # the same answer: the card saying it is done, not "already done"
    assert "already" not in card_texts(first[1]["value"]).lower()
    assert await _assigned(db) == (1, 1)


async def test_the_same_invoke_at_the_same_moment_gets_one_answer_twice(db):
    async with chats(db) as (admin, _member):
        card = await admin.say(f"assign lead {LEAD_EMAIL} to digital inclusion")
        invoke = _confirm_invoke(admin, card)
        (s1, b1), (s2, b2) = await asyncio.gather(admin.bot.post(invoke), admin.bot.post(copy.deepcopy(invoke)))
    assert s1 == s2 == 200 and b1 == b2
    assert await _assigned(db) == (1, 1)


async def test_two_activities_sharing_an_id_in_different_conversations_are_both_handled(db):
    async with chats(db) as (admin, member):
        before = (len(_said(admin.connector, admin.conversation)), len(_said(member.connector, member.conversation)))
        one = admin.connector.make_message(admin.member, "help")
        other = member.connector.make_message(member.member, "help")
        other["id"] = one["id"]  # activity ids are unique within a conversation only
        assert one["conversation"]["id"] != other["conversation"]["id"]
        assert (await admin.bot.post(one))[0] == 200 and (await member.bot.post(other))[0] == 200
        to_admin = _said(admin.connector, admin.conversation)[before[0] :]
        to_member = _said(member.connector, member.conversation)[before[1] :]
    assert len(to_admin) == 1 and len(to_member) == 1


async def test_a_message_and_an_invoke_sharing_an_id_are_both_handled(db):
    async with chats(db) as (admin, _member):
        card = await admin.say(f"assign lead {LEAD_EMAIL} to digital inclusion")
        invoke = _confirm_invoke(admin, card)
        message = admin.connector.make_message(admin.member, "help")
        message["id"] = invoke["id"] = "1:shared-id"
        before = len(_said(admin.connector, admin.conversation))
        assert (await admin.bot.post(message))[0] == 200
        status, body = await admin.bot.post(invoke)
        replies = _said(admin.connector, admin.conversation)[before:]
    assert status == 200 and body["statusCode"] == 200 and len(replies) == 1
    assert await _assigned(db) == (1, 1)


async def test_a_redelivered_message_whose_first_turn_failed_is_handled_afresh(db, monkeypatch):
    """A turn that failed gives its claim back: Teams' retry is answered, not swallowed."""
    from bot import handler

    async with chats(db) as (admin, _member):
        real = handler.home.answer_question
        calls = []

        async def failing_once(turn):
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("database went away")
            await real(turn)

        monkeypatch.setattr(handler.home, "answer_question", failing_once)
        message = admin.connector.make_message(admin.member, "which projects are red?")
        await admin.bot.post(message)  # answered with an apology
        before = len(_said(admin.connector, admin.conversation))
        status, _ = await admin.bot.post(copy.deepcopy(message))
        replies = _said(admin.connector, admin.conversation)[before:]
    assert status == 200 and len(calls) == 2 and len(replies) == 1
