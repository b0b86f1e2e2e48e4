"""Finding projects, people, areas and enablers in a question, tolerant of typos — and honest about ties.

Three passes, strongest first, each only over words the previous ones left:
1. refs ("CAR-01", "car 1") and whole names or aliases, allowing typos within a name of the same
   length ("virtaul socail care");
2. part of a name ("rural broadband", "inclusion"): if more than one project shares the words best,
   the match is ambiguous and the answer offers a pick — it never picks one quietly;
3. a first name or surname alone, only when the question is about a person ("what does Priya lead").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process

from .lexicon import COMMON, FILLER, GENERIC, KEYWORDS, STOP
from .normalise import phrase, ref_key
from .vocab import Vocabulary

KIND_ORDER = {"project": 0, "area": 1, "enabler": 2, "person": 3}
MAX_CANDIDATES = 8  # more than this many projects sharing a word means the word is too vague to offer


@dataclass(frozen=True)
class Match:
    kind: str  # project / person / area / enabler
    ids: tuple[Any, ...]  # one target, or several when ambiguous (ids are ints, area and enabler keys strs)
    start: int  # token span [start, end)
    end: int
    score: float  # 0–100
    how: str  # ref / name / alias / part of name / first name …
    text: str

    @property
    def ambiguous(self) -> bool:
        return len(self.ids) > 1

    @property
    def span(self) -> range:
        return range(self.start, self.end)


def find_entities(tokens: list[str], vocab: Vocabulary, *, person_cue: bool) -> list[Match]:
    """Every entity mentioned, as non-overlapping matches in question order."""
    chosen = _no_overlaps(
        [
            _as_written(_widened(m, tokens, vocab), tokens, vocab)
            for m in _choose(_refs(tokens, vocab) + _whole_names(tokens, vocab))
        ]
    )
    chosen = [m for m in chosen if not _one_project_said(m, tokens) and not _in_a_project_name(m, tokens, vocab)]
    for finder in (_weak_areas, _parts_of_names, _people_by_one_name if person_cue else None):
        if finder is not None:
            chosen += finder(tokens, vocab, {i for m in chosen for i in m.span})
    return sorted(chosen, key=lambda m: m.start)


def _refs(tokens: list[str], vocab: Vocabulary) -> list[Match]:
    out = []
    for i in range(len(tokens)):
        for width in (1, 2):
            words = tokens[i : i + width]
            if len(words) < width or not any(ch.isdigit() for ch in "".join(words)):
                continue
            pid = vocab.refs.get(ref_key("".join(words)))
            if pid is not None:
                out.append(Match("project", (pid,), i, i + width, 100.0, "ref", " ".join(words)))
    return out


def _cutoff(text: str) -> float:
    """Short names must match exactly; longer ones may carry a typo or two."""
    n = len(text)
    return 100.0 if n <= 5 else 90.0 if n <= 7 else 85.0


def _whole_names(tokens: list[str], vocab: Vocabulary) -> list[Match]:
    """Windows of the question compared with names and aliases of the same number of words."""
    out = []
    for width, (_texts, phrases) in vocab.by_width.items():
        for i in range(len(tokens) - width + 1):
            window = tokens[i : i + width]
            if window[0] in STOP or window[-1] in STOP:
                continue
            text = " ".join(window)
            for score, j in _window_matches(vocab, width, text):
                p = phrases[j]
                out.append(Match(p.kind, (p.target,), i, i + width, float(score), p.how, text))
    return out


WINDOWS_KEPT = 20_000  # windows remembered per plan (a few MB at most); past this the memory starts again


def _window_matches(vocab: Vocabulary, width: int, text: str) -> list[tuple[float, int]]:
    """The names of `width` words (their indexes in by_width) that `text` matches, best twelve first, ties in
    the plan's order. Only names of a length that could reach the cut-off are compared (a ratio can be no
    higher than 2·shorter / (both lengths)); a window seen before with this plan is looked up."""
    memo = vocab.window_matches
    found = memo.get((width, text))
    if found is not None:
        return found
    cutoff = _cutoff(text)
    lengths = vocab.by_length[width]
    phrases = vocab.by_width[width][1]
    words = text.split()
    found = []
    for length in _lengths(len(text), cutoff):
        bucket = lengths.get(length)
        if bucket is not None:
            found += [
                (score, bucket[1][k])
                for _, score, k in process.extract(text, bucket[0], scorer=fuzz.ratio, score_cutoff=cutoff, limit=None)
                if score >= 100 or plausible_typos(words, phrases[bucket[1][k]].tokens)
            ]
    found.sort(key=lambda f: (-f[0], f[1]))
    if len(memo) >= WINDOWS_KEPT:
        memo.clear()
    found = memo[(width, text)] = found[:12]
    return found


def plausible_typos(words: list[str], name_words: tuple[str, ...]) -> bool:
    """Is each word a typo of the name's word in its place? "virtaul socail care" is Virtual Social Care, but
    "care case management" is not "ASC case management": a whole word swapped for another is not a typo,
    however close the two phrases are letter by letter. Nor is a word of the questions' own language ("reported")
    a typo of a name's word ("report", from the alias "Report It"): it names a project only when spelt as the name."""
    return all(
        a == b or (a not in KEYWORDS and fuzz.ratio(a, b) >= WORD_TYPO) for a, b in zip(words, name_words, strict=True)
    )


