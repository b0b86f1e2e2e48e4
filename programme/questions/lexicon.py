"""The words the parser knows, grouped by what they tell it. Kept in one place so it can be read.

Nothing here is specific to one council: project, people, area and enabler names come from the
plan (the `Vocabulary`); these are the words of the questions around them.
"""

from __future__ import annotations

# Function words: never a name on their own, never "unexplained".
STOP = frozenset(
    """
a an the of for on in at to is are was were be been being do does did has have had what which who whom
whose when where why how can could would should will shall may might must you your me my i we our us it its
this that these those there their they them he she his her any anything something some about with by from
up out over again tell show give list get find know let see want like just currently current now right
moment so and or but not no yes as than then also too very really much many more most here re regarding
according details detail overview please ok okay hi hello hey bot df all each every one ones thing things
into onto under across within our please if whether yet still already ever lot lots bit kind sort sorts
im ive id am doing going looking getting get got go on well
""".split()
)

# Words that appear in many project names and identify nothing alone.
GENERIC = frozenset(
    """
digital project projects programme programmes system systems service services scheme new council county
strategy strategic plan improvement workstream work stream initiative team
""".split()
)

# Ordinary words that may occur in a project name but mostly mean themselves in a question.
COMMON = frozenset(
    """
time over high real home support working work process service offer online data records staff
members people team people office officer lead leads update updates change changes changed week month
year day days price book room meeting party weather cost budget money last next first second third part
phase level good bad big small open close closed red amber green status progress risk risks issue issues
""".split()
)

# Cue words and phrases, by what they ask.
LEAD_WORDS = frozenset(
    """lead leads leading leader leaders led owner owners owns own runs run running
responsible charge contact contacts manager manages manage managing sro sponsor heads head deputy deputies
deputising whose""".split()
)
LEAD_PHRASES: tuple[str, ...] = (
    "talk to",
    "speak to",
    "in charge",
    "heads up",
    "look after",
    "looks after",
    "looking after",
    "point of contact",
    "go to",
    "ask about",
)
PERSON_WORDS = frozenset(
    "lead leads leading led deputy deputies working involved responsible manage manages "
    "run runs own owns projects project".split()
)
PERSON_PHRASES: tuple[str, ...] = (
    "working on",
    "involved in",
    "look after",
    "looks after",
    "responsible for",
    "deputy on",
    "deputy for",
    "in charge of",
)

FIELD_WORDS: dict[str, frozenset[str]] = {
    "blockers": frozenset(
        "blocker blockers blocking blocked block blocks stuck obstacle obstacles barrier "
        "barriers impediment impediments stopping preventing".split()
    ),
    "issues": frozenset("issues issue problems problem".split()),
    "risks": frozenset("risk risks risky threat threats concern concerns worries worry".split()),
    "asks": frozenset("asks ask asking decision decisions decide request requests".split()),
    "next_steps": frozenset("plans plan planned planning".split()),
    "milestones": frozenset(
        "milestone milestones deadline deadlines due dates launch launching "
        "golive live timeline timelines timescales".split()
    ),
    "history": frozenset(
        "history historic historically trend trends previously always ever past previous trajectory".split()
    ),
    "description": frozenset(
        "description describe purpose aim aims objective objectives scope goal goals explain".split()
    ),
    "area": frozenset("area areas pillar pillars theme priority".split()),
    "enablers": frozenset("enabler enablers".split()),
    "progress": frozenset("progress percent percentage complete completed %".split()),
    "summary": frozenset("latest news summary happening update".split()),
    "last_update": frozenset("updated submitted submit reported".split()),
    "achievements": frozenset(
        "achievements achieved achieve achievement delivered accomplished wins successes".split()
    ),
}
FIELD_PHRASES: dict[str, tuple[str, ...]] = {
    "blockers": ("holding up", "held up", "holding back", "in the way", "getting in the way"),
    "asks": (
        "need from",
        "needs from",
        "want from",
        "wants from",
        "asks of",
        "ask of",
        "asking the",
        "asking for",
        "decisions needed",
        "decision needed",
    ),
    "next_steps": (
        "next steps",
        "next step",
        "what is next",
        "doing next",
        "do next",
        "coming next",
        "next for",
        "next on",
        "what next",
        "next?",
    ),
    "milestones": ("key dates", "go live", "target date", "due date", "when is", "when will"),
    "history": (
        "over time",
        "rag history",
        "how has",
        "used to",
        "last few cycles",
        "been red",
        "been amber",
        "been green",
        "changed over",
    ),
    "description": ("what is it about", "what does it do", "tell me what", "for what"),
    "area": (
        "priority area",
        "which area",
        "what area",
        "sit under",
        "sits under",
        "come under",
        "comes under",
        "falls under",
        "fall under",
    ),
    "progress": ("how far", "far along", "per cent", "how much progress", "% complete"),
    "achievements": (
        "get done",
        "got done",
        "gets done",
        "getting done",
        "got through",
        "get through",
        "managed to",
        "manage to",
        "pulled off",
        "pull off",
    ),
    "summary": ("latest on", "update on", "news on", "what is happening", "happening with", "going on with"),
    "last_update": (
        "last update",
        "last updated",
        "last report",
        "last reported",
        "last submitted",
        "who submitted",
        "who updated",
        "when did",
        "when was",
    ),
}
OVERVIEW_WORDS = frozenset(
    "status rag rating rated colour color doing going health healthy track overview state looking getting how".split()
)
OVERVIEW_PHRASES = (
    "how is",
    "how are",
    "tell me about",
    "state of play",
    "on track",
    "getting on",
    "what is",
    "how is it",
    "coming along",
    "getting along",
    "shaping up",
    "looking",
)

