"""Which kinds of question the words around the names point to ("who leads", "what is blocking", "since").

Cues are read from the question with the names taken out, so a project called "Risk register"
does not make every question about it a question about risks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import lexicon as lx
from .one_date import MONTHS, WEEKDAYS

FIELD_PRIORITY = (
    "milestones",
    "blockers",
    "issues",
    "asks",
    "risks",
    "next_steps",
    "history",
    "achievements",
    "progress",
    "last_update",
    "description",
    "area",
    "enablers",
    "summary",
)


@dataclass(frozen=True)
class Cues:
    help: bool = False
    leads: bool = False
    person: bool = False
    fields: tuple[str, ...] = ()
    overview: bool = False  # a strong "how is it doing" word
    weak_overview: bool = False  # only "what is" / "how is"
    changed: bool = False
    rag_change: bool = False
    milestones: bool = False
    overdue: bool = False
    count: bool = False
    listing: bool = False
    not_reported: bool = False
    missing: bool = False
    search: bool = False
    follow_up: bool = False
    pronoun: bool = False
    rag: str | None = None
    ordinal: int | None = None
    unexplained: tuple[str, ...] = field(default_factory=tuple)

    @property
    def field(self) -> str | None:
        return self.fields[0] if self.fields else None

    @property
    def project_cue(self) -> bool:
        """A cue that only makes sense about one project (so it may borrow the last one talked about)."""
        return self.leads or bool(self.fields) or self.overview


def _has(text: str, phrases: Sequence[str]) -> bool:
    """Is one of `phrases` in `text` (both padded with spaces, so only whole words count)? One regular
    expression per list of phrases, made the first time the list is used: the lists are the lexicon's."""
    found = _PATTERNS.get(id(phrases))
    if found is None or found[0] is not phrases:
        if len(_PATTERNS) > 500:
            _PATTERNS.clear()
        escaped = [re.escape(f" {p} ") for p in phrases]
        found = _PATTERNS[id(phrases)] = (phrases, re.compile("|".join(escaped)) if escaped else None)
    return found[1] is not None and found[1].search(text) is not None


_PATTERNS: dict[
    int, tuple[Sequence[str], re.Pattern[str] | None]
] = {}  # id of a list of phrases -> (the list, kept so the id stays its own; its pattern)


def read(tokens: list[str]) -> Cues:
    """Cues in `tokens` (words of names already replaced by '<e>')."""
    text = " " + " ".join(tokens) + " "
    words = set(tokens)
    return Cues(
        help=bool(words & lx.HELP_WORDS) or _has(text, lx.HELP_PHRASES) or _only_greeting(tokens),
        leads=bool(words & lx.LEAD_WORDS - _not_leading(tokens)) or _has(text, lx.LEAD_PHRASES),
        person=bool(words & lx.PERSON_WORDS) or _has(text, lx.PERSON_PHRASES),
        fields=_fields(text, words, tokens),
        overview=bool(words & (lx.OVERVIEW_WORDS - {"how"}))
        or _has(text, ("tell me about", "state of play", "on track", "getting on", "coming along", "shaping up")),
        weak_overview=_has(text, lx.OVERVIEW_PHRASES) or "how" in words,
        changed=bool(words & lx.CHANGED_WORDS) or _has(text, lx.CHANGED_PHRASES),
        rag_change=bool(words & _CHANGE_VERBS and words & _RAG_NOUNS)  # "did any change colour", "moved rag"
        or _has(
            text,
            (
                "changed rag",
                "changed status",
                "changed colour",
                "rag change",
                "rag changes",
                "changed their rag",
                "changed their status",
            ),
        ),
        milestones=bool(words & lx.MILESTONE_WORDS) or _has(text, lx.MILESTONE_PHRASES),
        overdue=bool(words & {"overdue", "late", "missed", "slipped"}),
        count=_has(text, lx.COUNT_PHRASES),
        listing=bool(words & lx.LIST_WORDS),
        not_reported=_has(text, lx.NOT_REPORTED_PHRASES),
        missing=_has(text, lx.MISSING_PHRASES),
        search=bool(words & lx.SEARCH_WORDS)
        or _has(text, lx.SEARCH_PHRASES)
        or bool(tokens and tokens[0] in lx.SEARCH_FIRST_WORDS),
        follow_up=_has(text, lx.FOLLOW_UP_PHRASES) or bool(tokens and tokens[0] == "and"),
        pronoun=bool(words & lx.PRONOUNS) or _has(text, lx.PRONOUN_PHRASES),
        rag=_rag(tokens),
        ordinal=_ordinal(tokens),
        unexplained=tuple(
            t
            for i, t in enumerate(tokens)
            if _unexplained(t) and not (_better_place(tokens, i) or _sizes_a_field(tokens, i) or _kick_off(tokens, i))
        ),
    )


