"""Helpers for the tests of cards that stay true (tests/test_refresh.py, tests/test_card_messages.py): the
seeded programme behind the real bot with a cycle open, the prompts and edits the fake Bot Connector
received, and refresh invokes shaped like Teams' (Microsoft Learn, "Universal Action Model": an `invoke`
named `adaptiveCard/action` whose value is `{action: {type: "Action.Execute", verb, data}, trigger:
"automatic"}`, replying to the message that holds the card), built from the card's own `refresh` block
as Teams builds them."""

from __future__ import annotations

from tests.botserver import running_bot
from tests.fakes.connector import FakeConnector
from tests.update_fixtures import ADA, NOW, actions_of, chat, invoke, member, seed

AC = "application/vnd.microsoft.card.adaptive"


def buttons(card: dict) -> dict:
    """The card's buttons (its own refresh action is not one)."""
    return actions_of({k: v for k, v in card.items() if k != "refresh"})


def refresh_invoke(
    connector: FakeConnector,
    who,
    card: dict,
    *,
    reply_to: str | None = None,
    conversation_id: str | None = None,
    conversation_type: str = "personal",
    trigger: str = "automatic",
) -> dict:
    """What Teams sends when `who` views `card` (its refresh action, fired by the client itself)."""
    action = card["refresh"]["action"]
    act = connector.make_message(
        member(connector, who),
        activity_type="invoke",
        conversation_id=conversation_id,
        value={
            "action": {"type": "Action.Execute", "id": "refresh", "verb": action["verb"], "data": action["data"]},
            "trigger": trigger,
        },
    )
    act["name"] = "adaptiveCard/action"
    act["conversation"]["conversationType"] = conversation_type
    act["channelData"]["source"] = {"name": "message"}
    if reply_to:
        act["replyToId"] = reply_to
    return act


class Story:
    """The seeded programme (tests/update_fixtures.py) behind the real bot, a cycle opened by the admin."""

    def __init__(self, db):
        self.db = db

    async def __aenter__(self):
        self.connector = await FakeConnector().start()
        self.ids = await seed(self.db, self.connector)
        self._bot = running_bot(self.db)
        self.bot = await self._bot.__aenter__()
        self.bot.context.clock = lambda: NOW
        status, _ = await self.bot.post(self.connector.make_message(member(self.connector, ADA), "cycle open"))
        assert status == 200
        await self.bot.context.drain()
        return self

    async def __aexit__(self, *exc):
        await self.bot.context.drain()
        await self._bot.__aexit__(*exc)
        await self.connector.stop()

    def prompt(self, who, ref: str) -> tuple[str, dict]:
        """(activity id, card) of the prompt the bot sent `who` about `ref` (the first card about it)."""
        found = [
            (r.activity["id"], a["content"])
            for r in self.connector.activities
            if r.method == "POST" and r.conversation_id == chat(self.connector, who)
            for a in r.activity.get("attachments") or []
            if a.get("contentType") == AC
            and (a["content"].get("refresh") or {}).get("action", {}).get("data", {}).get("project") == ref
        ]
        return found[0]

    def edits(self, who) -> list[tuple[str, dict]]:
        """(activity id, card) of every edit the bot made in `who`'s chat, in order."""
        return [
            (r.activity["id"], a["content"])
            for r in self.connector.activities
            if r.method == "PUT" and r.conversation_id == chat(self.connector, who)
            for a in r.activity.get("attachments") or []
            if a.get("contentType") == AC
        ]

    async def click(self, who, data, *, reply_to: str | None = None) -> dict:
        """An Action.Execute click; `reply_to` is the message holding the card, as Teams sends it."""
        act = invoke(self.connector, who, data)
        if reply_to:
            act["replyToId"] = reply_to
        status, body = await self.bot.post(act)
        assert status == 200, body
        await self.bot.context.drain()  # the edits that follow a save
        return body

    async def refresh(self, who, card, **kw) -> dict:
        status, body = await self.bot.post(refresh_invoke(self.connector, who, card, **kw))
        assert status == 200, body
        assert body["statusCode"] == 200 and body["type"] == AC, body
        return body["value"]
