"""Where an admin's change stands against the database right now: what the typed words meant (a project,
a person) and what the confirm card shows (services/admin.py proposes and confirms with it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from cards import admin as cards
from programme.admin_commands import (
    PROJECT_OPS,
    STATUS_EFFECT,
    Change,
    Labels,
    PersonName,
    match_people,
    status_problem,
)
from programme.text import cards_escape, text_escape
from programme.updates import ProjectName, match_projects
from services import admin_handover, unlinked_accounts
from services.reply import Reply
from store import admin_repo
from store.db import Session
from store.models import Person, Project


@dataclass
class Situation:
    """Where a change stands against the database right now."""

    labels: Labels
    current: dict[str, Any]
    already: bool = False
    problem: str | None = None
    rows: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- finding what was meant


async def _catalogue(s: Session) -> list[ProjectName]:
    return [
        ProjectName(p.id, p.ref, p.name, tuple(a.alias for a in p.aliases)) for p in await admin_repo.all_projects(s)
    ]


def _exact(query: str, catalogue: list[ProjectName]) -> bool:
    q = query.casefold()
    return any(q in (p.ref.casefold(), p.name.casefold(), *(a.casefold() for a in p.aliases)) for p in catalogue)


async def _resolve(s: Session, change: Change, project_query: str) -> Change | Reply:
    """Turn what was typed into a definite project and person, or ask which one was meant."""
    if change.op in PROJECT_OPS and not change.ref:
        found = match_projects(project_query, await _catalogue(s))
        if not found:
            return Reply(
                text=f"I couldn't find a project called “{text_escape(project_query, 80)}”. Type "
                "**projects** to see them, or use its ref (e.g. CIT-02). Nothing was changed."
            )
        if len(found) > 1:
            options = [(f"{p.name[:40]} ({p.ref})", change.but(ref=p.ref).to_data()) for p in found]
            return Reply(
                card=cards.choice_card(
                    "Which project?", f"More than one project matches “{cards_escape(project_query, 80)}”.", options
                )
            )
        change = change.but(ref=found[0].ref)
    if change.who and not (change.email or change.person_id):
        return await _resolve_person(s, change)
    return change


async def _resolve_person(s: Session, change: Change) -> Change | Reply:
    people = [PersonName(p.id, p.name, p.email) for p in await admin_repo.known_people(s) if p.name]
    found = match_people(change.who, people)
    if not found:
        return Reply(
            text=f"I don't know anyone called “{text_escape(change.who, 80)}” yet. Use their work email "
            "instead, e.g. **assign lead jo.bloggs@council.example to CIT-02**. Nothing was changed."
        )
    if len(found) > 1:
        options = [(_person_label(p.name, p.email)[:60], _person_change(change, p).to_data()) for p in found]
        return Reply(
            card=cards.choice_card(
                "Which person?",
                f"More than one person is called something like “{cards_escape(change.who, 80)}”.",
                options,
            )
        )
    return _person_change(change, found[0])


def _person_change(change: Change, person: PersonName) -> Change:
    if person.email:
        return change.but(email=person.email, person_id=None, who="")
    return change.but(email="", person_id=person.id, who="")


def _person_label(name: str | None, email: str | None) -> str:
    if name and email:
        return f"{name} ({email})"
    return name or email or "someone"


def _shown(change: Change) -> Change:
    """The change with what people typed made safe to show inside a sentence."""
    return change.but(name=cards_escape(change.name, 300), ref=cards_escape(change.ref, 64))


# --------------------------------------------------------------------------- where a change stands


async def _situation(s: Session, change: Change, admin_emails: list[str]) -> Situation | Reply:
    if change.op in ("grant_staff", "revoke_staff"):
        return await _staff_situation(s, change, admin_emails)
    if change.op == "add_project":
        return await _new_project_situation(s, change)
    project = await admin_repo.project_by_ref(s, change.ref)
    if project is None:
        return Reply(text=f"There is no project {cards_escape(change.ref, 64)} any more. Nothing was changed.")
    if change.op in ("add_role", "remove_role"):
        return await _role_situation(s, change, project)
    if change.op == "hand_over":
        return Situation(**await admin_handover.situation(s, change, project, _project_label(project)))
    if change.op == "rename":
        return await _rename_situation(s, change, project)
    return _status_situation(change, project)


def _project_label(project: Project) -> str:
    return f"{cards_escape(project.name, 120)} ({cards_escape(project.ref, 64)})"


async def _person_of(s: Session, change: Change) -> Person | None:
    return await admin_repo.person(s, email=change.email, person_id=change.person_id)


async def _role_situation(s: Session, change: Change, project: Project) -> Situation:
    roles = await admin_repo.project_roles(s, project.id)
    person = await _person_of(s, change)
    key = change.email or f"#{change.person_id}"
    current = {"holders": admin_repo.holders(roles, change.role)}
    labels = Labels(
        project=_project_label(project),
        person=cards_escape(_person_label(person.name if person else "", change.email or None), 200),
    )
    plural = "Leads" if change.role == "lead" else "Deputies"
    names = admin_repo.holder_names(roles, change.role)
    situation = Situation(
        labels,
        current,
        rows=[("Project", labels.project), (f"{plural} now", cards_escape(", ".join(names), 400) or "none")],
    )
    holds = key in current["holders"]
    situation.already = holds if change.op == "add_role" else not holds
    if (unlinked := await unlinked_accounts.note(s, change.email)) is not None and change.op == "add_role":
        situation.notes.append(unlinked)  # a guest's or another tenant's account gave it: never theirs by email
    elif person is None:
        situation.notes.append(
            "I haven't met this person yet: they will be added by their email, and linked to "
            "their Teams account when they first talk to me."
        )
    if change.op == "remove_role" and change.role == "lead" and len(current["holders"]) == 1 and holds:
        situation.notes.append(
            "This project will have no lead: nobody will be prompted for its updates until you assign one."
        )
    if project.status != "active":
        situation.notes.append(f"The project is {project.status}, so nobody is prompted for it at the moment.")
    return situation


async def _rename_situation(s: Session, change: Change, project: Project) -> Situation:
    labels = Labels(project=_project_label(project))
    situation = Situation(
        labels,
        {"name": project.name},
        already=project.name == change.name,
        rows=[
            ("Ref (stays)", cards_escape(project.ref, 64)),
            ("Name now", cards_escape(project.name, 300)),
            ("New name", cards_escape(change.name, 300)),
        ],
    )
    other = await admin_repo.name_taken(s, change.name, other_than=project.id)
    if other is not None:
        situation.problem = (
            f"{_project_label(other)} is already called that; two projects with one name "
            "can't be told apart. Nothing was changed."
        )
    situation.notes.append("The old name stays as an alias, so people who ask by it still find the project.")
    return situation


def _status_situation(change: Change, project: Project) -> Situation:
    labels = Labels(project=_project_label(project))
    situation = Situation(
        labels,
        {"status": project.status},
        already=project.status == change.status,
        rows=[("Project", labels.project), ("Status now", project.status), ("Status after", change.status)],
    )
    if not situation.already:
        situation.problem = status_problem(change.verb, labels.project, project.status)
    situation.notes.append(STATUS_EFFECT[change.status])
    return situation


async def _new_project_situation(s: Session, change: Change) -> Situation:
    areas = {a.key: a.name for a in await admin_repo.areas(s)}
    labels = Labels(area=cards_escape(areas.get(change.area, change.area), 200))
    existing = await admin_repo.project_by_ref(s, change.ref)
    situation = Situation(
        labels,
        {"exists": existing is not None},
        rows=[
            ("Ref", cards_escape(change.ref, 64)),
            ("Name", cards_escape(change.name, 300)),
            ("Priority area", labels.area),
        ],
    )
    if existing is not None:
        situation.already = existing.name.casefold() == change.name.casefold()
        situation.problem = (
            f"The ref {cards_escape(change.ref, 64)} is already used by {_project_label(existing)}. "
            "Choose another ref. Nothing was changed."
        )
    elif (other := await admin_repo.name_taken(s, change.name)) is not None:
        situation.problem = f"{_project_label(other)} already has that name. Nothing was changed."
    elif change.area not in areas:
        situation.problem = "I don't know that priority area any more. Nothing was changed."
    situation.notes.append("It starts active, with no lead: assign one next.")
    return situation


async def _staff_situation(s: Session, change: Change, admin_emails: list[str]) -> Situation:
    person = await _person_of(s, change)
    roles = await admin_repo.staff_roles_of(s, person.id if person else None)
    label = cards_escape(_person_label(person.name if person else "", change.email or None), 200)
    situation = Situation(
        Labels(person=label), {"roles": roles}, rows=[("Person", label), ("Roles now", ", ".join(roles) or "none")]
    )
    granting = change.op == "grant_staff"
    situation.already = (change.role in roles) == granting
    if not granting and change.role == "admin" and not situation.already:
        if person is not None and await admin_repo.admin_ids(s) == [person.id]:
            situation.problem = (
                f"{label} is the only admin, and the bot always needs one. Make someone else an "
                "admin first. Nothing was changed."
            )
        if change.email and change.email in admin_emails:
            situation.notes.append(
                "This email is in ADMIN_EMAILS, so they become an admin again the next time they "
                "message me unless it is taken out of the bot's configuration."
            )
    if granting and (unlinked := await unlinked_accounts.note(s, change.email)) is not None:
        situation.notes.append(unlinked)  # a guest's or another tenant's account gave it: never theirs by email
    elif granting and person is None:
        situation.notes.append(
            "I haven't met this person yet: the role is kept for their email and applies when they first talk to me."
        )
    return situation
