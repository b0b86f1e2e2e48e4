"""Reading the programme office's plan files: projects, milestones and update history.

The office keeps its plan in a spreadsheet, so the importer meets it there: CSV (header row),
XLSX (first sheet, plus a sheet named `milestones`) or YAML. Every problem is collected with the
row a person would look at in their spreadsheet (the header is row 1) and reported together,
so one round of corrections fixes the file. Nothing here touches the database: the store applies
a `PlanFile` only once it has parsed cleanly.
"""
from __future__ import annotations

import calendar
import csv
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import yaml

from dfbot.private_files import write_private_text

from . import spreadsheet
from .terms import MILESTONE_STATUSES, normalise_rag

PLAN_COLUMNS = ("ref", "name", "priority_area", "enablers", "description", "lead_name", "lead_email",
                "deputy_email", "start_date", "end_date", "aliases")
MILESTONE_COLUMNS = ("project_ref", "title", "due_date", "status")
HISTORY_COLUMNS = ("project_ref", "submitted_at", "submitted_by_email", "rag", "progress_pct", "summary",
                   "achievements", "next_steps", "risks", "blockers", "asks_of_dlg")
HISTORY_REQUIRED = ("project_ref", "submitted_at", "rag")
OPTIONAL_PLAN_KEYS = ("source_note", "milestones")  # YAML only adds these; tables may carry source_note
SENSITIVE_PREFIX = "[sensitive]"
DEFAULT_PLAN_PATH = Path(__file__).with_name("default_plan.yaml")
MAX_ERRORS_SHOWN = 50

