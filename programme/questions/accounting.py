"""The last step of every reading: has the query accounted for everything the question said?

A rule answers when the words it looks for are there; it does not see the words it ignores. On questions typed
by people who never read the parser, the ignored word is often a filter ("in the past 10 days", "of those", "in
digital council") or a sign the question is about something else ("senior responsible owner"), and the answer is
then confidently wrong. So before any query answers, this step lists what the reading found that the query does
not carry:

- a word nothing placed (not a name, a date, a cue word of the lexicon, nor one of the query's own search or
  title words), unless the lexicon lists it as harmless (`lexicon.HARMLESS`);
- a name found in the question (a project, person, area or enabler) that the query leaves out;
- a period the question gave ("in the past 10 days") that the query does not use, or a period already over that
  an overview (which shows the project now) would drop ("what was holly's rag last cycle?");
- a reference to the list just shown ("of those", "any of them") where the query is a new list;
- a cue the lexicon knows that the query does not use (`_dropped_cues`): a colour ("was it green at the start of
  the year?" answered with its dates), a second part of a project ("what did it achieve at launch?" answered with
  its milestones), going quiet or sending an update ("has it gone quiet?" answered with its status), late or
  overdue, milestones ("any overdue milestones on hers?" answered with her projects). The words a wrong answer
  drops are mostly words the lexicon knows, just not the rule that answered: this names them whatever the rule.

Anything listed makes the query "not sure" (the friendly reply with questions that work), and the explanation
names what was left over. A "not sure" costs one more message; a wrong answer costs trust.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from . import lexicon as lx
from . import rules_sent
from .query import (
    CHANGED_SINCE,
    COMPARE,
    HELP,
    LIST_INTENTS,
    MILESTONES_DUE,
    MISSING_UPDATES,
    NOT_REPORTED,
    NOT_UPDATED,
    PROJECT_FIELD,
    PROJECT_OVERVIEW,
    RANKING,
    SEARCH,
    SMALL_TALK,
    UNKNOWN,
    UPDATED,
    WITH_FIELD,
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
    if query.period is not None and _past_overview(query, r.today):
        left.append(f"'{query.period.label}' (an overview shows the project as it is now)")
    if _lost_referent(r, query):
        left.append("'those' (the list just shown)")
    left += _dropped_cues(r, query)
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
    used |= rules_sent.MORE_THAN_ONE_WORDS if query.mode == rules_sent.MORE_THAN_ONE else set()  # "updated twice"
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


def _past_overview(query: Query, today: date) -> bool:
    """'what was holly's rag last cycle?' read as the overview: it shows today's colour as last cycle's."""
    p = query.period
    if query.intent != PROJECT_OVERVIEW or p is None or query.compare_to is not None:
        return False
    return (p.cycle is not None and p.cycle < 0) or (p.end is not None and p.end < today)


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
    """'are any of them red?' after a list: a new list of every project would drop 'of them'. After one project or
    none (a new conversation), 'which of those are green?' names a list the reading cannot place: dropped too."""
    if query.within or query.from_context:
        return False
    if query.intent not in LIST_INTENTS and query.intent not in (COMPARE, RANKING):
        return False
    if r.more.reference and len(r.context.listed) > 1:
        return bool(set(r.tokens) & _REFERENCE)
    if len(r.context.project_ids) > 1 or len(r.context.candidates) > 1:
        return False  # several projects talked about or offered: 'which of them is furthest along?' ranks those
    return any(a == "of" and b in _REFERENCE for a, b in zip(r.tokens, r.tokens[1:], strict=False))


_REFERENCE = frozenset({"those", "them", "these"})


# --- cues the lexicon knows that the query does not use ------------------------------------------------------

# The word 'update' reads as the latest update's summary or date whatever else is asked ("when did it last update"):
# those two fields are never a part of the question left out.
_UPDATE_FIELDS = frozenset({"summary", "last_update"})
_WHO_UPDATES = frozenset({UPDATED, NOT_UPDATED, MISSING_UPDATES, NOT_REPORTED})
_UPDATING = frozenset({"update", "updated", "updating", "submit", "submitted"})


