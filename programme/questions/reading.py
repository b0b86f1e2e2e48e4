"""What the parser learns from one question before any rule runs: the words, the dates, the names found,
and the cues left when the names are taken out; and the helpers every rule shares.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING, Any

from . import lexicon as lx
from . import noise, verbless, windowed
from .cues import Cues, read
from .cues_more import More, read_more
from .dates import find as find_date
from .matcher import Match, find_entities
from .normalise import clean, correct
from .query import PROJECT_FIELD, PROJECT_INTENTS, Candidate, Context, Query
from .vocab import Vocabulary

if TYPE_CHECKING:
    from .spelling import Speller

STRONG = 85.0  # a whole name, alias or ref, perhaps with a typo
UPCOMING_DAYS = 30  # "milestones coming up" with no period given


class Reading:
    """Everything learnt from the question, shared by the rules below."""

    def __init__(
        self, text: str, vocab: Vocabulary, context: Context, today: date, speller: Speller | None = None
    ) -> None:
        self.vocab, self.context, self.today = vocab, context, today
        self.raw = text
        self.cleaned = noise.strip(noise.mend(clean(_hyphens(_addresses(text, vocab), vocab)), vocab.known_or_filler))
        self.why: list[str] = []
        words = self.cleaned.split()
        mended = speller.correct(words) if speller is not None else correct(words, lx.KEYWORDS, vocab.known_or_filler)
        mended = noise.date_words(mended, vocab.known)  # "due in mach 2028": a slip that is another English word
        self.typos = {a: b for a, b in zip(words, mended, strict=True) if a != b}
        self.mended = " ".join(mended)  # the question as cleaned, its typos mended ("on trakc" -> "on track")
        if self.typos:
            self.why.append("read " + ", ".join(f"'{a}' as '{b}'" for a, b in self.typos.items()))
        mended, self.asked_outright = verbless.outright(mended)  # "telecare on track y/n"
        self._read_dates(mended)
        self._read_names()

    def _read_dates(self, tokens: list[str]) -> None:
        """Dates first, so '1 March' is never read as part of a name; a year-less date leans on the verb."""
        words = set(tokens)
        past = {
            "since",
            "was",
            "were",
            "did",
            "back",
            "ago",
            "done",
            "got",
            "happened",
            "achieved",
            "asked",
            "said",
            "reported",
            "submitted",
            "updated",
            "completed",
            "went",
            "turned",
            "slipped",
            "missed",
            "dropped",
            "fell",
            "moved",
            "became",
            "finished",
            "delivered",
        }
        prefer = (
            "past"
            if words & past and not words & {"next", "upcoming", "coming"}
            else "future"
            if words & (lx.MILESTONE_WORDS | _AHEAD)
            else "past"
            if words & lx.CHANGED_WORDS
            else "near"
        )
        found = find_date(" ".join(tokens), self.today, prefer)
        self.period, self.date_error = found.range, found.error
        self.tokens = found.rest.split()

    def _read_names(self) -> None:
        rest = f" {' '.join(self.tokens)} "
        person_cue = (
            bool(set(self.tokens) & lx.PERSON_WORDS)
            or any(f" {p} " in rest for p in lx.PERSON_PHRASES)
            or (self.tokens[:1] == ["what"] and "is" in self.tokens and self.tokens[-1:] == ["on"])  # what is X on
        )
        found = find_entities(self.tokens, self.vocab, person_cue=person_cue)
        found = _two_words_of_one_name([_named_as_project(m, self.tokens) for m in found])
        found = [m for m in found if not _a_colour_of_projects(m, self.tokens)]
        self.matches = drop_weak_projects(found)
        masked = list(self.tokens)
        for m in found:  # words of a dropped partial match belong to the name they are part of
            for i in m.span:
                masked[i] = "<e>"
        self.cues: Cues = read(masked)
        if " at risk " in f" {' '.join(masked)} " and "risks" in self.cues.fields:  # at risk: RAG, not risks
            self.cues = replace(self.cues, fields=tuple(f for f in self.cues.fields if f != "risks"))
        self.masked = masked
        self.more: More = read_more(masked)
        self.cues, self.more = windowed.read(self.cues, self.more, masked, self.period)
        self.more = verbless.read(self.more, masked, self.asked_outright)

    def of(self, kind: str) -> list[Match]:
        return [m for m in self.matches if m.kind == kind]

    def one(self, kind: str) -> Match | None:
        found = self.of(kind)
        return found[0] if found else None


# Words of a question that looks ahead: a month without a year is then the next one ("what will finish in march").
_AHEAD = frozenset(
    "launch launches launching end ends ending finish finishes finishing start starts starting will planned"
    " scheduled expected upcoming coming next".split()
)

_EMAIL = re.compile(r"\b([\w.+'-]+)@([\w-]+(?:\.[\w-]+)+)\b")


def _addresses(text: str, vocab: Vocabulary) -> str:
    """An email address is the person it belongs to (their name, as the matcher knows them); an address no
    one in the plan has is only its first part, so "shire.gov.uk" is never read as a project's name."""

    def name(m: re.Match[str]) -> str:
        pid = vocab.emails.get(m.group(0).lower())
        return f" {vocab.people[pid].name} " if pid in vocab.people else f" {m.group(1)} "

    return _EMAIL.sub(name, text) if "@" in text else text


