"""Finding and removing one person's identifiers in stored text, without rewriting anyone else's.

Why plain Python: `dfbot person forget` and `dfbot person export` must agree on what "mentions this
person" means, whatever table or file the text sits in (a column, a JSON document, an outbox page).
The rules, and the wording that replaces a forgotten person, live here and are tested without I/O.

What counts as a mention:
- an email address, Entra object id or Teams user id anywhere in a string (they are unique);
- a name of two or more words wherever it stands as whole words ("waiting on Zoë O'Brien");
- a one-word name only when it is the whole value (a display name "Priya" is not removed from
  every sentence that mentions some other Priya).
Stored text may hold an identifier escaped: JSON escapes non-ASCII (`Zo\\u00eb`), HTML escapes
apostrophes (`O&#x27;Brien`). Each form is searched for.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

FORGOTTEN = "[forgotten person #{id}]"


def forgotten_label(person_id: int) -> str:
    """What stands in an audit entry or a digest where a forgotten person's name or email was.

    The number is the anonymised row that remains, so an auditor can still see that two changes
    were made by the same (now anonymous) person, but not who.
    """
    return FORGOTTEN.format(id=person_id)


def former_role_label(role: str | None, project_name: str) -> str:
    """The attribution an update keeps once its author is forgotten: true, and about a role, not a person."""
    if role == "deputy":
        return f"former deputy lead of {project_name}"
    return f"former lead of {project_name}"


def escaped_forms(value: str) -> set[str]:
    """The ways `value` may be written in stored text: as is, JSON-escaped, HTML-escaped."""
    forms = {value, json.dumps(value)[1:-1], html.escape(value), html.escape(value, quote=False)}
    return {f for f in forms if f}


@dataclass(frozen=True)
class Identity:
    """Everything that identifies one person in stored text."""

    tokens: frozenset[str] = frozenset()  # emails, object ids, Teams ids: matched anywhere
    names: frozenset[str] = frozenset()  # display names: matched as whole words (see module docstring)

    @classmethod
    def of(cls, *, tokens: Iterable[str | None] = (), names: Iterable[str | None] = ()) -> Identity:
        return cls(
            frozenset(t.strip() for t in tokens if t and t.strip()),
            frozenset(n.strip() for n in names if n and n.strip()),
        )

    @property
    def needles(self) -> set[str]:
        """Substrings a database can search for (case-insensitively) to find candidate rows."""
        out: set[str] = set()
        for value in (*self.tokens, *self.names):
            out |= escaped_forms(value)
        return out

    def patterns(self) -> list[tuple[re.Pattern[str], bool]]:
        """(pattern, whole-value-only) pairs; longest first so "Zoë O'Brien" wins over "Zoë"."""
        found: list[tuple[str, re.Pattern[str], bool]] = []
        for token in self.tokens:
            for form in escaped_forms(token):
                found.append((form, re.compile(re.escape(form), re.IGNORECASE), False))
        for name in self.names:
            whole_only = len(name.split()) < 2
            for form in escaped_forms(name):
                regex = rf"^\s*{re.escape(form)}\s*$" if whole_only else rf"(?<!\w){re.escape(form)}(?!\w)"
                found.append((form, re.compile(regex, re.IGNORECASE), whole_only))
        found.sort(key=lambda item: len(item[0]), reverse=True)
        return [(p, whole) for _, p, whole in found]


@dataclass
class Scrubber:
    """Replaces an identity's mentions in strings and JSON documents; counts what it changed."""

    identity: Identity
    replacement: str
    changed: int = 0
    _patterns: list[tuple[re.Pattern[str], bool]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._patterns = self.identity.patterns()

    def text(self, value: str) -> str:
        out = value
        for pattern, whole_only in self._patterns:
            out = (
                pattern.sub(self.replacement, out)
                if not whole_only
                else (self.replacement if pattern.match(out) else out)
            )
        return out

    def value(self, value: Any) -> Any:
        """A string, or a JSON document (dicts, lists, scalars) with every string and key scrubbed."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {self.text(k) if isinstance(k, str) else k: self.value(v) for k, v in value.items()}
        return value

    def scrub(self, value: Any) -> tuple[Any, bool]:
        """The scrubbed value and whether anything changed."""
        new = self.value(value)
        if new != value:
            self.changed += 1
            return new, True
        return value, False


def mentions(value: Any, identity: Identity) -> list[str]:
    """Every string in `value` (a string or JSON document) that mentions the identity."""
    patterns = identity.patterns()
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, str):
            if any((p.match(node) if whole else p.search(node)) for p, whole in patterns):
                found.append(node)
        elif isinstance(node, list):
            for v in node:
                walk(v)
        elif isinstance(node, dict):
            for k, v in node.items():
                walk(k)
                walk(v)

    walk(value)
    return found
