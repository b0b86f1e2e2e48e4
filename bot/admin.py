"""The programme office's commands in Teams: leads and deputies, projects, admins, the audit log.

Handlers only translate between Teams and services/admin.py: what was typed goes in, a card or
a sentence comes out. Every change is proposed on a confirm card (Action.Execute, with Action.Submit
as fallback) and made only when Confirm comes back, after the service has checked the person's rights
and the project's state again. Members get a polite refusal and nothing changes.
"""

from __future__ import annotations

import logging
from typing import Any

from cards import admin as admin_cards
from services import admin as service
from services import identity, leavers
from services.reply import Reply

from .actions import ActionRegistry, ActionResult
from .commands import CommandRegistry
from .turn import Turn

log = logging.getLogger("dfbot.admin")

_PROJECT_VERBS = r"(?P<verb>pause|close|retire|reactivate)"
_NOT_SCHEDULER = r"(?!(?:the\s+)?(?:prompts|reminders|scheduler|cycle)$)"


def register(commands: CommandRegistry, actions: ActionRegistry) -> None:
    _role_commands(commands)
    _project_commands(commands)
    _staff_commands(commands)
    _audit_commands(commands)
    _card_actions(actions)


def _admin_emails(turn: Turn) -> list[str]:
    return turn.app.settings.admin_email_list


async def _answer(turn: Turn, reply: Reply, summary: str = "") -> None:
    if reply.card is not None:
        await turn.show(reply.card, summary or reply.text or "Please confirm the change.")
    elif reply.text:
        await turn.say(reply.text)


# ----------------------------------------------------------------------------------- leads and deputies


async def _propose_role(turn: Turn, *, add: bool) -> None:
    """`assign lead …` / `remove lead …` (and deputy): the same proposal, adding or removing the role."""
    await _answer(
        turn,
        await service.propose_role(
            turn.app.db,
            turn.viewer,
            add=add,
            kind=turn.data["kind"].lower(),
            who=turn.data["who"],
            project=turn.data["project"],
            admin_emails=_admin_emails(turn),
        ),
    )


