"""The digest's agenda card in the DLG channel: who sees which view, and keeping it true after decisions.

With the bot transport the digest message itself is the bot's: it is posted as the members' view (no
buttons, nothing sensitive) with a `refresh` naming the DLG members' and admins' Teams ids, and Teams
asks the bot (`digest.refresh`) for each of their views when they open it (in chats or channels under
60 people Teams asks for everyone's view, so the answer depends on who asks, never on the list). With
Graph the digest is posted by a signed-in account and is display-only, so the bot replies in the
digest's thread with the agenda card, built the same way. After a decision the bot edits its card
(`edit_due`): everyone sees the decision, and the edit makes Teams refresh the DLG's views.

Learn: "User Specific Views" and "Up to date cards" (Microsoft Teams platform documentation,
learn.microsoft.com/microsoftteams/platform/task-modules-and-cards/cards/universal-actions-for-adaptive-cards/).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from cards.agenda import DLG_VIEW, MEMBERS_VIEW, agenda_card, refresh_block
from cards.digest import digest_card
from programme.access import Viewer, may_record_decisions
from programme.digest_agenda import ask_ids, live_state, overlay
from programme.posting import Rejected
from programme.prompting import SENT, Messenger, Outgoing, Target
from services.context import AppContext
from store import agenda_repo, ask_repo, digest_repo
from store.db import Session
from store.models import Digest

log = logging.getLogger("dfbot.agenda")
AGENDA_CARD = "agenda"  # the refresh data of the Graph case's thread reply


# ---------------------------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------------------------


async def live(s: Session, content: dict[str, Any], *, tz: str, now: datetime) -> dict[str, Any]:
    """The stored digest with each listed ask as it stands now (decided since it was posted?)."""
    ids = set(ask_ids(content))
    if not ids:
        return content
    zone = ZoneInfo(tz)
    today = now.astimezone(zone).date()
    states = {
        a.id: live_state(
            a.status,
            a.decisions,
            note=a.note,
            decided_by=a.recorder if a.decided_at else "",
            decided_on=a.decided_at.astimezone(zone).date() if a.decided_at else None,
            deferred_until=a.deferred_until,
            today=today,
        )
        for a in await ask_repo.views(s, ask_ids=ids)
    }
    return overlay(content, states)


async def refresh_for(s: Session, period_key: str, *, card: str = "digest") -> dict[str, Any] | None:
    """The `refresh` of the bot's card: the DLG members' and admins' Teams ids (at most 60)."""
    block = refresh_block(period_key, await ask_repo.decider_teams_ids(s))
    if block is not None and card == AGENDA_CARD:
        block["action"]["data"]["card"] = AGENDA_CARD
    return block


def view_of(viewer: Viewer) -> str:
    return DLG_VIEW if may_record_decisions(viewer) else MEMBERS_VIEW


async def channel_card(
    s: Session, row: Digest, viewer_view: str, *, tz: str, now: datetime, card: str = "digest", posted: bool = False
) -> dict[str, Any]:
    """The bot's card in the channel for one view: the whole digest (bot transport) or the agenda alone
    (the reply in a Graph-posted digest's thread). `posted`: the message itself (what everyone sees
    before their own view), with "Record decisions" for clients that do not refresh."""
    content = await live(s, dict(row.content or {}), tz=tz, now=now)
    if card == AGENDA_CARD:
        return agenda_card(
            content,
            view=viewer_view,
            refresh=await refresh_for(s, row.period_key, card=AGENDA_CARD),
            origin=AGENDA_CARD,
            offer=posted,
            marker=row.marker,
        )
    return digest_card(
        content, marker=row.marker, view=viewer_view, refresh=await refresh_for(s, row.period_key), offer=posted
    )


