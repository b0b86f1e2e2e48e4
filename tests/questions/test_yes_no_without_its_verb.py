"""A yes or no asked without its verb ("customer portal still red?", "webchat - updated in the last fortnight?",
"customer portal on track for the spring launch?"): people type these, the reading finds the project but no yes-or-no
question, and the answer shows the project instead of saying yes or no — which reads as an answer to something else.
The last step (programme/questions/accounting.py) makes such a question "not sure", naming the word it could not
answer ("'still'"); the same words as a plain request ("customer portal % complete?", "go live date?") still answer.

Phrasings are our own, over the fixture plan (tests/questions/fixture.py), not the corpora's."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text):
    return parse(text, vocab, Context(), TODAY, model=language.intent_model())


@pytest.mark.parametrize(
    "text, word",
    [
        ("customer portal still red?", "'still'"),
        ("customer portal - better than in october?", "'better'"),
        ("webchat - updated in the last fortnight?", "'updated'"),
        ("customer portal on track for the spring launch?", "'track'"),
    ],
)
def test_a_yes_or_no_without_its_verb_is_not_sure_and_says_why(vocab, text, word):
    query = ask(vocab, text)
    assert not query.answerable or query.yes_no, query.explanation
    if not query.answerable:
        assert any(word in why for why in query.explanation), query.explanation


@pytest.mark.parametrize(
    "text",
    [
        "customer portal % complete?",
        "customer portal go live date?",
        "customer portal rag?",
        "is the customer portal still red?",  # its verb is there: a yes or no the answer gives
        "customer portal - amber or red?",
    ],
)
def test_a_plain_request_or_a_yes_or_no_with_its_verb_still_answers(vocab, text):
    assert ask(vocab, text).answerable, ask(vocab, text).explanation
