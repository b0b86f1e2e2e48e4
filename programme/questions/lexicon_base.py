"""The words the parser knows, grouped by what they tell it (first part: function words, who, how, what changed,
milestones, lists, search, help). `lexicon` is the one name to import them by."""

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
deputising whose pm pms""".split()
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
# "when is X due to close": the project's end date
CLOSE_PHRASES = tuple(
    "due to close|closing date|close date|closure date|wrap up|wraps up|wrapping up|due to end|due to finish".split("|")
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
    "summary": frozenset("latest news summary happening update gist lowdown rundown".split()),
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
    "description": (
        "what is it about",
        "what does it do",
        "tell me what",
        "for what",
        "meant to do",
        "supposed to do",
        "meant to be for",
        "supposed to be for",
    ),
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
    "progress": ("how far", "far along", "per cent", "how much progress", "% complete", "how much of")
    + tuple(f"{a} {b}" for a in ("nearly", "almost", "close to") for b in ("done", "finished", "complete", "there")),
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
        "what time",  # "what time was the telecare one?": its last update's time of day
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
    "never sent",
    "never updated",
    "never given an update",
    "never put in an update",
    "never done an update",
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
    "overdue with",
    "late submitting",
    "late in submitting",
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
    # "where does Wychford come up", "has BDUK cropped up anywhere": where the updates say it
    "come up",
    "comes up",
    "came up",
    "crop up",
    "crops up",
    "cropped up",
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
        "come",
        "comes",
        "came",
        "crop",
        "crops",
        "cropped",
        "up",
        "where",
        "anywhere",
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

# "Red in every update", "green the whole time": a colour held in every update, not only today's.
ALWAYS_PHRASES = (
    "every update",
    "every cycle",
    "all along",
    "each update",
    "every single update",
    "always been",
    "in every",
    "whole time",
    "entire time",
    "all the time",
    "every time",
    "consistently",
    "the whole way through",
)
