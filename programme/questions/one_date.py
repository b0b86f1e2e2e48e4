"""One date as UK council staff write it ("25/11/26", "1 March", "last Monday", "the start of the month"), and the
words and patterns the date reader is built from. Dates are read day-first only; a date without a year is the
most recent one when looking back and the next one when looking ahead (`prefer`). Ranges are in dates.py.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

MONTHS = {
    "january": 1,
    "jan": 1,
    "february": 2,
    "feb": 2,
    "march": 3,
    "mar": 3,
    "april": 4,
    "apr": 4,
    "may": 5,
    "june": 6,
    "jun": 6,
    "july": 7,
    "jul": 7,
    "august": 8,
    "aug": 8,
    "september": 9,
    "sept": 9,
    "sep": 9,
    "october": 10,
    "oct": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tues": 1,
    "tue": 1,
    "wednesday": 2,
    "weds": 2,
    "thursday": 3,
    "thurs": 3,
    "thu": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sunday": 6,
}
NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "couple of": 2,
    "a couple of": 2,
    "few": 3,
    "a few": 3,
}

_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_W = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_N = r"\d{1,2}|" + "|".join(sorted(NUMBERS, key=len, reverse=True))
_ORD = r"(?:st|nd|rd|th)?"
_PREP_BEFORE_MONTH = r"(?:in|since|from|during|by|until|till|before|after|of|for|through)"
DATE = (
    rf"(?:\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}[.\-]\d{{1,2}}[.\-]\d{{2,4}}"
    rf"|(?:the\s+)?\d{{1,2}}{_ORD}(?:\s+of)?\s+(?:{_M})(?:\s+\d{{4}})?"
    rf"|(?:{_M})\s+\d{{1,2}}{_ORD}(?:\s+\d{{4}})?"
    rf"|(?:last|this|next)\s+(?:{_W})|(?:{_W})"
    rf"|(?:{_M})(?:\s+\d{{4}})?"
    rf"|today|yesterday|tomorrow"
    rf"|(?:the\s+)?(?:start|beginning)\s+of\s+(?:the\s+|this\s+)?(?:week|month|year)"
    rf"|(?:the\s+)?(?:last|this|previous)\s+(?:week|month|year))"
)


class DateError(ValueError):
    """A date we could read as a date but not as a real one (31/02, or month-first 11/25)."""


# --- one date ------------------------------------------------------------------------------


def parse_date(s: str, today: date, prefer: str) -> date:
    """One date expression (matched by DATE) as a calendar date."""
    s = re.sub(r"^(the|on)\s+", "", s.strip())
    for form in (_iso, _numeric, _day_month, _month_day, _weekday, _relative_day, _start_of, _month_only):
        d = form(s, today, prefer)
        if d is not None:
            return d
    raise DateError(f"I couldn't read “{s}” as a date")


def _real(y: int, m: int, d: int, shown: str) -> date:
    try:
        return date(y, m, d)
    except ValueError:
        if 1 <= d <= 12 and m > 12:
            raise DateError(f"“{shown}” looks month-first; please write dates day first, like 25/11/2026") from None
        raise DateError(f"“{shown}” is not a real date") from None


def _year_for(month: int, day: int, today: date, prefer: str) -> int:
    """The year a date without one most likely means."""
    this = today.year
    try:
        candidate = date(this, month, day)
    except ValueError:
        return this
    if prefer == "past" and candidate > today:
        return this - 1
    if prefer == "future" and candidate < today.replace(day=1):
        return this + 1
    return this


def _full_year(y: str) -> int:
    n = int(y)
    return n + 2000 if n < 100 else n


def _iso(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})", s)
    return _real(int(m[1]), int(m[2]), int(m[3]), s) if m else None


def _numeric(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/(\d{2,4}))?", s) or re.fullmatch(
        r"(\d{1,2})[.\-](\d{1,2})[.\-](\d{2,4})", s
    )
    if not m:
        return None
    day, month = int(m[1]), int(m[2])
    year = _full_year(m[3]) if m[3] else _year_for(month, day if month <= 12 else 1, today, prefer)
    return _real(year, month, day, s)


def _day_month(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(rf"(\d{{1,2}}){_ORD}(?:\s+of)?\s+({_M})(?:\s+(\d{{4}}))?", s)
    return _named_month(m, 1, 2, s, today, prefer)


def _month_day(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(rf"({_M})\s+(\d{{1,2}}){_ORD}(?:\s+(\d{{4}}))?", s)
    return _named_month(m, 2, 1, s, today, prefer)


def _named_month(m: re.Match[str] | None, day_at: int, month_at: int, s: str, today: date, prefer: str) -> date | None:
    """A day and a month named in words (groups `day_at`, `month_at`), with the year in group 3 or the nearest."""
    if not m:
        return None
    day, month = int(m[day_at]), MONTHS[m[month_at]]
    year = int(m[3]) if m[3] else _year_for(month, day, today, prefer)
    return _real(year, month, day, s)


def _weekday(s: str, today: date, prefer: str) -> date | None:
    """'last Monday' is the most recent Monday before today; 'Monday' alone, the latest on or before."""
    m = re.fullmatch(rf"(?:(last|this|next)\s+)?({_W})", s)
    if not m:
        return None
    wd = WEEKDAYS[m[2]]
    back = (today.weekday() - wd) % 7
    if m[1] == "last":
        return today - timedelta(days=back or 7)
    if m[1] == "this":
        return today - timedelta(days=today.weekday() - wd)
    if m[1] == "next" or prefer == "future":
        return today + timedelta(days=((wd - today.weekday()) % 7) or 7)
    return today - timedelta(days=back)


def _relative_day(s: str, today: date, prefer: str) -> date | None:
    return {"today": today, "yesterday": today - timedelta(days=1), "tomorrow": today + timedelta(days=1)}.get(s)


def _start_of(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(r"(?:(start|beginning)\s+of\s+(?:the\s+|this\s+)?|(last|this|previous)\s+)(week|month|year)", s)
    if not m:
        return None
    unit, back = m[3], m[2] in ("last", "previous")
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return monday - timedelta(weeks=1) if back else monday
    if unit == "month":
        first = today.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1) if back else first
    return date(today.year - 1 if back else today.year, 1, 1)


def _month_only(s: str, today: date, prefer: str) -> date | None:
    m = re.fullmatch(rf"({_M})(?:\s+(\d{{4}}))?", s)
    if not m:
        return None
    month = MONTHS[m[1]]
    return date(int(m[2]) if m[2] else _year_for(month, 1, today, prefer), month, 1)
