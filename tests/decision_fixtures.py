"""A DLG at work, over real HTTP: the update-cycle programme (tests/update_fixtures.py) with two DLG members
(Jo, Dee), the bot in the DLG team's channel (bot transport), and helpers to submit updates, post the
digest and press buttons the way Teams sends them (1:1 and channel invokes shaped like Microsoft's
`adaptiveCard/action` examples: conversation type "channel", `;messageid=` thread ids, team and channel
in channelData, `trigger` manual or automatic)."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from sqlalchemy import select

from cards.agenda import VERB_OPEN, VERB_REFRESH
from cards.decisions import VERB_RECORD
from store.models import Ask, AskDecision, DecisionNotice, Person, StaffRole
from tests.botserver import running_bot
from tests.digest_fixtures import add_channel_reference
from tests.fakes.connector import FakeConnector, RateLimits
from tests.update_fixtures import ADA, AMBER, EVERYONE, NOW, Who, actions_of, chat, click, invoke, member, seed

DLG_TEAM = "19:dlg-team@thread.tacv2"
CHANNEL = "19:dlg-channel@thread.tacv2"
DEE = Who("dee", "Dee Lister", "dee.lister@council.example", "aad-dee", "29:dee")
PEOPLE = EVERYONE + (DEE,)


class Board:
    """`async with Board(db, tmp_path) as b:` — the bot, the fake Bot Connector, a settable clock."""

    def __init__(self, db, tmp_path, **settings: Any) -> None:
        self.db, self.tmp_path, self.settings = db, tmp_path, settings
        self.now = NOW

    async def __aenter__(self) -> Board:
        self.connector = await FakeConnector(limits=RateLimits.unlimited()).start()
        self.ids = await seed(self.db, self.connector, people=PEOPLE)
        async with self.db.unit_of_work() as s:
            s.add_all(
                [StaffRole(person_id=self.ids["jo"], role="dlg"), StaffRole(person_id=self.ids["dee"], role="dlg")]
            )
        await add_channel_reference(
            self.db,
            team_id=DLG_TEAM,
            service_url=self.connector.url,
            tenant_id=self.connector.tenant_id,
            bot_id=self.connector.bot_id,
        )
        self.connector.add_conversation(CHANNEL)
        settings = dict(
            digest_transport="bot",
            dlg_team_id=DLG_TEAM,
            dlg_channel_id=CHANNEL,
            public_base_url="https://bot.example.gov.uk",
            outbox_dir=self.tmp_path / "outbox",
        )
        settings.update(self.settings)
        self._settings = settings
        self._bot = running_bot(self.db, **settings)
        self.bot = await self._bot.__aenter__()
        self.bot.context.clock = lambda: self.now
        return self

    async def restart(self) -> None:
        """The bot stops (its background work drained) and a new process starts on the same database."""
        await self.bot.context.drain()
        await self._bot.__aexit__(None, None, None)
        self._bot = running_bot(self.db, **self._settings)
        self.bot = await self._bot.__aenter__()
        self.bot.context.clock = lambda: self.now

    async def __aexit__(self, *exc) -> None:
        await self.bot.context.drain()
        await self._bot.__aexit__(*exc)
        await self.connector.stop()

    @property
    def ctx(self):
        return self.bot.context

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)

    # -- talking -------------------------------------------------------------------------------

    async def say(self, who: Who, text: str) -> list[dict[str, Any]]:
        before = len(self.connector.activities)
        status, _ = await self.bot.post(self.connector.make_message(member(self.connector, who), text))
        assert status == 200
        await self.ctx.drain()
        said = [r.activity for r in self.connector.activities[before:]]
        return [a for a in said if a.get("type") != "typing"]  # "typing…" is shown when a turn is slow (bot/typing.py)

    async def press(self, who: Who, data: dict[str, Any], *, activity_id: str | None = None) -> dict[str, Any]:
        """An Action.Execute in the person's 1:1 chat; the invoke response body."""
        status, body = await self.bot.post(invoke(self.connector, who, data, activity_id))
        assert status == 200, body
        return body

    def channel_invoke(
        self, who: Who, verb: str, data: dict[str, Any], *, message_id: str, trigger: str = "manual"
    ) -> dict[str, Any]:
        """What Teams sends when `who` acts on (or opens, `trigger="automatic"`) a card in the DLG channel."""
        m = member(self.connector, who)
        conversation = f"{CHANNEL};messageid={message_id}"
        act = self.connector.make_message(
            m,
            activity_type="invoke",
            conversation_id=conversation,
            value={
                "action": {"type": "Action.Execute", "id": "", "verb": verb, "data": {"verb": verb, **data}},
                "trigger": trigger,
            },
        )
        act["name"] = "adaptiveCard/action"
        act["conversation"].update({"conversationType": "channel", "isGroup": True})
        act["channelData"].update(
            {
                "teamsChannelId": CHANNEL,
                "teamsTeamId": DLG_TEAM,
                "channel": {"id": CHANNEL},
                "team": {"id": DLG_TEAM},
                "source": {"name": "message"},
            }
        )
        act["replyToId"] = message_id
        return act

    async def press_in_channel(
        self, who: Who, verb: str, data: dict[str, Any], *, message_id: str, trigger: str = "manual"
    ) -> dict[str, Any]:
        status, body = await self.bot.post(self.channel_invoke(who, verb, data, message_id=message_id, trigger=trigger))
        assert status == 200, body
        return body

    # -- the story's steps ---------------------------------------------------------------------

    async def open_cycle(self) -> None:
        await self.say(ADA, "cycle open")

    def prompt(self, who: Who, ref: str) -> dict[str, Any]:
        """The newest update card `who` was sent (or shown) for project `ref`."""
        cards = [
            c
            for c in self.connector.cards(chat(self.connector, who))
            if any(
                a.get("data", {}).get("project") == ref and a.get("verb") == "update.submit"
                for a in actions_of(c).values()
            )
        ]
        assert cards, f"no update card for {ref} in {who.name}'s chat"
        return cards[-1]

    async def submit(self, who: Who, ref: str, asks: str, **fields: Any) -> dict[str, Any]:
        card = self.prompt(who, ref)
        body = await self.press(who, click(card, "Submit update", **{**AMBER, "asks_of_dlg": asks, **fields}))
        await self.ctx.drain()
        return body

    async def post_digest(self) -> dict[str, Any]:
        """An admin approves this cycle's digest; the bot posts it to the DLG channel. Its activity."""
        replies = await self.say(ADA, "approve digest")
        assert any("being posted" in (r.get("text") or "") for r in replies), replies
        await self.ctx.drain()
        posted = self.connector.sent_to(CHANNEL)
        assert posted, "nothing was posted to the DLG channel"
        return posted[-1]

    # -- what is stored ------------------------------------------------------------------------

    async def asks(self) -> list[Ask]:
        async with self.db.unit_of_work() as s:
            return list((await s.execute(select(Ask).order_by(Ask.id))).scalars())

    async def decisions(self) -> list[AskDecision]:
        async with self.db.unit_of_work() as s:
            return list((await s.execute(select(AskDecision).order_by(AskDecision.id))).scalars())

    async def notices(self) -> list[DecisionNotice]:
        async with self.db.unit_of_work() as s:
            return list((await s.execute(select(DecisionNotice).order_by(DecisionNotice.id))).scalars())

    async def person_id(self, who: Who) -> int:
        async with self.db.unit_of_work() as s:
            return (await s.execute(select(Person.id).where(Person.email == who.email))).scalar_one()


