"""Asked "is payroll better or worse than last month?" (ashby's key), the bot says which ("Worse than in May 2027."),
not a yes or no — before, "No." (to "better"); and a yes or no about it says what it is in words too ("Yes, better
than in March 2027."). Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER

VERDICTS = ("Better than", "Worse than", "About the same as", "Better since", "Worse since", "About the same since")


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize("then", ["last month", "a month ago", "last cycle"])
async def test_better_or_worse_says_which(db, plan, then):
    either = await _ask(db, f"is the customer portal better or worse than {then}?")
    assert "answer" not in either.data, either.text
    first = either.text.split("\n")[0].strip("*")
    assert first.startswith(VERDICTS), either.text
    better = await _ask(db, f"is the customer portal better than {then}?")
    yes = better.data.get("answer")
    assert yes in ("yes", "no"), better.text
    assert (yes == "yes") == first.startswith("Better"), (either.text, better.text)
    said = better.text.split("\n")[0].strip("*")
    assert said.startswith(("Yes, better", "No, worse", "No, about the same")), better.text
