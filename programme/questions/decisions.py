"""Questions about the DLG's decisions: "what did the DLG decide about the portal?", "which asks are still
open?", "what was approved this month?". A rule the parser tries early (before project questions, since
"the portal" is a project), a query shape, and the result the store fills. Rendering is in
`decisions_answers.py`; the store's query in `store/decisions_query.py`.

The rule stays out of the way of questions about a project's asks as its lead wrote them ("what is the
intranet asking the DLG to decide?" is the project's asks, not a decision), and of questions about a
person ("who approved the budget?"): those are left to the rules after it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from .query import Query
from .results import Result

DECISIONS = "dlg_decisions"
ABOUT, OPEN, OUTCOME, RECENT = "about", "open", "outcome", "recent"

_DECIDE = {"decide", "decided", "decision", "decisions", "ruled", "rule"}
_OUTCOMES = {
    "approved": "approved",
    "agreed": "approved",
    "accepted": "approved",
    "signed": "approved",
    "declined": "declined",
    "rejected": "declined",
    "refused": "declined",
    "deferred": "deferred",
    "postponed": "deferred",
    "noted": "noted",
    "withdrawn": "withdrawn",
}
_STRONG = {"approved", "declined", "deferred", "rejected", "withdrawn"}  # need no "DLG" to be about its decisions
_OPEN = {"open", "outstanding", "undecided", "pending", "waiting", "unresolved", "awaiting"}
_ASKS = {"ask", "asks", "request", "requests", "item", "items", "agenda"}
_ASKING = {"asking", "asked", "ask", "asks"}
# A decision still wanted ("any decisions needed for X?") is the project's asks, not a decision made.
_WANTED = {
    "need",
    "needed",
    "needs",
    "want",
    "wants",
    "wanted",
    "require",
    "required",
    "requires",
    "seeking",
    "seek",
    "request",
    "requested",
    "requesting",
    "pending",
    "should",
    "will",
    "going",
    "asking",
    "asked",
}
_MADE = {"decided", "made", "taken", "reached", "recorded", "did", "was", "were"}
_OWN = (
    _DECIDE
    | set(_OUTCOMES)
    | _OPEN
    | _ASKS
    | {
        "dlg",
        "did",
        "what",
        "which",
        "was",
        "were",
        "has",
        "have",
        "the",
        "about",
        "on",
        "for",
        "still",
        "are",
        "is",
        "by",
        "any",
        "so",
        "far",
        "we",
        "they",
        "been",
        "this",
        "of",
        "to",
        "and",
        "got",
        "its",
        "board",
        "meeting",
        "make",
        "made",
        "there",
        "anything",
    }
)
SUGGESTIONS = (
    "which asks are still open?",
    "what did the DLG decide about <a project>?",
    "what was approved this month?",
)


@dataclass(frozen=True)
class DecisionInfo:
    """One ask and where it stands, as any member may read it (asks and decisions hold nothing sensitive)."""

    ask_id: int
    project_id: int
    project_ref: str
    project_name: str
    text: str
    status: str
    raised_on: date | None
    decided_at: datetime | None = None
    decided_by: str = ""
    note: str = ""
    deferred_until: date | None = None


@dataclass
class DecisionsResult(Result):
    decisions: list[DecisionInfo] = field(default_factory=list)


def _decided(words: set[str]) -> bool:
    """ "what did the DLG decide", "decisions made", "what was decided" — not "decisions needed"."""
    if "decided" in words:
        return True
    if not words & _DECIDE or words & _WANTED:
        return False
    return bool(words & _MADE)


def rule(r: Any) -> Query | None:
    """The parser's rule (a `_Reading` from parser.py): a decisions question, or None to let others try."""
    words = set(r.cleaned.split()) | set(r.tokens)
    if words & {"who", "whom", "whose"}:
        return None  # "who approved…": a question about a person
    projects = [m for m in r.of("project") if not m.ambiguous]
    outcome = next((_OUTCOMES[w] for w in r.cleaned.split() if w in _OUTCOMES), None)
    dlg_words = bool(words & ({"dlg", "board"} | _ASKS | _DECIDE))
    strong = bool(words & _STRONG)
    if outcome and not dlg_words and (projects or not strong):
        outcome = None  # "has the contract been signed?", "is X approved?": about the project, not the DLG
    decided = _decided(words)
    named_words = {r.tokens[i] for m in r.matches for i in m.span}  # "OT Waiting List Triage": no ask waiting
    own = words - named_words
    asks_open = bool(own & _ASKS) and bool(own & _OPEN or {"still"} <= own and own & {"open", "waiting"})
    if not (decided or outcome or asks_open):
        return None
    named = {i for m in r.matches for i in m.span}
    stray = [t for i, t in enumerate(r.tokens) if i not in named and t not in _OWN and t not in _FILLER_OK]
    confidence = round(max(0.0, 1.0 - 0.2 * len(stray)), 2)
    ids = tuple(m.ids[0] for m in projects)
    if asks_open and not outcome:
        r.why.append("asked which asks of the DLG are still waiting for a decision")
        return Query(DECISIONS, field=OPEN, project_ids=ids, confidence=confidence, period=r.period)
    if outcome:
        r.why.append(f"asked what the DLG {outcome}" + (f" {r.period.label}" if r.period else ""))
        return Query(
            DECISIONS, field=OUTCOME, terms=(outcome,), project_ids=ids, period=r.period, confidence=confidence
        )
    if projects:
        r.why.append("asked what the DLG decided about " + ", ".join(r.vocab.projects[i].label for i in ids))
        return Query(DECISIONS, field=ABOUT, project_ids=ids, period=r.period, confidence=confidence)
    if stray:  # "…about the scanning options paper": something we do not know by that name
        return Query("unknown", confidence=0.0, suggestions=SUGGESTIONS)
    r.why.append("asked what the DLG decided" + (f" {r.period.label}" if r.period else " lately"))
    return Query(DECISIONS, field=RECENT, period=r.period, confidence=confidence)


_FILLER_OK = {
    "please",
    "me",
    "tell",
    "show",
    "list",
    "recently",
    "lately",
    "month",
    "week",
    "year",
    "last",
    "all",
    "at",
    "in",
    "a",
    "an",
    "their",
    "our",
    "my",
    "yet",
    "you",
    "can",
    "do",
    "does",
}
