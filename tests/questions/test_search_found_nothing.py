"""A search of the updates that finds nothing says so as a count and a no ("any projects mention blockchain?",
"anything about drones in the updates?": 0, no — kell's key), naming the words it searched; one that finds
something is no "no". Seen failing first (neither the count nor the no was in the answer's data)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text",
    [
        "anything about blockchain in the updates?",
        "which projects mention blockchain",
        "any projects mention blockchain?",
    ],
)
async def test_nothing_found_is_zero_and_no(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "search", got.text
    assert got.data["count"] == 0 and got.data["answer"] == "no", got.data
    assert got.data["projects"] == [] and "blockchain" in got.text


async def test_something_found_is_no_no(db, plan):
    got = await _ask(db, "which projects mention the pilot")
    assert got.kind == "search" and got.data["projects"], got.text
    assert got.data.get("answer") != "no" and got.data.get("count") != 0, got.data
