"""Status updates from leads: opening the form, submitting, "no change", editing, resolving a clash.

Stateless functions over the database. Every card claim (project, cycle, base version) is checked
here against what is stored; permission is `access.may_update_project` (with this cycle's
delegations added). A submission is stored exactly once: the activity id and the
(project, cycle, version) key are unique, and a clash is resolved by reading back what won.

The `update` command is here; the form and its views are in services/update_form.py, the card's buttons
in services/update_actions.py, and this module re-exports both (bot/updates.py calls them through it).
"""

from __future__ import annotations

from datetime import datetime

from cards import update as cards
from programme.access import Viewer, may_update_project
from programme.terms import rag_word
from programme.text import uk_date
from programme.updates import ProjectName, match_projects
from services.reply import Reply
from store import cycle_repo, update_repo
from store.db import Database, Session
from store.models import StatusUpdate, UpdateCycle

from .update_actions import choose, no_change, open_form, store_draft, submit
from .update_form import (
    NOT_IDENTIFIED,
    cycle_view,
    effective_viewer,
    form_from,
    form_reply,
    last_update_at,
    my_projects,
    project_view,
    refreshing_for,
    refusal,
    still_to_do,
    summary_reply,
    update_view,
)

__all__ = [
    "NOT_IDENTIFIED",
    "choose",
    "current_cycle",
    "cycle_view",
    "effective_viewer",
    "form_from",
    "form_reply",
    "last_update_at",
    "my_projects",
    "no_change",
    "open_form",
    "project_view",
    "refreshing_for",
    "refusal",
    "start_update",
    "still_to_do",
    "store_draft",
    "submit",
    "summary_reply",
    "update_view",
]


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
