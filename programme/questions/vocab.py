"""What the parser can recognise: projects, people, priority areas and enablers, from plain data.

The store builds a `Vocabulary` from the database once and the service caches it, so a question
costs no queries for entity resolution. Building the indexes here (not per question) is what keeps
matching fast with thousands of projects.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from .lexicon import COMMON, FILLER, GENERIC, KEYWORDS, STOP
from .normalise import phrase, ref_key


@dataclass(frozen=True)
class ProjectEntry:
    id: int
    ref: str
    name: str
    aliases: tuple[str, ...] = ()
    area: str | None = None  # priority area key
    enablers: tuple[str, ...] = ()  # enabler keys
    leads: tuple[int, ...] = ()  # person ids
    deputies: tuple[int, ...] = ()
    status: str = "active"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.ref})"


@dataclass(frozen=True)
class PersonEntry:
    id: int
    name: str
    email: str = ""  # so a question may name someone by their address


@dataclass(frozen=True)
class TermEntry:
    """A priority area or an enabler: its key, its name and other ways people say it."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phrase:
    kind: str  # project / person / area / enabler
    target: int | str  # project or person id, area or enabler key
    text: str  # normalised
    how: str  # name / alias / short name / part of name
    tokens: tuple[str, ...]


_HYPHENED = re.compile(r"\b([a-z0-9]+)-([a-z0-9]+)\b")


def _trim(text: str) -> str:
    """Names compare without leading and trailing little words: 'the app' -> 'app'."""
    toks = text.split()
    while toks and toks[0] in STOP:
        toks.pop(0)
    while toks and toks[-1] in STOP:
        toks.pop()
    return " ".join(toks)


