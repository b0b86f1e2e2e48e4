"""What the parser understood from a question: an intent, the things it is about, and how sure it is.

A `Query` is plain data so it can be logged, tested and explained back to the person who asked
("I read that as: who leads Virtual Social Care (CAR-01)").
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

# Intents the engine answers.
HELP = "help"
UNKNOWN = "unknown"
PROJECT_OVERVIEW = "project_overview"
PROJECT_LEADS = "project_leads"
PROJECT_FIELD = "project_field"
PROJECTS_BY_AREA = "projects_by_area"
PROJECTS_BY_ENABLER = "projects_by_enabler"
PROJECTS_BY_RAG = "projects_by_rag"
NOT_REPORTED = "not_reported"
COUNT = "count"
CHANGED_SINCE = "changed_since"
MILESTONES_DUE = "milestones_due"
LED_BY_PERSON = "led_by_person"
MISSING_UPDATES = "missing_updates"
SEARCH = "search"
SMALL_TALK = "small_talk"
UPDATED = "projects_updated"  # which projects sent an update in a period
NOT_UPDATED = "projects_not_updated"  # which did not (gone quiet, still to update): admins and the DLG
WITH_FIELD = "projects_with_field"  # which projects have blockers / asks of the DLG / risks now
RANKING = "ranking"  # furthest along, most reds by area, finishes first, leads the most
COMPARE = "compare"  # which is further along / doing better, X or Y

PROJECT_INTENTS = (PROJECT_OVERVIEW, PROJECT_LEADS, PROJECT_FIELD)
LIST_INTENTS = (
    PROJECTS_BY_AREA,
    PROJECTS_BY_ENABLER,
    PROJECTS_BY_RAG,
    NOT_REPORTED,
    COUNT,
    MILESTONES_DUE,
    CHANGED_SINCE,
    UPDATED,
    NOT_UPDATED,
    WITH_FIELD,
)

# Parts of a project a question can ask about (the `field` of a project_field query).

# Below this the engine says "I'm not sure" rather than risk a confident wrong answer.
CONFIDENT = 0.6


@dataclass(frozen=True)
class DateRange:
    """Local calendar dates, both ends inclusive; an open end is None."""

    start: date | None
    end: date | None
    label: str  # how it is said back: "since Monday 23 November 2026"
    since_digest: bool = False
    overdue: bool = False
    cycle: int | None = None  # an update cycle: 0 this one, -1 the one before (its dates come from the store)
    rolling: bool = False  # "the past fortnight": from the instant `end - start` days before now, not from midnight


@dataclass(frozen=True)
class Candidate:
    """One thing a phrase might have meant, offered back when the question is ambiguous."""

    kind: str  # project / person
    id: int
    label: str  # "Staff digital skills (COU-02)"
    ref: str = ""


@dataclass(frozen=True)
class Query:
    intent: str
    text: str = ""  # the question as cleaned for matching
    project_ids: tuple[int, ...] = ()
    field: str | None = None
    area: str | None = None  # priority area key
    enabler: str | None = None  # enabler key
    rag: str | None = None  # green / amber / red filter
    rag_change: bool = False  # "which projects changed RAG"
    person_ids: tuple[int, ...] = ()
    period: DateRange | None = None
    terms: tuple[str, ...] = ()  # free-text search words
    typed_terms: tuple[str, ...] = ()  # the search words as typed, when the speller mended any ("bacs" read "back")
    confidence: float = 1.0
    candidates: tuple[Candidate, ...] = ()  # when ambiguous
    suggestions: tuple[str, ...] = ()  # questions that would work
    explanation: tuple[str, ...] = ()  # how each part was read
    not_found: str = ""  # a name the question used that matches nothing we know
    date_error: str = ""  # a date we could not read
    from_context: bool = False  # the project or area came from the previous question
    rags: tuple[str, ...] = ()  # several RAG filters: "red or amber", "not green"
    within: tuple[int, ...] = ()  # only these projects ("which of those …")
    yes_no: bool = False  # "is X red?", "any overdue milestones?": answer yes or no first
    progress_min: int | None = None  # "above 80% complete" (exclusive bounds)
    progress_max: int | None = None
    role: str = ""  # a person's projects: lead / deputy / both
    mode: str = ""  # a finer kind within an intent ("went_red", "better", "most_progress", …)
    exclude_ids: tuple[int, ...] = ()  # "apart from payroll", "what else is she on"
    status: str = ""  # milestones: done / not started / open
    title: tuple[str, ...] = ()  # words of a milestone's title
    compare_to: DateRange | None = None  # "better or worse than last month": the moment compared with
    learned: str = ""  # what the learned intent model read (intent and probability), when it decided
    doubt: str = ""  # why the rules are not sure, which the learned model must not overrule ("pothole app")
    reported_rag: bool = False  # "red updates last week", "what reported red": the RAG the window's updates gave

    @property
    def ambiguous(self) -> bool:
        return bool(self.candidates)

    @property
    def answerable(self) -> bool:
        return self.intent not in (UNKNOWN,) and not self.ambiguous and self.confidence >= CONFIDENT

    def but(self, **changes: Any) -> Query:
        return replace(self, **changes)


@dataclass(frozen=True)
class Context:
    """What the conversation last talked about, so "and who leads it?" can be answered."""

    project_ids: tuple[int, ...] = ()
    area: str | None = None
    enabler: str | None = None
    rag: str | None = None
    intent: str | None = None
    field: str | None = None
    person_ids: tuple[int, ...] = ()
    candidates: tuple[int, ...] = ()  # projects offered in an ambiguity card
    listed: tuple[int, ...] = ()  # projects the last answer listed ("which of those …", "and their leads?")
    person_shown: tuple[int, ...] = ()  # projects the last answer about a person listed ("what else is she on?")
    period: tuple[str, ...] = ()  # the window the last list was over ("which of those got worse?": the same one)
    # … and the rest of the last list's filters, so "and in digital citizen?" asks all of it again of another area
    rags: tuple[str, ...] = ()
    status: str = ""
    mode: str = ""
    later_part: bool = False  # read for a second or third part of one message (never kept)

    def to_dict(self) -> dict[str, Any]:
        return {
            k: (list(v) if isinstance(v, tuple) else v)
            for k, v in self.__dict__.items()
            if v not in (None, (), "") and k != "later_part"
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Context:
        if not d:
            return cls()
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        for k in ("project_ids", "person_ids", "candidates", "listed", "person_shown"):
            if k in known:
                known[k] = tuple(int(x) for x in known[k] or ())
        for k in ("period", "rags"):
            if k in known:
                known[k] = tuple(str(x) for x in known[k] or ())
        return cls(**known)


def next_context(
    previous: Context, query: Query, shown: tuple[int, ...] | None = None, people: tuple[int, ...] | None = None
) -> Context:
    """What to remember after answering `query`: its subject, or the previous one if it had none;
    `shown` the projects the answer listed, `people` the person it was about (for "what else is she on")."""
    following = _next(previous, query)
    changes: dict[str, Any] = {"person_shown": previous.person_shown} if not following.person_shown else {}
    if shown is not None and query.answerable and query.intent not in (HELP, SMALL_TALK):
        # "which of those got worse?" finding none leaves the list it filtered as "those"
        changes["listed"] = tuple(shown[:60]) if shown or not query.within else previous.listed
        if query.intent == LED_BY_PERSON:
            changes["person_shown"] = tuple(shown[:60])
    if people:
        changes["person_ids"] = tuple(people)
    return replace(following, **changes) if changes else following


def _next(previous: Context, query: Query) -> Context:
    if query.ambiguous:
        return replace(
            previous,
            intent=query.intent,
            field=query.field,
            candidates=tuple(c.id for c in query.candidates if c.kind == "project"),
        )
    if not query.answerable or query.intent in (HELP, SEARCH, SMALL_TALK):
        return previous
    if query.intent in PROJECT_INTENTS:
        return Context(
            project_ids=query.project_ids,
            intent=query.intent,
            field=query.field,
            area=previous.area,
            enabler=previous.enabler,
            rag=previous.rag,
            person_ids=previous.person_ids,
        )
    if query.intent == LED_BY_PERSON:
        return replace(previous, person_ids=query.person_ids, intent=query.intent, candidates=())
    within_last = bool(query.within) and not (query.area or query.enabler)  # "which are amber?" after an area's list
    return Context(
        project_ids=previous.project_ids,
        area=previous.area if within_last else query.area,  # … is still that area's: "and which are green?" next
        enabler=previous.enabler if within_last else query.enabler,
        rag=query.rag,
        intent=query.intent,
        field=query.field or previous.field,
        person_ids=previous.person_ids,
        period=encode_period(query.period),
        rags=query.rags,
        status=query.status,
        mode=query.mode,
    )


def encode_period(period: DateRange | None) -> tuple[str, ...]:
    """A window as plain strings, for the follow-up context (kept as JSON)."""
    if period is None:
        return ()
    return (
        period.start.isoformat() if period.start else "",
        period.end.isoformat() if period.end else "",
        period.label,
        " ".join(
            w
            for w, on in (("digest", period.since_digest), ("overdue", period.overdue), ("rolling", period.rolling))
            if on
        ),
        "" if period.cycle is None else str(period.cycle),
    )


def decode_period(saved: tuple[str, ...]) -> DateRange | None:
    if len(saved) != 5:
        return None
    start, end, label, digest, cycle = saved
    return DateRange(
        date.fromisoformat(start) if start else None,
        date.fromisoformat(end) if end else None,
        label,
        since_digest="digest" in digest.split(),
        overdue="overdue" in digest.split(),
        cycle=int(cycle) if cycle else None,
        rolling="rolling" in digest.split(),
    )
