"""Feasts that move: Easter Sunday of any year, and "since / over / before Easter" as a window."""

from __future__ import annotations

import re
from datetime import date, timedelta

from programme.text import uk_date

from .query import DateRange


def _say(d: date) -> str:
    return f"{d:%A} {uk_date(d)}"


def easter_sunday(year: int) -> date:
    """Easter Sunday of `year` (the Gregorian computus, "anonymous" algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _easter(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'since easter', 'over the easter weekend', 'before easter': around the most recent Easter Sunday."""
    sunday = easter_sunday(today.year)
    if sunday > today:
        sunday = easter_sunday(today.year - 1)
    friday, monday = sunday - timedelta(days=2), sunday + timedelta(days=1)
    if m["w"] in ("since", "after"):
        return DateRange(sunday, today, f"since Easter ({_say(sunday)})")
    if m["w"] in ("over", "during", "at"):
        return DateRange(friday, monday, f"over Easter {sunday.year} ({_say(friday)} to {_say(monday)})")
    return DateRange(None, friday - timedelta(days=1), f"before Easter ({_say(friday)})")