# Longest values the database keeps (see store/models.py); longer ones are refused, not cut.
MAX_LEN = {"ref": 64, "name": 300, "alias": 300, "title": 300, "email": 320, "person_name": 200}

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): stage is "read" while parsing and "apply" while writing."""

_EMAIL = re.compile(r"^[^@\s;,<>()\[\]\"']+@[^@\s;,<>()\[\]\"']+\.[^@\s;,<>()\[\]\"']+$")


# --------------------------------------------------------------------------- errors


@dataclass(frozen=True)
class PlanError:
    """One problem, located the way a person finds it: row (or YAML item) and column."""

    row: int
    column: str
    message: str
    where: str = ""  # a file or sheet name when the import reads more than one
    unit: str = "row"  # "row" in a spreadsheet, "item" in a YAML list

    def __str__(self) -> str:
        place = f"{self.unit} {self.row}" + (f", column {self.column}" if self.column else "")
        parts = [self.where] if self.where else []
        parts += [place] if self.row else []  # row 0: the file as a whole
        return ": ".join(parts + [self.message])


class PlanFileError(ValueError):
    """Every problem found in a file, raised together so nothing is half-imported."""

    def __init__(self, errors: Iterable[PlanError], source: str = "") -> None:
        self.errors = list(errors)
        self.source = source
        super().__init__(self._message())

    def _message(self) -> str:
        shown = [str(e) for e in self.errors[:MAX_ERRORS_SHOWN]]
        more = len(self.errors) - len(shown)
        if more > 0:
            shown.append(f"… and {more} more")
        head = f"{self.source}: " if self.source else ""
        if len(self.errors) == 1:
            return head + shown[0]
        return f"{head}{len(self.errors)} problems, nothing was imported:\n" + "\n".join(f"  {s}" for s in shown)


class _Errors:
    """Collects errors for one table, stamping each with where it came from."""

    def __init__(self, where: str = "", unit: str = "row") -> None:
        self.where, self.unit, self.items = where, unit, []

    def add(self, row: int, column: str, message: str) -> None:
        self.items.append(PlanError(row, column, message, self.where, self.unit))


# --------------------------------------------------------------------------- framework


def normalise_label(text: str) -> str:
    """'Digital care', 'DIGITAL-CARE' and 'Comms & marketing' spellings compare equal to the framework."""
    return re.sub(r"[^a-z0-9]", "", str(text).lower().replace("&", "and"))


@dataclass(frozen=True)
class FrameworkItem:
    key: str
    name: str
    description: str = ""
    position: int = 0


@dataclass(frozen=True)
class Framework:
    """The priority areas and enablers every project is placed in (Cabinet report, paragraphs 14–15)."""

    areas: tuple[FrameworkItem, ...]
    enablers: tuple[FrameworkItem, ...]

    def find_area(self, text: str) -> FrameworkItem | None:
        return _find(self.areas, text)

    def find_enabler(self, text: str) -> FrameworkItem | None:
        return _find(self.enablers, text)

    def extended(self, areas: Iterable[FrameworkItem], enablers: Iterable[FrameworkItem]) -> Framework:
        """This framework plus items it does not know yet (e.g. ones an admin added in the database)."""
        return Framework(_union(self.areas, areas), _union(self.enablers, enablers))


def _find(items: Iterable[FrameworkItem], text: str) -> FrameworkItem | None:
    wanted = normalise_label(text)
    for item in items:
        if wanted and wanted in (normalise_label(item.name), normalise_label(item.key)):
            return item
    return None


def _union(first: Iterable[FrameworkItem], more: Iterable[FrameworkItem]) -> tuple[FrameworkItem, ...]:
    items = list(first)
    for item in more:
        if _find(items, item.name) is None and _find(items, item.key) is None:
            items.append(item)
    return tuple(items)


def _default_document() -> dict:
    return yaml.safe_load(DEFAULT_PLAN_PATH.read_text(encoding="utf-8"))


def default_framework() -> Framework:
    """The four priority areas and four enablers, defined once in default_plan.yaml."""
    doc = _default_document()

    def items(key: str) -> tuple[FrameworkItem, ...]:
        return tuple(FrameworkItem(d["key"], d["name"], d.get("description", ""), i)
                     for i, d in enumerate(doc[key]))

    return Framework(items("priority_areas"), items("enablers"))


def default_source_note() -> str:
    """The note the default projects carry; a plan file that redefines a project drops it."""
    return " ".join(str(_default_document()["source_note"]).split())


def default_plan() -> PlanFile:
    """The thirteen workstreams named in the report, parsed like any other plan file."""
    doc = _default_document()
    body = {k: doc[k] for k in ("projects", "source_note")}
    return parse_yaml_document(body, framework=default_framework(), source=DEFAULT_PLAN_PATH.name)


# --------------------------------------------------------------------------- parsed rows


@dataclass(frozen=True)
class Contact:
    email: str  # lower-cased: people are matched by email
    name: str = ""  # empty: keep whatever name the person already has


@dataclass(frozen=True)
class ProjectRow:
    row: int
    ref: str
    name: str
    priority_area: str | None  # framework key
    enablers: tuple[str, ...]  # framework keys
    description: str
    leads: tuple[Contact, ...]
    deputies: tuple[Contact, ...]
    start_date: date | None
    end_date: date | None
    aliases: tuple[str, ...]
    source_note: str | None = None  # None: the file says nothing, keep what is stored


@dataclass(frozen=True)
class MilestoneRow:
    row: int
    project_ref: str
    title: str
    due_date: date | None
    status: str
    where: str = ""
    unit: str = "row"


@dataclass(frozen=True)
class Risk:
    text: str
    sensitive: bool = False

    def to_dict(self) -> dict:
        return {"text": self.text, "sensitive": self.sensitive}


@dataclass(frozen=True)
class HistoryRow:
    row: int
    project_ref: str
    submitted_at: datetime  # UTC
    submitted_by_email: str | None
    rag: str
    progress_pct: int | None
    summary: str
    achievements: str
    next_steps: str
    risks: tuple[Risk, ...]
    blockers: str
    asks_of_dlg: str
    where: str = ""
    unit: str = "row"


@dataclass
class PlanFile:
    """What one import brings. `projects is None` means the file carries no plan (so retires nothing)."""

    projects: list[ProjectRow] | None = None
    milestones: list[MilestoneRow] = field(default_factory=list)
    history: list[HistoryRow] = field(default_factory=list)
    milestones_with_plan: bool = False  # milestone refs must then be projects of this same file
    sources: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def kinds(self) -> list[str]:
        kinds = ["plan"] if self.projects is not None else []
        return kinds + (["milestones"] if self.milestones else []) + (["history"] if self.history else [])


# --------------------------------------------------------------------------- values


def _text(value: Any) -> str:
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
        text = _text(item)
        if not text and not isinstance(value, list | tuple):
            continue
        parts.extend(p.strip() for p in text.split(";"))
    while parts and not parts[-1]:
        parts.pop()
    return parts if keep_empty else [p for p in parts if p]


def normalise_ref(value: Any) -> str:
    """Refs are identifiers people type in several cases; 'cit-01' is CIT-01."""
    return _text(value).strip().upper()


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
    text = _text(value).strip().lower()
    if not text:
        return None
    if m := _ISO_DATE.match(text):
        y, mo, d = (int(g) for g in m.groups())
    elif m := _UK_NUMERIC.match(text):
        d, mo, y = (int(g) for g in m.groups())
    elif (m := _UK_WORDS.match(text)) and m.group(2) in _MONTHS:
        d, mo, y = int(m.group(1)), _MONTHS[m.group(2)], int(m.group(3))
    else:
        raise ValueError(f"{_text(value)!r} is not a date ({DATE_HINT})")
    try:
        return date(y, mo, d)
    except ValueError:
        raise ValueError(f"{_text(value)!r} is not a date ({DATE_HINT})") from None


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
        moment = _parse_datetime_text(_text(value))
        if moment is None:
            return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=zone)
    return moment.astimezone(timezone.utc)


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
    email = _text(value).strip().strip("<>").lower()
    if not _EMAIL.match(email) or len(email) > MAX_LEN["email"]:
        raise ValueError(f"{_text(value)!r} is not an email address")
    return email


def parse_percent(value: Any) -> int | None:
    text = _text(value).strip().rstrip("%").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{_text(value)!r} is not a number from 0 to 100") from None
    if not 0 <= number <= 100:
        raise ValueError(f"{_text(value)!r} is not a number from 0 to 100")
    return round(number)


_STATUS_ALIASES = {"complete": "done", "completed": "done", "not yet started": "not started", "started": "in progress"}


def parse_milestone_status(value: Any) -> str:
    text = re.sub(r"[\s_\-]+", " ", _text(value).lower()).strip()
    if not text:
        return "not started"
    text = _STATUS_ALIASES.get(text, text)
    if text not in MILESTONE_STATUSES:
        raise ValueError(f"{_text(value)!r} is not a milestone status (use {', '.join(MILESTONE_STATUSES)})")
    return text


def parse_risks(value: Any) -> tuple[Risk, ...]:
    """Risks prefixed [sensitive] are kept from channel answers (e.g. a cyber-security risk)."""
    risks = []
    for part in split_list(value):
        if part.lower().startswith(SENSITIVE_PREFIX):
            text = part[len(SENSITIVE_PREFIX):].strip()
            if text:
                risks.append(Risk(text, True))
        else:
            risks.append(Risk(part))
    return tuple(risks)


# --------------------------------------------------------------------------- tables


@dataclass
class Table:
    """One sheet or file: rows keyed by normalised column names, each with its spreadsheet row number."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    unit: str = "row"


