"""`dfbot digest preview` shows the digest without sending it; `dfbot digest post` sends it now, once."""

from __future__ import annotations

import asyncio

import pytest
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from store import digest_repo
from store.db import Database
from tests.digest_fixtures import seed


async def _with_db(url, work):
    db = Database(url)
    try:
        return await work(db)
    finally:
        await db.dispose()


@pytest.fixture
def programme(db_url, tmp_path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("DIGEST_TRANSPORT", "outbox")
    get_settings.cache_clear()
    seeded = asyncio.run(_with_db(db_url, lambda db: seed(db, projects=8, cycles=3)))
    yield tmp_path / "outbox", seeded.current.key, db_url
    get_settings.cache_clear()


def run(*args: str):
    return CliRunner().invoke(app, list(args), catch_exceptions=False)


def test_preview_writes_the_card_and_html_aside_and_sends_nothing(programme):
    outbox, period, url = programme
    result = run("digest", "preview")
    assert result.exit_code == 0, result.output
    assert "Nothing was sent" in result.output and "updates received" in result.output
    page = outbox / "preview" / f"digest-{period}.html"
    assert str(page) in result.output and page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert not list(outbox.glob("digest-*"))
    row = asyncio.run(_with_db(url, lambda db: _row(db, period)))
    assert row.status == "draft"


def test_post_sends_now_through_the_outbox_and_only_once(programme):
    outbox, period, url = programme
    first = run("digest", "post")
    assert first.exit_code == 0, first.output
    assert f"Digest {period} posted through outbox" in first.output
    assert (outbox / f"digest-{period}.card.json").exists()
    second = run("digest", "post")
    assert second.exit_code == 0 and "already been posted" in second.output
    row = asyncio.run(_with_db(url, lambda db: _row(db, period)))
    assert row.status == "posted" and row.approved_by == "cli:digest post" and row.attempts == 1


async def _row(db, period):
    async with db.unit_of_work() as s:
        return await digest_repo.get(s, period)


def test_decisions_agenda_again_posts_only_a_reply_that_was_given_up(programme):
    """`dfbot decisions agenda-again`: an admin's answer to "the agenda reply may or may not have arrived"."""
    from sqlalchemy import update

    from store.models import Digest

    outbox, period, url = programme
    assert run("digest", "post").exit_code == 0
    result = run("decisions", "agenda-again")
    assert result.exit_code == 0 and f"The agenda reply for {period} is not needed" in result.output

    async def mark(db):
        async with db.unit_of_work() as s:
            await s.execute(update(Digest).values(agenda_status="sent"))

    asyncio.run(_with_db(url, mark))
    result = run("decisions", "agenda-again", "--period", period)
    assert result.exit_code == 0 and "already in the thread" in result.output
    result = run("decisions", "agenda-again", "--period", "1999-W01")
    assert result.exit_code == 0 and "There is no digest for 1999-W01" in result.output