_RUN = frozenset({"run", "runs", "running", "ran"})
_CHANGE_VERBS = frozenset({"change", "changed", "changes", "changing", "moved", "move", "switched", "switch"})
_RAG_NOUNS = frozenset({"rag", "rags", "colour", "colours", "color", "colors", "rating", "ratings"})
_NOT_RUNNING_IT = (  # "support runs out", "running late", "parallel run 1", "a trial run": no one runs a project here
    frozenset({"out", "late", "over", "behind", "short", "into", "smoothly"}),
    frozenset({"parallel", "trial", "test", "dry", "pilot", "live", "first", "second", "third", "final"}),
)


def _not_leading(tokens: list[str]) -> frozenset[str]:
    """The words 'run'/'running' where they are not someone running a project."""
    out = set()
    for i, t in enumerate(tokens):
        if t in _RUN:
            after, before = tokens[i + 1 : i + 2], tokens[i - 1 : i]
            if (after and after[0] in _NOT_RUNNING_IT[0]) or (before and before[0] in _NOT_RUNNING_IT[1]):
                out.add(t)
    return frozenset(out)


def _sizes_a_field(tokens: list[str], i: int) -> bool:
    """'its main risk', 'the biggest blocker', 'the key issues': which of them matters most, still the same field."""
    after = tokens[i + 1] if i + 1 < len(tokens) else ""
    return tokens[i] in _SIZES and any(after in lx.FIELD_WORDS[f] for f in ("risks", "blockers", "issues", "asks"))


def _kick_off(tokens: list[str], i: int) -> bool:
    """'when does it kick off?': when it starts (`cues_more.More.dates`), not a milestone called "kick off"."""
    pair = tokens[i : i + 2] if tokens[i] != "off" else tokens[i - 1 : i + 1]
    return tokens[i] == "kickoff" or (len(pair) == 2 and pair[0] in ("kick", "kicks", "kicked") and pair[1] == "off")


_SIZES = frozenset("main biggest big key top major primary largest greatest chief".split())


def _better_place(tokens: list[str], i: int) -> bool:
    """'in a better place', 'in worse shape', 'a better position': how it is doing, said with a noun."""
    return (
        i > 0 and tokens[i - 1] in ("better", "worse") and tokens[i] in ("place", "position", "shape", "spot", "state")
    )


def _only_greeting(tokens: list[str]) -> bool:
    return bool(tokens) and all(t in lx.GREETINGS or t in lx.STOP for t in tokens) and tokens[0] in lx.GREETINGS


def _fields(text: str, words: set[str], tokens: list[str]) -> tuple[str, ...]:
    found = {f for f, ws in lx.FIELD_WORDS.items() if words & ws}
    found |= {f for f, ps in lx.FIELD_PHRASES.items() if _has(text, ps)}
    if tokens and tokens[-1] == "about" and "tell" not in words:
        found.add("description")  # "what is X about"
    bare = [
        t
        for i, t in enumerate(tokens)
        if t
        not in ("the", "a", "an", "project", "programme", "scheme", "one", "thing", "actually", "really", "exactly")
        and not (t == "<e>" and tokens[i - 1 : i] == ["<e>"])
    ]
    if bare[:1] == ["<e>"] and bare[-1:] in (["it"], ["that"], ["this"]):  # "SCR - what is it?": the name said first
        bare = bare[1:-1] + ["<e>"]
    elif bare[:1] == ["<e>"] and bare[-2:-1] in (["it"], ["that"], ["this"]):  # "FSN, what does it do?"
        bare = bare[1:-2] + ["<e>"] + bare[-1:]
    if bare in (
        ["what", "is", "<e>"],
        ["what", "is", "<e>", "for"],
        ["what", "does", "<e>", "do"],
        ["what", "is", "<e>", "all", "about"],
        ["what", "is", "<e>", "meant", "to", "do"],
    ):
        found.add("description")  # "what is DIH?", "what's the HTST portal for?": what the project is
    if re.search(r"\bplanned (?:start|end|finish|completion|close)", text) and not words & {"next", "plans", "plan"}:
        found.discard("next_steps")  # "start date and planned end?": the plan's dates, not what is planned next
    if "next" in words and not found & {"milestones"}:
        found.add("next_steps")
    if words & {"say", "said", "says"} and "last_update" in found:  # "what did X say in its last update"
        found.discard("last_update")
        found.add("summary")
    if {"risks", "blockers"} <= found:  # "risks and blockers": both
        found.add("issues")
        found -= {"risks", "blockers"}
    return tuple(f for f in FIELD_PRIORITY if f in found)


