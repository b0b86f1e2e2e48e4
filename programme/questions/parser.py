"""From a question to a `Query`: clean it, take out dates, find names, read the cues, pick one intent.

The rules run in a fixed order and each says why it fired (`Query.explanation`). When the words
left over are not understood, or a name fits two projects equally well, the query says so instead
of guessing: a "not sure" costs the person one more message, a wrong answer costs their trust.
"""
from __future__ import annotations

from datetime import date, timedelta

from . import lexicon as lx
from .cues import Cues, read
from .decisions import rule as _decisions
from .dates import find as find_date
from .matcher import Match, find_entities
from .normalise import clean, correct
from .query import (
    CHANGED_SINCE,
    COUNT,
    HELP,
    LED_BY_PERSON,
    LIST_INTENTS,
    MILESTONES_DUE,
    MISSING_UPDATES,
    NOT_REPORTED,
    PROJECT_FIELD,
    PROJECT_INTENTS,
    PROJECT_LEADS,
    PROJECT_OVERVIEW,
    PROJECTS_BY_AREA,
    PROJECTS_BY_ENABLER,
    PROJECTS_BY_RAG,
    SEARCH,
    UNKNOWN,
    Candidate,
    Context,
    DateRange,
    Query,
)
from .suggest import suggestions_for
from .vocab import Vocabulary

STRONG = 85.0  # a whole name, alias or ref, perhaps with a typo
UPCOMING_DAYS = 30  # "milestones coming up" with no period given


class _Reading:
    """Everything learnt from the question, shared by the rules below."""

    def __init__(self, text: str, vocab: Vocabulary, context: Context, today: date) -> None:
        self.vocab, self.context, self.today = vocab, context, today
        self.cleaned = clean(text)
        self.why: list[str] = []
        self._read_dates(correct(self.cleaned.split(), lx.KEYWORDS, vocab.known | lx.FILLER))
        self._read_names()

    def _read_dates(self, tokens: list[str]) -> None:
        """Dates first, so '1 March' is never read as part of a name; a year-less date leans on the verb."""
        words = set(tokens)
        prefer = "future" if words & (lx.MILESTONE_WORDS | {"launch", "launching"}) else \
            "past" if words & (lx.CHANGED_WORDS | {"since"}) else "near"
        found = find_date(" ".join(tokens), self.today, prefer)
        self.period, self.date_error = found.range, found.error
        self.tokens = found.rest.split()

    def _read_names(self) -> None:
        rest = f" {' '.join(self.tokens)} "
        person_cue = bool(set(self.tokens) & lx.PERSON_WORDS) or any(f" {p} " in rest for p in lx.PERSON_PHRASES)
        found = find_entities(self.tokens, self.vocab, person_cue=person_cue)
        self.matches = _drop_weak_projects(found)
        masked = list(self.tokens)
        for m in found:  # words of a dropped partial match belong to the name they are part of
            for i in m.span:
                masked[i] = "<e>"
        self.cues: Cues = read(masked)

    def of(self, kind: str) -> list[Match]:
        return [m for m in self.matches if m.kind == kind]

    def one(self, kind: str) -> Match | None:
        found = self.of(kind)
        return found[0] if found else None


def _drop_weak_projects(matches: list[Match]) -> list[Match]:
    """Words that partly match a project already named in full are part of that name, not a second project."""
    strong = {m.ids[0] for m in matches if m.kind == "project" and m.score >= STRONG and not m.ambiguous}
    return [m for m in matches if not (m.kind == "project" and m.how == "part of name" and strong & set(m.ids))]


def parse(text: str, vocab: Vocabulary, context: Context | None = None, today: date | None = None,
          tz: str = "Europe/London") -> Query:
    """Understand one question. Pure: no I/O; `today` is the local date in `tz`."""
    r = _Reading(text, vocab, context or Context(), today or date.today())
    query = _decide(r)
    query = query.but(text=r.cleaned, explanation=tuple(r.why))
    if not query.answerable and not query.suggestions:
        query = query.but(suggestions=suggestions_for(query, vocab))
    return query


def _decide(r: _Reading) -> Query:
    """The first rule that recognises the question decides; none does, and the answer is 'not sure'."""
    if not r.tokens and not r.period:
        return Query(HELP, explanation=("empty question",))
    if r.date_error:
        return Query(UNKNOWN, date_error=r.date_error, confidence=0.0)
    for rule in _RULES:
        query = rule(r)
        if query is not None:
            return query
    return _not_understood(r)


