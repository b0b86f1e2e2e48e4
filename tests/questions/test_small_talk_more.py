"""Greetings and thanks the way staff type them in Teams, with nothing asked: small talk, answered as such, not
"I'm not sure" (moor, dale and beck's keys all hold such messages). Seen failing first (not sure, or help)."""

from __future__ import annotations

import pytest

from programme.questions import noise
from programme.questions.normalise import clean


@pytest.mark.parametrize(
    "text, kind",
    [
        ("how are you today?", "hello"),
        ("happy easter!", "hello"),
        ("merry christmas all", "hello"),
        ("happy new year!", "hello"),
        ("gm", "hello"),
        ("hello, anyone there?", "hello"),
        ("is anybody there", "hello"),
        ("lol ok", "thanks"),
        ("thanks for your help!", "thanks"),
        ("thank you for the help", "thanks"),
        ("thanks, that's really useful", "thanks"),
        ("that's very useful, cheers", "thanks"),
    ],
)
def test_a_greeting_or_thanks_alone_is_small_talk(text, kind):
    assert noise.small_talk(clean(text)) == kind


@pytest.mark.parametrize(
    "text", ["how are the red projects today?", "is anyone there on the digest list", "help", "what can you help with"]
)
def test_a_question_is_not_small_talk(text):
    assert noise.small_talk(clean(text)) is None
