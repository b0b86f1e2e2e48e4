"""The programme office's changes in Teams: propose on a card, apply on Confirm.

Nothing changes when a command is typed: the bot answers with a confirm card that carries the
intended change and the state the admin saw. On Confirm the change is read again as an untrusted
claim, the person's rights are checked again (they may have lost them since), and the current state
is compared with what the card showed: already done → say so; changed meanwhile → a fresh card;
otherwise the change is written with its audit entry in one unit of work. Permission comes from
programme/access.py and nowhere else.

Proposing and confirming are here; the guard (`refusal`) is in services/admin_guard.py, what a change
meant and where it stands in services/admin_situation.py, the staff list and audit log in
services/admin_reading.py. This module re-exports them: `services.admin.refusal` is the one admin guard.
"""

from __future__ import annotations

from typing import Any

from cards import admin as cards
from programme.access import Viewer
from programme.admin_commands import (
    STATUS_OF_VERB,
    AreaName,
    Change,
    Invalid,
    already,
    check_name,
    done,
    match_area,
    parse_new_project,
    person_query,
    question,
    read_change,
    rename_splits,
)
from programme.text import text_escape
from services import admin_handover
from services.reply import Reply
from store import admin_repo
from store.db import Database, Session
from store.models import Person, Project

from .admin_guard import CHANGE_PLAN, GIVES_A_ROLE, NOT_IDENTIFIED, PRIVATE_ONLY, READ_AUDIT, actor, refusal
from .admin_reading import AUDIT_SHOWN, audit_view, export_pointer, staff_list
from .admin_situation import Situation, _catalogue, _exact, _resolve, _shown, _situation

__all__ = [
    "AUDIT_SHOWN",
    "CHANGE_PLAN",
    "GIVES_A_ROLE",
    "NOT_IDENTIFIED",
    "PRIVATE_ONLY",
    "READ_AUDIT",
    "Situation",
    "actor",
    "audit_view",
    "cancel",
    "choose",
    "confirm",
    "export_pointer",
    "propose_project",
    "propose_rename",
    "propose_role",
    "propose_staff",
    "propose_status",
    "refusal",
    "staff_list",
]


# --------------------------------------------------------------------------- proposing


async def propose_role(
    db: Database, viewer: Viewer, *, add: bool, kind: str, who: str, project: str, admin_emails: list[str]
) -> Reply:
    """`assign lead …`, `add deputy …`, `remove lead …`: a confirm card, or a question back."""
    op = "add_role" if add else "remove_role"
    return await _propose_about(db, viewer, who, project, admin_emails, op=op, role=kind)


async def propose_staff(
    db: Database, viewer: Viewer, *, grant: bool, role: str, who: str, admin_emails: list[str]
) -> Reply:
    op = "grant_staff" if grant else "revoke_staff"
    return await _propose_about(db, viewer, who, "", admin_emails, op=op, role=role)


async def _propose_about(
    db: Database, viewer: Viewer, who: str, project: str, admin_emails: list[str], *, op: str, role: str
) -> Reply:
    """A change about the person the command names (by email, or a name to look up)."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        email, name = person_query(who)
    except Invalid as exc:
        return Reply(text=str(exc))
    return await _propose(db, viewer, Change(op=op, role=role, email=email, who=name), project, admin_emails)


async def propose_status(db: Database, viewer: Viewer, *, verb: str, project: str) -> Reply:
    return await _propose(db, viewer, Change(op="set_status", status=STATUS_OF_VERB[verb]), project, [])


async def propose_rename(db: Database, viewer: Viewer, words: str) -> Reply:
    """`rename <project> to <new name>`: the first reading whose project part names a project wins."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    splits = rename_splits(words)
    if not splits:
        return Reply(
            text="Write it as **rename** *project* **to** *new name*, e.g. **rename CIT-02 to Digital inclusion**."
        )
    async with db.unit_of_work() as s:
        catalogue = await _catalogue(s)
    old, new = next(((o, n) for o, n in splits if _exact(o, catalogue)), splits[0])
    try:
        name = check_name(new)
    except Invalid as exc:
        return Reply(text=str(exc))
    return await _propose(db, viewer, Change(op="rename", name=name), old, [])


