"""Status updates from leads: opening the form, submitting, "no change", editing, resolving a clash.

Stateless functions over the database. Every card claim (project, cycle, base version) is checked
here against what is stored; permission is `access.may_update_project` (with this cycle's
delegations added). A submission is stored exactly once: the activity id and the
(project, cycle, version) key are unique, and a clash is resolved by reading back what won.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from cards import decisions as update_cards
from cards import update as cards
from cards.decisions import AsksOnForm
from cards.refresh import user_ids
from programme.access import Viewer, may_update_project
from programme.asks import KnownAsk, in_the_box, prefill_asks
from programme.terms import rag_word
from programme.text import uk_date
from programme.updates import (
    RISK_ROWS,
    CardClaim,
    Draft,
    Invalid,
    ProjectName,
    is_late,
    match_projects,
    may_read_own_sensitive,
    parse_submission,
    read_claim,
    takes_updates,
    with_delegations,
)
from services import decisions
from services.refresh import prompt_refresh, summary_refresh
from services.reply import Reply
from store import ask_repo, card_repo, cycle_repo, delegation_repo, update_repo
from store.db import Database, Session
from store.models import Project, StatusUpdate, UpdateCycle

NOT_IDENTIFIED = (
    "I can't tell who you are, so I can't take an update from you. Open a 1:1 chat with me in Teams and try again."
)


def project_view(p: Project) -> cards.ProjectView:
    return cards.ProjectView(p.ref, p.name)


def cycle_view(c: UpdateCycle) -> cards.CycleView:
    return cards.CycleView(c.period_key, c.opens_at, c.due_at, c.closes_at, c.status == "open")


def update_view(u: StatusUpdate) -> cards.UpdateView:
    return cards.UpdateView(
        u.version, Draft.from_fields(update_repo.fields_of(u)), u.submitted_by_name, u.submitted_at, u.no_change, u.late
    )


async def effective_viewer(session: Session, viewer: Viewer, cycle: UpdateCycle | None) -> Viewer:
    """The viewer with this cycle's delegations to them counted as projects they may update."""
    if viewer.person_id is None or cycle is None:
        return viewer
    return with_delegations(
        viewer, await delegation_repo.projects_delegated_to(session, viewer.person_id, cycle.period_key)
    )


async def refusal(session: Session, project: Project) -> str:
    people = await update_repo.project_people(session, project.id)
    who = ", ".join(f"{name} ({role})" for role, name in people) or "nobody yet"
    return (
        f"Only the leads, deputies or a delegate of {project.name} ({project.ref}), or an admin, can update it "
        f"— that's {who}. Nothing was saved. Type **update** to see the projects you can update."
    )


# ----------------------------------------------------------------------------------- the form


async def form_reply(
    session: Session,
    *,
    project: Project,
    cycle: UpdateCycle,
    viewer: Viewer,
    tz: str,
    position: tuple[int, int] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    base_version: int | None = None,
) -> dict[str, Any]:
    """The update form for a project and cycle, prefilled with the newest update there is."""
    [prefill] = (await update_repo.prefill(session, cycle.id, {project.id})).values()
    ids = None if values is not None else await refreshing_for(session, cycle, project)
    asks = (await decisions.form_asks(session, {project.id: last_update_at(prefill)}, tz=tz))[project.id]
    return form_from(
        prefill,
        project=project,
        cycle=cycle,
        tz=tz,
        position=position,
        errors=errors,
        values=values,
        notice=notice,
        base_version=base_version,
        user_ids=ids,
        asks=asks,
    )


async def refreshing_for(session: Session, cycle: UpdateCycle, project: Project, first: str | None = None) -> list[str]:
    """Who the project's cards refresh for: its leads, deputies and this cycle's delegates (`first` leading)."""
    return user_ids([first], (await card_repo.teams_ids(session, cycle.period_key, {project.id})).get(project.id, []))


def last_update_at(prefill: update_repo.Prefill) -> datetime | None:
    """When the project last reported: the DLG's decisions after it are news on the next card."""
    latest = prefill.latest_in_cycle or prefill.previous
    return latest.submitted_at if latest else None


