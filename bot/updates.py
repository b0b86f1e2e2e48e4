"""Status updates in Teams: the `update` command, the update card's buttons, out of office and
delegation, and the admins' cycle commands.

Handlers here only translate between Teams and the services (services): who is asking comes
from `turn.viewer`, what they may do from programme/access.py. Anything slow (a fan-out after an
admin opens a cycle) runs in the background, so the reply comes at once.
"""

from __future__ import annotations

import logging
from typing import Any

from cards import update as update_cards
from services import availability, card_messages, cycles, decisions, refresh
from services import updates as service
from services.context import AppContext
from services.prompts import send_pending
from services.reply import Reply

from . import home
from .actions import ActionRegistry, ActionResult
from .commands import CommandRegistry
from .turn import Turn

log = logging.getLogger("dfbot.updates")

I_AM = r"(?:i[’']?m |i am )?"


def register(commands: CommandRegistry, actions: ActionRegistry) -> None:
    _lead_commands(commands)
    _admin_commands(commands)
    _card_actions(actions)


# ----------------------------------------------------------------------------------- leads


def _lead_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "update",
        "Start a status update for a project you lead (or: update <project>)",
        pattern=r"^(?:update|status update|start (?:an )?update)(?:\s+(?:on |for |of )?(?P<project>.+))?$",
        audience="lead",
    )
    async def _update(turn: Turn) -> None:
        if turn.data.get("project") and not (turn.viewer.lead_of or turn.viewer.is_admin):
            await home.answer_question(turn)  # "update on the website pls" from someone who updates nothing
            return
        reply = await service.start_update(
            turn.app.db, turn.viewer, turn.data.get("project") or "", tz=turn.app.settings.timezone, now=turn.app.now()
        )
        await _say(turn, reply, "Your status update card.")

    @commands.command(
        "away until <date>",
        "Don't prompt or chase me until then (e.g. away until 14 March)",
        pattern=rf"^{I_AM}(?:away|off|on leave|out of (?:the )?office)(?: from \S+)? (?:until|till|til) "
        r"(?P<date>.+?)(?:[,;.]? (?:please )?ask (?P<who>.+?))?$",
        audience="lead",
    )
    async def _away(turn: Turn) -> None:
        reply = await availability.set_away(
            turn.app.db, turn.viewer, turn.data["date"], now=turn.app.now(), tz=turn.app.settings.timezone
        )
        await _say(turn, reply)
        if turn.data.get("who") and reply.text and reply.text.startswith("Got it"):
            await _delegate(turn, turn.data["who"])

    @commands.command(
        "I'm away, ask <name>",
        "Hand this cycle's update to a colleague (by name or email)",
        pattern=rf"^(?:{I_AM}(?:away|off|on leave)[,;.]? (?:please )?ask|delegate (?:my )?(?:updates? )?to) "
        r"(?P<who>.+?)(?: to (?:do|write|send|cover) (?:my|the) updates?)?$",
        audience="lead",
    )
    async def _handover(turn: Turn) -> None:
        await _delegate(turn, turn.data["who"])

    @commands.command(
        "back", "I'm back: prompt me again", pattern=rf"^{I_AM}back(?: (?:at work|in the office))?$", audience="lead"
    )
    async def _back(turn: Turn) -> None:
        await _say(turn, await availability.set_back(turn.app.db, turn.viewer))


async def _delegate(turn: Turn, who: str) -> None:
    reply = await availability.propose_delegation(
        turn.app.db, turn.viewer, who, now=turn.app.now(), tz=turn.app.settings.timezone
    )
    await _say(turn, reply, "Confirm the hand-over of your update.")


# ----------------------------------------------------------------------------------- admins

CYCLES = "run the update cycles and their prompts"


