"""The front door: welcome, help, the project list, privacy, and handing questions to the engine."""

from __future__ import annotations

import logging

from cards import home as home_cards
from programme.privacy import PRIVACY_NOTICE
from services.ask import ask, ask_history
from store import catalogue, state_repo

from .actions import ActionRegistry, ActionResult
from .commands import CommandRegistry
from .turn import Turn

log = logging.getLogger("dfbot.bot")


def register(commands: CommandRegistry, actions: ActionRegistry | None = None) -> None:
    if actions is not None:

        @actions.verb("history")
        async def _history(turn: Turn, data: dict) -> ActionResult:
            """The answer card's "View history" button: that project's RAG over recent cycles."""
            ref = str(data.get("project_ref") or "")[:64]
            if not ref:
                return ActionResult(message="That button has lost which project it was for. Ask again by name.")
            answer = await ask_history(
                turn.app.db,
                ref,
                turn.viewer,
                conversation_id=turn.conversation_id,
                tz=turn.app.settings.timezone,
                now=turn.app.now(),
            )
            await turn.show(answer.card, answer.text) if answer.card else await turn.say(answer.text)
            return ActionResult(message="Here is its history.")

    @commands.command("help", "Show what I can do", pattern=r"^(help|\?|menu|commands|what can you do)$")
    async def _help(turn: Turn) -> None:
        visible = [(c.name, c.description) for c in commands.for_viewer(turn.viewer)]
        await turn.show(home_cards.help_card(visible), "What I can do: ask about projects, or type a command.")

    @commands.command(
        "projects",
        "List the projects by priority area",
        pattern=r"^(projects|list projects|list( all)? projects|all projects|show projects)$",
    )
    async def _projects(turn: Turn) -> None:
        async with turn.app.db.unit_of_work() as s:
            areas = await catalogue.areas_with_projects(s)
        if not any(a["projects"] for a in areas):
            await turn.say("There are no active projects yet. An admin can load the plan with `dfbot plan import`.")
            return
        await turn.show(home_cards.projects_card(areas), "Digital First projects by priority area.")

    @commands.command(
        "privacy",
        "What the bot keeps about you, and why",
        pattern=r"^(privacy|privacy notice|data protection|what do you keep about me)$",
    )
    async def _privacy(turn: Turn) -> None:
        await turn.say(PRIVACY_NOTICE)


async def welcome(turn: Turn) -> None:
    activity = turn.context.activity
    ctype = turn.viewer.conversation_type
    async with turn.app.db.unit_of_work() as s:
        first = await state_repo.mark_once(s, turn.conversation_id, "welcomed")
    if not first:
        return
    if ctype == "personal":
        await turn.show(
            home_cards.welcome_card(is_lead=bool(turn.viewer.lead_of)),
            "Welcome to the Digital First bot. Ask me about any Digital First project, or type help.",
        )
    else:
        # One short hello in a team or group chat, never a card to every member of a large team.
        await turn.say(
            "Hello! I'm the Digital First bot. @mention me with a question about the programme, "
            "for example *@Digital First which projects are red?*, or type *help*."
        )
    log.info("welcomed a %s conversation", ctype or activity.conversation.conversation_type)


async def answer_question(turn: Turn) -> None:
    """Anything that is not a command is a question about the programme."""
    answer = await ask(
        turn.app.db,
        turn.text,
        turn.viewer,
        conversation_id=turn.conversation_id,
        tz=turn.app.settings.timezone,
        now=turn.app.now(),
        learned=turn.app.settings.questions_learned,
    )
    card = getattr(answer, "card", None)
    if card:
        await turn.show(card, answer.text)
    else:
        await turn.say(answer.text)