@dataclass
class Vocabulary:
    projects: dict[int, ProjectEntry]
    people: dict[int, PersonEntry]
    areas: dict[str, TermEntry]
    enablers: dict[str, TermEntry]
    phrases: list[Phrase] = field(default_factory=list)
    refs: dict[str, int] = field(default_factory=dict)
    project_tokens: dict[str, set[int]] = field(default_factory=dict)
    person_tokens: dict[str, set[int]] = field(default_factory=dict)
    weak_areas: dict[str, str] = field(default_factory=dict)
    known: frozenset[str] = frozenset()
    by_width: dict[int, tuple[list[str], list[Phrase]]] = field(default_factory=dict)
    # by_width again, split by the text's length: width -> length -> (texts, their indexes in by_width)
    by_length: dict[int, dict[int, tuple[list[str], list[int]]]] = field(default_factory=dict)
    # what whole-name matching found for a window of the question, by (width, text): staff ask in the same
    # words again and again ("who leads", "which projects are"), so most windows are looked up, not compared
    window_matches: dict[tuple[int, str], list[tuple[float, int]]] = field(default_factory=dict, repr=False)
    token_list: list[str] = field(default_factory=list)
    person_names: list[str] = field(default_factory=list)
    project_phrases: dict[int, list[Phrase]] = field(default_factory=dict)
    emails: dict[str, int] = field(default_factory=dict)  # a person's address (lower case) -> their id
    # a hyphenated word of a project's name, written as one ("selfservice") -> as the name's words ("self service")
    hyphened: dict[str, str] = field(default_factory=dict)

    @classmethod
    def build(
        cls, projects: list[ProjectEntry], people: list[PersonEntry], areas: list[TermEntry], enablers: list[TermEntry]
    ) -> Vocabulary:
        v = cls(
            {p.id: p for p in projects},
            {p.id: p for p in people},
            {a.key: a for a in areas},
            {e.key: e for e in enablers},
        )
        v._index()
        return v

    @classmethod
    def empty(cls) -> Vocabulary:
        return cls.build([], [], [], [])

    def _index(self) -> None:
        self._index_projects()
        self._index_people()
        self._index_terms()
        self.known = frozenset(t for p in self.phrases for t in p.tokens) | frozenset(self.person_tokens)
        for p in self.phrases:
            texts, phrases = self.by_width.setdefault(len(p.tokens), ([], []))
            lengths = self.by_length.setdefault(len(p.tokens), {})
            same, where = lengths.setdefault(len(p.text), ([], []))
            same.append(p.text)
            where.append(len(texts))
            texts.append(p.text)
            phrases.append(p)
            if p.kind == "project":
                assert isinstance(p.target, int)  # a project phrase's target is the project's id
                self.project_phrases.setdefault(p.target, []).append(p)
        self.token_list = sorted(self.project_tokens)
        self.person_names = sorted(self.person_tokens)

    def _add(self, kind: str, target: int | str, text: str, how: str) -> None:
        text = _trim(phrase(text))
        if text:
            self.phrases.append(Phrase(kind, target, text, how, tuple(text.split())))

    def _index_projects(self) -> None:
        tokens: dict[str, set[int]] = defaultdict(set)
        for p in self.projects.values():
            self.refs[ref_key(p.ref)] = p.id
            self._add("project", p.id, p.name, "name")
            for a in p.aliases:
                self._add("project", p.id, a, "alias")
            for text in (p.name, *p.aliases):
                for a, b in _HYPHENED.findall(text.lower()):
                    self.hyphened[a + b] = f"{a} {b}"
                for t in phrase(text).split():
                    if t not in STOP and t not in GENERIC:
                        tokens[t].add(p.id)
        self.project_tokens = dict(tokens)

    def _index_people(self) -> None:
        tokens: dict[str, set[int]] = defaultdict(set)
        self.emails = {p.email.lower(): p.id for p in self.people.values() if p.email}
        for person in self.people.values():
            self._add("person", person.id, person.name, "name")
            for t in phrase(person.name).split():
                if len(t) >= 3 and t not in STOP:
                    tokens[t].add(person.id)
        self.person_tokens = dict(tokens)

    def _index_terms(self) -> None:
        """Areas and enablers by full name, by each part of an 'X and Y' name, and by a telling word."""
        for kind, terms in (("area", self.areas), ("enabler", self.enablers)):
            for t in terms.values():
                self._add(kind, t.key, t.name, "name")
                for a in t.aliases:
                    self._add(kind, t.key, a, "alias")
                for part in _parts(t.name):
                    self._add(kind, t.key, part, "part of name")
                for word in self._telling_words(t.name):
                    if kind == "area" and word in self.project_tokens or word in GENERIC:
                        self.weak_areas[word] = t.key
                    else:
                        self._add(kind, t.key, word, "short name")
                for short in self._shortened(t.name):
                    self._add(kind, t.key, short, "short name")

    def _shortened(self, name: str) -> list[str]:
        """'X and Y' with a part said by its telling word ('information governance and cyber' for Information
        governance and cyber security): kept whole even when that word is also a project's ('Cyber resilience')."""
        parts = _parts(name)
        if len(parts) != 2:
            return []
        ways = [[p, *self._telling_words_of(p)] for p in parts]
        out = [f"{a} and {b}" for a in ways[0] for b in ways[1] if (a, b) != tuple(parts)]
        first = parts[0].split()
        if len(first) == 2 and first[0] not in STOP:  # 'economy and places' for Thriving Economy and Places
            out.append(f"{first[1]} and {parts[1]}")
        return out

    def _telling_words_of(self, part: str) -> list[str]:
        words = [w for w in part.split() if w not in STOP]
        if len(words) == 2 and len(words[0]) >= 5 and words[0] not in COMMON | KEYWORDS | GENERIC:
            return [words[0]]
        return []

    def _telling_words(self, name: str) -> list[str]:
        """Single words that stand for a term: 'citizen' for Digital Citizen, 'cyber' for cyber security."""
        out = []
        for part in _parts(name) or [phrase(name)]:
            words = [w for w in part.split() if w not in STOP]
            content = [w for w in words if w not in GENERIC]
            if len(content) == 1 and len(words) == 2:
                out.append(content[0])  # 'digital citizen' -> 'citizen'
            elif not content and len(words) == 2 and words[0] == "digital":
                out.append(words[1])  # 'digital council' -> 'council' (a word other names share: weak)
            elif len(words) == 2 and len(words[0]) >= 5 and words[0] not in COMMON | KEYWORDS | GENERIC:
                if words[0] not in self.project_tokens:
                    out.append(words[0])  # 'cyber security' -> 'cyber'
        return out

    def active_projects(self) -> list[ProjectEntry]:
        return [p for p in self.projects.values() if p.status not in ("retired", "closed")]

    @cached_property
    def known_or_filler(self) -> frozenset[str]:
        """The plan's words and the filler words, which mending and spelling leave alone: one union per plan,
        not one per question (at 5,000 projects the union itself cost about 0.8 ms)."""
        return self.known | FILLER

    @cached_property
    def first_active(self) -> ProjectEntry | None:
        """The active project first by ref (the example in suggestions): found once per plan, not per answer."""
        return min(self.active_projects(), key=lambda p: p.ref, default=None)


def _parts(name: str) -> list[str]:
    """'Information governance and cyber security' -> ['information governance', 'cyber security']."""
    text = phrase(name)
    parts = [p.strip() for p in text.split(" and ")]
    return parts if len(parts) > 1 else []