async def propose_project(db: Database, viewer: Viewer, words: str) -> Reply:
    """`add project CIT-04 Digital parking permits in Digital Citizen`."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        new = parse_new_project(words)
    except Invalid as exc:
        return Reply(text=str(exc))
    async with db.unit_of_work() as s:
        area_list = [AreaName(a.key, a.name) for a in await admin_repo.areas(s)]
    found = match_area(new.area_text, area_list)
    if len(found) != 1:
        names = ", ".join(a.name for a in area_list)
        return Reply(text=f"Which priority area? I know {text_escape(names, 400)}. Nothing was changed.")
    return await _propose(db, viewer, Change(op="add_project", ref=new.ref, name=new.name, area=found[0].key), "", [])


async def choose(db: Database, viewer: Viewer, data: dict[str, Any], admin_emails: list[str]) -> Reply:
    """A "which one?" button: the change with one more thing made definite; propose it again."""
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        change = read_change(data.get("change"), resolved=False)
    except Invalid as exc:
        return Reply(text=f"{exc} Nothing was changed.")
    return await _propose(db, viewer, change, "", admin_emails)


async def _propose(db: Database, viewer: Viewer, change: Change, project_query: str, admin_emails: list[str]) -> Reply:
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    async with db.unit_of_work() as s:
        resolved = await _resolve(s, change, project_query)
        if isinstance(resolved, Reply):
            return resolved
        situation = await _situation(s, resolved, admin_emails)
    if isinstance(situation, Reply):  # the project went between finding it and reading where it stands
        return situation
    if situation.already:
        return Reply(text=f"{already(_shown(resolved), situation.labels)} Nothing to change.")
    if situation.problem:
        return Reply(text=situation.problem)
    return Reply(card=_confirm_card(resolved.but(expect=situation.current), situation))


def _confirm_card(change: Change, situation: Situation, note: str = "") -> dict[str, Any]:
    notes = ([note] if note else []) + situation.notes + ["Nothing changes until you press Confirm."]
    return cards.confirm_card(question(_shown(change), situation.labels), situation.rows, notes, change.to_data())


# --------------------------------------------------------------------------- confirming


async def confirm(db: Database, viewer: Viewer, data: dict[str, Any], admin_emails: list[str]) -> Reply:
    """Confirm pressed: rights and state checked again, then the change and its audit entry, at once."""
    if viewer.person_id is None:
        return Reply(text=NOT_IDENTIFIED)
    if (why := await refusal(db, viewer)) is not None:
        return Reply(text=why)
    try:
        change = read_change(data.get("change"))
    except Invalid as exc:
        return Reply(text=f"{exc} Nothing was changed.")
    try:
        return await _confirm_in(db, change, actor(viewer), admin_emails)
    except admin_repo.Conflict:  # the unit of work was rolled back: nothing half-done stays
        return Reply(
            text="Someone made the same change at the same moment. Type the command again to see where "
            "things stand. Nothing more was changed."
        )
    except Invalid as exc:
        return Reply(text=str(exc))


async def _confirm_in(db: Database, change: Change, who: str, admin_emails: list[str]) -> Reply:
    """One unit of work: what stands now, then the change, or why not."""
    async with db.unit_of_work() as s:
        situation = await _situation(s, change, admin_emails)
        if isinstance(situation, Reply):
            return situation
        if situation.already:
            return Reply(card=cards.done_card("Already done", already(_shown(change), situation.labels)))
        if situation.current != change.expect:
            note = "Something changed since this card was made, so here it is again as things are now."
            return Reply(
                card=_confirm_card(change.but(expect=situation.current), situation, note)
                if not situation.problem
                else None,
                text=situation.problem,
            )
        if situation.problem:
            return Reply(text=situation.problem)
        await _apply(s, change, who, admin_emails)
    return Reply(card=cards.done_card("Done", done(_shown(change), situation.labels)))


async def _apply(s: Session, change: Change, who: str, admin_emails: list[str]) -> None:
    if change.op in ("add_role", "remove_role"):
        project = await _project(s, change.ref)
        person = await _person_or_new(s, change, who)
        run = admin_repo.add_role if change.op == "add_role" else admin_repo.remove_role
        await run(s, project, person, change.role, actor=who)
    elif change.op == "hand_over":
        await admin_handover.apply(s, change, await _person_or_new(s, change, who), who)
    elif change.op == "rename":
        await admin_repo.rename_project(s, await _project(s, change.ref), change.name, actor=who)
    elif change.op == "set_status":
        await admin_repo.set_status(s, await _project(s, change.ref), change.status, verb=change.verb, actor=who)
    elif change.op == "add_project":
        await admin_repo.create_project(s, ref=change.ref, name=change.name, area_key=change.area, actor=who)
    elif change.op == "grant_staff":
        await admin_repo.grant_staff_role(s, await _person_or_new(s, change, who), change.role, actor=who)
    else:
        await _revoke_staff(s, change, who)


async def _project(s: Session, ref: str) -> Project:
    project = await admin_repo.project_by_ref(s, ref)
    assert project is not None, ref  # `_situation` found it in this unit of work, and projects are never deleted
    return project


async def _person_or_new(s: Session, change: Change, who: str) -> Person:
    if change.email:
        return await admin_repo.person_for_email(s, change.email, actor=who)
    person = await admin_repo.person(s, person_id=change.person_id)
    if person is None:
        raise Invalid("That person is no longer known to the bot. Nothing was changed.")
    return person


async def _revoke_staff(s: Session, change: Change, who: str) -> None:
    """Never the last admin: the admin rows are locked while counting, so two removals cannot cross."""
    person = await _person_or_new(s, change, who)
    if change.role == "admin" and await admin_repo.admin_ids(s, lock=True) == [person.id]:
        raise Invalid("They are the only admin, and the bot always needs one. Nothing was changed.")
    await admin_repo.revoke_staff_role(s, person, change.role, actor=who)


async def cancel(db: Database, viewer: Viewer, data: dict[str, Any]) -> Reply:
    return Reply(card=cards.done_card("Cancelled", "Nothing was changed."))
