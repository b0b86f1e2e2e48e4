"""The words the parser knows (third part: synonyms staff use, the domain's own words, and the lists of the first
parts widened with them). `lexicon` is the one name to import them by."""

from __future__ import annotations

from .lexicon_base import FIELD_PHRASES as _NARROWER_FIELD_PHRASES
from .lexicon_base import FIELD_WORDS as _NARROWER_FIELD_WORDS
from .lexicon_base import LEAD_PHRASES as _NARROWER_LEAD_PHRASES
from .lexicon_base import LEAD_WORDS as _NARROWER_LEAD_WORDS
from .lexicon_base import MISSING_PHRASES as _NARROWER_MISSING_PHRASES
from .lexicon_base import OVERVIEW_WORDS as _NARROWER_OVERVIEW_WORDS
from .lexicon_base import PERSON_PHRASES as _NARROWER_PERSON_PHRASES
from .lexicon_base import PERSON_WORDS as _NARROWER_PERSON_WORDS
from .lexicon_base import SEARCH_DROP as _NARROWER_SEARCH_DROP
from .lexicon_base import SEARCH_PHRASES as _NARROWER_SEARCH_PHRASES
from .lexicon_base import SEARCH_WORDS as _NARROWER_SEARCH_WORDS
from .lexicon_filler import FILLER as _NARROWER_FILLER

# Synonyms staff use for the same things (issue: "deputising", "second in command", "slipped", "flagged").
DEPUTY_WORDS = frozenset(
    "deputy deputies deputise deputises deputising deputised backup backups cover covers "
    "covering colead co-lead".split()
)
DEPUTY_PHRASES = (
    "second in command",
    "2nd in command",
    "stand in",
    "stands in",
    "standing in",
    "number two",
    "back up",
    "backup contact",
    "cover for",
    "covers for",
)
LATE_WORDS = frozenset("overdue late missed slipped slipping slip behind delayed".split())
BETTER_WORDS = frozenset("better improved improving improve improves improvement progressed".split())
WORSE_WORDS = frozenset("worse deteriorated deteriorating deteriorate worsened worsening declined declining".split())
MENTION_WORDS = frozenset(
    "mention mentions mentioned mentioning flagged flag flags raised said say says talked discussed".split()
)
DATES_WORDS = frozenset(
    "start starts started starting begin began begins end ends ending finish finishes "
    "finishing finished complete completion".split()
)
# Verbs of a RAG moving ("dropped to amber", "went red", "turned green", "slipped into red").
WENT_WORDS = frozenset(
    "went go goes gone going turn turned turns drop dropped drops fall fell falls slip slipped "
    "slips move moved moves become became becomes flip flipped tip tipped shift shifted get got gets getting "
    "come came comes".split()
)
QUIET_PHRASES = (
    "gone quiet",
    "gone silent",
    "gone dark",
    "been quiet",
    "been silent",
    "nothing in",
    "nothing for",
    "not updated in",
    "not updated for",
    "no update in",
    "no updates in",
    "no update for",
    "no updates for",
    "not heard from",
    "silent since",
    "quiet since",
    "quiet projects",  # "quiet projects in young kellingshire?": gone quiet, as "which have gone quiet"
    "quiet ones",
    "silent projects",
)
# Words the parser knows that typo mending may mend towards, besides the keywords above.
DOMAIN_WORDS = frozenset(
    DEPUTY_WORDS
    | LATE_WORDS
    | BETTER_WORDS
    | WORSE_WORDS
    | MENTION_WORDS
    | DATES_WORDS
    | {
        "updated",
        "update",
        "updates",
        "leading",
        "running",
        "milestone",
        "milestones",
        "summary",
        "progress",
        "blockers",
        "blocker",
        "deputy",
        "warehouse",
        "management",
        "assessment",
        "programme",
        "projects",
        "project",
        "submitted",
        "complete",
        "completed",
        "percent",
        "quiet",
        "green",
        "amber",
        "red",
        "rating",
        "status",
        "furthest",
        "highest",
        "lowest",
        "least",
        "most",
        "track",
        "overdue",
        "decision",
        "decide",
        "asking",
        "latest",
        "achievements",
        "achieved",
        "risks",
        "risk",
        "area",
        "enablers",
        "history",
        "trend",
        "started",
    }
)

