"""The parser's rules for lists of projects (split from parser.py, run in its order): milestones due, counts,
projects not reported, by RAG, by priority area or enabler. Each returns a `Query` or None and says why it fired.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta

from programme.terms import RAGS

from . import lexicon as lx
from . import rules_project
from .normalise import clean
from .query import (
    COUNT,
    MILESTONES_DUE,
    NOT_REPORTED,
    PROJECTS_BY_AREA,
    PROJECTS_BY_ENABLER,
    PROJECTS_BY_RAG,
    RANKING,
    DateRange,
    Query,
)
from .reading import UPCOMING_DAYS, Reading, key, penalised, person_role
from .rules_more import _filters

_THIS_PERIOD = re.compile(r"\bthis\s+(?:week|month|fortnight|quarter|year|cycle)\b")  # what is left of it


def _milestones(r: Reading) -> Query | None:
    c = r.cues
    slipped = bool({"slipped", "slipping", "slip"} & set(r.tokens)) and not (r.more.updated or r.more.rags)
    if not c.milestones and not slipped:  # "which projects have slipped?": their milestones are overdue
        return None
    if c.missing and not (set(r.tokens) & lx.MILESTONE_WORDS - {"overdue", "due"}):
        return None  # "overdue with their updates": late updates (who has not updated), not overdue milestones
    if slipped and not c.milestones:
        c = replace(c, milestones=True, overdue=True)
    title = rules_project.title_words(r)
    one = "milestone" in r.tokens and not r.period and not (r.one("area") or r.one("enabler") or r.of("person"))
    one = one and not (r.more.rags and c.overdue)  # "any green projects carrying an overdue milestone?": a list
    if r.context.project_ids and not r.of("area") and (r.more.next_one or (one and title)):
        return None  # "when's the full cutover milestone due?", "what's the next milestone": the last project's
    if {"it", "its"} & set(r.tokens) and not r.matches:
        return None  # "when was its milestone due?": one project's, the one talked about — never every project's
    if one and title:
        r.why.append(f"asked about the milestone called '{' '.join(title)}'")
        return Query(MILESTONES_DUE, title=title, confidence=penalised(0.9, r) if not r.more.rags else 0.4)
    words = set(r.tokens)
    status = (
        "done"
        if words & {"done", "completed", "complete", "achieved", "met", "hit"} and "not" not in words
        else "not started"
        if "started" in words and words & {"not", "havent", "hasnt", "yet"}
        else "open"  # "due last month that still aren't done": not done (yet)
        if words & {"done", "completed", "complete", "finished"}
        and "not" in words
        or words & {"outstanding", "open", "remaining", "pending", "unfinished", "incomplete"}  # "still outstanding"
        else ""
    )
    yesterday = r.today - timedelta(days=1)
    if c.overdue and not r.period:
        period = DateRange(None, yesterday, "overdue (due before today and not done)", overdue=True)
    elif r.period is None and status == "done":  # "how many milestones have been completed so far"
        period = DateRange(None, r.today, "so far")
    elif r.period is None and (c.count or words & {"total", "altogether", "overall"}):  # "how many milestones in all"
        period, status = DateRange(None, None, "in the plan"), status or "all"
    else:
        period = r.period or DateRange(
            r.today, r.today + timedelta(days=UPCOMING_DAYS), f"in the next {UPCOMING_DAYS} days"
        )
    ahead = bool(words & {"upcoming", "ahead"}) or "coming up" in " ".join(r.tokens)
    if r.period is not None and c.overdue and not status:  # "which milestones slipped in December": not done by then
        end = min(period.end or yesterday, yesterday)
        period, status = DateRange(period.start, end, f"{period.label}, not done by their date"), "open"
    elif r.period is not None and not status and period.start is not None and period.start < r.today and not ahead:
        # a past period, or a month named that has begun ("in january" on the 4th); "this month" is what is left
        past = period.end is not None and period.end < r.today
        status = "all" if past or not _THIS_PERIOD.search(r.raw.lower()) else status
    if period.start and period.start < r.today and ahead:
        period = DateRange(r.today, period.end, period.label)  # "coming up in December": from today
    r.why.append(f"asked for milestones due {period.label}")
    person = r.one("person")
    conf = penalised(1.0, r) if len(r.cues.unexplained) < 2 else 0.5  # two words it cannot place: not sure
    if r.more.rags:  # "red projects with overdue milestones": the milestones of the projects of that RAG now
        r.why.append(f"of {' or '.join(r.more.rags)} projects")
    if r.more.every and r.more.yes_no:  # "do all the red projects have one?": not a question of any
        conf = min(conf, 0.4)
    counted = r.tokens[r.tokens.index("many") + 1 : r.tokens.index("many") + 2] if "many" in r.tokens else []
    return Query(
        MILESTONES_DUE,
        period=period,
        area=key(r.one("area")),
        enabler=key(r.one("enabler")),
        status=status,
        person_ids=person.ids if person else (),
        role=person_role(r) if person else "",
        mode=("count_projects" if counted in (["projects"], ["project"]) else "count") if c.count else "",
        rags=r.more.rags,
        confidence=conf,
    )


def _count(r: Reading) -> Query | None:
    c = r.cues
    if not c.count:
        return None
    area, enabler = r.one("area"), r.one("enabler")
    if _counts_the_leads(r) and not r.more.rags and not r.of("project") and not r.of("person"):
        r.why.append("asked how many people lead the projects")
        return Query(RANKING, mode="lead_count", area=key(area), enabler=key(enabler))
    if not (area or enabler or r.more.rags or c.not_reported or "projects" in r.tokens or "project" in r.tokens):
        return None
    r.why.append("asked how many projects")
    rags = r.more.rags if len(r.more.rags) < 3 else ()
    breakdown = "breakdown" if len(r.more.rags) == 3 else ""  # "how many are red, amber and green": each
    return Query(
        COUNT,
        area=key(area),
        enabler=key(enabler),
        rag=rags[0] if len(rags) == 1 else None,
        rags=rags,
        mode=breakdown,
        progress_min=r.more.progress_min,
        progress_max=r.more.progress_max,
        field="not_reported" if c.not_reported else None,
        confidence=penalised(1.0, r, listing=True),
    )


def change_window(r: Reading) -> DateRange:
    """The window of a 'what changed' question: the one asked, or since the last digest; "which projects have
    recovered from red?" (no window) is every update so far."""
    if r.period:
        return r.period
    if r.more.from_rag and {"recovered", "recovering", "recover", "recovers", "bounced", "back"} & set(r.tokens):
        return DateRange(r.today - timedelta(days=7305), r.today, "so far")
    return DateRange(None, r.today, "since the last digest", since_digest=True)


