"""A project's status as it may be shown anywhere in Teams: the public staff view, always.

A card put into a chat by the message extension or by a pasted dashboard link is read by whoever is in
that chat now or joins later — a chat between two people can become a group chat, a shared channel can
hold people from other organisations. So these cards never depend on who asked: they carry project
facts and RAG (open to all staff), never risks, never who has or has not updated. The store reads only
the columns named here, so nothing else can reach a card by mistake.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from .terms import rag_word

RAG_SHAPES = {"green": "●", "amber": "▲", "red": "■", None: "○"}  # a shape as well as a colour


@dataclass(frozen=True)
class NextMilestone:
    title: str
    due_date: date | None


@dataclass(frozen=True)
class ProjectStatus:
    """What a status card shows about one project."""

    ref: str
    name: str
    status: str = "active"  # active / paused / closed / retired
    area: str = ""
    leads: tuple[str, ...] = ()
    rag: str | None = None
    progress: int | None = None
    summary: str = ""
    updated_at: datetime | None = None  # when the latest update was submitted (no name: who reported is not shown)
    next_milestone: NextMilestone | None = None

    @property
    def rag_label(self) -> str:
        """RAG as a shape and a word, never colour alone: '▲ Amber'."""
        return f"{RAG_SHAPES.get(self.rag, '○')} {rag_word(self.rag)}"

    @property
    def label(self) -> str:
        return f"{self.name} ({self.ref})"


def leads_text(leads: tuple[str, ...]) -> str:
    names = list(leads)
    if not names:
        return "No lead assigned"
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def status_word(status: str) -> str:
    """Only a project that is not running says so: 'Paused', 'Closed', 'Retired'."""
    return "" if status in ("", "active") else status.capitalize()
