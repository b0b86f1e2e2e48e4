"""Dates as people here write them (25 November 2026), in the programme's time zone; RAG as words."""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from programme.terms import rag_word

from .html import Markup, tag

RAG_CLASSES = {"green": "green", "amber": "amber", "red": "red"}


def uk_date(d: date | datetime | None, tz: str = "Europe/London") -> str:
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.astimezone(ZoneInfo(tz)).date()
    return f"{d.day} {d:%B %Y}"


def uk_datetime(moment: datetime | None, tz: str = "Europe/London") -> str:
    if moment is None:
        return ""
    local = moment.astimezone(ZoneInfo(tz))
    return f"{local.day} {local:%B %Y}, {local:%H:%M}"


def iso(d: date | datetime | None) -> str:
    return d.isoformat() if d else ""


def rag_class(rag: str | None) -> str:
    return RAG_CLASSES.get(rag or "", "none")


@lru_cache(maxsize=16)
def rag_badge(rag: str | None) -> Markup:
    """The RAG as a word with a shape (circle, triangle, square) in its colour: never colour alone."""
    return tag("span", rag_word(rag), class_=f"rag rag-{rag_class(rag)}")


def plural(n: int, word: str, many: str | None = None) -> str:
    return f"{n} {word if n == 1 else (many or word + 's')}"
