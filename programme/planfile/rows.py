"""What one plan file brings once it has parsed cleanly: projects, milestones and update history."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from ..updates import WRITTEN_FIELDS, Risk  # a history row is an update from before the bot

PLAN_COLUMNS = (
    "ref",
    "name",
    "priority_area",
    "enablers",
    "description",
    "lead_name",
    "lead_email",
    "deputy_email",
    "start_date",
    "end_date",
    "aliases",
)
MILESTONE_COLUMNS = ("project_ref", "title", "due_date", "status")
HISTORY_COLUMNS = ("project_ref", "submitted_at", "submitted_by_email", "rag", *WRITTEN_FIELDS)
HISTORY_REQUIRED = ("project_ref", "submitted_at", "rag")
OPTIONAL_PLAN_KEYS = ("source_note", "milestones")  # YAML only adds these; tables may carry source_note
SENSITIVE_PREFIX = "[sensitive]"

# Longest values the database keeps (see store/models/); longer ones are refused, not cut.
MAX_LEN = {"ref": 64, "name": 300, "alias": 300, "title": 300, "email": 320, "person_name": 200}

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is "read" while parsing and "apply" while writing."""


@dataclass
class Ticker:
    """Counts the rows done and tells `progress`, if there is one, after each: reading and applying a plan both
    report row by row under their own stage name."""

    progress: Progress | None
    total: int
    stage: str  # "read" or "apply"
    done: int = 0

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress(self.stage, self.done, self.total)


@dataclass(frozen=True)
class Contact:
    email: str  # lower-cased: people are matched by email
    name: str = ""  # empty: keep whatever name the person already has


@dataclass(frozen=True)
class ProjectRow:
    row: int
    ref: str
    name: str
    priority_area: str | None  # framework key
    enablers: tuple[str, ...]  # framework keys
    description: str
    leads: tuple[Contact, ...]
    deputies: tuple[Contact, ...]
    start_date: date | None
    end_date: date | None
    aliases: tuple[str, ...]
    source_note: str | None = None  # None: the file says nothing, keep what is stored


@dataclass(frozen=True)
class MilestoneRow:
    row: int
    project_ref: str
    title: str
    due_date: date | None
    status: str
    where: str = ""
    unit: str = "row"


@dataclass(frozen=True)
class HistoryRow:
    row: int
    project_ref: str
    submitted_at: datetime  # UTC
    submitted_by_email: str | None
    rag: str
    progress_pct: int | None
    summary: str
    achievements: str
    next_steps: str
    risks: tuple[Risk, ...]
    blockers: str
    asks_of_dlg: str
    where: str = ""
    unit: str = "row"


@dataclass
class PlanFile:
    """What one import brings. `projects is None` means the file carries no plan (so retires nothing)."""

    projects: list[ProjectRow] | None = None
    milestones: list[MilestoneRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    milestones_with_plan: bool = False  # milestone refs must then be projects of this same file
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def add_project(self, project: ProjectRow) -> None:
        """One more project read; the first makes this file carry a plan."""
        if self.projects is None:
            self.projects = []
        self.projects.append(project)

    @property
    def kinds(self) -> list[str]:
        kinds = ["plan"] if self.projects is not None else []
        return kinds + (["milestones"] if self.milestones else []) + (["history"] if self.history else [])
