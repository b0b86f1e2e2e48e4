"""The plain facts a digest is composed from, and the small words every part of it shares.

The store gathers these (store/digest_repo.py); `programme.digest.compose` turns them into the digest.
Kept apart from the rules so the sections (programme/digest_glance.py, programme/digest_moves.py) and
the composer read the same facts and write dates, names and cut text the same way.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from programme.access import Viewer
from programme.digest_agenda import AskFacts, DecidedFacts

DUE_SOON_DAYS = 28
REASON_LIMIT = 400
NO_AREA = "No priority area"
RAG_KEYS = ("red", "amber", "green", "none")  # "none": no update yet

# The DLG channel: DLG members read it, but it is a channel, so nothing sensitive is shown there.
DLG_CHANNEL = Viewer(staff_roles=frozenset({"dlg"}), conversation_type="channel")


# ---------------------------------------------------------------------------------------------
# Facts in
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lead:
    person_id: int
    name: str
    away_until: date | None = None
    unreachable_reason: str = ""


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    ref: str
    name: str
    area: str | None = None
    enablers: tuple[str, ...] = ()
    leads: tuple[Lead, ...] = ()


@dataclass(slots=True)
class UpdateFacts:
    project_id: int
    rag: str
    rag_reason: str = ""
    summary: str = ""
    risks: tuple[Any, ...] = ()
    blockers: str = ""
    asks_of_dlg: str = ""
    submitted_by: str = ""
    late: bool = False
    milestone_changes: tuple[Any, ...] = ()


@dataclass(slots=True)
class MilestoneFacts:
    project_id: int
    title: str
    due_date: date | None
    status: str = "not started"
    completed_on: date | None = None
    original_due_date: date | None = None


@dataclass(slots=True)
class DeliveryFacts:
    """A prompt or reminder sent (or not) to a lead this cycle."""

    project_id: int
    person_id: int
    kind: str  # prompt / reminder
    status: str  # pending / sending / sent / failed / unreachable
    last_error: str = ""


@dataclass
class DigestFacts:
    period_key: str
    as_of: date  # the local day the digest is composed
    since: date  # "what moved" looks at changes after this day (the previous cycle's opening)
    cycle_opens: date
    cycle_due: date
    areas: list[str]
    enablers: list[str]
    projects: list[ProjectFacts]
    current: dict[int, UpdateFacts]  # this cycle's latest version per project
    previous: dict[int, UpdateFacts]  # each project's latest update before this cycle
    trend_periods: list[str] = field(default_factory=list)  # oldest first, ending with this period
    trend: dict[int, dict[str, str]] = field(default_factory=dict)  # project -> period -> rag
    milestones: list[MilestoneFacts] = field(default_factory=list)
    deliveries: list[DeliveryFacts] = field(default_factory=list)
    previous_glance: dict[str, Any] | None = None  # the last digest's "glance", for the change
    previous_period_key: str | None = None
    full_url: str = ""  # the full view (dashboard) of this digest
    sensitive_url: str = ""  # the admins' view of what was left out
    intro: str = ""
    asks: list[AskFacts] | None = None  # undecided asks (records); None: read from this cycle's updates
    decided: list[DecidedFacts] = field(default_factory=list)  # decided since the last posted digest


# ---------------------------------------------------------------------------------------------
# Dates and small words
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def uk_date(d: date | None) -> str:
    """25 November 2026 — how dates are written to people here."""
    return f"{d.day} {d:%B %Y}" if d else ""


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"


def shorten_reason(text: str, limit: int = REASON_LIMIT) -> str:
    """Long text is cut visibly (…); the full view keeps every word."""
    text = (text or "").strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def comparable(text: str) -> str:
    """Text as compared between cycles: a lead retyping a risk with other spacing or case is not news."""
    return re.sub(r"\s+", " ", (text or "").strip().casefold())


def _lead_names(p: ProjectFacts) -> str:
    return ", ".join(lead.name for lead in p.leads if lead.name) or "No lead assigned"


@lru_cache(maxsize=16384)  # a project appears in several sections; callers copy, never change it
def project_heading(p: ProjectFacts) -> dict[str, Any]:
    return {"ref": p.ref, "name": p.name, "area": p.area or NO_AREA, "lead": _lead_names(p)}