def never_reported(r: Reading) -> Query | None:
    """'how many projects have no updates at all', 'projects with no updates ever', 'not sent a single update': never
    reported, before what changed or who is quiet this cycle (whose words these share)."""
    text = f" {clean(r.raw)} "  # as typed: "at all" is a filler the tokens have lost
    none = any(f" {w} " in text for w in ("no", "not", "never", "havent", "hasnt", "zero"))
    ever = any(f" {w} " in text for w in ("at all", "ever", "single"))
    if not none or not ever or not ({"update", "updates"} & set(r.tokens)) or r.period or r.of("project"):
        return None
    if r.of("person") or r.more.rags:
        return None
    r.why.append("asked which projects have never reported (no update at all)")
    conf = round(max(0.0, 1.0 - 0.25 * len(r.cues.unexplained)), 2)  # "ever" asks for no history here
    return Query(NOT_REPORTED, area=key(r.one("area")), enabler=key(r.one("enabler")), confidence=conf)


def _not_reported(r: Reading) -> Query | None:
    if not r.cues.not_reported:
        return None
    r.why.append("asked which projects have never reported")
    return Query(
        NOT_REPORTED, area=key(r.one("area")), enabler=key(r.one("enabler")), confidence=penalised(1.0, r, listing=True)
    )


def _by_rag(r: Reading) -> Query | None:
    rags = r.more.rags
    if not rags or len(rags) == 3:
        return None
    r.why.append(f"asked which projects are {' or '.join(rags)}")
    person = r.one("person")
    conf, doubt = penalised(1.0, r, listing=True), ""
    if r.period is not None and r.period.end is not None and r.period.end < r.today:
        # "which projects were red at the start of November?": the list is of today's RAG, not of then
        doubt = f"RAG as it was {r.period.label} is not a list I can give"
        r.why.append(doubt)
        conf = min(conf, 0.4)
    return Query(
        PROJECTS_BY_RAG,
        rag=rags[0] if len(rags) == 1 else None,
        rags=rags,
        area=key(r.one("area")),
        enabler=key(r.one("enabler")),
        progress_min=r.more.progress_min,
        progress_max=r.more.progress_max,
        person_ids=person.ids if person else (),
        role=person_role(r) if person else "",
        within=r.context.listed if _the_colour_one(r) else (),
        confidence=conf,
        doubt=doubt,
    )


def _the_colour_one(r: Reading) -> bool:
    """'who leads the red one?' after a list: the red one of the projects just shown, not every red project."""
    t = r.tokens
    return bool(r.context.listed) and any(
        t[i] == "the" and t[i + 1] in RAGS and t[i + 2] == "one" for i in range(len(t) - 2)
    )


def _by_area_or_enabler(r: Reading) -> Query | None:
    area, enabler = r.one("area"), r.one("enabler")
    if not (area or enabler):
        return None
    if area:
        r.why.append(f"asked about the {r.vocab.areas[area.ids[0]].name} area")
        return Query(
            PROJECTS_BY_AREA, area=area.ids[0], enabler=key(enabler), confidence=penalised(1.0, r, listing=True)
        )
    assert enabler is not None  # no area, so the enabler
    r.why.append(f"asked about the {r.vocab.enablers[enabler.ids[0]].name} enabler")
    return Query(PROJECTS_BY_ENABLER, enabler=enabler.ids[0], confidence=penalised(1.0, r, listing=True))


def no_deputy(r: Reading) -> Query | None:
    """'which projects have no deputy?', and the other way round: 'how many projects have a deputy?'."""
    m = r.more
    if not (m.deputy and {"projects", "project", "which", "any"} & set(r.tokens)) or r.of("project"):
        return None
    if not m.without:
        if r.of("person") or not {"have", "has", "with", "got"} & set(r.tokens):
            return None
        r.why.append("asked which projects have a deputy recorded")
        return Query(PROJECTS_BY_RAG, mode="with_deputy", confidence=penalised(1.0, r, listing=True), **_filters(r))
    r.why.append("asked which projects have no deputy recorded")
    return Query(PROJECTS_BY_RAG, mode="no_deputy", confidence=penalised(1.0, r, listing=True), **_filters(r))


_COUNTED_PEOPLE = frozenset({"people", "persons", "leads", "leaders", "individuals", "staff", "names"})


def _counts_the_leads(r: Reading) -> bool:
    """'how many different people lead projects?', 'how many project leads are there?': people, not projects."""
    if "many" not in r.tokens:
        return False
    after = [t for t in r.tokens[r.tokens.index("many") + 1 :] if t not in ("different", "distinct", "separate")]
    if after[:1] == ["project"]:
        after = after[1:]
    return bool(after) and after[0] in _COUNTED_PEOPLE and bool({"lead", "leads", "leaders", "leading"} & set(after))