def normalise_column(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", _text(name).strip().lower())


def table_from_rows(name: str, raw_rows: Iterable[Iterable[Any]]) -> Table:
    """Header on row 1; blank rows are skipped but still counted, as a spreadsheet shows them."""
    rows_iter = iter(raw_rows)
    header = [normalise_column(c) for c in next(rows_iter, [])]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, raw in enumerate(rows_iter, start=2):
        values = list(raw)
        if all(_text(v) == "" for v in values):
            continue
        rows.append((number, {col: values[i] if i < len(values) else None
                              for i, col in enumerate(header) if col}))
    return Table(name, header, rows)


def kind_of(columns: Iterable[str]) -> str | None:
    cols = set(columns)
    if {"ref", "name"} <= cols:
        return "plan"
    if {"project_ref", "submitted_at"} <= cols:
        return "history"
    if {"project_ref", "title"} <= cols:
        return "milestones"
    return None


def _header_errors(table: Table, kind: str, errors: _Errors) -> bool:
    required = {"plan": PLAN_COLUMNS, "milestones": MILESTONE_COLUMNS, "history": HISTORY_REQUIRED}[kind]
    missing = [c for c in required if c not in table.columns]
    dupes = sorted({c for c in table.columns if c and table.columns.count(c) > 1})
    if missing:
        errors.add(1, "", f"the header lacks column{'s' if len(missing) > 1 else ''} "
                                          f"{', '.join(missing)} (a {kind} file needs {', '.join(required)})")
    for c in dupes:
        errors.add(1, c, "this column appears more than once")
    return bool(missing or dupes)


def _unknown_kind_error(table: Table) -> PlanError:
    return PlanError(1, "", "the header matches neither a plan (" + ", ".join(PLAN_COLUMNS) + "), milestones ("
                     + ", ".join(MILESTONE_COLUMNS) + ") nor history (" + ", ".join(HISTORY_COLUMNS) + ")",
                     table.name if table.unit == "row" else "", table.unit)


# --------------------------------------------------------------------------- row parsers


class _Row:
    """Reads one row's cells, turning each bad value into an error at its column."""

    def __init__(self, number: int, values: dict[str, Any], errors: _Errors, prefix: str = "") -> None:
        self.number, self.values, self.errors, self.prefix = number, values, errors, prefix

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str, *, required: bool = False, limit: int | None = None) -> str:
        value = _text(self.get(column))
        if required and not value:
            self.error(column, "is required")
        elif limit and len(value) > limit:
            self.error(column, f"is longer than {limit} characters")
        return value

    def parse(self, column: str, parser: Callable[[Any], Any]) -> Any:
        try:
            return parser(self.get(column))
        except ValueError as exc:
            self.error(column, str(exc))
            return None

    def error(self, column: str, message: str) -> None:
        self.errors.add(self.number, self.prefix + column, message)


