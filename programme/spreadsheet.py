"""Formula-safe cells: the rule every spreadsheet the bot writes (CSV and XLSX) follows, as plain functions.

Every export — the plan (`dfbot plan export`), updates for publication (FOI), the audit log — is
opened by someone in Excel. Text that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is
read by Excel (and LibreOffice, Google Sheets) as a formula, so a project name like
`=HYPERLINK("http://evil.example","Click")` or a DDE payload would run on the reader's machine
(OWASP, "CSV Injection"). openpyxl stores any text starting with `=` as a formula too.

- CSV: such text gets a leading apostrophe (`'=1+1`), which spreadsheets show as text. Text that
  already starts with an apostrophe gets one more, so `restore` (used when a CSV is imported again)
  takes exactly one off and gives back the original text, whatever it was.
- XLSX: text cells are always stored as strings (never a formula) and marked "quote prefix", so
  Excel keeps them text even when someone edits the cell; the text itself is unchanged.

The files themselves are written, owner-only, by services/files/spreadsheets.py.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def defuse(value: Any) -> Any:
    """Text a spreadsheet would run, with an apostrophe in front (so would text starting with one)."""
    if isinstance(value, str) and value.startswith((*FORMULA_START, QUOTE)):
        return QUOTE + value
    return value


def restore(text: Any) -> Any:
    """The inverse of `defuse`, for text read back from a CSV: `restore(defuse(t)) == t` for any text.

    A hand-made file's `'007` stays as it is (the apostrophe protects nothing a formula could use)."""
    if isinstance(text, str) and len(text) > 1 and text[0] == QUOTE and text[1] in (*FORMULA_START, QUOTE):
        return text[1:]
    return text


def csv_cell(value: Any) -> Any:
    """Dates as ISO 8601 (open data standards ask for it), None as empty, text defused."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return "" if value is None else defuse(value)
