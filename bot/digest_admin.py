"""The DLG digest in Teams: admins preview it, edit its introduction, approve it; the bot tells
admins when it needs them. Posting happens in the background, so a click is answered at once.

Who may do this is decided by programme/access.py (admins, in a 1:1 chat); everyone else is told
why nothing happened.
"""

from __future__ import annotations

import logging
from typing import Any

from cards.digest import VERB_APPROVE, VERB_INTRO, VERB_MARK_POSTED, VERB_PREVIEW
from programme.text import cards_escape
from services import digest as service
from services.context import AppContext
from services.digest_posting import start_posting
from services.graph_signin import issue_login_link, redirect_uri, sign_out

from .actions import ActionRegistry, ActionResult
from .commands import CommandRegistry
from .turn import Turn

log = logging.getLogger("dfbot.digest")
DIGEST = "preview and approve the DLG digest"


def _actor(turn: Turn) -> str:
    return turn.viewer.email or turn.viewer.name or "admin"


# ---------------------------------------------------------------------------------------------
# Commands and card buttons
# ---------------------------------------------------------------------------------------------


def register(commands: CommandRegistry, actions: ActionRegistry) -> None:
    _commands(commands)
    _actions(actions)


def _commands(commands: CommandRegistry) -> None:
    @commands.command(
        "digest preview",
        "Preview this cycle's DLG digest before it is posted",
        pattern=r"^(?:digest(?: preview)?|preview (?:the )?digest|show (?:me )?(?:the )?digest)$",
        audience="admin",
        doing=DIGEST,
    )
    async def _preview(turn: Turn) -> None:
        view = await _current(turn.app, refresh=True)
        if view is None:
            return await turn.say(
                "There is no update cycle yet, so there is no digest to preview. An admin can type **cycle open**."
            )
        await turn.show(service.preview_card(view), f"DLG digest {view.period_key}: {view.status}.")

    @commands.command(
        "approve digest",
        "Approve this cycle's DLG digest and post it",
        pattern=r"^(?:approve (?:the )?(?:dlg )?digest|digest approve)$",
        audience="admin",
        doing=DIGEST,
    )
    async def _approve(turn: Turn) -> None:
        view = await _current(turn.app)
        if view is None:
            return await turn.say("There is no digest to approve yet. Type **digest preview** to compose one.")
        if view.status == "needs_admin":  # it may already be in the channel: the admin must look first
            await turn.show(
                service.preview_card(view, "Check the DLG channel first, then tell me whether it arrived."),
                f"The digest for {view.period_key} needs checking.",
            )
            return
        decision = await service.approve(turn.app, view.period_key, actor=_actor(turn))
        await turn.say(_decision_text(decision))
        if decision.outcome == "approved":
            start_posting(turn.app)

    @commands.command(
        "graph sign in",
        "Sign in the account that posts the digest through Microsoft Graph",
        pattern=r"^(?:graph sign ?in|sign in to (?:microsoft )?graph|connect graph)$",
        audience="admin",
        doing=DIGEST,
    )
    async def _sign_in(turn: Turn) -> None:
        try:
            link = await issue_login_link(turn.app, person_id=turn.viewer.person_id, who=_actor(turn))
        except Exception as exc:  # SECRET_KEY missing: say what to fix
            return await turn.say(f"Graph sign-in is not set up: {exc}")
        await turn.say(
            "Open this link within 15 minutes and sign in as the account that should post the digest "
            f"(a dedicated service account is best): [sign in to Microsoft Graph]({link})\n\n"
            "The link is for you only and works once; a newer link replaces it.\n\n"
            f"The app registration needs this Web redirect URI: {redirect_uri(turn.app)}"
        )

    @commands.command(
        "graph sign out",
        "Forget the Microsoft Graph sign-in that posts the digest",
        pattern=r"^(?:graph sign ?out|sign out of (?:microsoft )?graph|disconnect graph)$",
        audience="admin",
        doing=DIGEST,
    )
    async def _sign_out(turn: Turn) -> None:
        account = await sign_out(turn.app, _actor(turn))
        if account is None:
            return await turn.say("Nobody is signed in to Microsoft Graph, so there was nothing to forget.")
        who = f" {cards_escape(account)}" if account else ""
        await turn.say(
            f"Signed out{who}: I've deleted the stored Microsoft Graph tokens. Until an admin types "
            "**graph sign in** again, approved digests go to the DLG channel through the bot if that "
            "fallback is on; otherwise they are held until someone signs in and approves them again."
        )


def _actions(actions: ActionRegistry) -> None:
    @actions.verb(VERB_PREVIEW, audience="admin", doing=DIGEST)
    async def _preview(turn: Turn, data: dict[str, Any]) -> ActionResult:
        view = await service.ensure_draft(turn.app, str(data.get("period") or ""), refresh=True, actor=_actor(turn))
        if view is None:
            return ActionResult(message="That digest no longer exists.", status=404)
        return ActionResult(card=service.preview_card(view))

    @actions.verb(VERB_APPROVE, audience="admin", doing=DIGEST)
    async def _approve(turn: Turn, data: dict[str, Any]) -> ActionResult:
        decision = await service.approve(
            turn.app,
            str(data.get("period") or ""),
            actor=_actor(turn),
            seen_revision=str(data.get("revision") or ""),
            force=bool(data.get("force")),
        )
        if decision.outcome == "approved":
            start_posting(turn.app)
        if decision.view is None:
            return ActionResult(message=_decision_text(decision), status=404)
        return ActionResult(card=service.preview_card(decision.view, _decision_text(decision)))

    @actions.verb(VERB_INTRO, audience="admin", doing=DIGEST)
    async def _intro(turn: Turn, data: dict[str, Any]) -> ActionResult:
        decision = await service.set_intro(
            turn.app, str(data.get("period") or ""), str(data.get("intro") or ""), actor=_actor(turn)
        )
        if decision.view is None:
            return ActionResult(message=_decision_text(decision), status=404)
        return ActionResult(card=service.preview_card(decision.view, _decision_text(decision)))

    @actions.verb(VERB_MARK_POSTED, audience="admin", doing=DIGEST)
    async def _mark(turn: Turn, data: dict[str, Any]) -> ActionResult:
        decision = await service.mark_posted_by_admin(turn.app, str(data.get("period") or ""), actor=_actor(turn))
        if decision.view is None:
            return ActionResult(message=_decision_text(decision), status=404)
        return ActionResult(card=service.preview_card(decision.view, _decision_text(decision)))


def _decision_text(decision: service.Decision) -> str:
    if decision.message:
        return decision.message
    period = decision.view.period_key if decision.view else ""
    return {
        "approved": f"Approved. The digest for {period} is being posted to the DLG channel now.",
        "intro_saved": "Introduction saved. Preview it below, then approve it.",
        "marked_posted": f"Thanks — the digest for {period} is recorded as posted.",
    }.get(
        decision.outcome,
        f"Nothing changed: the digest for {period} is {decision.view.status if decision.view else 'missing'}.",
    )


async def _current(ctx: AppContext, *, refresh: bool = False) -> service.DigestView | None:
    """The latest cycle's digest, composed as a draft if it does not exist yet."""
    period = await service.latest_period(ctx)
    if period is None:
        return None
    return await service.ensure_draft(ctx, period, refresh=refresh, actor="admin preview")
