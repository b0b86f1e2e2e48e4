"""The last step of every reading: has the query accounted for everything the question said?

A rule answers when the words it looks for are there; it does not see the words it ignores. On questions typed
by people who never read the parser, the ignored word is often a filter ("in the past 10 days", "of those", "in
digital council") or a sign the question is about something else ("senior responsible owner"), and the answer is
then confidently wrong. So before any query answers, this step lists what the reading found that the query does
not carry:

- a word nothing placed (not a name, a date, a cue word of the lexicon, nor one of the query's own search or
  title words), unless the lexicon lists it as harmless (`lexicon.HARMLESS`);
- a name found in the question (a project, person, area or enabler) that the query leaves out;
- a period the question gave ("in the past 10 days") that the query does not use;
- a reference to the list just shown ("of those", "any of them") where the query is a new list.

Anything listed makes the query "not sure" (the friendly reply with questions that work), and the explanation
names what was left over. A "not sure" costs one more message; a wrong answer costs trust.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import lexicon as lx
from .query import (
    COMPARE,
    HELP,
    LIST_INTENTS,
    MISSING_UPDATES,
    NOT_UPDATED,
    RANKING,
    SEARCH,
    SMALL_TALK,
    UNKNOWN,
    Query,
)

if TYPE_CHECKING:
    from .matcher import Match
    from .reading import Reading

# Intents that take the question's words themselves (search terms), or that answer no question about the plan.
_OWN_WORDS = frozenset({HELP, SMALL_TALK, SEARCH, UNKNOWN})


def unaccounted(r: Reading, query: Query) -> tuple[str, ...]:
    """What the question said that `query` does not carry, each said the way it was found ("'senior'")."""
    if query.intent in _OWN_WORDS:
        return ()
    left = [f"'{w}'" for w in _loose_words(r, query)] if query.intent in LIST_INTENTS else []
    left += [f"'{m.text}'" for m in r.matches if m.text and m.how != "part of name" and not _carried(m, query)]
    if r.period is not None and query.period is None and query.compare_to is None and not _own_period(r, query):
        left.append(f"'{r.period.label}'")
    if _lost_referent(r, query):
        left.append("'those' (the list just shown)")
    return tuple(dict.fromkeys(left))


def checked(r: Reading, query: Query) -> Query:
    """`query` as it was, or 'not sure' when the question said something it does not account for."""
    if not query.answerable:
        return query
    left = unaccounted(r, query)
    if not left:
        return query
    r.why.append("not accounted for: " + ", ".join(left) + " (it may be a filter the answer would drop)")
    return query.but(confidence=0.0, doubt=query.doubt or "left over: " + ", ".join(left))


def _loose_words(r: Reading, query: Query) -> list[str]:
    """Words nothing placed, but for the query's own search or title words and a word its mode is named by
    ("oldest"; "off" in "come off red", a move from a colour)."""
    used = set(query.terms) | set(query.title) | set(query.mode.split("_"))
    if query.mode.startswith("from_"):
        used.add("off")
    return [w for w in r.cues.unexplained if w not in used and w not in lx.HARMLESS and not _number(w)]


def _own_period(r: Reading, query: Query) -> bool:
    """Who has not updated "this cycle" / "this week": the current cycle is what those questions are about."""
    period = r.period
    return (
        query.intent in (MISSING_UPDATES, NOT_UPDATED)
        and period is not None
        and (period.cycle == 0 or period.end is None or period.end >= r.today)
    )


def _number(word: str) -> bool:
    """A figure or a day of the month the date reader left ("23rd" of "Monday 23rd November")."""
    bare = word.replace("%", "").replace(",", "")
    return bare.isdigit() or (bare[-2:] in ("st", "nd", "rd", "th") and bare[:-2].isdigit())


def _carried(m: Match, query: Query) -> bool:
    """Does the query use this name? A project by id (asked about, listed within, left out, or offered as a
    pick); a person by id; an area or enabler as the list's filter."""
    ids = set(m.ids)
    if m.kind == "project":
        return bool(ids & set(query.project_ids + query.within + query.exclude_ids)) or bool(
            ids & {c.id for c in query.candidates}
        )
    if m.kind == "person":
        return bool(ids & set(query.person_ids)) or bool(query.project_ids)  # "who is Ann's deputy on X"
    if m.kind == "area":
        return query.area in ids
    if m.kind == "enabler":
        return query.enabler in ids
    return True


def _lost_referent(r: Reading, query: Query) -> bool:
    """'are any of them red?' after a list: a new list of every project would drop 'of them'."""
    listed = r.context.listed
    if not (r.more.reference and len(listed) > 1) or query.within or query.from_context:
        return False
    if query.intent not in LIST_INTENTS and query.intent not in (COMPARE, RANKING):
        return False
    return bool(set(r.tokens) & _REFERENCE)


_REFERENCE = frozenset({"those", "them", "these"})
