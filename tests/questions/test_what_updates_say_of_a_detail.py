"""A detail of one project that its plan does not hold, answered from what its updates say, quoting the update
and its day: under the plan's milestone ("is the feed live in every branch yet?": no by the plan, and the latest
update says how many branches are), and why its percentage complete went down (the update where it fell, and what
that update said). The updates here are written for this file, not taken from any question set."""

from __future__ import annotations

from datetime import UTC, date, datetime

from programme.questions.answers import render
from programme.questions.query import PROJECT_FIELD, DateRange, Query
from programme.questions.results import MilestoneInfo, ProjectInfo, Result, UpdateInfo
from store import question_detail


def _u(i: int, day: int, progress: int, summary: str) -> UpdateInfo:
    return UpdateInfo(
        i, 7, f"c{i}", 1, datetime(2030, 3, day, 9, tzinfo=UTC), "Lee Lead", "amber", progress, summary=summary
    )


UPDATES = [  # newest first
    _u(4, 25, 41, "Feed live in 14 of 20 branches; two branches waiting for new routers."),
    _u(3, 18, 37, "Build progressing."),
    _u(2, 11, 30, "Scope widened to take in the mobile libraries, so percentage complete reset down to 30%."),
    _u(1, 4, 55, "Build progressing."),
]


class _Ctx:
    async def recent_updates(self, project_id: int, limit: int = 12) -> list[UpdateInfo]:
        return UPDATES


def _result(query: Query) -> Result:
    p = ProjectInfo(7, "AB-07", "Library Wi-Fi", latest=UPDATES[0])
    milestones = [MilestoneInfo(7, "Feed live in all branches", date(2030, 6, 1), "in progress")]
    return Result(query, PROJECT_FIELD, projects=[p], milestones=milestones, today=date(2030, 3, 26))


async def test_a_done_question_answered_by_the_plan_also_quotes_what_the_update_says():
    asked = Query(
        PROJECT_FIELD, text="is the feed live in every branch yet", project_ids=(7,), field="milestones",
        mode="done", title=("feed", "branch", "live"), yes_no=True,
    )  # fmt: skip
    result = _result(asked)
    result.answer = "no"
    answer = render(await question_detail.sentence_about(_Ctx(), result, asked.title))
    assert answer.data["answer"] == "no"
    assert "14 of 20 branches" in answer.text and "25 March 2030" in answer.text


async def test_words_no_update_says_leave_the_answer_as_it_was():
    asked = Query(PROJECT_FIELD, text="is the kiosk live yet", field="milestones", mode="done", title=("kiosk", "live"))
    result = await question_detail.sentence_about(_Ctx(), _result(asked), asked.title)
    assert result.message == "" and result.quoted is None


async def test_why_the_percentage_went_down_is_the_update_where_it_fell():
    asked = Query(PROJECT_FIELD, text="why did the % complete go down", project_ids=(7,), field="why")
    assert question_detail.asks_why_it_fell(asked.text)
    answer = render(await question_detail.why_progress_fell(_Ctx(), _result(asked)))
    assert "mobile libraries" in answer.text and "11 March 2030" in answer.text and "30%" in answer.text


async def test_a_fall_outside_the_period_asked_is_not_that_fall():
    asked = Query(
        PROJECT_FIELD, text="why did its % go down in february", project_ids=(7,), field="why",
        period=DateRange(date(2030, 2, 1), date(2030, 2, 28), "in February 2030"),
    )  # fmt: skip
    result = await question_detail.why_progress_fell(_Ctx(), _result(asked))
    assert result.quoted is None


def test_why_red_is_not_why_it_fell():
    assert not question_detail.asks_why_it_fell("why is it red")
