"""The gist of X, "the lowdown on X", "a rundown of X": the project's latest summary, not a search of its
updates for the word "gist" (beck). Seen failing first (searched, found nothing, not sure)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


@pytest.mark.parametrize(
    "text", ["give me the gist of highways", "what's the gist on highways?", "quick rundown of highways please"]
)
async def test_the_gist_is_the_summary(db, plan, text):
    from services.ask import ask

    got = await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)
    assert got.data.get("projects") == ["CIT-03"], got.text
    assert got.data.get("field") in ("summary", None), (got.data, got.text)
    assert got.data.get("kind") != "search" and "found nothing" not in got.text, got.text