def _hyphens(text: str, vocab: Vocabulary) -> str:
    """A word hyphenated or not as the plan has it: "pre-paid" is the plan's "Prepaid", "selfservice" its
    "self-service" (only where the question's own form is no word of the plan)."""
    if "-" in text:
        text = _HYPHENED.sub(lambda m: _joined(m, vocab.known), text)
    if vocab.hyphened:
        text = _WORD.sub(lambda m: _split(m.group(0), vocab), text)
    return text


def _joined(m: re.Match[str], known: frozenset[str]) -> str:
    joined = (m.group(1) + m.group(2)).lower()
    return joined if joined in known else m.group(0)


def _split(word: str, vocab: Vocabulary) -> str:
    lowered = word.lower()
    return vocab.hyphened[lowered] if lowered in vocab.hyphened and lowered not in vocab.known else word


_HYPHENED = re.compile(r"\b([A-Za-z]+)-([A-Za-z]+)\b")
_WORD = re.compile(r"[A-Za-z0-9]+")


_PROJECT_NOUNS = frozenset(
    {"project", "projects", "one", "team", "thing", "programme", "scheme", "pilot", "initiative"}
)


def _named_as_project(m: Match, tokens: list[str]) -> Match:
    """'the waste project', 'the scanning one': a word of one project's name said as a project's name is that
    project (still a guess when the word is shared: then it stays ambiguous)."""
    after = tokens[m.end] if m.end < len(tokens) else ""
    if m.kind == "project" and m.how == "part of name" and len(m.ids) == 1 and after in _PROJECT_NOUNS:
        return Match(m.kind, m.ids, m.start, m.end, max(m.score, 80.0), m.how, m.text)
    return m


def _a_colour_of_projects(m: Match, tokens: list[str]) -> bool:
    """'the green projects', 'any red ones': a colour before a plural of projects is a RAG, not a word of one
    project's name ('green' of Garden Waste's 'green waste')."""
    after = tokens[m.end] if m.end < len(tokens) else ""
    return m.kind == "project" and m.how == "part of name" and m.text in _COLOURS and after in _PLURALS


_COLOURS = frozenset({"red", "amber", "green", "reds", "ambers", "greens"})
_PLURALS = frozenset({"projects", "ones", "updates", "workstreams", "schemes"})


def _two_words_of_one_name(matches: list[Match]) -> list[Match]:
    """'EH officers … per inspection': 'inspection' fits two projects, 'eh' only one of them — two words of one
    project's name, said apart, name that project (as a guess a little short of its whole name)."""
    partial = [m for m in matches if m.kind == "project" and m.how == "part of name"]
    if len(partial) < 2:
        return matches
    taken = {i for m in matches if m.kind != "project" for i in m.span}  # "digital residents" may be an area
    out = []
    for m in matches:
        if m in partial and len(m.ids) <= 3 and not taken & set(m.span):  # "digital" fits too many to narrow
            others = {pid for o in partial if o is not m and not o.ambiguous for pid in o.ids}
            shared = set(m.ids) & others
            if len(shared) == 1 and len(others) == 1:
                m = Match(m.kind, tuple(shared), m.start, m.end, max(m.score, 80.0), m.how, m.text)
        out.append(m)
    return out


def drop_weak_projects(matches: list[Match]) -> list[Match]:
    """Words that partly match a project already named in full are part of that name, not a second project."""
    strong = {
        m.ids[0]
        for m in matches
        if m.kind == "project" and m.score >= STRONG and not m.ambiguous and m.how != "part of name"
    }
    return [m for m in matches if not (m.kind == "project" and m.how == "part of name" and strong & set(m.ids))]


# --- helpers ------------------------------------------------------------------------------


def key(m: Match | None) -> Any:
    return m.ids[0] if m else None


def person_role(r: Reading) -> str:
    """In a list filtered by a person: the projects they lead ("Priya's projects", "led by Gareth"), deputise on,
    or both ("involved in", "working on", "lead or deputy")."""
    m = r.more
    words = set(r.tokens)
    leading = bool({"lead", "leads", "leading", "led"} & words)
    if m.deputy:
        return "both" if leading and "or" in words else "deputy"
    return "both" if m.lead_or_deputy else "lead"


