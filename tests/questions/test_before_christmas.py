"""'Before Christmas' about what is still to come (a project's end, a go-live) is the coming Christmas; about what
has been (updates, changes) the last one. Kellingshire asked "which projects end before christmas" on 2 November
2027 and was told of Christmas 2026 (0 projects): seen failing first."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import dates
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text,prefer,until",
    [
        ("before christmas", "future", date(2027, 12, 24)),
        ("before christmas", "past", date(2026, 12, 24)),
        ("before xmas", "near", date(2026, 12, 24)),
    ],
)
def test_before_christmas_looks_the_way_the_question_looks(text, prefer, until):
    found = dates.find(text, date(2027, 11, 2), prefer)
    assert found.range is not None and found.range.end == until, found


def test_over_christmas_ahead_is_the_coming_one():
    found = dates.find("over christmas", date(2027, 11, 2), "future")
    assert found.range is not None and (found.range.start, found.range.end) == (date(2027, 12, 21), date(2028, 1, 3))


async def test_projects_ending_before_christmas_are_those_of_the_coming_one(db, plan):
    got = await _ask(db, "which projects end before christmas")
    assert "2026" in got.text and "2025" not in got.text, got.text
