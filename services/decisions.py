"""The DLG's decisions: opening the form on an ask, recording a decision, the list of open asks, a lead
withdrawing an ask, and telling the project's leads.

Who may decide is `programme.access.may_record_decisions` (checked by the action registry's "dlg"
audience before any of this runs, and again here before anything is written). Card data is a claim: the
ask must exist, still be undecided, and still have the decision count the card was drawn at. Recording is
one unit of work: the decision, its audit entry, the leads' notices and the "edit the channel card" mark
commit together; the notices and the edit are sent after the commit, in the background, and whatever is
left is picked up by the scheduler's next tick.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from cards import decisions as cards
from programme import asks as rules
from programme.access import Viewer, may_record_decisions, may_withdraw_ask
from programme.prompting import SENT, UNREACHABLE, Messenger, Outgoing, Target
from programme.text import uk_date
from services import agenda, agenda_reply
from services.context import AppContext
from services.digest import links, live_preview_card
from services.reply import Reply
from store import ask_repo, delivery_repo, digest_repo
from store.ask_repo import AskView
from store.db import Session

log = logging.getLogger("dfbot.decisions")
NOT_ALLOWED = "Only DLG members and programme office admins can record the DLG's decisions, so nothing was recorded."
STALE_SENDING = timedelta(minutes=10)


def _role(viewer: Viewer) -> str:
    return "dlg" if viewer.is_dlg else "admin"


def _today(ctx: AppContext) -> date:
    return ctx.now().astimezone(ZoneInfo(ctx.settings.timezone)).date()


async def _leads(s: Session, project_ids: set[int]) -> dict[int, str]:
    people = await ask_repo.lead_names(s, project_ids)
    return {pid: ", ".join(names) for pid, names in people.items()}


def ask_card(a: AskView, lead: str, *, tz: str, cycles_ago: int | None = None) -> cards.AskCard:
    zone = ZoneInfo(tz)
    return cards.AskCard(
        a.id,
        a.project_ref,
        a.project_name,
        lead,
        a.text,
        a.status,
        a.decisions,
        a.raised_at.astimezone(zone).date(),
        age=rules.age_words(cycles_ago) if cycles_ago is not None else "",
        decision="" if a.status == rules.OPEN else rules.outcome_sentence(a.status, a.deferred_until),
        note=a.note,
        decided=uk_date(a.decided_at, tz) if a.decided_at else "",
        by=a.recorder if a.decided_at else "",
        cycle_id=a.raised_cycle_id,
        on_agenda=a.on_agenda,
    )


# ---------------------------------------------------------------------------------------------
# The list and the form
# ---------------------------------------------------------------------------------------------


async def open_list(ctx: AppContext, *, notice: str = "") -> dict[str, Any]:
    """`decisions`: every ask waiting for the DLG, oldest first."""
    async with ctx.db.unit_of_work() as s:
        asks = await ask_repo.views(s, statuses=rules.UNDECIDED)
        leads = await _leads(s, {a.project_id for a in asks})
        order = await ask_repo.cycle_order(s)
        period = await digest_repo.latest_cycle_key(s, ctx.now())
    current = order[-1][0] if order else None
    items = [
        ask_card(
            a, leads.get(a.project_id, ""), tz=ctx.settings.timezone, cycles_ago=ask_repo.cycles_ago(a, order, current)
        )
        for a in asks
    ]
    return cards.decisions_list(
        items, notice=notice, full_url=links(ctx.settings.public_base_url, period)[0] if period else ""
    )


def _claim(data: dict[str, Any]) -> tuple[int, int]:
    raw: Any = data.get("ask")  # int() of None: TypeError
    try:
        ask_id = int(raw)
    except (TypeError, ValueError):
        raise rules.Invalid(
            "This card does not say which ask it is about. Type **decisions** for a fresh list."
        ) from None
    return ask_id, rules.read_version(data.get("v", 0))


async def open_form(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> Reply:
    """ "Record decision": the form for one ask, unless someone decided it since the card was drawn."""
    if not may_record_decisions(viewer):
        return Reply(text=NOT_ALLOWED)
    try:
        ask_id, version = _claim(data)
    except rules.Invalid as exc:
        return Reply(text=str(exc))
    async with ctx.db.unit_of_work() as s:
        ask = await ask_repo.view(s, ask_id)
        lead = (await _leads(s, {ask.project_id})).get(ask.project_id, "") if ask else ""
    if ask is None:
        return Reply(
            text="That ask no longer exists (its project may have been removed). Type **decisions** for the list."
        )
    if not ask.undecided or ask.decisions != version:
        return await _moved_on(ctx, viewer, data, ask)
    return Reply(
        card=cards.decision_form(
            ask_card(ask, lead, tz=ctx.settings.timezone), period=_period(data), origin=_origin(data), today=_today(ctx)
        )
    )


async def back(ctx: AppContext, viewer: Viewer, data: dict[str, Any]) -> Reply:
    """The form's "Back": where it came from, as it stands now."""
    return Reply(card=await _origin_card(ctx, viewer, data))


