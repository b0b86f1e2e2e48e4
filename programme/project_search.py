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
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from .questions.lexicon import STOP
from .questions.matcher import find_entities
from .questions.normalise import ref_key, words
from .questions.vocab import Vocabulary

MAX_QUERY_CHARS = 100  # a search box, not an essay: bounds the matching work
MIN_PREFIX = 2  # letters before a word being typed matches the words it begins
MAX_PREFIX_WORDS = 400  # name words one prefix may stand for before it is too vague to follow
INACTIVE = ("retired", "closed")  # not offered by search (a link to one still unfurls)

# Scores on the engine's 0-100 scale; a stronger way of matching always ranks first.
LEAD_BONUS = {"lead": 0.0, "deputy": -5.0}
PERSON_PENALTY = 10.0  # a project found through its lead ranks below one found by its own name
TERM_SCORE = 40.0  # every project in a named priority area or with a named enabler
PREFIX_SCORE = 30.0  # plus up to 20 more the larger the share of the typed words it matched
REF_PREFIX_SCORE = 55.0


def find_projects(text: str, vocab: Vocabulary, roles: Mapping[int, Iterable[tuple[int, str]]]) -> list[int]:
    """Ids of the projects `text` points at, best first (then by ref); retired and closed ones left out.

    `roles` maps a person's id to their (project id, "lead" or "deputy") pairs, as the engine's plan
    keeps them."""
    tokens = words((text or "")[:MAX_QUERY_CHARS])
    if not tokens:
        return []
    scores: dict[int, float] = {}

    def add(project_ids: Iterable[int], score: float) -> None:
        for pid in project_ids:
            if score > scores.get(pid, -1.0):
                scores[pid] = score

    for match in find_entities(tokens, vocab, person_cue=True):
        if match.kind == "project":
            add(match.ids, match.score)
        elif match.kind == "person":
            for person in match.ids:
                for pid, role in roles.get(person, ()):
                    add((pid,), match.score - PERSON_PENALTY + LEAD_BONUS.get(role, -5.0))
        elif match.kind == "area":
            add((p.id for p in vocab.projects.values() if p.area in match.ids), TERM_SCORE)
        elif match.kind == "enabler":
            add((p.id for p in vocab.projects.values() if set(p.enablers) & set(match.ids)), TERM_SCORE)
    for pid, score in _typed_so_far(tokens, text, vocab, roles).items():
        add((pid,), score)
    found = [pid for pid in scores if pid in vocab.projects and vocab.projects[pid].status not in INACTIVE]
    return sorted(found, key=lambda pid: (-scores[pid], vocab.projects[pid].ref))


def _typed_so_far(tokens: list[str], text: str, vocab: Vocabulary,
                  roles: Mapping[int, Iterable[tuple[int, str]]]) -> dict[int, float]:
    """Projects whose name words, alias words, leads' names or ref begin with what was typed."""
    typed = [t for t in dict.fromkeys(tokens) if len(t) >= MIN_PREFIX and t not in STOP]
    hits: dict[int, int] = {}
    for t in typed:
        found: set[int] = set(_by_prefix(vocab.token_list, t, lambda w: vocab.project_tokens[w]))
        for person in _by_prefix(vocab.person_names, t, lambda w: vocab.person_tokens[w]):
            found.update(pid for pid, _ in roles.get(person, ()))
        for pid in found:
            hits[pid] = hits.get(pid, 0) + 1
    scores = {pid: PREFIX_SCORE + 20.0 * n / len(typed) for pid, n in hits.items()}
    typed_ref, key = _compact(text), ref_key(text or "")
    if len(typed_ref) >= MIN_PREFIX and any(ch.isalpha() for ch in typed_ref):
        for p in vocab.projects.values():  # "cit-0" and "cit2" both begin CIT-02
            if _compact(p.ref).startswith(typed_ref) or ref_key(p.ref).startswith(key):
                scores[p.id] = max(scores.get(p.id, 0.0), REF_PREFIX_SCORE)
    return scores


def _compact(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", (text or "").lower())


def _by_prefix(sorted_words: list[str], prefix: str, targets) -> Iterable[int]:
    """Everything the words beginning with `prefix` stand for (nothing when too many words do)."""
    start = bisect.bisect_left(sorted_words, prefix)
    end = bisect.bisect_left(sorted_words, prefix + "\uffff", lo=start)
    if end - start > MAX_PREFIX_WORDS:
        return ()
    return (target for word in sorted_words[start:end] for target in targets(word))


# --- dashboard links ---------------------------------------------------------------------------

DASHBOARD_PATH = "/dashboard"


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
