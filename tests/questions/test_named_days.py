"""Days with names: "on christmas day", "on new year's eve", "boxing day", "since christmas eve" — the most recent such
day (the coming one for a question looking ahead), one day long with "on", from it with "since" (tarn's and the other
sets' Christmas windows; "since christmas eve" left "eve" over). Seen failing first (no window read)."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions.dates import find
from programme.questions.normalise import clean

TODAY = date(2028, 1, 4)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("who updated on new year's eve", date(2027, 12, 31), date(2027, 12, 31)),
        ("did anyone update on christmas day?!", date(2027, 12, 25), date(2027, 12, 25)),
        ("which updates came in on New Year's Day", date(2028, 1, 1), date(2028, 1, 1)),
        ("boxing day updates", date(2027, 12, 26), date(2027, 12, 26)),
        ("what's changed since christmas eve", date(2027, 12, 24), TODAY),
        ("anything since new years day", date(2028, 1, 1), TODAY),
    ],
)
def test_a_named_day_is_that_day(text, start, end):
    found = find(clean(text), TODAY, "past")
    assert found.range is not None, text
    assert (found.range.start, found.range.end) == (start, end)
    assert not {"eve", "day", "boxing", "year", "years"} & set(found.rest.split()), found.rest


def test_a_named_day_still_to_come_when_looking_ahead():
    found = find(clean("what's due on christmas eve"), date(2027, 11, 2), "future")
    assert (found.range.start, found.range.end) == (date(2027, 12, 24), date(2027, 12, 24))


def test_last_years_day_when_this_years_is_still_to_come():
    found = find(clean("who updated on new year's eve"), date(2027, 11, 2), "past")
    assert found.range.start == date(2026, 12, 31)


def test_between_now_and_a_named_day_runs_from_today():
    found = find(clean("hi bot anything due between now and christmas eve?"), date(2027, 11, 2), "future")
    assert (found.range.start, found.range.end) == (date(2027, 11, 2), date(2027, 12, 24))
    assert "now" not in found.rest.split() and "between" not in found.rest.split(), found.rest
