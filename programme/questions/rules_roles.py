"""People by the roles they hold across the plan (run before the rankings): "who leads more than one project?",
"which leads are also deputies on other projects?". Each is a list of people, from the plan alone."""

from __future__ import annotations

import re

from . import lexicon as lx
from .query import RANKING, Query
from .reading import Reading, key, penalised

_LEADING = frozenset({"lead", "leads", "leading", "leader", "leaders", "runs", "run", "running", "heads", "head"})
_DEPUTISING = frozenset({"deputy", "deputies", "deputise", "deputises", "deputising", "deputize", "deputizes"})
_ASKS_WHO = frozenset({"who", "whos", "which", "anyone", "anybody", "people", "list", "name", "names"})
_SEVERAL = re.compile(
    r"\b(?:more than (?:one|1|a single)|over one|multiple|several|two or more|2 or more|2\+|a few)\s+"
    r"(?:different\s+|separate\s+)?(?:projects?|things|workstreams?)\b"
    r"|\b(?:projects?|workstreams?)\s+(?:each\s+)?(?:at once|at the same time)\b"
)
_ELSEWHERE = frozenset({"also", "both", "other", "another", "elsewhere", "too", "as", "well"})


def people_by_roles(r: Reading) -> Query | None:
    if r.of("project") or r.of("person") or r.cues.search:
        return None
    words, text = set(r.tokens), " ".join(r.tokens)
    if not words & _ASKS_WHO and not r.cues.count:
        return None
    filters = {"area": key(r.one("area")), "enabler": key(r.one("enabler"))}
    if words & _LEADING and _SEVERAL.search(text) and not words & _DEPUTISING and "how many projects" not in text:
        r.why.append("asked who leads more than one project")
        return Query(RANKING, mode="leads_several", confidence=_confidence(r), **filters)
    deputising = words & (_DEPUTISING | lx.DEPUTY_WORDS)
    if words & _LEADING and deputising and words & _ELSEWHERE:
        r.why.append("asked which leads are also deputies on other projects")
        return Query(RANKING, mode="lead_and_deputy", confidence=_confidence(r), **filters)
    return None


# Words these questions are made of that the lexicon does not otherwise know: read here, so not held against it
_READ_HERE = frozenset({"multiple", "several", "elsewhere", "separate", "workstreams", "workstream"})


def _confidence(r: Reading) -> float:
    read_here = len([t for t in r.cues.unexplained if t in _READ_HERE])
    return min(1.0, penalised(1.0, r, listing=True) + 0.25 * read_here)