# --- the rules, in order ------------------------------------------------------------------

def _help(r: _Reading) -> Query | None:
    if r.cues.help and not r.matches and len(r.cues.unexplained) == 0:
        r.why.append("asked for help")
        return Query(HELP)
    return None


def _not_a_question(r: _Reading) -> Query | None:
    """'mark the website as red', 'change the lead of X': requests to change things are not questions here."""
    first, second = (r.tokens + ["", ""])[:2]
    if first in lx.ACTION_WORDS or (first == "update" and second in lx.OWNERS):
        r.why.append(f"'{first}' asks me to change something; I only answer questions")
        return Query(UNKNOWN, confidence=0.0)
    return None


def _missing(r: _Reading) -> Query | None:
    if not r.cues.missing or r.of("project") or r.of("person"):
        return None
    r.why.append("asked who has not updated this cycle")
    return Query(MISSING_UPDATES, area=_key(r.one("area")), enabler=_key(r.one("enabler")),
                 confidence=_penalised(1.0, r))


def _search(r: _Reading) -> Query | None:
    if not r.cues.search:
        return None
    projects = [m for m in r.of("project") if m.score >= STRONG and not m.ambiguous]
    in_project = {i for m in projects for i in m.span}
    terms = tuple(t for i, t in enumerate(r.tokens) if i not in in_project and t not in lx.SEARCH_DROP)
    if not terms and projects:
        return _project_query(r, projects, PROJECT_FIELD, "summary")
    if not terms:
        return Query(UNKNOWN, confidence=0.0, suggestions=("which projects mention funding?",
                                                           "anything about cyber security?"))
    r.why.append(f"searching update history for: {' '.join(terms)}")
    return Query(SEARCH, terms=terms, project_ids=tuple(m.ids[0] for m in projects), period=r.period)


def _pick_from_last(r: _Reading) -> Query | None:
    """'the second one' after a 'which did you mean?' card."""
    ctx = r.context
    if r.cues.ordinal is None or not ctx.candidates or r.matches or r.cues.unexplained:
        return None
    if r.cues.ordinal > len(ctx.candidates):
        return None
    pid = ctx.candidates[r.cues.ordinal - 1]
    r.why.append(f"picked option {r.cues.ordinal} from the last list")
    intent = ctx.intent if ctx.intent in PROJECT_INTENTS else PROJECT_OVERVIEW
    return Query(intent, project_ids=(pid,), field=ctx.field if intent == PROJECT_FIELD else None,
                 confidence=0.9, from_context=True)


def _follow_up(r: _Reading) -> Query | None:
    """'what about Digital Care?', 'and amber?': the last question again with one thing changed."""
    c, ctx = r.cues, r.context
    if not c.follow_up or not ctx.intent or c.unexplained or (c.project_cue and not c.overview):
        return None
    projects, area, enabler = r.of("project"), r.one("area"), r.one("enabler")
    if projects and ctx.intent in PROJECT_INTENTS:
        r.why.append("same question as before, about another project")
        return _project_query(r, projects, ctx.intent, ctx.field)
    if ctx.intent in LIST_INTENTS and (area or enabler or c.rag) and not projects:
        r.why.append("same list as before, with one filter changed")
        return Query(ctx.intent, area=_key(area) if area else (None if enabler else ctx.area),
                     enabler=_key(enabler) if enabler else (None if area else ctx.enabler),
                     rag=c.rag or ctx.rag, period=r.period, confidence=0.9, from_context=True)
    return None


def _about_projects(r: _Reading) -> Query | None:
    projects = r.of("project")
    if not projects:
        return None
    c = r.cues
    if c.count and not r.of("person"):
        r.why.append("'how many' does not fit one project")
        return Query(UNKNOWN, confidence=0.0, project_ids=tuple(projects[0].ids))
    if c.leads and not c.fields:
        return _project_query(r, projects, PROJECT_LEADS)
    if c.fields or c.milestones:
        return _project_query(r, projects, PROJECT_FIELD, c.field or "milestones")
    if c.changed:  # "what's new with X" is its latest news; "how has X changed" its history
        return _project_query(r, projects, PROJECT_FIELD, "summary" if "new" in r.tokens else "history")
    return _project_query(r, projects, PROJECT_OVERVIEW)


