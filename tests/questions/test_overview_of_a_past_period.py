""" "What was the webchat's RAG last cycle?" read as the webchat's overview: the overview shows the project as it is
now, so the period the question asked about is silently dropped and today's colour is said as last cycle's. The
last step (programme/questions/accounting.py) makes an overview over a period already over "not sure", naming the
period; an overview over a period that includes today ("this week") still answers.

Phrasings are our own, over the fixture plan (tests/questions/fixture.py), not the corpora's."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text):
    return parse(text, vocab, Context(), TODAY, model=language.intent_model())


@pytest.mark.parametrize("text", ["what was the webchat's rag last cycle", "how was the webchat doing last cycle"])
def test_an_overview_of_a_period_already_over_is_not_sure_and_names_it(vocab, text):
    query = ask(vocab, text)
    assert not query.answerable, query.explanation
    assert any("last cycle" in why for why in query.explanation), query.explanation


@pytest.mark.parametrize("text", ["how is the webchat doing this week", "what was the webchat rag in october"])
def test_an_overview_of_now_or_a_past_rag_read_from_the_history_still_answers(vocab, text):
    assert ask(vocab, text).answerable
