"""Handing a lead's or deputy's role to someone else in one confirmed change (`hand_over`).

Made for the leaver card ("Priya Sharma has left: make the deputy lead / assign someone"), but an
ordinary admin change like the others in services/admin.py: proposed on a confirm card, checked again
against the database on Confirm, written with its audit entries in one unit of work. The person who
left keeps their history (updates stay attributed to them); only the role moves. A deputy made lead
stops being a deputy of the same project, so they are not prompted twice.
"""

from __future__ import annotations

from typing import Any

from programme.admin_commands import Change, Labels
from programme.text import cards_escape
from services import unlinked_accounts
from store import admin_repo
from store.db import Session
from store.models import Person, Project

OTHER_ROLE = {"lead": "deputy", "deputy": "lead"}


def _label(person: Person | None, email: str = "") -> str:
    if person is None:
        return cards_escape(email or "someone", 200)
    if person.name and person.email:
        return cards_escape(f"{person.name} ({person.email})", 200)
    return cards_escape(person.name or person.email or email or f"person {person.id}", 200)


async def situation(s: Session, change: Change, project: Project, project_label: str) -> dict[str, Any]:
    """Where the hand-over stands now, as the keyword arguments of services.admin.Situation."""
    roles = await admin_repo.project_roles(s, project.id)
    former = await admin_repo.person(s, person_id=change.former)
    newcomer = await admin_repo.person(s, email=change.email, person_id=change.person_id)
    holders = admin_repo.holders(roles, change.role)
    new_key = change.email or f"#{change.person_id}"
    former_key = (former.email or f"#{former.id}") if former else f"#{change.former}"
    labels = Labels(project=project_label, person=_label(newcomer, change.email), former=_label(former))
    plural = "Leads" if change.role == "lead" else "Deputies"
    rows = [
        ("Project", project_label),
        (f"{plural} now", cards_escape(", ".join(admin_repo.holder_names(roles, change.role)), 400) or "none"),
    ]
    out: dict[str, Any] = {
        "labels": labels,
        "current": {"holders": holders},
        "rows": rows,
        "notes": [],
        "already": new_key in holders and former_key not in holders,
    }
    if former is None:
        out["problem"] = "The person whose role this was is no longer known to the bot. Nothing was changed."
    elif newcomer is not None and newcomer.id == former.id:
        out["problem"] = "That is the person who left: choose someone else. Nothing was changed."
    if (unlinked := await unlinked_accounts.note(s, change.email)) is not None:
        out["notes"].append(unlinked)  # a guest's or another tenant's account gave it: never theirs by email
    elif newcomer is None:
        out["notes"].append(
            "I haven't met this person yet: they will be added by their email, and linked to "
            "their Teams account when they first talk to me."
        )
    elif new_key in admin_repo.holders(roles, OTHER_ROLE[change.role]) and change.role == "lead":
        out["notes"].append("They stop being a deputy of this project, so they are prompted once, as its lead.")
    out["notes"].append("Their predecessor's past updates stay attributed to them.")
    if project.status != "active":
        out["notes"].append(f"The project is {project.status}, so nobody is prompted for it at the moment.")
    return out


async def apply(s: Session, change: Change, newcomer: Person, who: str) -> None:
    """The former holder loses the role, the newcomer gains it (and, made lead, stops being deputy)."""
    project = await admin_repo.project_by_ref(s, change.ref)
    assert project is not None, change.ref  # `situation` found it in this unit of work; projects are never deleted
    former = await admin_repo.person(s, person_id=change.former)
    roles = await admin_repo.project_roles(s, project.id)
    held = {(r.person_id, r.role) for r in roles}
    if former is not None and (former.id, change.role) in held:
        await admin_repo.remove_role(s, project, former, change.role, actor=who)
    if change.role == "lead" and (newcomer.id, "deputy") in held:
        await admin_repo.remove_role(s, project, newcomer, "deputy", actor=who)
    if (newcomer.id, change.role) not in held:
        await admin_repo.add_role(s, project, newcomer, change.role, actor=who)
