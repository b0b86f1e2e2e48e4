"""Cards that stay true: what a prompt or summary card shows the person opening it, now.

Teams asks (an `adaptiveCard/action` invoke, `trigger: "automatic"`) each time someone listed in the
card's `refresh.userIds` views it, and waits for the answer, so the answer is read from the database in
one statement (`store.card_repo.refresh_state`; the asker's identity is one more, `bot/identity.py`)
and nothing is ever written. Who is asking is checked again here: the ids in the card and the data in
the invoke are claims, and anyone who may not update the project (or who opens the card outside a 1:1
chat) gets the card as everyone else sees it (`cards.update_state.others_card`).

The states, for the project and cycle the card is about:
- the cycle has closed: "this cycle is closed", what stands, and a pointer to the cycle after it;
- a version newer than the one the card was built on exists: "already submitted by … (version N)"
  with Edit (a prompt was built on no version; a form from Edit on the version it showed);
- otherwise: the live form, prefilled from the newest version (or the last cycle's update).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cards import update as cards
from cards import update_state as views
from cards.refresh import user_ids, with_refresh
from programme import calendar
from programme.access import Viewer, may_update_project
from programme.cycles import Cadence, Period
from programme.updates import Draft, late_updates_until, may_read_own_sensitive, with_delegations
from services.reply import Reply
from store import card_repo
from store.card_repo import RefreshState, Version
from store.db import Database

PROMPT_REFRESH, SUMMARY_REFRESH = cards.PROMPT_REFRESH, cards.SUMMARY_REFRESH


def shown_version(data: dict[str, Any], verb: str) -> int:
    """The version a card says it was built on (a form's base, a summary's version); 0 when it says none."""
    raw: Any = data.get("base_version" if verb == PROMPT_REFRESH else "version")  # int() of None: TypeError
    try:
        number = int(raw)
    except (TypeError, ValueError):
        return 0
    return number if 0 <= number < 1_000_000 else 0


def prompt_refresh(
    card: dict[str, Any], *, project_ref: str, cycle_key: str, base_version: int, ids: list[str]
) -> dict[str, Any]:
    """A form that refreshes itself: it turns into "already submitted" once a newer version exists."""
    return with_refresh(
        card, PROMPT_REFRESH, {"project": project_ref, "cycle": cycle_key, "base_version": base_version}, ids
    )


def summary_refresh(
    card: dict[str, Any], *, project_ref: str, cycle_key: str, version: int, ids: list[str]
) -> dict[str, Any]:
    """A summary that refreshes itself: it shows the newest version, or that the cycle has closed."""
    return with_refresh(card, SUMMARY_REFRESH, {"project": project_ref, "cycle": cycle_key, "version": version}, ids)


def update_view(v: Version) -> cards.UpdateView:
    return cards.UpdateView(v.version, Draft.from_fields(v.fields), v.by_name, v.submitted_at, v.no_change, v.late)


async def current_card(
    db: Database, viewer: Viewer, data: dict[str, Any], *, verb: str, asker_id: str, tz: str, now: datetime
) -> Reply:
    """The card as it should look to `viewer` now. Reads only; bad or forged data gets a harmless card."""
    project_ref, cycle_key = str(data.get("project") or "")[:64], str(data.get("cycle") or "")[:32]
    if not project_ref.strip() or not cycle_key.strip():
        return Reply(card=views.unknown_card())
    async with db.reading() as conn:
        state = await card_repo.refresh_state(
            conn, project_ref=project_ref, cycle_key=cycle_key, person_id=viewer.person_id
        )
    if state is None:
        return Reply(card=views.unknown_card())
    return Reply(
        card=view_for(state, viewer, verb=verb, shown=shown_version(data, verb), asker_id=asker_id, tz=tz, now=now)
    )


def view_for(
    state: RefreshState, viewer: Viewer, *, verb: str, shown: int, asker_id: str, tz: str, now: datetime
) -> dict[str, Any]:
    """Pure: which view `viewer` gets, with the `refresh` that keeps it current."""
    project = cards.ProjectView(state.project_ref, state.project_name)
    cycle = cards.CycleView(state.cycle_key, state.opens_at, state.due_at, state.closes_at, state.cycle_open)
    effective = with_delegations(viewer, {state.project_id} if state.delegated else set())
    entitled = (
        viewer.person_id is not None and viewer.in_private_chat and may_update_project(effective, state.project_id)
    )
    if not entitled:  # the card as sent, refreshing as it did (for the people it lists, not this asker)
        return _same_refresh(views.others_card(project=project, cycle=cycle, tz=tz), state, verb, shown, state.user_ids)
    ids = user_ids([asker_id], state.user_ids)  # the asker first: they keep refreshing whatever the cap cuts
    latest = state.latest
    if state.project_status != "active":
        return _same_refresh(views.inactive_card(project=project), state, verb, shown, ids)
    if not state.cycle_open:  # an entitled viewer: the late update and the next cycle are theirs to open
        return _same_refresh(closed_view(state, may_update=True, tz=tz, now=now), state, verb, shown, ids)
    if latest is None or (verb == PROMPT_REFRESH and latest.version == shown):
        return prompt_refresh(
            _form(state, project, cycle, tz),
            project_ref=state.project_ref,
            cycle_key=state.cycle_key,
            base_version=latest.version if latest else 0,
            ids=ids,
        )
    view = update_view(latest)
    heading = views.submitted_heading(view, tz, yours=latest.by_id is not None and latest.by_id == viewer.person_id)
    summary = cards.summary_card(
        project=project,
        cycle=cycle,
        update=view,
        tz=tz,
        show_sensitive=may_read_own_sensitive(effective, state.project_id),
        can_edit=True,
        heading=heading,
    )
    return summary_refresh(
        summary, project_ref=state.project_ref, cycle_key=state.cycle_key, version=latest.version, ids=ids
    )


def _same_refresh(card: dict[str, Any], state: RefreshState, verb: str, shown: int, ids: list[str]) -> dict[str, Any]:
    """Answers that do not move the card on refresh with what was asked, so asking again changes nothing."""
    data = {
        "project": state.project_ref,
        "cycle": state.cycle_key,
        ("base_version" if verb == PROMPT_REFRESH else "version"): shown,
    }
    return with_refresh(card, verb if verb in (PROMPT_REFRESH, SUMMARY_REFRESH) else SUMMARY_REFRESH, data, ids)


def _form(state: RefreshState, project: cards.ProjectView, cycle: cards.CycleView, tz: str) -> dict[str, Any]:
    source = state.latest or state.previous
    notice = cards.prefilled_notice(source.submitted_at, source.by_name, source.version, tz) if source else ""
    return cards.form_card(
        project=project,
        cycle=cycle,
        tz=tz,
        base_version=state.latest.version if state.latest else 0,
        draft=Draft.from_fields(source.fields) if source else None,
        milestones=state.milestones,
        can_carry_forward=source is not None,
        notice=notice,
    )


def closed_view(state: RefreshState, *, may_update: bool, tz: str, now: datetime) -> dict[str, Any]:
    """The cycle has closed: what stands, the cycle after it (or when it opens), and until when a late
    update is still taken (until the cycle after it closes; none for an older cycle)."""
    project = cards.ProjectView(state.project_ref, state.project_name)
    cycle = cards.CycleView(state.cycle_key, state.opens_at, state.due_at, state.closes_at, state.cycle_open)
    following: Period | None = None
    next_closes_at = state.next_closes_at
    if state.next_key is None:  # no later cycle yet: when the cadence opens (and closes) the next one
        try:
            cadence = Cadence.from_dict(state.cadence)
        except (TypeError, ValueError):
            cadence = Cadence()  # a setting this version cannot read: the default cadence still points somewhere
        following = calendar.first_opening_after(max(state.closes_at, now), cadence, tz)
        next_closes_at = following.closes_at
    return views.closed_card(
        project=project,
        cycle=cycle,
        update=update_view(state.latest) if state.latest else None,
        tz=tz,
        next_key=state.next_key,
        next_due_at=state.next_due_at,
        next_open=state.next_open,
        next_opens_at=following.opens_at if following else None,
        may_update=may_update,
        late_until=late_updates_until(state.cycle_key, state.just_closed_key, next_closes_at),
    )
