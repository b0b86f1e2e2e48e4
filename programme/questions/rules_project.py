"""The finer kinds of a question about one project (its deputy, its dates, when it went red, why, its overdue
milestones, whether or when an event in its plan happens), split from rules_more.py; `title_words` is what may name
one milestone.
"""

from __future__ import annotations

from datetime import timedelta

from . import lexicon as lx
from . import rules_sent
from .matcher import Match
from .query import (
    COMPARE,
    MILESTONES_DUE,
    NOT_UPDATED,
    PROJECT_FIELD,
    PROJECT_LEADS,
    UNKNOWN,
    UPDATED,
    DateRange,
    Query,
    decode_period,
)
from .reading import Reading, entity_confidence, project_query
from .said import DONE_WORDS

# --- one project, more finely ------------------------------------------------------------------


def project_detail(r: Reading, projects: list[Match]) -> Query | None:
    """The finer questions about named projects, before the general ones."""
    m, c = r.more, r.cues
    if any(p.ambiguous for p in projects):
        return None
    joined = {"or", "and", "than", "vs", "versus", "with", "to"} & set(r.tokens)
    if len(projects) == 2 and (m.compare or m.rank) and joined:
        r.why.append("compared two projects")
        by_progress = r.more.rank != "" or bool({"further", "along", "progress", "ahead"} & set(r.tokens))
        return Query(
            COMPARE,
            project_ids=tuple(p.ids[0] for p in sorted(projects, key=lambda p: p.start)),
            mode="progress" if by_progress else "rag",
            confidence=0.95,
            yes_no=m.yes_no and "than" in r.tokens,  # "is X further along than Y?": yes or no first
        )
    if m.compare and "than" in r.tokens and len(projects) == 1 and r.period is None and _than_before(r.tokens):
        r.period = DateRange(None, r.today, "its update before", cycle=-1)  # "… than its last update?": the one before
    then = r.period is not None and (r.period.cycle is not None or (r.period.start or r.today) < r.today)
    if m.compare and "than" in r.tokens and len(projects) == 1 and then:  # "is X further on than last cycle?"
        q = project_query(r, projects, PROJECT_FIELD, "history")
        either = bool(m.better and m.worse)  # "better or worse than last month?": which, not yes or no
        return q.but(mode="either" if either else "better", compare_to=r.period, yes_no=m.yes_no and not either)
    if m.compare and "than" in r.tokens and len(projects) == 1:  # "is X further along than Y", Y not found
        r.why.append("a comparison with only one of its two projects found")
        return Query(UNKNOWN, confidence=0.0, project_ids=(projects[0].ids[0],))
    if m.who_submitted or rules_sent.asks_who_sent(" ".join(r.tokens)):  # "who sent its updates in october": all
        back_then = r.period is not None and r.period.end is not None and r.period.end < r.today  # not "today"
        who = project_query(r, projects, PROJECT_FIELD, "history" if back_then else "last_update")
        sure = min(0.9, rules_sent.confidence(r))  # "writing", "sent": this question's own words, not a filter lost
        return who if who.candidates or who.doubt else who.but(confidence=max(who.confidence, sure))
    if len(projects) == 1 and rag_history(r):  # "did family hubs recover from red", "was it red before?"
        r.why.append("asked about the colours of its updates over time")
        return project_query(r, projects, PROJECT_FIELD, "history")
    what_for = r.tokens[:1] == ["what"] and r.tokens[-1:] == ["for"]  # "what is the DFG project actually for?"
    if ({"involve", "involves", "entail", "entails"} & set(r.tokens) or what_for) and not c.fields:
        return project_query(r, projects, PROJECT_FIELD, "description")
    past = r.period is not None and r.period.end is not None and r.period.end < r.today
    words = set(r.tokens)
    sent = m.updated or bool(words & {"submit", "send", "sent", "report"} and words & {"update", "updates"})
    ever = not r.period and bool(words & {"ever", "yet"} or (m.how_many and "updates" in words))
    if (
        sent
        and (r.period or "recently" in r.tokens or ever)
        and not set(c.fields) - {"last_update", "summary", *(("history",) if ever and not m.rags else ())}
        and not m.when
    ):  # "did the intranet project update last week?", "has it ever reported?": yes or no, not what it said
        q = project_query(r, projects, UPDATED, None)
        period = r.period or (_ever(r) if ever else _fortnight(r))
        if m.how_many and {"updates", "update"} & words:  # "how many updates did the bin app put in"
            return q.but(within=q.project_ids, project_ids=(), period=period, mode="updates")
        return q.but(within=q.project_ids, project_ids=(), period=period, yes_no=True)
    if m.quiet and not set(c.fields) - {"last_update", "summary"} and not m.when:
        # "has the wifi project gone quiet?": whether it is among those with no update in the fortnight, which is
        # who has not updated (admins and the DLG, privately), never its overview
        q = project_query(r, projects, NOT_UPDATED, None)
        return q.but(within=q.project_ids, project_ids=(), period=r.period or _fortnight(r), mode="quiet", yes_no=True)
    if past and c.field in ("asks", "blockers", "risks", "next_steps", "achievements", "summary", "issues"):
        return project_query(r, projects, PROJECT_FIELD, c.field).but(mode="at", compare_to=r.period)
    if m.why:  # "why was it red back in October": the reasons its update of then gave, never today's
        q = project_query(r, projects, PROJECT_FIELD, "why")
        return q.but(mode="at", compare_to=r.period) if past else q
    if m.deputy and not set(c.fields) - {"last_update"}:
        return project_query(r, projects, PROJECT_LEADS).but(mode="deputy")
    milestone_word = bool({"milestone", "milestones", "live", "golive", "launch", "deadline"} & set(r.tokens))
    since = r.period is not None and r.period.start is not None and r.period.start < r.today
    own = {t for p in projects for ph in r.vocab.project_phrases.get(p.ids[0], ()) for t in ph.tokens}
    if since and {"slipped", "slipping"} & words and not milestone_word and not set(title_words(r)) - own:
        # "has bus rti slipped since last month?": its RAG now against then, not its milestones
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode="worse", compare_to=r.period)
    event = _event_question(r, projects)
    if event is not None:
        return event
    if (m.better or m.worse) and not m.rags:
        mode = "worse" if m.worse and not m.better else "better" if m.better and not m.worse else "compare"
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode=mode, compare_to=r.period)
    if (
        m.dates
        and not milestone_word
        and not m.late
        and not set(c.fields) - {"description", "last_update", "milestones"}
    ):
        return project_query(r, projects, PROJECT_FIELD, "dates")
    since = {"how", "long"} <= set(r.tokens) or ("since" in r.tokens and m.when)  # "since when has it been amber"
    if m.from_rag and m.when and not m.into:  # "when did it come off red?": the update after its last red one
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode="left", rag=m.from_rag)
    if (m.into and m.when) or (since and len(m.rags) == 1):
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode="went", rag=m.into or m.rags[0])
    if m.when and ("last" in r.tokens or "latest" in r.tokens) and (m.updated or "update" in r.tokens):
        return project_query(r, projects, PROJECT_FIELD, "last_update")
    if (
        c.milestones
        or m.next_one
        or (m.late and "milestone" in " ".join(r.tokens))
        or (milestone_word and (m.when or m.yes_no))
        or (m.late and m.yes_no and not m.updated)
    ):
        q = project_query(r, projects, PROJECT_FIELD, "milestones")
        status = "overdue" if m.late else "open" if ("left" in r.tokens or "remaining" in r.tokens) else ""
        title = title_words(r)
        conf = (
            max(q.confidence, min(0.9, entity_confidence(projects[0])))
            if title and projects[0].how != "part of name"
            else q.confidence
        )  # the words of a milestone's title are not "unexplained"
        return q.but(
            status=status, mode="next" if m.next_one else "count" if c.count else "", title=title, confidence=conf
        )
    if c.field == "progress" and r.period and r.period.start and r.period.start < r.today:
        # "its % at the end of September", "what % was it in July": the figure of then; "% since July": a comparison
        at = past and not m.compare and not {"since", "now"} & set(r.tokens)
        at = at and (r.period.start == r.period.end or "was" in r.tokens)
        mode = "at" if at else "compare"
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode=mode, compare_to=r.period)
    if m.better or m.worse or m.compare:
        mode = "worse" if m.worse and not m.better else "better" if m.better and not m.worse else "compare"
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode=mode, compare_to=r.period)
    if past and c.field in (None, "progress", "history"):  # "how did X do last month", "rag in November"
        return project_query(r, projects, PROJECT_FIELD, "history").but(mode="at", compare_to=r.period)
    return None


