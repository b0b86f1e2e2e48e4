"""One turn, as the command handlers see it: who is asking, what they said, and how to answer."""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from typing import Any

from botbuilder.core import CardFactory, TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment, AttachmentLayoutTypes, InputHints

from programme.access import Viewer
from services import card_messages
from services.context import AppContext

log = logging.getLogger("dfbot.bot")


class CardAttachment(Attachment):
    """An Adaptive Card attachment on its way out. botbuilder deep-copies every activity it sends
    (`TurnContext.send_activities`) so that applying the conversation reference cannot change the
    caller's activity; that never touches the card, which is built afresh for each reply and not
    changed afterwards, so the copy shares the card instead of walking every element of it."""

    def __deepcopy__(self, memo: dict) -> CardAttachment:
        return copy.copy(self)


class InvokeBody(dict):
    """An invoke response body on its way out. botbuilder sends the InvokeResponse as an activity
    through `TurnContext.send_activities`, which deep-copies it; a message extension's answer holds up
    to 25 cards (~40 KB of nested dicts), copied node by node on every search. The body is built afresh
    for each answer and not changed afterwards, so the copy shares it."""

    def __deepcopy__(self, memo: dict) -> InvokeBody:
        return self


class Reply(Activity):
    """A reply built afresh for one send (Turn.say, Turn.show): what MessageFactory makes, as this class.
    botbuilder deep-copies every activity it sends so that applying the conversation reference cannot change
    the caller's activity; that sets top-level fields of the copy only (channel, service URL, conversation,
    sender, recipient, reply-to, type, input hint, id), so a shallow copy keeps the caller's activity as it
    was, without walking every nested model and dict of it (about 30 µs a reply)."""

    def __deepcopy__(self, memo: dict) -> Reply:
        return copy.copy(self)

    @classmethod
    def text(cls, text: str) -> Reply:
        """`MessageFactory.text(text)`: the same fields (tests/test_turn_reply.py)."""
        return cls(type=ActivityTypes.message, text=text, input_hint=InputHints.accepting_input)

    @classmethod
    def card(cls, attachment: Attachment) -> Reply:
        """`MessageFactory.attachment(attachment)`: the same fields, no input hint (tests/test_turn_reply.py)."""
        return cls(
            type=ActivityTypes.message,
            attachment_layout=AttachmentLayoutTypes.list,
            attachments=[attachment],
            input_hint=None,
        )


def card_attachment(card: dict[str, Any]) -> Attachment:
    made = CardFactory.adaptive_card(card)
    return CardAttachment(content_type=made.content_type, content=made.content)


@dataclass
class Turn:
    app: AppContext
    context: TurnContext
    viewer: Viewer
    text: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def conversation_id(self) -> str:
        return self.context.activity.conversation.id

    async def say(self, text: str) -> None:
        await self.context.send_activity(Reply.text(text))

    async def show(self, card: dict[str, Any], fallback_text: str = "") -> str | None:
        """A card, with a plain-text summary for notifications and clients that do not render cards.
        A card about a project's update is remembered with its message id, so a later version can be
        pushed into it (services/card_messages.py). Returns the message's id."""
        activity = Reply.card(card_attachment(card))
        if fallback_text:
            activity.summary = fallback_text[:200]
        sent = await self.context.send_activity(activity)
        activity_id = getattr(sent, "id", None)
        await remember_reply(self.app, self.context, activity_id, card)
        return activity_id


async def remember_reply(app: AppContext, context: TurnContext, activity_id: str | None, card: dict[str, Any]) -> None:
    """Keep the message id of a card that refreshes for a project and cycle; anything else costs nothing."""
    if not activity_id or card_messages.remembered(card) is None:
        return
    activity = context.activity
    try:
        await card_messages.remember_reply(
            app.db,
            conversation_id=activity.conversation.id or "",
            user_id=(activity.from_property.id if activity.from_property else "") or "",
            activity_id=activity_id,
            card=card,
            now=app.now(),
        )
    except Exception:  # the card was sent: failing to remember it must not turn the reply into an error
        log.exception("could not remember a sent card")
