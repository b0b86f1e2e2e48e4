"""The DLG's decisions log imports and exports as CSV and XLSX like the rest of the plan: row-and-column
errors and nothing half-imported, the same file twice changes nothing, and text a spreadsheet would run
as a formula never does (and comes back as it was)."""

from __future__ import annotations

import asyncio
import csv
import logging
from datetime import UTC, datetime

import pytest
from openpyxl import load_workbook
from sqlalchemy import select
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from services.files.decisions_log import export_log, import_log
from services.files.plan_io import PlanFileError
from store.db import Database
from store.models import Ask, AskDecision
from tests.update_fixtures import seed

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example","click")'
LOG = (
    "project_ref,raised_at,ask,decision,decided_at,note\n"
    "DC01,2026-10-05,Approve the £20k for portal hosting,approved,2026-10-12,Two pilots first\n"
    "dc02,05/10/2026,Agree to pause the kiosk pilot,deferred until 2027-01-14,2026-10-12,\n"
    f'DC03,2026-11-02,"{FORMULA.replace(chr(34), chr(34) * 2)}",,,\n'
)


def write(tmp_path, text: str, name: str = "log.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


async def stored(db):
    async with db.unit_of_work() as s:
        asks = (await s.execute(select(Ask).order_by(Ask.id))).scalars().all()
        decisions = (await s.execute(select(AskDecision).order_by(AskDecision.id))).scalars().all()
    return asks, decisions


async def test_a_log_imports_once_and_exports_back_the_same_in_csv_and_xlsx(db, tmp_path):
    await seed(db)
    report = await import_log(db, write(tmp_path, LOG), tz="Europe/London", now=NOW, actor="test")
    assert (report.asks_created, report.decisions_recorded) == (3, 2)
    asks, decisions = await stored(db)
    assert [(a.text, a.status, str(a.deferred_until)) for a in asks] == [
        ("Approve the £20k for portal hosting", "approved", "None"),
        ("Agree to pause the kiosk pilot", "deferred", "2027-01-14"),
        (FORMULA, "open", "None"),
    ]
    assert [d.decided_by_role for d in decisions] == ["import", "import"]

    again = await import_log(db, write(tmp_path, LOG), tz="Europe/London", now=NOW, actor="test")
    assert (again.asks_created, again.decisions_recorded, again.unchanged) == (0, 0, 3)

    for name in ("out.csv", "out.xlsx"):
        assert await export_log(db, tmp_path / name, tz="Europe/London") == 3
        back = await import_log(db, tmp_path / name, tz="Europe/London", now=NOW, actor="test")
        assert (back.asks_created, back.decisions_recorded) == (0, 0), name
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    assert rows[2]["ask"] == "'" + FORMULA  # a spreadsheet shows it as text
    assert rows[1]["decision"] == "deferred until 2027-01-14"
    sheet = load_workbook(tmp_path / "out.xlsx")["decisions"]
    assert sheet.cell(4, 3).value == FORMULA and sheet.cell(4, 3).data_type == "s"
    assert (await stored(db))[0][2].text == FORMULA


async def test_every_bad_cell_is_reported_by_row_and_column_and_nothing_is_imported(db, tmp_path):
    await seed(db)
    bad = (
        "project_ref,raised_at,ask,decision,decided_at,note\n"
        "DC09,2026-10-05,Approve hosting,approved,2026-10-12,\n"
        "DC01,2026-10-05,None,,,\n"
        "DC01,2026-10-05,Approve hosting,maybe,2026-10-12,\n"
        "DC01,2026-10-05,Approve spend,approved,,\n"
        "DC01,2027-10-05,Approve later,,,\n"
        "DC02,2026-10-05,Approve a thing,,,\n"
        "DC02,2026-10-05,approve  a thing,,,\n"
    )
    with pytest.raises(PlanFileError) as caught:
        await import_log(db, write(tmp_path, bad), tz="Europe/London", now=NOW, actor="test")
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {(2, "project_ref"), (3, "ask"), (4, "decision"), (5, "decided_at"), (6, "raised_at"), (8, "ask")}
    assert "row 4, column decision" in str(caught.value)
    assert await stored(db) == ([], [])


async def test_a_log_never_overwrites_a_decision_the_bot_holds(db, tmp_path):
    await seed(db)
    await import_log(db, write(tmp_path, LOG), tz="Europe/London", now=NOW, actor="test")
    other = LOG.replace("approved,2026-10-12,Two pilots first", "declined,2026-10-13,No money")
    with pytest.raises(PlanFileError) as caught:
        await import_log(db, write(tmp_path, other), tz="Europe/London", now=NOW, actor="test")
    assert [(e.row, e.column) for e in caught.value.errors] == [(2, "decision")]
    assert (await stored(db))[0][0].status == "approved"


def test_dfbot_plan_import_recognises_a_decisions_log_by_its_header(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    saved = logging.getLogger().handlers[:]

    async def seeded():
        database = Database(db_url)
        try:
            await seed(database)
        finally:
            await database.dispose()

    asyncio.run(seeded())
    try:
        result = CliRunner().invoke(app, ["plan", "import", str(write(tmp_path, LOG))], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert "3 asks added, 2 decisions recorded" in result.output
        out = CliRunner().invoke(app, ["decisions", "export", str(tmp_path / "log.xlsx")], catch_exceptions=False)
        assert out.exit_code == 0 and "3 asks written" in out.output
    finally:
        logging.getLogger().handlers[:] = saved
        get_settings.cache_clear()
