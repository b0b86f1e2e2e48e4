"""What executing a query found: plain data, already filtered for the person who asked.

The store fills these; `answers.render` turns them into words and cards. Keeping them free of
SQLAlchemy lets the rendering be tested with hand-made results, and keeps sensitive filtering in one
visible step (the store applies `programme.access` while building them; nothing later re-reads rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .query import Query

# Result kinds besides the query intents.
NOT_FOUND = "not_found"
AMBIGUOUS = "ambiguous"
REFUSED = "refused"


@dataclass(frozen=True)
class UpdateInfo:
    """One status update, as this viewer may see it."""

    id: int
    project_id: int
    cycle_key: str
    version: int
    submitted_at: datetime | None  # None when only the RAG and progress were loaded (lists)
    submitted_by: str
    rag: str | None
    progress: int | None
    rag_reason: str = ""
    summary: str = ""
    achievements: str = ""
    next_steps: str = ""
    blockers: str = ""
    asks: str = ""
    risks: tuple[str, ...] = ()  # texts of the risks this viewer may read
    withheld_risks: int = 0  # sensitive risks held back from this viewer


@dataclass(frozen=True)
class MilestoneInfo:
    project_id: int
    title: str
    due_date: date | None
    status: str
    completed_on: date | None = None


@dataclass(frozen=True)
class ProjectInfo:
    id: int
    ref: str
    name: str
    status: str = "active"
    description: str = ""
    area: str = ""
    enablers: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    deputies: tuple[str, ...] = ()
    latest: UpdateInfo | None = None
    start_date: date | None = None
    end_date: date | None = None

    @property
    def rag(self) -> str | None:
        return self.latest.rag if self.latest else None

    @property
    def label(self) -> str:
        return f"{self.name} ({self.ref})"


@dataclass(frozen=True)
class Change:
    """How a project moved over a period: from its last update before to its last update within."""

    project: ProjectInfo
    before: UpdateInfo | None
    after: UpdateInfo

    @property
    def new(self) -> bool:
        return self.before is None


@dataclass(frozen=True)
class CarriedAsk:
    """An ask of the DLG a project raised in an earlier update and nobody has decided yet: it stays on the
    agenda (programme/asks.py) though the latest update's box need not repeat it."""

    project_id: int
    text: str
    raised_on: date | None
    status: str = "open"  # open / deferred
    deferred_until: date | None = None


@dataclass(frozen=True)
class SearchHit:
    project: ProjectInfo
    update: UpdateInfo
    rank: float
    snippet: str


@dataclass
class Result:
    query: Query
    kind: str  # the query's intent, or not_found / ambiguous / refused / unknown / help
    projects: list[ProjectInfo] = field(default_factory=list)
    people: list[str] = field(default_factory=list)
    deputy_projects: list[ProjectInfo] = field(default_factory=list)
    milestones: list[MilestoneInfo] = field(default_factory=list)
    history: list[UpdateInfo] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    unchanged_count: int = 0  # projects that updated with no change in RAG or progress
    hits: list[SearchHit] = field(default_factory=list)
    count: int | None = None
    since: datetime | None = None  # the moment changes are counted from
    cycle_key: str = ""
    withheld: int = 0  # sensitive items this viewer may not see, counted
    message: str = ""  # a refusal or a not-found, said plainly
    total: int | None = None  # how many there were before a list was cut short (lists stop at a cap)
    today: date | None = None  # the local date the answer was given on (for "overdue")
    answer: str | None = None  # "yes" / "no" for a yes-or-no question, when the facts decide it
    until: datetime | None = None  # the end of the window counted (exclusive)
    groups: list[tuple[str | None, int]] = field(default_factory=list)  # ranking by area or person: (name, count);
    # a RAG breakdown: (rag, count), None for not reported
    updates_count: int | None = None  # updates (not projects) in a window
    carried_asks: list[CarriedAsk] = field(default_factory=list)  # asks of the DLG still open from earlier cycles
    earlier: bool = False  # the sentence quoted (`message`) is from an earlier update than the latest
    quoted: UpdateInfo | None = None  # the update `message` quotes, when the answer says which (its day)
    checked: list[ProjectInfo] = field(default_factory=list)  # "are any of them red?" finding none: those looked at
