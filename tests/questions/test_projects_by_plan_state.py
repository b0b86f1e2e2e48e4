"""Projects by where the plan has them today: "which projects have finished" (end date before today) and "what
projects haven't started yet" (start date after today), open to everyone. The first was "not sure"; the second was
read as who has not updated (refused to most askers). Seen failing first."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from programme.access import Viewer
from tests.questions import fixture

MEMBER_IN_CHANNEL = Viewer(name="Sam Jones", conversation_type="channel")
TODAY = fixture.NOW.astimezone(ZoneInfo(fixture.TZ)).date()


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER_IN_CHANNEL, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, key, day",
    [
        ("which projects have finished", "until", TODAY - timedelta(days=1)),
        ("what projects haven't started yet", "since", TODAY + timedelta(days=1)),
        ("which projects are yet to start", "since", TODAY + timedelta(days=1)),
    ],
)
async def test_a_plan_state_is_a_list_by_the_plans_dates(db, plan, text, key, day):
    got = await _ask(db, text)
    assert got.kind == "projects_by_rag", (got.kind, got.text)
    assert got.data.get(key) == day.isoformat(), got.data
