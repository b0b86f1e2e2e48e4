"""Finding projects from what someone types into the message extension's search box, and reading
the dashboard links the bot unfurls. Plain Python: no I/O.

Names are matched by the question engine itself (`programme.questions.matcher.find_entities` over
the same `Vocabulary`, after the same `normalise.words`), so a typo or an alias finds a project here
exactly as it does in a question. Search adds only what a search box needs and a question does not:
a person's name lists the projects they lead, and a word still being typed ("telec", "cit-0") already
matches the names, aliases, refs and leads it begins.
"""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import chain
from urllib.parse import unquote, urlsplit

from .questions.lexicon import STOP
from .questions.matcher import find_entities
from .questions.normalise import ref_key, words
from .questions.vocab import Vocabulary

MAX_QUERY_CHARS = 100  # a search box, not an essay: bounds the matching work
MIN_PREFIX = 2  # letters before a word being typed matches the words it begins
MAX_PREFIX_WORDS = 2000  # words one prefix may stand for before it is too vague to follow
VAGUE_PROJECTS = 500  # beside other words, a word that begins this many projects' names is left out
INACTIVE = ("retired", "closed")  # not offered by search (a link to one still unfurls)

# Scores on the engine's 0-100 scale; a stronger way of matching always ranks first.
LEAD_BONUS = {"lead": 0.0, "deputy": -5.0}
PERSON_PENALTY = 10.0  # a project found through its lead ranks below one found by its own name
TERM_SCORE = 40.0  # every project in a named priority area or with a named enabler
PREFIX_SCORE = 30.0  # plus up to 20 more the larger the share of the typed words it matched
REF_PREFIX_SCORE = 55.0


def find_projects(
    text: str, vocab: Vocabulary, roles: Mapping[int, Iterable[tuple[int, str]]], *, limit: int | None = None
) -> list[int]:
    """Ids of the projects `text` points at, best first (then by ref); retired and closed ones left out;
    at most `limit` of them.

    `roles` maps a person's id to their (project id, "lead" or "deputy") pairs, as the engine's plan
    keeps them."""
    tokens = words((text or "")[:MAX_QUERY_CHARS])
    if not tokens:
        return []
    index = _index(vocab, roles)
    scores = _typed_so_far(tokens, text, vocab, index)
    for match in find_entities(tokens, vocab, person_cue=True):
        if match.kind == "project":
            found = {pid: match.score for pid in match.ids}
        elif match.kind == "person":
            found = {}
            for person in match.ids:
                for pid, role in roles.get(person, ()):
                    found[pid] = max(found.get(pid, 0.0), match.score - PERSON_PENALTY + LEAD_BONUS.get(role, -5.0))
        elif match.kind == "area":
            found = dict.fromkeys((p.id for p in vocab.projects.values() if p.area in match.ids), TERM_SCORE)
        else:  # enabler
            found = dict.fromkeys(
                (p.id for p in vocab.projects.values() if set(p.enablers) & set(match.ids)), TERM_SCORE
            )
        for pid, score in found.items():
            if score > scores.get(pid, -1.0):
                scores[pid] = score
    candidates = [pid for pid in scores if pid not in index.inactive and pid in vocab.projects]

    def order(pid: int) -> tuple[float, str]:
        """Best score first, then by ref, so equal scores always come in the same order."""
        return (-scores[pid], vocab.projects[pid].ref)

    return heapq.nsmallest(limit, candidates, key=order) if limit is not None else sorted(candidates, key=order)


@dataclass(frozen=True)
class _Index:
    """What search needs beyond the engine's vocabulary, built once per plan (the engine rebuilds its
    plan when the database's plan counter moves): refs for prefix lookups, who leads what."""

    compact_refs: list[tuple[str, int]]  # ("cit02", id), sorted
    ref_keys: list[tuple[str, int]]  # ("cit2", id), sorted: "cit2" and "cit-0" both begin CIT-02
    led_by: dict[int, frozenset[int]]  # person id -> projects they lead or deputise
    inactive: frozenset[int]


_cached: tuple[Vocabulary, Mapping[int, Iterable[tuple[int, str]]], _Index] | None = None


