"""Cues read again once the question's window is known: "without an update in the past 10 days", "haven't reported
in the past 7 days", "missing an update since the digest" ask which projects did NOT update in that window (the
admins' and the DLG's list), not which never reported at all and never which did update (the opposite answer).
"""

from __future__ import annotations

import re
from dataclasses import replace

from .cues import Cues
from .cues import read as read_cues
from .cues_more import More
from .query import DateRange

# "without an update", "missing their update", "lacking updates", "without updating": no update, in so many words
_NO_UPDATE = re.compile(
    r"\b(?:without|missing|lacking|minus)\s+(?:an?\s+|any\s+|their\s+|its\s+|a\s+new\s+)?"
    r"(?:updates?|status\s+updates?|reports?|updating|reporting)\b"
)
# "haven't reported", "not reported", "not yet reported": never reported at all unless a window is given
_NOT_REPORTED = re.compile(r"\b(?:not|havent|hasnt|didnt|have\s+not|has\s+not|did\s+not)\s+(?:yet\s+)?reported\b")
# Words that keep "never reported" whatever the window: "ever", "at all", "never"
_EVER = frozenset({"ever", "never"})


# Words that ask which updates came in, not what changed: "updates in the past 7 days", "what's landed since monday",
# "updates received in may" (a project that updated and changed nothing is in). "What's new since ..." stays what
# changed: the old question set (held at 100%) reads it so, though ashby's and holt's keys read it as who updated.
_CAME_IN = frozenset({"updates", "landed", "arrived", "received", "submitted"})
_COUNTED = frozenset({"landed", "arrived", "received"})  # words only this reading gives a job


def read(cues: Cues, more: More, tokens: list[str], period: DateRange | None) -> tuple[Cues, More]:
    """The cues of the question with its window taken into account (see the module's docstring)."""
    cues, more = _negated(cues, more, tokens, period)
    return _came_in(cues, more, tokens, period)


def _came_in(cues: Cues, more: More, tokens: list[str], period: DateRange | None) -> tuple[Cues, More]:
    """Updates that came in in a window, when no word asks what changed ("moved", "went red", "better")."""
    words = set(tokens)
    if period is None or more.not_updated or not words & _CAME_IN or cues.fields or cues.milestones:
        return cues, more
    if more.better or more.worse or more.into or more.from_rag or cues.rag_change:
        return cues, more
    if read_cues([t for t in tokens if t not in _CAME_IN | {"update"}]).changed:
        return cues, more  # "what changed since...": a change asked about in its own words
    unexplained = tuple(t for t in cues.unexplained if t not in _COUNTED)
    return replace(cues, changed=False, unexplained=unexplained), replace(more, updated=True)


def _negated(cues: Cues, more: More, tokens: list[str], period: DateRange | None) -> tuple[Cues, More]:
    text = " ".join(tokens)
    if not _NO_UPDATE.search(text) and not (period is not None and _NOT_REPORTED.search(text)):
        return cues, more
    if _EVER & set(tokens) or " at all" in f" {text} " or (period is None and "missing" not in tokens):
        # "which have never reported", "without any update at all", "projects without an update": never reported
        return replace(cues, not_reported=True), replace(more, not_updated=False, updated=False)
    if period is None:
        return replace(cues, missing=True), replace(more, not_updated=True, updated=True)  # still to update, this cycle
    return replace(cues, not_reported=False), replace(more, not_updated=True, updated=True)


# A colour said of the updates themselves: "amber updates", "reported red", "updates that were red"
_REPORTED_COLOUR = re.compile(
    r"\b(?:(?:red|amber|green)\s+(?:or\s+(?:red|amber|green)\s+)?(?:status\s+)?updates?"
    r"|reported\s+(?:as\s+)?(?:red|amber|green)|updates?\s+(?:that\s+)?(?:were|was|rated|marked)\s+(?:red|amber|green))\b"
)


def reported_colour(tokens: list[str]) -> bool:
    """Is the colour asked the one the window's updates gave ("any amber updates last week", "what reported red last
    cycle"), not the project's today ("which amber projects updated last week", "last week's updates - any reds?")?"""
    return bool(_REPORTED_COLOUR.search(" ".join(tokens)))
