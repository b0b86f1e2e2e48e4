"""Classes of question a tenth author's set (holt) got confidently wrong, each asked here in our own words over the
fixture plan (seen failing first): "anything not on green?" read as the green projects; "X - on track or not" and
"X - on track now?" answered without a yes or no."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from services import language
from tests.questions.conftest import TODAY


@pytest.mark.parametrize(
    "text, rags",
    [
        ("anything not on green?", ("red", "amber")),
        ("which projects are not at amber", ("red", "green")),
        ("which projects aren't on red", ("amber", "green")),
    ],
)
def test_not_on_a_colour_is_every_other_colour(vocab, text, rags):
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert tuple(sorted(query.rags)) == tuple(sorted(rags)), query


@pytest.mark.parametrize(
    "text",
    [
        "digital inclusion - on track or not",
        "digital inclusion - on track now?",
        "the self-service portal on track or not?",
        "digital inclusion - still red or not",
    ],
)
def test_a_state_then_or_not_or_now_asks_yes_or_no(vocab, text):
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert query.answerable and query.yes_no and len(query.project_ids) == 1, query


@pytest.mark.parametrize(
    "text, field",
    [
        ("what are the dates for digital inclusion", "dates"),
        ("digital inclusion timeline?", "dates"),
        ("how long does digital inclusion run", "dates"),
        ("what are the key dates for digital inclusion", "milestones"),
        ("what are the milestone dates for digital inclusion", "milestones"),
    ],
)
def test_a_projects_dates_or_timeline_is_its_start_and_end(vocab, text, field):
    """'What are the dates for X', 'X timeline?', 'how long does X run': the plan's start and end dates (not who runs
    it, nor its milestones); 'key dates' and 'milestone dates' are still its milestones."""
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert query.answerable and query.field == field, query


@pytest.mark.parametrize(
    "text, field",
    [
        ("what does the digital inclusion project actually do", "description"),
        ("what does digital inclusion really do?", "description"),
        ("how much of digital inclusion is done", "progress"),
        ("how much of the digital inclusion work is complete?", "progress"),
    ],
)
def test_what_a_project_actually_does_and_how_much_is_done(vocab, text, field):
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert query.answerable and query.field == field, query


@pytest.mark.parametrize(
    "text, role",
    [("what is sam patel lead on", "lead"), ("what's sam patel leading on?", "lead"), ("what is sam patel on", "both")],
)
def test_what_someone_is_lead_on_is_what_they_lead(vocab, text, role):
    """'What is X lead on' asks what X leads (not also what X deputises on); 'what is X on' is both."""
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert query.answerable and query.role == role, query


async def test_red_at_some_point_but_not_now_leaves_out_the_red_ones(db, plan):
    """'Which projects were red at some point but aren't now': those that have been red, less those red today."""
    from services.ask import ask as ask_bot
    from tests.questions import fixture
    from tests.questions.conftest import MEMBER

    async def refs(text):
        got = await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
        return set(got.data.get("projects") or ()), got.text

    ever, _ = await refs("which projects have been red at some point")
    red, _ = await refs("which projects are red")
    got, reply = await refs("which projects were red at some point but aren't now")
    assert got and got == ever - red, (reply, ever, red)


async def test_two_yes_no_questions_split_by_a_full_stop_each_answer_yes_or_no(db, plan):
    """'Is X on track. Is Y on track': each part answers yes or no, as when asked alone."""
    from services.ask import ask as ask_bot
    from tests.questions import fixture
    from tests.questions.conftest import MEMBER

    text = "is digital inclusion on track. is the self-service portal on track"
    got = await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
    parts = got.data.get("parts") or []
    assert len(parts) == 2 and all(p.get("answer") in ("yes", "no") for p in parts), [p.get("answer") for p in parts]
