"""Several questions in one message ("who leads the chatbot, what % is it at and when's its next
milestone?"): split where a new question starts, up to three parts.

A question starts after a question mark, or after "and" / a comma / "also" when a question word follows
("... and who is the deputy", ", what % is it at"). "Risks and blockers", "red or amber" and "December
and January" do not split: no question word follows their "and". Works on the message as typed, since
the commas and question marks are what show the boundaries.
"""

from __future__ import annotations

import re

from .query import LIST_INTENTS, PROJECTS_BY_AREA, PROJECTS_BY_ENABLER, PROJECTS_BY_RAG, Query

MAX_PARTS = 3

_STARTERS = (
    r"who|who's|whos|whose|what|what's|whats|which|when|when's|whens|where|why|how|how's|hows|is|are|"
    r"was|were|does|do|did|has|have|can|could|any|anything|tell|show|list|give"
)
_SPLIT = re.compile(
    rf"(?:\s*[?;!]+\s*(?:and\s+|also\s+|plus\s+)?|\s*,\s*(?:and\s+|also\s+|plus\s+)?|\s+(?:and|also|plus)\s+)"
    rf"(?=(?:{_STARTERS})\b)",
    re.I,
)
_MARKS = re.compile(r"\s*[?!;]+\s*")
# "... and has been late": not a new question; "is in", "are on" continue the last one.
_NOT_A_START = re.compile(r"^(?:is|are|has|have|do|does)\s+(?:in|on|at|of|for|the|a|an|been)\b", re.I)


# "the flood sensor project, is that green": a name said first, then asked about by "that" — one question.
_REFERS_BACK = re.compile(r"^(?:is|was|are|were|has|have|does|do|did)\s+(?:that|it|this|they|those)\b", re.I)
_A_QUESTION = re.compile(rf"^\W*(?:{_STARTERS})\b", re.I)


# "FSN?? what's that", "SCR - what is it for": a name said first, then what it is.
_WHAT_IS_IT = re.compile(
    r"^(?:what(?:'s|s)?|what\s+(?:is|was|does))\s+(?:that|it|this)(?:\s+(?:do|about|for))?\W*$", re.I
)


def _named_then_asked(before: str, part: str) -> bool:
    return bool(_REFERS_BACK.match(part) or _WHAT_IS_IT.match(part)) and not _A_QUESTION.match(before)


_WHEN_ONLY = re.compile(r"^(?:in|on|since|during|over|for|by|back in|as of|last|this)\s+\S+(?:\s+\S+)?[\s,]*$", re.I)


def _only_when(part: str) -> bool:
    """'in October, why was it red?': a time said first is part of the question after it, not a question."""
    return bool(_WHEN_ONLY.match(part.strip()))


def split(raw: str) -> list[str]:
    """The parts of a message as typed, in order (at most MAX_PARTS; the rest joins the last part).
    A would-be part of one word ("… and when") or one that continues the last ("… and is in") stays
    with the part before, as typed."""
    text = raw.strip()
    cuts = sorted(
        {(m.start(), m.end()) for m in _MARKS.finditer(text)} | {(m.start(), m.end()) for m in _SPLIT.finditer(text)}
    )
    pieces, start = [], 0
    for cut_start, cut_end in cuts:
        if cut_start < start:
            continue
        pieces.append((start, cut_start, cut_end))
        start = cut_end
    pieces.append((start, len(text), len(text)))
    out: list[list[int]] = []  # [start, end] of each part in `text`
    for begin, end, _ in pieces:
        part = text[begin:end].strip(" ,?!;")
        if not part:
            continue
        before = text[out[-1][0] : out[-1][1]] if out else ""
        if out and (
            _NOT_A_START.match(part) or len(part.split()) < 2 or _only_when(before) or _named_then_asked(before, part)
        ):
            out[-1][1] = end
        else:
            out.append([begin, end])
    if len(out) > MAX_PARTS:
        out = out[: MAX_PARTS - 1] + [[out[MAX_PARTS - 1][0], out[-1][1]]]
    found = [text[a:b].strip(" ,?!;") for a, b in out]
    return _shared_tail([f for f in found if f]) or [raw]


_TAIL = re.compile(r"\s((?:in|for|across|within|under)\s.+)$", re.I)


def _shared_tail(found: list[str]) -> list[str]:
    """'how many red and how many amber in digital care': the filter said once at the end belongs to every short
    part asked the same way before it ("how many red in digital care" too), not only to the last."""
    tail = _TAIL.search(found[-1]) if len(found) > 1 else None
    if tail is None:
        return found
    opening = found[-1].lower().split()[:2]
    shared = [
        f"{f} {tail.group(1)}"
        if f.lower().split()[:2] == opening and len(f.split()) <= 4 and not _TAIL.search(f)
        else f
        for f in found[:-1]
    ]
    return [*shared, found[-1]]


def carry_filter(earlier: Query | None, query: Query) -> Query:
    """'how many digital care projects are there and how many are green?', 'what's red in digital council, and
    what's amber?': a later part of the same message that lists projects naming no area, enabler, project or person
    keeps the area or enabler the part before it listed by (answered over the whole programme it would be wrong)."""
    if earlier is None or not (earlier.area or earlier.enabler) or earlier.intent not in LIST_INTENTS:
        return query
    if _elided(query) and query.intent in LIST_INTENTS and (earlier.rag or earlier.rags) and not query.rags:
        # "how many digital council projects are amber, and which digital citizen ones are?": what the part before
        # asked, of its own area (not within the part before's list: those of another area are none of it)
        intent = PROJECTS_BY_RAG if query.intent in (PROJECTS_BY_AREA, PROJECTS_BY_ENABLER) else query.intent
        return query.but(
            intent=intent,
            within=(),
            from_context=False,
            rags=earlier.rags,
            rag=earlier.rag,
            explanation=(*query.explanation, "asked the same way as the part before it"),
        )
    before, now = set(earlier.rags or (earlier.rag,)) - {None}, set(query.rags or (query.rag,)) - {None}
    if query.within and before and now and not before & now and not (query.area or query.enabler):
        # "which greener tarn projects are green and which are amber?": amber ones among the green would be none,
        # so the second part is asked beside the first, of its area, not within its list
        query = query.but(within=(), from_context=False)
    if (
        query.intent not in LIST_INTENTS
        or not query.answerable
        or query.area
        or query.enabler
        or query.within
        or query.project_ids
        or query.person_ids
    ):
        return query
    if any(f" {w} " in f" {query.text} " for w in _EVERYWHERE):
        return query  # "… and what's due in May across the board?": the whole programme, said so
    said = f"in {earlier.area or earlier.enabler}, as the part before it"
    return query.but(area=earlier.area, enabler=earlier.enabler, explanation=(*query.explanation, said))


# Words that widen a part back to the whole programme.
_EVERYWHERE = (
    "across the board",
    "overall",
    "altogether",
    "in total",
    "everywhere",
    "all projects",
    "every project",
    "whole programme",
    "programme wide",
    "across the programme",
    "across all",
)


def _elided(query: Query) -> bool:
    """'… and which digital citizen ones are?': the part stops at its verb, what it asks is the part before's."""
    words = query.text.split()
    return bool(words) and words[-1] in ("are", "is") and (query.area is not None or query.enabler is not None)
