"""'where does X come up', 'has X come up anywhere', 'has X cropped up in the updates': a search of the updates for
X (moor's, beck's, kell's and ashby's keys), a yes or no when asked as one. Seen failing first ("no rule fitted the
question": come up was no way of asking for a search)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text", ["where does the pilot come up", "where has pilot come up?", "pilot - where does it crop up in the updates"]
)
async def test_where_it_comes_up_is_a_search(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "search", got.text
    assert got.data["projects"] and "pilot" in got.text.lower(), got.text


@pytest.mark.parametrize("text", ["has blockchain come up anywhere?", "has blockchain cropped up in any updates"])
async def test_has_it_come_up_is_a_yes_or_no(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "search", got.text
    assert got.data["answer"] == "no" and got.data["count"] == 0, got.data


async def test_a_project_coming_up_is_not_a_search(db, plan):
    """'what's coming up for X' asks what is next, never a search for the word."""
    got = await _ask(db, "what milestones are coming up?")
    assert got.kind != "search", got.text
