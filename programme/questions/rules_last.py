"""Questions about the last answer: 'which of those are red?', 'and their leads?', 'any with blockers?' straight
after a list, 'why?', and a project picked from a "which one?" card by a word of its name (split from
rules_more.py, whose list filters these reuse).
"""

from __future__ import annotations

from . import lexicon as lx
from . import rules_project
from .matcher import Match
from .query import (
    CHANGED_SINCE,
    COUNT,
    MISSING_UPDATES,
    PROJECT_FIELD,
    PROJECT_LEADS,
    PROJECT_OVERVIEW,
    PROJECTS_BY_RAG,
    RANKING,
    UPDATED,
    WITH_FIELD,
    DateRange,
    Query,
    decode_period,
)
from .reading import Reading, implicit_list
from .rules_more import LIST_FIELDS, _filters, _this_week


def _context_projects(r: Reading) -> tuple[int, ...]:
    return r.context.listed or r.context.project_ids


# --- the last answer ---------------------------------------------------------------------------


def reference(r: Reading) -> Query | None:
    """'which of those are red?', 'and their leads?', 'are both red?', 'what are they blocked on?', 'why?'."""
    m, c = r.more, r.cues
    ids = _context_projects(r)
    if not ids or r.of("project") or r.of("person") or c.unexplained:
        return None
    if len(ids) < 2 and not m.why:  # "the red ones" after one project: not a reference to a list
        return None
    if c.count and set(r.tokens) <= _HOW_MANY_OF_THOSE and not (m.rags or c.fields or r.period):
        r.why.append("how many the last list held")  # "how many is that?" straight after a list
        if r.context.intent == MISSING_UPDATES:  # who has not updated this cycle: that list again, its count and cycle
            return Query(MISSING_UPDATES, area=r.context.area, enabler=r.context.enabler, confidence=0.9)
        return Query(COUNT, within=ids, period=decode_period(r.context.period), confidence=0.9, from_context=True)
    bare_which = r.tokens[:1] == ["which"] and not {"projects", "project"} & set(r.tokens) and bool(m.rags)
    which_one = r.tokens[:2] in (["which", "one"], ["which", "ones"])  # "which one is furthest along?": of those
    implicit = implicit_list(r)  # "any with blockers?" straight after a list
    if not (m.reference or bare_which or which_one or implicit or (m.why and len(r.tokens) <= 3)):
        return None
    words = set(r.tokens)
    if words & {"everything", "everyone", "all", "projects", "anything"} and not words & {
        "those",
        "them",
        "these",
        "both",
    }:
        return None  # "everything that's red with their leads": a new list, not the last one
    if m.why:
        r.why.append("why: the reasons in the last project's latest update")
        return Query(PROJECT_FIELD, project_ids=ids[:5], field="why", confidence=0.9, from_context=True)
    if c.milestones and not (m.deputy or c.leads) and len(ids) <= 5:  # "have either of them got overdue milestones?"
        fake = [Match("project", (pid,), 0, 0, 100.0, "context", "") for pid in ids]
        detail = rules_project.project_detail(r, fake)
        if detail is not None:
            r.why.append("the milestones of the projects just listed")
            return detail.but(from_context=True, confidence=min(detail.confidence, 0.9))
    if m.deputy or c.leads or c.person:
        f = _filters(r)
        if f["rags"] or f["area"] or f["enabler"]:  # "who leads the red ones?": filter, then their leads
            r.why.append("the leads of those of the projects just listed that fit")
            return Query(PROJECTS_BY_RAG, within=ids, field="leads", confidence=0.9, from_context=True, **f)
        r.why.append("the leads of the projects just listed")
        return Query(
            PROJECT_LEADS, project_ids=ids, mode="deputy" if m.deputy else "", confidence=0.9, from_context=True
        )
    if m.updated and "never" in words:  # "how many of them have never updated?"
        r.why.append("which of the projects just listed have never reported")
        return Query(PROJECTS_BY_RAG, within=ids, field="not_reported", confidence=0.9, from_context=True)
    fields = [f for f in c.fields if f in LIST_FIELDS]
    if fields and len(fields) == len(c.fields) and words & {"any", "which", "with"}:  # "any with blockers?"
        r.why.append(f"which of the projects just listed have {fields[0]} in their latest update")
        return Query(
            WITH_FIELD, within=ids, field=fields[0].replace("issues", "risks"), confidence=0.9, from_context=True
        )
    if m.updated and not m.when:
        r.why.append("which of the projects just listed sent an update")
        return Query(
            UPDATED, within=ids, period=r.period or _this_week(r), confidence=0.9, from_context=True, **_filters(r)
        )
    if m.better or m.worse or m.into:  # "which of those got worse?": over the window of the last list
        period = (
            r.period
            or decode_period(r.context.period)
            or DateRange(None, r.today, "since the last digest", since_digest=True)
        )
        mode = "worse" if m.worse and not m.better else "better" if m.better and not m.worse else ""
        r.why.append(f"which of the projects just listed {'moved' if not mode else 'got ' + mode} {period.label}")
        return Query(
            CHANGED_SINCE,
            within=ids,
            period=period,
            mode=mode,
            rag=m.into or None,
            rag_change=bool(m.into),
            confidence=0.9,
            from_context=True,
        )
    if m.rank:
        r.why.append(f"ranked the projects just listed ({m.rank})")
        return Query(RANKING, mode=m.rank, within=ids, confidence=0.9, from_context=True)
    if c.fields and not set(c.fields) & {"progress"}:
        r.why.append(f"the {c.field} of the projects just listed")
        return Query(PROJECT_FIELD, project_ids=ids, field=c.field, confidence=0.9, from_context=True)
    f = _filters(r)
    if f["rags"] or f["area"] or f["enabler"] or m.progress_min is not None or m.progress_max is not None:
        r.why.append("filtered the projects just listed")
        return Query(
            PROJECTS_BY_RAG,
            within=ids,
            mode="all" if (m.every and m.yes_no) else "",
            period=decode_period(r.context.period),  # the list was over a window: the answer says it again
            confidence=0.9,
            from_context=True,
            **f,
        )
    return None


# Words of "how many is that?", "how many are there of those?", "how many's that in total?" and nothing else.
_HOW_MANY_OF_THOSE = frozenset(
    "how many number count is s are that those them these it there of in total all altogether then".split()
)


def pick_by_word(r: Reading) -> Query | None:
    """'the transport one' after a "which did you mean?" card: the offered project whose name has the word."""
    ctx = r.context
    if not ctx.candidates or len(r.tokens) > 5:
        return None
    words = {t for t in r.tokens if t not in lx.STOP and t not in ("one", "project")}
    hits = [
        pid
        for pid in ctx.candidates
        if words & set(r.vocab.projects[pid].name.lower().replace("-", " ").split())
        if pid in r.vocab.projects
    ]
    if len(hits) != 1:
        return None
    r.why.append("picked from the last list by a word of its name")
    intent = ctx.intent if ctx.intent in (PROJECT_OVERVIEW, PROJECT_LEADS, PROJECT_FIELD) else PROJECT_OVERVIEW
    return Query(
        intent,
        project_ids=(hits[0],),
        field=ctx.field if intent == PROJECT_FIELD else None,
        confidence=0.9,
        from_context=True,
    )
