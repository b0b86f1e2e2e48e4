"""Slips in the little question words ("hwo many", "who's teh lead", "sine the last digest", "waht", "wehn"):
mended before the question is read, as "whihc" already is. "hwo" is "how" before many / much / long / far and
"who" before leads / is the lead; otherwise it is left alone. Seen failing first (left as typed)."""

from __future__ import annotations

import pytest

from programme.questions.normalise import clean


@pytest.mark.parametrize(
    "text, cleaned",
    [
        ("hwo many projects are green atm", "how many projects are green at the moment"),
        ("hwo leads the app", "who leads the app"),
        ("who's teh lead for the tracker", "who is the lead for the tracker"),
        ("what's come in sine the last digest", "what is come in since the last digest"),
        ("anything sine monday", "anything since monday"),
        ("waht is red", "what is red"),
        ("wehn is the app due", "when is the app due"),
        ("hte app rag", "the app rag"),
        ("rag adn progress", "rag and progress"),
    ],
)
def test_a_slip_in_a_question_word_is_mended(text, cleaned):
    assert clean(text) == cleaned


@pytest.mark.parametrize("text", ["the sine of it", "hwo knows"])
def test_a_word_that_may_be_meant_is_left_alone(text):
    assert clean(text) == text
