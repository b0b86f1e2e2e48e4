"""Asks of the DLG as things with a life: raised by an update, carried to every meeting until decided.

An update's "asks of the DLG" box is free text: one ask per line, or the whole text as one ask.
Leads also type "None", "N/A" or "No decisions needed this time" into it; those are not asks and are
never listed or counted. Each real ask becomes a record: raised, on the agenda of every digest while
undecided (with its age in cycles), then decided by the DLG (approved, declined, deferred, noted) or
withdrawn by its lead. Deferred asks come back to the next meeting, or the first one on or after the
date they were deferred to.

Identity: a later update (an edit in the same cycle, or a later cycle's update) that repeats an open
ask, even reworded a little, is matched to it rather than raising it twice, and keeps its identity. An
ask carried from an earlier cycle (or already on a posted digest's agenda) stays open whether or not it
is repeated: the next prompt card lists it above the box, with "withdraw". An ask raised in this very
cycle, not yet on any agenda, is still part of the update's own text: an edit that takes its line out
takes the ask back. A line that repeats an ask already decided is a leftover of an earlier card, not a
new ask.

No I/O: the store gathers the facts, these rules decide.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from rapidfuzz import fuzz

from .text import uk_date

OPEN, DEFERRED = "open", "deferred"
APPROVED, DECLINED, NOTED, WITHDRAWN = "approved", "declined", "noted", "withdrawn"
UNDECIDED = (OPEN, DEFERRED)
DLG_OUTCOMES = (APPROVED, DECLINED, DEFERRED, NOTED)  # what the DLG records
OUTCOMES = DLG_OUTCOMES + (WITHDRAWN,)
OUTCOME_WORDS = {
    OPEN: "Open",
    APPROVED: "Approved",
    DECLINED: "Declined",
    DEFERRED: "Deferred",
    NOTED: "Noted",
    WITHDRAWN: "Withdrawn by the lead",
}
ASK_LIMIT = 500  # one ask (the whole box holds 2,000 characters)
NOTE_LIMIT = 500
MAX_ASKS_PER_UPDATE = 12  # a pasted essay does not become forty agenda items
MATCH_SCORE = 85.0  # rapidfuzz score from which two wordings are the same ask
LATEST_DEFERRAL = timedelta(days=730)

# "None", "N/A", "No decisions needed this time", "Nothing this cycle", "-": a negation followed only
# by words that say when or what there is none of.
_NEGATIONS = {"none", "nil", "nothing", "no", "not", "na", "n/a", "tbc", "tba", "nope", "zero"}
_FILLER = {
    "at",
    "this",
    "that",
    "these",
    "for",
    "in",
    "the",
    "a",
    "any",
    "moment",
    "present",
    "time",
    "times",
    "cycle",
    "week",
    "fortnight",
    "month",
    "period",
    "quarter",
    "round",
    "now",
    "yet",
    "currently",
    "required",
    "needed",
    "necessary",
    "to",
    "ask",
    "asks",
    "asking",
    "report",
    "requests",
    "request",
    "decision",
    "decisions",
    "from",
    "us",
    "me",
    "we",
    "dlg",
    "of",
    "just",
    "really",
    "thanks",
    "thank",
    "you",
    "new",
    "further",
    "other",
    "applicable",
    "specific",
    "items",
    "item",
    "needs",
    "need",
    "support",
    "help",
    "matters",
    "issues",
    "outstanding",
    "so",
    "far",
    "as",
    "today",
    "such",
    "here",
    "there",
    "are",
    "is",
    "on",
    "by",
    "leadership",
    "group",
    "digital",
    "raised",
    "raise",
    "major",
    "significant",
    "points",
    "point",
}
_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\d+[.)]|\(?[a-z]\))\s+", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9/£$%]+")


# --------------------------------------------------------------------------- reading the box


def is_real_ask(line: str) -> bool:
    """False for "None", "N/A", "-", "No decisions needed this time", "Nothing this cycle, thanks"."""
    words = _WORD.findall(_fold(line))
    if not words:
        return False
    if words[0] not in _NEGATIONS and not (words[0] == "n" and words[1:2] == ["a"]):
        return True
    return not all(w in _FILLER or w in _NEGATIONS or w in ("n", "a") for w in words)


def split_asks(text: str | None) -> list[str]:
    """The real asks in an update's box: one per line (bullets dropped), or the whole text as one.

    Repeats within the same box are dropped, and each ask is cut to ASK_LIMIT characters.
    """
    out: list[str] = []
    seen: set[str] = set()
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = _BULLET.sub("", raw).strip()
        if not line or not is_real_ask(line):
            continue
        line = line[:ASK_LIMIT].rstrip()
        key = normalise(line)
        if key in seen:
            continue
        seen.add(key)
        out.append(line)
        if len(out) == MAX_ASKS_PER_UPDATE:
            break
    return out


def count_real_asks(text: str | None) -> int:
    return len(split_asks(text))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text or "").casefold()
    return text.replace("’", "'")


def normalise(text: str) -> str:
    """The words of an ask, for comparing two wordings: case, punctuation and spacing ignored."""
    return " ".join(_WORD.findall(_fold(text)))


def similarity(a: str, b: str) -> float:
    """How alike two wordings are (0-100): whole-string likeness, or the same words in another order."""
    na, nb = normalise(a), normalise(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 100.0
    return max(fuzz.ratio(na, nb), fuzz.token_sort_ratio(na, nb))


# --------------------------------------------------------------------------- raising and matching


@dataclass(frozen=True)
class KnownAsk:
    """An ask already recorded for the project."""

    id: int
    text: str
    status: str
    raised_cycle_id: int | None = None
    on_agenda: bool = False  # a posted digest listed it

    @property
    def undecided(self) -> bool:
        return self.status in UNDECIDED


@dataclass
class Sync:
    """What storing one update does to the project's asks."""

    new: list[str] = field(default_factory=list)  # texts to raise
    reworded: dict[int, str] = field(default_factory=dict)  # ask id -> the update's wording
    seen: list[int] = field(default_factory=list)  # open asks the update repeats
    leftovers: list[str] = field(default_factory=list)  # lines repeating an ask already decided
    dropped: list[int] = field(default_factory=list)  # this cycle's drafts an edit took out

    @property
    def changed(self) -> bool:
        return bool(self.new or self.reworded or self.dropped)


