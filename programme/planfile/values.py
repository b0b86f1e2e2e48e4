"""One cell's value read the way the programme office writes it: dates (ISO or UK, never US), moments,
email addresses, percentages, milestone statuses, `;`-separated lists and risks.

Each parser takes the value a spreadsheet or YAML file handed over (text, a number, a date or None)
and returns it checked, or raises ValueError with the words a person is shown.
"""

from __future__ import annotations

import calendar
import re
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from ..terms import MILESTONE_STATUSES
from ..updates import Risk
from .rows import MAX_LEN, SENSITIVE_PREFIX

_EMAIL = re.compile(r"^[^@\s;,<>()\[\]\"']+@[^@\s;,<>()\[\]\"']+\.[^@\s;,<>()\[\]\"']+$")


def cell_text(value: Any) -> str:
    """A cell as text: spreadsheets hand over numbers (a ref of 7 arrives as 7.0) and None."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return " ".join(str(value).split()) if "\n" not in str(value) else str(value).strip()


def split_list(value: Any, *, keep_empty: bool = False) -> list[str]:
    """`;`-separated lists in a cell, or a YAML list (whose items may themselves hold `;`)."""
    raw = value if isinstance(value, list | tuple) else [value]
    parts: list[str] = []
    for item in raw:
        text = cell_text(item)
        if not text and not isinstance(value, list | tuple):
            continue
        parts.extend(p.strip() for p in text.split(";"))
    while parts and not parts[-1]:
        parts.pop()
    return parts if keep_empty else [p for p in parts if p]


def normalise_ref(value: Any) -> str:
    """Refs are identifiers people type in several cases; 'cit-01' is CIT-01."""
    return cell_text(value).strip().upper()


_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_UK_NUMERIC = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_UK_WORDS = re.compile(r"^(?:[a-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]+)\.?,?\s+(\d{4})$")
DATE_HINT = "write it as 2026-03-01, 01/03/2026 or 1 March 2026"


def parse_date(value: Any) -> date | None:
    """ISO or UK dates only: 01/03/2026 is the 1st of March, and 03/31/2026 is refused, not guessed."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    text = cell_text(value).strip().lower()
    if not text:
        return None
    if m := _ISO_DATE.match(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _UK_NUMERIC.match(text):
        d, mo, y = (int(g) for g in m.groups())
    elif (m := _UK_WORDS.match(text)) and m.group(2) in _MONTHS:
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    else:
        raise ValueError(f"{cell_text(value)!r} is not a date ({DATE_HINT})")
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"{cell_text(value)!r} is not a date ({DATE_HINT})") from None


_TIME_TAIL = re.compile(r"^(.*?)(?:,?\s+(?:at\s+)?(\d{1,2}):(\d{2})(?::(\d{2}))?)$")


def parse_datetime(value: Any, tz: str) -> datetime | None:
    """A moment in UTC. Times without a zone are local time in the programme's TIMEZONE."""
    zone = ZoneInfo(tz)
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime.combine(value, time())
    else:
        parsed = _parse_datetime_text(cell_text(value))
        if parsed is None:
            return None
        moment = parsed
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(UTC)


def _parse_datetime_text(text: str) -> datetime | None:
    if not text:
        return None
    not_a_moment = ValueError(f"{text!r} is not a date and time (write it as 2026-03-02 14:30 or 02/03/2026 14:30)")
    if re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d", text):
        try:
            return datetime.fromisoformat(text.replace("z", "Z"))
        except ValueError:
            raise not_a_moment from None
    m = _TIME_TAIL.match(text)
    day_text, clock = (m.group(1), m.groups()[1:]) if m else (text, None)
    try:
        day = parse_date(day_text)
        at = time(int(clock[0]), int(clock[1]), int(clock[2] or 0)) if clock else time()
    except ValueError:
        raise not_a_moment from None
    return datetime.combine(day, at) if day else None


def parse_email(value: Any) -> str:
    email = cell_text(value).strip().strip("<>").lower()
    if not _EMAIL.match(email) or len(email) > MAX_LEN["email"]:
        raise ValueError(f"{cell_text(value)!r} is not an email address")
    return email


def parse_percent(value: Any) -> int | None:
    text = cell_text(value).strip().rstrip("%").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{cell_text(value)!r} is not a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise ValueError(f"{cell_text(value)!r} is not a number from 0 to 100")
    return round(number)


_STATUS_ALIASES = {"complete": "done", "completed": "done", "not yet started": "not started", "started": "in progress"}


def parse_milestone_status(value: Any) -> str:
    text = re.sub(r"[\s_\-]+", " ", cell_text(value).lower()).strip()
    if not text:
        return "not started"
    text = _STATUS_ALIASES.get(text, text)
    if text not in MILESTONE_STATUSES:
        raise ValueError(f"{cell_text(value)!r} is not a milestone status (use {', '.join(MILESTONE_STATUSES)})")
    return text


def parse_risks(value: Any) -> tuple[Risk, ...]:
    """Risks prefixed [sensitive] are kept from channel answers (e.g. a cyber-security risk)."""
    risks = []
    for part in split_list(value):
        if part.lower().startswith(SENSITIVE_PREFIX):
            text = part[len(SENSITIVE_PREFIX) :].strip()
            if text:
                risks.append(Risk(text, True))
        else:
            risks.append(Risk(part))
    return tuple(risks)