# Parts of a project a list answer does not show: "risks of all red projects" is not "red projects".
_NOT_IN_LISTS = frozenset(
    {"risks", "blockers", "issues", "asks", "next_steps", "history", "achievements", "description"}
)


def penalised(conf: float, r: Reading, *, listing: bool = False) -> float:
    """Each word we could not place makes the answer less certain; two of them make it 'not sure'.

    A list answer to a question that asks for something the list does not show is also 'not sure'.
    """
    if listing and set(r.cues.fields) & _NOT_IN_LISTS:
        conf = min(conf, 0.4)
    # a list drops what it cannot place ("projects in homes and communities" would list every project): two
    # such words make a list 'not sure'
    per_word = 0.25 if listing else 0.2
    return round(max(0.0, conf - per_word * len(r.cues.unexplained)), 2)


def project_query(r: Reading, projects: list[Match], intent: str, field: str | None = None) -> Query:
    ambiguous = [m for m in projects if m.ambiguous]
    if ambiguous:
        m = ambiguous[0]
        r.why.append(f"'{m.text}' fits {len(m.ids)} projects equally well")
        cands = tuple(
            Candidate("project", pid, r.vocab.projects[pid].label, r.vocab.projects[pid].ref) for pid in m.ids
        )
        return Query(intent, field=field, candidates=cands, confidence=penalised(0.5, r))
    ids = tuple(dict.fromkeys(m.ids[0] for m in projects))
    for m in projects:
        p = r.vocab.projects[m.ids[0]]
        r.why.append(f"'{m.text}' is {p.label} ({m.how})" if m.text else f"{p.label} from the last question")
    conf = min(entity_confidence(m) for m in projects)
    doubt = ""
    for m in projects:  # "who leads the pothole app": a word we do not know, naming which "app" — not this one
        before = r.tokens[m.start - 1] if m.start > 0 and m.end > m.start else ""
        if before in r.cues.unexplained and before.isalpha() and len(before) >= 4:  # "teh" is a typo, not a name
            doubt = f"'{before} {m.text}' is not a name I know"
            r.why.append(doubt)
            conf = min(conf, 0.4)
    c = r.cues
    cued = c.leads or c.fields or c.milestones or c.overview or c.changed or c.rag
    if not cued and c.unexplained:
        conf = min(conf, 0.4)  # "what's the budget for X": X is known, the question is not
    return Query(
        intent,
        project_ids=ids,
        field=field if intent == PROJECT_FIELD else None,
        period=r.period,
        confidence=penalised(conf, r),
        doubt=doubt,
    )


def entity_confidence(m: Match) -> float:
    """Whole names are sure; a word or two from a longer name is a guess unless it is most of the name."""
    if m.how == "part of name" and m.score < 75:
        return 0.5  # under half the name: offer it as a suggestion, do not answer about it
    if m.score >= 95:
        return 1.0
    if m.score >= STRONG:
        return 0.9
    return round(0.65 + 0.35 * max(0.0, (m.score - 60) / 30), 2)


def talked_about(ctx: Context) -> tuple[int, ...]:
    """The project "it" or "that one" means: the one the last answer showed alone (a list of one, a person's
    one other project), or else the last project asked about."""
    if len(ctx.listed) == 1 and ctx.intent not in PROJECT_INTENTS:
        return ctx.listed
    return ctx.project_ids


_WHOLE_PROGRAMME = frozenset({"projects", "programme", "all", "overall", "everything", "across", "portfolio", "any"})


def of_the_last_list(r: Reading) -> tuple[int, ...]:
    """'which is furthest along?' straight after a list of a few projects (a person's, an area's): one of those, not
    of the whole programme. Nothing when the question names its own filter or says it means every project."""
    listed = r.context.listed
    if not 1 < len(listed) <= 10 or r.matches or r.more.rags or set(r.tokens) & _WHOLE_PROGRAMME:
        return ()
    return listed if r.tokens[:1] == ["which"] else ()


_OPENERS = (("any",), ("which", "are"), ("which", "have"), ("how", "many", "are"), ("how", "many", "have"))


def implicit_list(r: Reading) -> bool:
    """'any with blockers?', 'how many are red or amber', 'and which updated this week?' straight after a list: a
    short question that names no project, person, area or 'projects' of its own asks about the list just shown."""
    words = set(r.tokens)
    return (
        1 < len(r.context.listed)
        and not r.context.later_part  # "how many are red, and how many are green?": two questions, not a filter
        and len(r.tokens) <= 6
        and not r.matches
        and not words & (_WHOLE_PROGRAMME - {"any"})
        and not words & {"project", "programme"}
        and any(tuple(r.tokens[: len(o)]) == o for o in _OPENERS)
    )
