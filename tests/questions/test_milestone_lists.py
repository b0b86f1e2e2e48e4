"""Milestone lists cut the way a question combines them: by the RAG of the projects ("red projects with late
milestones"), by who leads them, and counted by project when projects are what is counted. Written for this file
over the fixture plan (tests/questions/fixture.py), not taken from any corpus set."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import Query, parse
from programme.questions import query as q
from programme.questions.answers import render
from programme.questions.results import MilestoneInfo, ProjectInfo, Result
from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER, TODAY


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, refs, answer",
    [
        ("which red projects have overdue milestones?", {"CIT-05", "COU-08", "CAR-05", "ECO-08"}, None),
        ("red projects with milestones that are late", {"CIT-05", "COU-08", "CAR-05", "ECO-08"}, None),
        ("any amber projects sitting on an overdue milestone?", {"COU-01", "COU-05"}, "yes"),
        ("are any green projects behind on a milestone thats overdue", set(), "no"),
        (
            "overdue milestones for red or amber projects",
            {"CIT-05", "COU-08", "CAR-05", "ECO-08", "COU-01", "COU-05"},
            None,
        ),
    ],
)
async def test_milestones_of_the_projects_of_a_rag(db, plan, text, refs, answer):
    got = await _ask(db, text)
    assert got.kind == "milestones_due", got.data.get("understood")
    assert set(got.data["projects"]) == refs
    assert got.data.get("answer") == answer


@pytest.mark.parametrize(
    "text",
    [
        "projects with overdue milestones that owen price leads",
        "late milestones on the projects led by owen price",
        "owen price - any of his projects got overdue milestones?",
    ],
)
async def test_milestones_of_the_projects_a_person_leads(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "milestones_due", got.data.get("understood")
    assert set(got.data["projects"]) == {"COU-08", "ECO-08"}


@pytest.mark.parametrize(
    "text, mode",
    [
        ("how many projects have an overdue milestone", "count_projects"),
        ("how many projects got milestones due in january", "count_projects"),
        ("how many milestones are overdue", "count"),
    ],
)
def test_counting_projects_is_not_counting_milestones(vocab, text, mode):
    assert parse(text, vocab, None, TODAY).mode == mode


def test_a_count_of_projects_counts_each_project_once():
    query = Query(q.MILESTONES_DUE, mode="count_projects", period=q.DateRange(None, date(2026, 11, 24), "overdue"))
    ms = [
        MilestoneInfo(1, "Beta", date(2026, 11, 2), "in progress"),
        MilestoneInfo(1, "Go-live", date(2026, 11, 9), "in progress"),
        MilestoneInfo(2, "Contract", date(2026, 11, 3), "not started"),
    ]
    projects = [ProjectInfo(id=i, ref=f"P-0{i}", name=f"Project {i}", area="", enablers=()) for i in (1, 2)]
    answer = render(Result(query, q.MILESTONES_DUE, projects=projects, milestones=ms, count=3))
    assert answer.data["count"] == 2
    assert answer.text.startswith("**2 projects")


def test_do_all_of_them_is_not_answered_as_any(vocab):
    assert not parse("do all the red projects have overdue milestones", vocab, None, TODAY).answerable


@pytest.mark.parametrize(
    "text",
    [
        "did the mycounty app pass its accessibility audit",
        "has the mycounty app completed the accessibility audit yet?",
        "mycounty app - did the accessibility audit finish",
    ],
)
async def test_did_it_pass_its_milestone_is_yes_or_no_from_the_plan(db, plan, text):
    """The app's 'Accessibility audit' milestone is done: yes, whichever verb the question uses."""
    got = await _ask(db, text)
    assert got.data.get("answer") == "yes", got.data.get("understood")
    assert got.data["projects"] == ["CIT-04"]


@pytest.mark.parametrize(
    "text",
    ["is the website redesign nearly done?", "website redesign almost finished?", "is the new website close to done"],
)
def test_nearly_done_asks_how_far_along_not_whether_a_milestone_happened(vocab, text):
    query = parse(text, vocab, None, TODAY)
    assert query.answerable and query.field == "progress", query.explanation


@pytest.mark.parametrize(
    "text, field",
    [
        ("which updates this cycle include an ask of the dlg", "asks"),
        ("updates this week including blockers?", "blockers"),
        ("which of this cycle's updates included asks for the dlg", "asks"),
    ],
)
def test_updates_that_include_a_box_are_the_projects_with_it(vocab, text, field):
    query = parse(text, vocab, None, TODAY)
    assert query.intent == q.WITH_FIELD and query.field == field and query.answerable, query.explanation


@pytest.mark.parametrize(
    "text",
    [
        "which projects asked the dlg for something in october?",
        "blockers raised last month",
        "what asks were made in september",
    ],
)
def test_asks_or_blockers_of_a_past_month_carry_their_window(vocab, text):
    """What was asked in October is read from October's updates (store/question_windows.with_field; end to end in
    tests/questions/test_corpus.py::test_projects_with_asks_in_a_past_month_count_every_update_of_that_month), so the
    query must carry the window, never be today's list."""
    query = parse(text, vocab, None, TODAY)
    if query.intent == q.WITH_FIELD and query.answerable:
        assert query.period is not None and query.period.end is not None and query.period.end < TODAY, query