def _admin_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "cycle open",
        "Open an update cycle now and send the prompts",
        pattern=r"^(?:cycle open|open (?:a |the )?(?:new )?cycle(?: now)?)$",
        audience="admin",
        doing=CYCLES,
    )
    async def _open(turn: Turn) -> None:
        tz = turn.app.settings.timezone
        opened = await cycles.open_now(turn.app.db, turn.app.now(), tz, actor=_actor(turn))
        paused = await cycles.is_paused(turn.app.db)
        what = "Opened" if opened.created else "Already open:"
        tail = (
            "Prompts are paused, so none were sent: type **resume prompts** to send them."
            if paused
            else f"{opened.queued} prompt(s) queued; they are being sent now."
            if opened.queued
            else "Its prompts were already queued."
        )
        await turn.say(f"{what} cycle {opened.key}, due {update_cards.when(opened.due_at, tz)}. {tail}")
        if not paused:
            start_sending(turn)

    @commands.command(
        "cycle",
        "Where the current cycle stands (cadence, prompts, updates)",
        pattern=r"^(?:cycle|cycle status|schedule)$",
        audience="admin",
        doing=CYCLES,
    )
    async def _status(turn: Turn) -> None:
        await turn.say(await cycles.status(turn.app.db, turn.app.now(), turn.app.settings.timezone))

    @commands.command(
        "pause prompts",
        "Stop sending prompts and reminders until resumed",
        pattern=r"^(?:pause|stop) (?:prompts|reminders|the scheduler)$",
        audience="admin",
        doing=CYCLES,
    )
    async def _pause(turn: Turn) -> None:
        await cycles.set_paused(turn.app.db, True, actor=_actor(turn))
        await turn.say("Prompts and reminders are paused. Nothing will be sent until you type **resume prompts**.")

    @commands.command(
        "resume prompts",
        "Start sending prompts and reminders again",
        pattern=r"^(?:resume|restart|unpause) (?:prompts|reminders|the scheduler)$",
        audience="admin",
        doing=CYCLES,
    )
    async def _resume(turn: Turn) -> None:
        await cycles.set_paused(turn.app.db, False, actor=_actor(turn))
        await turn.say("Prompts and reminders are running again; anything queued is being sent now.")
        start_sending(turn)

    @commands.command(
        "cadence",
        "Show or change the cadence (e.g. cadence weekly monday 09:00 due thursday 17:00)",
        pattern=r"^(?:cadence|set cadence)(?:\s+(?P<words>.+))?$",
        audience="admin",
        doing=CYCLES,
    )
    async def _cadence(turn: Turn) -> None:
        try:
            text = await cycles.change_cadence(
                turn.app.db,
                turn.data.get("words") or "",
                actor=_actor(turn),
                now=turn.app.now(),
                tz=turn.app.settings.timezone,
            )
        except ValueError as exc:
            text = (
                f"{exc}. Nothing was changed. Write it like **cadence weekly monday 09:00 due thursday 17:00** "
                "(weekly, fortnightly or monthly)."
            )
        await turn.say(text)

    @commands.command(
        "closure day <date>",
        "Add a council closure day (no cycle opens or falls due on it)",
        pattern=r"^(?:add )?closure day (?P<date>.+)$",
        audience="admin",
        doing=CYCLES,
    )
    async def _closure(turn: Turn) -> None:
        try:
            text = await cycles.add_closure_day(
                turn.app.db, turn.data["date"], actor=_actor(turn), now=turn.app.now(), tz=turn.app.settings.timezone
            )
        except ValueError as exc:
            text = f"{exc}. Nothing was changed."
        await turn.say(text)

    @commands.command(
        "overdue",
        "Projects whose update hasn't arrived this cycle (admins and DLG)",
        pattern=r"^(?:overdue|missing updates|who hasn'?t updated|not updated)$",
        audience="staff",
        doing="see whose update hasn't arrived",
    )
    async def _overdue(turn: Turn) -> None:
        intro, rows = await cycles.overdue(turn.app.db, turn.app.now(), turn.app.settings.timezone)
        await turn.show(update_cards.list_card("Updates not in yet", intro, rows, "Every update is in."), intro)

    @commands.command(
        "unreachable",
        "Leads the bot cannot reach, and why (admins and DLG)",
        pattern=r"^(?:unreachable|who is unreachable|unreachable leads)$",
        audience="staff",
        doing="see which leads I can't reach",
    )
    async def _unreachable(turn: Turn) -> None:
        intro, rows = await cycles.unreachable(turn.app.db, turn.app.now())
        await turn.show(update_cards.list_card("Leads I can't reach", intro, rows, "I can reach every lead."), intro)


