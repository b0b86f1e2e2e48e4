"""The cycle calendar: bank holidays, closure days, GMT and BST, and cadence changes. No I/O."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from programme import calendar
from programme.cycles import Cadence

TZ = "Europe/London"
WEEKLY = Cadence()  # Monday 09:00, due Thursday 17:00


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_a_cycle_that_would_open_on_easter_monday_opens_on_the_tuesday():
    period = calendar.current_period(utc(2026, 4, 8, 12), WEEKLY, TZ)
    assert period.key == "2026-W15"
    assert period.opens_at == utc(2026, 4, 7, 8)  # Tuesday 09:00 BST
    assert period.due_at == utc(2026, 4, 9, 16)  # Thursday 17:00 BST, unmoved


def test_a_due_date_on_a_bank_holiday_moves_to_the_next_working_day():
    same_day = Cadence(due_days=0)  # opens Monday 09:00, due Monday 17:00
    period = calendar.current_period(utc(2026, 4, 8, 12), same_day, TZ)
    assert period.due_at == utc(2026, 4, 7, 16)  # Easter Monday -> Tuesday 17:00 BST


def test_a_due_date_pushed_past_the_next_opening_is_due_when_the_next_cycle_opens():
    due_friday = Cadence(due_days=4)
    period = calendar.current_period(utc(2026, 3, 31, 12), due_friday, TZ)
    assert period.key == "2026-W14"
    # Good Friday and Easter Monday are skipped; Tuesday 09:00 is also when the next cycle opens.
    assert period.due_at == period.closes_at == utc(2026, 4, 7, 8)


def test_the_previous_cycle_stays_open_through_a_bank_holiday_monday():
    period = calendar.current_period(utc(2026, 4, 6, 10), WEEKLY, TZ)  # Easter Monday, 11:00 BST
    assert period.key == "2026-W14"
    assert period.closes_at == utc(2026, 4, 7, 8)


def test_a_council_closure_day_is_skipped_like_a_bank_holiday():
    closed = Cadence(closure_days=(date(2026, 11, 26),))
    period = calendar.current_period(utc(2026, 11, 24, 12), closed, TZ)
    assert period.due_at == utc(2026, 11, 27, 17)  # Friday instead of the closed Thursday


def test_christmas_and_the_observed_boxing_day_push_the_opening_to_tuesday():
    period = calendar.current_period(utc(2026, 12, 30, 12), WEEKLY, TZ)
    assert period.opens_at == utc(2026, 12, 29, 9)  # Monday 28th is Boxing Day (observed)


def test_nine_in_the_morning_is_nine_in_the_morning_in_gmt_and_in_bst():
    before = calendar.current_period(utc(2026, 3, 25, 12), WEEKLY, TZ)
    after = calendar.current_period(utc(2026, 4, 1, 12), WEEKLY, TZ)
    assert before.opens_at == utc(2026, 3, 23, 9)  # GMT
    assert before.closes_at == utc(2026, 3, 30, 8)  # the clocks went forward on Sunday 29th
    assert after.opens_at == utc(2026, 3, 30, 8)  # BST
    autumn = calendar.current_period(utc(2026, 10, 28, 12), WEEKLY, TZ)
    assert autumn.opens_at == utc(2026, 10, 26, 9)  # back to GMT after 25 October


def test_a_cycle_opens_late_when_no_replica_was_running_but_not_after_its_deadline():
    tuesday = utc(2026, 11, 24, 10)
    assert calendar.period_to_open(tuesday, WEEKLY, TZ, last_closes_at=None).key == "2026-W48"
    friday = utc(2026, 11, 27, 10)
    assert calendar.period_to_open(friday, WEEKLY, TZ, last_closes_at=None) is None
    assert calendar.period_to_open(tuesday, WEEKLY, TZ, last_closes_at=None, existing_keys={"2026-W48"}) is None


def test_changing_the_cadence_affects_the_next_cycle_and_not_the_open_one():
    wednesday_open = Cadence(weekday=2)
    open_one = calendar.current_period(utc(2026, 11, 26, 12), wednesday_open, TZ)
    assert open_one.opens_at == utc(2026, 11, 25, 9) and open_one.closes_at == utc(2026, 12, 2, 9)
    monday_open = Cadence(weekday=0)
    # The new cadence's Monday 30 November opening falls inside the open cycle: it is skipped, not doubled.
    assert calendar.period_to_open(utc(2026, 11, 30, 10), monday_open, TZ, last_closes_at=open_one.closes_at) is None
    assert calendar.period_to_open(utc(2026, 12, 2, 10), monday_open, TZ, last_closes_at=open_one.closes_at) is None
    nxt = calendar.period_to_open(utc(2026, 12, 7, 10), monday_open, TZ, last_closes_at=open_one.closes_at)
    assert nxt.key == "2026-W50" and nxt.opens_at == utc(2026, 12, 7, 9)
    assert calendar.first_opening_after(open_one.closes_at, monday_open, TZ).key == "2026-W50"


def test_an_admin_opening_a_cycle_after_its_deadline_gets_the_next_one():
    friday = utc(2026, 11, 27, 10)
    period = calendar.period_to_open_now(friday, WEEKLY, TZ)
    assert period.key == "2026-W49" and period.opens_at == friday


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("weekly monday 09:00", ("weekly", 0, time(9), 3, time(17))),
        ("fortnightly on tuesday at 10am due friday 12:00", ("fortnightly", 1, time(10), 3, time(12))),
        ("monthly", ("monthly", 0, time(9), 3, time(17))),
    ],
)
def test_admins_set_the_cadence_in_words(words, expected):
    c = calendar.parse_cadence(words, WEEKLY)
    assert (c.frequency, c.weekday, c.open_time, c.due_days, c.due_time) == expected
    assert calendar.describe_cadence(c).startswith(expected[0].capitalize())


def test_an_unreadable_cadence_says_what_was_wrong():
    with pytest.raises(ValueError, match="not a time"):
        calendar.parse_cadence("weekly blursday", WEEKLY)


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("14 March", date(2027, 3, 14)),
        ("14th March 2027", date(2027, 3, 14)),
        ("14/03", date(2027, 3, 14)),
        ("30/11/2026", date(2026, 11, 30)),
        ("2026-12-01", date(2026, 12, 1)),
        ("tomorrow", date(2026, 11, 26)),
        ("Friday 27 November", date(2026, 11, 27)),
    ],
)
def test_dates_are_read_day_first_and_without_a_year_as_the_next_one(words, expected):
    assert calendar.parse_uk_date(words, date(2026, 11, 25)) == expected


def test_a_holiday_region_can_be_changed_and_a_bad_one_is_refused():
    assert calendar.WorkingCalendar("GB-SCT").non_working_reason(date(2026, 11, 30)) == "Saint Andrew's Day"
    assert calendar.WorkingCalendar("GB-ENG").is_working_day(date(2026, 11, 30))
    with pytest.raises(ValueError):
        calendar.check_region("XX-YY")


def test_reminders_are_named_by_their_offset_and_only_the_latest_due_one_is_sent():
    from programme.prompting import reminder_due

    p = calendar.current_period(utc(2026, 11, 24, 12), WEEKLY, TZ)
    kw = dict(due_at=p.due_at, closes_at=p.closes_at, opened_at=p.opens_at, cadence=WEEKLY)
    assert reminder_due(utc(2026, 11, 25, 16), **kw) is None
    assert reminder_due(utc(2026, 11, 25, 17, 1), **kw) == "reminder-24h"
    assert reminder_due(utc(2026, 11, 26, 18), **kw) == "reminder+0h"
    late_open = dict(kw, opened_at=utc(2026, 11, 25, 16))
    assert reminder_due(utc(2026, 11, 25, 17, 1), **late_open) is None  # not straight after a late opening
