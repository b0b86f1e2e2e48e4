"""Progress thresholds said in words ("below 50 per cent", "over 90 percent", "past the halfway mark", "less than
halfway") are read as "below 50%" etc., which the engine answers (moor, beck). Seen failing first (not sure)."""

from __future__ import annotations

import pytest

from programme.questions.normalise import clean


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("how many projects are below 50 per cent", "how many projects are below 50%"),
        ("which are over 90 percent", "which are over 90%"),
        ("how many projects are past the halfway mark", "how many projects are over 50%"),
        ("which projects are more than halfway", "which projects are over 50%"),
        ("which projects are over half way through", "which projects are over 50% through"),
        ("anything less than halfway", "anything under 50%"),
    ],
)
def test_a_threshold_in_words_is_a_percentage(text, cleaned):
    assert clean(text) == cleaned