WORD_TYPO = 66  # a letter wrong in a three-letter word; "asc" and "care" (29) are different words


def _lengths(n: int, cutoff: float) -> range:
    """Lengths of names whose ratio with a text of length `n` can reach `cutoff` (one either side to spare)."""
    f = cutoff / 100.0
    return range(max(1, int(n * f / (2 - f)) - 1), int(n * (2 - f) / f) + 2)


def _widened(m: Match, tokens: list[str], vocab: Vocabulary) -> Match:
    """A one-word alias ("portal" for the self-service portal) next to another word of a different project's
    name that has both words ("planning portal" of the Planning Portal Upgrade) is that other project."""
    if m.kind != "project" or m.end - m.start != 1 or m.how not in ("alias", "name") or len(m.ids) != 1:
        return m
    word = tokens[m.start]
    for j in (m.start - 1, m.end):
        if 0 <= j < len(tokens) and tokens[j] in vocab.project_tokens and tokens[j] not in STOP:
            both = vocab.project_tokens.get(word, set()) & vocab.project_tokens.get(tokens[j], set())
            if len(both) == 1 and m.ids[0] not in both:
                start, end = min(j, m.start), max(j + 1, m.end)
                return Match("project", tuple(both), start, end, 85.0, "part of name", " ".join(tokens[start:end]))
    return m


def _as_written(m: Match, tokens: list[str], vocab: Vocabulary) -> Match:
    """A name or alias matched without its little words ("ctax bot" compares as "ctax", "bot" being a word the
    matcher skips) covers them too when the question says them in place, so none is left over as a word of the
    question ("ctax bot on track?" is a yes or no about the chatbot, not "not sure" about a stray "bot")."""
    if m.kind != "project" or m.how not in ("alias", "name") or len(m.ids) != 1:
        return m
    p = vocab.projects[m.ids[0]]
    said = tokens[m.start : m.end]
    for text in (p.name, *p.aliases):
        words = phrase(text).split()
        for lead in range(len(words) - len(said) + 1):
            if words[lead : lead + len(said)] != said:
                continue
            start, end = m.start - lead, m.start - lead + len(words)
            extra = words[:lead] + words[lead + len(said) :]
            if extra and all(w in STOP for w in extra) and start >= 0 and tokens[start:end] == words:
                return Match(m.kind, m.ids, start, end, m.score, m.how, " ".join(words))
    return m


def _no_overlaps(matches: list[Match]) -> list[Match]:
    """Widest first: a match inside a wider one of the same project (after widening) goes."""
    out: list[Match] = []
    for m in sorted(matches, key=lambda m: -(m.end - m.start)):
        if not any(set(m.span) & set(o.span) for o in out):
            out.append(m)
    return out


