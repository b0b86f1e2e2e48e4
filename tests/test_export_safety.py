"""Exports cannot carry formulas: every CSV and XLSX the bot writes goes through services/files/spreadsheets.py.

A project named `=HYPERLINK(...)`, a milestone titled `@SUM(...)`, a lead whose Teams name starts
with `+`: exported raw, each would run as a formula in the Excel of whoever opens the file.
Re-importing what the export wrote must still give back exactly the original text.
"""

from __future__ import annotations

import csv

import pytest
from openpyxl import load_workbook

from services.files import spreadsheets as spreadsheet
from services.files.plan_io import export_path, import_path
from services.files.tables import read_csv
from tests import plan_fixtures as fx
from tests.test_plan_import import dump

PREFIXES = ["=", "+", "-", "@", "\t", "\r"]
LIVE = ('=HYPERLINK("http://evil.example","Click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1,2)")


def hostile_plan() -> list[dict]:
    """The fixture plan with formula-looking text in every free-text field the export writes."""
    plan = fx.build_plan()
    plan[0]["name"] = LIVE[0]
    plan[1]["description"] = LIVE[1]
    plan[2]["aliases"] = [LIVE[2], "- a bullet", "'quoted"]
    plan[3]["milestones"][0]["title"] = LIVE[3]
    plan[4]["leads"] = [("=Boss Name", f"boss.name@{fx.DOMAIN}")]
    return plan


def test_every_prefix_is_defused_and_restored_exactly():
    for prefix in PREFIXES:
        for text in (f"{prefix}1+1", f"{prefix}", f"'{prefix}x", f"''{prefix}"):
            safe = spreadsheet.defuse(text)
            assert safe.startswith("'") and spreadsheet.restore(safe) == text
    assert spreadsheet.defuse("Plain text") == "Plain text" and spreadsheet.restore("'007") == "'007"


def test_each_prefix_in_a_csv_is_text_and_reads_back_as_written(tmp_path):
    path = tmp_path / "cells.csv"
    values = [f'{p}HYPERLINK("http://evil.example")' for p in PREFIXES]
    spreadsheet.write_csv(path, ["value"], [[v] for v in values], bom=True)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        raw = [row[0] for row in csv.reader(fh)][1:]
    assert all(cell.startswith("'") for cell in raw)  # a spreadsheet shows these as text
    table = read_csv(path)
    assert [row["value"] for _, row in table.rows] == values


def test_each_prefix_in_an_xlsx_is_a_string_cell_never_a_formula(tmp_path):
    path = tmp_path / "cells.xlsx"
    values = [f'{p}HYPERLINK("http://evil.example")' for p in PREFIXES]
    spreadsheet.write_xlsx(path, [spreadsheet.Sheet("cells", ["value"], [[v] for v in values])])
    ws = load_workbook(path)["cells"]
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    # XLSX is XML, and XML reads a carriage return as a line feed: the text is otherwise unchanged.
    assert [c.value for c in cells] == [v.replace("\r", "\n") for v in values]
    assert all(c.data_type == "s" and c.quotePrefix for c in cells)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
async def test_a_plan_export_carries_no_formula_and_reimports_unchanged(db, tmp_path, fmt):
    await import_path(db, fx.write_yaml(hostile_plan(), tmp_path / "hostile.yaml"))
    before = await dump(db)
    assert any(p[1] == LIVE[0] for p in before["projects"])  # the text went in as typed

    written = await export_path(db, tmp_path / f"export.{fmt}")

    if fmt == "csv":
        cells = [
            cell for path in written for row in csv.reader(path.open(encoding="utf-8-sig", newline="")) for cell in row
        ]
        assert not [c for c in cells if c.startswith(tuple(PREFIXES))]
        assert {"'" + t for t in LIVE} <= set(c for cell in cells for c in cell.split("; "))
    else:
        book = load_workbook(written[0])
        cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if c.value is not None]
        assert not [c for c in cells if c.data_type == "f"]
        assert {c.value for c in cells if isinstance(c.value, str) and c.value.startswith(tuple(PREFIXES))} >= {
            LIVE[0],
            LIVE[1],
            LIVE[3],
            "=Boss Name",
        }

    report = await import_path(db, written[0])
    assert not report.changed
    assert await dump(db) == before
