"""Freedom of information: the programme office publishes updates; nothing sensitive or personal goes with them."""

from __future__ import annotations

import csv
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from programme.foi import COLUMNS, publishable
from programme.spreadsheet import defuse
from services.foi import export_updates
from store import models as M
from tests.governance_fixtures import NOW, OPEN_RISK, SAM_EMAIL, SAM_NAME, SENSITIVE_RISK, ZOE_EMAIL, ZOE_NAME, seed


def _csv(path):
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


async def _add_second_version(db, seeded, summary="Second thoughts: 4 hubs open"):
    async with db.unit_of_work() as s:
        s.add(
            M.StatusUpdate(
                project_id=seeded.inclusion_id,
                cycle_id=seeded.cycle_id,
                version=2,
                submitted_at=NOW - timedelta(days=6),
                submitted_by_id=seeded.zoe_id,
                submitted_by_name=ZOE_NAME,
                rag="red",
                summary=summary,
                risks=[{"text": SENSITIVE_RISK, "sensitive": True}, {"text": OPEN_RISK, "sensitive": False}],
            )
        )


async def test_the_published_csv_has_no_sensitive_risk_no_names_and_no_emails(db, tmp_path):
    seeded = await seed(db)
    await _add_second_version(db, seeded)
    result = await export_updates(db, date(2026, 11, 1), tmp_path / "updates.csv", now=NOW, actor="cli:test")
    text = result.path.read_text(encoding="utf-8")
    rows = _csv(result.path)

    for secret in (SENSITIVE_RISK, ZOE_NAME, ZOE_EMAIL, SAM_NAME, SAM_EMAIL, "Hubs open in 3"):
        assert secret not in text  # "Hubs open in 3" was version 1: drafts are not published
    assert list(rows[0].keys()) == list(COLUMNS)
    inclusion = next(r for r in rows if r["project_ref"] == "CIT-01")
    assert inclusion["rag"] == "Red" and inclusion["risks"] == OPEN_RISK and inclusion["cycle"] == "2026-W47"
    assert inclusion["submitted_on"] == "2026-11-19" and inclusion["priority_area"] == "Digital Citizen"
    care = next(r for r in rows if r["project_ref"] == "CAR-02")
    assert care["summary"] == "Waiting on [name removed] ([email removed]) to sign off the shared kit list."
    assert result.rows == 2 and result.risks_withheld == 1


async def test_names_are_added_only_when_asked_for(db, tmp_path):
    await seed(db)
    result = await export_updates(db, date(2026, 11, 1), tmp_path / "u.csv", now=NOW, actor="cli:test", with_names=True)
    rows = _csv(result.path)
    assert {r["submitted_by"] for r in rows} == {ZOE_NAME, SAM_NAME}
    assert SENSITIVE_RISK not in result.path.read_text(encoding="utf-8")
    async with db.unit_of_work() as s:
        entry = (await s.execute(select(M.AuditEntry).where(M.AuditEntry.action == "foi_export"))).scalar_one()
    assert entry.after == {"rows": 2, "with_names": True, "risks_withheld": 1, "decisions": 0, "format": "csv"}


async def test_the_xlsx_has_real_dates_and_text_never_runs_as_a_formula(db, tmp_path):
    seeded = await seed(db)
    await _add_second_version(db, seeded, summary='=HYPERLINK("http://evil.example","click")')
    result = await export_updates(db, date(2026, 11, 1), tmp_path / "u.xlsx", now=NOW, actor="cli:test")
    wb = load_workbook(result.path)
    ws = wb["updates"]
    header = [c.value for c in ws[1]]
    values = [[c for c in row] for row in ws.iter_rows(min_row=2)]
    summary = [row[header.index("summary")] for row in values]
    assert any(c.value == '=HYPERLINK("http://evil.example","click")' and c.data_type == "s" for c in summary)
    dates = [row[header.index("submitted_on")] for row in values]
    assert all(c.is_date and c.number_format == "DD/MM/YYYY" for c in dates)
    everything = " ".join(str(c.value) for row in values for c in row)
    assert SENSITIVE_RISK not in everything and ZOE_NAME not in everything
    assert "not included" in " ".join(str(r[0].value) for r in wb["about"].iter_rows())


async def test_updates_before_the_date_are_left_out(db, tmp_path):
    await seed(db)
    result = await export_updates(db, date(2026, 11, 18), tmp_path / "u.csv", now=NOW, actor="cli:test")
    assert [r["project_ref"] for r in _csv(result.path)] == ["CAR-02"]


async def test_only_csv_and_xlsx_are_written(db, tmp_path):
    with pytest.raises(ValueError):
        await export_updates(db, date(2026, 11, 1), tmp_path / "u.json", now=NOW, actor="cli:test")


def test_emails_typed_into_free_text_are_removed_and_formulas_defused():
    row = publishable(
        {
            "project_ref": "X",
            "project_name": "X",
            "submitted_at": NOW,
            "rag": "green",
            "summary": "Ask jo.bloggs@council.example",
            "risks": ["plain string risk"],
            "submitted_by_name": "jo.bloggs@council.example",
        },
        tz="Europe/London",
        with_names=True,
    ).row
    assert row["summary"] == "Ask [email removed]" and row["submitted_by"] == "[email removed]"
    assert row["risks"] == "plain string risk"
    assert defuse("=1+1") == "'=1+1" and defuse("-1+1") == "'-1+1" and defuse("@SUM(A1)") == "'@SUM(A1)"
    # A leading "-" is defused even before a space: Excel reads "- 1+cmd|..." as a formula too (OWASP).
    assert defuse("- a bullet") == "'- a bullet"
