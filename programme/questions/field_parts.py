"""One project asked for several of its parts in one breath: "rag and % for payroll?", "blue badge progress + end
date", "country parks: rag, lead, and blockers pls". Each named part becomes a question of its own ("rag for payroll",
"% for payroll"), so none is dropped; parts of one kind ("risks and blockers", "lead + deputy", "start and end
dates") stay one question, which already answers them together. Works on a part as typed (`parts.split`)."""

from __future__ import annotations

import re

# What each part is called, by its kind (two words of one kind are one question).
_KINDS = {
    "rag": r"rag(?: status| rating)?|status",
    "progress": r"%(?: complete| done)?|percent(?:age)?(?: complete| done)?|progress",
    "people": r"leads?|lead officer|owners?|deputy|deputies|sro",
    "dates": r"(?:planned |expected |target )?(?:start|end|finish|go[- ]?live|completion)(?: dates?)?|dates|timeline",
    "issues": r"blockers?|risks?|issues|dependencies",
    "asks": r"asks?(?: (?:of|for) (?:the )?dlg)?|decisions? needed",
    "next": r"next steps?",
    "milestones": r"(?:next )?milestones?",
    "summary": r"summary|latest|latest update|news",
}
_FIELD = "|".join(f"(?:{v})" for v in _KINDS.values())
_JOIN = r"\s*(?:,\s*(?:and\s+|&\s*|\+\s*)?|\s+and\s+|&|\+|/)\s*"
_LIST = rf"(?P<fields>(?:{_FIELD})(?:{_JOIN}(?:{_FIELD})){{1,2}})"
_POLITE = re.compile(r"[\s?!.]*(?:\b(?:pls|plz|please|thanks|ta|cheers)\b[\s?!.]*)*$", re.I)
_FIELDS_FIRST = re.compile(
    rf"^(?:what(?:'s|s| is| are)\s+(?:the\s+)?)?{_LIST}\s+(?:for|of|on|at)\s+(?:the\s+)?(?P<name>.+)$", re.I
)
_NAME_FIRST = re.compile(rf"^(?P<name>.+?)(?:\s*[:\-–—]\s*|\s+){_LIST}$", re.I)
_ONE = re.compile(rf"(?:{_FIELD})", re.I)
_ASKING = re.compile(
    r"\b(?:who|whos|who's|what|whats|what's|which|when|where|why|how|is|are|any|anything|list|show|many|projects)\b",
    re.I,
)


def split(part: str) -> list[str]:
    """`part` as one question per kind of field it names for one project, or `[part]` when it is not such a list."""
    text = _POLITE.sub("", part.strip())
    found = _FIELDS_FIRST.match(text) or _NAME_FIRST.match(text)
    if found is None:
        return [part]
    name = found.group("name").strip(" :-–—,")
    if not name or len(name.split()) > 6 or _ASKING.search(name):
        return [part]
    fields = [f.strip() for f in re.split(_JOIN, found.group("fields")) if f.strip()]
    if len({_kind(f) for f in fields}) < len(fields) or None in {_kind(f) for f in fields}:
        return [part]  # "risks and blockers", "lead + deputy": one question answers both
    if found.re is _FIELDS_FIRST:
        return [f"{f} for {name}" for f in fields]
    return [f"{name} {f}" for f in fields]


def _kind(word: str) -> str | None:
    return next((k for k, v in _KINDS.items() if re.fullmatch(v, word, re.I)), None)
