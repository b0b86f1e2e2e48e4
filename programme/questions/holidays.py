"""Feasts as windows ("since / over / before Easter", "before Christmas"), Easter Sunday of any year, and a day of
the month named by its number alone ("on the 1st"), and the week or month before last."""

from __future__ import annotations

import calendar
import re
from datetime import date, timedelta

from programme.text import uk_date

from .one_date import DateError
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


def _christmas(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'before christmas', 'since before christmas', 'over christmas': around the most recent 25 December, or the
    coming one when the question looks ahead ('which projects end before christmas', `prefer` future)."""
    if prefer == "future" and m["w"] not in ("since", "after"):
        year = today.year if today <= date(today.year, 12, 24) else today.year + 1
    else:
        year = today.year if today >= date(today.year, 12, 24) else today.year - 1
    eve = date(year, 12, 24)
    if m["w"] in ("since", "after"):
        return DateRange(eve, today, f"since {_say(eve)}")
    if m["w"] in ("over", "during", "at"):
        return DateRange(date(year, 12, 21), date(year + 1, 1, 3), f"over Christmas {year}")
    return DateRange(None, eve, f"before Christmas ({_say(eve)})")


# Days with names: (month, day)
_NAMED_DAYS = {
    "christmas eve": (12, 24),
    "christmas day": (12, 25),
    "xmas day": (12, 25),
    "xmas eve": (12, 24),
    "boxing day": (12, 26),
    "new year eve": (12, 31),
    "new years eve": (12, 31),
    "nye": (12, 31),
    "new year day": (1, 1),
    "new years day": (1, 1),
}


def _named_day(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'on christmas day', "since new year's eve", 'boxing day': the most recent such day (the coming one for a question
    looking ahead), that day alone, or from it with 'since' / 'after', up to it with 'before' / 'by'."""
    month, day = _NAMED_DAYS[" ".join(m["f"].split())]
    d = date(today.year, month, day)
    if m["now"]:  # "between now and christmas eve": from today to the coming one
        d = d if d >= today else date(today.year + 1, month, day)
        return DateRange(today, d, f"from today to {_say(d)}")
    if prefer == "future" and m["w"] not in ("since", "after", "from"):
        d = d if d >= today else date(today.year + 1, month, day)
    elif d > today:
        d = date(today.year - 1, month, day)
    if m["w"] in ("since", "after", "from"):
        return DateRange(d, today, f"since {_say(d)}")
    if m["w"] in ("before", "by", "until", "till"):
        return DateRange(None, d, f"by {_say(d)}")
    return DateRange(d, d, f"on {_say(d)}")


NAMED_DAY = (
    r"(?P<f>christmas\s+eve|christmas\s+day|xmas\s+day|xmas\s+eve|boxing\s+day"
    r"|new\s+years?\s+eve|new\s+years?\s+day|nye)"
)


def _ordinal_day(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'on the 1st', 'since the 14th', 'by the 30th': a day of this month, or of the month before when that day
    is still to come (the month after, for a question looking ahead that names a day already gone)."""
    n, word = int(m["n"]), m["p"]
    ahead = word in ("by", "before", "until", "till") or prefer == "future"
    year, month = today.year, today.month
    if ahead and n < today.day:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    elif not ahead and n > today.day:
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    if n > calendar.monthrange(year, month)[1]:
        raise DateError(f"there is no {m['n']}{m['o']} in {date(year, month, 1):%B %Y}")
    d = date(year, month, n)
    if word in ("since", "from", "after"):
        return DateRange(d, today, f"since {_say(d)}")
    if word != "on":
        return DateRange(None, d, f"by {_say(d)}")
    return DateRange(d, d, f"on {_say(d)}")


def _before_last(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'the week before last': the calendar week before last week; 'the month before last', likewise."""
    if m["u"] == "week":
        start = today - timedelta(days=today.weekday() + 14)
        return DateRange(start, start + timedelta(days=6), f"the week before last (from {_say(start)})")
    first = (today.replace(day=1) - timedelta(days=1)).replace(day=1)
    first = (first - timedelta(days=1)).replace(day=1)
    last = date(first.year, first.month, calendar.monthrange(first.year, first.month)[1])
    return DateRange(first, last, f"in {first:%B %Y}")
