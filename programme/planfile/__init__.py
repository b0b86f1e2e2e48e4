"""Reading the programme office's plan files: projects, milestones and update history.

The office keeps its plan in a spreadsheet, so the importer meets it there: CSV (header row),
XLSX (first sheet, plus a sheet named `milestones`) or YAML. Every problem is collected with the
row a person would look at in their spreadsheet (the header is row 1) and reported together,
so one round of corrections fixes the file. Nothing here opens a file or touches the database:
services/files/ reads the file into rows (`Table`) or a YAML document and hands them over, and the
store applies a `PlanFile` only once it has parsed cleanly.

    errors.py     PlanError, PlanFileError: what is wrong, by row and column
    framework.py  the priority areas and enablers (Cabinet report, paragraphs 14–15)
    rows.py       the columns, and the parsed rows a PlanFile holds
    values.py     one cell: dates, moments, emails, percentages, statuses, lists, risks
    tables.py     a table's header and rows, which kind it is, a value as an export writes it
    parsing.py    one row into a ProjectRow, MilestoneRow or HistoryRow
    reading.py    tables or a YAML document into one checked PlanFile
"""

from __future__ import annotations

from ..updates import Risk  # the risks of a history row are an update's
from .errors import MAX_ERRORS_SHOWN, PlanError, PlanFileError
from .framework import (
    DEFAULT_SOURCE_NOTE,
    Framework,
    FrameworkItem,
    default_framework,
    default_source_note,
    normalise_label,
)
from .reading import milestone_key, parse_tables, parse_yaml_document
from .rows import (
    HISTORY_COLUMNS,
    HISTORY_REQUIRED,
    MAX_LEN,
    MILESTONE_COLUMNS,
    OPTIONAL_PLAN_KEYS,
    PLAN_COLUMNS,
    SENSITIVE_PREFIX,
    Contact,
    HistoryRow,
    MilestoneRow,
    PlanFile,
    Progress,
    ProjectRow,
    Ticker,
)
from .tables import Table, classify_xlsx, export_cell, kind_of, normalise_column, table_from_rows, unknown_kind_error
from .values import normalise_ref, parse_date, parse_datetime, parse_email  # the cell readers used elsewhere

__all__ = [
    "DEFAULT_SOURCE_NOTE",
    "HISTORY_COLUMNS",
    "HISTORY_REQUIRED",
    "MAX_ERRORS_SHOWN",
    "MAX_LEN",
    "MILESTONE_COLUMNS",
    "OPTIONAL_PLAN_KEYS",
    "PLAN_COLUMNS",
    "SENSITIVE_PREFIX",
    "Contact",
    "Framework",
    "FrameworkItem",
    "HistoryRow",
    "MilestoneRow",
    "PlanError",
    "PlanFile",
    "PlanFileError",
    "Progress",
    "ProjectRow",
    "Risk",
    "Table",
    "Ticker",
    "classify_xlsx",
    "default_framework",
    "default_source_note",
    "export_cell",
    "kind_of",
    "milestone_key",
    "normalise_column",
    "normalise_label",
    "normalise_ref",
    "parse_date",
    "parse_datetime",
    "parse_email",
    "parse_tables",
    "parse_yaml_document",
    "table_from_rows",
    "unknown_kind_error",
]
