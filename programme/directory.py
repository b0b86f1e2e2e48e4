"""The people the programme names, as the council's directory (Entra ID) knows them — no I/O.

The plan names leads, deputies, admins and DLG members by email; the directory says who each one is
(the object id that links them to a Teams sender), what they are called, and whether they still work
here. The lookup order for an email is fixed — user principal name, then `mail`, then any of the
account's proxy addresses — because a council's emails and sign-in names often differ after a
merger or a name change. Someone found before is checked by object id from then on: a deleted
account answers 404, a disabled one `accountEnabled: false`. Either makes them a leaver.

A leaver is someone whose account the directory now says is disabled or deleted, noticed once (the
move into LEFT is a compare-and-set in store/directory_repo.py). Someone it never found is not a
leaver (perhaps a typo in the plan: that is reported at import, with its row).

`Directory` is the port the services see; `graph/directory.py` is its Graph adapter.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

# How an email is looked up, in order; "id" is the daily check of someone already found.
BY_UPN, BY_MAIL, BY_PROXY, BY_ID = "upn", "mail", "proxyAddresses", "id"
EMAIL_ORDER = (BY_UPN, BY_MAIL, BY_PROXY)

# What the directory says about a person (kept in `directory_people.status`).
ACTIVE, DISABLED, DELETED, NOT_FOUND, UNKNOWN = "active", "disabled", "deleted", "not_found", "unknown"
LEFT = frozenset({DISABLED, DELETED})

# Reaching a lead by installing the app for them (`directory_people.install_status`).
INSTALLED, INSTALL_FAILED = "installed", "failed"


class DirectoryError(Exception):
    """The directory could not answer (throttled for too long, down, or refusing the app)."""


class DirectoryRefused(DirectoryError):
    """Graph refused the app itself (401: credentials; 403: a permission not consented): every later
    call would fail the same way, so the run stops and admins are told what to grant."""


@dataclass(frozen=True)
class DirectoryUser:
    object_id: str
    display_name: str = ""
    job_title: str = ""
    account_enabled: bool | None = None  # None: Graph did not say (it only does when $select names it)
    mail: str = ""
    upn: str = ""


@dataclass(frozen=True)
class Lookup:
    """One answer: the user, or why there is none. `error` means "ask again later", not "not found"."""

    key: str  # the email or object id asked about
    user: DirectoryUser | None = None
    found_by: str = ""
    error: str = ""

    @property
    def status(self) -> str:
        if self.error:
            return UNKNOWN
        if self.user is None:
            return DELETED if self.found_by == BY_ID else NOT_FOUND
        return DISABLED if self.user.account_enabled is False else ACTIVE


@dataclass(frozen=True)
class InstallOutcome:
    installed: bool
    already: bool = False  # Graph answered 409: the app was installed before (success all the same)
    reason: str = ""


class Directory(Protocol):
    async def find_by_email(self, emails: list[str]) -> dict[str, Lookup]: ...

    async def check_by_id(self, object_ids: list[str]) -> dict[str, Lookup]: ...

    async def install_app(self, object_id: str, catalog_app_id: str) -> InstallOutcome: ...

    async def personal_chat_id(self, object_id: str, catalog_app_id: str) -> str | None: ...

    async def close(self) -> None: ...


def returned(before: str, after: str) -> bool:
    """Re-enabled (a mistaken disable, back from leave): prompts resume."""
    return before in LEFT and after == ACTIVE


def filter_literal(value: str) -> str:
    """A string inside an OData `$filter`: single quotes are doubled."""
    return value.replace("'", "''")


def leaver_words(status: str) -> str:
    return "their account was deleted" if status == DELETED else "their account was disabled"


def missing_people_warning(email: str, places: list[str]) -> str:
    """The import's warning for an email the directory does not know (the plan may have a typo)."""
    where = "; ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
    return (
        f"{where}: {email} is not in the council's directory (looked up by sign-in name, mail and other "
        "addresses). Check the spelling; they cannot be prompted until the bot can find them."
    )


def disabled_warning(email: str, places: list[str]) -> str:
    where = "; ".join(places[:5]) + (f" and {len(places) - 5} more" if len(places) > 5 else "")
    return (
        f"{where}: {email} has a disabled account in the council's directory (they may have left), so they "
        "will not be prompted. Admins are asked who takes over."
    )


class _Contact(Protocol):
    @property
    def email(self) -> str: ...


class _PlanRow(Protocol):
    """A project row of a plan file, as far as `contact_places` reads it."""

    @property
    def row(self) -> int: ...
    @property
    def leads(self) -> Sequence[_Contact]: ...
    @property
    def deputies(self) -> Sequence[_Contact]: ...


def contact_places(projects: Iterable[_PlanRow] | None) -> dict[str, list[str]]:
    """Each lead's and deputy's email in a plan file, with the rows that name it ("row 7, column
    lead_email"), so the import can point at the cell when the directory does not know someone."""
    out: dict[str, list[str]] = {}
    for project in projects or []:
        for column, contacts in (("lead_email", project.leads), ("deputy_email", project.deputies)):
            for contact in contacts:
                out.setdefault(contact.email, []).append(f"row {project.row}, column {column}")
    return out