def _parse_project(row: _Row, framework: Framework) -> ProjectRow:
    ref = normalise_ref(row.get("ref"))
    if not ref:
        row.error("ref", "is required")
    elif len(ref) > MAX_LEN["ref"]:
        row.error("ref", f"is longer than {MAX_LEN['ref']} characters")
    name = row.text("name", required=True, limit=MAX_LEN["name"])
    start, end = row.parse("start_date", parse_date), row.parse("end_date", parse_date)
    if start and end and end < start:
        row.error("end_date", f"{end:%d/%m/%Y} is before the start date {start:%d/%m/%Y}")
    note = row.get("source_note")
    return ProjectRow(
        row=row.number, ref=ref, name=name,
        priority_area=_parse_area(row, framework),
        enablers=_parse_enablers(row, framework),
        description=_text(row.get("description")),
        leads=_parse_contacts(row, "lead_email", "lead_name"),
        deputies=_parse_contacts(row, "deputy_email", None),
        start_date=start, end_date=end,
        aliases=_parse_aliases(row, name),
        source_note=None if note is None else _text(note),
    )


def _parse_area(row: _Row, framework: Framework) -> str | None:
    text = row.text("priority_area")
    if not text:
        return None
    item = framework.find_area(text)
    if item is None:
        row.error("priority_area", f"{text!r} is not a priority area (use one of "
                                   f"{', '.join(a.name for a in framework.areas)})")
        return None
    return item.key


def _parse_enablers(row: _Row, framework: Framework) -> tuple[str, ...]:
    keys: list[str] = []
    for text in split_list(row.get("enablers")):
        item = framework.find_enabler(text)
        if item is None:
            row.error("enablers", f"{text!r} is not an enabler (use {'; '.join(e.name for e in framework.enablers)})")
        elif item.key not in keys:
            keys.append(item.key)
    return tuple(keys)


