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


def test_botbuilder_copies_a_reply_shallowly_and_it_goes_out_as_before():
    """bot/turn.Reply: TurnContext.send_activities deep-copies what it sends, then sets the conversation
    reference on the copy; a reply's copy is shallow (nothing nested walked), the caller's reply is left as
    it was, and the copy serialises exactly as a deep copy of the plain Activity would."""
    import copy

    from botbuilder.core import MessageFactory, TurnContext
    from botbuilder.schema import ChannelAccount, ConversationAccount, ConversationReference

    from bot.turn import Reply, card_attachment

    card = {"type": "AdaptiveCard", "body": [{"type": "TextBlock", "text": "x"}]}
    ref = ConversationReference(
        activity_id="act-1",
        user=ChannelAccount(id="29:user", name="Alex", aad_object_id="aad-1"),
        bot=ChannelAccount(id="28:bot", name="Digital First"),
        conversation=ConversationAccount(id="a:1", conversation_type="personal", tenant_id="t"),
        channel_id="msteams",
        service_url="https://smba.example/",
    )
    for ours, plain in (
        (Reply.card(card_attachment(card)), MessageFactory.attachment(card_attachment(card))),
        (Reply.text("hello"), MessageFactory.text("hello")),
    ):
        ours.summary = plain.summary = "a summary"
        copied = copy.deepcopy(ours)
        assert copied is not ours and copied.entities is ours.entities and copied.attachments is ours.attachments
        sent = TurnContext.apply_conversation_reference(copied, ref)
        assert ours.conversation is None and ours.service_url is None and ours.reply_to_id is None
        expected = TurnContext.apply_conversation_reference(copy.deepcopy(plain), ref)
        assert _serializer().body(sent, "Activity") == _serializer().body(expected, "Activity")


def test_every_kind_of_reply_is_serialised_exactly_as_msrest_would():
    """bot/card_serializer.py copies plain attributes itself: enums, dates, nested and subclassed accounts,
    lists of models, mentions, channel data and invoke values must still come out as msrest makes them."""
    import copy
    import json
    from datetime import UTC, datetime, timedelta, timezone

    from botbuilder.core import MessageFactory
    from botbuilder.schema import (
        ActivityImportance,
        ActivityTypes,
        CardAction,
        ChannelAccount,
        ConversationAccount,
        ConversationReference,
        DeliveryModes,
        Mention,
        SuggestedActions,
        TextFormatTypes,
    )
    from botbuilder.schema.teams import TeamsChannelAccount

    from bot.connector_pool import CardsAsTheyAre
    from cards import home

    text = MessageFactory.text("Hello <at>Alex</at> — £5 & \u2603")
    text.type = ActivityTypes.message  # a str enum
    text.text_format = TextFormatTypes.markdown
    text.timestamp = datetime(2026, 12, 6, 18, 0, 1, 123456, tzinfo=UTC)
    text.local_timestamp = datetime(2026, 12, 6, 19, 0, tzinfo=timezone(timedelta(hours=1)))
    text.from_property = TeamsChannelAccount(id="29:x", name="Alex", aad_object_id="aad", user_principal_name="a@x")
    text.recipient = ChannelAccount(id="28:bot", name="Bot", properties={"k": [1, {"b": None}]})
    text.conversation = ConversationAccount(id="a:1", is_group=False, conversation_type="personal", tenant_id="t")
    text.entities = [Mention(mentioned=ChannelAccount(id="29:x", name="Alex"), text="<at>Alex</at>", type="mention")]
    text.channel_data = {"tenant": {"id": "t"}, "notification": {"alert": True}, "n": 1.5}
    text.suggested_actions = SuggestedActions(
        to=["29:x"], actions=[CardAction(type="imBack", title="Yes", value="yes")]
    )
    text.members_added = [ChannelAccount(id="29:y")]
    text.delivery_mode = DeliveryModes.normal
    text.importance = ActivityImportance.high
    text.history_disclosed = True
    text.relates_to = ConversationReference(activity_id="1", conversation=ConversationAccount(id="a:1"))
    text.value = {"verb": "x", "data": [1, 2, {"z": None}]}
    text.listen_for = ["a", "b"]
    empty_accounts = MessageFactory.text("")
    empty_accounts.recipient = ChannelAccount()
    typing = MessageFactory.text("")
    typing.type = ActivityTypes.typing
    typing.text = None
    card = _reply(home.welcome_card(is_lead=False))
    card.summary = "What I can do"
    for activity in (text, empty_accounts, typing, card):
        plain = _serializer().body(copy.deepcopy(activity), "Activity")
        fast = CardsAsTheyAre(_serializer()).body(activity, "Activity")
        assert json.dumps(fast, sort_keys=True) == json.dumps(plain, sort_keys=True)
