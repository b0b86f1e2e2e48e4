"""More cues, read like `cues.read` from the question with names masked: yes/no questions, deputies,
references to the last answer ("which of those", "their leads", "both", "why"), a person's pronoun ("what
else is she on"), combinations of RAG ("red or amber", "not green"), progress bounds ("above 80%"),
better/worse, updated or gone quiet, rankings ("furthest along", "most reds") and comparisons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from . import lexicon as lx
from .cues import _has, a_state_asked, first_asked
from .lexicon_base import CLOSE_PHRASES

RAGS = ("red", "amber", "green")
YES_NO_STARTS = frozenset("is are was were has have does do did any anyone anybody anything can will".split())


@dataclass(frozen=True)
class More:
    yes_no: bool = False
    deputy: bool = False
    lead_or_deputy: bool = False  # "lead or deputy", "involved in", "working on", "on anything"
    reference: bool = False  # those / them / their / both / they
    every: bool = False  # "are both red", "are they all red"
    person_pronoun: bool = False  # he / she / his / her
    other: bool = False  # "what else", "apart from", "other than"
    why: bool = False
    rags: tuple[str, ...] = ()
    progress_min: int | None = None
    progress_max: int | None = None
    better: bool = False
    worse: bool = False
    late: bool = False
    updated: bool = False  # "updated", "submitted", "came in", "sent an update"
    not_updated: bool = False  # "didn't update", "still to update", "gone quiet"
    quiet: bool = False
    rank: str = ""  # most_progress / least_progress / area_most / person_most / finishes_first / oldest
    compare: bool = False  # "which is further along, X or Y", "better or worse than"
    dates: bool = False  # start / end dates of a project
    when: bool = False  # the question asks "when"
    who_submitted: bool = False
    two_leads: bool = False
    always: bool = False  # "in every update"
    ever: bool = False  # "at any point", "ever been red"
    next_one: bool = False  # "the next milestone"
    how_many: bool = False
    without: bool = False  # "haven't got any blockers", "no deputy", "without asks"
    into: str = ""  # the RAG something moved into: "went red", "dropped to amber", "turned green"
    from_rag: str = ""  # "from green to amber or red": the RAG moved out of …
    to_rags: tuple[str, ...] = ()  # … and the ones moved into


_INTO = re.compile(
    r"\b(?:" + "|".join(sorted(lx.WENT_WORDS)) + r")\s+(?:back\s+)?(?:to\s+|into\s+)?(red|amber|green)\b"
)
_FROM_TO = re.compile(
    r"\bfrom\s+(red|amber|green)\s+(?:to|into)\s+(red|amber|green)(?:\s+(?:or|and)\s+(red|amber|green))?\b"
)
_OFF = re.compile(
    r"\b(?:(?:come|comes|came|coming|got|get|gets|gotten|gone|went|moved|climbed|dropped|been taken)\s+(?:off|out of)"
    r"|(?:recovered|recovering|recover|recovers|bounced back|come back|came back)\s+from)\s+(red|amber|green)\b"
)
_PCT = re.compile(
    r"\b(above|over|more than|greater than|at least|below|under|less than|fewer than|at most)\s+"
    r"(\d{1,3})\s*(?:%|percent|per cent)"
)
_NOT_RAG = re.compile(
    r"\b(?:not|isnt|arent|aren t|isn t|non|other than|anything but|except)\s+(?:on\s+|at\s+)?(red|amber|green)\b"
)


# "what are the dates for X", "X timeline?", "how long does X run / has X been going": the plan's start and end
# ("key dates", "due dates" and "milestone dates" are its milestones)
_PLAN_DATES = re.compile(
    r"(?<!key )(?<!due )(?<!milestone )\bdates (?:for|of)\b|\btimelines?\b|\btimescales?\b|^ (?:<e> )+dates $"
    r"|\b(?:meant|supposed|due|planned|expected|scheduled|set) to (?:be )?(?:done|finished|completed?|over)\b"
    r"|\bhow long (?:does|do|will)\b.*\b(?:run|runs|last|lasts|go on|going on)\b"
    r"|\bhow long (?:has|have|had)\b.*\bbeen (?:going|running|on the go|underway|under way|in progress)\b"
)
# "when does X close?": the project's end (a milestone's close has its own words: "when does the consultation close")
_CLOSES = re.compile(r"\bwhen\s+(?:does|do|will|is|did)\b.*\bclos(?:e|es|ing)$")


def read_more(tokens: list[str]) -> More:
    text = " " + " ".join(tokens) + " "
    words = set(tokens)
    first = first_asked(tokens)
    rags = tuple(r for r in RAGS if f" {r} " in text or f" {r}s " in text)
    if not rags and _has(text, ("at risk", "in trouble", "struggling", "off track", "not on track")):
        rags = ("red", "amber")  # "which projects are at risk?": red or amber, not "which have risks"
    negated = _NOT_RAG.search(text)
    if negated:
        rags = tuple(r for r in RAGS if r != negated.group(1))
    lo = hi = None
    for m in _PCT.finditer(text):
        n = int(m.group(2))
        if m.group(1) in ("above", "over", "more than", "greater than"):
            lo = n
        elif m.group(1) == "at least":
            lo = n - 1
        elif m.group(1) == "at most":
            hi = n + 1
        else:
            hi = n
    updated = (
        bool(words & {"updated", "submitted", "upated", "reported"})
        or _has(
            text,
            (
                "came in",
                "come in",
                "coming in",
                "sent an update",
                "sent in",
                "send an update",
                "put in",
                "an update",
                "updates in",
                "updates from",
                "any updates",
                "any update",
                "their update",
                "submitted anything",
                "submit anything",
                "updates has",
                "updates have",
                "updates came",
                "updates did",
                "many updates",
                "no update",
                "no updates",
                "did not update",
                "does not update",
                "not update",
            ),
        )
        or (first in {"did", "has", "have", "does", "do"} and bool(words & {"update", "submit", "report"}))
    )
    negation = bool(words & {"not", "didnt", "havent", "hasnt", "never", "no", "owe", "owes", "still"}) or _has(
        text, ("yet to", "still to", "behind on", "behind with")
    )
    quiet = _has(text, lx.QUIET_PHRASES)
    into = _INTO.search(text)
    moves = _FROM_TO.search(text)
    off = _OFF.search(text)  # "come off red", "got out of amber": from it into either other
    return More(
        into=into.group(1) if into and not moves and not (" from " in text and len(rags) == 2) else "",
        from_rag=moves.group(1) if moves else off.group(1) if off else "",
        to_rags=tuple(r for r in (moves.group(2), moves.group(3)) if r)
        if moves
        else tuple(r for r in RAGS if r != off.group(1))
        if off
        else (),
        yes_no=first in YES_NO_STARTS
        or _has(text, (" is there ", " are there "))
        or a_state_asked(tokens)
        or (first == "who" and bool(words & {"mentioned", "mention", "mentions"})),  # "who has mentioned X?": anyone
        deputy=bool(words & lx.DEPUTY_WORDS) or _has(text, lx.DEPUTY_PHRASES),
        lead_or_deputy=_has(
            text,
            (
                "lead or deputy",
                "deputy or lead",
                "involved in",
                "involved with",
                "working on",
                "work on",
                "on anything",
                "on any projects",
                "on any",
                "else is",
                "else on",
                "part of",
                "lead or deputise",
            ),
        ),
        reference=bool(words & {"those", "them", "they", "their", "theirs", "these", "both", "ones"}),
        every=bool(words & {"both", "all", "each", "every"}) and not _has(text, ("every update", "all projects")),
        person_pronoun=bool(words & {"he", "she", "him", "her", "his", "hers", "herself", "himself"}),
        other=bool(words & {"else", "other", "besides"}) or _has(text, ("apart from", "other than", "as well as")),
        why=first == "why" or bool(words & {"why", "reason", "reasons", "cause", "caused", "holdup"}),
        rags=rags,
        progress_min=lo,
        progress_max=hi,
        better=bool(words & lx.BETTER_WORDS) or _has(text, ("got better", "getting better", "gone up", "went up")),
        worse=bool(words & lx.WORSE_WORDS) or _has(text, ("got worse", "getting worse", "gone down", "went down")),
        late=bool(words & lx.LATE_WORDS),
        updated=updated,
        not_updated=(updated and negation)
        or quiet
        or _has(text, ("owe an update", "owes an update", "not updated", "still to update", "yet to update")),
        quiet=quiet,
        rank=_rank(text, words),
        compare=_has(
            text,
            (
                "better or worse",
                "worse or better",
                "further along",
                "further on",
                "further ahead",
                "further forward",
                "further through",
                "more progress",
                "compare",
                "comparing",
                "versus",
                "vs",
                "doing better",
                "doing worse",
                "ahead of",
                "compared to",
                "compared with",
                "or worse",
                "or better",
            ),
        ),
        dates=bool(
            words & frozenset("start started starts begin began end ends ending finish finishes finishing".split())
        )
        or _has(
            text,
            (
                "start date",
                "end date",
                "kick off",
                "kicked off",
                "kicks off",
                "kickoff",
                "got going",
                "got underway",
                "meant to end",
                "run past",
                "runs past",
                "running past",
                "run beyond",
                "go past",
                "end after",
            ),
        )
        or _has(text, CLOSE_PHRASES)
        or bool(_CLOSES.search(text))
        or bool(_PLAN_DATES.search(text)),
        when=bool(words & {"when", "date", "dates"}),
        who_submitted=_has(
            text, ("who submitted", "who put in", "who sent", "who did the", "who wrote", "who updated", "who filled")
        ),
        two_leads=_has(text, ("two leads", "2 leads", "joint leads", "more than one lead", "co leads", "co-leads")),
        always=_has(text, lx.ALWAYS_PHRASES),
        ever=_has(
            text,
            (
                "at any point",
                "at some point",
                "at any time",
                "at any stage",
                "ever been",
                "ever gone",
                "ever went",
                "ever turned",
                "ever dropped",
                "ever had",
                "been red before",
                "been amber before",
                "been green before",
            ),
        ),
        next_one=_has(text, ("next milestone", "next deadline", "next key date")),
        how_many=_has(text, lx.COUNT_PHRASES),
        without=_has(
            text,
            (
                "no",
                "without",
                "havent got",
                "hasnt got",
                "have not got",
                "has not got",
                "dont have",
                "do not have",
                "doesnt have",
                "does not have",
                "not got",
                "lack",
                "lacking",
                "missing a",
                "free of",
                "with no",
                "zero",
            ),
        ),
    )


def _rank(text: str, words: set[str]) -> str:
    if _has(
        text,
        (
            "furthest along",
            "furthest ahead",
            "most progress",
            "highest progress",
            "most complete",
            "highest %",
            "highest percentage",
            "most advanced",
            "best progress",
        ),
    ):
        return "most_progress"
    if _has(
        text,
        (
            "least far along",
            "least progress",
            "lowest progress",
            "least complete",
            "furthest behind",
            "lowest %",
            "slowest",
            "least advanced",
        ),
    ):
        return "least_progress"
    if _has(
        text,
        (
            "finishes first",
            "finish first",
            "ends first",
            "end first",
            "ending soonest",
            "finishing soonest",
            "due to finish first",
        ),
    ):
        return "finishes_first"
    if _has(
        text,
        (
            "finishes last",
            "finish last",
            "ends last",
            "end last",
            "finishes latest",
            "ends latest",
            "runs longest",
            "running longest",
            "latest end",
            "latest to finish",
            "last to finish",
        ),
    ):
        return "finishes_last"
    if _has(
        text,
        (
            "started most recently",
            "start most recently",
            "started last",
            "most recently started",
            "newest project",
            "latest to start",
            "started latest",
            "most recent start",
            "latest start",
        ),
    ):
        return "starts_last"
    if _has(
        text,
        (
            "started first",
            "start first",
            "earliest start",
            "started earliest",
            "oldest project",
            "first to start",
            "longest running",
            "been running longest",
            "been going longest",
        ),
    ):
        return "starts_first"
    if _has(text, ("oldest overdue", "most overdue", "longest overdue", "earliest overdue")):
        return "oldest_overdue"
    if ("area" in words or "areas" in words) and _has(
        text, ("the most", "most red", "most amber", "most green", "the highest number", "the fewest", "the least")
    ):
        if re.search(r"\bmost\s+(?:live\s+|active\s+|current\s+)?projects\b", text) and not _NOT_RAG.search(text):
            return "area_count"  # "which area has the most projects": every project, whatever its colour
        return "area_fewest" if words & {"fewest", "least"} else "area_most"
    if _has(text, ("leads the most", "lead the most", "most projects", "the most projects")):
        return "person_most"
    return ""
