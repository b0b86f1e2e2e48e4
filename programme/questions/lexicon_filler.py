"""The words the parser knows (second part: greetings, follow-ups, pronouns, RAG words, the keywords typo correction
mends towards, and the words that explain themselves). `lexicon` is the one name to import them by."""

from __future__ import annotations

from programme.cycles import MONTHS, WEEKDAYS

from .lexicon_base import (
    CHANGED_WORDS,
    FIELD_WORDS,
    GENERIC,
    HELP_WORDS,
    LEAD_WORDS,
    MILESTONE_WORDS,
    OVERVIEW_WORDS,
    SEARCH_WORDS,
    STOP,
)

GREETINGS = frozenset("hi hello hey morning afternoon evening hiya yo".split())
FOLLOW_UP_PHRASES = ("what about", "how about", "and what about", "same for", "and for", "what of")
ACTION_WORDS = frozenset(
    "mark change set delete remove add assign make rename edit move close retire "
    "submit approve reject post send".split()
)
OWNERS = frozenset("the my our his her their this that".split())
PRONOUNS = frozenset("it its they them".split())
PRONOUN_PHRASES = ("this one", "that one", "this project", "that project", "the project", "same project")

RAG_WORDS = {
    "red": "red",
    "reds": "red",
    "amber": "amber",
    "ambers": "amber",
    "green": "green",
    "greens": "green",
    "yellow": "amber",
    "orange": "amber",
}

# The keyword list typo correction may mend towards.
KEYWORDS = frozenset(
    set(LEAD_WORDS)
    | set(CHANGED_WORDS)
    | set(MILESTONE_WORDS)
    | set(SEARCH_WORDS)
    | set(HELP_WORDS)
    | {w for ws in FIELD_WORDS.values() for w in ws}
    | set(OVERVIEW_WORDS)
    | set(RAG_WORDS)
    | {
        "projects",
        "project",
        "updates",
        "update",
        "reported",
        "submitted",
        "enablers",
        "deputy",
        "priority",
        "milestones",
        "overdue",
        "yesterday",
        "tomorrow",
        "fortnight",
        "digest",
        "which",
        "what",
    }
    | set(WEEKDAYS)
    # not "may": it is also the everyday verb ("may I ask ..."), so it stays out of the keywords, as before.
    | (set(MONTHS) - {"may"})
)

# Words that explain themselves in a question, so they do not make it "not understood".
FILLER = frozenset(
    STOP
    | GENERIC
    | KEYWORDS
    | LEAD_WORDS
    | GREETINGS
    | {"include", "includes", "including", "included"}  # "which updates include an ask of the DLG"
    | {
        "project",
        "projects",
        "programme",
        "update",
        "updates",
        "cycle",
        "cycles",
        "dlg",
        "digital",
        "leadership",
        "group",
        "board",
        "officer",
        "person",
        "people",
        "someone",
        "anyone",
        "who",
        "named",
        "called",
        "since",
        "until",
        "by",
        "between",
        "before",
        "after",
        "during",
        "period",
        "time",
        "times",
        "lately",
        "recently",
        "recent",
        "there",
        "currently",
        "moment",
        "right",
        "now",
        "today",
        "week",
        "weeks",
        "month",
        "months",
        "number",
        "count",
        "total",
        "many",
        "much",
        "name",
        "names",
        "area",
        "enabler",
        "enablers",
        "need",
        "needs",
        "needed",
        "wants",
        "want",
        "talk",
        "speak",
        "up",
        "down",
        "in",
        "out",
        "at",
        "whole",
        "entire",
        "rag",
        "status",
        "rated",
        "rating",
        "put",
        "marked",
        "set",
        "flagged",
        "flag",
        "raised",
        "reported",
        "showing",
        "shows",
        "say",
        "says",
        "said",
        "cover",
        "covers",
        "next",
        "steps",
        "step",
        "coming",
        "upcoming",
        "soon",
        "date",
        "dates",
        "key",
        "list",
        "everything",
        "under",
        "using",
        "use",
        "uses",
        "rely",
        "relies",
        "supported",
        "supports",
        "support",
        "involve",
        "involves",
        "involved",
        "from",
        "asking",
        "ask",
        "asked",
        "still",
        "yet",
        "their",
        "theirs",
        "late",
        "overdue",
        "play",
        "far",
        "along",
        "looking",
        "getting",
        "on",
        "track",
        "heads",
        "look",
        "todo",
        "stand",
        "stands",
        "where",
        "colour",
        "color",
        "state",
        "doing",
        "working",
        "work",
        "submitted",
        "submit",
        "outstanding",
        "missing",
        "chase",
        "chasing",
        "sent",
        "filled",
        "done",
        "does",
        "ok",
        "those",
        "ones",
        "tell",
        "give",
        "show",
        "me",
        "us",
        "them",
        "happened",
        "happening",
        "moved",
        "changed",
        "new",
        "lead",
        "went",
        "gone",
        "turned",
        "become",
        "became",
        "please",
        "again",
        "instead",
        "else",
        "other",
        "others",
        "also",
        "anyway",
        "pick",
        "mean",
        "meant",
        "last",
        "question",
        "questions",
        "answer",
        "answers",
        "sit",
        "sits",
        "come",
        "comes",
        "fall",
        "falls",
        "belong",
        "belongs",
        "never",
        "ever",
        "always",
        "first",
        "second",
        "third",
        "fourth",
        "1st",
        "2nd",
        "3rd",
        "4th",
        "option",
        "choice",
    }
)

# Words nothing in a question needs to explain, beyond the known words above (`FILLER`): they never carry a filter
# or a topic, so a reading that leaves them over has still accounted for the question (`accounting.py`).
HARMLESS = frozenset(
    {
        "holdup",  # "what's the hold-up?": why (`cues_more`), said as one word by `normalise`
        "guys",
        "mate",
        "quick",
        "quickly",
        "just",
        "actually",
        "exactly",
        "roughly",
        "currently",
        "even",  # "haven't even started"
        "altogether",
        "combined",
        "overall",
        "everyone",
        "everybody",
        "carrying",  # "projects carrying / sitting on an overdue milestone": having
        "sitting",
        "met",  # "milestones met / hit": done
        "hit",
        "office",  # "the programme office"
    }
)