def _parse_contacts(row: _Row, email_col: str, name_col: str | None) -> tuple[Contact, ...]:
    """Leads are email; name pairs in step: the second name belongs to the second email."""
    emails = split_list(row.get(email_col))
    names = split_list(row.get(name_col), keep_empty=True) if name_col else []
    if name_col and len(names) > len(emails):
        row.error(name_col, f"gives {len(names)} names but {email_col} gives {len(emails)} email addresses; "
                            f"list them in the same order, separated by ';'")
    contacts: list[Contact] = []
    for i, raw in enumerate(emails):
        try:
            email = parse_email(raw)
        except ValueError as exc:
            row.error(email_col, str(exc))
            continue
        name = names[i] if i < len(names) else ""
        if len(name) > MAX_LEN["person_name"]:
            row.error(name_col or email_col, f"{name[:40]!r}… is longer than {MAX_LEN['person_name']} characters")
        if any(c.email == email for c in contacts):
            row.error(email_col, f"{email} is listed twice")
            continue
        contacts.append(Contact(email, name))
    return tuple(contacts)


def _parse_aliases(row: _Row, name: str) -> tuple[str, ...]:
    seen = {name.casefold()}
    aliases = []
    for alias in split_list(row.get("aliases")):
        if len(alias) > MAX_LEN["alias"]:
            row.error("aliases", f"{alias[:40]!r}… is longer than {MAX_LEN['alias']} characters")
        elif alias.casefold() not in seen:
            seen.add(alias.casefold())
            aliases.append(alias)
    return tuple(aliases)


def _parse_milestone(row: _Row, ref: str | None = None) -> MilestoneRow:
    project_ref = ref if ref is not None else normalise_ref(row.get("project_ref"))
    if not project_ref:
        row.error("project_ref", "is required")
    return MilestoneRow(
        row=row.number, project_ref=project_ref,
        title=row.text("title", required=True, limit=MAX_LEN["title"]),
        due_date=row.parse("due_date", parse_date),
        status=row.parse("status", parse_milestone_status) or "not started",
        where=row.errors.where, unit=row.errors.unit,
    )


def _parse_history(row: _Row, tz: str, now: datetime) -> HistoryRow | None:
    ref = normalise_ref(row.get("project_ref"))
    if not ref:
        row.error("project_ref", "is required")
    at = row.parse("submitted_at", lambda v: parse_datetime(v, tz))
    if at is None and not row.text("submitted_at"):
        row.error("submitted_at", "is required")
    elif at is not None and at > now:
        row.error("submitted_at", f"{_text(row.get('submitted_at'))!r} is in the future")
    email = row.parse("submitted_by_email", lambda v: parse_email(v) if _text(v) else None)
    rag = normalise_rag(row.text("rag"))
    if rag is None:
        row.error("rag", f"{row.text('rag')!r} is not a RAG rating (use green, amber or red)"
                  if row.text("rag") else "is required (green, amber or red)")
    progress = row.parse("progress_pct", parse_percent)
    if at is None or rag is None:
        return None
    return HistoryRow(
        row=row.number, project_ref=ref, submitted_at=at, submitted_by_email=email, rag=rag,
        progress_pct=progress, summary=row.text("summary"), achievements=row.text("achievements"),
        next_steps=row.text("next_steps"), risks=parse_risks(row.get("risks")),
        blockers=row.text("blockers"), asks_of_dlg=row.text("asks_of_dlg"),
        where=row.errors.where, unit=row.errors.unit,
    )


# --------------------------------------------------------------------------- whole-table checks


def _check_projects(projects: list[ProjectRow], errors: _Errors) -> None:
    """Refs are unique; one person has one name across the file (a name is updated from it)."""
    first_row: dict[str, int] = {}
    for p in projects:
        if p.ref and p.ref in first_row:
            errors.add(p.row, "ref", f"{p.ref} is used again (first on {errors.unit} {first_row[p.ref]})")
        first_row.setdefault(p.ref, p.row)
    names: dict[str, tuple[str, int]] = {}
    for p in projects:
        for c in p.leads:
            if c.name and c.email in names and names[c.email][0] != c.name:
                errors.add(p.row, "lead_name", f"{c.name!r} differs from {names[c.email][0]!r} given for "
                                               f"{c.email} on {errors.unit} {names[c.email][1]}")
            elif c.name:
                names.setdefault(c.email, (c.name, p.row))


def _check_milestones(milestones: list[MilestoneRow], errors: _Errors) -> None:
    seen: dict[tuple[str, str], int] = {}
    for m in milestones:
        key = (m.project_ref, milestone_key(m.title))
        if m.title and key in seen:
            errors.items.append(PlanError(m.row, "title", f"{m.title!r} is listed again for {m.project_ref} "
                                                          f"(first on {m.unit} {seen[key]})", m.where, m.unit))
        seen.setdefault(key, m.row)


