"""The programme's own words: RAG ratings, project statuses, roles, milestone states."""

from __future__ import annotations

RAGS = ("green", "amber", "red")
RAG_WORDS = {"green": "Green", "amber": "Amber", "red": "Red", None: "Not reported"}
PROJECT_ROLES = ("lead", "deputy")
STAFF_ROLES = ("admin", "dlg")
MILESTONE_STATUSES = ("not started", "in progress", "done")


def rag_word(rag: str | None) -> str:
    """RAG is always written as a word, never shown by colour alone."""
    return RAG_WORDS.get(rag, "Not reported")


def normalise_rag(value: str) -> str | None:
    v = (value or "").strip().lower()
    aliases = {"g": "green", "a": "amber", "r": "red", "yellow": "amber", "orange": "amber"}
    v = aliases.get(v, v)
    return v if v in RAGS else None
