"""The DLG's decisions in Teams: `decisions` in a 1:1 chat, "Record decision" on the digest's agenda, the
decision form, the digest card's refresh (each person's view of the posted card), and "Record decisions"
on the card as posted (the same view, asked for by pressing, where a client does not refresh).

Who may record is decided once, by the action registry's "dlg" audience (services.admin.refusal:
DLG members and admins); anyone else who presses a forwarded or forged button is told why, and nothing
changes. Handlers only translate between Teams and services/decisions.py and services/agenda.py.
"""

from __future__ import annotations

import logging
from typing import Any

from cards.agenda import VERB_DECIDE, VERB_OPEN, VERB_REFRESH
from cards.decisions import VERB_BACK, VERB_RECORD
from services import agenda
from services import decisions as service
from services.reply import Reply

from .actions import ActionRegistry, ActionResult
from .commands import CommandRegistry
from .turn import Turn

log = logging.getLogger("dfbot.decisions")
DECIDE = "record the DLG's decisions"
IN_A_CHAT = (
    "Recording a decision needs a newer Teams client in a channel. Open a 1:1 chat with me and type "
    "**decisions**: nothing was recorded."
)


def register(commands: CommandRegistry, actions: ActionRegistry) -> None:
    @commands.command(
        "decisions",
        "Asks waiting for the DLG, to record its decisions (DLG and admins)",
        pattern=r"^(?:decisions|open asks|dlg decisions|record (?:a |the )?(?:dlg'?s? )?decisions?)$",
        audience="dlg",
        doing=DECIDE,
    )
    async def _decisions(turn: Turn) -> None:
        if not turn.viewer.in_private_chat:
            return await turn.say(
                "Type **decisions** in a 1:1 chat with me: the list and its buttons are for the DLG and admins."
            )
        card = await service.open_list(turn.app)
        await turn.show(card, "Asks waiting for the DLG")

    @actions.verb(VERB_OPEN, audience="dlg", doing=DECIDE)
    async def _open(turn: Turn, data: dict[str, Any]) -> ActionResult:
        if _submitted_in_a_channel(turn):
            return ActionResult(message=IN_A_CHAT)
        return _result(await service.open_form(turn.app, turn.viewer, data))

    @actions.verb(VERB_RECORD, audience="dlg", doing=DECIDE)
    async def _record(turn: Turn, data: dict[str, Any]) -> ActionResult:
        if _submitted_in_a_channel(turn):
            return ActionResult(message=IN_A_CHAT)
        return _result(await service.record(turn.app, turn.viewer, data, activity_id=turn.context.activity.id))

    @actions.verb(VERB_BACK, audience="dlg", doing=DECIDE)
    async def _back(turn: Turn, data: dict[str, Any]) -> ActionResult:
        if _submitted_in_a_channel(turn):
            return ActionResult(message=IN_A_CHAT)
        return _result(await service.back(turn.app, turn.viewer, data))

    @actions.verb(VERB_DECIDE, audience="dlg", doing=DECIDE)
    async def _decide(turn: Turn, data: dict[str, Any]) -> ActionResult:
        """ "Record decisions" on the card as posted: the presser's own view (the DLG's, with "Record decision"
        on each open ask), as the answer to their invoke, so it replaces the card for them alone."""
        if _submitted_in_a_channel(turn):
            return ActionResult(message=IN_A_CHAT)
        card = await agenda.refreshed(turn.app, turn.viewer, data)
        if card is None:
            return ActionResult(message="That digest is not in the channel any more.", status=404)
        return ActionResult(card=card)

    @actions.verb(VERB_REFRESH, refresh=True)  # Teams fires it itself: read only, viewer resolved without writes
    async def _refresh(turn: Turn, data: dict[str, Any]) -> ActionResult:
        """Read-only: the posted card as this person may see it (members' view unless DLG or admin)."""
        card = await agenda.refreshed(turn.app, turn.viewer, data)
        if card is None:
            return ActionResult(message="That digest is not in the channel any more.", status=404)
        return ActionResult(card=card)


def _submitted_in_a_channel(turn: Turn) -> bool:
    """An Action.Submit (older clients) in a channel would replace the card for everyone: never there."""
    return turn.context.activity.type == "message" and not turn.viewer.in_private_chat


def _result(reply: Reply) -> ActionResult:
    if reply.card is not None:
        return ActionResult(card=reply.card)
    return ActionResult(message=reply.text or "Done.")
