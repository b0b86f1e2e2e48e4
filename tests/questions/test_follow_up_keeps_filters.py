"""'And in digital citizen?' after a list asks the whole last question again of another area: what is overdue,
its status, its several colours ("red or amber"), its kind of list and its window stay. Our own phrasings over the
fixture plan (seen failing first)."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


def after(vocab, text):
    first = ask(vocab, text)
    assert first.answerable, first.explanation
    return first, q.next_context(Context(), first, shown=())


def test_and_in_another_area_keeps_the_status_asked(vocab):
    first, ctx = after(vocab, "which milestones are overdue in digital care?")
    again = ask(vocab, "and in digital citizen?", ctx)
    assert again.answerable and again.area == "digital-citizen", again.explanation
    assert first.period is not None and first.period.overdue, first.period
    assert again.period == first.period and again.status == first.status, (again.period, first.period)


@pytest.mark.parametrize(
    "text", ["which milestones are due next month in digital care?", "which digital care projects are red or amber?"]
)
def test_and_in_another_area_keeps_the_window_and_colours(vocab, text):
    first, ctx = after(vocab, text)
    again = ask(vocab, "what about digital citizen?", ctx)
    assert again.answerable and again.area == "digital-citizen", again.explanation
    assert again.intent == first.intent and again.rags == first.rags, (again, first)
    assert (again.period and again.period.start) == (first.period and first.period.start), (again.period, first.period)


def test_the_context_keeps_those_filters_through_its_json(vocab):
    _, ctx = after(vocab, "which digital care projects are red or amber?")
    assert q.Context.from_dict(ctx.to_dict()) == ctx
