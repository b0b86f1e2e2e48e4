"""The DLG digest: composed once per cycle, approved by an admin (or not, by setting), posted once.

Life of a digest row (one per period, `period_key` unique):

    draft ──approve──▶ approved ──claim──▶ sending ──▶ posted
      ▲  (intro, preview)   ▲                 │
      │                     └── retry later ──┤ (429 / 5xx exhausted, Retry-After too long)
      │                                       ├──▶ failed       (rejected, sign-in gone, too many attempts)
      │                                       └──▶ needs_admin  (may or may not have arrived)

At most once: the claim is a compare-and-set UPDATE committed *before* the post, so two replicas
never both post; a row left 'sending' by a crash is looked for in the channel (Graph, outbox) and
either marked posted or posted again only once it is known not to be there — a transport that
cannot look (the Bot Connector) hands it to an admin instead of guessing.

A post that is merely slow must not look crashed: one attempt (every try, every wait between tries,
every token fetch inside a send) is bounded to half the sending lease, so it has ended before anyone
may take the row over, and before each try it checks the row is still its own (claimed at the same
moment, still 'sending'). A stalled attempt that wakes up after another replica took over posts nothing.

Composing, approving and the scheduler's part are here; the row as plain data and the `digest` setting
in .view, rendering within a transport's size in .render, posting and recovery in .poster. This module
re-exports them, so `services.digest.<name>` is the one way in (and what tests patch is what is used).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from cards.digest import admin_preview_card
from programme.digest import compose, with_intro
from services import agenda
from services.context import AppContext
from store import ask_repo, audit, digest_repo
from store.db import Session

from .poster import Poster, PostOutcome, Superseded
from .render import fit, render
from .view import DigestConfig, DigestView, Notifier, TransportSource, alert_admins, config, links, snapshot

SEND_BUDGET_SHARE = 0.5  # of the sending lease: one attempt's limit, so it ends before a takeover
TRY_SECONDS = 60.0  # the longest one try can take (a token fetch and the call, each bounded): a later
# try starts only if that much of the attempt's time is left (both read by .poster at each attempt)

__all__ = [
    "SEND_BUDGET_SHARE",
    "STALE",
    "TRY_SECONDS",
    "Decision",
    "DigestConfig",
    "DigestView",
    "Notifier",
    "PostOutcome",
    "Poster",
    "Superseded",
    "TransportSource",
    "alert_admins",
    "approve",
    "build_content",
    "config",
    "ensure_draft",
    "fit",
    "get",
    "latest_period",
    "links",
    "live_preview_card",
    "mark_posted_by_admin",
    "preview_card",
    "render",
    "send_now",
    "set_intro",
    "snapshot",
    "tick",
]


# ---------------------------------------------------------------------------------------------
# Composing and drafting
# ---------------------------------------------------------------------------------------------


async def build_content(
    ctx: AppContext, period_key: str, *, intro: str = "", trend_cycles: int = 6
) -> dict[str, Any] | None:
    """The digest for one cycle as plain data, or None when there is no such cycle."""
    full, sensitive = links(ctx.settings.public_base_url, period_key)
    async with ctx.db.unit_of_work() as s:  # asks of updates that came without a card (an import) are raised first
        cycle = await _cycle_id(s, period_key)
        if cycle is not None:
            await ask_repo.raise_from_cycle(s, cycle, actor="digest")
    async with ctx.db.unit_of_work() as s:
        facts = await digest_repo.digest_facts(
            s,
            period_key,
            now=ctx.now(),
            tz=ctx.settings.timezone,
            trend_cycles=trend_cycles,
            full_url=full,
            sensitive_url=sensitive,
            intro=intro,
        )
    return compose(facts) if facts is not None else None


async def latest_period(ctx: AppContext) -> str | None:
    async with ctx.db.unit_of_work() as s:
        return await digest_repo.latest_cycle_key(s, ctx.now())


async def get(ctx: AppContext, period_key: str) -> DigestView | None:
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get(s, period_key)
        return snapshot(row) if row else None


async def ensure_draft(
    ctx: AppContext,
    period_key: str,
    *,
    refresh: bool = False,
    cfg: DigestConfig | None = None,
    actor: str = "scheduler",
) -> DigestView | None:
    """The period's digest row, created when missing; a draft is recomposed when `refresh` is asked
    (late updates arrive until an admin approves). Approved or posted digests never change."""
    cfg = cfg or await config(ctx)
    existing = await get(ctx, period_key)
    if existing is not None and not (refresh and existing.status == "draft"):
        return existing
    content = await build_content(
        ctx, period_key, intro=existing.intro if existing else "", trend_cycles=cfg.trend_cycles
    )
    if content is None:
        return existing
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        if existing is None:
            status = "draft"  # approved by an admin, or by the scheduler once due when approval is off
            created = await digest_repo.create(
                s,
                period_key=period_key,
                cycle_id=await _cycle_id(s, period_key),
                content=content,
                transport=ctx.settings.digest_transport,
                marker=uuid.uuid4().hex,
                status=status,
                now=now,
            )
            if created:
                audit.record(
                    s, actor=actor, action="compose", entity="digest", key=period_key, after={"status": status}
                )
        else:
            await digest_repo.transition(s, existing.id, from_status="draft", content=content)
    return await get(ctx, period_key)


async def _cycle_id(session: Session, period_key: str) -> int | None:
    cycles = await digest_repo.recent_cycles(session, period_key, 1)
    return cycles[0].id if cycles else None


# ---------------------------------------------------------------------------------------------
# Admin decisions
# ---------------------------------------------------------------------------------------------


STALE = (
    "The digest changed since that preview (new updates, or a new introduction). Here is the latest version: "
    "approve it again."
)


@dataclass(frozen=True)
class Decision:
    outcome: str  # approved / stale / unchanged / missing / refused / marked_posted / intro_saved
    view: DigestView | None = None
    message: str = ""


async def approve(
    ctx: AppContext, period_key: str, *, actor: str, seen_revision: str | None = None, force: bool = False
) -> Decision:
    """draft (or failed) → approved. `seen_revision` is the revision the admin's preview showed (a card
    always says; None only for the typed command, which approves what it reads here): a digest whose
    content is not that revision, even when it changes between this read and the write, is not approved.
    `force` re-posts one left 'needs_admin' once the admin has checked."""
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    if seen_revision is not None and seen_revision != view.revision:
        return Decision("stale", view, STALE)
    allowed = ("draft", "failed") + (("needs_admin",) if force else ())
    if view.status not in allowed:
        return Decision("unchanged", view, _status_sentence(view))
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        # The revision is checked again in the compare-and-set itself: a draft recomposed between the
        # read above and this write is not approved unseen.
        outcome = await digest_repo.approve(
            s,
            view.id,
            from_status=allowed,
            seen_revision=view.revision if seen_revision is None else seen_revision,
            approved_by=actor[:200],
            approved_at=now,
            next_attempt_at=None,
            last_error="",
        )
        if outcome == "approved":
            audit.record(
                s,
                actor=actor,
                action="approve",
                entity="digest",
                key=period_key,
                before={"status": view.status},
                after={"status": "approved"},
            )
    if outcome == "stale":
        return Decision("stale", await get(ctx, period_key), STALE)
    return Decision("approved" if outcome == "approved" else "unchanged", await get(ctx, period_key))


async def set_intro(ctx: AppContext, period_key: str, intro: str, *, actor: str) -> Decision:
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    intro = (intro or "").strip()[:1000]
    async with ctx.db.unit_of_work() as s:
        won = await digest_repo.transition(
            s, view.id, from_status="draft", intro=intro, content=with_intro(view.content, intro)
        )
        if won:
            audit.record(s, actor=actor, action="edit_intro", entity="digest", key=period_key, after={"intro": intro})
    return Decision(
        "intro_saved" if won else "unchanged",
        await get(ctx, period_key),
        "" if won else "The digest is no longer a draft, so its introduction cannot change.",
    )


async def mark_posted_by_admin(ctx: AppContext, period_key: str, *, actor: str) -> Decision:
    """An admin looked at the channel after an interrupted post and saw it arrived."""
    view = await get(ctx, period_key)
    if view is None:
        return Decision("missing", None, f"There is no digest for {period_key} yet.")
    async with ctx.db.unit_of_work() as s:
        won = await digest_repo.transition(
            s,
            view.id,
            from_status="needs_admin",
            status="posted",
            posted_at=ctx.now(),
            last_error=f"confirmed in the channel by {actor}"[:500],
        )
        if won:
            audit.record(s, actor=actor, action="confirm_posted", entity="digest", key=period_key)
    return Decision("marked_posted" if won else "unchanged", await get(ctx, period_key))


def _status_sentence(view: DigestView) -> str:
    return {
        "approved": f"The digest for {view.period_key} is already approved and will be posted shortly.",
        "sending": f"The digest for {view.period_key} is being posted now.",
        "posted": f"The digest for {view.period_key} has already been posted.",
        "needs_admin": f"The digest for {view.period_key} was interrupted while posting: check the DLG channel first.",
    }.get(view.status, f"The digest for {view.period_key} is {view.status}.")


def preview_card(view: DigestView, note: str = "", content: dict[str, Any] | None = None) -> dict[str, Any]:
    """The admin's preview; `content` is the digest with its asks as they stand now (see below)."""
    return admin_preview_card(
        content if content is not None else view.content,
        period_key=view.period_key,
        revision=view.revision,
        status=view.status,
        marker=view.marker,
        note=note or view.last_error,
    )


