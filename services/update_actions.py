"""The update card's buttons: open the form, submit, "no change", choose, keep a draft; each card claim
(project, cycle, base version) checked against what is stored, and a clash resolved by reading back
what won (services/updates.py re-exports these)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cards import decisions as update_cards
from cards import update as cards
from programme.access import Viewer, may_update_project
from programme.updates import (
    RISK_ROWS,
    UPDATE_FIELDS,
    CardClaim,
    Draft,
    Invalid,
    is_late,
    may_read_own_sensitive,
    parse_submission,
    read_claim,
    takes_updates,
)
from services import decisions
from services.reply import Reply
from store import ask_repo, cycle_repo, update_repo
from store.db import Database, Session
from store.models import Project, StatusUpdate, UpdateCycle

from .update_form import (
    NOT_IDENTIFIED,
    cycle_view,
    effective_viewer,
    form_reply,
    project_view,
    refusal,
    summary_reply,
    update_view,
)

# ----------------------------------------------------------------------------------- card actions


@dataclass
class _Checked:
    project: Project
    cycle: UpdateCycle
    viewer: Viewer
    claim: CardClaim


async def _check(s: Session, viewer: Viewer, data: dict[str, Any], *, need_base: bool = True) -> _Checked | Reply:
    """Card data is a claim: the project and cycle must exist, the cycle must still take updates (open,
    or the one just closed), and the person must be allowed."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    try:
        claim = read_claim(data if need_base else {**data, "base_version": data.get("base_version", 0)})
    except Invalid as exc:
        return Reply(text=next(iter(exc.errors.values())))
    project = await update_repo.project_by_ref(s, claim.project_ref)
    cycle = await cycle_repo.cycle_by_key(s, claim.cycle_key)
    if project is None or cycle is None:
        return Reply(
            text="This card refers to a project or cycle I don't know. Nothing was saved. "
            "Type **update** to get a fresh card."
        )
    if cycle.status != "open":
        last = await cycle_repo.just_closed(s)
        if not takes_updates(cycle.status, cycle.period_key, last.period_key if last else None):
            return Reply(
                text=f"That card is for the {cycle.period_key} cycle, which closed some time ago: updates are "
                "taken for the current cycle, and late ones for the cycle that has just closed. Nothing "
                "was saved. Type **update** to get this cycle's card."
            )
    viewer = await effective_viewer(s, viewer, cycle)
    if not may_update_project(viewer, project.id):
        return Reply(text=await refusal(s, project))
    if project.status != "active":
        return Reply(text=f"{project.name} is no longer an active project, so it takes no updates. Nothing was saved.")
    return _Checked(project, cycle, viewer, claim)


async def open_form(db: Database, viewer: Viewer, data: dict[str, Any], *, tz: str, now: datetime) -> Reply:
    """`update.open` and `update.edit`: the form for one project, based on its newest version."""
    async with db.unit_of_work() as s:
        checked = await _check(s, viewer, data, need_base=False)
        if isinstance(checked, Reply):
            return checked
        latest = await update_repo.latest_in_cycle(s, checked.project.id, checked.cycle.id)
        if checked.cycle.status != "open" and latest is not None:
            return await _summary(s, checked, latest, tz, "This cycle has closed: the update can't be edited now")
        return await _form(s, checked, tz)


async def submit(
    db: Database, viewer: Viewer, data: dict[str, Any], *, activity_id: str | None, tz: str, now: datetime
) -> Reply:
    """The form's Submit: validate, then store as the next version (or explain why not)."""
    async with db.unit_of_work() as s:
        checked = await _check_new(s, viewer, data, activity_id, tz)
        if isinstance(checked, Reply):
            return checked
        draft = await _parsed(s, checked, data, tz)
        if isinstance(draft, Reply):
            return draft
        return await store_draft(
            s,
            checked,
            draft,
            activity_id=activity_id,
            tz=tz,
            now=now,
            no_change=False,
            withdraw=update_cards.withdrawals(data),
        )


