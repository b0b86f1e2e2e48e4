"""Reading dates the way UK council staff write them: "since last Monday", "next two weeks", "25/11/26".

Dates are read day-first only (25/11/2026 is 25 November; 11/25/2026 is refused, not guessed). A
date without a year is the most recent one when looking back ("since 1 March") and the next one
when looking ahead ("due in January"). Everything is in local calendar dates; the store turns them
into UTC moments in the configured time zone.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from datetime import date, timedelta

from programme.text import uk_date

from .holidays import NAMED_DAY, _before_last, _christmas, _easter, _named_day, _ordinal_day, easter_sunday  # noqa: F401 - easter_sunday is dates.easter_sunday too
from .one_date import (  # noqa: F401 - the words and one-date reader, used as dates.* too
    _M,
    _N,
    _ORD,
    _PREP_BEFORE_MONTH,
    _W,
    DATE,
    MONTHS,
    NUMBERS,
    DateError,
    _real,
    _year_for,
    parse_date,
)
from .query import DateRange


@dataclass(frozen=True)
class Found:
    range: DateRange | None
    rest: str  # the text with the date words taken out
    error: str = ""


def find(text: str, today: date, prefer: str = "near") -> Found:
    """The first date phrase in `text` (already cleaned), as a range; `prefer` is past/future/near."""
    for pattern, handler in _RULES:
        m = pattern.search(text)
        if not m:
            continue
        try:
            rng = handler(m, today, prefer)
        except DateError as e:
            return Found(None, _cut(text, m), str(e))
        if rng is not None and rng.since_digest:  # "on the 17th after the digest": that day, from the digest on
            day = find(_cut(text, m), today, "past")
            if day.range is not None and day.range.start is not None and day.range.start == day.range.end:
                label = f"{day.range.label}, after the last digest"
                return Found(replace(day.range, label=label, since_digest=True), day.rest)
        if rng is not None:
            return Found(rng, _cut(text, m))
    return Found(None, text)


def _cut(text: str, m: re.Match[str]) -> str:
    return " ".join((text[: m.start()] + " " + text[m.end() :]).split())


# --- ranges -------------------------------------------------------------------------------


def _month_end(d: date) -> date:
    return d.replace(day=calendar.monthrange(d.year, d.month)[1])


def _since(m: re.Match[str], today: date, prefer: str) -> DateRange:
    expr = m["d"]
    start = parse_date(expr, today, "past")
    return DateRange(start, today, f"since {_say(start)}")


def _until(m: re.Match[str], today: date, prefer: str) -> DateRange:
    end = parse_date(m["d"], today, "future")
    if m["end"] and re.fullmatch(rf"(?:{_M})(?:\s+\d{{4}})?", m["d"]):
        end = _month_end(end)
    return DateRange(None, end, f"by {_say(end)}")


def _end_of(m: re.Match[str], today: date, prefer: str) -> DateRange:
    unit = m["u"]
    if unit == "week":
        end = today + timedelta(days=6 - today.weekday())
    elif unit == "month":
        end = _month_end(today)
    else:
        end = date(today.year, 12, 31)
    return DateRange(None, end, f"by {_say(end)}")


def _between(m: re.Match[str], today: date, prefer: str) -> DateRange:
    a, b = parse_date(m["a"], today, prefer), parse_date(m["b"], today, prefer)
    if b < a:
        a, b = b, a
    return DateRange(a, b, f"from {_say(a)} to {_say(b)}")


def _between_days(m: re.Match[str], today: date, prefer: str) -> DateRange:
    month = MONTHS[m["m"]]
    year = int(m["y"]) if m["y"] else _year_for(month, int(m["a"]), today, prefer)
    a, b = _real(year, month, int(m["a"]), m[0]), _real(year, month, int(m["b"]), m[0])
    return DateRange(min(a, b), max(a, b), f"from {_say(min(a, b))} to {_say(max(a, b))}")


def _count(word: str | None) -> int:
    if not word:
        return 1
    return int(word) if word.isdigit() else NUMBERS[word]


def _days(unit: str, n: int) -> int:
    return n * {"day": 1, "week": 7, "fortnight": 14, "month": 30}[unit.rstrip("s")]


def _next_n(m: re.Match[str], today: date, prefer: str) -> DateRange:
    n = _count(m["n"])
    end = today + timedelta(days=_days(m["u"], n))
    return DateRange(today, end, f"in the next {_span_words(m['u'], n)} ({_say(today)} to {_say(end)})")


def _last_n(m: re.Match[str], today: date, prefer: str) -> DateRange:
    n = _count(m["n"])
    start = today - timedelta(days=_days(m["u"], n))
    return DateRange(start, today, f"in the last {_span_words(m['u'], n)} (since {_say(start)})", rolling=True)


def _span_words(unit: str, n: int) -> str:
    unit = unit.rstrip("s")
    return f"{n} {unit}s" if n != 1 else unit


def _period(m: re.Match[str], today: date, prefer: str) -> DateRange:
    which, unit = m["w"], m["u"]
    step = {"this": 0, "current": 0, "next": 1, "last": -1, "previous": -1, "coming": 1}[which]
    if unit == "fortnight":
        if step < 0:
            start = today - timedelta(days=14)
            return DateRange(start, today, f"in the last fortnight (since {_say(start)})", rolling=True)
        end = today + timedelta(days=14)
        return DateRange(today, end, f"in the next fortnight ({_say(today)} to {_say(end)})")
    if unit == "week":
        start = today - timedelta(days=today.weekday()) + timedelta(weeks=step)
        return DateRange(start, start + timedelta(days=6), f"{_which(which)} week (from {_say(start)})")
    if unit == "month":
        first = today.replace(day=1)
        for _ in range(abs(step)):
            first = (
                (first + timedelta(days=32)).replace(day=1) if step > 0 else (first - timedelta(days=1)).replace(day=1)
            )
        return DateRange(first, _month_end(first), f"in {first:%B %Y}")
    start = date(today.year + step, 1, 1)
    return DateRange(start, date(start.year, 12, 31), f"in {start.year}")


def _which(word: str) -> str:
    return {"current": "this", "coming": "next", "previous": "last"}.get(word, word)


def _in_month(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'in september': a month without a year is its latest occurrence (this month or before) unless the question
    looks ahead ("due in march", "ending in june": `prefer` future)."""
    d = parse_date(m["d"], today, prefer if prefer != "near" else "past")
    return DateRange(d, _month_end(d), f"in {d:%B %Y}")