async def live_preview_card(ctx: AppContext, period_key: str, note: str = "") -> dict[str, Any] | None:
    """The preview after a decision was recorded on it: a draft is composed again (a decided ask leaves
    the agenda for "Decided since the last meeting"); an approved or posted digest shows its asks now."""
    view = await get(ctx, period_key)
    if view is not None and view.status == "draft":
        view = await ensure_draft(ctx, period_key, refresh=True, actor="decision")
    if view is None:
        return None
    async with ctx.db.unit_of_work() as s:
        content = await agenda.live(s, view.content, tz=ctx.settings.timezone, now=ctx.now())
    return preview_card(view, note, content)


# ---------------------------------------------------------------------------------------------
# The scheduler's part
# ---------------------------------------------------------------------------------------------


async def tick(ctx: AppContext, poster: Poster) -> dict[str, Any]:
    """One scheduler pass: compose due digests, remind approvers, recover, post. (Alerts that could
    not be delivered at once go out with the scheduler's alert delivery, services/admin_notices.py.)"""
    cfg = await config(ctx)
    now = ctx.now()
    report: dict[str, Any] = {"composed": [], "reminded": [], "recovered": [], "posted": []}
    async with ctx.db.unit_of_work() as s:
        due = await digest_repo.cycles_due_for_digest(s, now, timedelta(hours=cfg.grace_hours))
    for cycle in due:
        if await _compose_due(ctx, poster, cycle.period_key, cfg):
            report["composed"].append(cycle.period_key)
    report["reminded"] = await _remind(ctx, poster.notifier, cfg)
    report["recovered"] = [o.status for o in await poster.recover()]
    report["posted"] = [o.status for o in await poster.post_ready()]
    return report


