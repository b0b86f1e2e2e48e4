"""Whether one project got better or worse since a time asked ("has X slipped since last month?", "has its
progress gone up since last month?"): its RAG, or its percentage when that is asked, now against where it stood at
the end of that time — not its last change of colour whenever that was. Over the fixture plan (25 November 2026:
October is "last month")."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, ref, answer",
    [
        ("has the self-service portal slipped since last month", "CIT-01", "yes"),  # green then, amber now
        ("has digital inclusion slipped since last month?", "CIT-02", "no"),  # amber then (5 October), amber now
        ("has the intranet slipped since last month", "COU-08", "no"),  # red all along
        ("has self-service portal progress gone up since last month", "CIT-01", "yes"),  # 35% then, 55% now
        ("has intranet progress gone up since last month?", "COU-08", "yes"),  # red all along, 12% then, 15% now
        ("has the self-service portal got better since last month", "CIT-01", "no"),
        ("has self-service portal progress gone up since last cycle", "CIT-01", "yes"),  # 50% then, 55% now
        ("has intranet progress gone up since last cycle?", "COU-08", "no"),  # 15% then and now
    ],
)
async def test_better_or_worse_since_a_time_is_now_against_then(db, plan, text, ref, answer):
    got = await _ask(db, text)
    assert got.data.get("answer") == answer, got.text
    assert got.data.get("projects") == [ref], got.text


@pytest.mark.parametrize(
    "text, ref, answer",
    [
        ("has the self-service portal progressed since last month", "CIT-01", "yes"),  # 20% then, 55% now
        ("has the intranet progressed since last cycle?", "COU-08", "no"),  # 15% then and now
        ("is the self-service portal further on than last cycle?", "CIT-01", "yes"),  # 50% then, 55% now
        ("is the intranet further along than last cycle", "COU-08", "no"),
    ],
)
async def test_progressed_or_further_on_than_a_time_is_its_percentage_now_against_then(db, plan, text, ref, answer):
    got = await _ask(db, text)
    assert got.data.get("answer") == answer, got.text
    assert got.data.get("projects") == [ref], got.text