def form_from(
    prefill: update_repo.Prefill,
    *,
    project: Project,
    cycle: UpdateCycle,
    tz: str,
    position: tuple[int, int] | None = None,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    notice: str = "",
    base_version: int | None = None,
    user_ids: list[str] | None = None,
    asks: AsksOnForm | None = None,
) -> dict[str, Any]:
    """The form from data already read (a fan-out reads a whole batch's in a few queries). `asks`: the
    lead's open asks carried from earlier cycles and the DLG's decisions since their last update, shown
    above the asks box, which is prefilled without them (carried ones stay open on their own; decided
    ones are done). This cycle's own asks stay in the box: it is the update's text (programme/asks.py).

    With `user_ids` it refreshes itself for those people (services/refresh.py). A form shown again with
    what someone typed (`values`) never does: a refresh would put the stored version over their typing."""
    latest, previous = prefill.latest_in_cycle, prefill.latest_in_cycle or prefill.previous
    draft = Draft.from_fields(update_repo.fields_of(previous)) if previous else None
    if asks:
        asks = AsksOnForm(
            [
                a
                for a in asks.open
                if not in_the_box(KnownAsk(a.id, a.text, a.status, a.cycle_id, a.on_agenda), cycle.id)
            ],
            asks.decided,
        )
    if draft is not None and asks:
        known = [KnownAsk(a.id, a.text, a.status) for a in asks.open + asks.decided]
        draft = replace(draft, asks_of_dlg=prefill_asks(draft.asks_of_dlg, known))
    if previous is not None and not notice and values is None:
        notice = cards.prefilled_notice(previous.submitted_at, previous.submitted_by_name, previous.version, tz)
    base = base_version if base_version is not None else (latest.version if latest else 0)
    card = cards.form_card(
        project=project_view(project),
        cycle=cycle_view(cycle),
        tz=tz,
        base_version=base,
        draft=draft,
        milestones=prefill.milestones,
        can_carry_forward=previous is not None,
        errors=errors,
        notice=notice,
        position=position,
        values=values,
        asks=asks,
    )
    if user_ids is None or values is not None:
        return card
    return prompt_refresh(card, project_ref=project.ref, cycle_key=cycle.period_key, base_version=base, ids=user_ids)


async def summary_reply(
    session: Session,
    *,
    project: Project,
    cycle: UpdateCycle,
    update: StatusUpdate,
    viewer: Viewer,
    tz: str,
    heading: str = "",
) -> dict[str, Any]:
    todo = await still_to_do(session, viewer, cycle, exclude=project.id)
    card = cards.summary_card(
        project=project_view(project),
        cycle=cycle_view(cycle),
        update=update_view(update),
        tz=tz,
        show_sensitive=may_read_own_sensitive(viewer, project.id),
        can_edit=cycle.status == "open",
        heading=heading,
        still_to_do=[project_view(p) for p in todo],
    )
    return summary_refresh(
        card,
        project_ref=project.ref,
        cycle_key=cycle.period_key,
        version=update.version,
        ids=await refreshing_for(session, cycle, project),
    )


async def my_projects(session: Session, viewer: Viewer) -> list[Project]:
    """Projects this person leads, deputises on or was delegated this cycle (active ones)."""
    projects = await update_repo.projects_by_id(session, set(viewer.lead_of))
    return [p for p in projects if p.status == "active"]


async def still_to_do(
    session: Session, viewer: Viewer, cycle: UpdateCycle, exclude: int | None = None
) -> list[Project]:
    mine = [p for p in await my_projects(session, viewer) if p.id != exclude]
    done = await update_repo.versions_in_cycle(session, cycle.id, {p.id for p in mine})
    return [p for p in mine if p.id not in done]


# ----------------------------------------------------------------------------------- "update"


async def current_cycle(session: Session, now: datetime) -> UpdateCycle | None:
    return await cycle_repo.latest_cycle(session, now)