def _about_people(r: _Reading) -> Query | None:
    people = r.of("person")
    c = r.cues
    if not people:
        if c.person and c.leads and len(c.unexplained) >= 1 and not (r.of("area") or r.of("enabler")) \
                and not c.fields and _looks_like_a_name(c.unexplained):
            return Query(UNKNOWN, not_found=" ".join(c.unexplained).title(), confidence=0.0)
        return None
    person = people[0]
    if person.ambiguous:
        r.why.append(f"'{person.text}' could be several people")
        return Query(LED_BY_PERSON, candidates=tuple(
            Candidate("person", pid, r.vocab.people[pid].name) for pid in person.ids), confidence=0.5)
    r.why.append(f"'{person.text}' is {r.vocab.people[person.ids[0]].name}")
    conf = 1.0 if person.score >= STRONG else 0.85
    if not (c.person or c.leads or c.count):
        conf = 0.9 if not (c.unexplained or c.fields) else 0.4  # "what did Priya say": not what she leads
    return Query(LED_BY_PERSON, person_ids=person.ids, confidence=_penalised(conf, r, listing=True))


def _looks_like_a_name(words: tuple[str, ...]) -> bool:
    return 1 <= len(words) <= 3 and all(w.isalpha() and len(w) >= 2 for w in words)


def _changed(r: _Reading) -> Query | None:
    c = r.cues
    update_words_only = set(c.fields) <= {"last_update", "summary"} and r.period is not None
    if not c.changed or (c.fields and not update_words_only) or c.leads:
        return None
    period = r.period or DateRange(None, r.today, "since the last digest", since_digest=True)
    r.why.append(f"asked what changed {period.label}")
    return Query(CHANGED_SINCE, period=period, rag=c.rag, rag_change=c.rag_change or bool(c.rag),
                 area=_key(r.one("area")), enabler=_key(r.one("enabler")), confidence=_penalised(1.0, r))


def _milestones(r: _Reading) -> Query | None:
    c = r.cues
    if not c.milestones:
        return None
    if c.overdue and not r.period:
        yesterday = r.today - timedelta(days=1)
        period = DateRange(None, yesterday, "overdue (due before today and not done)", overdue=True)
    else:
        period = r.period or DateRange(r.today, r.today + timedelta(days=UPCOMING_DAYS),
                                       f"in the next {UPCOMING_DAYS} days")
    r.why.append(f"asked for milestones due {period.label}")
    return Query(MILESTONES_DUE, period=period, area=_key(r.one("area")), enabler=_key(r.one("enabler")),
                 confidence=_penalised(1.0, r))


def _count(r: _Reading) -> Query | None:
    c = r.cues
    if not c.count:
        return None
    area, enabler = r.one("area"), r.one("enabler")
    if not (area or enabler or c.rag or c.not_reported or "projects" in r.tokens or "project" in r.tokens):
        return None
    r.why.append("asked how many projects")
    return Query(COUNT, area=_key(area), enabler=_key(enabler), rag=c.rag,
                 field="not_reported" if c.not_reported else None, confidence=_penalised(1.0, r, listing=True))


def _not_reported(r: _Reading) -> Query | None:
    if not r.cues.not_reported:
        return None
    r.why.append("asked which projects have never reported")
    return Query(NOT_REPORTED, area=_key(r.one("area")), enabler=_key(r.one("enabler")),
                 confidence=_penalised(1.0, r, listing=True))


def _by_rag(r: _Reading) -> Query | None:
    if not r.cues.rag:
        return None
    r.why.append(f"asked which projects are {r.cues.rag}")
    return Query(PROJECTS_BY_RAG, rag=r.cues.rag, area=_key(r.one("area")), enabler=_key(r.one("enabler")),
                 confidence=_penalised(1.0, r, listing=True))


def _by_area_or_enabler(r: _Reading) -> Query | None:
    area, enabler = r.one("area"), r.one("enabler")
    if not (area or enabler):
        return None
    if area:
        r.why.append(f"asked about the {r.vocab.areas[area.ids[0]].name} area")
        return Query(PROJECTS_BY_AREA, area=area.ids[0], enabler=_key(enabler),
                     confidence=_penalised(1.0, r, listing=True))
    r.why.append(f"asked about the {r.vocab.enablers[enabler.ids[0]].name} enabler")
    return Query(PROJECTS_BY_ENABLER, enabler=enabler.ids[0], confidence=_penalised(1.0, r, listing=True))


