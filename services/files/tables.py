"""A CSV file or an XLSX workbook read into tables (`programme.planfile.Table`): a header on row 1, then
rows numbered as the spreadsheet shows them. What the rows mean is for `programme/` to say; a file
that cannot be read at all is a `PlanFileError` at row 0 (the file as a whole).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from programme.planfile import PlanError, PlanFileError, Table, table_from_rows
from programme.spreadsheet import restore


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
        return table_from_rows(Path(path).name, [[restore(v) for v in row] for row in rows])
    except csv.Error as exc:
        raise PlanFileError([PlanError(0, "", f"cannot be read as CSV ({exc})")], Path(path).name) from None


def read_xlsx(path: Path) -> list[Table]:
    """Every sheet, in workbook order (the first holds the projects, `milestones` the milestones)."""
    from zipfile import BadZipFile  # start-up time: openpyxl loads only when a workbook is read

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