async def start_update(db: Database, viewer: Viewer, query: str, *, tz: str, now: datetime) -> Reply:
    """`update` or `update <project>`: the form, a picker, or why not."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    if not viewer.in_private_chat:
        return Reply(
            text="Status updates are done in a 1:1 chat with me, so nobody else sees them before they are "
            "saved. Open a chat with me and type **update** there."
        )
    async with db.unit_of_work() as s:
        cycle = await current_cycle(s, now)
        if cycle is None:
            return Reply(
                text="No update cycle has opened yet, so there is nothing to update. "
                "I'll send you the card when the first cycle opens."
            )
        viewer = await effective_viewer(s, viewer, cycle)
        if query.strip():
            return await _update_named(s, viewer, cycle, query, tz)
        mine = await my_projects(s, viewer)
        if not mine:
            extra = " As an admin you can update any project: type **update** and its name." if viewer.is_admin else ""
            return Reply(
                text="You aren't a lead, deputy or delegate of any active project, so there's nothing for you "
                f"to update.{extra}"
            )
        if len(mine) == 1:
            return Reply(card=await form_reply(s, project=mine[0], cycle=cycle, viewer=viewer, tz=tz))
        versions = await update_repo.versions_in_cycle(s, cycle.id, {p.id for p in mine})
        items = [(project_view(p), _state(versions.get(p.id), tz)) for p in mine]
        return Reply(card=cards.picker_card(cycle=cycle_view(cycle), items=items, tz=tz))


def _state(update: StatusUpdate | None, tz: str) -> str:
    if update is None:
        return "Not updated this cycle yet"
    return f"Updated: {rag_word(update.rag)}, version {update.version}, {uk_date(update.submitted_at, tz)}"


async def _update_named(s: Session, viewer: Viewer, cycle: UpdateCycle, query: str, tz: str) -> Reply:
    catalogue = [ProjectName(i, r, n, tuple(a)) for i, r, n, a in await update_repo.project_catalogue(s)]
    found = match_projects(query, catalogue)
    if not found:
        return Reply(
            text=f"I couldn't find an active project called \u201c{query[:80]}\u201d. Type **projects** to "
            "see them all, or **update** for yours."
        )
    if len(found) > 1:
        options = [
            (f"{p.name[:40]} ({p.ref})", cards.OPEN, {"project": p.ref, "cycle": cycle.period_key})
            for p in found
            if may_update_project(viewer, p.id)
        ]
        if not options:
            names = ", ".join(f"{p.name} ({p.ref})" for p in found)
            return Reply(text=f"That could be {names}, but you don't update any of them.")
        return Reply(card=cards.choice_card("Which project?", "More than one project matches that.", options))
    project = await update_repo.project_by_ref(s, found[0].ref)
    if project is None or not may_update_project(viewer, project.id):
        return Reply(text=await refusal(s, project)) if project else Reply(text="That project no longer exists.")
    return Reply(card=await form_reply(s, project=project, cycle=cycle, viewer=viewer, tz=tz))


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
            return Reply(
                card=await summary_reply(
                    s,
                    project=checked.project,
                    cycle=checked.cycle,
                    update=latest,
                    viewer=checked.viewer,
                    tz=tz,
                    heading="This cycle has closed: the update can't be edited now",
                )
            )
        return Reply(
            card=await form_reply(s, project=checked.project, cycle=checked.cycle, viewer=checked.viewer, tz=tz)
        )


async def submit(
    db: Database, viewer: Viewer, data: dict[str, Any], *, activity_id: str | None, tz: str, now: datetime
) -> Reply:
    """The form's Submit: validate, then store as the next version (or explain why not)."""
    async with db.unit_of_work() as s:
        checked = await _check(s, viewer, data)
        if isinstance(checked, Reply):
            return checked
        if activity_id and (done := await update_repo.by_activity(s, activity_id)) is not None:
            return await _already(s, checked, done, tz)
        milestones = await update_repo.milestones_of(s, checked.project.id)
        try:
            draft = parse_submission(data, milestones)
        except Invalid as exc:
            return Reply(
                card=await form_reply(
                    s,
                    project=checked.project,
                    cycle=checked.cycle,
                    viewer=checked.viewer,
                    tz=tz,
                    errors=exc.errors,
                    values=data,
                    base_version=checked.claim.base_version,
                )
            )
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
        checked = await _check(s, viewer, data)
        if isinstance(checked, Reply):
            return checked
        if activity_id and (done := await update_repo.by_activity(s, activity_id)) is not None:
            return await _already(s, checked, done, tz)
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
                return Reply(
                    card=await form_reply(s, project=checked.project, cycle=checked.cycle, viewer=checked.viewer, tz=tz)
                )
            return Reply(
                card=await summary_reply(
                    s,
                    project=checked.project,
                    cycle=checked.cycle,
                    update=latest,
                    viewer=checked.viewer,
                    tz=tz,
                    heading="Their version stands",
                )
            )
        given = data.get("draft")
        raw: dict[str, Any] = given if isinstance(given, dict) else {}
        milestones = await update_repo.milestones_of(s, checked.project.id)
        try:  # the draft came back through the client: validate it like any submission
            draft = parse_submission(_as_inputs(raw), milestones)
        except Invalid as exc:
            return Reply(
                card=await form_reply(
                    s,
                    project=checked.project,
                    cycle=checked.cycle,
                    viewer=checked.viewer,
                    tz=tz,
                    errors=exc.errors,
                    values=_as_inputs(raw),
                    base_version=checked.claim.base_version,
                )
            )
        return await store_draft(s, checked, draft, activity_id=activity_id, tz=tz, now=now, no_change=False)