def _check_history(history: list[HistoryRow], errors: _Errors) -> None:
    seen: dict[tuple, int] = {}
    for h in history:
        key = (h.project_ref, h.submitted_at, h.submitted_by_email)
        if key in seen:
            errors.items.append(PlanError(h.row, "submitted_at", f"repeats the update on {h.unit} {seen[key]} "
                                          "(same project, time and person)", h.where, h.unit))
        seen.setdefault(key, h.row)


def milestone_key(title: str) -> str:
    """A milestone's identity within its project: its title, ignoring case and spacing."""
    return " ".join(title.split()).casefold()


# --------------------------------------------------------------------------- table -> PlanFile


@dataclass
class _Context:
    framework: Framework
    tz: str
    now: datetime
    progress: Progress | None
    total: int
    done: int = 0

    def tick(self) -> None:
        self.done += 1
        if self.progress:
            self.progress("read", self.done, self.total)


def _read_table(table: Table, kind: str, plan: PlanFile, errors: _Errors, ctx: _Context) -> None:
    if _header_errors(table, kind, errors):
        return
    if kind == "plan":
        plan.projects = []
    for number, values in table.rows:
        row = _Row(number, values, errors)
        if kind == "plan":
            plan.projects.append(_parse_project(row, ctx.framework))
        elif kind == "milestones":
            plan.milestones.append(_parse_milestone(row))
        elif (h := _parse_history(row, ctx.tz, ctx.now)) is not None:
            plan.history.append(h)
        ctx.tick()
    if kind == "plan" and not plan.projects:
        errors.add(2, "", "the plan has no projects (an empty plan would retire every project)")
    if kind == "plan":
        plan.warnings.extend(f"{table.name}: column {c!r} is not part of a plan and was ignored"
                             for c in table.columns if c and c not in PLAN_COLUMNS + ("source_note",))


def parse_tables(tables: list[tuple[Table, str]], *, framework: Framework | None = None, tz: str = "Europe/London",
                 progress: Progress | None = None, now: datetime | None = None, source: str = "") -> PlanFile:
    """Parse already-classified tables (plan, milestones, history) into one checked PlanFile."""
    ctx = _Context(framework or default_framework(), tz, now or datetime.now(timezone.utc), progress,
                   sum(len(t.rows) for t, _ in tables))
    plan = PlanFile(sources=[t.name for t, _ in tables])
    all_errors: list[PlanError] = []
    several = len(tables) > 1
    for table, kind in tables:
        errors = _Errors(table.name if several else "", table.unit)
        _read_table(table, kind, plan, errors, ctx)
        all_errors += errors.items
    plan_where = next((t.name for t, k in tables if k == "plan"), "") if several else ""
    _finish(plan, all_errors, _Errors(plan_where))
    if all_errors:
        raise PlanFileError(all_errors, source)
    return plan


def _finish(plan: PlanFile, all_errors: list[PlanError], errors: _Errors) -> None:
    """Checks across rows, run once every row is read."""
    if plan.projects is not None:
        _check_projects(plan.projects, errors)
        plan.milestones_with_plan = bool(plan.milestones)
        refs = {p.ref for p in plan.projects}
        for m in plan.milestones:
            if m.project_ref and m.project_ref not in refs:
                errors.items.append(PlanError(m.row, "project_ref", f"{m.project_ref} is not a project in this plan",
                                              m.where, m.unit))
    _check_milestones(plan.milestones, errors)
    _check_history(plan.history, errors)
    all_errors += errors.items


# --------------------------------------------------------------------------- files


