"""Update cycles: which period a moment belongs to, and when that period's cycle opens and is due.

A cadence is weekly, fortnightly or monthly, anchored on a weekday and a local time in the
configured time zone. Each period has a stable key ("2026-W48", "2026-11-16-F", "2026-11") so that
opening a cycle twice, or from two replicas, finds the same row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
FREQUENCIES = ("weekly", "fortnightly", "monthly")
MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)


@dataclass(frozen=True)
class Cadence:
    frequency: str = "weekly"
    weekday: int = 0  # the day prompts go out: Monday
    open_time: time = time(9, 0)
    due_days: int = 3  # due this many days after opening (Thursday by default)
    due_time: time = time(17, 0)
    reminder_offsets_hours: tuple[float, ...] = (-24.0, 0.0)
    escalation_after_hours: float = 2.0  # after the due time, admins get the list of missing updates
    closure_days: tuple[date, ...] = field(default_factory=tuple)
    holiday_region: str = "GB-ENG"
    anchor: date | None = None  # fortnightly: a day in the first fortnight (which Mondays start one)

    def __post_init__(self) -> None:
        if self.frequency not in FREQUENCIES:
            raise ValueError(f"frequency must be one of {', '.join(FREQUENCIES)}")
        if not 0 <= self.weekday <= 6:
            raise ValueError("weekday must be 0 (Monday) to 6 (Sunday)")

    def to_dict(self) -> dict[str, Any]:
        return {
            "frequency": self.frequency,
            "weekday": WEEKDAYS[self.weekday],
            "open_time": self.open_time.strftime("%H:%M"),
            "due_days": self.due_days,
            "due_time": self.due_time.strftime("%H:%M"),
            "reminder_offsets_hours": list(self.reminder_offsets_hours),
            "escalation_after_hours": self.escalation_after_hours,
            "closure_days": [d.isoformat() for d in self.closure_days],
            "holiday_region": self.holiday_region,
            **({"anchor": self.anchor.isoformat()} if self.anchor else {}),
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> Cadence:
        if not d:
            return cls()
        wd = d.get("weekday", 0)
        if isinstance(wd, str):
            wd = WEEKDAYS.index(wd.strip().lower())
        return cls(
            frequency=d.get("frequency", "weekly"),
            weekday=int(wd),
            open_time=_parse_time(d.get("open_time", "09:00")),
            due_days=int(d.get("due_days", 3)),
            due_time=_parse_time(d.get("due_time", "17:00")),
            reminder_offsets_hours=tuple(float(x) for x in d.get("reminder_offsets_hours", (-24.0, 0.0))),
            escalation_after_hours=float(d.get("escalation_after_hours", 2.0)),
            closure_days=tuple(date.fromisoformat(x) for x in d.get("closure_days", ())),
            holiday_region=d.get("holiday_region", "GB-ENG"),
            anchor=date.fromisoformat(d["anchor"]) if d.get("anchor") else None,
        )


def _parse_time(v: str | time) -> time:
    if isinstance(v, time):
        return v
    hh, mm = str(v).split(":")[:2]
    return time(int(hh), int(mm))


@dataclass(frozen=True)
class Period:
    key: str
    start: date  # first local day of the period
    opens_at: datetime  # UTC
    due_at: datetime  # UTC
    closes_at: datetime  # UTC: when the next period opens


_FORTNIGHT_EPOCH = date(2024, 1, 1)  # a Monday; fortnights are counted from here


def period_start(day: date, cadence: Cadence) -> date:
    """The local date on which the period containing `day` begins (its anchor weekday). A month's period runs from
    its opening day (the first Monday, say) to the next month's: 1 June, before June's cycle opens on the 7th, is
    still May's (whose cycle is open until then)."""
    if cadence.frequency == "monthly":
        start = day.replace(day=1)
        if day < _open_day(start, cadence):
            start = (start - timedelta(days=1)).replace(day=1)
        return start
    monday = day - timedelta(days=day.weekday())
    if cadence.frequency == "fortnightly":
        epoch = cadence.anchor - timedelta(days=cadence.anchor.weekday()) if cadence.anchor else _FORTNIGHT_EPOCH
        weeks = (monday - epoch).days // 7
        monday -= timedelta(weeks=weeks % 2)
    return monday


def _next_start(start: date, cadence: Cadence) -> date:
    if cadence.frequency == "monthly":
        return (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return start + timedelta(weeks=2 if cadence.frequency == "fortnightly" else 1)


def period_key(start: date, cadence: Cadence) -> str:
    if cadence.frequency == "monthly":
        return f"{start:%Y-%m}"
    iso = start.isocalendar()
    if cadence.frequency == "fortnightly":
        return f"{start.isoformat()}-F"
    return f"{iso.year}-W{iso.week:02d}"


def _open_day(start: date, cadence: Cadence) -> date:
    if cadence.frequency == "monthly":
        d = start
        while d.weekday() != cadence.weekday:
            d += timedelta(days=1)
        return d
    return start + timedelta(days=cadence.weekday)


def period_for(moment: datetime, cadence: Cadence, tz: str) -> Period:
    """The period that contains `moment` (an aware datetime)."""
    zone = ZoneInfo(tz)
    local_day = moment.astimezone(zone).date()
    start = period_start(local_day, cadence)
    return _period(start, cadence, zone)


def _period(start: date, cadence: Cadence, zone: ZoneInfo) -> Period:
    open_day = _open_day(start, cadence)
    opens = datetime.combine(open_day, cadence.open_time, zone)
    due = datetime.combine(open_day + timedelta(days=cadence.due_days), cadence.due_time, zone)
    nxt = _open_day(_next_start(start, cadence), cadence)
    closes = datetime.combine(nxt, cadence.open_time, zone)
    return Period(
        key=period_key(start, cadence),
        start=start,
        opens_at=opens.astimezone(UTC),
        due_at=due.astimezone(UTC),
        closes_at=closes.astimezone(UTC),
    )


def next_period(period: Period, cadence: Cadence, tz: str) -> Period:
    return _period(_next_start(period.start, cadence), cadence, ZoneInfo(tz))
