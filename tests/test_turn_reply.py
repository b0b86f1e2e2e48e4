"""bot/turn.Reply: the replies Turn.say and Turn.show send are what MessageFactory makes, field for field, as a
class botbuilder copies shallowly; built as that class, not turned into it afterwards."""

from __future__ import annotations

import copy

from botbuilder.core import MessageFactory

from bot.turn import Reply, card_attachment

CARD = {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock", "text": "Hello"}]}


def test_a_text_reply_is_what_message_factory_makes():
    made, ours = MessageFactory.text("Which projects are red?"), Reply.text("Which projects are red?")
    assert type(ours) is Reply
    assert vars(ours) == vars(made)
    assert ours.serialize() == made.serialize()


def test_a_card_reply_is_what_message_factory_makes():
    attachment = card_attachment(CARD)
    made, ours = MessageFactory.attachment(attachment), Reply.card(attachment)
    assert type(ours) is Reply
    assert vars(ours) == vars(made)
    assert ours.serialize() == made.serialize()


def test_a_reply_is_copied_shallowly():
    ours = Reply.card(card_attachment(CARD))
    copied = copy.deepcopy(ours)
    assert copied is not ours and copied.attachments is ours.attachments
    copied.conversation = "elsewhere"
    assert ours.conversation is None
