"""'Did any projects change colour this week?', 'which moved RAG since Monday?': a change of RAG asked with the
words apart or in another order is still a change of RAG (only those projects, not every change). Our own phrasings
over the fixture plan (seen failing first)."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


@pytest.mark.parametrize(
    "text",
    [
        "did any projects change colour this week?",
        "which projects moved rag since monday",
        "any project change its rag rating since the last digest?",
    ],
)
def test_a_change_of_rag_said_another_way_is_a_change_of_rag(vocab, text):
    query = parse(text, vocab, Context(), TODAY, model=language.intent_model())
    assert query.answerable and query.intent == q.CHANGED_SINCE and query.rag_change, query


def test_what_changed_is_still_every_change(vocab):
    query = parse("what changed since monday?", vocab, Context(), TODAY, model=language.intent_model())
    assert query.intent == q.CHANGED_SINCE and not query.rag_change, query
