"""The DLG's decisions log as a file: `project_ref, raised_at, ask, decision, decided_at, note`.

Read like the plan's files (CSV or XLSX; its header says what it is; every bad cell is reported by row
and column and nothing is imported), and written through the same formula-safe writer as the FOI export
(a cell that a spreadsheet would run as a formula gets a leading apostrophe in CSV, which reading it back
takes off; XLSX cells are always text). Re-importing the same file changes nothing.

`decision` is empty (or "open") for an ask still waiting, otherwise approved, declined, deferred (or
"deferred until 2027-01-14"), noted or withdrawn.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from . import asks as rules
from .planfile import PlanError, PlanFileError, Table, normalise_ref, parse_date, parse_datetime

COLUMNS = ("project_ref", "raised_at", "ask", "decision", "decided_at", "note")
REQUIRED = ("project_ref", "raised_at", "ask", "decision")
_WORDS = {
    "approved": rules.APPROVED,
    "agreed": rules.APPROVED,
    "declined": rules.DECLINED,
    "rejected": rules.DECLINED,
    "deferred": rules.DEFERRED,
    "noted": rules.NOTED,
    "withdrawn": rules.WITHDRAWN,
    "withdrawn by the lead": rules.WITHDRAWN,
    "open": rules.OPEN,
    "": rules.OPEN,
}
_DEFERRED_UNTIL = re.compile(r"^deferred (?:until|to) (.+)$")
_UNQUOTE = re.compile(r"^'(?=[=+@\t\r-])")


@dataclass(frozen=True)
class DecisionRow:
    row: int
    project_ref: str
    raised_at: datetime
    ask: str
    outcome: str  # open / approved / declined / deferred / noted / withdrawn
    decided_at: datetime | None
    note: str
    deferred_until: date | None
    where: str = ""

    @property
    def key(self) -> tuple[str, str, date]:
        """Identity in a log: the project, the ask's words, the day it was raised."""
        return self.project_ref, rules.normalise(self.ask), self.raised_at.date()


def is_decisions_log(columns: list[str]) -> bool:
    return {"project_ref", "raised_at", "ask"} <= set(columns)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _UNQUOTE.sub("", str(value).replace("\r\n", "\n").strip())


def _outcome(raw: str) -> tuple[str, date | None]:
    word = " ".join(raw.lower().split())
    if word in _WORDS:
        return _WORDS[word], None
    m = _DEFERRED_UNTIL.match(word)
    if m:
        until = parse_date(m.group(1))
        if until is None:
            raise ValueError(f"{raw!r}: the date after 'deferred until' cannot be read")
        return rules.DEFERRED, until
    raise ValueError(
        f"{raw!r} is not a decision (use approved, declined, deferred, deferred until DATE, noted, "
        "withdrawn, or leave it empty for an open ask)"
    )


def parse_log(table: Table, *, tz: str, now: datetime, projects: set[str]) -> list[DecisionRow]:
    """Every row of a decisions log, checked; PlanFileError with every problem at once."""
    errors: list[PlanError] = []

    def err(row: int, column: str, message: str) -> None:
        errors.append(PlanError(row, column, message, "", table.unit))

    missing = [c for c in REQUIRED if c not in table.columns]
    if missing:
        err(1, "", f"the header lacks {', '.join(missing)} (a decisions log needs {', '.join(COLUMNS)})")
        raise PlanFileError(errors, table.name)
    out: list[DecisionRow] = []
    seen: dict[tuple[str, str, date], int] = {}
    for number, values in table.rows:
        before = len(errors)
        ref = normalise_ref(values.get("project_ref"))
        if not ref:
            err(number, "project_ref", "is required")
        elif ref not in projects:
            err(number, "project_ref", f"{ref} is not a project in the plan")
        raised = _when(values, "raised_at", tz, number, err)
        if raised is None and not _text(values.get("raised_at")):
            err(number, "raised_at", "is required")
        elif raised is not None and raised > now:
            err(number, "raised_at", "is in the future")
        ask = _text(values.get("ask"))
        if not ask:
            err(number, "ask", "is required")
        elif not rules.is_real_ask(ask):
            err(number, "ask", f"{ask!r} says there is nothing to ask: it is not an ask")
        elif len(ask) > rules.ASK_LIMIT:
            err(number, "ask", f"is longer than {rules.ASK_LIMIT} characters")
        try:
            outcome, until = _outcome(_text(values.get("decision")))
        except ValueError as exc:
            err(number, "decision", str(exc))
            outcome, until = None, None
        decided = _when(values, "decided_at", tz, number, err)
        if outcome not in (None, rules.OPEN) and decided is None and not _text(values.get("decided_at")):
            err(number, "decided_at", "is required when there is a decision")
        if outcome == rules.OPEN and _text(values.get("decided_at")):
            err(number, "decided_at", "is set but the decision is empty (open)")
        if decided is not None and raised is not None and decided < raised.replace(hour=0, minute=0, second=0):
            err(number, "decided_at", "is before the ask was raised")
        if decided is not None and decided > now:
            err(number, "decided_at", "is in the future")
        note = _text(values.get("note"))
        if len(note) > rules.NOTE_LIMIT:
            err(number, "note", f"is longer than {rules.NOTE_LIMIT} characters")
        if len(errors) > before or raised is None or outcome is None:
            continue
        row = DecisionRow(number, ref, raised, ask, outcome, decided if outcome != rules.OPEN else None, note, until)
        if row.key in seen:
            err(number, "ask", f"repeats the ask on {table.unit} {seen[row.key]} (same project, words and day)")
            continue
        seen[row.key] = number
        out.append(row)
    if errors:
        raise PlanFileError(errors, table.name)
    return out


def _when(
    values: dict[str, Any], column: str, tz: str, number: int, err: Callable[[int, str, str], None]
) -> datetime | None:
    raw = values.get(column)
    if raw is None or _text(raw) == "":
        return None
    try:
        return parse_datetime(raw, tz)
    except ValueError as exc:
        err(number, column, str(exc))
        return None


def decision_cell(outcome: str, deferred_until: date | None) -> str:
    """The `decision` column as the log writes it (and reads it back)."""
    if outcome == rules.OPEN:
        return ""
    if outcome == rules.DEFERRED and deferred_until:
        return f"deferred until {deferred_until.isoformat()}"
    return outcome
