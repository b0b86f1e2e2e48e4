"""A fact one project's updates give in their own words: "how many visits did the beta of the new website get?",
"by how much was parallel run 1 out on the finance system?", "when's trial 3 for the planning system?".

No rule reads these words, and none should: whatever a project's leads write about is open-ended. The question
names one project (or follows one talked about), asks for a figure or a day, and its other words are what the
figure or day is about. The store looks for a sentence of the project's updates that says most of those words and
gives a number or a day (store/question_said.py), and says "not sure" when none does. An overview or the leads are
never the answer to "how many" or "how much": such a reading is dropped rather than given.
"""

from __future__ import annotations

from . import lexicon as lx
from .matcher import Match
from .query import PROJECT_FIELD, PROJECT_LEADS, PROJECT_OVERVIEW, Query
from .reading import Reading, entity_confidence, talked_about

# Words of asking, not of the thing asked about.
_ASKING = frozenset(
    "how many much what whats which when whens where who is are was were has have had does do did will would "
    "the a an of on for in to at by with so far yet now currently its it their they them our we this that there "
    "get got gets be been being going go gone out up far number total amount come came coming through thru along "
    "far so".split()
)
# Words that name a project's kind, not what its updates say ("the new website", "the finance system").
_GENERIC = frozenset("new project projects system scheme programme one thing service online digital".split())


def asks_a_figure(r: Reading) -> bool:
    words = set(r.tokens)
    return r.more.how_many or {"how", "much"} <= words


def misses_the_figure(r: Reading, query: Query) -> bool:
    """'by how much was parallel run 1 out on the finance system?' read as the project's leads or overview: neither
    gives a figure, so that reading is not an answer."""
    return (
        query.intent in (PROJECT_LEADS, PROJECT_OVERVIEW)
        and asks_a_figure(r)
        and "who" not in r.tokens
        and not r.of("person")
        and bool(query.project_ids)
    )


def fact(r: Reading, query: Query) -> Query | None:
    """A figure or a day about the question's own words, from one project's updates; None when the question is not
    of that shape (no single project, a person, a window of time, a RAG, a name not found)."""
    figure, when = asks_a_figure(r), r.more.when and not asks_a_figure(r)
    if not (figure or when) or query.not_found or query.date_error or r.period is not None:
        return None
    if r.of("person") or r.of("area") or r.of("enabler") or r.more.rags or r.more.deputy or "who" in r.tokens:
        return None
    projects = r.of("project")
    strong = [m for m in projects if not m.ambiguous and m.how != "part of name" and entity_confidence(m) >= 0.85]
    ids = {m.ids[0] for m in strong}
    if len(ids) > 1:
        return None
    if ids:  # a word of other projects' names said beside this one's is a word of what is asked about ("visits")
        pid = next(iter(ids))
    else:
        known = talked_about(r.context)  # "how many devices have they lent?": a word of other names is no name here
        named = any(not m.ambiguous and m.how != "part of name" for m in projects)
        if named or len(known) != 1 or not (r.cues.pronoun or r.more.reference):
            return None
        pid = known[0]
    terms = _terms(r, strong)
    if not terms:
        return None
    label = r.vocab.projects[pid].label
    if when:
        r.why.append(f"asked when '{' '.join(terms)}' is, in {label}'s milestones or updates")
        return Query(
            PROJECT_FIELD, project_ids=(pid,), field="milestones", mode="when", title=terms, confidence=0.8
        ).but(from_context=not ids)
    r.why.append(f"looking for a figure about {' '.join(terms)} in {label}'s updates")
    return Query(PROJECT_FIELD, project_ids=(pid,), field="summary", mode="figure", terms=terms, confidence=0.8).but(
        from_context=not ids
    )


def _terms(r: Reading, strong: list[Match]) -> tuple[str, ...]:
    """The question's words outside the project's name and the words of asking; with none left, the name's own
    words that are not generic ("how many new laptops have gone out": laptops)."""
    named = {i for m in strong for i in m.span}
    words = [
        t
        for i, t in enumerate(r.tokens)
        if i not in named
        and t not in _ASKING
        and t not in _GENERIC
        and t not in lx.STOP
        and (len(t) > 2 or t.isdigit())
    ]
    if not words:
        words = [r.tokens[i] for i in sorted(named) if r.tokens[i] not in _GENERIC and r.tokens[i] not in lx.STOP]
    return tuple(dict.fromkeys(words))


# Who says things the bot does not hold: it holds the updates, not what a cabinet, a committee or the press said.
_ELSEWHERE = frozenset(
    "cabinet committee scrutiny press media news newspaper newspapers minister ministers government auditors "
    "survey surveys poll polls consultation".split()
)
_SAY = frozenset("say said says saying".split())


def said_elsewhere(tokens: list[str]) -> bool:
    """'what did the cabinet say about X?': a source the bot does not hold, said before 'say' (its subject);
    'did any update say anything about the cabinet?' is a search."""
    said = next((i for i, t in enumerate(tokens) if t in _SAY), None)
    return said is not None and any(t in _ELSEWHERE for t in tokens[:said])
