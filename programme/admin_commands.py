"""The programme office's changes, without I/O: what a change is, which status moves make sense, and
saying a change back in words. Reading what an admin typed is `programme/admin_typed.py`, the audit log
in words `programme/audit_log.py`; both are importable from here too.

A change is proposed on a confirm card and comes back when the admin presses Confirm, so it is a
small dict that anyone could forge: `read_change` checks it field by field, and the service checks
it again against the database (and the person's rights) before anything is written. The card also
carries `expect`, the state the admin saw, so a change made by someone else in between is noticed
rather than silently overwritten.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, replace
from typing import Any

from .admin_typed import (
    ADD_PROJECT_HINT,
    PROJECT_REF,
    AreaName,
    Invalid,
    NewProject,
    PersonName,
    audit_window,
    check_name,
    match_area,
    match_people,
    parse_new_project,
    person_query,
    rename_splits,
)
from .audit_log import AuditLine, audit_changes, audit_what, audit_when
from .planfile import MAX_LEN, normalise_ref, parse_email

__all__ = [
    "ADD_PROJECT_HINT",
    "ALLOWED_FROM",
    "MAX_EXPECT_CHARS",
    "OPS",
    "PLAN_ENTITIES",
    "PROJECT_OPS",
    "PROJECT_ROLES",
    "STAFF_ROLES",
    "STATUS_EFFECT",
    "STATUS_OF_VERB",
    "VERB_OF_STATUS",
    "AreaName",
    "AuditLine",
    "Change",
    "Invalid",
    "Labels",
    "NewProject",
    "PersonName",
    "already",
    "audit_changes",
    "audit_what",
    "audit_when",
    "audit_window",
    "check_name",
    "done",
    "match_area",
    "match_people",
    "parse_new_project",
    "person_query",
    "question",
    "read_change",
    "rename_splits",
    "status_problem",
]

OPS = ("add_role", "remove_role", "add_project", "rename", "set_status", "grant_staff", "revoke_staff", "hand_over")
PROJECT_OPS = ("add_role", "remove_role", "rename", "set_status", "hand_over")
PROJECT_ROLES = ("lead", "deputy")
STAFF_ROLES = ("admin", "dlg")
STATUS_OF_VERB = {"pause": "paused", "close": "closed", "retire": "retired", "reactivate": "active"}
VERB_OF_STATUS = {v: k for k, v in STATUS_OF_VERB.items()}
ALLOWED_FROM = {
    "pause": ("active",),
    "close": ("active", "paused"),
    "retire": ("active", "paused", "closed"),
    "reactivate": ("paused", "closed", "retired"),
}
STATUS_EFFECT = {
    "paused": "Its leads get no prompts or reminders, and it leaves the project list and the digest, until it "
    "is reactivated. Its history stays.",
    "closed": "It is finished: no more prompts, and it leaves the project list and the digest. Its history stays.",
    "retired": "It is taken out of the plan, as a plan import does with a project it no longer lists. Its "
    "history stays.",
    "active": "Its leads are prompted again from the next cycle, and it is back in the project list and the digest.",
}
PLAN_ENTITIES = ("project", "milestone", "priority_area", "enabler")
MAX_EXPECT_CHARS = 4000


# --------------------------------------------------------------------------- the change


@dataclass(frozen=True)
class Change:
    """One change to the plan or the staff roles, as it travels on a confirm card."""

    op: str
    ref: str = ""  # project ref (project changes)
    role: str = ""  # lead / deputy (project roles) or admin / dlg (staff roles)
    email: str = ""  # the person, when they have (or will be created with) an email
    person_id: int | None = None  # the person, when known only from Teams (no email)
    name: str = ""  # new project name (add_project, rename)
    area: str = ""  # priority area key (add_project)
    status: str = ""  # target status (set_status)
    who: str = ""  # a name typed for the person, still to be matched (only before confirming)
    expect: dict[str, Any] = field(default_factory=dict)  # the state the admin was shown
    former: int | None = None  # hand_over: the person (who left) whose role passes to `email`/`person_id`

    def to_data(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in ("", None, {})}

    def but(self, **changes: Any) -> Change:
        return replace(self, **changes)

    @property
    def verb(self) -> str:
        return VERB_OF_STATUS.get(self.status, "")


def read_change(data: Any, *, resolved: bool = True) -> Change:
    """A change as sent back by a card; anything malformed or out of range is refused.

    `resolved=False` reads a half-made change from a "which one?" card: the person may still be a name.
    """
    if not isinstance(data, dict):
        raise Invalid("This button doesn't carry a change I can read.")
    op = _word(data, "op", OPS)
    role_choices = STAFF_ROLES if op in ("grant_staff", "revoke_staff") else PROJECT_ROLES
    change = Change(
        op=op,
        ref=_ref(data) if op != "grant_staff" and op != "revoke_staff" else "",
        role=_word(data, "role", role_choices)
        if op in ("add_role", "remove_role", "grant_staff", "revoke_staff", "hand_over")
        else "",
        email=_email(data),
        person_id=_person_id(data),
        name=_text(data, "name", MAX_LEN["name"]),
        area=_text(data, "area", 64),
        status=_word(data, "status", tuple(VERB_OF_STATUS)) if op == "set_status" else "",
        who="" if resolved else _text(data, "who", MAX_LEN["person_name"]),
        expect=_expect(data),
        former=_person_id(data, "former") if op == "hand_over" else None,
    )
    _check_complete(change)
    return change


def _word(data: dict[str, Any], key: str, choices: tuple[str, ...]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or value not in choices:
        raise Invalid("This button doesn't carry a change I can read.")
    return value


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key, "")
    if not isinstance(value, str) or len(value) > limit:
        raise Invalid("This button doesn't carry a change I can read.")
    return " ".join(value.split())


def _ref(data: dict[str, Any]) -> str:
    ref = normalise_ref(_text(data, "ref", MAX_LEN["ref"]))
    if not PROJECT_REF.match(ref):
        raise Invalid("This button doesn't name a project I can read.")
    return ref


def _email(data: dict[str, Any]) -> str:
    raw = data.get("email", "")
    if raw in ("", None):
        return ""
    try:
        return parse_email(raw if isinstance(raw, str) else "")
    except ValueError:
        raise Invalid("This button doesn't carry an email address I can read.") from None


def _person_id(data: dict[str, Any], key: str = "person_id") -> int | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        raise Invalid("This button doesn't name a person I can read.")
    return value


def _expect(data: dict[str, Any]) -> dict[str, Any]:
    value = data.get("expect", {})
    if not isinstance(value, dict) or len(json.dumps(value, default=str)) > MAX_EXPECT_CHARS:
        raise Invalid("This button doesn't carry a change I can read.")
    return value


def _check_complete(change: Change) -> None:
    needs_person = change.op in ("add_role", "remove_role", "grant_staff", "revoke_staff", "hand_over")
    if needs_person and not (change.email or change.person_id or change.who):
        raise Invalid("This button doesn't name a person.")
    if change.op == "hand_over" and change.former is None:
        raise Invalid("This button doesn't say whose role is handed over.")
    if change.op in ("add_project", "rename") and not change.name:
        raise Invalid("This button doesn't carry a project name.")
    if change.op == "add_project" and not change.area:
        raise Invalid("This button doesn't carry a priority area.")


# --------------------------------------------------------------------------- status moves


def status_problem(verb: str, label: str, current: str) -> str | None:
    """Why `verb` makes no sense for a project that is `current`, or None when it does."""
    target = STATUS_OF_VERB[verb]
    if current == target:
        return f"{label} is already {target}, so there is nothing to change."
    if current not in ALLOWED_FROM[verb]:
        hint = " Type **reactivate** and its name first." if current != "active" else ""
        return (
            f"{label} is {current}, and only a project that is {' or '.join(ALLOWED_FROM[verb])} can be {target}.{hint}"
        )
    return None


# --------------------------------------------------------------------------- saying it back


@dataclass(frozen=True)
class Labels:
    """How the things a change touches are named to people."""

    project: str = ""  # "Digital inclusion across the county (CIT-02)"
    person: str = ""  # "Priya Shah (priya.shah@council.example)"
    area: str = ""
    former: str = ""  # hand_over: the person the role passes from


def _staff_word(role: str) -> str:
    return "an admin" if role == "admin" else "a DLG member"


def question(change: Change, labels: Labels) -> str:
    """The confirm card's question."""
    p, who = labels.project, labels.person
    return {
        "add_role": lambda: f"Make {who} a {change.role} of {p}?",
        "remove_role": lambda: f"Remove {who} as a {change.role} of {p}?",
        "add_project": lambda: f"Add the project {change.ref} “{change.name}” in {labels.area}?",
        "rename": lambda: f"Rename {p} to “{change.name}”?",
        "set_status": lambda: f"{change.verb.capitalize()} {p}?",
        "grant_staff": lambda: f"Make {who} {_staff_word(change.role)}?",
        "revoke_staff": lambda: f"Remove {who} as {_staff_word(change.role)}?",
        "hand_over": lambda: f"Make {who} the {change.role} of {p} in place of {labels.former}?",
    }[change.op]()


def done(change: Change, labels: Labels) -> str:
    """What the done card says happened."""
    p, who = labels.project, labels.person
    return {
        "add_role": lambda: f"{who} is now a {change.role} of {p}.",
        "remove_role": lambda: f"{who} is no longer a {change.role} of {p}.",
        "add_project": lambda: (
            f"Added {change.ref} “{change.name}” in {labels.area}. It has no lead yet: type "
            f"**assign lead** and their email **to {change.ref}**."
        ),
        "rename": lambda: f"Renamed: {change.ref} is now “{change.name}”. Its old name still finds it.",
        "set_status": lambda: f"{p} is now {change.status}.",
        "grant_staff": lambda: f"{who} is now {_staff_word(change.role)}.",
        "revoke_staff": lambda: f"{who} is no longer {_staff_word(change.role)}.",
        "hand_over": lambda: f"{who} is now the {change.role} of {p} in place of {labels.former}.",
    }[change.op]()


def already(change: Change, labels: Labels) -> str:
    """Said when the change is already in place (typed twice, or Confirm pressed twice)."""
    if change.op == "add_project":
        return f"{change.ref} “{change.name}” already exists."
    return done(change, labels)
