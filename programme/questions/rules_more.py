"""Rules for the questions staff type that the first rules did not cover: references to the last answer,
a person's other projects, who updated (or went quiet) in a window, projects with blockers or asks,
rankings and comparisons, projects by their plan dates; the finer kinds of a question about one project (its
deputy, its dates, when it went red, why, its overdue milestones) are in rules_project.py.

Each rule returns a `Query` or None, like those in parser.py, and says why it fired.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from . import lexicon as lx
from . import rules_sent
from .cues import not_now
from .query import (
    MILESTONES_DUE,
    NOT_UPDATED,
    PROJECT_FIELD,
    PROJECT_OVERVIEW,
    PROJECTS_BY_RAG,
    RANKING,
    SEARCH,
    UNKNOWN,
    UPDATED,
    WITH_FIELD,
    DateRange,
    Query,
)
from .reading import Reading, entity_confidence, key, of_the_last_list, penalised, person_role, project_query
from .rules_outside import unknown_about as unknown_about  # a rule of the parser's, kept at its old address
from .rules_plan_state import by_plan_state
from .windowed import reported_colour

LIST_FIELDS = ("asks", "blockers", "risks", "issues")


def _filters(r: Reading) -> dict[str, Any]:
    m = r.more
    return dict(
        area=key(r.one("area")),
        enabler=key(r.one("enabler")),
        rags=m.rags,
        rag=m.rags[0] if len(m.rags) == 1 else None,
        progress_min=m.progress_min,
        progress_max=m.progress_max,
    )


# --- lists -------------------------------------------------------------------------------------


def not_updated(r: Reading) -> Query | None:
    """'which projects didn't update last week?', 'gone quiet for a fortnight', 'still to update this cycle'."""
    m, c = r.more, r.cues
    if not m.not_updated or r.of("project") or c.not_reported or (m.quiet and "it" in r.tokens):
        return None  # "has it gone quiet?": the project talked about (rules_project.py)
    if c.missing and not m.quiet and not m.rags and (r.period is None or r.period.cycle == 0 or "cycle" in r.tokens):
        return None  # who has not updated this cycle: the missing-updates answer
    period = r.period
    if period is None and m.quiet:
        period = DateRange(r.today - timedelta(days=14), r.today, "in the last 14 days", rolling=True)
    r.why.append("asked which projects have not updated" + (f" {period.label}" if period else " this cycle"))
    person = r.one("person")
    return Query(
        NOT_UPDATED,
        period=period,
        person_ids=person.ids if person else (),
        role=person_role(r) if person else "",
        mode="quiet" if m.quiet else "",
        confidence=penalised(1.0, r, listing=True),
        **_filters(r),
    )


def updated(r: Reading) -> Query | None:
    """'which projects have updated since Monday?', 'any updates in the past 10 days', 'who's updated'."""
    m = r.more
    repeat = rules_sent.more_than_one(r.tokens) and bool(set(r.tokens) & rules_sent.UPDATE_WORDS)  # "sent twice"
    if not (m.updated or repeat) or m.not_updated or r.of("project") or m.better or m.worse:
        return None
    if r.cues.fields and not set(r.cues.fields) <= {"last_update", "summary", "asks"}:
        return None
    person = r.one("person")
    period = r.period or _this_week(r)
    if m.yes_no and not person and {"everyone", "everybody", "all", "every"} & set(r.tokens):
        # "has everyone done their update this fortnight?" asks who has not: the list of who has is no answer
        r.why.append(f"asked whether every project sent an update {period.label}")
        return Query(NOT_UPDATED, period=period, confidence=penalised(1.0, r, listing=True), **_filters(r))
    words = set(r.tokens)  # "how many updates this cycle (projects)", "- projects i mean": the projects are counted
    mode = "updates" if r.more.how_many and "updates" in words and not words & {"projects", "project"} else ""
    if "cycle" in r.tokens and r.period is None:
        period, mode = DateRange(None, r.today, "this cycle"), mode or "cycle"
    if repeat or rules_sent.more_than_one(r.tokens):  # "who's sent more than one update this cycle": 2 or more
        mode = rules_sent.MORE_THAN_ONE
        r.why.append("asked which projects sent more than one update")
    r.why.append(f"asked which projects sent an update {period.label}")
    return Query(
        UPDATED,
        period=period,
        reported_rag=reported_colour(r.tokens),
        person_ids=person.ids if person else (),
        mode=mode,
        role=person_role(r) if person else "",
        confidence=penalised(1.0, r, listing=True),
        **_filters(r),
    )