def _event_question(r: Reading, projects: list[Match]) -> Query | None:
    """'is the app launched yet?', 'has the DWP agreement been signed?', 'when will TEC finish the switchover?':
    a milestone of one project, named by words of its title. The store finds the milestone (or says it cannot):
    yes or no from its status, or its date."""
    m, c = r.more, r.cues
    strong = [p for p in projects if entity_confidence(p) >= 0.85]
    weak = [p for p in projects if p not in strong]  # "… committee papers app …": "app" is a title's word here
    strong = list({p.ids[0]: p for p in reversed(strong)}.values())  # 'inspection booking … building control': one
    if len(strong) != 1 or any(p.ambiguous or p.end - p.start > 1 for p in weak):
        return None
    title = title_words(r) + tuple(r.tokens[p.start] for p in weak)
    if not title:
        return None
    own = {t for p in r.vocab.project_phrases.get(strong[0].ids[0], ()) for t in p.tokens}  # words of its own name
    title = tuple(t for t in title if t not in own)
    if set(title) <= _KICK_OFF | _CLOSE:  # "when did it kick off / is it due to close?": the plan's dates
        return None
    words = set(r.tokens)
    nearly = bool(words & {"nearly", "almost"}) or "close to" in " ".join(r.tokens)  # how far along, not whether
    if not title or c.leads or m.rags or m.deputy or c.count or m.better or m.worse or m.compare or nearly:
        return None
    on_time = bool(words & {"going", "time", "track", "schedule", "plan", "planned", "expected"})
    moved = m.yes_no and bool(words & MOVED_WORDS)  # "has the launch slipped?": whether its day changed, not done
    done = (
        m.yes_no and not on_time and not moved and bool("yet" in words or words & DONE_WORDS or set(title) & DONE_WORDS)
    )
    when = m.when and not m.updated and not (words & {"updated", "update", "report", "reported"})
    if moved:
        r.why.append(f"asked whether the day of '{' '.join(title)}' has moved")
        q = project_query(r, strong, PROJECT_FIELD, "milestones")
        conf = max(q.confidence, min(0.9, entity_confidence(strong[0])))  # a title's words are not unexplained
        return q.but(title=title, mode="moved", confidence=conf)
    if not (done or when):
        return None
    q = project_query(r, strong, PROJECT_FIELD, "milestones")
    # the words of a milestone's title are not "unexplained": the store checks them against the titles, and says
    # it is not sure when no milestone (or, for "when", no sentence of the latest update) names them
    conf = max(q.confidence, min(0.9, entity_confidence(strong[0])))
    r.why.append(f"asked about {'whether' if done else 'when'} '{' '.join(title)}'")
    return q.but(title=title, mode="done" if done else "when", confidence=conf)