def sync(lines: list[str], known: list[KnownAsk], *, cycle_id: int | None = None) -> Sync:
    """Match an update's asks to the project's recorded ones (rules in the module docstring).

    Open asks are matched best-first, one line to one ask; a line that matches nothing open but repeats
    a decided ask word for word is a leftover; everything else is new. Open asks raised in `cycle_id`
    (the update's own), on no agenda yet and no longer in its text, were taken back by the edit.
    """
    out = Sync()
    undecided = [k for k in known if k.undecided]
    pairs = sorted(
        ((similarity(line, k.text), i, k.id) for i, line in enumerate(lines) for k in undecided),
        key=lambda p: (-p[0], p[1], p[2]),
    )
    line_to_ask: dict[int, int] = {}
    taken: set[int] = set()
    for score, i, ask_id in pairs:
        if score < MATCH_SCORE or i in line_to_ask or ask_id in taken:
            continue
        line_to_ask[i] = ask_id
        taken.add(ask_id)
    by_id = {k.id: k for k in known}
    decided = {normalise(k.text) for k in known if not k.undecided}
    for i, line in enumerate(lines):
        if i in line_to_ask:
            ask_id = line_to_ask[i]
            out.seen.append(ask_id)
            if line != by_id[ask_id].text:
                out.reworded[ask_id] = line
        elif normalise(line) in decided:
            out.leftovers.append(line)
        else:
            out.new.append(line)
    out.dropped = [k.id for k in undecided if k.id not in taken and in_the_box(k, cycle_id)]
    return out