def _period(data: dict[str, Any]) -> str:
    return str(data.get("period") or "")[:32]


def _origin(data: dict[str, Any]) -> str:
    origin = str(data.get("origin") or "list")
    return origin if origin in ("digest", "agenda", "preview", "list") else "list"


async def _origin_card(ctx: AppContext, viewer: Viewer, data: dict[str, Any], notice: str = "") -> dict[str, Any]:
    found = await agenda.origin_card(ctx, viewer, data)
    if found is not None:
        return cards.with_notice(found, notice) if notice else found
    if _origin(data) == "preview":
        preview = await live_preview_card(ctx, _period(data), note=notice)
        if preview is not None:
            return preview
    return await open_list(ctx, notice=notice)


async def _moved_on(
    ctx: AppContext, viewer: Viewer, data: dict[str, Any], ask: AskView, *, lost: bool = False
) -> Reply:
    """The ask was decided (or withdrawn) since this card was drawn: say who won, show it as it stands."""
    who = ask.recorder
    when = uk_date(ask.decided_at, ctx.settings.timezone) if ask.decided_at else ""
    sentence = rules.outcome_sentence(ask.status, ask.deferred_until)
    head = (
        "Someone else recorded a decision first, so yours was not recorded"
        if lost
        else "This ask changed since your card was drawn"
    )
    notice = (
        f"{head}: {sentence}"
        + (f" — recorded by {who}" if who else "")
        + (f", {when}" if when else "")
        + (f" ({ask.note[:200]})." if ask.note else ".")
    )
    return Reply(text=notice, card=await _origin_card(ctx, viewer, data, notice), stored=False)


# ---------------------------------------------------------------------------------------------
# Recording
# ---------------------------------------------------------------------------------------------


async def record(ctx: AppContext, viewer: Viewer, data: dict[str, Any], *, activity_id: str | None) -> Reply:
    """ "Save decision": check the claim and the input, then one compare-and-set on the ask."""
    if not may_record_decisions(viewer):
        return Reply(text=NOT_ALLOWED)
    try:
        ask_id, version = _claim(data)
        decision = rules.read_decision(data, _today(ctx))
    except rules.Invalid as exc:
        return await _form_again(ctx, data, str(exc))
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        person = viewer.person_id
        name = viewer.name or viewer.email or ""
        result = await ask_repo.decide(
            s,
            ask_id,
            version,
            decision,
            person_id=person,
            name=name,
            role=_role(viewer),
            now=now,
            activity_id=activity_id,
        )
        if result.outcome == "recorded":
            assert result.ask is not None and result.decision_id is not None  # "recorded" carries both
            await ask_repo.queue_notices(s, result.decision_id, result.ask.project_id)
            await agenda.mark_edits_due(s, ask_id, now)
    if result.outcome == "missing" or result.ask is None:  # (None too when it went since: "already", "lost")
        return Reply(text="That ask no longer exists. Type **decisions** for the list.")
    if result.outcome in ("lost", "closed"):
        return await _moved_on(ctx, viewer, data, result.ask, lost=result.outcome == "lost")
    if result.outcome == "recorded":
        after_decision(ctx)
    words = rules.outcome_sentence(result.ask.status, result.ask.deferred_until)
    notice = f"Recorded: {words} — {result.ask.project_ref}: {result.ask.text[:120]}. The lead is being told."
    return Reply(text=notice, card=await _origin_card(ctx, viewer, data, notice), stored=True)


async def _form_again(ctx: AppContext, data: dict[str, Any], error: str) -> Reply:
    try:
        ask_id, _ = _claim(data)
    except rules.Invalid:
        return Reply(text=error)
    async with ctx.db.unit_of_work() as s:
        ask = await ask_repo.view(s, ask_id)
        lead = (await _leads(s, {ask.project_id})).get(ask.project_id, "") if ask else ""
    if ask is None:
        return Reply(text=error)
    return Reply(
        card=cards.decision_form(
            ask_card(ask, lead, tz=ctx.settings.timezone),
            period=_period(data),
            origin=_origin(data),
            error=error,
            values=data,
            today=_today(ctx),
        )
    )


def after_decision(ctx: AppContext) -> None:
    """Tell the leads and edit the channel card now, outside the request; the scheduler catches up."""
    ctx.spawn(_deliver(ctx), "telling leads of a decision")


async def _deliver(ctx: AppContext) -> None:
    await send_notices(ctx)
    await agenda.edit_due(ctx)


# ---------------------------------------------------------------------------------------------
# A lead withdraws an ask (their update card)
# ---------------------------------------------------------------------------------------------


