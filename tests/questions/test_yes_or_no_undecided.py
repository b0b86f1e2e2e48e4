"""A question that asks only yes or no ("is it …?", "has it …?", "did it …?") about one project is answered yes or
no first, or not at all: the project's facts shown without a yes or no leave the question unanswered, and what it
asked is then usually something those facts do not cover. Typos in its words are mended before the facts decide
it ("on trakc"). Our own phrasings over the fixture plan (seen failing first)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text", ["is the website redesign on trakc?", "is digital inclusion on shedule", "is the website redesign on tarck"]
)
async def test_a_typo_in_a_yes_or_no_question_does_not_stop_the_facts_deciding_it(db, plan, text):
    got = await _ask(db, text)
    assert got.data.get("answer") in ("yes", "no"), got.text


@pytest.mark.parametrize(
    "text",
    [
        "was the website redesign above 50 percent in the summer?",
        "has the website redesign been signed off by finance?",
        "did digital inclusion hit its target?",
    ],
)
async def test_a_yes_or_no_question_the_facts_cannot_decide_is_not_sure(db, plan, text):
    got = await _ask(db, text)
    assert got.data.get("kind") in ("unknown", "not_found", "ambiguous") or got.data.get("answer") in ("yes", "no"), (
        got.data.get("kind"),
        got.text,
    )


@pytest.mark.parametrize("text", ["is the website redesign red?", "has the website redesign got any blockers?"])
async def test_a_yes_or_no_question_the_facts_decide_is_still_answered(db, plan, text):
    got = await _ask(db, text)
    assert got.data.get("answer") in ("yes", "no"), got.text