def _as_inputs(fields: dict[str, Any]) -> dict[str, Any]:
    """A stored draft turned back into the card's input ids, so it passes the same validation."""
    inputs = {
        k: fields.get(k)
        for k in (
            "rag",
            "rag_reason",
            "progress_pct",
            "summary",
            "achievements",
            "next_steps",
            "blockers",
            "asks_of_dlg",
        )
    }
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
        return Reply(
            card=await summary_reply(
                s,
                project=checked.project,
                cycle=cycle,
                update=latest,
                viewer=checked.viewer,
                tz=tz,
                heading="This cycle has closed: the update can't be changed now",
            )
        )
    current = latest.version if latest else 0
    if base == current:
        return None
    if latest is not None and _same(latest, draft, checked.viewer):
        return await _already(s, checked, latest, tz)  # a double click: the first one was stored
    if latest is None or base > current:
        return Reply(
            card=await form_reply(
                s,
                project=checked.project,
                cycle=cycle,
                viewer=checked.viewer,
                tz=tz,
                notice="That card was out of date, so nothing was saved. Here is the current version to start from.",
            )
        )
    return Reply(
        card=cards.conflict_card(
            project=project_view(checked.project),
            cycle=cycle_view(cycle),
            theirs=update_view(latest),
            mine=draft,
            tz=tz,
            show_sensitive=may_read_own_sensitive(checked.viewer, checked.project.id),
        )
    )


def _same(update: StatusUpdate, draft: Draft, viewer: Viewer) -> bool:
    return update.submitted_by_id == viewer.person_id and Draft.from_fields(update_repo.fields_of(update)).same_content(
        draft
    )


async def _already(s: Session, checked: _Checked, update: StatusUpdate, tz: str) -> Reply:
    return Reply(
        card=await summary_reply(
            s, project=checked.project, cycle=checked.cycle, update=update, viewer=checked.viewer, tz=tz
        )
    )


async def _after_clash(s: Session, checked: _Checked, draft: Draft, activity_id: str | None, tz: str) -> Reply:
    """Someone (or this very retry) stored first: show what is stored now, never overwrite it."""
    if activity_id and (done := await update_repo.by_activity(s, activity_id)) is not None:
        return await _already(s, checked, done, tz)
    latest = await update_repo.latest_in_cycle(s, checked.project.id, checked.cycle.id)
    if latest is None:
        return Reply(text="Something went wrong saving that and nothing was stored. Please try again.")
    if _same(latest, draft, checked.viewer):
        return await _already(s, checked, latest, tz)
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
