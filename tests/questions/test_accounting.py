"""The last step of every reading (programme/questions/accounting.py): a query answers only when it carries what
the question said — its words, the names found in it, its period, and "those" after a list. Each case here was a
confident answer that silently dropped part of the question before the step existed (seen failing first); the
others must still be answered.

Phrasings are our own, over the fixture plan (tests/questions/fixture.py), not the corpora's."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import Context, accounting, parse
from programme.questions import query as q
from programme.questions.reading import Reading
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


def after_a_list(vocab):
    shown = ask(vocab, "which digital care projects are red?")
    return q.next_context(Context(), shown, shown=(1, 2, 3))


@pytest.mark.parametrize(
    "text",
    [
        "anything from digital care in the last 4 days?",
        "any news from digital citizen over the past fortnight",
        "which projects are red in digital care this month",
    ],
)
def test_a_period_the_answer_would_drop_makes_it_not_sure(vocab, text):
    query = ask(vocab, text)
    assert not (query.answerable and query.period is None), query.explanation
    assert any("not accounted for" in why for why in query.explanation), query.explanation


def test_a_word_nothing_placed_in_a_list_question_makes_it_not_sure(vocab):
    query = ask(vocab, "which milestones are due next week for the procurement")
    assert not query.answerable, query.explanation
    assert any("'procurement'" in why for why in query.explanation), query.explanation


@pytest.mark.parametrize("text", ["how many of those changed since monday?", "have any of those gone quiet"])
def test_those_after_a_list_is_not_dropped_by_a_new_list(vocab, text):
    query = ask(vocab, text, after_a_list(vocab))
    assert not (query.answerable and not query.within), query.explanation


@pytest.mark.parametrize(
    "text",
    [
        "which of these are amber",  # "these": the list just shown, carried as `within`
        "which projects haven't updated this cycle",  # "this cycle" is what the question is about
        "who leads the self-service portal",
        "just quickly, which projects are red overall",  # harmless words (lexicon.HARMLESS)
        "how many projects are there altogether",
    ],
)
def test_questions_whose_every_part_is_carried_are_still_answered(vocab, text):
    query = ask(vocab, text, after_a_list(vocab))
    assert query.answerable, query.explanation


def test_unaccounted_names_what_was_left_over(vocab):
    text = "anything from digital care in the last 4 days about the procurement"
    r = Reading(text, vocab, Context(), date(2026, 11, 25))
    plain_area_list = q.Query(q.PROJECTS_BY_AREA, area="digital-care")
    left = accounting.unaccounted(r, plain_area_list)
    assert "'procurement'" in left and any("last 4 days" in w for w in left), left
    carried = plain_area_list.but(period=r.period, terms=("procurement",))
    assert accounting.unaccounted(r, carried) == ()
