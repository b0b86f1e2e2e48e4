"""In the next month, with "the", is the month from today, as "in the next two weeks" is the fortnight from today;
"next month" alone stays the calendar month. beck's key: due in the next month = due 2 Nov .. 2 Dec. Seen failing
first (the calendar month, December)."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions.dates import find

WED = date(2026, 11, 25)


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("milestones due in the next month", WED, date(2026, 12, 25)),
        ("anything due over the coming month", WED, date(2026, 12, 25)),
        ("what is due within the next month", WED, date(2026, 12, 25)),
        ("milestones in the next week", WED, date(2026, 12, 2)),
        ("due next month", date(2026, 12, 1), date(2026, 12, 31)),
        ("what is due next week", date(2026, 11, 30), date(2026, 12, 6)),
    ],
)
def test_the_next_month_runs_from_today(text, start, end):
    found = find(text, WED, "future")
    assert found.range is not None, found
    assert (found.range.start, found.range.end) == (start, end), found.range
