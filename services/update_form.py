"""A lead's update form and the summary of what they sent: the views of a project, a cycle and an update,
who may update, and what the form is filled with (services/updates.py re-exports these)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from typing import Any

from cards import update as cards
from cards.decisions import AsksOnForm
from cards.refresh import user_ids
from programme.access import Viewer
from programme.asks import KnownAsk, in_the_box, prefill_asks
from programme.updates import Draft, may_read_own_sensitive, with_delegations
from services import decisions
from services.refresh import prompt_refresh, summary_refresh
from store import card_repo, delegation_repo, update_repo
from store.db import Session
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