async def no_change(
    db: Database, viewer: Viewer, data: dict[str, Any], *, activity_id: str | None, tz: str, now: datetime
) -> Reply:
    """One click: the previous update carried forward, recorded as "no change"."""
    async with db.unit_of_work() as s:
        checked = await _check_new(s, viewer, data, activity_id, tz)
        if isinstance(checked, Reply):
            return checked
        previous = await update_repo.latest_in_cycle(
            s, checked.project.id, checked.cycle.id
        ) or await update_repo.latest_update(s, checked.project.id)
        if previous is None:
            return Reply(
                text=f"There's no earlier update of {checked.project.name} to carry forward: fill in the card instead."
            )
        draft = Draft.from_fields(update_repo.fields_of(previous)).carried_forward()
        return await store_draft(s, checked, draft, activity_id=activity_id, tz=tz, now=now, no_change=True)


async def choose(
    db: Database, viewer: Viewer, data: dict[str, Any], *, activity_id: str | None, tz: str, now: datetime
) -> Reply:
    """After a clash: keep the other person's version, or save this person's on top of it."""
    async with db.unit_of_work() as s:
        checked = await _check(s, viewer, data)
        if isinstance(checked, Reply):
            return checked
        latest = await update_repo.latest_in_cycle(s, checked.project.id, checked.cycle.id)
        if data.get("choice") != "mine":
            if latest is None:
                return await _form(s, checked, tz)
            return await _summary(s, checked, latest, tz, "Their version stands")
        given = data.get("draft")
        raw: dict[str, Any] = given if isinstance(given, dict) else {}
        # the draft came back through the client: validate it like any submission
        draft = await _parsed(s, checked, _as_inputs(raw), tz)
        if isinstance(draft, Reply):
            return draft
        return await store_draft(s, checked, draft, activity_id=activity_id, tz=tz, now=now, no_change=False)


def _as_inputs(fields: dict[str, Any]) -> dict[str, Any]:
    """A stored draft turned back into the card's input ids, so it passes the same validation."""
    inputs = {k: fields.get(k) for k in UPDATE_FIELDS if k not in ("risks", "milestone_changes")}  # those two below
    risks = [r for r in (fields.get("risks") or []) if isinstance(r, dict)][:RISK_ROWS]
    for i, risk in enumerate(risks, start=1):
        inputs[f"risk_{i}"] = risk.get("text")
        inputs[f"risk_{i}_sensitive"] = "true" if risk.get("sensitive") is True else "false"
    for change in fields.get("milestone_changes") or []:
        if isinstance(change, dict) and isinstance(change.get("milestone_id"), int):
            inputs[f"ms_{change['milestone_id']}"] = change.get("to")
    return inputs


async def store_draft(
    s: Session,
    checked: _Checked,
    draft: Draft,
    *,
    activity_id: str | None,
    tz: str,
    now: datetime,
    no_change: bool,
    withdraw: list[int] | None = None,
) -> Reply:
    """Write the next version if the card was based on the newest one; otherwise let the person choose.

    Runs inside the caller's unit of work: the whole Submit is one transaction. The insert is in a
    savepoint (update_repo.insert_version), so a clash with a concurrent writer leaves this transaction
    usable to read what is stored now and show it."""
    cycle, project = checked.cycle, checked.project
    latest = await update_repo.latest_in_cycle(s, project.id, cycle.id)
    outcome = await _before_insert(s, checked, latest, draft, tz)
    if outcome is not None:
        return outcome
    person = await update_repo.person_by_id(s, checked.viewer.person_id)
    by = (person.name or person.email) if person else (checked.viewer.name or "an admin")
    try:
        update = await update_repo.insert_version(
            s,
            project=project,
            cycle=cycle,
            version=(latest.version if latest else 0) + 1,
            draft=draft,
            submitted_at=now,
            person=person,
            by_name=by or "",
            activity_id=activity_id,
            no_change=no_change,
            late=is_late(now, cycle.due_at),
        )
    except update_repo.UpdateClash:
        return await _after_clash(s, checked, draft, activity_id, tz)
    await update_repo.apply_milestone_changes(s, project.id, list(draft.milestone_changes), actor=by or "")
    await ask_repo.sync_update(s, update, actor=by or "")  # its asks of the DLG, matched to the open ones
    withdrawn = await decisions.withdraw(s, checked.viewer, withdraw or [], project_id=project.id, now=now)
    heading = "Carried forward: no change since last update" if no_change else ""
    if withdrawn:
        heading = (
            heading or f"Update saved: {project.name}"
        ) + f" ({len(withdrawn)} ask{'s' if len(withdrawn) > 1 else ''} withdrawn)"
    card = await summary_reply(
        s, project=project, cycle=cycle, update=update, viewer=checked.viewer, tz=tz, heading=heading
    )
    return Reply(card=card, stored=True)


