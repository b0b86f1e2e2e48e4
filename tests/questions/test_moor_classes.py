"""Classes of question a second unseen author's set (moor) got confidently wrong, each asked here in our own words
over the fixture plan (seen failing first): "has anyone brought up X?" answered with the matches but no yes or no."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text, viewer=MEMBER, conversation_id=None):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, viewer, conversation_id=conversation_id, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, answer",
    [
        ("has anybody mentioned committee meetings?", "yes"),
        ("anybody talking about drainage", "yes"),
        ("have any updates said anything about councillors?", "yes"),
        ("has anyone mentioned hovercraft?", "no"),
        ("anyone talking about zeppelins?", "no"),
    ],
)
async def test_has_anyone_mentioned_it_is_answered_yes_or_no_first(db, plan, text, answer):
    got = await _ask(db, text)
    assert got.data.get("kind") == "search", got.text
    assert got.data.get("answer") == answer, got.text
    assert got.text.startswith(f"**{answer.capitalize()}.**"), got.text
    if answer == "no":
        assert "mention" in got.text and text.rstrip("?").split()[-1] in got.text, got.text
