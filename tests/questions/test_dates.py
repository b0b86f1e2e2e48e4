"""Relative and UK-format dates, read on Wednesday 25 November 2026."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions.dates import find

WED = date(2026, 11, 25)


@pytest.mark.parametrize(
    "text, prefer, start, end",
    [
        ("this week", "past", date(2026, 11, 23), date(2026, 11, 29)),
        ("last week", "past", date(2026, 11, 16), date(2026, 11, 22)),
        ("next week", "future", date(2026, 11, 30), date(2026, 12, 6)),
        ("since last monday", "past", date(2026, 11, 23), WED),
        ("since monday", "past", date(2026, 11, 23), WED),
        ("since 1 march", "past", date(2026, 3, 1), WED),
        ("since 1st nov", "past", date(2026, 11, 1), WED),
        ("since 9/11", "past", date(2026, 11, 9), WED),
        ("since 01/11/26", "past", date(2026, 11, 1), WED),
        ("since 1 december", "past", date(2025, 12, 1), WED),
        ("since yesterday", "past", date(2026, 11, 24), WED),
        ("this month", "future", date(2026, 11, 1), date(2026, 11, 30)),
        ("next month", "future", date(2026, 12, 1), date(2026, 12, 31)),
        ("last month", "past", date(2026, 10, 1), date(2026, 10, 31)),
        ("in the next two weeks", "future", WED, date(2026, 12, 9)),
        ("in the next fortnight", "future", WED, date(2026, 12, 9)),
        ("next 7 days", "future", WED, date(2026, 12, 2)),
        ("in the last 2 weeks", "past", date(2026, 11, 11), WED),
        ("due 25/11/2026", "future", WED, WED),
        ("on 3 march 2027", "future", date(2027, 3, 3), date(2027, 3, 3)),
        ("due in january", "future", date(2027, 1, 1), date(2027, 1, 31)),
        ("in march 2027", "future", date(2027, 3, 1), date(2027, 3, 31)),
        ("between 1 and 15 november", "past", date(2026, 11, 1), date(2026, 11, 15)),
        ("between 1/12/2026 and 10/12/2026", "future", date(2026, 12, 1), date(2026, 12, 10)),
        ("by 4/12/2026", "future", None, date(2026, 12, 4)),
        ("by the end of the month", "future", None, date(2026, 11, 30)),
        ("2026-11-30", "near", date(2026, 11, 30), date(2026, 11, 30)),
    ],
)
def test_uk_and_relative_dates(text, prefer, start, end):
    found = find(text, WED, prefer)
    assert not found.error
    assert (found.range.start, found.range.end) == (start, end)


def test_day_first_only():
    assert find("03/04/2026", WED).range.start == date(2026, 4, 3)
    assert "day first" in find("11/25/2026", WED).error
    assert "not a real date" in find("since 31/02/2026", WED, "past").error


def test_since_the_digest_is_left_to_the_store():
    found = find("what changed since the last digest", WED, "past")
    assert found.range.since_digest and found.rest == "what changed"


def test_numbers_that_are_not_dates_are_left_alone():
    for text in ("app store release 2.0", "microsoft 365 rollout", "saving 1 200 hours", "5g testbed"):
        assert find(text, WED).range is None


def test_the_date_words_are_taken_out_of_the_question():
    assert find("milestones due in the next two weeks", WED, "future").rest == "milestones due"


@pytest.mark.parametrize(
    "text, start, end",
    [
        ("which projects started before 2026", None, date(2025, 12, 31)),
        ("which projects end after 2026", date(2027, 1, 1), None),
        ("which projects started in 2026", date(2026, 1, 1), date(2026, 12, 31)),
    ],
)
def test_before_and_after_a_year_are_not_that_year(text, start, end):
    """Before: 'started before 2026' was read as 'in 2026' (the other 24 of fen's 33 projects listed)."""
    found = find(text, date(2026, 12, 15), "past")
    assert found.range is not None and (found.range.start, found.range.end) == (start, end)
