"""Working days, and the real (working-day) schedule of an update cycle.

`cycles.py` says which period a moment belongs to and when it would open on paper. People do not
work on bank holidays or on the council's closure days, so here a cycle that would open on one
opens on the next working day, and a due date that falls on one moves to the next working day.
Times are local wall-clock times in the configured zone, so 09:00 stays 09:00 across the change
between GMT and BST (the UTC instant moves instead). No I/O: the `holidays` package is a table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

from .cycles import FREQUENCIES, MONTHS, WEEKDAYS, Cadence, Period, next_period, period_for, period_start

DEFAULT_REGION = "GB-ENG"
REGION_NAMES = {
    "GB-ENG": "England and Wales",
    "GB-WLS": "England and Wales",
    "GB-SCT": "Scotland",
    "GB-NIR": "Northern Ireland",
}


@lru_cache(maxsize=16)
def _bank_holidays(region: str) -> holidays.HolidayBase:
    """Holidays for a region written `CC` or `CC-SUBDIV` (e.g. GB-ENG, the England and Wales default)."""
    country, _, subdiv = (region or DEFAULT_REGION).upper().partition("-")
    return holidays.country_holidays(country, subdiv=subdiv or None)


def check_region(region: str) -> str:
    """The region normalised, or ValueError naming it: a typo must not silently drop bank holidays."""
    try:
        _bank_holidays(region.upper())
    except (NotImplementedError, KeyError, ValueError) as exc:
        raise ValueError(f"'{region}' is not a holiday region I know (try GB-ENG, GB-SCT, GB-NIR)") from exc
    return region.upper()


@dataclass(frozen=True)
class WorkingCalendar:
    """Monday to Friday, minus bank holidays of `region` and the council's own closure days."""

    region: str = DEFAULT_REGION
    closure_days: frozenset[date] = frozenset()

    @classmethod
    def for_cadence(cls, cadence: Cadence) -> WorkingCalendar:
        return cls(cadence.holiday_region or DEFAULT_REGION, frozenset(cadence.closure_days))

    def non_working_reason(self, day: date) -> str | None:
        """Why nobody is at work on `day` (shown to admins), or None on a working day."""
        if day.weekday() >= 5:
            return "weekend"
        if day in self.closure_days:
            return "council closure day"
        return _bank_holidays(self.region).get(day)

    def is_working_day(self, day: date) -> bool:
        return self.non_working_reason(day) is None

    def next_working_day(self, day: date) -> date:
        """`day` itself when people work that day, else the first working day after it."""
        for _ in range(60):  # Christmas plus a long closure is still far below this
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("no working day within 60 days: check the closure days")


# ----------------------------------------------------------------------------------- schedule


def _local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def _at(day: date, at: time, zone: ZoneInfo) -> datetime:
    """A local wall-clock time as UTC; the zone decides GMT or BST for that very day."""
    return datetime.combine(day, at, zone).astimezone(UTC)


def scheduled(period: Period, cadence: Cadence, tz: str) -> Period:
    """The period as it really runs: opening and due days moved off non-working days.

    The key is unchanged (it names the period, not its dates), so a holiday never creates a
    second cycle. The cycle closes when the next one really opens.
    """
    zone, cal = ZoneInfo(tz), WorkingCalendar.for_cadence(cadence)
    open_day = cal.next_working_day(_local_day(period.opens_at, zone))
    due_day = max(cal.next_working_day(_local_day(period.due_at, zone)), open_day)
    following = next_period(period, cadence, tz)
    close_day = cal.next_working_day(_local_day(following.opens_at, zone))
    opens, closes = _at(open_day, cadence.open_time, zone), _at(close_day, cadence.open_time, zone)
    due = min(_at(due_day, cadence.due_time, zone), closes)
    return replace(period, opens_at=opens, due_at=due, closes_at=closes)


def _previous(period: Period, cadence: Cadence, tz: str) -> Period:
    return period_for(datetime.combine(period.start - timedelta(days=1), time(12), ZoneInfo(tz)), cadence, tz)


