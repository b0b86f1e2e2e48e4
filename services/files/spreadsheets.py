"""The one way the bot writes spreadsheets (CSV and XLSX): no cell can become a live formula.

The rule (which text a spreadsheet would run, and how it is defused) is plain Python in
programme/spreadsheet.py; this module writes the files with it, so every export — the plan, updates
for publication (FOI), the decisions log, the audit log — goes through one writer:

- CSV: every cell through `csv_cell` (text defused with a leading apostrophe, dates ISO 8601).
- XLSX: text cells are always stored as strings (never a formula) and marked "quote prefix", so
  Excel keeps them text even when someone edits the cell; the text itself is unchanged.

Files are created owner-only (infra/private_files.py): exports hold names and emails.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from infra.private_files import open_private
from programme.spreadsheet import FORMULA_START, csv_cell, defuse, restore

__all__ = ["CsvWriter", "Sheet", "csv_cell", "defuse", "open_csv", "restore", "write_csv", "write_xlsx"]
DATE_FORMAT = "DD/MM/YYYY"  # UK style, as every date shown to people


class CsvWriter:
    """`csv.writer` over a private file whose every cell goes through `csv_cell`."""

    def __init__(self, fh: IO[str]) -> None:
        self._writer = csv.writer(fh)

    def row(self, values: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(v) for v in values])

    def rows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.row(values)


def open_csv(path: str | Path, *, bom: bool = False) -> IO[str]:
    """A private text file for `CsvWriter` (`bom`: UTF-8 with a BOM, so Excel reads accents right)."""
    return open_private(path, "w", encoding="utf-8-sig" if bom else "utf-8", newline="")


def write_csv(path: str | Path, header: Sequence[str], rows: Iterable[Iterable[Any]], *, bom: bool = False) -> None:
    with open_csv(path, bom=bom) as fh:
        writer = CsvWriter(fh)
        writer.row(header)
        writer.rows(rows)


@dataclass(frozen=True)
class Sheet:
    title: str
    header: Sequence[str] | None
    rows: Iterable[Sequence[Any]]
    bold_header: bool = False
    freeze_header: bool = False


def write_xlsx(path: str | Path, sheets: Sequence[Sheet]) -> None:
    """A workbook whose text is only ever text, dates real dates shown UK style."""
    from openpyxl import Workbook  # start-up time: openpyxl loads only when a workbook is written
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.worksheets[0])  # the empty sheet every new workbook starts with
    for sheet in sheets:
        ws = book.create_sheet(sheet.title)
        r = 0
        if sheet.header is not None:
            r = 1
            for c, name in enumerate(sheet.header, start=1):
                _put(ws.cell(row=r, column=c), name)
                if sheet.bold_header:
                    ws.cell(row=r, column=c).font = Font(bold=True)
            if sheet.freeze_header:
                ws.freeze_panes = "A2"
        for values in sheet.rows:
            r += 1
            for c, value in enumerate(values, start=1):
                _put(ws.cell(row=r, column=c), value)
    with open_private(path, "wb") as fh:
        book.save(fh)


def _put(cell: Any, value: Any) -> None:
    if value is None or value == "":
        return
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # openpyxl made anything starting with "=" a formula: it is text
        if value.startswith(FORMULA_START):
            cell.quotePrefix = True  # and stays text when someone edits it in Excel
    elif isinstance(value, datetime | date):
        cell.number_format = DATE_FORMAT
