"""From a question to a `Query`: clean it, take out dates, find names, read the cues, pick one intent.

The rules run in a fixed order and each says why it fired (`Query.explanation`). When the words
left over are not understood, or a name fits two projects equally well, the query says so instead
of guessing: a "not sure" costs the person one more message, a wrong answer costs their trust.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from . import accounting, learned_rules, rules_last, rules_lists, rules_more, rules_people, rules_project, rules_said
from . import lexicon as lx
from .decisions import rule as _decisions
from .matcher import Match
from .query import (
    CHANGED_SINCE,
    HELP,
    LIST_INTENTS,
    MISSING_UPDATES,
    PROJECT_FIELD,
    PROJECT_INTENTS,
    PROJECT_LEADS,
    PROJECT_OVERVIEW,
    PROJECTS_BY_AREA,
    PROJECTS_BY_ENABLER,
    PROJECTS_BY_RAG,
    SEARCH,
    UNKNOWN,
    Context,
    Query,
    decode_period,
)
from .reading import STRONG, Reading, key, penalised, project_query, talked_about
from .rules_lists import _by_area_or_enabler, _by_rag, _count, _milestones, _not_reported, change_window, never_reported
from .rules_project import news
from .suggest import suggestions_for
from .vocab import Vocabulary

if TYPE_CHECKING:
    from .learned import IntentModel
    from .spelling import Speller


def parse(
    text: str,
    vocab: Vocabulary,
    context: Context | None = None,
    today: date | None = None,
    tz: str = "Europe/London",
    *,
    speller: Speller | None = None,
    model: IntentModel | None = None,
) -> Query:
    """Understand one question. Pure: no I/O; `today` is the local date in `tz`. `speller` mends typos
    against the plan's words and an English word list (`spelling.Speller`); `model`, the learned intent
    model (`learned.IntentModel`), is asked when the rules are not sure (None: rules alone)."""
    r = Reading(text, vocab, context or Context(), today or date.today(), speller)
    query = _decide(r)
    if model is not None:
        query = learned_rules.consult(r, query, model)
    if not query.answerable or rules_said.misses_the_figure(r, query):  # "which one?" too: a word of two names
        fact = rules_said.fact(r, query)
        if fact is not None:
            query = fact
        elif rules_said.misses_the_figure(r, query):
            r.why.append("asked for a figure, which an overview does not give")
            query = query.but(confidence=0.0)
    query = rules_project.milestone_by_title(r, query)  # "due date for paper forms withdrawn"
    if not query.answerable and not query.ambiguous:
        query = rules_more.about_words(r, query)
    elif query.intent == PROJECT_FIELD and query.field == "progress" and set(r.cues.unexplained) - _HOW_FAR:
        # "what percentage of car park payments are cashless": a figure about those words, not the progress
        figure = rules_more.about_words(r, query.but(confidence=0.0))
        query = figure if figure.mode == "figure" else query
    if (
        query.intent in (PROJECTS_BY_RAG, PROJECTS_BY_AREA, PROJECTS_BY_ENABLER)
        and query.answerable
        and (r.cues.leads or r.more.deputy)
        and not query.mode
        and not r.of("person")
        and ("who" in r.tokens or {"leads", "deputies", "deputy", "contacts"} & set(r.tokens))
    ):
        r.why.append("and the leads of those projects")
        query = query.but(field="leads")
    query = accounting.checked(r, query)  # every word, name, period and referent carried, or 'not sure'
    query = query.but(
        text=r.mended,  # what the answer and the store read of the words: typos mended
        explanation=tuple(r.why),
        yes_no=rules_project.asks_yes_no(r, query),
    )
    if not query.answerable and not query.suggestions:
        query = query.but(suggestions=suggestions_for(query, vocab))
    return query


# Words of asking how far along something is ('how far through', 'percentage wise'): they name no figure of their own
_HOW_FAR = frozenset({"through", "far", "wise", "along", "percentage", "percent", "now", "currently"})


def _decide(r: Reading) -> Query:
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


def _help(r: Reading) -> Query | None:
    text = f" {' '.join(r.tokens)} "
    asks_the_bot = any(f" {p} " in text for p in lx.HELP_PHRASES)  # "what questions can I ask?"
    asks_about_projects = bool(r.cues.fields or r.more.rags or {"project", "projects"} & set(r.tokens))
    if r.cues.help and not r.matches and len(r.cues.unexplained) == 0 and (asks_the_bot or not asks_about_projects):
        r.why.append("asked for help")
        return Query(HELP)
    return None


def _not_a_question(r: Reading) -> Query | None:
    """'mark the website as red', 'change the lead of X': requests to change things are not questions here."""
    first, second = (r.tokens + ["", ""])[:2]
    if first in lx.ACTION_WORDS or (first == "update" and second in lx.OWNERS):
        r.why.append(f"'{first}' asks me to change something; I only answer questions")
        return Query(UNKNOWN, confidence=0.0)
    return None


def _missing(r: Reading) -> Query | None:
    if not r.cues.missing or r.of("project") or r.of("person") or set(r.tokens) & lx.MILESTONE_WORDS - {"overdue"}:
        return None  # "which are late with milestones?": the milestones; "overdue with their updates": the updates
    r.why.append("asked who has not updated this cycle")
    return Query(MISSING_UPDATES, area=key(r.one("area")), enabler=key(r.one("enabler")), confidence=penalised(1.0, r))


def _search(r: Reading) -> Query | None:
    if not r.cues.search or _search_as_a_noun(r):
        return None
    projects = [m for m in r.of("project") if m.score >= STRONG and not m.ambiguous]
    in_project = {i for m in projects for i in m.span}
    terms = tuple(t for i, t in enumerate(r.tokens) if i not in in_project and t not in lx.SEARCH_DROP)
    if rules_said.said_elsewhere(r.tokens):
        r.why.append("asked what a source the bot does not hold said")
        return Query(UNKNOWN, confidence=0.0, mode="outside", suggestions=("which projects mention funding?",))
    if not terms and projects:
        return project_query(r, projects, PROJECT_FIELD, r.cues.field or "summary")
    if not terms:
        return Query(
            UNKNOWN, confidence=0.0, suggestions=("which projects mention funding?", "anything about cyber security?")
        )
    ids = tuple(m.ids[0] for m in projects) or (r.context.project_ids if {"it", "its"} & set(r.tokens) else ())
    r.why.append(f"searching update history for: {' '.join(terms)}")  # "has it mentioned X?": the one talked about
    rags = r.more.rags if len(r.more.rags) < 3 else ()
    as_typed = {b: a for a, b in r.typos.items()}  # a word the plan does not hold may be in the updates: "ncsc"
    typed = tuple(as_typed.get(t, t) for t in terms)
    return Query(SEARCH, terms=terms, project_ids=ids, period=r.period, rags=rags, typed_terms=typed * (typed != terms))


def _search_as_a_noun(r: Reading) -> bool:
    """'property search on invest fenmoor', 'accommodation search': a thing a project builds, not a request to
    search the updates (which starts with 'search'/'find' or asks what they mention)."""
    t = r.tokens
    if "search" not in t[1:] or t[0] in lx.SEARCH_FIRST_WORDS or set(t) & (lx.SEARCH_WORDS - {"search"}):
        return False
    i = t.index("search", 1)
    return t[i - 1] in r.cues.unexplained


def _pick_from_last(r: Reading) -> Query | None:
    """'the second one' after a 'which did you mean?' card."""
    ctx = r.context
    if r.cues.ordinal is None or not ctx.candidates or r.matches or r.cues.unexplained:
        return None
    if r.cues.ordinal > len(ctx.candidates):
        return None
    pid = ctx.candidates[r.cues.ordinal - 1]
    r.why.append(f"picked option {r.cues.ordinal} from the last list")
    intent = ctx.intent if ctx.intent in PROJECT_INTENTS else PROJECT_OVERVIEW
    return Query(
        intent,
        project_ids=(pid,),
        field=ctx.field if intent == PROJECT_FIELD else None,
        confidence=0.9,
        from_context=True,
    )


def _follow_up(r: Reading) -> Query | None:
    """'what about Digital Care?', 'and amber?': the last question again with one thing changed."""
    c, ctx = r.cues, r.context
    if not c.follow_up or not ctx.intent or c.unexplained or (c.project_cue and not c.overview):
        return None
    projects, area, enabler = r.of("project"), r.one("area"), r.one("enabler")
    if projects and ctx.intent in PROJECT_INTENTS:
        r.why.append("same question as before, about another project")
        return project_query(r, projects, ctx.intent, ctx.field)
    if ctx.intent in LIST_INTENTS and (area or enabler or c.rag) and not projects:
        r.why.append("same list as before, with one filter changed")
        return Query(
            ctx.intent,
            area=key(area) if area else (None if enabler else ctx.area),
            enabler=key(enabler) if enabler else (None if area else ctx.enabler),
            rag=c.rag or ctx.rag,
            rags=(c.rag,) if c.rag else ctx.rags,
            status=ctx.status,  # "what's overdue in digital care?" then "and in digital citizen?": still overdue
            mode=ctx.mode,
            period=r.period or decode_period(ctx.period),  # … and over the same window
            confidence=0.9,
            from_context=True,
        )
    return None


def _about_projects(r: Reading) -> Query | None:
    projects = r.of("project")
    if not projects:
        return None
    c = r.cues
    if r.of("person") and r.more.other and not c.fields:
        return None  # "is Olivia on any projects apart from payroll?": about her, payroll left out
    detail = rules_project.project_detail(r, projects)
    if detail is not None:
        return detail
    if c.count and c.milestones:
        left = bool({"left", "remaining", "outstanding", "open", "still", "to"} & set(r.tokens))
        return project_query(r, projects, PROJECT_FIELD, "milestones").but(status="open" if left else "", mode="count")
    if c.count and not r.of("person"):  # "how many hubs are open": a figure the updates give, if they do
        fact = rules_said.fact(r, Query(UNKNOWN, confidence=0.0))
        if fact is not None:
            return fact
        terms = tuple(t for t in c.unexplained if len(t) > 2)
        return project_query(r, projects, PROJECT_FIELD, "summary").but(
            mode="figure", terms=terms, confidence=0.9 if terms else 0.0
        )
    if c.leads and not c.fields:
        other = rules_people.other_role(r)
        if other:
            r.why.append(f"asked for the {other} contact, which the plan does not hold")
            return Query(
                UNKNOWN,
                confidence=0.0,
                mode="outside",
                not_found="",
                project_ids=tuple(m.ids[0] for m in projects if not m.ambiguous),
            )
        return project_query(r, projects, PROJECT_LEADS)
    if c.fields or c.milestones:
        return project_query(r, projects, PROJECT_FIELD, c.field or "milestones")
    if c.changed and c.unexplained and not r.period and not c.fields:
        # "what happened with the payments pen test?": what its updates say about those words (rules_more.about_words)
        return Query(UNKNOWN, confidence=0.0, mode="about_words")
    if c.changed:  # "what's new with X", "X - what happened?" is its latest news; "how has X changed" its history
        return project_query(r, projects, PROJECT_FIELD, "summary" if news(r) else "history")
    return project_query(r, projects, PROJECT_OVERVIEW)


def _changed(r: Reading) -> Query | None:
    c, m = r.cues, r.more
    update_words_only = set(c.fields) <= {"last_update", "summary", "history"} and r.period is not None
    moved = c.changed or m.better or m.worse or ("from" in r.tokens and len(m.rags) == 2) or bool(m.into or m.from_rag)
    if not moved or (c.fields and not update_words_only) or c.leads:
        return None
    about_one = bool(r.context.project_ids) and not (
        set(r.tokens) & {"which", "projects", "anything", "what", "any", "whats"}
    )
    if about_one and (m.compare or m.better or m.worse):
        return None  # "is that better or worse than before Christmas?": the project talked about
    one_talked_about = r.context.intent in PROJECT_INTENTS and len(r.context.project_ids) == 1 and not r.matches
    if (
        one_talked_about
        and c.changed
        and not (m.better or m.worse or m.into or m.from_rag or m.rags)
        and not (set(r.tokens) & {"which", "projects", "anything", "any", "everything", "programme", "all", "else"})
    ):
        return None  # "what's changed since last week?" after "how's the ASC project getting on": that project
    period = change_window(r)
    r.why.append(f"asked what changed {period.label}")
    mode = "better" if m.better and not m.worse else "worse" if m.worse and not m.better else ""
    rags: tuple[str, ...] = ()
    if m.from_rag:  # "gone from green to amber or red": every step out of green into one of those
        mode, rags = "from_" + m.from_rag, (m.from_rag, *m.to_rags)
    elif "from" in r.tokens and len(m.rags) == 2:
        mode = "from_" + r.tokens[r.tokens.index("from") + 1] if r.tokens.index("from") + 1 < len(r.tokens) else mode
        rags = m.rags
    elif m.into and not mode and r.period and r.period.end and r.period.end < r.today:
        mode = "into"  # "which went red in November": every step into red then; "since 1 November": red now
    rag = m.into if mode == "into" else c.rag if not rags else None
    return Query(
        CHANGED_SINCE,
        period=period,
        rag=rag,
        rags=rags,
        rag_change=c.rag_change or bool(rag or rags),
        mode=mode,
        area=key(r.one("area")),
        enabler=key(r.one("enabler")),
        confidence=penalised(1.0, r),
    )


def _pronoun(r: Reading) -> Query | None:
    """'is it red?', 'and its milestones?': 'it' means the last project, before any list reading."""
    if r.cues.pronoun and talked_about(r.context) and not r.matches and (not r.cues.unexplained or _how_long(r)):
        return _from_context(r)
    return None


def _how_long(r: Reading) -> bool:
    """'how long has it been red', 'since when has it been amber', 'when did it come off red': one colour, when."""
    if r.more.from_rag and r.more.when:  # "when did it come off red?"
        return True
    return len(r.more.rags) == 1 and ({"how", "long"} <= set(r.tokens) or {"since", "when"} <= set(r.tokens))


def _from_context(r: Reading) -> Query | None:
    """'who leads it?', 'next steps?': a question about one project, the one talked about last."""
    c, ctx = r.cues, r.context
    m = r.more
    asks_more = m.why or m.dates or m.better or m.worse or m.compare or m.deputy or m.updated or m.when
    if r.tokens[:1] == ["which"] and {"projects", "ones"} & set(r.tokens):
        return None  # "which projects have no deputy": a list, not the last project
    titled = c.milestones and bool(rules_project.title_words(r))  # "when's the full cutover milestone due?"
    if (
        not (c.project_cue or c.milestones or c.pronoun or c.changed or asks_more)
        or r.matches
        or (c.unexplained and not titled and not _how_long(r))
    ):
        return None
    ids = talked_about(ctx)
    if not ids and r.more.reference and 1 < len(ctx.listed) <= _FEW:  # "how are they doing?" after a list of two
        ids = ctx.listed
    if not ids:
        r.why.append("no project named, and none talked about before")
        return Query(UNKNOWN, confidence=0.0)
    r.why.append("about the project talked about last")
    fake = [Match("project", (pid,), 0, 0, 100.0, "context", "") for pid in ids]
    detail = rules_project.project_detail(r, fake)
    if detail is not None:
        return detail.but(from_context=True, confidence=min(detail.confidence, 0.9))
    if c.leads and not c.fields:
        intent, field = PROJECT_LEADS, None
    elif c.fields or c.milestones or c.changed:  # "what's changed since Monday?": its news since then
        intent, field = (
            PROJECT_FIELD,
            c.field or ("milestones" if c.milestones else "summary" if c.changed and news(r, r.period) else "history"),
        )
    else:
        intent, field = PROJECT_OVERVIEW, None
    return project_query(r, fake, intent, field).but(from_context=True, confidence=0.9)


_FEW = 10  # "they" after a longer list is not asked about one by one


def _not_understood(r: Reading) -> Query:
    r.why.append("no rule fitted the question")
    return Query(UNKNOWN, confidence=0.0, project_ids=tuple(m.ids[0] for m in r.of("project") if not m.ambiguous))


_RULES = (
    _help,
    _not_a_question,
    _decisions,
    rules_more.exists,
    rules_more.unknown_about,
    never_reported,
    rules_more.not_updated,
    _missing,
    rules_last.reference,
    rules_people.person_follow_up,
    _search,
    _pick_from_last,
    rules_last.pick_by_word,
    rules_project.updated_again,
    _follow_up,
    _about_projects,
    rules_people.about_people,
    _pronoun,
    rules_more.ranking,
    rules_more.with_field,
    rules_more.updated,
    _changed,
    rules_more.project_dates,
    _milestones,
    rules_lists.no_deputy,
    rules_more.by_progress,
    _count,
    _not_reported,
    _by_rag,
    _by_area_or_enabler,
    _from_context,
)