def _role_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "assign lead <email or name> to <project>",
        "Add a lead or deputy to a project (admins)",
        pattern=r"^(?:assign|add|make)\s+(?:a\s+|the\s+)?(?P<kind>lead|deputy)\s+(?P<who>.+?)\s+"
        r"(?:to|for|of|on)\s+(?P<project>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _assign(turn: Turn) -> None:
        await _propose_role(turn, add=True)

    @commands.command(
        "remove lead <email> from <project>",
        "Take a lead or deputy off a project (admins)",
        pattern=r"^remove\s+(?:a\s+|the\s+)?(?P<kind>lead|deputy)\s+(?P<who>.+?)\s+"
        r"(?:from|of|on)\s+(?P<project>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _remove(turn: Turn) -> None:
        await _propose_role(turn, add=False)


# ----------------------------------------------------------------------------------- projects


def _project_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "add project <REF> <name> in <area>",
        "Add a project to a priority area (admins)",
        pattern=r"^(?:add|create|new)\s+(?:a\s+)?project\s+(?P<words>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _add(turn: Turn) -> None:
        await _answer(turn, await service.propose_project(turn.app.db, turn.viewer, turn.data["words"]))

    @commands.command(
        "rename <project> to <new name>",
        "Rename a project; its ref stays, the old name finds it (admins)",
        pattern=r"^rename\s+(?:the\s+)?(?:project\s+)?(?P<words>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _rename(turn: Turn) -> None:
        await _answer(turn, await service.propose_rename(turn.app.db, turn.viewer, turn.data["words"]))

    @commands.command(
        "pause | close | retire | reactivate <project>",
        "Change a project's status (admins)",
        pattern=rf"^{_PROJECT_VERBS}\s+{_NOT_SCHEDULER}(?:the\s+)?(?:project\s+)?(?P<project>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _status(turn: Turn) -> None:
        await _answer(
            turn,
            await service.propose_status(
                turn.app.db, turn.viewer, verb=turn.data["verb"].lower(), project=turn.data["project"]
            ),
        )


# ----------------------------------------------------------------------------------- admins and DLG


async def _propose_staff(turn: Turn, *, grant: bool) -> None:
    """`make admin …` / `remove admin …` (and DLG): the same proposal, giving or taking the role."""
    await _answer(
        turn,
        await service.propose_staff(
            turn.app.db,
            turn.viewer,
            grant=grant,
            role=turn.data["role"].lower(),
            who=turn.data["who"],
            admin_emails=_admin_emails(turn),
        ),
    )


def _staff_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "make admin <email> / add dlg <email>",
        "Make someone an admin or a DLG member (admins)",
        pattern=r"^(?:make|add)\s+(?:an?\s+)?(?P<role>admin|dlg)(?:\s+member)?\s+(?P<who>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _grant(turn: Turn) -> None:
        await _propose_staff(turn, grant=True)

    @commands.command(
        "remove admin <email> / remove dlg <email>",
        "Take away an admin or DLG role (admins)",
        pattern=r"^remove\s+(?:an?\s+)?(?P<role>admin|dlg)(?:\s+member)?\s+(?P<who>.+)$",
        audience="admin",
        doing=service.CHANGE_PLAN,
    )
    async def _revoke(turn: Turn) -> None:
        await _propose_staff(turn, grant=False)

    @commands.command(
        "admins",
        "Who the programme office admins are",
        pattern=r"^(?:admins|list admins|show admins|who are the admins|who is an admin)$",
    )
    async def _admins(turn: Turn) -> None:
        await _answer(turn, await service.staff_list(turn.app.db, turn.viewer), "Admins and DLG members.")


# ----------------------------------------------------------------------------------- the audit log


def _audit_commands(commands: CommandRegistry) -> None:
    @commands.command(
        "audit export",
        "How to get the whole audit log as a spreadsheet (admins)",
        pattern=r"^(?:audit export|export (?:the )?audit(?: log)?)$",
        audience="admin",
        doing=service.READ_AUDIT,
    )
    async def _export(turn: Turn) -> None:
        await turn.say(service.export_pointer(turn.viewer))

    @commands.command(
        "audit [since <date>]",
        "Who changed what, and when (admins)",
        pattern=r"^(?:audit|audit log|show (?:the )?audit(?: log)?)(?:\s+(?P<words>.+))?$",
        audience="admin",
        doing=service.READ_AUDIT,
    )
    async def _audit(turn: Turn) -> None:
        await _audit_reply(turn, turn.data.get("words") or "", plan_only=False)

    @commands.command(
        "what changed in the plan this month",
        "Changes to the plan: projects, leads, milestones (admins)",
        pattern=r"^(?:what(?:'s|’s|\s+has|\s+have)?\s+changed|changes)\s+(?:in|to)\s+the\s+plan"
        r"(?:\s+(?P<words>.+))?$",
        audience="admin",
        doing=service.READ_AUDIT,
        otherwise_a_question=True,
    )  # a member asking this is asking a question, not for the log
    async def _plan_changes(turn: Turn) -> None:
        await _audit_reply(turn, turn.data.get("words") or "", plan_only=True)


async def _audit_reply(turn: Turn, words: str, *, plan_only: bool) -> None:
    reply = await service.audit_view(
        turn.app.db, turn.viewer, words, plan_only=plan_only, tz=turn.app.settings.timezone, now=turn.app.now()
    )
    await _answer(turn, reply)


# ----------------------------------------------------------------------------------- card buttons


def _card_actions(actions: ActionRegistry) -> None:
    @actions.verb(admin_cards.CONFIRM, audience="admin", doing=service.CHANGE_PLAN)
    async def _confirm(turn: Turn, data: dict[str, Any]) -> ActionResult:
        raw_change = data.get("change")
        change: dict[str, Any] = raw_change if isinstance(raw_change, dict) else {}
        log.info("admin change confirm pressed: %s", str(change.get("op", "?"))[:20])
        reply = await service.confirm(turn.app.db, turn.viewer, data, turn.app.settings.admin_email_list)
        email = change.get("email")
        if change.get("op") in service.GIVES_A_ROLE and isinstance(email, str) and email:
            # Accounts that gave this email but are not linked by it (guests, other tenants): the merge card.
            turn.app.spawn(
                identity.tell_admins_about_holders(turn.app, email[:320]),
                "telling admins about accounts that gave an email given a role",
            )
        return ActionResult(card=reply.card, message=reply.text)

    @actions.verb(admin_cards.CANCEL, audience="admin", doing=service.CHANGE_PLAN)
    async def _cancel(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await service.cancel(turn.app.db, turn.viewer, data)
        return ActionResult(card=reply.card, message=reply.text)

    @actions.verb(admin_cards.CHOOSE, audience="admin", doing=service.CHANGE_PLAN)
    async def _choose(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await service.choose(turn.app.db, turn.viewer, data, turn.app.settings.admin_email_list)
        return ActionResult(card=reply.card, message=reply.text)

    @actions.verb(admin_cards.LEAVER_ASSIGN, audience="admin", doing=service.CHANGE_PLAN)
    async def _leaver_assign(turn: Turn, data: dict[str, Any]) -> ActionResult:
        """ "Assign them" on a leaver card: the person typed in its box, proposed for confirming."""
        reply = await leavers.propose_assignment(turn.app.db, turn.viewer, data, turn.app.settings.admin_email_list)
        return ActionResult(card=reply.card, message=reply.text)

    @actions.verb(admin_cards.MERGE, audience="admin", doing=identity.DOING)
    async def _merge(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await identity.merge(turn.app, turn.viewer, data)
        return ActionResult(card=reply.card, message=reply.text)

    @actions.verb(admin_cards.KEEP_APART, audience="admin", doing=identity.DOING)
    async def _keep_apart(turn: Turn, data: dict[str, Any]) -> ActionResult:
        reply = await identity.keep_apart(turn.app, turn.viewer, data)
        return ActionResult(card=reply.card, message=reply.text)
