"""The programme office at the command line: a subject access request, an erasure, a purge, an FOI export."""

from __future__ import annotations

import asyncio
import csv
import json
import logging

import pytest
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from store.db import Database
from tests.governance_fixtures import SENSITIVE_RISK, ZOE_EMAIL, ZOE_NAME, every_stored_text, leaks, seed


@pytest.fixture
def office(db_url, tmp_path, monkeypatch):
    """The configured bot (env as in production) with the seeded programme; logging put back afterwards."""
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("EXPORT_DIR", str(tmp_path / "exports"))
    get_settings.cache_clear()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    asyncio.run(_with_db(db_url, lambda db: seed(db, tmp_path / "outbox")))
    yield tmp_path
    root.handlers[:], level = saved
    root.setLevel(level)
    get_settings.cache_clear()


async def _with_db(url, work):
    db = Database(url)
    try:
        return await work(db)
    finally:
        await db.dispose()


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_person_export_writes_json_and_html_into_the_export_folder(office):
    result = run("person", "export", ZOE_EMAIL, "--reference", "SAR-1")
    assert result.exit_code == 0, result.output
    [page] = (office / "exports").glob("subject-access-person-*.html")
    [data] = (office / "exports").glob("subject-access-person-*.json")
    assert "Digital Inclusion" in page.read_text(encoding="utf-8")
    assert json.loads(data.read_text(encoding="utf-8"))["held"]["person"]["email"] == ZOE_EMAIL


def test_person_forget_asks_first_and_then_leaves_nothing_behind(office, db_url):
    refused = CliRunner().invoke(app, ["person", "forget", ZOE_EMAIL], input="n\n")
    assert refused.exit_code != 0
    result = run("person", "forget", ZOE_EMAIL, "--yes", "--reference", "ERA-1")
    assert result.exit_code == 0, result.output
    assert "CIT-01" in result.output  # the project that now needs a lead
    assert leaks(asyncio.run(_with_db(db_url, every_stored_text))) == []
    assert leaks([("f", "", p.read_text(encoding="utf-8")) for p in (office / "outbox").iterdir()]) == []


def test_unknown_people_get_a_clear_message_and_a_failing_exit(office):
    result = CliRunner().invoke(app, ["person", "export", "nobody@council.example"])
    assert result.exit_code == 1 and "Nothing was written" in result.output


def test_retention_purge_reports_counts(office):
    result = run("retention", "purge", "--dry-run")
    assert result.exit_code == 0 and "Would remove" in result.output and "processed activities" in result.output
    assert run("retention", "purge").exit_code == 0


def test_updates_export_leaves_out_sensitive_risks_and_names(office):
    out = office / "published.csv"
    result = run("updates", "export", "--since", "01/11/2026", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "1 risks marked sensitive were left out" in result.output
    text = out.read_text(encoding="utf-8")
    assert SENSITIVE_RISK not in text and ZOE_NAME not in text and ZOE_EMAIL not in text
    assert len(list(csv.DictReader(text.splitlines()))) == 2


def test_updates_export_refuses_a_bad_date_or_format(office):
    assert CliRunner().invoke(app, ["updates", "export", "--since", "last tuesday"]).exit_code != 0
    bad = CliRunner().invoke(app, ["updates", "export", "--since", "2026-11-01", "--out", str(office / "x.pdf")])
    assert bad.exit_code == 1 and ".csv or .xlsx" in bad.output
