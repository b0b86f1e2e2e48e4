"""Who sent a project's updates, as against who leads it: "which projects has Owen Hale sent updates for?" is the
projects Owen submitted an update for, lead or not (tarn's key: a deputy or a colleague writes some of them). Like
the rules in parser.py, each says why it fired.
"""

from __future__ import annotations

from .matcher import Match
from .reading import Reading

SENDING = frozenset(
    {
        "sent",
        "send",
        "sends",
        "sending",
        "submitted",
        "submit",
        "submits",
        "submitting",
        "written",
        "wrote",
        "write",
        "writes",
        "writing",
        "filed",
        "filing",
    }
)
UPDATE_WORDS = frozenset({"update", "updates", "updated", "report", "reports", "reported"})
_BETWEEN = frozenset({"has", "have", "had", "been", "ever", "actually", "also", "personally", "did", "do"})


def sent_by_person(r: Reading, person: Match) -> bool:
    """The person is who sends the updates: "has Owen sent updates for", "updates submitted by Owen" — not
    "which of Owen's projects sent an update" (his projects, filtered by updating)."""
    if not set(r.tokens) & UPDATE_WORDS:
        return False
    after = [t for t in r.tokens[person.end : person.end + 4] if t not in _BETWEEN]
    if after[:1] and after[0] in SENDING:
        return True
    before = r.tokens[max(0, person.start - 2) : person.start]
    return before[-1:] == ["by"] and bool(set(before) & SENDING)


def asks_who_sent(text: str) -> bool:
    """ "who was writing the telematics updates", "who sent its updates": the people who sent them, not its lead."""
    words = set(text.split())
    return "who" in words and bool(words & SENDING) and bool(words & UPDATE_WORDS)


def confidence(r: Reading) -> float:
    """As `penalised` for a list, but a word of sending or of updates is this question's own, not a filter lost."""
    left = [w for w in r.cues.unexplained if w not in SENDING | UPDATE_WORDS]
    return round(max(0.0, 1.0 - 0.25 * len(left)), 2)


MORE_THAN_ONE = "more_than_one"  # a mode: its words ("more", "than", "one") are its own, not a filter lost
MORE_THAN_ONE_WORDS = frozenset({"more", "than", "one", "once", "twice", "or", "two", "2"})
_MORE_THAN_ONE = (
    ("more", "than", "one"),
    ("more", "than", "once"),
    ("twice",),
    ("2", "or", "more"),
    ("two", "or", "more"),
)


def more_than_one(tokens: list[str]) -> bool:
    """ "more than one update", "updated twice", "two or more updates": each project's count of updates, not 1."""
    return any(tuple(tokens[i : i + len(w)]) == w for w in _MORE_THAN_ONE for i in range(len(tokens)))