_KICK_OFF = frozenset("kick kicked kicks off kickoff got going underway".split())
_CLOSE = frozenset("close closes closing closure wrap wraps wrapping up end ends finish".split())
MOVED_WORDS = frozenset("slipped slip slips slipping moved pushed delayed postponed shifted rescheduled".split())
_NOT_TITLE = MOVED_WORDS | frozenset(
    "milestone milestones when whens due date dates deadline deadlines next overdue late status is "
    "it its the of on for what whats going go live launch launching yet been has have any are "
    "did does do will be meant supposed expected planned key".split()
)


def title_words(r: Reading) -> tuple[str, ...]:
    """Words that may name one milestone ("the SEND routing milestone", "go live"), names and cue words out."""
    named = {i for m in r.matches for i in m.span}
    words = [
        t
        for i, t in enumerate(r.tokens)
        if i not in named and t not in _NOT_TITLE and t not in lx.STOP and t not in lx.FILLER
    ]
    if {"live", "golive"} & set(r.tokens):
        words.append("live")
    if {"launch", "launching"} & set(r.tokens):
        words.append("launch")
    return tuple(dict.fromkeys(words))


def milestone_by_title(r: Reading, query: Query) -> Query:
    """When no rule is sure: 'due date for paper forms withdrawn', "when's the trading standards app going live?" —
    a milestone named by words of its title, its project unnamed (or named only in part, or in words two projects
    share). The store answers only when the milestones naming those words are one project's; else "not sure"."""
    m, c = r.more, r.cues
    words = set(r.tokens)
    asks = m.when or bool(words & {"due", "date", "deadline", "status"}) or (m.yes_no and bool(words & DONE_WORDS))
    named = [p for p in r.of("project") if not p.ambiguous and entity_confidence(p) >= 0.85]
    if (
        query.answerable
        or query.not_found
        or query.date_error
        or not asks
        or named
        or c.count
        or c.leads
        or m.rags
        or m.updated
        or r.period
        or r.of("person")
    ):
        return query
    title = [t for t in r.tokens if t not in _NOT_TITLE and t not in lx.STOP and t not in lx.FILLER]
    if words & {"live", "golive"}:
        title.append("live")
    if words & {"launch", "launching"}:
        title.append("launch")
    title = list(dict.fromkeys(t for t in title if len(t) > 2 or t.isdigit()))
    if len([t for t in title if t not in _SEASONS]) < 2:
        return query  # "when is the christmas party": a day of the year and one word name no milestone surely
    if len(title) < (3 if query.ambiguous else 2) or (query.ambiguous and words & _PROJECT_WORDS):
        return query  # "online booking status", "the social care case management project": projects, not milestones
    r.why.append(f"looking for the milestone whose title says '{' '.join(title)}'")
    return Query(MILESTONES_DUE, title=tuple(title), mode="titled", confidence=0.8, yes_no=m.yes_no)


