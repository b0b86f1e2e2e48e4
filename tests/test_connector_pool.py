"""Replies and proactive sends through the pooled connector clients."""

from __future__ import annotations

from aiohttp import web
from aiohttp.test_utils import TestServer

from tests import activities as A
from tests.botserver import running_bot


async def test_a_send_answered_202_with_no_body_counts_as_delivered(db):
    """Teams and the Agents Playground answer some sends with 202 and an empty body: that is a success."""
    received: list[dict] = []

    async def accept(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=202)

    app = web.Application()
    app.router.add_post("/v3/conversations/{cid}/activities", accept)
    app.router.add_post("/v3/conversations/{cid}/activities/{aid}", accept)
    server = TestServer(app)
    await server.start_server()
    try:
        async with running_bot(db) as bot:
            status, _ = await bot.post(A.message("help", service_url=str(server.make_url("/"))))
    finally:
        await server.close()
    assert status == 200
    assert len(received) == 1, "the help card once, and no 'something went wrong' apology after it"
    assert received[0]["attachments"][0]["contentType"] == "application/vnd.microsoft.card.adaptive"


def _serializer():
    from botbuilder.schema import _models_py3 as models  # what ConnectorClient builds its Serializer from
    from msrest import Serializer

    return Serializer({k: v for k, v in models.__dict__.items() if isinstance(v, type)})


def _reply(card):
    from botbuilder.core import MessageFactory
    from botbuilder.schema import ChannelAccount, ConversationAccount

    from bot.turn import card_attachment

    activity = MessageFactory.attachment(card_attachment(card))
    activity.text, activity.summary = "fallback", "a summary with <b>markup</b> & ünïcode"
    activity.conversation = ConversationAccount(id="a:1", conversation_type="personal", tenant_id="t")
    activity.recipient = ChannelAccount(id="29:user", name="Alex", aad_object_id="aad-1")
    activity.from_property = ChannelAccount(id="28:bot", name="Digital First")
    activity.reply_to_id = "act-1"
    return activity


def test_cards_are_sent_exactly_as_msrest_would_serialise_them():
    """The fast path puts each card into the body as it is; the body must be what msrest itself makes."""
    import copy
    import json

    from bot.connector_pool import CardsAsTheyAre
    from cards import home

    card = home.welcome_card(is_lead=True)
    card["body"].append(
        {
            "type": "TextBlock",
            "text": "nested",
            "wrap": True,
            "items": [{"n": 1, "f": 1.5, "b": False, "none": None, "list": [[], {}, "x"]}],
        }
    )
    activity = _reply(card)
    plain = _serializer().body(copy.deepcopy(activity), "Activity")
    fast = CardsAsTheyAre(_serializer()).body(activity, "Activity")
    assert json.dumps(fast, sort_keys=True) == json.dumps(plain, sort_keys=True)
    assert activity.attachments[0].content is card or activity.attachments[0].content == card  # left as it was


def test_activities_without_plain_cards_go_through_msrest_unchanged():
    from botbuilder.core import MessageFactory
    from botbuilder.schema import Attachment, HeroCard

    from bot.connector_pool import CardsAsTheyAre

    text = MessageFactory.text("hello")
    assert CardsAsTheyAre(_serializer()).body(text, "Activity") == _serializer().body(text, "Activity")
    hero = MessageFactory.attachment(
        Attachment(content_type="application/vnd.microsoft.card.hero", content=HeroCard(title="A model, not a dict"))
    )
    assert CardsAsTheyAre(_serializer()).body(hero, "Activity") == _serializer().body(hero, "Activity")
    assert CardsAsTheyAre(_serializer()).body(hero, "Activity")["attachments"][0]["content"] == {
        "title": "A model, not a dict"
    }


def test_a_sent_card_is_shared_by_botbuilder_copies_not_walked():
    import copy

    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "x"}]}
    activity = _reply(card)
    copied = copy.deepcopy(activity)
    assert copied is not activity and copied.attachments[0] is not activity.attachments[0]
    assert copied.attachments[0].content is activity.attachments[0].content == card
    assert copied.serialize()["attachments"][0]["content"] == card  # msrest's own path still sees a plain card
