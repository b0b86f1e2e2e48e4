"""A day of the month named by its number alone ("what came in on the 1st", "since the 14th", "by the 30th"), as
staff type it. Seen failing first: no date read (Kellingshire's "what came in on the 1st" counted a whole week)."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import dates
from tests.questions import fixture
from tests.questions.conftest import MEMBER

TODAY = date(2027, 11, 2)


@pytest.mark.parametrize(
    "text,start,end",
    [
        ("what came in on the 1st", date(2027, 11, 1), date(2027, 11, 1)),
        ("updates on the 28th?", date(2027, 10, 28), date(2027, 10, 28)),  # still to come this month: the last one
        ("what changed since the 1st please", date(2027, 11, 1), TODAY),
        ("which milestones are due by the 15th", None, date(2027, 11, 15)),
        ("anything due before the 1st", None, date(2027, 12, 1)),  # gone this month: looking ahead, the next
    ],
)
def test_a_day_named_by_its_number(text, start, end):
    found = dates.find(text, TODAY, "past")
    assert found.range is not None, found
    assert (found.range.start, found.range.end) == (start, end), found


@pytest.mark.parametrize("text", ["is the 2nd phase on track", "how did the 3rd round go", "on the 1st floor"])
def test_an_ordinal_that_is_not_a_day_is_left_alone(text):
    assert dates.find(text, TODAY, "past").range is None


def test_a_day_the_month_does_not_have_is_said():
    assert "no 31st" in dates.find("what came in on the 31st", date(2027, 12, 2), "past").error


async def test_what_came_in_on_a_day_is_that_day(db, plan):
    from services.ask import ask as ask_bot

    got = await ask_bot(db, "what came in on the 20th", MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
    assert "20 November 2026" in got.text and "calendar week" not in got.text, got.text