def _actor(turn: Turn) -> str:
    return turn.viewer.email or turn.viewer.name or "teams user"


# ----------------------------------------------------------------------------------- card actions


def _card_actions(actions: ActionRegistry) -> None:
    """Each verb maps to one service call; the card data is passed on unchecked, the service checks it."""
    stored_once = {
        update_cards.SUBMIT: service.submit,
        update_cards.NO_CHANGE: service.no_change,
        update_cards.CHOOSE: service.choose,
    }
    for verb, run in stored_once.items():
        actions.verb(verb)(_with_activity_id(run))
    for verb in (update_cards.EDIT, update_cards.OPEN):
        actions.verb(verb)(_reply_of(service.open_form))
    actions.verb(update_cards.DELEGATE_CONFIRM)(_reply_of(availability.confirm_delegation, send_after=True))
    actions.verb(update_cards.DELEGATE_CANCEL)(_cancel)
    for verb in (refresh.PROMPT_REFRESH, refresh.SUMMARY_REFRESH):
        actions.verb(verb, refresh=True)(_current(verb))


def _with_activity_id(run):
    """Submissions carry the invoke's activity id: a retried invoke finds the version it stored."""

    async def handler(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await run(
            turn.app.db,
            turn.viewer,
            data,
            activity_id=turn.context.activity.id,
            tz=turn.app.settings.timezone,
            now=turn.app.now(),
        )
        if reply.stored:
            activity = turn.context.activity
            await card_messages.answered_in_place(
                turn.app.db,
                conversation_id=activity.conversation.id or "",
                user_id=(activity.from_property.id if activity.from_property else "") or "",
                activity_id=activity.reply_to_id,
                card=reply.card,
                now=turn.app.now(),
            )
            start_editing(turn)
            decisions.after_decision(turn.app)  # an ask withdrawn on the card: tell the deputies, edit the agenda
        return ActionResult(card=reply.card, message=reply.text)

    return handler


def _current(verb: str):
    """A prompt's or summary's refresh: the card as it should look to whoever opens it now (read only)."""

    async def handler(turn: Turn, data: dict[str, Any]) -> ActionResult:
        sender = turn.context.activity.from_property
        reply = await refresh.current_card(
            turn.app.db,
            turn.viewer,
            data,
            verb=verb,
            asker_id=(sender.id if sender else "") or "",
            tz=turn.app.settings.timezone,
            now=turn.app.now(),
        )
        return ActionResult(card=reply.card, message=reply.text)

    return handler


def _reply_of(run, *, send_after: bool = False):
    async def handler(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await run(turn.app.db, turn.viewer, data, tz=turn.app.settings.timezone, now=turn.app.now())
        if send_after and reply.stored:
            start_sending(turn)
        return ActionResult(card=reply.card, message=reply.text)

    return handler


async def _cancel(turn: Turn, data: dict[str, Any]) -> ActionResult:
    reply = await availability.cancel_delegation(turn.app.db, turn.viewer, data)
    return ActionResult(card=reply.card, message=reply.text)


async def _say(turn: Turn, reply: Reply, summary: str = "") -> None:
    if reply.card is not None:
        await turn.show(reply.card, summary or (reply.text or ""))
    elif reply.text:
        await turn.say(reply.text)


# ----------------------------------------------------------------------------------- background sends


def start_sending(turn: Turn) -> None:
    """Send what is queued outside the request: the person who asked gets their answer at once."""
    turn.app.spawn(_send_queued(turn.app), "sending prompts")


def start_editing(turn: Turn) -> None:
    """A version was saved: the cards the bot sent about it are brought up to date outside the request."""
    if turn.app.messenger is not None:
        turn.app.spawn(_edit_cards(turn.app), "bringing cards up to date")


async def _edit_cards(app: AppContext) -> None:
    await card_messages.bring_up_to_date(app.db, app.require_messenger(), tz=app.settings.timezone, now=app.now)


async def _send_queued(app: AppContext) -> None:
    if await cycles.is_paused(app.db):
        return
    report = await send_pending(app.db, app.require_messenger(), tz=app.settings.timezone, now=app.now)
    log.info("background send: %s", report)
