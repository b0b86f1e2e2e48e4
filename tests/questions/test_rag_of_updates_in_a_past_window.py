"""'what reported red last cycle', 'amber updates last month': a colour asked of the updates of a past window is the
RAG those updates gave, not the project's RAG today (ashby's key). It listed the projects red today that sent
anything in the window, a confident wrong list. Seen failing first."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from store.models import Project, StatusUpdate
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


async def _reported(db, rag: str, since: str, until: str) -> set[str]:
    tz = ZoneInfo(fixture.TZ)
    start = datetime.combine(date.fromisoformat(since), time(), tz)
    end = datetime.combine(date.fromisoformat(until) + timedelta(days=1), time(), tz)
    async with db.unit_of_work() as s:
        rows = await s.execute(
            select(Project.ref)
            .join(StatusUpdate, StatusUpdate.project_id == Project.id)
            .where(StatusUpdate.rag == rag, StatusUpdate.submitted_at >= start, StatusUpdate.submitted_at < end)
            .where(Project.status == "active")  # a retired project is in no list
        )
        return {ref for (ref,) in rows}


@pytest.mark.parametrize("rag", ["red", "amber", "green"])
async def test_a_colour_of_a_past_windows_updates_is_theirs(db, plan, rag):
    got = await _ask(db, f"which projects reported {rag} last month")
    assert got.kind == "projects_updated", (got.kind, got.text)
    expected = await _reported(db, rag, got.data["since"], got.data["until"])
    assert set(got.data.get("projects", [])) == expected, got.text
