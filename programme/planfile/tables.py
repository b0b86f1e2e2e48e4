"""A table as a plan file gives it: a header on row 1, then rows numbered as the spreadsheet shows them.

Which kind a table is (plan, milestones or history) follows from its header; a workbook's first sheet
says it by its header, and later sheets by their names. Writing goes the other way: `export_cell` is a
value as the export writes it in a cell (lists `;`-separated, dates ISO).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from .errors import Errors, PlanError
from .rows import HISTORY_COLUMNS, HISTORY_REQUIRED, MILESTONE_COLUMNS, PLAN_COLUMNS
from .values import cell_text


@dataclass
class Table:
    """One sheet or file: rows keyed by normalised column names, each with its spreadsheet row number."""

    name: str
    columns: list[str]
    rows: list[tuple[int, dict[str, Any]]]
    unit: str = "row"


def normalise_column(name: Any) -> str:
    return re.sub(r"[\s\-]+", "_", cell_text(name).strip().lower())


def table_from_rows(name: str, raw_rows: Iterable[Iterable[Any]]) -> Table:
    """Header on row 1; blank rows are skipped but still counted, as a spreadsheet shows them."""
    rows_iter = iter(raw_rows)
    header = [normalise_column(c) for c in next(rows_iter, [])]
    while header and not header[-1]:
        header.pop()
    rows = []
    for number, raw in enumerate(rows_iter, start=2):
        values = list(raw)
        if all(cell_text(v) == "" for v in values):
            continue
        rows.append((number, {col: values[i] if i < len(values) else None for i, col in enumerate(header) if col}))
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


def header_errors(table: Table, kind: str, errors: Errors) -> bool:
    required = {"plan": PLAN_COLUMNS, "milestones": MILESTONE_COLUMNS, "history": HISTORY_REQUIRED}[kind]
    missing = [c for c in required if c not in table.columns]
    dupes = sorted({c for c in table.columns if c and table.columns.count(c) > 1})
    if missing:
        errors.add(
            1,
            "",
            f"the header lacks column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)} (a {kind} file needs {', '.join(required)})",
        )
    for c in dupes:
        errors.add(1, c, "this column appears more than once")
    return bool(missing or dupes)


def unknown_kind_error(table: Table) -> PlanError:
    return PlanError(
        1,
        "",
        "the header matches neither a plan ("
        + ", ".join(PLAN_COLUMNS)
        + "), milestones ("
        + ", ".join(MILESTONE_COLUMNS)
        + ") nor history ("
        + ", ".join(HISTORY_COLUMNS)
        + ")",
        table.name if table.unit == "row" else "",
        table.unit,
    )


def classify_xlsx(tables: list[Table]) -> tuple[list[tuple[Table, str]], list[PlanError]]:
    """The first sheet by its header; then a sheet named milestones or history; other sheets are notes."""
    chosen, errors = [], []
    for i, table in enumerate(tables):
        named = table.name.strip().lower()
        if i == 0:
            kind = kind_of(table.columns)
            if kind is None:
                errors.append(unknown_kind_error(table))
                continue
        elif named in ("milestones", "history"):
            kind = named
        else:
            continue
        chosen.append((table, kind))
    return chosen, errors


def export_cell(value: Any) -> str:
    """A value as a plan export writes it in a cell: lists `;`-separated, dates ISO 8601, None empty."""
    if isinstance(value, list | tuple):
        return "; ".join(export_cell(v) for v in value).rstrip("; ").strip()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else str(value)
