"""Where the learned intent model joins the rules: it is asked what a question is when the rules are not
sure, and it may stop the rules answering a question it is sure is about something the bot does not hold.

The model says only what kind of question it is; the names, dates and filters still come from the reading
(the same matcher and date reader the rules use), and each query it builds says so in its explanation
("the learned model read this as asks (84%)"). Switched off, the rules decide alone.
"""

from __future__ import annotations

from . import lexicon as lx
from .learned import IntentModel, masked
from .learned import Reading as ModelReading
from .matcher import Match
from .query import (
    CHANGED_SINCE,
    COUNT,
    HELP,
    LED_BY_PERSON,
    NOT_UPDATED,
    PROJECT_FIELD,
    PROJECT_LEADS,
    PROJECT_OVERVIEW,
    PROJECTS_BY_AREA,
    PROJECTS_BY_ENABLER,
    PROJECTS_BY_RAG,
    SEARCH,
    UNKNOWN,
    UPDATED,
    WITH_FIELD,
    DateRange,
    Query,
)
from .reading import Reading, entity_confidence, key, project_query

ANSWER_AT = 0.6  # the model's probability from which its reading may answer a question the rules could not
VETO_AT = 0.8  # … and from which "not something the bot holds" stops a rule's unsure answer

PROJECT_FIELDS = {
    "progress": "progress",
    "summary": "summary",
    "blockers": "blockers",
    "risks": "risks",
    "asks": "asks",
    "next_steps": "next_steps",
    "achievements": "achievements",
    "milestones": "milestones",
    "dates": "dates",
    "description": "description",
    "area": "area",
    "enablers": "enablers",
    "history": "history",
    "last_update": "last_update",
}


def model_text(r: Reading) -> str:
    spans = [(m.start, m.end, m.kind) for m in r.matches]
    return masked(r.tokens, spans)


def consult(r: Reading, query: Query, model: IntentModel) -> Query:
    """The rules' query, or a better one where the model is sure and the rules were not."""
    if (
        query.ambiguous
        or query.date_error
        or query.not_found
        or (query.answerable and query.confidence >= 1.0)
        or query.mode in ("outside", "about_words")
        or query.doubt
    ):
        return query  # sure, a pick, a date to fix, or something the rules know the plan does not hold
    reading = model.predict(model_text(r))
    if query.answerable:
        if reading.intent == "out_of_scope" and reading.probability >= VETO_AT and query.confidence < 1.0:
            r.why.append(f"the learned model read this as something the plan does not hold ({reading})")
            return Query(UNKNOWN, confidence=0.0, learned=str(reading))
        return query
    if reading.probability < ANSWER_AT:
        return query
    built = _build(r, reading)
    if built is None:
        return query
    if built.intent == query.intent and query.intent != UNKNOWN:  # the rules read it right but were unsure
        if len(r.cues.unexplained) >= 2:  # … of words the model never sees (it reads names masked, not these)
            return query
        r.why.append(f"the learned model agrees: {reading}")
        return query.but(
            learned=str(reading), confidence=round(max(query.confidence, min(0.9, reading.probability)), 2)
        )
    r.why.append(f"the learned model read this as {reading}")
    return built.but(learned=str(reading), confidence=round(min(0.9, reading.probability), 2))


def _projects(r: Reading) -> list[Match]:
    found = r.of("project")
    if found:  # a word or two of a longer name is a guess: the model does not make it an answer
        return (
            [m for m in found if m.ambiguous or entity_confidence(m) >= 0.6]
            if all(m.ambiguous or entity_confidence(m) >= 0.6 for m in found)
            else []
        )
    if r.cues.unexplained:  # a word the rules cannot place may be the name of something else: no borrowing
        return []
    if not (r.cues.pronoun or len(r.tokens) <= 3 or {"this", "that"} & set(r.tokens)):
        return []  # "give me a summary of the programme" is not about the last project
    ids = r.context.project_ids
    return [Match("project", (pid,), 0, 0, 100.0, "context", "") for pid in ids[:5]]


def _build(r: Reading, reading: ModelReading) -> Query | None:
    intent = reading.intent
    m = r.more
    filters = dict(area=key(r.one("area")), enabler=key(r.one("enabler")))
    if intent in ("leads", "deputy", "status") or intent in PROJECT_FIELDS:
        projects = _projects(r)
        if not projects or any(p.ambiguous for p in projects):
            return None
        if intent == "leads":
            return project_query(r, projects, PROJECT_LEADS)
        if intent == "deputy":
            return project_query(r, projects, PROJECT_LEADS).but(mode="deputy")
        if intent == "status":
            return project_query(r, projects, PROJECT_OVERVIEW)
        return project_query(r, projects, PROJECT_FIELD, PROJECT_FIELDS[intent])
    if intent == "person_projects":
        person = r.one("person")
        if person is None or person.ambiguous or m.late or m.rags or m.updated or m.not_updated or r.cues.milestones:
            return None  # "which of Mark's projects are late": a filter the model's reading would drop
        role = "deputy" if m.deputy else "both" if (m.lead_or_deputy or m.other) else "lead"
        return Query(LED_BY_PERSON, person_ids=person.ids, role=role)
    if intent == "list_rag" and m.rags and len(m.rags) < 3:
        return Query(PROJECTS_BY_RAG, rags=m.rags, rag=m.rags[0] if len(m.rags) == 1 else None, **filters)
    if intent == "list_area" and (filters["area"] or filters["enabler"]):
        return Query(PROJECTS_BY_AREA if filters["area"] else PROJECTS_BY_ENABLER, **filters)
    if intent == "count":
        return Query(COUNT, rags=m.rags if len(m.rags) < 3 else (), **filters)
    if intent == "changed":
        period = r.period or DateRange(None, r.today, "since the last digest", since_digest=True)
        return Query(CHANGED_SINCE, period=period, **filters)
    if intent == "updated" and r.period:
        return Query(UPDATED, period=r.period, **filters)
    if intent == "not_updated":
        return Query(NOT_UPDATED, period=r.period, **filters)
    if intent == "with_field":
        if r.period and r.period.end and r.period.end < r.today:  # "asks in October": the latest update cannot say
            return None
        field = next((f for f in r.cues.fields if f in ("asks", "blockers", "risks")), None)
        return Query(WITH_FIELD, field=field, period=r.period, **filters) if field else None
    if intent == "search":
        terms = tuple(t for t in r.tokens if t not in lx.SEARCH_DROP and t not in lx.STOP and len(t) > 2)
        return Query(SEARCH, terms=terms, period=r.period) if terms else None
    if intent == "help" and not r.matches:
        return Query(HELP)
    return None  # milestones due, rankings, comparisons: the rules read these or nothing does