def _pronoun(r: _Reading) -> Query | None:
    """'is it red?', 'and its milestones?': 'it' means the last project, before any list reading."""
    if r.cues.pronoun and r.context.project_ids and not r.matches and not r.cues.unexplained:
        return _from_context(r)
    return None


def _from_context(r: _Reading) -> Query | None:
    """'who leads it?', 'next steps?': a question about one project, the one talked about last."""
    c, ctx = r.cues, r.context
    if not (c.project_cue or c.milestones or c.pronoun or c.changed) or c.unexplained or r.matches:
        return None
    if not ctx.project_ids:
        r.why.append("no project named, and none talked about before")
        return Query(UNKNOWN, confidence=0.0)
    r.why.append("about the project talked about last")
    fake = [Match("project", (pid,), 0, 0, 100.0, "context", "") for pid in ctx.project_ids]
    if c.leads and not c.fields:
        intent, field = PROJECT_LEADS, None
    elif c.fields or c.milestones or c.changed:
        intent, field = PROJECT_FIELD, c.field or ("milestones" if c.milestones else "history")
    else:
        intent, field = PROJECT_OVERVIEW, None
    return _project_query(r, fake, intent, field).but(from_context=True, confidence=0.9)


def _not_understood(r: _Reading) -> Query:
    r.why.append("no rule fitted the question")
    return Query(UNKNOWN, confidence=0.0, project_ids=tuple(m.ids[0] for m in r.of("project") if not m.ambiguous))


_RULES = (_help, _not_a_question, _decisions, _missing, _search, _pick_from_last, _follow_up, _about_projects, _about_people,
          _pronoun, _changed, _milestones, _count, _not_reported, _by_rag, _by_area_or_enabler, _from_context)


# --- helpers ------------------------------------------------------------------------------

def _key(m: Match | None):
    return m.ids[0] if m else None


# Parts of a project a list answer does not show: "risks of all red projects" is not "red projects".
_NOT_IN_LISTS = frozenset({"risks", "blockers", "issues", "asks", "next_steps", "history", "achievements",
                           "description"})


def _penalised(conf: float, r: _Reading, *, listing: bool = False) -> float:
    """Each word we could not place makes the answer less certain; two of them make it 'not sure'.

    A list answer to a question that asks for something the list does not show is also 'not sure'.
    """
    if listing and set(r.cues.fields) & _NOT_IN_LISTS:
        conf = min(conf, 0.4)
    return round(max(0.0, conf - 0.2 * len(r.cues.unexplained)), 2)


def _project_query(r: _Reading, projects: list[Match], intent: str, field: str | None = None) -> Query:
    ambiguous = [m for m in projects if m.ambiguous]
    if ambiguous:
        m = ambiguous[0]
        r.why.append(f"'{m.text}' fits {len(m.ids)} projects equally well")
        cands = tuple(Candidate("project", pid, r.vocab.projects[pid].label, r.vocab.projects[pid].ref)
                      for pid in m.ids)
        return Query(intent, field=field, candidates=cands, confidence=_penalised(0.5, r))
    ids = tuple(dict.fromkeys(m.ids[0] for m in projects))
    for m in projects:
        p = r.vocab.projects[m.ids[0]]
        r.why.append(f"'{m.text}' is {p.label} ({m.how})" if m.text else f"{p.label} from the last question")
    conf = min(_entity_confidence(m) for m in projects)
    c = r.cues
    cued = c.leads or c.fields or c.milestones or c.overview or c.changed or c.rag
    if not cued and c.unexplained:
        conf = min(conf, 0.4)  # "what's the budget for X": X is known, the question is not
    return Query(intent, project_ids=ids, field=field if intent == PROJECT_FIELD else None,
                 period=r.period, confidence=_penalised(conf, r))


def _entity_confidence(m: Match) -> float:
    """Whole names are sure; a word or two from a longer name is a guess unless it is most of the name."""
    if m.how == "part of name" and m.score < 75:
        return 0.5  # under half the name: offer it as a suggestion, do not answer about it
    if m.score >= 95:
        return 1.0
    if m.score >= STRONG:
        return 0.9
    return round(0.65 + 0.35 * max(0.0, (m.score - 60) / 30), 2)

