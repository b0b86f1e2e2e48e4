"""Telling admins in Teams: `notify_admins` is the one way a message reaches every admin's 1:1 chat.

The scheduler calls `deliver_alerts(ctx)` on each tick (after `periodic_checks`): every undelivered alert
goes, as one card, to each admin. Alerts are claimed before anything is sent, so two replicas or two
ticks never send the same alert; if no admin could be reached at all, the claim is released and the next
tick tries again. An admin whose chat answers 403 is marked unreachable like any lead (an alert about
that would reach nobody). `AdminNotifier` is the same thing as the digest service's `Notifier`.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from cards import admin as cards
from infra.logs import correlation_id
from programme.admin_commands import audit_when
from programme.alerts import rank, severity_of
from programme.prompting import UNREACHABLE, Messenger, Outgoing, Target
from programme.text import shorten
from services.context import AppContext
from store import alerts_repo, delivery_repo
from store.models import AdminAlert

log = logging.getLogger("dfbot.alerts")


@dataclass
class AlertReport:
    alerts: int = 0
    admins_reached: int = 0
    admins_unreachable: int = 0
    released: bool = False


async def deliver_alerts(ctx: AppContext, messenger: Messenger | None = None) -> AlertReport:
    """Send what is undelivered, through `messenger` (default: the context's one messenger).

    Outside a request (the scheduler) its log lines get their own correlation id, "alerts-…".
    """
    token = correlation_id.set(f"alerts-{uuid.uuid4().hex[:8]}") if correlation_id.get() == "-" else None
    try:
        return await _deliver(ctx, messenger)
    finally:
        if token is not None:
            correlation_id.reset(token)


async def _deliver(ctx: AppContext, messenger: Messenger | None) -> AlertReport:
    async with ctx.db.unit_of_work() as s:
        alerts = await alerts_repo.claim_undelivered(s, ctx.now())
    report = AlertReport(alerts=len(alerts))
    if not alerts:
        return report
    await notify_admins(ctx, _message(alerts, ctx.settings.timezone), report, messenger=messenger)
    if report.admins_reached == 0:
        async with ctx.db.unit_of_work() as s:
            await alerts_repo.release(s, [a.id for a in alerts])
        report.released = True
        log.warning("%d admin alert(s) could not be delivered: no admin reachable in Teams; will retry", len(alerts))
    else:
        log.info("%d admin alert(s) delivered to %d admin(s)", len(alerts), report.admins_reached)
    return report


async def notify_admins(
    ctx: AppContext, message: Outgoing, report: AlertReport | None = None, *, messenger: Messenger | None = None
) -> AlertReport:
    """Send `message` to every admin's 1:1 chat; a chat that answers 403 is marked unreachable."""
    report = report or AlertReport()
    messenger = messenger or ctx.require_messenger()
    async with ctx.db.unit_of_work() as s:
        admins = await delivery_repo.admins(s)
        refs = await delivery_repo.personal_refs(s, {a.id for a in admins})
    for ref in refs.values():
        if ref.unreachable_reason:
            continue
        result = await messenger.send(Target(reference=delivery_repo.reference_of(ref)), message)
        if result.ok:
            report.admins_reached += 1
        elif result.status == UNREACHABLE:
            report.admins_unreachable += 1
            async with ctx.db.unit_of_work() as s:
                await delivery_repo.mark_ref_unreachable(s, ref.id, result.reason)
        else:
            log.info("an admin notice was not delivered to one admin: %s", result.reason[:120])
    return report


class AdminNotifier:
    """The digest service's `Notifier`: plain text, or a card with the text as its notification."""

    def __init__(self, ctx: AppContext, messenger: Messenger | None = None) -> None:
        self.ctx = ctx
        self.messenger = messenger

    async def notify_admins(self, text: str, card: dict[str, Any] | None = None) -> int:
        message = Outgoing(text=text if card is None else "", card=card, summary=text[:200])
        return (await notify_admins(self.ctx, message, messenger=self.messenger)).admins_reached


def _message(alerts: list[AdminAlert], tz: str) -> Outgoing:
    """One card for all pending alerts, most severe first; plain text for notifications."""
    ordered = sorted(alerts, key=lambda a: (rank(severity_of(a.kind)), a.id))
    items = [
        {"severity": severity_of(a.kind), "when": audit_when(a.created_at, tz), "message": _safe(a.message)}
        for a in ordered
    ]
    more = f" (and {len(ordered) - 1} more)" if len(ordered) > 1 else ""
    return Outgoing(card=cards.alerts_card(items), summary=f"Admin alert: {_safe(ordered[0].message)[:150]}{more}")


def _safe(message: str) -> str:
    """Alerts are written by the bot (with its own **bold**), but may quote an error: no mentions or HTML."""
    return shorten(message, 1000).replace("<", "‹").replace(">", "›")
