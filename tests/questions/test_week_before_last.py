"""'who updated the week before last': the calendar week before last week (wold's key; it was read as this week, the
default window, and answered with this week's updates). Seen failing first."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions.dates import find

TUESDAY = date(2028, 8, 29)  # a Tuesday: this week began Monday 28 August, last week Monday 21


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("who updated the week before last", date(2028, 8, 14), date(2028, 8, 20)),
        ("anything in the week before last?", date(2028, 8, 14), date(2028, 8, 20)),
        ("milestones due the month before last", date(2028, 6, 1), date(2028, 6, 30)),
        ("who updated last week", date(2028, 8, 21), date(2028, 8, 27)),  # unchanged
        ("what changed last month", date(2028, 7, 1), date(2028, 7, 31)),  # unchanged
    ],
)
def test_the_week_before_last_is_the_calendar_week_before_last_week(text, start, end):
    found = find(text, TUESDAY, "past")
    assert found.range is not None and (found.range.start, found.range.end) == (start, end), found
    assert "last" not in found.rest.split()  # no word of the window left over to be read as something else


def test_a_monday_counts_back_from_its_own_week():
    found = find("who updated the week before last", date(2028, 8, 28), "past")
    assert (found.range.start, found.range.end) == (date(2028, 8, 14), date(2028, 8, 20))
