"""Classes of question a seventh author's set (beck) got wrong, each asked here in our own words over the fixture
plan (now Wednesday 25 November 2026), seen failing first."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from store.models import Project
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text, viewer=MEMBER, conversation_id=None):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, viewer, conversation_id=conversation_id, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, since",
    [
        ("did anything go amber in september?", date(2026, 9, 1)),
        ("anything turn red in august", date(2026, 8, 1)),
        ("which projects got better in october?", date(2026, 10, 1)),
        ("any projects slip in june", date(2026, 6, 1)),
        ("what changed in july", date(2026, 7, 1)),
        ("which projects got worse in november", date(2026, 11, 1)),
    ],
)
async def test_a_month_without_a_year_looking_back_is_its_latest_occurrence(db, plan, text, since):
    got = await _ask(db, text)
    assert got.data.get("since") in (since, since.isoformat()), (got.data.get("since"), got.text)


@pytest.mark.parametrize(
    "text, since",
    [
        ("milestones due in march", date(2027, 3, 1)),
        ("which projects end between july and september", date(2027, 7, 1)),
        ("which projects will finish in february?", date(2027, 2, 1)),
    ],
)
async def test_a_month_without_a_year_looking_ahead_is_the_next_one(db, plan, text, since):
    got = await _ask(db, text)
    assert got.data.get("since") in (since, since.isoformat()), (got.data.get("since"), got.text)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("qick one - is highways on track?", "yes"),
        ("qucik question: is highways green", "yes"),
        ("is highways still green? cheeers", "yes"),
        ("morninng, is highways red pleae", "no"),
        ("is highways green thnaks", "yes"),
    ],
)
async def test_greetings_thanks_and_fillers_with_a_slip_in_them_are_still_fillers(db, plan, text, answer):
    got = await _ask(db, text)
    assert got.data.get("answer") in (answer, answer == "yes"), got.text


@pytest.mark.parametrize("text", ["cheeers", "thnaks!", "morninng"])
async def test_small_talk_with_a_slip_in_it_is_still_small_talk(db, plan, text):
    got = await _ask(db, text)
    assert got.data.get("kind") == "small_talk", (got.data, got.text)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("hi the highways project still green?", "yes"),
        ("the highways project still red?", "no"),
        ("highways still on track?", "yes"),
        ("the self-service portal deputy?", "yes"),
        ("highways deputy?", "no"),
        ("the inclusion scheme deputy?", "yes"),
        ("the highways programme still green?", "yes"),
        ("quick one - is there a deputy on highways", "no"),
    ],
)
async def test_a_name_then_a_state_asks_yes_or_no(db, plan, text, answer):
    got = await _ask(db, text)
    assert got.data.get("answer") in (answer, answer == "yes"), got.text


@pytest.mark.parametrize(
    "text, answer",
    [
        ("who has mentioned drainage?", "yes"),
        ("hi who has menttioned drainage", "yes"),
        ("who mentioned zeppelins", "no"),
    ],
)
async def test_who_has_mentioned_it_is_whether_anyone_has(db, plan, text, answer):
    got = await _ask(db, text)
    assert got.data.get("kind") == "search", got.text
    assert got.data.get("answer") == answer, got.text


@pytest.mark.parametrize(
    "text",
    ["when did highways kick off?", "hi when did the highways project kick off pls", "when was highways kicked off"],
)
async def test_when_a_project_kicked_off_is_its_start_date(db, plan, text):
    """The plan's start date (the fixture plan records none, so 'not recorded'), never a milestone or an update."""
    got = await _ask(db, text)
    assert got.data.get("field") == "dates", got.text
    assert "Starts **not recorded**" in got.text, got.text


def _plan_with_a_cyber_project():
    """Two enablers and a project that shares a word with one of them ('Cyber resilience')."""
    from programme.questions import ProjectEntry, TermEntry, Vocabulary

    projects = [
        ProjectEntry(id=1, ref="P-01", name="Cyber resilience", aliases=(), area="a", enablers=("e1",)),
        ProjectEntry(id=2, ref="P-02", name="Records office", aliases=(), area="a", enablers=("e1", "e2")),
        ProjectEntry(id=3, ref="P-03", name="Town centre wifi", aliases=(), area="a", enablers=("e2",)),
    ]
    enablers = [
        TermEntry("e1", "Information governance and cyber security"),
        TermEntry("e2", "Communications and marketing"),
    ]
    return Vocabulary.build(projects, [], [TermEntry("a", "Digital place")], enablers)


@pytest.mark.parametrize(
    "text, enabler",
    [
        ("which projects use ig and cyber?", "e1"),
        ("which projects use the ig and cyber enabler please", "e1"),
        ("which red projects use ig and cyber", "e1"),
        ("which projects are under comms?", "e2"),
        ("projects using comms and marketing", "e2"),
    ],
)
def test_an_enabler_by_its_usual_short_form(text, enabler):
    from programme.questions import parse

    query = parse(text, _plan_with_a_cyber_project(), None, fixture.NOW.date())
    assert query.enabler == enabler and not query.project_ids, query


@pytest.mark.parametrize(
    "text",
    ["updates in the last 7 days?", "who has updated over the last 2 weeks", "what's changed since the last digest"],
)
async def test_a_window_ending_now_says_its_end(db, plan, text):
    from tests.questions.conftest import ADMIN

    got = await _ask(db, text, ADMIN)
    assert got.data.get("since"), got.text
    assert got.data.get("until") == "2026-11-25", (got.data, got.text)


@pytest.mark.parametrize("text", ["has anyone mentioned bacs?", "any updates mentioning bacs?"])
async def test_a_search_word_is_searched_as_typed_before_it_is_mended(db, plan, text):
    """A word the plan does not hold ("bacs", not "back") is searched as typed first: updates may say it."""
    from store.models import StatusUpdate

    word = text.rstrip("?").split()[-1]
    async with db.unit_of_work() as s:
        update = (await s.scalars(select(StatusUpdate).order_by(StatusUpdate.id).limit(1))).one()
        update.summary = f"{update.summary} Agreed with {word.upper()} this week."
        ref = (await s.get(Project, update.project_id)).ref
    got = await _ask(db, text)
    assert got.data.get("kind") == "search", got.text
    assert got.data.get("answer") == "yes" and ref in got.data.get("projects", []), got.text


@pytest.mark.parametrize(
    "text",
    [
        "what did the cabinet say about drainage?",
        "what has the scrutiny committee said about highways",
        "what did the press say about digital inclusion",
    ],
)
async def test_what_a_source_the_bot_does_not_hold_said_is_not_sure(db, plan, text):
    """The bot holds the updates, not what a cabinet, a committee or the press said: not sure, never a search."""
    got = await _ask(db, text)
    assert got.data.get("kind") not in ("search", "project_overview", "project_field"), got.text
    assert not got.data.get("projects"), got.text


@pytest.mark.parametrize(
    "text",
    [
        "what rag was the self-service portal in october",
        "what rag was the self-service portal at the end of october?",
        "self-service portal rag in october?",
    ],
)
async def test_a_rag_asked_at_a_month_is_the_rag_then(db, plan, text):
    """Green through October, amber in November: 'what rag was it in October' is green, said first."""
    got = await _ask(db, text)
    assert got.data.get("rag") == "green", (got.data.get("rag"), got.text)
    assert "Green" in got.text.split("\n\n")[1], got.text