def with_field(r: Reading) -> Query | None:
    """'which projects have blockers?', 'which are asking the DLG for a decision?'."""
    c = r.cues
    fields = [f for f in c.fields if f in LIST_FIELDS]
    if not fields or r.of("project") or r.of("person") or r.cues.search:
        return None
    words = set(r.tokens)
    if fields == ["issues"] and words & lx.FIELD_WORDS["risks"] and words & lx.FIELD_WORDS["blockers"]:
        fields = ["risks", "blockers"]  # "which projects have risks and blockers": both, not one of them
    if len(fields) > 1:  # "which projects have asks but no blockers": two conditions, which a list here cannot do
        r.why.append(f"asked for projects by {' and '.join(fields)} together, which I cannot combine")
        return Query(UNKNOWN, confidence=0.0, doubt="two conditions on a project's update")
    if c.unexplained:  # "which red projects have supplier problems": the problem is what to search for
        terms = tuple(t for t in c.unexplained if t not in lx.SEARCH_DROP and len(t) > 2)
        if not terms or not set(fields) <= {"issues", "risks"}:
            return None
        r.why.append(f"searching the updates for: {' '.join(terms)}")
        rags = r.more.rags if len(r.more.rags) < 3 else ()
        return Query(SEARCH, terms=terms, rags=rags, period=r.period, mode="topic", confidence=0.8)
    listish = c.count or bool(
        {"which", "any", "projects", "anything", "waiting", "updates", "list", "every"} & set(r.tokens)
    )
    if not listish:
        return None
    without = r.more.without
    r.why.append(f"asked which projects have {'no ' if without else ''}{fields[0]} in their latest update")
    return Query(
        WITH_FIELD,
        field="risks" if fields[0] == "issues" else fields[0],
        period=r.period,
        mode="without" if without else "",
        confidence=penalised(1.0, r),
        **_filters(r),
    )


def ranking(r: Reading) -> Query | None:
    m = r.more
    if (
        not m.rank
        and {"most", "fewest", "least", "highest", "lowest", "biggest", "smallest"} & set(r.tokens)
        and not r.of("project")
    ):
        r.why.append("a ranking I cannot make")
        return Query(UNKNOWN, confidence=0.0, doubt="a ranking I cannot make")  # not a list in other words
    if not m.rank or r.of("project"):
        return None
    r.why.append(f"asked for a ranking ({m.rank})")
    if m.rank == "oldest_overdue":
        yesterday = r.today - timedelta(days=1)
        return Query(
            MILESTONES_DUE,
            period=DateRange(None, yesterday, "overdue", overdue=True),
            mode="oldest",
            confidence=penalised(1.0, r, listing=True),
            **_filters(r),
        )
    within = of_the_last_list(r) if m.rank in ("most_progress", "least_progress") else ()
    return Query(RANKING, mode=m.rank, within=within, confidence=penalised(1.0, r, listing=True), **_filters(r))