async def withdraw(s: Session, viewer: Viewer, ask_ids: list[int], *, project_id: int, now: datetime) -> list[AskView]:
    """Inside the update's unit of work: the asks this lead switched to "withdraw" (their project's,
    still undecided) are withdrawn; a decision that beat them stands."""
    done: list[AskView] = []
    if not ask_ids or not may_withdraw_ask(viewer, project_id):
        return done
    for ask_id in ask_ids:
        ask = await ask_repo.view(s, ask_id)
        if ask is None or ask.project_id != project_id or not ask.undecided:
            continue
        result = await ask_repo.decide(
            s,
            ask_id,
            ask.decisions,
            rules.DecisionInput(rules.WITHDRAWN),
            person_id=viewer.person_id,
            name=viewer.name or viewer.email or "",
            role="lead",
            now=now,
            activity_id=None,
        )
        if result.outcome == "recorded":
            assert result.ask is not None and result.decision_id is not None  # "recorded" carries both
            await ask_repo.queue_notices(s, result.decision_id, project_id, skip_person=viewer.person_id)
            await agenda.mark_edits_due(s, ask_id, now)
            done.append(result.ask)
    return done


async def form_asks(s: Session, since: dict[int, datetime | None], *, tz: str) -> dict[int, cards.AsksOnForm]:
    """The open-asks part of each project's update card (two queries for a whole batch of prompts): its
    open asks, and what was decided since the project's last update (`since`)."""
    out = {pid: cards.AsksOnForm() for pid in since}
    if not since:
        return out
    for a in await ask_repo.views(s, statuses=rules.UNDECIDED, project_ids=set(since)):
        out[a.project_id].open.append(ask_card(a, "", tz=tz))
    starts = [t for t in since.values() if t is not None]
    for a in await ask_repo.decided_between(s, min(starts) if starts else None, None, set(since)):
        start = since.get(a.project_id)
        if a.decided_at is not None and (start is None or a.decided_at >= start) and a.status != rules.OPEN:
            out[a.project_id].decided.append(ask_card(a, "", tz=tz))
    return out


# ---------------------------------------------------------------------------------------------
# Telling the leads (the scheduler's tick, and right after a decision)
# ---------------------------------------------------------------------------------------------


@dataclass
class NoticeReport:
    sent: int = 0
    unreachable: int = 0
    failed: int = 0


async def send_notices(ctx: AppContext, messenger: Messenger | None = None) -> NoticeReport:
    """Each pending notice: claimed ('sending', committed), sent to the person's 1:1 chat, recorded."""
    report = NoticeReport()
    now = ctx.now()
    async with ctx.db.unit_of_work() as s:
        ids = await ask_repo.claim_notices(s, now, stale_before=now - STALE_SENDING)
        jobs = await ask_repo.notice_jobs(s, ids)
        refs = await delivery_repo.personal_refs(s, {j.person_id for j in jobs})
        leads = await _leads(s, {j.ask.project_id for j in jobs})
    for job in jobs:
        ref = refs.get(job.person_id)
        if ref is None or ref.unreachable_reason:
            status, error, activity = (
                UNREACHABLE,
                (ref.unreachable_reason if ref else "has no 1:1 chat with the bot yet"),
                None,
            )
        else:
            card = cards.notice_card(
                ask_card(job.ask, leads.get(job.ask.project_id, ""), tz=ctx.settings.timezone),
                outcome=job.outcome,
                note=job.note,
                by=job.decided_by,
                decided=uk_date(job.decided_at, ctx.settings.timezone),
                deferred_until=job.deferred_until,
            )
            outcome = rules.outcome_sentence(job.outcome, job.deferred_until)
            summary = f"DLG decision on your ask ({job.ask.project_ref}): {outcome}"
            try:
                result = await (messenger or ctx.require_messenger()).send(
                    Target(reference=delivery_repo.reference_of(ref)), Outgoing(card=card, summary=summary)
                )
                status, error, activity = result.status, result.reason, result.activity_id
            except Exception as exc:  # the scheduler's next tick tries again
                log.exception("a decision notice failed unexpectedly")
                status, error, activity = "failed", f"{type(exc).__name__}: {str(exc)[:200]}", None
        async with ctx.db.unit_of_work() as s:
            await ask_repo.finish_notice(s, job.notice_id, status, error=error, activity_id=activity, now=ctx.now())
            if status == UNREACHABLE and ref is not None:
                await delivery_repo.mark_ref_unreachable(s, ref.id, error or "unreachable")
        if status == SENT:
            report.sent += 1
        elif status == UNREACHABLE:
            report.unreachable += 1
        else:
            report.failed += 1
    return report


async def scheduler_tick(ctx: AppContext, messenger: Messenger | None = None) -> dict[str, Any]:
    """The scheduler's share (dfbot/scheduler.py): decisions told to leads, agenda replies in Graph-posted
    digests' threads, and the edits decisions left to do — whatever the request's background work did not."""
    notices = await send_notices(ctx, messenger)
    cards_report = await agenda_reply.reply_in_threads(ctx, messenger=messenger)
    await agenda.edit_due(ctx, cards_report, messenger=messenger)
    return {"notices": notices, "agenda": cards_report}
