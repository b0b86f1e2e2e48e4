"""Making text that people typed safe to show, and dates the way people here write them.

Leads type free text (summaries, risks, asks) and members type questions; both end up in Adaptive
Cards, whose TextBlocks render a subset of Markdown, and in plain Teams messages, which also render
some HTML. Someone's summary must never become a disguised link, a fake mention or a heading, so
every piece of user-supplied text passes through one of these helpers before it is shown.
"""

from __future__ import annotations

import html
import re
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

# Characters Teams' Markdown gives a meaning to, escaped with a backslash. Escaping the brackets is
# what stops "[text](link)"; parentheses, '#' and '|' do nothing in a card, so they are left readable.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]~])")
# Markers that turn a line into a list, quote or heading when they start it.
_LINE_START = re.compile(r"(?m)^(\s*)([-+>])(?=\s)")
_ORDERED = re.compile(r"(?m)^(\s*\d+)([.)])(?=\s)")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# The escapes are pure, and an answer escapes the same names, refs and sentences again and again (a list
# answer dozens of them, every answer the same projects'): the last ESCAPED texts are kept, escaped.
ESCAPED = 2048  # at most a few MB even if every one were a long sentence


def shorten(text: str, limit: int = 600) -> str:
    """Cards and messages have size limits; a lead's essay is cut, not the answer dropped."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@lru_cache(maxsize=ESCAPED)
def cards_escape(text: str | None, limit: int = 600) -> str:
    """User text for an Adaptive Card TextBlock or Fact: Markdown neutralised, `<` made harmless.

    Cards do not render HTML, but Teams turns `<at>…</at>` into mentions, so angle brackets are
    swapped for look-alike guillemets rather than entity-escaped (entities would show literally).
    """
    text = _CONTROL.sub("", shorten(text or "", limit))
    text = text.replace("<", "‹").replace(">", "›")
    return _line_starts(_MD_SPECIAL.sub(r"\\\1", text))


def _line_starts(text: str) -> str:
    """A line may not start a list, quote or heading: '- x' -> '\\- x', '1. x' -> '1\\. x'."""
    text = _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)
    return _ORDERED.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


@lru_cache(maxsize=ESCAPED)
def text_escape(text: str | None, limit: int = 600) -> str:
    """User text for a plain Teams message (Markdown that also renders some HTML)."""
    text = _CONTROL.sub("", shorten(text or "", limit))
    text = html.escape(text, quote=False)
    return _line_starts(_MD_SPECIAL.sub(r"\\\1", text))


def uk_date(d: date | datetime | None, tz: str | None = None) -> str:
    """25 November 2026 — how dates are written to people (a datetime is shown in `tz`)."""
    if d is None:
        return ""
    if isinstance(d, datetime):
        d = d.astimezone(ZoneInfo(tz)).date() if tz else d.date()
    return f"{d.day} {d:%B %Y}"


def uk_date_short(d: date) -> str:
    """25/11/2026 — the compact form, for tables and cards."""
    return f"{d:%d/%m/%Y}"


def possessive(name: str) -> str:
    """Priya Shah's, James's: UK style adds 's even after a final s."""
    return f"{name}'s" if name else "someone's"