def current_period(now: datetime, cadence: Cadence, tz: str) -> Period:
    """The scheduled period whose opening has passed and whose close has not, at `now`."""
    raw = period_for(now, cadence, tz)
    period = scheduled(raw, cadence, tz)
    if period.opens_at <= now:
        return period
    return scheduled(_previous(raw, cadence, tz), cadence, tz)


def following_period(period: Period, cadence: Cadence, tz: str) -> Period:
    return scheduled(next_period(period, cadence, tz), cadence, tz)


def period_to_open(
    now: datetime,
    cadence: Cadence,
    tz: str,
    *,
    last_closes_at: datetime | None,
    existing_keys: set[str] | frozenset[str] = frozenset(),
) -> Period | None:
    """The period the scheduler should open at `now`, if any.

    A cycle opens at its scheduled time, or late (before its due time) when no replica was running
    then. After a cadence
    change the open cycle keeps its dates, and the first period of the new cadence that opens at
    or after the old one closes is the next cycle (one that would overlap it is skipped).
    """
    period = current_period(now, cadence, tz)
    if period.key in existing_keys or now >= period.due_at:
        return None  # opening after the deadline would make every update late: wait for the next period
    if last_closes_at is not None and period.opens_at < last_closes_at:
        return None
    return period


def first_opening_after(moment: datetime, cadence: Cadence, tz: str) -> Period:
    """The first scheduled period that opens at or after `moment` (when a cadence change takes effect)."""
    period = current_period(moment, cadence, tz)
    while period.opens_at < moment:
        period = following_period(period, cadence, tz)
    return period


def period_to_open_now(now: datetime, cadence: Cadence, tz: str) -> Period:
    """What an admin's "open a cycle now" opens: this period, or the next one when this one's due
    time has already passed (a cycle opened after its deadline would make every update late)."""
    period = current_period(now, cadence, tz)
    if period.due_at <= now:
        period = following_period(period, cadence, tz)
    return replace(period, opens_at=min(period.opens_at, now))


def reminder_times(due_at: datetime, cadence: Cadence) -> list[tuple[str, datetime]]:
    """(kind, when) for each configured reminder: hours relative to the due time (-24 = a day before)."""
    out = []
    for hours in sorted(set(cadence.reminder_offsets_hours)):
        out.append((reminder_kind(hours), due_at + timedelta(hours=hours)))
    return out


def reminder_kind(hours: float) -> str:
    """A delivery kind that names its offset, so each reminder is sent once per person and project."""
    return f"reminder{hours:+g}h"[:16]


# ----------------------------------------------------------------------------------- parsing


_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*(am|pm)?$")


def parse_time(text: str) -> time:
    """09:00, 9:30, 9am, 5.30pm."""
    m = _TIME.match(text.strip().lower())
    if not m or (not m.group(2) and not m.group(3)):
        raise ValueError(f"'{text}' is not a time: write it like 09:00 or 9am")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    if m.group(3) == "pm" and hour < 12:
        hour += 12
    if m.group(3) == "am" and hour == 12:
        hour = 0
    if not (0 <= hour <= 23 and 0 <= minute <= 59):
        raise ValueError(f"'{text}' is not a time of day")
    return time(hour, minute)


def _weekday(word: str) -> int | None:
    word = word.strip().lower().rstrip("s")  # "mondays"
    for i, name in enumerate(WEEKDAYS):
        if len(word) >= 3 and name.startswith(word):
            return i
    return None


def parse_cadence(text: str, current: Cadence) -> Cadence:
    """`weekly monday 09:00`, `fortnightly on tuesday at 10am due friday 12:00`, `monthly`.

    Words not given keep their current value; the due day is said as a weekday and stored as days
    after the opening day. Raises ValueError with a sentence for the admin.
    """
    words = [w for w in re.split(r"[\s,]+", text.strip().lower()) if w and w not in {"on", "at", "every", "the"}]
    values: dict[str, Any] = {
        "frequency": current.frequency,
        "weekday": current.weekday,
        "open_time": current.open_time,
        "due_weekday": (current.weekday + current.due_days) % 7,
        "due_time": current.due_time,
    }
    target = "open"
    for word in words:
        if word in FREQUENCIES or word == "biweekly":
            values["frequency"] = "fortnightly" if word == "biweekly" else word
        elif word in {"due", "deadline", "by"}:
            target = "due"
        elif (day := _weekday(word)) is not None:
            values["weekday" if target == "open" else "due_weekday"] = day
        else:
            values["open_time" if target == "open" else "due_time"] = parse_time(word)
    due_days = (values["due_weekday"] - values["weekday"]) % 7  # the due weekday stays put unless given
    if due_days == 0 and values["due_time"] <= values["open_time"]:
        due_days = 7
    return replace(
        current,
        frequency=values["frequency"],
        weekday=values["weekday"],
        open_time=values["open_time"],
        due_time=values["due_time"],
        due_days=due_days,
    )


