"""Reading what an admin typed in Teams: a new project, a rename, a person, a priority area, the dates
an audit request asks about. Plain text in; a clear `Invalid` (its message is said back) when it cannot
be read. The change built from it is `programme.admin_commands.Change`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .planfile import MAX_LEN, normalise_label, normalise_ref, parse_email
from .questions.dates import find as find_dates
from .questions.query import DateRange
from .text import cards_escape

# What a project ref may look like, typed or carried on a card.
PROJECT_REF = re.compile(r"^[A-Z0-9][A-Z0-9._/-]{0,63}$")


class Invalid(ValueError):
    """What an admin typed, or a card sent back, cannot be acted on; the message says why."""


@dataclass(frozen=True)
class NewProject:
    ref: str
    name: str
    area_text: str


_ADD_PROJECT = re.compile(r"^(?P<ref>\S+)\s+(?P<name>.+)\s+in\s+(?:the\s+)?(?P<area>.+?)(?:\s+area)?$", re.IGNORECASE)
ADD_PROJECT_HINT = (
    "Write it as **add project CIT-04 Digital parking permits in Digital Citizen**: the ref, "
    "the name, then the priority area."
)


def parse_new_project(text: str) -> NewProject:
    """`CIT-04 Digital parking permits in Digital Citizen`: the ref, the name, then the area."""
    m = _ADD_PROJECT.match(" ".join(text.split()))
    if not m:
        raise Invalid(ADD_PROJECT_HINT)
    ref = normalise_ref(m["ref"])
    name = m["name"].strip(" \"'“”‘’")
    if not PROJECT_REF.match(ref) or not any(ch.isdigit() for ch in ref):
        raise Invalid(f"“{cards_escape(m['ref'], 64)}” doesn't look like a project ref. {ADD_PROJECT_HINT}")
    return NewProject(ref, check_name(name), m["area"].strip())


def check_name(name: str) -> str:
    name = " ".join(name.split()).strip(" \"'“”‘’")
    if not name:
        raise Invalid("A project needs a name.")
    if len(name) > MAX_LEN["name"]:
        raise Invalid(
            f"That name is {len(name)} characters long; the most a project name can have is {MAX_LEN['name']}."
        )
    return name


def rename_splits(text: str) -> list[tuple[str, str]]:
    """Every way of reading `<project> to <new name>`, first " to " first (names may contain "to")."""
    text = " ".join(text.split())
    out = []
    for m in re.finditer(r"\s+to\s+", text, flags=re.IGNORECASE):
        old, new = text[: m.start()].strip(), text[m.end() :].strip()
        if old and new:
            out.append((old, new))
    return out


def person_query(text: str) -> tuple[str, str]:
    """(email, "") for an email address, ("", name) for anything else."""
    text = " ".join(text.split()).strip(" \"'“”<>")
    if "@" in text:
        try:
            return parse_email(text), ""
        except ValueError:
            raise Invalid(f"“{cards_escape(text, 80)}” is not an email address I can use.") from None
    if not text:
        raise Invalid("Say who: their work email, or their name if they have used the bot before.")
    return "", text


@dataclass(frozen=True)
class PersonName:
    id: int
    name: str
    email: str | None


def match_people(query: str, people: list[PersonName]) -> list[PersonName]:
    """People someone meant by a name: an exact name wins; otherwise close matches, best first."""
    from rapidfuzz import fuzz, process

    q = query.casefold()
    exact = [p for p in people if p.name and p.name.casefold() == q]
    if exact:
        return exact
    names = [p.name.casefold() for p in people]
    scored = process.extract(q, names, scorer=fuzz.WRatio, limit=5, score_cutoff=86)
    if not scored:
        return []
    best = scored[0][1]
    return [people[i] for _, score, i in scored if score >= best - 3][:4]


@dataclass(frozen=True)
class AreaName:
    key: str
    name: str


def match_area(query: str, areas: list[AreaName]) -> list[AreaName]:
    """The priority area someone meant: exact key or name, else the ones whose name contains the words."""
    wanted = normalise_label(query)
    exact = [a for a in areas if wanted in (normalise_label(a.key), normalise_label(a.name))]
    if exact or not wanted:
        return exact
    return [a for a in areas if wanted in normalise_label(a.name)]


def audit_window(text: str, today: date) -> DateRange | None:
    """The dates an audit request asks about ("since 1 March", "this month"); None means the latest."""
    text = " ".join(text.lower().split())
    if not text:
        return None
    found = find_dates(text, today, "past")
    if found.error:
        raise Invalid(found.error)
    if found.range is None:
        raise Invalid(
            f"I couldn't read “{cards_escape(text, 60)}” as dates. Try **audit since 1 March** or **audit this month**."
        )
    return found.range