def _rag(tokens: list[str]) -> str | None:
    rags = {lx.RAG_WORDS[t] for t in tokens if t in lx.RAG_WORDS}
    return rags.pop() if len(rags) == 1 else None


def _ordinal(tokens: list[str]) -> int | None:
    if len(tokens) > 4:
        return None
    for t in tokens:
        n = {
            "first": 1,
            "1": 1,
            "1st": 1,
            "second": 2,
            "2": 2,
            "2nd": 2,
            "third": 3,
            "3": 3,
            "3rd": 3,
            "fourth": 4,
            "4": 4,
            "4th": 4,
        }.get(t)
        if n:
            return n
    return None


def _unexplained(token: str) -> bool:
    """A word that is neither part of a name we matched nor one the parser knows the job of."""
    if (
        token == "<e>"
        or token in lx.FILLER
        or token in lx.HARMLESS
        or token in lx.RAG_WORDS
        or token in MONTHS
        or token in WEEKDAYS
    ):
        return False  # a month or a day left over by the date reader ("christmas cycle (21 dec - 3 jan)") is no name
    return not token.replace("%", "").isdigit()


_RAGS = ("red", "amber", "green")
_BEFORE_A_STATE = frozenset("still now yet the currently a".split())  # and a name's generic words ("scheme")
# The last word of such a question: 'on (track)', 'deputy', and whether it sent its update ("bootcamps - updated in
# the last fortnight?", the window read apart)
_STATE_WORDS = frozenset("on off deputy deputies updated reported submitted".split())


def a_state_asked(tokens: list[str]) -> bool:
    """'business rates online - still red?', 'the portal still on track?', 'the lending scheme deputy?': a name, then
    only a colour, 'on track', 'deputy' or 'updated' (and 'still', 'now', 'the'; then 'or not', 'now' or 'yet'), asks
    yes or no."""
    rest = [t for t in tokens if t != "<e>"]
    if rest[-2:] == ["or", "not"]:  # "X - on track or not", "X - still red or not"
        rest = rest[:-2]
    if rest[-1:] == ["now"] and len(rest) > 1:  # "X - on track now?"
        rest = rest[:-1]
    if rest[-2:] in (["on", "track"], ["off", "track"]):
        rest = rest[:-1]
    if rest[-1:] == ["yet"] and len(rest) > 1:  # "X - reported yet?"
        rest = rest[:-1]
    state = bool(rest) and (rest[-1] in _RAGS or rest[-1] in _STATE_WORDS)
    return len(rest) < len(tokens) and state and set(rest[:-1]) <= _BEFORE_A_STATE | lx.GENERIC


_NOT_NOW = re.compile(r"\b(?:not|no longer|not any ?more)(?: \w+)? (?:now|today|currently|any ?more)\b|\bno longer\b")


def not_now(tokens: list[str]) -> bool:
    """'… but aren't now', '… no longer': a state of the past that is not the state of today."""
    return bool(_NOT_NOW.search(" ".join(tokens)))


_LEAD_IN = frozenset({"the", "and", "so", "ok", "okay", "oh", "also", "but", "then", "right"})
_NAME_TAIL = frozenset({"the", "project", "one", "thing", "programme", "workstream"})


def first_asked(tokens: list[str]) -> str:
    """The question's first word: after a name said first ("the app - did it launch?", "and the flood sensor
    project, is that green"), the word after the name."""
    i = next((i for i, t in enumerate(tokens) if t not in _LEAD_IN), len(tokens))
    if i == len(tokens) or tokens[i] != "<e>":
        return tokens[0] if tokens else ""
    # "blue badge and bus passes - are they green?": past every name said first
    rest = [t for j, t in enumerate(tokens[i:], i) if t != "<e>" and t not in _NAME_TAIL]
    starts = [j for j, t in enumerate(tokens[i:], i) if t != "<e>" and t not in _NAME_TAIL and not _joins(tokens, j)]
    return tokens[starts[0]] if starts else (rest[0] if rest else "")


def _joins(tokens: list[str], j: int) -> bool:
    """'and' or 'or' between two names."""
    return tokens[j] in ("and", "or") and 0 < j < len(tokens) - 1 and tokens[j - 1] == tokens[j + 1] == "<e>"