def _choose(raw: list[Match]) -> list[Match]:
    """Best first, longest first; candidates of one kind within 3 points on a span are kept together."""
    raw.sort(key=lambda m: (-m.score, -(m.end - m.start), KIND_ORDER[m.kind]))
    chosen: list[Match] = []
    taken: set[int] = set()
    for m in raw:
        if taken & set(m.span):
            continue
        peers = [
            r for r in raw if r.start == m.start and r.end == m.end and r.kind == m.kind and r.score >= m.score - 3
        ]
        ids = tuple(dict.fromkeys(i for r in peers for i in r.ids))
        chosen.append(Match(m.kind, ids, m.start, m.end, m.score, m.how, m.text))
        taken |= set(m.span)
    return chosen


# Little words of a verb ("come off red", "switched off", "ran out"): never a word of a name on their own
_PARTICLES = frozenset({"off", "out", "up", "down", "over", "back", "away", "on", "in"})


def _eligible(token: str) -> bool:
    return (
        token not in FILLER
        and token not in COMMON
        and token not in KEYWORDS
        and token not in _PARTICLES
        and token not in STOP
        and len(token) >= 2
    )


def _vocab_tokens(token: str, vocab: Vocabulary) -> set[str]:
    """The name words a question word may be: itself, its singular or plural, or a near spelling."""
    found = {t for t in (token, token + "s", token.rstrip("s"), token + "es") if t in vocab.project_tokens}
    if not found and len(token) >= 5:
        found = {t for t, _, _ in process.extract(token, vocab.token_list, scorer=fuzz.ratio, score_cutoff=88, limit=3)}
    return found


def _runs(tokens: list[str], hits: dict[int, set[str]]) -> list[list[int]]:
    """Neighbouring name words, allowing little words between them ('family hub and information')."""
    runs, current = [], []
    for i, t in enumerate(tokens):
        if i in hits:
            current.append(i)
        elif t in STOP or t in GENERIC:
            continue
        elif current:
            runs.append(current)
            current = []
    if current:
        runs.append(current)
    return runs


_PROJECT_NOUNS = frozenset({"project", "projects", "one", "team", "thing", "programme", "scheme", "pilot"})


def _parts_of_names(tokens: list[str], vocab: Vocabulary, covered: set[int]) -> list[Match]:
    hits = {i: _vocab_tokens(t, vocab) for i, t in enumerate(tokens) if i not in covered and _eligible(t)}
    hits = {i: v for i, v in hits.items() if v}
    first = tokens[0] if tokens and not covered and 0 not in hits else ""
    if first in FILLER and first not in COMMON and first not in KEYWORDS and first in vocab.project_tokens:
        # "falls deputy?": the plan's word wins (only a word the plan's names are indexed by: "digital" may not be)
        starts = {pid for pid, ps in vocab.project_phrases.items() if any(p.tokens[:1] == (first,) for p in ps)}
        if starts:
            hits[0] = {first}
    for i, t in enumerate(tokens):  # a common word of a name counts beside other words of it, or as "the X project";
        # so does a word the questions use too ("contact" in "the contact centre project")
        if i in covered or i in hits or not (t in COMMON or t in KEYWORDS) or len(t) < 3:
            continue
        forms = {
            f for f in (t, t + "s", t.rstrip("s"), t + "es") if f in vocab.project_tokens
        }  # "records": "record" too
        if not forms:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        mine = {p for f in forms for p in vocab.project_tokens[f]}
        near = [
            j
            for j in (i - 1, i + 1, i - 2, i + 2)
            if j in hits and mine & {p for w in hits[j] for p in vocab.project_tokens[w]}
        ]
        if near or (after in _PROJECT_NOUNS and t in COMMON):
            hits[i] = forms
    out = []
    for run in _runs(tokens, hits):
        if covered & set(range(run[0], run[-1] + 1)):
            run = [i for i in run if i not in covered]
        match = _best_projects(tokens, run, hits, vocab)
        if match:
            out.append(match)
    return out


