"""A go-live the latest update has moved in its own words while the plan still has the old date: the answer is the
update's date, with the plan's beside it, and "is it still going live before Christmas?" is answered from the
update. The sentences are written for this file, not taken from any question set."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from programme.questions import replanned
from programme.questions.answers import render
from programme.questions.query import PROJECT_FIELD, DateRange, Query
from programme.questions.results import MilestoneInfo, ProjectInfo, Result, UpdateInfo
from store import question_replanned

SAID_ON = date(2030, 3, 4)
PLANNED = date(2030, 4, 10)


def _update(summary: str) -> UpdateInfo:
    return UpdateInfo(1, 7, "c", 1, datetime(2030, 3, 4, 9, tzinfo=UTC), "Lee Lead", "amber", 50, summary=summary)


def _result(summary: str, query: Query) -> Result:
    p = ProjectInfo(7, "AB-07", "Ferry Booking", latest=_update(summary))
    return Result(query, PROJECT_FIELD, projects=[p], milestones=[MilestoneInfo(7, "Go-live", PLANNED, "not started")])


@pytest.mark.parametrize(
    "text, day, month",
    [
        ("Payment testing failed; go-live moved from 10 April to 22 June 2030.", date(2030, 6, 22), False),
        ("Go-live on 10 April now unlikely; realistic date mid May.", date(2030, 5, 1), True),
        ("Launch now expected end of July 2030, not April.", date(2030, 7, 1), True),
    ],
)
def test_a_new_day_or_month_for_the_event_is_read(text, day, month):
    found = replanned.moved_to([text], ["live"], PLANNED, SAID_ON)
    assert found is not None and found.day == day and found.month is month


@pytest.mark.parametrize(
    "text",
    [
        "Go-live confirmed for 10 April.",  # the plan's own day
        "Go-live in April as planned.",  # the plan's own month
        "Training sessions booked for 3 June.",  # a day, but not of the go-live
    ],
)
def test_the_plans_own_date_or_another_events_is_not_a_move(text):
    assert replanned.moved_to([text], ["live"], PLANNED, SAID_ON) is None


def test_still_before_a_day_is_answered_from_the_update_and_says_both_dates():
    asked = Query(
        PROJECT_FIELD, text="is the ferry booking still going live before easter", project_ids=(7,),
        field="milestones", yes_no=True, title=("live",), period=DateRange(None, date(2030, 4, 20), "before Easter"),
    )  # fmt: skip
    result = question_replanned.moved(
        asked, _result("Go-live on 10 April now unlikely; realistic date mid May.", asked)
    )
    assert result is not None and result.answer == "no"
    answer = render(result)
    assert answer.data["answer"] == "no"
    assert "10 April 2030" in answer.text and "mid May" in answer.text and "4 March 2030" in answer.text


def test_when_is_it_going_live_gives_the_updates_day():
    asked = Query(
        PROJECT_FIELD, text="when is go live", project_ids=(7,), field="milestones", mode="when", title=("live",)
    )
    result = question_replanned.moved(asked, _result("Go-live moved from 10 April to 22 June 2030.", asked))
    assert result is not None
    assert "2030-06-22" in render(result).data["dates"]


def test_has_it_gone_live_yet_stays_with_the_plans_status():
    asked = Query(
        PROJECT_FIELD, text="is it live yet", project_ids=(7,), field="milestones", mode="done", title=("live",)
    )
    assert question_replanned.moved(asked, _result("Go-live moved from 10 April to 22 June 2030.", asked)) is None