CHANGED_WORDS = frozenset(
    "changed change changes moved movement moving happened new different updates updated shifted".split()
)
CHANGED_PHRASES = (
    "what changed",
    "has changed",
    "have changed",
    "what is new",
    "anything new",
    "what moved",
    "what happened",
    "has happened",
    "changes since",
    "updates since",
    "went red",
    "gone red",
    "went amber",
    "gone amber",
    "went green",
    "gone green",
    "turned red",
    "turned amber",
    "turned green",
    "changed rag",
    "changed status",
    "changed colour",
)
MILESTONE_WORDS = frozenset("milestone milestones deadline deadlines due overdue".split())
MILESTONE_PHRASES = ("coming up", "late milestones", "key dates")
COUNT_PHRASES = ("how many", "number of", "count of", "total number", "how much projects")
LIST_WORDS = frozenset("which what list show projects any all".split())
NOT_REPORTED_PHRASES = (
    "not reported",
    "not yet reported",
    "never reported",
    "no rag",
    "no status",
    "not submitted an update",
    "never submitted",
    "no update at all",
    "no updates",
    "without an update",
    "not rated",
    "have not reported",
    "has not reported",
    "yet to report",
)
MISSING_PHRASES: tuple[str, ...] = (
    "updates are late",
    "update is late",
    "late updates",
    "not updated",
    "not submitted",
    "missing update",
    "missing updates",
    "outstanding update",
    "outstanding updates",
    "late update",
    "late with",
    "still to update",
    "still need to update",
    "still needs to update",
    "needs to update",
    "need to update",
    "yet to update",
    "not sent",
    "chase",
    "chasing",
    "overdue update",
    "overdue updates",
    "not done their update",
    "not filled",
    "no update this",
    "have not updated",
    "has not updated",
)
SEARCH_WORDS = frozenset(
    "mention mentions mentioning mentioned search contain contains containing refer refers referring".split()
)
SEARCH_PHRASES: tuple[str, ...] = (
    "anything about",
    "anything on",
    "talk about",
    "talks about",
    "talking about",
    "say about",
    "says about",
    "said about",
    "mentions of",
    "any mention",
    "search for",
    "look for",
    "anything mentioning",
)
SEARCH_FIRST_WORDS = frozenset({"find", "search", "grep"})
# Words that are the question around a search, not what to search for.
SEARCH_DROP = frozenset(
    STOP
    | SEARCH_WORDS
    | SEARCH_FIRST_WORDS
    | {
        "project",
        "projects",
        "update",
        "updates",
        "programme",
        "anything",
        "talk",
        "talks",
        "talking",
        "say",
        "says",
        "said",
        "look",
        "mention",
        "mentions",
        "history",
        "text",
        "word",
        "words",
        "phrase",
        "which",
        "risks",
        "risk",
        "blockers",
        "asks",
        "summary",
        "summaries",
        "notes",
        "containing",
        "reports",
        "report",
    }
)
HELP_WORDS = frozenset("help commands command examples example instructions".split())
HELP_PHRASES = (
    "what can you do",
    "what can i ask",
    "what do you do",
    "how do i use",
    "what questions",
    "questions can i ask",
    "how does this work",
    "who are you",
    "what are you",
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
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "fortnight",
        "digest",
        "which",
        "what",
    }
)

# Words that explain themselves in a question, so they do not make it "not understood".
FILLER = frozenset(
    STOP
    | GENERIC
    | KEYWORDS
    | LEAD_WORDS
    | GREETINGS
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

# Synonyms staff use for the same things (issue: "deputising", "second in command", "slipped", "flagged").
DEPUTY_WORDS = frozenset(
    "deputy deputies deputise deputises deputising deputised backup backups cover covers "
    "covering colead co-lead".split()
)
DEPUTY_PHRASES = (
    "second in command",
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
BETTER_WORDS = frozenset("better improved improving improve improves improvement".split())
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
    "slips move moved moves become became becomes flip flipped tip tipped shift shifted".split()
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
LEAD_WORDS = (LEAD_WORDS | DEPUTY_WORDS) - {"sponsor"}
LEAD_PHRASES = LEAD_PHRASES + DEPUTY_PHRASES + ("point of contact",)
PERSON_WORDS = PERSON_WORDS | DEPUTY_WORDS | {"milestones", "milestone"}
PERSON_PHRASES = PERSON_PHRASES + ("who is", "who s")
MISSING_PHRASES = MISSING_PHRASES + (
    "behind on updates",
    "behind on their updates",
    "behind with updates",
    "late with their updates",
    "late with updates",
    "owe an update",
    "still owe",
)
FIELD_PHRASES = {
    **FIELD_PHRASES,
    "asks": FIELD_PHRASES["asks"]
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
    **FIELD_WORDS,
    "blockers": FIELD_WORDS["blockers"] | {"blokers", "blocking"},
    "summary": FIELD_WORDS["summary"] | {"latest", "news"},
}
SEARCH_WORDS = SEARCH_WORDS | {"flagged", "said"}
SEARCH_DROP = (
    SEARCH_DROP
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
SEARCH_PHRASES = SEARCH_PHRASES + (
    "updates about",
    "in the updates",
    "in their updates",
    "in any updates",
    "been said",
    "anything said",
    "anyone said",
)
FILLER = (
    FILLER
    | DOMAIN_WORDS
    | DEPUTY_WORDS
    | {
        "both",
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
OVERVIEW_WORDS = OVERVIEW_WORDS | {"schedule"}
