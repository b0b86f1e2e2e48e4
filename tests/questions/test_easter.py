"""Easter as a point in time, as Christmas is: "since Easter" is since Easter Sunday (moor's key: since 28 March
2027), "over Easter" Good Friday to Easter Monday, "before Easter" up to Good Friday. Computed for any year, never
a fixed list. Seen failing first (no date read, not sure)."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions.dates import easter_sunday, find


@pytest.mark.parametrize(
    "year, sunday",
    [(2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)), (2027, date(2027, 3, 28))],
)
def test_easter_sunday(year, sunday):
    assert easter_sunday(year) == sunday


@pytest.mark.parametrize(
    "text, today, start, end",
    [
        ("which projects have updated since easter", date(2027, 4, 8), date(2027, 3, 28), date(2027, 4, 8)),
        ("any updates since easter sunday", date(2027, 4, 8), date(2027, 3, 28), date(2027, 4, 8)),
        ("who updated over easter", date(2027, 4, 8), date(2027, 3, 26), date(2027, 3, 29)),
        ("what changed over the easter weekend", date(2027, 4, 8), date(2027, 3, 26), date(2027, 3, 29)),
        ("anything before easter", date(2027, 4, 8), None, date(2027, 3, 25)),
        ("since easter", date(2027, 2, 1), date(2026, 4, 5), date(2027, 2, 1)),  # this year's is still to come
    ],
)
def test_easter_in_a_question(text, today, start, end):
    found = find(text, today, "past")
    assert found.range is not None, found
    assert (found.range.start, found.range.end) == (start, end), found.range
    assert "easter" not in found.rest, found.rest


def test_the_cycle_before_easter_is_not_the_days_before_it():
    """The cycle before easter is a cycle (the store knows its dates), not everything up to Good Friday: never
    read as the window before Easter (a confident wrong answer), at worst not sure."""
    found = find("did the library portal update in the cycle before easter?", date(2027, 4, 8), "past")
    assert found.range is None or found.range.end != date(2027, 3, 25), found.range