def read_csv(path: Path) -> Table:
    """Excel saves CSV as UTF-8 with a BOM, or as Windows-1252: accept both."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    try:
        rows = csv.reader(io.StringIO(text, newline=""))
        # What `dfbot plan export` defused ('=…) comes back as it was (programme/spreadsheet.py).
        return table_from_rows(Path(path).name, [[spreadsheet.restore(v) for v in row] for row in rows])
    except csv.Error as exc:
        raise PlanFileError([PlanError(0, "", f"cannot be read as CSV ({exc})")], Path(path).name) from None


def read_xlsx(path: Path) -> list[Table]:
    """Every sheet, in workbook order (the first holds the projects, `milestones` the milestones)."""
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError) as exc:
        raise PlanFileError([PlanError(0, "", f"is not an Excel workbook ({exc})")], Path(path).name) from None
    try:
        return [table_from_rows(ws.title, ws.iter_rows(values_only=True)) for ws in book.worksheets]
    finally:
        book.close()


def classify_xlsx(tables: list[Table]) -> tuple[list[tuple[Table, str]], list[PlanError]]:
    """The first sheet by its header; then a sheet named milestones or history; other sheets are notes."""
    chosen, errors = [], []
    for i, table in enumerate(tables):
        named = table.name.strip().lower()
        if i == 0:
            kind = kind_of(table.columns)
            if kind is None:
                errors.append(_unknown_kind_error(table))
                continue
        elif named in ("milestones", "history"):
            kind = named
        else:
            continue
        chosen.append((table, kind))
    return chosen, errors


def sibling_milestones(path: Path) -> Path:
    """`plan export plan.csv` writes milestones beside it as plan-milestones.csv; import reads it back."""
    return path.with_name(f"{path.stem}-milestones{path.suffix}")


def read_plan_file(path: str | Path, *, framework: Framework | None = None, tz: str = "Europe/London",
                   progress: Progress | None = None, now: datetime | None = None) -> PlanFile:
    """Read and check a plan, milestones or history file (CSV, XLSX or YAML), or raise PlanFileError."""
    path = Path(path)
    suffix = path.suffix.lower()
    kw = dict(framework=framework, tz=tz, progress=progress, now=now, source=path.name)
    if suffix in (".yaml", ".yml"):
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" (line {mark.line + 1})" if mark else ""
            raise PlanFileError([PlanError(0, "", f"is not valid YAML{line}")], path.name) from None
        return parse_yaml_document(doc, **kw)
    if suffix == ".xlsx":
        tables, errors = classify_xlsx(read_xlsx(path))
        if errors:
            raise PlanFileError(errors, path.name)
        return parse_tables(tables, **kw)
    if suffix in (".csv", ".txt"):
        return parse_tables(_csv_tables(path), **kw)
    raise PlanFileError([PlanError(0, "", f"cannot read {suffix or 'files without an extension'}: "
                                          "use .csv, .xlsx or .yaml")], path.name)


def _csv_tables(path: Path) -> list[tuple[Table, str]]:
    table = read_csv(path)
    kind = kind_of(table.columns)
    if kind is None:
        raise PlanFileError([_unknown_kind_error(table)], path.name)
    tables = [(table, kind)]
    extra = sibling_milestones(path)
    if kind == "plan" and extra.exists():
        tables.append((read_csv(extra), "milestones"))
    return tables


# --------------------------------------------------------------------------- YAML


def parse_yaml_document(doc: Any, *, framework: Framework | None = None, tz: str = "Europe/London",
                        progress: Progress | None = None, now: datetime | None = None, source: str = "") -> PlanFile:
    """A list of mappings, or a mapping with `projects:` (or `milestones:` / `history:`); item numbers from 1."""
    items, kind, default_note, errors = _yaml_items(doc)
    if errors:
        raise PlanFileError(errors, source)
    ctx = _Context(framework or default_framework(), tz, now or datetime.now(timezone.utc), progress, len(items))
    plan = PlanFile(sources=[source])
    errs = _Errors("", "item")
    allowed = {"plan": PLAN_COLUMNS + OPTIONAL_PLAN_KEYS, "milestones": MILESTONE_COLUMNS,
               "history": HISTORY_COLUMNS}[kind]
    if kind == "plan":
        plan.projects = []
    for number, item in enumerate(items, start=1):
        _read_yaml_item(number, item, kind, allowed, default_note, plan, errs, ctx)
    if kind == "plan" and not plan.projects:
        errs.add(1, "", "the plan has no projects (an empty plan would retire every project)")
    all_errors = list(errs.items)
    _finish(plan, all_errors, _Errors("", "item"))
    if all_errors:
        raise PlanFileError(all_errors, source)
    return plan


def _yaml_items(doc: Any) -> tuple[list, str, str | None, list[PlanError]]:
    def bad(message: str) -> tuple[list, str, None, list[PlanError]]:
        return [], "plan", None, [PlanError(1, "", message, unit="item")]

    note = None
    if isinstance(doc, dict):
        keys = [k for k in ("projects", "milestones", "history") if k in doc]
        unknown = sorted(set(doc) - {"projects", "milestones", "history", "source_note"})
        if len(keys) != 1 or unknown:
            return bad("a YAML plan is a list of projects, or a mapping with one of projects, milestones, history"
                       + (f" (unknown key {', '.join(map(str, unknown))})" if unknown else ""))
        items, kind = doc[keys[0]] or [], {"projects": "plan"}.get(keys[0], keys[0])
        note = _text(doc["source_note"]) if "source_note" in doc else None
    elif isinstance(doc, list):
        items = doc
        first = next((i for i in doc if isinstance(i, dict)), {})
        kind = kind_of(normalise_column(k) for k in first) or "plan"
    else:
        return bad("a YAML plan is a list of projects, or a mapping with `projects:`")
    if not isinstance(items, list):
        return bad("the projects must be a YAML list")
    return items, kind, note, []


def _read_yaml_item(number: int, item: Any, kind: str, allowed: tuple[str, ...], default_note: str | None,
                    plan: PlanFile, errs: _Errors, ctx: _Context) -> None:
    if not isinstance(item, dict):
        errs.add(number, "", "is not a mapping of column: value")
        return
    values = {normalise_column(k): v for k, v in item.items()}
    for key in values:
        if key not in allowed:
            errs.add(number, key, f"is not a known key (use {', '.join(allowed)})")
    row = _Row(number, values, errs)
    if kind == "plan":
        if default_note is not None and "source_note" not in values:
            values["source_note"] = default_note
        project = _parse_project(row, ctx.framework)
        plan.projects.append(project)
        plan.milestones.extend(_yaml_milestones(number, values.get("milestones"), project.ref, errs))
    elif kind == "milestones":
        plan.milestones.append(_parse_milestone(row))
    elif (h := _parse_history(row, ctx.tz, ctx.now)) is not None:
        plan.history.append(h)
    ctx.tick()


def _yaml_milestones(number: int, raw: Any, ref: str, errs: _Errors) -> list[MilestoneRow]:
    """Milestones nested under a project; errors name the project's item and the milestone's place."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        errs.add(number, "milestones", "must be a list")
        return []
    found = []
    for i, m in enumerate(raw, start=1):
        prefix = f"milestones[{i}]."
        if not isinstance(m, dict):
            errs.add(number, prefix.rstrip("."), "is not a mapping of title, due_date, status")
            continue
        values = {normalise_column(k): v for k, v in m.items()}
        for key in set(values) - {"title", "due_date", "status"}:
            errs.add(number, prefix + key, "is not a known key (use title, due_date, status)")
        found.append(_parse_milestone(_Row(number, values, errs, prefix), ref))
    return found


# --------------------------------------------------------------------------- writing


def _cell(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value).rstrip("; ").strip()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)


def write_csv(path: Path, rows: list[dict], columns: tuple[str, ...]) -> None:
    """UTF-8 with a BOM so Excel opens it with the right accents; no cell can run as a formula."""
    spreadsheet.write_csv(path, columns, ([_cell(r.get(c)) for c in columns] for r in rows), bom=True)


def write_xlsx(path: Path, sheets: list[tuple[str, tuple[str, ...], list[dict]]]) -> None:
    """Dates as real date cells shown UK style, lists as `;`-separated text, text never a formula."""
    spreadsheet.write_xlsx(path, [
        spreadsheet.Sheet(title, columns, [[r.get(c) if isinstance(r.get(c), date) else _cell(r.get(c)) for c in columns]
                                           for r in rows])
        for title, columns, rows in sheets])


def write_yaml(path: Path, document: Any) -> None:
    write_private_text(path, yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=110))
