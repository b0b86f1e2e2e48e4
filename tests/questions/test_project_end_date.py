"""When a project is due to close (its plan's end date), asked the way staff ask it: "when is X due to close",
"X closing date", "when does X wrap up". Not a milestone titled "close". Seen failing first (a milestone search
for "close", not sure)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text",
    [
        "when is highways due to close?",
        "quick one - when is the highways project due to close cheers",
        "highways closing date?",
        "when does highways close",
        "when is highways due to end",
        "when does highways wrap up",
    ],
)
async def test_when_a_project_closes_is_its_end_date(db, plan, text):
    got = await _ask(db, text)
    assert got.data.get("field") == "dates", (got.data, got.text)
    assert got.data.get("projects") == ["CIT-03"], got.text