def describe_cadence(cadence: Cadence) -> str:
    """One sentence an admin can check: "Weekly on Monday at 09:00, due Thursday at 17:00; …"."""
    due_weekday = WEEKDAYS[(cadence.weekday + cadence.due_days) % 7].capitalize()
    first = " (the first in the month)" if cadence.frequency == "monthly" else ""
    region = REGION_NAMES.get(cadence.holiday_region.upper(), cadence.holiday_region)
    closures = f"; {len(cadence.closure_days)} closure day(s)" if cadence.closure_days else ""
    return (
        f"{cadence.frequency.capitalize()} on {WEEKDAYS[cadence.weekday].capitalize()}{first} at "
        f"{cadence.open_time:%H:%M}, due {due_weekday} at {cadence.due_time:%H:%M}; "
        f"{region} bank holidays skipped{closures}"
    )


_DAY_MONTH = re.compile(r"^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)(?:\s+(\d{4}))?$")
_MONTH_DAY = re.compile(r"^([a-z]+)\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?$")
_NUMERIC = re.compile(r"^(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?$")
_ISO = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def _month(word: str) -> int | None:
    for i, name in enumerate(MONTHS, start=1):
        if len(word) >= 3 and name.startswith(word):
            return i
    return None


def parse_uk_date(text: str, today: date) -> date:
    """ "14 March", "14th March 2027", "14/03", "14/03/2027", "2027-03-14", "tomorrow".

    Day first, as people write here. With no year, the next such date from today.
    """
    t = re.sub(r"\s+", " ", text.strip().lower().rstrip("."))
    t = re.sub(r"^(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)[a-z]*,? ", "", t)
    if t == "today":
        return today
    if t == "tomorrow":
        return today + timedelta(days=1)
    day = month = year = None
    if m := _ISO.match(t):
        year, month, day = int(m.group(1)), int(m.group(2)), int(m.group(3))
    elif m := _NUMERIC.match(t):
        day, month = int(m.group(1)), int(m.group(2))
        year = int(m.group(3)) if m.group(3) else None
        if year is not None and year < 100:
            year += 2000
    elif (m := _DAY_MONTH.match(t)) and _month(m.group(2)):
        day, month, year = int(m.group(1)), _month(m.group(2)), int(m.group(3)) if m.group(3) else None
    elif (m := _MONTH_DAY.match(t)) and _month(m.group(1)):
        month, day, year = _month(m.group(1)), int(m.group(2)), int(m.group(3)) if m.group(3) else None
    else:
        raise ValueError(f"I couldn't read '{text}' as a date: write it like 14 March or 14/03/2027")
    assert month is not None and day is not None  # every branch above set both, or raised
    try:
        found = date(year or today.year, month, day)
        if year is None and found < today:
            found = date(today.year + 1, month, day)
    except ValueError as exc:
        raise ValueError(f"'{text}' is not a real date") from exc
    return found


def local_today(now: datetime, tz: str) -> date:
    return now.astimezone(ZoneInfo(tz)).date()


__all__ = [
    "WorkingCalendar",
    "check_region",
    "current_period",
    "describe_cadence",
    "first_opening_after",
    "following_period",
    "local_today",
    "parse_cadence",
    "parse_time",
    "parse_uk_date",
    "period_start",
    "period_to_open",
    "period_to_open_now",
    "reminder_kind",
    "reminder_times",
    "scheduled",
]