def updated_again(r: Reading) -> Query | None:
    """'has flood sensors reported yet? and coroners?': whether another project updated, over the same window (a
    yes or no, or its count of updates, as the question before asked)."""
    ctx, projects = r.context, r.of("project")
    if not r.cues.follow_up or ctx.intent != UPDATED or len(ctx.listed) > 1 or not projects or r.cues.fields:
        return None
    if any(p.ambiguous for p in projects) or r.cues.unexplained:
        return None
    r.why.append("the same question as before, about another project")
    return Query(
        UPDATED,
        within=tuple(p.ids[0] for p in projects),
        period=r.period or decode_period(ctx.period),
        mode=ctx.mode,
        yes_no=ctx.mode != "updates",
        confidence=0.9,
        from_context=True,
    )


def news(r: Reading, since: DateRange | None = None) -> bool:
    """'what happened?', "what's new?" (or "what's changed since Monday?", `since`): its latest news, not its whole
    history."""
    return bool(since or {"new", "happened"} & set(r.tokens))


def asks_yes_no(r: Reading, query: Query) -> bool:
    """Is a yes or no asked for? As the words say, but for a comparison (its rule decides; "is it further on than
    last cycle?" too) and "and coroners?" after "has flood sensors reported yet?" (a yes or no again)."""
    if query.intent == COMPARE or (query.intent == UPDATED and query.from_context):
        return query.yes_no
    if query.field == "history" and query.compare_to is not None and query.yes_no:  # "is it further on than …?"
        return True
    if query.intent == PROJECT_FIELD and len(query.project_ids) == 1 and r.tokens[:1] == ["anything"]:
        return not r.more.compare  # "anything overdue for the laptop refresh?": as "any", yes or no first
    return r.more.yes_no and not r.more.compare


def _than_before(tokens: list[str]) -> bool:
    """'better or worse than its last update', 'than last time', 'than before': the update before the latest."""
    after = tokens[tokens.index("than") + 1 :]
    return bool(after) and set(after) <= _BEFORE_WORDS and bool(set(after) & {"last", "previous", "before"})


_BEFORE_WORDS = frozenset("its their the last previous update report time one before".split())
_SEASONS = frozenset("christmas xmas easter summer winter spring autumn holiday holidays half term".split())
_PROJECT_WORDS = frozenset({"project", "projects", "programme", "workstream", "one"})


def _ever(r: Reading) -> DateRange:
    return DateRange(None, r.today, "so far")


def _fortnight(r: Reading) -> DateRange:
    start = r.today - timedelta(days=14)
    return DateRange(start, r.today, "in the last 14 days", rolling=True)


def rag_history(r: Reading) -> bool:
    """A colour asked of one project's past, not of today: "did it recover from red?" (an update out of red after
    one in it), "was it red before?", "has it ever been amber?" (any update of that colour). Read as its RAG today,
    "did family hubs recover from red" was "no" because it is green now (tarn's key)."""
    m, words = r.more, set(r.tokens)
    if r.period is not None or r.cues.fields or m.when or {"how", "long"} <= words:
        return False  # "was it red in October", "when did it come off red": another question
    return bool(m.from_rag) or (len(m.rags) == 1 and bool(words & {"before", "previously", "ever", "once"}))