async def _before_insert(
    s: Session, checked: _Checked, latest: StatusUpdate | None, draft: Draft, tz: str
) -> Reply | None:
    """None when the draft may become the next version; otherwise what to show instead."""
    cycle, base = checked.cycle, checked.claim.base_version
    if cycle.status != "open" and latest is not None:
        return await _summary(s, checked, latest, tz, "This cycle has closed: the update can't be changed now")
    current = latest.version if latest else 0
    if base == current:
        return None
    if latest is not None and _same(latest, draft, checked.viewer):
        return await _summary(s, checked, latest, tz)  # a double click: the first one was stored
    if latest is None or base > current:
        return await _form(
            s,
            checked,
            tz,
            notice="That card was out of date, so nothing was saved. Here is the current version to start from.",
        )
    return _conflict(checked, latest, draft, tz)


def _same(update: StatusUpdate, draft: Draft, viewer: Viewer) -> bool:
    return update.submitted_by_id == viewer.person_id and Draft.from_fields(update_repo.fields_of(update)).same_content(
        draft
    )


async def _check_new(
    s: Session, viewer: Viewer, data: dict[str, Any], activity_id: str | None, tz: str
) -> _Checked | Reply:
    """`_check`, and a redelivered click (its activity is stored already) answered with what it stored."""
    checked = await _check(s, viewer, data)
    if isinstance(checked, Reply):
        return checked
    if activity_id and (done := await update_repo.by_activity(s, activity_id)) is not None:
        return await _summary(s, checked, done, tz)
    return checked


async def _parsed(s: Session, checked: _Checked, values: dict[str, Any], tz: str) -> Draft | Reply:
    """The card's inputs as a draft, or the form again with what is wrong (nothing saved)."""
    milestones = await update_repo.milestones_of(s, checked.project.id)
    try:
        return parse_submission(values, milestones)
    except Invalid as exc:
        return await _form(s, checked, tz, errors=exc.errors, values=values, base_version=checked.claim.base_version)


async def _form(
    s: Session,
    checked: _Checked,
    tz: str,
    *,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    base_version: int | None = None,
) -> Reply:
    return Reply(
        card=await form_reply(
            s,
            project=checked.project,
            cycle=checked.cycle,
            viewer=checked.viewer,
            tz=tz,
            errors=errors,
            values=values,
            notice=notice,
            base_version=base_version,
        )
    )


async def _summary(s: Session, checked: _Checked, update: StatusUpdate, tz: str, heading: str = "") -> Reply:
    return Reply(
        card=await summary_reply(
            s,
            project=checked.project,
            cycle=checked.cycle,
            update=update,
            viewer=checked.viewer,
            tz=tz,
            heading=heading,
        )
    )


def _conflict(checked: _Checked, latest: StatusUpdate, draft: Draft, tz: str) -> Reply:
    """Theirs and mine side by side: the person chooses (services/updates `choose`)."""
    return Reply(
        card=cards.conflict_card(
            project=project_view(checked.project),
            cycle=cycle_view(checked.cycle),
            theirs=update_view(latest),
            mine=draft,
            tz=tz,
            show_sensitive=may_read_own_sensitive(checked.viewer, checked.project.id),
        )
    )


async def _after_clash(s: Session, checked: _Checked, draft: Draft, activity_id: str | None, tz: str) -> Reply:
    """Someone (or this very retry) stored first: show what is stored now, never overwrite it."""
    if activity_id and (done := await update_repo.by_activity(s, activity_id)) is not None:
        return await _summary(s, checked, done, tz)
    latest = await update_repo.latest_in_cycle(s, checked.project.id, checked.cycle.id)
    if latest is None:
        return Reply(text="Something went wrong saving that and nothing was stored. Please try again.")
    if _same(latest, draft, checked.viewer):
        return await _summary(s, checked, latest, tz)
    return _conflict(checked, latest, draft, tz)