def by_progress(r: Reading) -> Query | None:
    """'which projects are above 80% complete?', 'which projects have two leads', '… red in every update'."""
    m = r.more
    if r.of("project") or not (
        m.progress_min is not None or m.progress_max is not None or m.two_leads or m.always or (m.ever and m.rags)
    ):
        return None
    ever = "ever_not_now" if not_now(r.tokens) else "ever"  # "red at some point but aren't now": not those red now
    mode = "two_leads" if m.two_leads else "always" if m.always else ever if m.ever else ""
    r.why.append("filtered projects by " + (mode or "progress"))
    return Query(PROJECTS_BY_RAG, mode=mode, confidence=penalised(1.0, r, listing=True), **_filters(r))


def about_words(r: Reading, query: Query) -> Query:
    """'what happened with the payments pen test?': a project, and words no rule reads — what its updates say
    about those words (with where each came from), or still "not sure" if they say nothing. Not for a yes-or-no
    question: finding the words does not say yes or no."""
    projects = [m for m in r.of("project") if not m.ambiguous and entity_confidence(m) >= 0.85]
    if (
        len(projects) != 1
        or r.more.yes_no
        or query.not_found
        or query.date_error
        or r.of("person")
        or query.mode == "outside"
    ):
        return query
    terms = tuple(t for t in r.cues.unexplained if len(t) > 2 and t not in lx.SEARCH_DROP)
    if not terms:
        return query
    pid = projects[0].ids[0]
    words = set(r.tokens)
    figures = {"spend", "spent", "cost", "costs", "costing", "price", "percentage", "percent", "proportion"}
    if r.cues.count or {"how", "much"} <= words or {"how", "far"} <= words or words & figures:
        # "how much did we spend on M365 licences?": a figure the latest update gives, or "not sure"
        r.why.append(f"looking for a figure about {' '.join(terms)} in {r.vocab.projects[pid].label}'s latest update")
        return Query(PROJECT_FIELD, project_ids=(pid,), field="summary", mode="figure", terms=terms, confidence=0.8)
    r.why.append(f"searching {r.vocab.projects[pid].label}'s updates for: {' '.join(terms)}")
    return Query(SEARCH, terms=terms, project_ids=(pid,), mode="any", period=r.period, confidence=0.8)


def exists(r: Reading) -> Query | None:
    """'is there a project about school transport?': yes only when the words name a project outright."""
    text = " ".join(r.tokens)
    if not (
        text.startswith("is there a project")
        or text.startswith("is there any project")
        or text.startswith("do we have a project")
        or text.startswith("is there a workstream")
    ):
        return None
    named = [m for m in r.of("project") if not m.ambiguous and m.how != "part of name"]
    if named:
        return project_query(r, named, PROJECT_OVERVIEW).but(yes_no=True)
    words = " ".join(t for t in r.tokens[4:] if t not in lx.STOP)
    r.why.append("no project's name or alias says that")
    return Query(UNKNOWN, not_found=words or "that", confidence=0.0)


def project_dates(r: Reading) -> Query | None:
    """'which projects run past March 2027?', 'due to end in March', 'started in 2025'."""
    m = r.more
    if r.period is None and (m.dates or {"finished", "ended"} & set(r.tokens)):
        return by_plan_state(r)  # "which projects have finished", "what hasn't started yet": as of today
    if not m.dates or r.of("project") or r.period is None or {"milestone", "milestones"} & set(r.tokens):
        return None
    words = set(r.tokens)
    mode = (
        "starts_in"
        if words & {"start", "started", "starts", "began", "begin", "kickoff"} or {"kick", "kicks", "kicked"} & words
        else "runs_past"
        if words & {"past", "beyond", "after"}
        else "ends_in"
    )
    r.why.append(
        f"asked which projects {({'starts_in': 'start', 'ends_in': 'end'}).get(mode, 'run past')} {r.period.label}"
    )
    return Query(PROJECTS_BY_RAG, mode=mode, period=r.period, confidence=penalised(1.0, r), **_filters(r))


def _this_week(r: Reading) -> DateRange:
    start = r.today - timedelta(days=r.today.weekday())
    return DateRange(start, r.today, f"this week (since {start:%A} {start.day} {start:%B})")