def _index(vocab: Vocabulary, roles: Mapping[int, Iterable[tuple[int, str]]]) -> _Index:
    global _cached
    if _cached is not None and _cached[0] is vocab and _cached[1] is roles:
        return _cached[2]
    index = _Index(
        compact_refs=sorted((_compact(p.ref), p.id) for p in vocab.projects.values()),
        ref_keys=sorted((ref_key(p.ref), p.id) for p in vocab.projects.values()),
        led_by={person: frozenset(pid for pid, _ in pairs) for person, pairs in roles.items()},
        inactive=frozenset(p.id for p in vocab.projects.values() if p.status in INACTIVE),
    )
    _cached = (vocab, roles, index)
    return index


def _typed_so_far(tokens: list[str], text: str, vocab: Vocabulary, index: _Index) -> dict[int, float]:
    """Projects whose name words, alias words, leads' names or ref begin with what was typed; the more
    of the typed words a project matches, the higher it ranks."""
    typed = [t for t in dict.fromkeys(tokens) if len(t) >= MIN_PREFIX and t not in STOP]
    per_word: list[set[int]] = []
    for t in typed:
        found: set[int] = set()
        for word in _words_from(vocab.token_list, t):
            found |= vocab.project_tokens[word]
        for word in _words_from(vocab.person_names, t):
            for person in vocab.person_tokens[word]:
                found |= index.led_by.get(person, frozenset())
        per_word.append(found)
    if len(per_word) > 1:  # a word shared by most of the programme ("person", "scheme") tells nothing
        telling = [found for found in per_word if len(found) <= VAGUE_PROJECTS]
        per_word = telling or per_word
    hits = Counter(chain.from_iterable(per_word))
    scores = {pid: PREFIX_SCORE + 20.0 * n / len(typed) for pid, n in hits.items()}
    typed_ref, key = _compact(text), ref_key(text or "")
    if len(typed_ref) >= MIN_PREFIX and any(ch.isalpha() for ch in typed_ref):
        for refs, prefix in ((index.compact_refs, typed_ref), (index.ref_keys, key)):
            for _, pid in _refs_from(refs, prefix):
                scores[pid] = max(scores.get(pid, 0.0), REF_PREFIX_SCORE)
    return scores


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def _words_from(sorted_words: list[str], prefix: str) -> list[str]:
    """The words of a sorted list that begin with `prefix` (none when too many do: too vague to follow)."""
    start = bisect.bisect_left(sorted_words, prefix)
    end = bisect.bisect_left(sorted_words, prefix + "\uffff", lo=start)
    return sorted_words[start:end] if end - start <= MAX_PREFIX_WORDS else []


def _refs_from(sorted_refs: list[tuple[str, int]], prefix: str) -> list[tuple[str, int]]:
    """The (ref, id) pairs of a sorted list whose ref begins with `prefix`."""
    start = bisect.bisect_left(sorted_refs, (prefix,))
    end = bisect.bisect_left(sorted_refs, (prefix + "\uffff",), lo=start)
    return sorted_refs[start:end]


# --- dashboard links ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DashboardLink:
    """A link to the dashboard: the whole portfolio (`ref` empty) or one project's page."""

    ref: str = ""


def read_dashboard_link(url: str, public_base_url: str) -> DashboardLink | None:
    """What a pasted URL points at, if it is one of ours: `/dashboard` or `/dashboard/projects/<ref>` on
    the host of PUBLIC_BASE_URL (any scheme; a query string or fragment is ignored). Anything else —
    another host, another path, a malformed URL — is None: not ours, nothing to unfurl."""
    if not isinstance(url, str) or not isinstance(public_base_url, str):
        return None
    try:
        parts, ours = urlsplit((url or "").strip()[:2048]), urlsplit(public_base_url.strip())
        host, our_host = parts.hostname, ours.hostname
        port, our_port = parts.port, ours.port
    except (ValueError, TypeError):
        return None
    if parts.scheme not in ("http", "https") or not host or host != our_host:
        return None
    if port is not None and port != (our_port or (80 if ours.scheme == "http" else 443)):
        return None  # the same host name on another port is another service
    segments = [unquote(s) for s in parts.path.split("/") if s]
    if segments == ["dashboard"]:
        return DashboardLink()
    if len(segments) == 3 and segments[:2] == ["dashboard", "projects"] and 0 < len(segments[2]) <= 64:
        return DashboardLink(ref=segments[2])
    return None