async def refreshed(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> dict[str, Any] | None:
    """`digest.refresh` (and "Record decisions", `digest.decide`): the card as this person may see it.
    Read-only; whoever asks, a forged or mistaken refresh gets the members' view."""
    period = str(data.get("period") or "")[:32]
    card = AGENDA_CARD if data.get("card") == AGENDA_CARD else "digest"
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get(s, period)
        if row is None or row.status != "posted":
            return None
        return await channel_card(s, row, view_of(viewer), tz=ctx.settings.timezone, now=ctx.now(), card=card)


async def origin_card(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> dict[str, Any] | None:
    """The channel card a "Record decision" came from (the digest, or its agenda reply), as this person
    may see it now; None for other origins (the admin's preview, the list of open asks)."""
    origin, period = str(data.get("origin") or ""), str(data.get("period") or "")[:32]
    if origin not in ("digest", AGENDA_CARD):
        return None
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get(s, period)
        if row is None:
            return None
        return await channel_card(s, row, view_of(viewer), tz=ctx.settings.timezone, now=ctx.now(), card=origin)


# ---------------------------------------------------------------------------------------------
# Posting and editing
# ---------------------------------------------------------------------------------------------


async def posting_content(
    ctx: AppContext, content: dict[str, Any], period_key: str, transport: str
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """What a transport posts: the asks as they stand now and, for the bot's own post, the refresh."""
    async with ctx.db.unit_of_work() as s:
        fresh = await live(s, content, tz=ctx.settings.timezone, now=ctx.now())
        refresh = await refresh_for(s, period_key) if transport == "bot" else None
    return fresh, refresh


async def after_posted(ctx: AppContext, digest_id: int, transport: str, message_id: str | None) -> None:
    """The digest is in the channel: its asks have been on an agenda; note where the DLG's card is."""
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        row = await digest_repo.get_by_id(s, digest_id)
        if row is None:
            return
        await ask_repo.mark_on_agenda(s, ask_ids(dict(row.content or {})), row.posted_at or now)
        values: dict[str, Any]
        if transport == "bot" and message_id:
            values = dict(
                agenda_conversation_id=ctx.settings.dlg_channel_id, agenda_activity_id=message_id, agenda_status="sent"
            )
        elif transport == "graph" and message_id and ask_ids(dict(row.content or {})):
            values = dict(
                agenda_conversation_id=f"{ctx.settings.dlg_channel_id};messageid={message_id}",
                agenda_status="pending",
                agenda_attempts=0,
                agenda_next_at=None,
            )  # services/agenda_reply.py
        else:
            return
        await agenda_repo.set_agenda(s, digest_id, **values)


async def channel_target(ctx: AppContext, conversation_id: str) -> Target:
    async with ctx.db.unit_of_work() as s:
        found = await digest_repo.team_reference(s, ctx.settings.dlg_team_id)
    if found is None:
        raise Rejected("The bot is not in the DLG team, so it cannot post or edit the agenda card there.")
    service_url, tenant_id, bot_id = found
    return Target(
        reference={
            "channelId": "msteams",
            "serviceUrl": service_url,
            "bot": {"id": bot_id or ctx.settings.app_id or None},
            "conversation": {
                "id": conversation_id,
                "tenantId": tenant_id or None,
                "conversationType": "channel",
                "isGroup": True,
            },
        },
        service_url=service_url,
        tenant_id=tenant_id,
    )


@dataclass
class AgendaReport:
    replied: int = 0
    edited: int = 0
    failed: int = 0


async def mark_edits_due(s: Session, ask_id: int, now: datetime) -> int:
    """A decision on `ask_id`: every posted card listing it must be edited (inside the decision's unit of work)."""
    rows = await ask_repo.posted_with_agenda(s, ask_id)
    for row in rows:
        await agenda_repo.mark_edit_due(s, row.id, now)
    return len(rows)


async def edit_due(
    ctx: AppContext, report: AgendaReport | None = None, *, messenger: Messenger | None = None
) -> AgendaReport:
    """Edit each agenda card a decision changed (claimed first, so two replicas never both edit)."""
    report = report or AgendaReport()
    async with ctx.db.unit_of_work() as s:
        due = await agenda_repo.edits_due(s)
    for digest_id, due_at in due:
        async with ctx.db.unit_of_work() as s:
            if not await agenda_repo.claim_edit(s, digest_id, due_at):
                continue
            row = await digest_repo.get_by_id(s, digest_id)
            assert row is not None, digest_id  # the claim above updated this very row, in this unit of work
            kind = AGENDA_CARD if row.transport == "graph" else "digest"
            card = await channel_card(
                s, row, MEMBERS_VIEW, tz=ctx.settings.timezone, now=ctx.now(), card=kind, posted=True
            )
            conversation, activity_id = row.agenda_conversation_id or "", row.agenda_activity_id or ""
        try:
            result = await (messenger or ctx.require_messenger()).update(
                await channel_target(ctx, conversation),
                activity_id,
                Outgoing(card=card, summary="DLG digest (updated)"),
                max_attempts=3,
            )
            ok, reason = result.status == SENT, result.reason
        except Exception as exc:  # no messenger here, not in the team, or an SDK surprise: try next tick
            ok, reason = False, f"{type(exc).__name__}: {exc}"[:300]
        if ok:
            report.edited += 1
            continue
        report.failed += 1
        log.warning("could not edit the digest's agenda card: %s", reason[:200])
        async with ctx.db.unit_of_work() as s:  # the scheduler's next tick tries again
            await agenda_repo.release_edit(s, digest_id, due_at)
    return report
