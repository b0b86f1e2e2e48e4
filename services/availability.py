"""Out of office and delegation: "away until 14 March", "I'm away, ask Jo Bloggs".

A delegation names a known person (by email, or by a name that matches one person), is shown on a
card to confirm, and only then takes effect, for one cycle: the open one, or the next when none is
open. The card carries who and which cycle; the projects handed over are worked out again here.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cards import update as cards
from programme import calendar
from programme.access import Viewer
from programme.prompting import AWAY, DELEGATED, PROMPT, plan_deliveries
from programme.text import uk_date
from store import cycle_repo, delegation_repo, delivery_repo, update_repo
from store.db import Database, Session
from store.models import UpdateCycle

from .reply import Reply
from .update_form import NOT_IDENTIFIED, project_view


async def set_away(db: Database, viewer: Viewer, words: str, *, now: datetime, tz: str) -> Reply:
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    today = calendar.local_today(now, tz)
    try:
        until = calendar.parse_uk_date(words, today)
    except ValueError as exc:
        return Reply(text=f"{exc}. Nothing was changed.")
    if until < today or (until - today).days > 366:
        return Reply(text="Give a date within the next year, like **away until 14 March**. Nothing was changed.")
    async with db.unit_of_work() as s:
        person = await update_repo.person_by_id(s, viewer.person_id)
        if person is None:  # erased since this turn began
            return Reply(text=NOT_IDENTIFIED)
        await delegation_repo.set_away(s, person, until)
        for cycle in await cycle_repo.open_cycles(s):
            await delivery_repo.skip_pending(
                s,
                cycle_id=cycle.id,
                person_id=person.id,
                project_ids=await delegation_repo.own_projects(s, person.id),
                status=AWAY,
                note=f"away until {uk_date(until)}",
            )
    return Reply(
        text=f"Got it: I won't prompt or chase you until {uk_date(until)}. Your projects will show as "
        "\u201caway\u201d to admins. Want someone to cover your update? Say **I'm away, ask** and their "
        "name. Type **back** if you return early."
    )


async def set_back(db: Database, viewer: Viewer) -> Reply:
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    async with db.unit_of_work() as s:
        person = await update_repo.person_by_id(s, viewer.person_id)
        if person is None:  # erased since this turn began
            return Reply(text=NOT_IDENTIFIED)
        was = person.away_until
        await delegation_repo.set_away(s, person, None)
    if was is None:
        return Reply(text="You weren't marked as away, so nothing changed.")
    return Reply(text="Welcome back: I'll include you in the next prompts. Type **update** to do one now.")


async def _target_cycle(s: Session, now: datetime, tz: str) -> tuple[str, UpdateCycle | None, str]:
    """The cycle a delegation is for: the open one, else the next to open (which may have no row yet)."""
    latest = await cycle_repo.latest_cycle(s, now)
    if latest is not None and latest.status == "open" and now < latest.closes_at:
        return latest.period_key, latest, f"the current cycle (due {uk_date(latest.due_at, tz)})"
    cadence = await cycle_repo.cadence(s)
    period = calendar.first_opening_after(max(now, latest.closes_at) if latest else now, cadence, tz)
    return period.key, None, f"the next cycle (opens {uk_date(period.opens_at, tz)}, due {uk_date(period.due_at, tz)})"


async def propose_delegation(db: Database, viewer: Viewer, who: str, *, now: datetime, tz: str) -> Reply:
    """Resolve `who` to one known person and show the card that confirms the hand-over."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    async with db.unit_of_work() as s:
        own = [
            p
            for p in await update_repo.projects_by_id(s, await delegation_repo.own_projects(s, viewer.person_id))
            if p.status == "active"
        ]
        if not own:
            return Reply(text="You don't lead or deputise on any active project, so there's no update to hand over.")
        people = [p for p in await delegation_repo.find_people(s, who) if p.id != viewer.person_id]
        if not people:
            return Reply(
                text=f"I don't know anyone called \u201c{who[:80]}\u201d. Try their work email address, "
                "for example **I'm away, ask jo.bloggs@council.example**."
            )
        if len(people) > 1:
            names = "; ".join(f"{p.name or '(no name)'} ({p.email or 'no email'})" for p in people[:6])
            return Reply(
                text=f"More than one person matches \u201c{who[:80]}\u201d: {names}. Say it again with "
                "their email address."
            )
        key, _cycle, cycle_text = await _target_cycle(s, now, tz)
        to = people[0]
        return Reply(
            card=cards.delegation_card(
                to_name=to.name,
                to_email=to.email,
                to_person_id=to.id,
                period_key=key,
                projects=[project_view(p) for p in own],
                cycle_text=cycle_text,
            )
        )


async def confirm_delegation(db: Database, viewer: Viewer, data: dict[str, Any], *, now: datetime, tz: str) -> Reply:
    """The confirmation click: check everything again, then hand the cycle over."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    to_id, period = data.get("to"), data.get("period")
    if not isinstance(to_id, int) or isinstance(to_id, bool) or not isinstance(period, str):
        return Reply(text="This card is damaged. Say **I'm away, ask** and a name to start again.")
    async with db.unit_of_work() as s:
        key, cycle, cycle_text = await _target_cycle(s, now, tz)
        if period != key:
            return Reply(text="That card was for another cycle. Say **I'm away, ask** and a name to start again.")
        me = await update_repo.person_by_id(s, viewer.person_id)
        if me is None:  # erased since this turn began
            return Reply(text=NOT_IDENTIFIED)
        to = await update_repo.person_by_id(s, to_id)
        projects = {
            p.id
            for p in await update_repo.projects_by_id(s, await delegation_repo.own_projects(s, me.id))
            if p.status == "active"
        }
        if to is None or to.id == me.id or not projects:
            return Reply(text="I can't hand that over (the person or your projects have changed). Nothing was changed.")
        await delegation_repo.delegate(s, period_key=key, project_ids=projects, from_person=me, to_person=to)
        queued = await _prompt_delegate_now(s, cycle, me.id, projects, now, tz)
    tail = " I've queued their update card now." if queued else " They'll get the update card when the cycle opens."
    return Reply(
        text=f"Done: {to.name or to.email} will write the update for {cycle_text}.{tail} You won't be chased for it.",
        stored=bool(queued),
    )


async def _prompt_delegate_now(
    s: Session, cycle: UpdateCycle | None, from_id: int, projects: set[int], now: datetime, tz: str
) -> int:
    """In an open cycle whose prompts went out already, the delegate is prompted straight away."""
    if cycle is None or cycle.prompted_at is None:
        return 0
    await delivery_repo.skip_pending(
        s,
        cycle_id=cycle.id,
        person_id=from_id,
        project_ids=projects,
        status=DELEGATED,
        note="handed over to a delegate",
    )
    responded = await delivery_repo.responded_projects(s, cycle.id)
    recipients = [
        r
        for r in await delivery_repo.recipients(s, cycle.period_key, projects)
        if r.role == "delegate" and r.project_id not in responded
    ]
    planned = plan_deliveries(recipients, calendar.local_today(now, tz), PROMPT)
    return await delivery_repo.insert_planned(s, cycle.id, planned, now)


async def cancel_delegation(db: Database, viewer: Viewer, data: dict[str, Any]) -> Reply:
    return Reply(text="OK, nothing was handed over.")