def _ready_key(period_key: str) -> str:
    return f"digest:{period_key}:ready"


async def _compose_due(ctx: AppContext, poster: Poster, period_key: str, cfg: DigestConfig) -> bool:
    """The cycle is due: compose its digest with every update in (once), then either approve it
    (approval off) or tell admins it is ready, with the preview and its buttons."""
    view = await get(ctx, period_key)
    if view is not None and view.status != "draft":
        return False
    if view is not None and cfg.approval_required:
        async with ctx.db.unit_of_work() as s:
            if await digest_repo.alert_raised_at(s, _ready_key(period_key)) is not None:
                return False  # composed and announced already: waiting for an admin
    view = await ensure_draft(ctx, period_key, refresh=True, cfg=cfg)  # creates it, or brings a draft up to date
    if view is None:
        return False
    if not cfg.approval_required:
        await approve(ctx, period_key, actor="automatic (approval is off)")
        return True
    await alert_admins(
        ctx,
        poster.notifier,
        key=_ready_key(period_key),
        kind="digest_ready",
        message=f"The DLG digest for {period_key} is ready. Preview it and approve it to post it.",
        card=preview_card(view),
    )
    return True


async def _remind(ctx: AppContext, notifier: Notifier | None, cfg: DigestConfig) -> list[str]:
    """One reminder per draft nobody approved within `remind_after_hours` of being announced."""
    now = ctx.now()
    waiting = []
    async with ctx.db.unit_of_work() as s:
        for d in await digest_repo.drafts(s):
            announced = await digest_repo.alert_raised_at(s, _ready_key(d.period_key))
            if (
                d.reminded_at is None
                and announced is not None
                and announced <= now - timedelta(hours=cfg.remind_after_hours)
            ):
                waiting.append(snapshot(d))
    reminded = []
    for view in waiting:
        async with ctx.db.unit_of_work() as s:
            if not await digest_repo.transition(s, view.id, from_status="draft", reminded_at=now):
                continue
        await alert_admins(
            ctx,
            notifier,
            key=f"digest:{view.period_key}:reminder",
            kind="digest_reminder",
            message=f"Reminder: the DLG digest for {view.period_key} is still waiting for approval.",
            card=preview_card(view),
        )
        reminded.append(view.period_key)
    return reminded


async def send_now(ctx: AppContext, poster: Poster, period_key: str, *, actor: str, force: bool = False) -> PostOutcome:
    """`dfbot digest post`: compose (or bring a draft up to date), approve, and post at once (not
    waiting for a retry time)."""
    view = await ensure_draft(ctx, period_key, refresh=True, actor=actor)
    if view is None:
        return PostOutcome(period_key, "missing", detail=f"There is no update cycle {period_key}.")
    if view.status in ("draft", "failed") or (force and view.status == "needs_admin"):
        await approve(ctx, period_key, actor=actor, force=force)
    view = await get(ctx, period_key)
    if view is None:  # drafted a moment ago: only a concurrent erasure of the cycle could take it
        return PostOutcome(period_key, "missing", detail=f"There is no update cycle {period_key}.")
    if view.status != "approved":
        status = "already_posted" if view.status == "posted" else view.status
        return PostOutcome(period_key, status, view.message_id, view.transport, _status_sentence(view))
    async with ctx.db.unit_of_work() as s:
        await digest_repo.transition(s, view.id, from_status="approved", next_attempt_at=None)
    return await poster.post(view.id)
