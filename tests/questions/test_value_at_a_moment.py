"""A project's RAG or % complete at a past moment ("its % at the end of October", "its RAG in August", "at the start
of November", "last week"): the latest update at or before that instant, never today's, the answer saying the window
it read. Over the fixture plan (now Wednesday 25 November 2026); Digital self-service portal (CIT-01) reported
Green 20, 25, 30, 35% on 5, 12, 19, 26 October, then Amber 40 … 55% on 2, 9, 16, 23 November."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from store.models import Project, StatusUpdate
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, rag, progress",
    [
        ("what was the self-service portal's % at the end of october", "green", 35),
        ("self-service portal % complete at the start of november?", "green", 35),
        ("what % was the customer portal at end of october", "green", 35),
        ("what was the self-service portal's progress at the end of october?", "green", 35),
    ],
)
async def test_a_figure_at_a_past_instant_is_the_latest_update_by_then(db, plan, text, rag, progress):
    got = await _ask(db, text)
    assert (got.data.get("rag"), got.data.get("progress")) == (rag, progress), got.text
    assert "26 October 2026" in got.text, got.text  # the update it read, said


async def test_a_moment_before_the_history_shown_still_finds_the_update_of_then(db, plan):
    async with db.unit_of_work() as s:
        pid = (await s.execute(select(Project.id).where(Project.ref == "CIT-01"))).scalar_one()
        opens = datetime(2026, 8, 17, 9, tzinfo=UTC)
        cycle = fixture._cycle(date(2026, 8, 17), 0)
        s.add(cycle)
        await s.flush()
        s.add(
            StatusUpdate(
                project_id=pid,
                cycle_id=cycle.id,
                version=1,
                submitted_at=opens,
                submitted_by_name="Priya Shah",
                source="import",
                rag="red",
                progress_pct=12,
                summary="Discovery under way.",
            )
        )
    got = await _ask(db, "what was the self-service portal's rag in august")
    assert (got.data.get("rag"), got.data.get("progress")) == ("red", 12), got.text
    assert "August 2026" in got.text and "17 August 2026" in got.text, got.text


async def test_last_week_says_the_window_it_read(db, plan):
    got = await _ask(db, "what was the self-service portal's rag last week")
    assert (got.data.get("rag"), got.data.get("progress")) == ("amber", 50), got.text
    assert (got.data.get("since"), got.data.get("until")) == ("2026-11-16", "2026-11-22"), got.data


async def test_a_moment_compared_with_now_stays_a_comparison(db, plan):
    got = await _ask(db, "what was the self-service portal's progress at the end of october compared to now")
    assert got.data.get("progress") == 55, got.text