# The synonyms above join the cue lists they belong to (kept apart above so they can be read together).
LEAD_WORDS = (_NARROWER_LEAD_WORDS | DEPUTY_WORDS) - {"sponsor"}
LEAD_PHRASES = _NARROWER_LEAD_PHRASES + DEPUTY_PHRASES + ("point of contact",)
PERSON_WORDS = _NARROWER_PERSON_WORDS | DEPUTY_WORDS | {"milestones", "milestone"}
PERSON_PHRASES = _NARROWER_PERSON_PHRASES + ("who is", "who s")
MISSING_PHRASES = _NARROWER_MISSING_PHRASES + (
    "behind on updates",
    "behind on their updates",
    "behind with updates",
    "late with their updates",
    "late with updates",
    "owe an update",
    "still owe",
)
FIELD_PHRASES = {
    **_NARROWER_FIELD_PHRASES,
    "asks": _NARROWER_FIELD_PHRASES["asks"]
    + (
        "asking dlg",
        "need something from",
        "needs something from",
        "need anything from",
        "needs anything from",
        "the ask",
        "being asked",
        "asked to decide",
        "waiting on from",
        "asks of the dlg",
        "decision from",
        "dlg been asked",
        "asked the dlg",
        "dlg asked",
        "waiting on the dlg",
        "waiting for the dlg",
    ),
}
FIELD_WORDS = {
    **_NARROWER_FIELD_WORDS,
    "blockers": _NARROWER_FIELD_WORDS["blockers"] | {"blokers", "blocking"},
    "summary": _NARROWER_FIELD_WORDS["summary"] | {"latest", "news"},
}
SEARCH_WORDS = _NARROWER_SEARCH_WORDS | {"flagged", "said"}
SEARCH_DROP = (
    _NARROWER_SEARCH_DROP
    | MENTION_WORDS
    | {
        "anyone",
        "anybody",
        "someone",
        "been",
        "has",
        "have",
        "did",
        "any",
        "updates",
        "update",
        "their",
        "the",
        "in",
        "about",
        "there",
        "issue",
        "issues",
        "problem",
        "problems",
        "concern",
        "concerns",
        "red",
        "amber",
        "green",
        "reds",
        "ambers",
        "greens",
        "something",
        "stuff",
        "things",
        "using",
        "use",
        "used",
        "uses",
    }
)
SEARCH_PHRASES = _NARROWER_SEARCH_PHRASES + (
    "updates about",
    "in the updates",
    "in their updates",
    "in any updates",
    "been said",
    "anything said",
    "anyone said",
)
FILLER = (
    _NARROWER_FILLER
    | DOMAIN_WORDS
    | DEPUTY_WORDS
    | {
        "reason",  # "reason it went red": why
        "reasons",
        "cause",
        "caused",
        "both",
        "either",
        "neither",
        "anyone",
        "anybody",
        "someone",
        "else",
        "apart",
        "besides",
        "herself",
        "himself",
        "he",
        "she",
        "him",
        "her",
        "his",
        "hers",
        "came",
        "recovered",  # "which projects have recovered from red": come off it (cues_more._OFF)
        "recovering",
        "bounced",
        "come",
        "coming",
        "owe",
        "owes",
        "quiet",
        "silent",
        "since",
        "recently",
        "above",
        "below",
        "over",
        "under",
        "than",
        "more",
        "less",
        "percent",
        "complete",
        "furthest",
        "least",
        "most",
        "highest",
        "lowest",
        "along",
        "further",
        "better",
        "worse",
        "or",
        "compared",
        "every",
        "each",
        "went",
        "turn",
        "turned",
        "go",
        "going",
        "live",
        "golive",
        "meant",
        "due",
        "finish",
        "finishes",
        "end",
        "start",
        "started",
        "dates",
        "why",
        "whats",
        "cycle",
        "fortnight",
        "minute",
        "moment",
        "time",
        "currently",
        "now",
        "right",
        "anything",
        "something",
        "nothing",
        "left",
        "remaining",
        "yet",
        "done",
        "two",
        "leads",
        "lead",
        "behind",
        "improved",
        "ago",
        "sent",
        "send",
        "put",
        "latest",
        "person",
        "who",
        "whose",
        "contact",
        "got",
        "been",
        "being",
        "be",
        "is",
        "was",
        "were",
        "had",
        "has",
        "have",
        "it",
        "its",
        "their",
        "in",
        "any",
        "whole",
        "single",
        "update",
        "updates",
        "thing",
        "project",
        "one",
        "ones",
        "stuff",
        "again",
        "actually",
        "exactly",
        "really",
        "back",
        "ask",
        "asked",
        "asking",
        "tell",
        "says",
        "said",
        "work",
        "works",
        "far",
        "much",
        "many",
        "big",
        "past",
        "beyond",
        "run",
        "runs",
        "involve",
        "involves",
        "made",
        "make",
        "so",
        "without",
        "no",
        "schedule",
        "plan",
        "planned",
        "ahead",
        "report",
        "waiting",
        "wait",
        "point",
        "stage",
        "rest",
    }
)
FIELD_WORDS = {
    **FIELD_WORDS,
    "next_steps": FIELD_WORDS["next_steps"] - {"plan"},
    "summary": FIELD_WORDS["summary"] | {"report"},
}
OVERVIEW_WORDS = _NARROWER_OVERVIEW_WORDS | {"schedule"}