def _dropped_cues(r: Reading, query: Query) -> list[str]:
    """Cues of the question the query does not carry, each said as what it asked ("'green'")."""
    out = [f"'{rag}'" for rag in _dropped_rags(r, query)]
    if query.intent == PROJECT_FIELD and query.field in r.cues.fields:  # one part asked for answered, another not
        other = [f for f in r.cues.fields if f != query.field and f not in _UPDATE_FIELDS]
        if query.field == "history":
            other = [f for f in other if f != "progress"]  # "its progress trend": the history shows it
        out += [f"'{f.replace('_', ' ')}' (a second part of the project)" for f in other]
    m = r.more
    carried_updates = query.intent in _WHO_UPDATES or query.field in ("not_reported", "last_update", "history")
    carried_updates = carried_updates or query.role == "sent"  # the projects a person sent updates for
    if (m.not_updated or m.quiet) and not carried_updates:
        out.append("'gone quiet / not updated'")
    elif (
        m.updated
        and _UPDATING & set(r.tokens)
        and not carried_updates
        and query.intent not in (CHANGED_SINCE, SEARCH, WITH_FIELD)
    ):
        out.append("'updated' (whether it sent an update)")
    if (r.cues.overdue or m.late) and not _late_carried(query):
        out.append("'late / overdue'")
    if r.cues.milestones and not _milestones_carried(query):
        out.append("'milestones'")
    out += _verbless_yes_no(r, query)
    return out


# A state a project is asked to be in ("still", "on track", "better", "updated"), and the words that make a question
# one the reading knows how to ask (its verb, "any", a question word): without them the yes or no goes unanswered.
_STATES = frozenset(
    "still track better worse updated slipped slipping improved behind ahead yet finished started".split()
)
_ASKING = frozenset(
    "is are was were has have had did does do will would can could should any anything anyone been "
    "what whats who whos which when whens where why how hows list show give tell and whether if".split()
)


def _verbless_yes_no(r: Reading, query: Query) -> list[str]:
    """'pre-paid cards still red?', 'bootcamps - updated in the last fortnight?': a yes or no asked of a project
    without its verb; the reading finds the project but no yes-or-no question, so the answer would show the project
    and say neither."""
    says_yes_or_no = query.yes_no if query.intent == COMPARE else r.more.yes_no  # as the parser hands it on
    if says_yes_or_no or not r.of("project") or set(r.tokens) & _ASKING or query.field == "progress":
        # how far along answers 'almost finished?' (tests/questions/test_milestone_lists.py)
        return []
    states = sorted(set(r.tokens) & _STATES)
    return [f"'{states[0]}' (a yes or no asked without its verb, which the answer would not give)"] if states else []


def _dropped_rags(r: Reading, query: Query) -> tuple[str, ...]:
    """A colour asked about that the query neither filters by nor answers about."""
    rags = r.more.rags or ((r.cues.rag,) if r.cues.rag else ())
    if not rags or query.rag or query.rags or r.more.into or r.more.from_rag:
        return ()
    if query.intent in (PROJECT_OVERVIEW, COMPARE, CHANGED_SINCE, RANKING):
        return ()  # its RAG is what an overview, a comparison, a change or a ranking shows
    if query.intent == PROJECT_FIELD and query.field in ("history", "why"):
        return ()  # "why is it red?", "has it ever been red?": about that colour
    return rags


def _late_carried(query: Query) -> bool:
    return (
        bool(query.status)
        or query.intent in (MILESTONES_DUE, MISSING_UPDATES, NOT_UPDATED)
        or query.field in ("milestones", "dates", "why")
        or (query.field == "history" and query.mode == "worse")  # "has it slipped since last month?"
    )


def _milestones_carried(query: Query) -> bool:
    return (
        query.intent in (MILESTONES_DUE, MISSING_UPDATES)
        or query.field in ("milestones", "dates", "next_steps")
        or bool(query.title or query.status)
        or query.mode == "ends_in"
    )
