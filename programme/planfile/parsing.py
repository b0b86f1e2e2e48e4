"""One row of a plan, milestones or history table read into its parsed form, every bad cell an error at its column."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..terms import normalise_rag
from .errors import Errors
from .framework import Framework
from .rows import MAX_LEN, Contact, HistoryRow, MilestoneRow, ProjectRow
from .values import (
    cell_text,
    normalise_ref,
    parse_date,
    parse_datetime,
    parse_email,
    parse_milestone_status,
    parse_percent,
    parse_risks,
    split_list,
)


class Row:
    """Reads one row's cells, turning each bad value into an error at its column."""

    def __init__(self, number: int, values: dict[str, Any], errors: Errors, prefix: str = "") -> None:
        self.number, self.values, self.errors, self.prefix = number, values, errors, prefix

    def get(self, column: str) -> Any:
        return self.values.get(column)

    def text(self, column: str, *, required: bool = False, limit: int | None = None) -> str:
        value = cell_text(self.get(column))
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


def parse_project(row: Row, framework: Framework) -> ProjectRow:
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
        row=row.number,
        ref=ref,
        name=name,
        priority_area=_parse_area(row, framework),
        enablers=_parse_enablers(row, framework),
        description=cell_text(row.get("description")),
        leads=_parse_contacts(row, "lead_email", "lead_name"),
        deputies=_parse_contacts(row, "deputy_email", None),
        start_date=start,
        end_date=end,
        aliases=_parse_aliases(row, name),
        source_note=None if note is None else cell_text(note),
    )


def _parse_area(row: Row, framework: Framework) -> str | None:
    text = row.text("priority_area")
    if not text:
        return None
    item = framework.find_area(text)
    if item is None:
        row.error(
            "priority_area",
            f"{text!r} is not a priority area (use one of {', '.join(a.name for a in framework.areas)})",
        )
        return None
    return item.key


def _parse_enablers(row: Row, framework: Framework) -> tuple[str, ...]:
    keys: list[str] = []
    for text in split_list(row.get("enablers")):
        item = framework.find_enabler(text)
        if item is None:
            row.error("enablers", f"{text!r} is not an enabler (use {'; '.join(e.name for e in framework.enablers)})")
        elif item.key not in keys:
            keys.append(item.key)
    return tuple(keys)


def _parse_contacts(row: Row, email_col: str, name_col: str | None) -> tuple[Contact, ...]:
    """Leads are email; name pairs in step: the second name belongs to the second email."""
    emails = split_list(row.get(email_col))
    names = split_list(row.get(name_col), keep_empty=True) if name_col else []
    if len(names) == 1 < len(emails):
        names = _joint_names(names[0], len(emails))
    if name_col and len(names) > len(emails):
        row.error(
            name_col,
            f"gives {len(names)} names but {email_col} gives {len(emails)} email addresses; "
            f"list them in the same order, separated by ';'",
        )
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


_JOINING = re.compile(r"\s*(?:&|\band\b|/|,|\+)\s*", re.IGNORECASE)


def _joint_names(text: str, count: int) -> list[str]:
    """'Ann Lee & Bo Chan' beside two addresses is two names; split only when the parts match the addresses."""
    parts = [part.strip() for part in _JOINING.split(text)]
    return parts if len(parts) == count and all(parts) else [text]


def _parse_aliases(row: Row, name: str) -> tuple[str, ...]:
    seen = {name.casefold()}
    aliases = []
    for alias in split_list(row.get("aliases")):
        if len(alias) > MAX_LEN["alias"]:
            row.error("aliases", f"{alias[:40]!r}… is longer than {MAX_LEN['alias']} characters")
        elif alias.casefold() not in seen:
            seen.add(alias.casefold())
            aliases.append(alias)
    return tuple(aliases)


def parse_milestone(row: Row, ref: str | None = None) -> MilestoneRow:
    project_ref = ref if ref is not None else normalise_ref(row.get("project_ref"))
    if not project_ref:
        row.error("project_ref", "is required")
    return MilestoneRow(
        row=row.number,
        project_ref=project_ref,
        title=row.text("title", required=True, limit=MAX_LEN["title"]),
        due_date=row.parse("due_date", parse_date),
        status=row.parse("status", parse_milestone_status) or "not started",
        where=row.errors.where,
        unit=row.errors.unit,
    )


def parse_history(row: Row, tz: str, now: datetime) -> HistoryRow | None:
    ref = normalise_ref(row.get("project_ref"))
    if not ref:
        row.error("project_ref", "is required")
    at = row.parse("submitted_at", lambda v: parse_datetime(v, tz))
    if at is None and not row.text("submitted_at"):
        row.error("submitted_at", "is required")
    elif at is not None and at > now:
        row.error("submitted_at", f"{cell_text(row.get('submitted_at'))!r} is in the future")
    email = row.parse("submitted_by_email", lambda v: parse_email(v) if cell_text(v) else None)
    rag = normalise_rag(row.text("rag"))
    if rag is None:
        row.error(
            "rag",
            f"{row.text('rag')!r} is not a RAG rating (use green, amber or red)"
            if row.text("rag")
            else "is required (green, amber or red)",
        )
    progress = row.parse("progress_pct", parse_percent)
    if at is None or rag is None:
        return None
    return HistoryRow(
        row=row.number,
        project_ref=ref,
        submitted_at=at,
        submitted_by_email=email,
        rag=rag,
        progress_pct=progress,
        summary=row.text("summary"),
        achievements=row.text("achievements"),
        next_steps=row.text("next_steps"),
        risks=parse_risks(row.get("risks")),
        blockers=row.text("blockers"),
        asks_of_dlg=row.text("asks_of_dlg"),
        where=row.errors.where,
        unit=row.errors.unit,
    )