def _best_projects(tokens: list[str], run: list[int], hits: dict[int, set[str]], vocab: Vocabulary) -> Match | None:
    counts: dict[int, int] = {}
    for i in run:
        for pid in {p for t in hits[i] for p in vocab.project_tokens[t]}:
            counts[pid] = counts.get(pid, 0) + 1
    if not counts:
        return None
    best = max(counts.values())
    ids = tuple(sorted(p for p, c in counts.items() if c == best))
    if len(ids) > MAX_CANDIDATES:
        return None
    words = {t for i in run for t in hits[i]}
    score = 60 + 30 * _coverage(vocab, ids[0], words) if len(ids) == 1 else 60.0
    text = " ".join(tokens[run[0] : run[-1] + 1])
    return Match("project", ids, run[0], run[-1] + 1, score, "part of name", text)


# Words of a name saying what kind of change the project is, not what it is about: "Telephony Replacement" is
# "telephony" when staff ask ("who leads telephony?"), and "migration" alone names no project surely.
_KIND_OF_CHANGE = frozenset(
    "replacement replacements upgrade upgrades migration migrations rollout refresh renewal reprocurement "
    "implementation switchover transformation modernisation modernization".split()
)


def _coverage(vocab: Vocabulary, pid: int, words: set[str]) -> float:
    """How much of the project's best-covered name or alias the words make up (by letters); also without the words
    saying what kind of change it is, when its subject was said ("telephony" is all of "Telephony Replacement")."""
    best = 0.0
    for p in vocab.project_phrases.get(pid, ()):
        content = [t for t in p.tokens if t not in STOP and t not in GENERIC]
        for kept in (content, [t for t in content if t not in _KIND_OF_CHANGE]):
            total = sum(len(t) for t in kept) or 1
            best = max(best, sum(len(t) for t in kept if t in words) / total)
    return best


def _people_by_one_name(tokens: list[str], vocab: Vocabulary, covered: set[int]) -> list[Match]:
    out = []
    names = vocab.person_names
    for i, t in enumerate(tokens):
        if i in covered or t in FILLER or len(t) < 3:
            continue
        found = {t} if t in vocab.person_tokens else set()
        if not found and len(t) >= 5:
            found = {n for n, _, _ in process.extract(t, names, scorer=fuzz.ratio, score_cutoff=88, limit=2)}
        ids = tuple(sorted({pid for n in found for pid in vocab.person_tokens[n]}))
        if ids:
            out.append(Match("person", ids, i, i + 1, 80.0, "one name", t))
    return out


def _one_project_said(m: Match, tokens: list[str]) -> bool:
    """'the care project', 'is the data project red?': one word of an area's or enabler's name before a singular
    'project' after 'the'/'this'/'that' is one project (which one, if several names share the word), never the list
    of the area or enabler."""
    before, after = tokens[m.start - 1 : m.start], tokens[m.end : m.end + 1]
    return (
        m.kind in ("area", "enabler")
        and m.end - m.start == 1
        and after == ["project"]
        and before in (["the"], ["this"], ["that"])
    )


def _in_a_project_name(m: Match, tokens: list[str], vocab: Vocabulary) -> bool:
    """'who leads the insight platform?': one word of an enabler's name ("Data and Insight") beside the next word of
    a project's name ("Holtshire Insight Platform") is that project's, not the enabler's."""
    if m.kind not in ("area", "enabler") or m.how != "part of name" or m.end - m.start != 1:
        return False
    pairs = [f" {' '.join(tokens[i : i + 2])} " for i in (m.start - 1, m.start) if i >= 0 and i + 1 < len(tokens)]
    return any(pair in f" {p.text} " for ps in vocab.project_phrases.values() for p in ps for pair in pairs)


def _weak_areas(tokens: list[str], vocab: Vocabulary, covered: set[int]) -> list[Match]:
    """'care projects', 'in council': an area's word that other names share, read as the area only in place."""
    out = []
    for i, t in enumerate(tokens):
        key = vocab.weak_areas.get(t)
        if key is None or i in covered:
            continue
        after = tokens[i + 1] if i + 1 < len(tokens) else ""
        before = tokens[i - 1] if i > 0 else ""
        if _one_project_said(Match("area", (key,), i, i + 1, 80.0, "area word", t), tokens):
            continue
        if after in ("project", "projects", "area", "priority") or before in ("in", "under", "within"):
            out.append(Match("area", (key,), i, i + 1, 80.0, "area word", t))
    return out