def card_of(activity: dict[str, Any]) -> dict[str, Any]:
    content = activity["attachments"][0]["content"]
    return json.loads(content) if isinstance(content, str) else content


def buttons(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Execute / Action.Submit anywhere in the card (not the refresh's)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            if node.get("type") in ("Action.Execute", "Action.Submit") and key != "action":
                found.append(node)
            for k, v in node.items():
                if k not in ("refresh", "fallback"):  # the refresh is no button; a fallback is the same button
                    walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)

    walk(card)
    return found


def record_data(card: dict[str, Any], ask_text: str) -> dict[str, Any]:
    """The data of "Record decision" on the ask whose text contains `ask_text`."""

    def walk(node: Any) -> dict[str, Any] | None:
        if isinstance(node, dict):
            if node.get("type") == "Container" and any(
                ask_text in str(i.get("text", "")) for i in node.get("items", [])
            ):
                for i in node["items"]:
                    if i.get("type") == "ActionSet":
                        return i["actions"][0]["data"]
            for v in node.values():
                if (found := walk(v)) is not None:
                    return found
        elif isinstance(node, list):
            for v in node:
                if (found := walk(v)) is not None:
                    return found
        return None

    found = walk(card)
    assert found is not None, f"no Record decision for {ask_text!r}"
    assert found["verb"] == VERB_OPEN
    return found


def decide(data: dict[str, Any], outcome: str, note: str = "", **extra: Any) -> dict[str, Any]:
    """The form's "Save decision" pressed with these inputs."""
    return {**data, "verb": VERB_RECORD, "outcome": outcome, "note": note, **extra}


REFRESH = VERB_REFRESH
