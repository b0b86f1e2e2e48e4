"""A date word typed with a slip that makes another English word ("due in mach 2028", "the next moth"): read as the
date word where a date is expected (after "in", "next", "this", "last", "by", or before a year), never elsewhere
(holt's key). Seen failing first ("not accounted for: 'mach'")."""

from __future__ import annotations

import pytest

from programme.questions import parse
from tests.questions.conftest import TODAY


@pytest.mark.parametrize(
    "slip, right",
    [
        ("what's due in mach 2028", "what's due in march 2028"),
        ("what's due in the next moth", "what's due in the next month"),
        ("milestones due by end of mach", "milestones due by end of march"),
        ("what changed this weeek", "what changed this week"),
    ],
)
def test_a_date_word_with_a_slip_is_the_date_word(vocab, slip, right):
    got, want = parse(slip, vocab, None, TODAY), parse(right, vocab, None, TODAY)
    assert want.answerable and got.answerable, got.explanation
    assert (got.intent, got.period) == (want.intent, want.period)


def test_the_same_word_elsewhere_is_left_alone(vocab):
    assert "moth" in parse("which projects mention moth traps?", vocab, None, TODAY).text
