"""The bot: routes each activity to a command, a card action, or the question engine."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any

from botbuilder.core import MessageFactory, TurnContext
from botbuilder.core.teams import TeamsActivityHandler
from botbuilder.schema import Activity, InvokeResponse
from botbuilder.schema.teams import TeamsChannelAccount

from programme.access import Viewer
from services.admin import refusal
from services.context import AppContext
from store.db import Clash

from . import extension, home, redelivery
from .actions import ActionRegistry, ActionResult
from .commands import GUARDED, CommandRegistry, normalise
from .identity import peek_viewer, resolve_viewer
from .turn import InvokeBody, Turn, card_attachment, remember_reply
from .typing import typing_while_slow
from .where import mentions_bot, where

log = logging.getLogger("dfbot.bot")
CARD_TYPES = "application/vnd.microsoft.card."  # adaptive, hero, thumbnail...

NOT_OURS = ActionResult(
    message="That button is not one of mine, or no longer supported. Type **help** to see what I can do.", status=400
)


class DigitalFirstBot(TeamsActivityHandler):
    def __init__(self, app: AppContext, commands: CommandRegistry, actions: ActionRegistry) -> None:
        self.app = app
        self.commands = commands
        self.actions = actions

    async def on_turn(self, turn_context: TurnContext) -> None:
        """Each message and invoke is handled once, however often it is delivered (bot/redelivery.py)."""
        await redelivery.once(self.app, turn_context, super().on_turn)

    async def _viewer(self, turn_context: TurnContext) -> Viewer:
        """Who is speaking. Installing the bot sends installationUpdate and conversationUpdate at the same
        moment, and both turns may create the same new person (or conversation reference): the one that
        loses the race fails on the unique key, so it reads back what the other one stored."""
        try:
            return await resolve_viewer(self.app, turn_context)
        except Clash:
            log.info("a concurrent turn registered this person first; reading it back")
            return await resolve_viewer(self.app, turn_context)

    # -- messages -----------------------------------------------------------------------
    async def on_message_activity(self, turn_context: TurnContext) -> None:
        """A card's Submit, or something typed. Someone else's card (a verb the bot never put on a card)
        gets no reply at all; in a channel or group chat (or anywhere not certainly 1:1) only messages
        that @mention the bot are answered, as Teams itself delivers channel messages only then."""
        if _only_shared_cards(turn_context.activity):
            # Someone shared a project's card from the message extension in a chat with the bot: the
            # message is for the people there, not a question.
            log.info("a message of cards only, nothing to answer")
            return
        async with typing_while_slow(turn_context):
            await self._answer_message(turn_context)

    async def _answer_message(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if isinstance(activity.value, dict) and activity.value:
            if self.actions.get(str(activity.value.get("verb") or "")) is None:
                log.info(
                    "ignored a card action that is not the bot's own (verb %r)",
                    str(activity.value.get("verb") or "")[:40],
                )
                return
        elif (here := where(activity)).shared and not mentions_bot(activity):
            log.info("ignored a %s message that does not mention the bot", here.kind)
            return
        viewer = await self._viewer(turn_context)
        if isinstance(activity.value, dict) and activity.value:
            turn = Turn(self.app, turn_context, viewer, data=activity.value)
            result = await self._run_action(turn, activity.value)
            if result.card is not None:
                await self._replace_or_send(turn_context, result.card)
            elif result.message:
                await turn.say(result.message)
            return
        text = normalise(activity.text or "")
        turn = Turn(self.app, turn_context, viewer, text=text)
        if not text:
            await turn.say("I didn't catch that. Type **help** to see what I can do.")
            return
        matched = self.commands.match(text)
        if matched:
            command, match = matched
            turn.data = match.groupdict()
            if (
                command.guarded
                and (why := await refusal(self.app.db, viewer, doing=command.doing, audience=command.audience))
                is not None
            ):
                if command.otherwise_a_question:
                    await home.answer_question(turn)
                else:
                    await turn.say(why)
                return
            await command.handler(turn)
            return
        await home.answer_question(turn)

    async def _replace_or_send(self, turn_context: TurnContext, card: dict[str, Any]) -> None:
        """An Action.Submit fallback cannot replace the card in place; update it when we know its id."""
        reply_to = turn_context.activity.reply_to_id
        activity: Activity = MessageFactory.attachment(card_attachment(card))
        if reply_to:
            activity.id = reply_to
            try:
                await turn_context.update_activity(activity)
                return
            except Exception:
                log.info("could not update the card in place; sending a new one")
        activity.id = None
        sent = await turn_context.send_activity(activity)
        await remember_reply(self.app, turn_context, getattr(sent, "id", None), card)

    # -- card actions (Action.Execute) -----------------------------------------------------
    async def on_invoke_activity(self, turn_context: TurnContext) -> InvokeResponse | None:
        activity = turn_context.activity
        if extension.handles(activity.name):
            # The message extension and link unfurling: anything there that is not ours is an empty
            # result (200), never an error, so Teams shows "no results" and the person types on.
            return InvokeResponse(
                status=int(HTTPStatus.OK), body=InvokeBody(await extension.answer(self.app, activity))
            )
        if activity.name != "adaptiveCard/action":
            # Not offered by our manifest (task modules, tabs, sign-in...). botbuilder
            # would deserialise `value` into its models first and fail the turn on a malformed one; the
            # answer is "not implemented" either way (the endpoint turns it into a 400).
            log.info("ignored invoke %r", str(activity.name or "")[:40])
            return InvokeResponse(status=int(HTTPStatus.NOT_IMPLEMENTED))
        value = activity.value if isinstance(activity.value, dict) else {}
        raw_action = value.get("action")
        action: dict[str, Any] = raw_action if isinstance(raw_action, dict) else {}
        data = dict(action.get("data") or {}) if isinstance(action.get("data"), dict) else {}
        data.setdefault("verb", action.get("verb") or "")
        registered = self.actions.get(str(data.get("verb") or ""))
        if registered is None:
            # Not one of the bot's own buttons: an error for the card, nothing posted in the chat.
            log.info("refused a card action that is not the bot's own (verb %r)", str(data.get("verb") or "")[:40])
            return InvokeResponse(status=int(HTTPStatus.OK), body=NOT_OURS.invoke_body())
        if registered.refresh:
            # Teams fires these itself whenever a listed person views the card: answered from one read
            # of who is asking and one of the card's state, writing nothing (services/refresh.py).
            viewer = await peek_viewer(self.app, turn_context)
        elif value.get("trigger") == "automatic":
            log.info("refused an automatic invoke of %r: only a card's refresh runs by itself", str(data["verb"])[:50])
            result = ActionResult(message="That card can't refresh itself. Nothing was changed.", status=400)
            return InvokeResponse(status=int(HTTPStatus.OK), body=result.invoke_body())
        else:
            viewer = await self._viewer(turn_context)
        result = await self._run_action(Turn(self.app, turn_context, viewer, data=data), data)
        return InvokeResponse(status=int(HTTPStatus.OK), body=result.invoke_body())

    async def _run_action(self, turn: Turn, data: dict[str, Any]) -> ActionResult:
        action = self.actions.get(str(data.get("verb") or ""))
        if action is None:  # turned away before anyone was looked up; never reached
            return NOT_OURS
        if (
            action.audience in GUARDED
            and (why := await refusal(self.app.db, turn.viewer, doing=action.doing, audience=action.audience))
            is not None
        ):
            return ActionResult(message=why, status=403)
        return await action.handler(turn, data)

    # -- installs and membership -------------------------------------------------------------
    async def on_installation_update_add(self, turn_context: TurnContext) -> None:
        await self._welcome(turn_context)

    async def on_conversation_update_activity(self, turn_context: TurnContext) -> None:
        """botbuilder's Teams dispatch reads `channelData` as TeamsChannelData and fails the turn when a
        Teams activity has none; an empty one means the same thing to it (no team, no event type)."""
        if turn_context.activity.channel_data is None:
            turn_context.activity.channel_data = {}
        return await super().on_conversation_update_activity(turn_context)

    async def on_teams_members_added_dispatch(self, members_added, team_info, turn_context: TurnContext) -> None:
        """botbuilder looks each added member up (`get_member`) and fails the whole turn when Teams
        answers anything but ConversationNotFound (e.g. MemberNotFoundInConversation: they left again).
        Only the ids are used here, so take the accounts as the activity gives them: no lookups."""
        accounts = [
            TeamsChannelAccount(id=m.id, name=m.name, aad_object_id=m.aad_object_id, role=m.role)
            for m in members_added or []
        ]
        return await self.on_teams_members_added(accounts, team_info, turn_context)

    async def on_teams_members_added(self, members_added, team_info, turn_context: TurnContext) -> None:
        bot_id = turn_context.activity.recipient.id if turn_context.activity.recipient else None
        if any(m.id == bot_id for m in members_added):
            await self._welcome(turn_context)
        elif where(turn_context.activity).personal:
            await self._welcome(turn_context)
        # Someone added to a channel, group or meeting chat: nothing to say to everyone there.

    async def _welcome(self, turn_context: TurnContext) -> None:
        """Once per conversation: the personal chat gets the welcome card, a team one short hello."""
        viewer = await self._viewer(turn_context)
        turn = Turn(self.app, turn_context, viewer)
        await home.welcome(turn)

    async def on_unrecognized_activity_type(self, turn_context: TurnContext) -> None:
        log.info("ignored activity type %r", (turn_context.activity.type or "")[:40])


def _only_shared_cards(activity: Activity) -> bool:
    """A message with no words, only cards: someone put a card into the chat (from a message extension,
    ours or another app's), which is for the people there and asks the bot nothing."""
    if normalise(activity.text or "") or activity.value is not None or not activity.attachments:
        return False
    return all(str(getattr(a, "content_type", None) or "").startswith(CARD_TYPES) for a in activity.attachments)