def in_the_box(ask: KnownAsk, cycle_id: int | None) -> bool:
    """An open ask that still lives in its update's text: raised this cycle, on no agenda yet."""
    return ask.status == OPEN and cycle_id is not None and ask.raised_cycle_id == cycle_id and not ask.on_agenda


def prefill_asks(text: str | None, known: list[KnownAsk]) -> str:
    """The box on the next prompt card: the lead's own lines minus asks already recorded (open ones are
    listed above the box with keep / withdraw, decided ones are done), so nothing is asked twice."""
    kept = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = _BULLET.sub("", raw).strip()
        if not line or not is_real_ask(line):
            continue
        if any(similarity(line, k.text) >= MATCH_SCORE for k in known):
            continue
        kept.append(raw.strip())
    return "\n".join(kept)


# --------------------------------------------------------------------------- deciding


class Invalid(Exception):
    """A decision that cannot be recorded; the message says what to fix."""


@dataclass(frozen=True)
class DecisionInput:
    outcome: str
    note: str = ""
    deferred_until: date | None = None


def read_decision(data: dict[str, Any], today: date) -> DecisionInput:
    """The decision form's inputs (strings from any client, or a forger), checked."""
    outcome = str(data.get("outcome") or "").strip().lower()
    if outcome not in DLG_OUTCOMES:
        raise Invalid("Choose what the DLG decided: Approved, Declined, Deferred or Noted.")
    raw_note = data.get("note")
    note = raw_note.strip().replace("\r\n", "\n") if isinstance(raw_note, str) else ""
    note = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", note)
    if len(note) > NOTE_LIMIT:
        raise Invalid(f"Keep the decision note under {NOTE_LIMIT} characters (it has {len(note)}).")
    if outcome == DECLINED and not note:
        raise Invalid("Say briefly why the DLG declined it: the lead reads this note.")
    until = None
    raw = str(data.get("deferred_until") or "").strip()
    if raw:
        if outcome != DEFERRED:
            raise Invalid("A date goes with Deferred only.")
        try:
            until = date.fromisoformat(raw[:10])
        except ValueError:
            raise Invalid("The deferral date must be a date like 2027-03-14.") from None
        if until <= today or until > today + LATEST_DEFERRAL:
            raise Invalid(
                "Defer to a date after today and within two years, or leave the date empty for the next meeting."
            )
    return DecisionInput(outcome, note, until)


def read_version(value: Any) -> int:
    """The decision count the card was drawn at (a claim, compared with what is stored)."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Invalid("This card is damaged. Type **decisions** for a fresh one.") from None
    if not 0 <= number <= 10_000:
        raise Invalid("This card is damaged. Type **decisions** for a fresh one.")
    return number


def needs_decision(status: str, deferred_until: date | None, today: date) -> bool:
    """On this meeting's agenda: open, or deferred to the next meeting or to a date that has come."""
    if status == OPEN:
        return True
    return status == DEFERRED and (deferred_until is None or deferred_until <= today)


# --------------------------------------------------------------------------- words


def age_words(cycles_ago: int) -> str:
    if cycles_ago <= 0:
        return "raised this cycle"
    if cycles_ago == 1:
        return "raised last cycle"
    return f"raised {cycles_ago} cycles ago"


def outcome_sentence(status: str, deferred_until: date | None = None) -> str:
    if status == DEFERRED:
        return f"Deferred until {uk_date(deferred_until)}" if deferred_until else "Deferred to the next meeting"
    return OUTCOME_WORDS.get(status, status.title())


def recorder_words(name: str, role: str) -> str:
    """Who recorded a decision: their name, or their role once they are forgotten (erasure)."""
    return name or {"admin": "a programme office admin", "dlg": "a DLG member", "lead": "the lead"}.get(role, "the DLG")