def _one_day(m: re.Match[str], today: date, prefer: str) -> DateRange:
    d = parse_date(m["d"], today, prefer)
    return DateRange(d, d, f"on {_say(d)}")


def _digest(m: re.Match[str], today: date, prefer: str) -> DateRange:
    return DateRange(None, today, "since the last digest", since_digest=True)


_FULL_MONTHS = "january|february|march|april|june|july|august|september|october|november|december"


def _rolling(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'in the last week', 'the past fortnight': a rolling window ending now (not the calendar week)."""
    days = _days(m["u"], 1)
    start = today - timedelta(days=days)
    return DateRange(start, today, f"in the last {m['u']} (rolling: since {_say(start)})", rolling=True)


def _the_next(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'in the next month', 'over the coming week': the month (week) from today, as "in the next two weeks" is the
    fortnight from today; "next month" without "the" is the calendar month."""
    if m["u"] == "week":
        end = today + timedelta(days=7)
    else:
        year, month = (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
        end = date(year, month, min(today.day, calendar.monthrange(year, month)[1]))
    return DateRange(today, end, f"in the next {m['u']} ({_say(today)} to {_say(end)})")


def _n_either_way(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'in 3 weeks': the next three weeks when looking ahead ("due in 3 weeks"), else the last three ("nothing in
    3 weeks", "not updated in 3 weeks")."""
    return _next_n(m, today, prefer) if prefer == "future" else _last_n(m, today, prefer)


def _this_part_of_day(m: re.Match[str], today: date, prefer: str) -> DateRange:
    return DateRange(today, today, f"{m[0].strip()} ({_say(today)})")


def _months(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'november and december', 'from december to january': the first day of one to the last of the other."""
    a = parse_date(m["a"], today, prefer if prefer != "near" else "past")
    b = parse_date(m["b"] + (f" {m['y']}" if m["y"] else ""), today, prefer if prefer != "near" else "past")
    if m["y"] and a > b:
        a = a.replace(year=b.year if a.month <= b.month else b.year - 1)
    if b < a:
        b = b.replace(year=a.year + 1)
    return DateRange(a, _month_end(b), f"from {_say(a)} to {_say(_month_end(b))}")


def _day_span(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'21 dec 3 jan' (a dash taken out by cleaning): from one day to the other."""
    a, b = parse_date(m["a"], today, "past"), parse_date(m["b"], today, "past")
    if b < a:
        a = a.replace(year=a.year - 1) if a > today else a
        b = b if b >= a else b.replace(year=b.year + 1)
    return DateRange(a, b, f"from {_say(a)} to {_say(b)}")


def _edge_of_month(m: re.Match[str], today: date, prefer: str) -> DateRange:
    first = parse_date(m["d"], today, "past")
    d = first if m["e"] in ("start", "beginning") else _month_end(first)
    return DateRange(d, d, f"at the {m['e']} of {d:%B %Y}")


def _ago(m: re.Match[str], today: date, prefer: str) -> DateRange:
    n = _count(m["n"])
    d = today - timedelta(days=_days(m["u"], n))
    return DateRange(d, d, f"{'a ' if n == 1 else ''}{_span_words(m['u'], n)} ago ({_say(d)})")


def _year(m: re.Match[str], today: date, prefer: str) -> DateRange:
    y = int(m["y"])
    if m["w"] == "before":  # "started before 2026": up to the end of 2025, not during 2026
        return DateRange(None, date(y - 1, 12, 31), f"before {y}")
    if m["w"] == "after":
        return DateRange(date(y + 1, 1, 1), None, f"after {y}")
    return DateRange(date(y, 1, 1), date(y, 12, 31), f"in {y}")


def _rest_of(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'the rest of the month', 'rest of december': from today to the end of it (all of a month still to come)."""
    if m["u"] == "week":
        end = today + timedelta(days=6 - today.weekday())
    elif m["u"] == "year":
        end = date(today.year, 12, 31)
    elif m["u"] == "month":
        end = _month_end(today)
    else:
        first = parse_date(m["u"], today, "future")
        end = _month_end(first)
        if first > today:
            return DateRange(first, end, f"in {first:%B %Y}")
    return DateRange(today, end, f"from today to {_say(end)}")


def _cycle(m: re.Match[str], today: date, prefer: str) -> DateRange:
    """'this cycle', 'the last cycle', 'the previous round': an update cycle, whose dates the store knows."""
    back = m["w"] in ("last", "previous", "prior")
    return DateRange(None, today, "in the last cycle" if back else "this cycle", cycle=-1 if back else 0)


def _say(d: date) -> str:
    return f"{d:%A} {uk_date(d)}"


_R = re.compile
_RULES = [
    (_R(r"\b(?:in\s+|during\s+|over\s+|for\s+)?(?:the\s+)?(?P<u>week|month)\s+before\s+last\b"), _before_last),
    (
        _R(
            r"\b(?:in\s+|during\s+|for\s+)?(?:the\s+)?(?P<w>last|previous|prior|this|current)\s+(?:update\s+)?(?:cycle|round)\b"
        ),
        _cycle,
    ),
    (
        _R(
            rf"\b(?:for\s+|in\s+|over\s+|during\s+)?(?:the\s+)?rest\s+of\s+(?:the\s+|this\s+)?(?P<u>week|month|year|{_FULL_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\b"
        ),
        _rest_of,
    ),
    (
        _R(
            r"\b(?:since|from|after)\s+(?:the\s+)?(?:last|latest|previous|most recent)?\s*"
            r"(?:(?:mon|tues|wednes|thurs|fri|satur|sun)days?\s+)?(?:dlg\s+)?digest\b"  # "since friday's digest"
        ),
        _digest,
    ),
    (
        _R(
            rf"\bbetween\s+(?:the\s+)?(?P<a>\d{{1,2}}){_ORD}\s+and\s+(?:the\s+)?(?P<b>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m>{_M})(?:\s+(?P<y>\d{{4}}))?\b"
        ),
        _between_days,
    ),
    (
        _R(
            rf"\b(?:from\s+|in\s+|for\s+|during\s+|between\s+)?(?P<a>{_FULL_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\s+(?:and|to|through|or|until|till)\s+(?P<b>{_FULL_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)(?:\s+(?P<y>\d{{4}}))?\b"
        ),
        _months,
    ),
    (_R(rf"\b(?:between|from)\s+(?P<a>{DATE})\s+(?:and|to|until|till)\s+(?P<b>{DATE})\b"), _between),
    (_R(rf"\b(?:since|from|after)\s+(?P<d>{DATE})\b"), _since),
    (
        _R(r"\b(?:by|before|until|till|up to)\s+(?:the\s+)?end\s+of\s+(?:the\s+|this\s+)?(?P<u>week|month|year)\b"),
        _end_of,
    ),
    (_R(rf"\b(?:by|before|until|till|up to)\s+(?P<end>(?:the\s+)?end\s+of\s+)?(?P<d>{DATE})\b"), _until),
    (
        _R(
            r"\b(?:(?P<now>(?:between\s+)?(?:now|today)\s+(?:and|to|until|till)\s+)"
            rf"|(?P<w>on|since|after|from|before|by|until|till|over|during)\s+)?(?:the\s+)?{NAMED_DAY}\b"
        ),
        _named_day,
    ),
    (
        _R(
            r"\b(?P<w>since|after|before|over|during|at)\s+(?:before\s+)?(?:the\s+)?(?:christmas|xmas)(?:\s+(?:break|cycle|holidays?))?\b"
        ),
        _christmas,
    ),
    (
        _R(
            r"(?<!cycle )(?<!week )(?<!month )(?<!round )"
            r"\b(?P<w>since|after|before|over|during|at)\s+(?:the\s+)?easter(?:\s+(?:sunday|monday|weekend|break|holidays?))?\b"
        ),
        _easter,
    ),
    (_R(rf"\b(?:the\s+)?(?P<e>start|beginning|end)\s+of\s+(?P<d>(?:{_M})(?:\s+\d{{4}})?)\b"), _edge_of_month),
    (_R(rf"\b(?P<n>{_N})\s+(?P<u>days?|weeks?|months?|fortnights?)\s+ago\b"), _ago),
    (
        _R(
            rf"\b(?P<a>\d{{1,2}}{_ORD}\s+(?:{_M}))\s+(?:to\s+|until\s+|till\s+|and\s+)?(?P<b>\d{{1,2}}{_ORD}\s+(?:{_M}))\b"
        ),
        _day_span,
    ),
    (
        _R(r"\b(?:in\s+|over\s+|during\s+|within\s+)?(?:the\s+(?:last|past)|past)\s+(?P<u>week|fortnight|month)\b"),
        _rolling,
    ),
    (
        _R(
            rf"\b(?:in|for|over|within)\s+(?:over\s+|more\s+than\s+)?(?P<n>{_N})\s+(?P<u>days?|weeks?|months?|fortnights?)\b"
        ),
        _n_either_way,
    ),
    (_R(r"\b(?:this\s+morning|this\s+afternoon|this\s+evening|so\s+far\s+today)\b"), _this_part_of_day),
    (_R(r"\b(?:in|over|within|during)\s+the\s+(?:next|coming)\s+(?P<u>week|month)\b"), _the_next),
    (_R(r"\b(?P<w>this|current|next|last|previous|coming)\s+(?P<u>week|month|year|fortnight)\b"), _period),
    (
        _R(
            rf"\b(?:in\s+|over\s+|during\s+|within\s+)?(?:the\s+)?(?:next|coming|following)\s+(?P<n>{_N})?\s*(?P<u>days?|weeks?|months?|fortnight)\b"
        ),
        _next_n,
    ),
    (
        _R(
            rf"\b(?:in\s+|over\s+|during\s+)?(?:the\s+)?(?:last|past|previous)\s+(?P<n>{_N})\s*(?P<u>days?|weeks?|months?|fortnights?)\b"
        ),
        _last_n,
    ),
    (
        _R(
            rf"\b(?:on\s+)?(?P<d>today|yesterday|tomorrow|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}(?:/\d{{2,4}})?|\d{{1,2}}[.\-]\d{{1,2}}[.\-]\d{{2,4}}|\d{{1,2}}{_ORD}(?:\s+of)?\s+(?:{_M})(?:\s+\d{{4}})?|(?:{_M})\s+\d{{1,2}}{_ORD}(?:\s+\d{{4}})?)\b"
        ),
        _one_day,
    ),
    (_R(rf"\b{_PREP_BEFORE_MONTH}\s+(?P<d>(?:{_M})(?:\s+\d{{4}})?)\b"), _in_month),
    (_R(rf"\b(?P<d>(?:{_M})\s+\d{{4}})\b"), _in_month),
    (_R(rf"\bon\s+(?P<d>(?:last\s+|this\s+|next\s+)?(?:{_W}))\b"), _one_day),
    (
        _R(
            rf"\b(?P<p>on|since|from|after|by|before|until|till)\s+the\s+(?P<n>[1-9]|[12]\d|3[01])(?P<o>st|nd|rd|th)\b"
            rf"(?!\s+(?:of\s+)?(?:{_M})\b)(?=\s*(?:$|[?.!,;]|please\b|pls\b|thanks\b|ta\b|cheers\b|and\b|or\b))"
        ),
        _ordinal_day,
    ),
    (_R(rf"\b(?P<d>{_FULL_MONTHS})\b"), _in_month),
    (_R(r"\b(?P<w>in|during|for|since|from|before|after|past|by)\s+(?P<y>20\d\d)\b"), _year),
]
