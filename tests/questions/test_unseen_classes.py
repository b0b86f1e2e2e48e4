"""Classes of question an unseen author's set (dale) got confidently wrong, each asked here in our own words over
the fixture plan (seen failing first): a colour held "the whole time" answered with today's colour; "which is
furthest along?" straight after a short list answered over the whole programme; "X - still red?" answered with
the overview and no yes or no."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from programme.questions.parts import split
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


@pytest.mark.parametrize(
    "text",
    ["which ones have been amber the entire time", "which projects were red all the time", "any green the whole time?"],
)
def test_a_colour_held_the_whole_time_is_every_update_not_today(vocab, text):
    query = ask(vocab, text)
    assert query.mode == "always" or not query.answerable, query.explanation
    assert query.mode == "always", query.explanation


def _after_a_short_list(vocab):
    shown = ask(vocab, "which projects does priya lead?")
    return q.next_context(Context(), shown, shown=(4, 9, 12))


@pytest.mark.parametrize("text", ["which is furthest along?", "which one is furthest behind"])
def test_a_ranking_straight_after_a_short_list_ranks_that_list(vocab, text):
    query = ask(vocab, text, _after_a_short_list(vocab))
    assert query.intent == q.RANKING and query.within == (4, 9, 12), query.explanation


@pytest.mark.parametrize("text", ["which project is furthest along overall?", "which is furthest along?"])
def test_a_ranking_of_the_whole_programme_stays_one(vocab, text):
    context = _after_a_short_list(vocab) if "overall" in text else Context()
    query = ask(vocab, text, context)
    assert query.intent == q.RANKING and query.within == (), query.explanation


@pytest.mark.parametrize("text", ["digital inclusion - still red?", "self-service portal now amber?"])
def test_a_name_then_a_colour_asks_yes_or_no(vocab, text):
    query = ask(vocab, text)
    assert query.intent == q.PROJECT_OVERVIEW and query.yes_no, query.explanation


def test_a_name_alone_is_not_a_yes_or_no_question(vocab):
    assert not ask(vocab, "digital inclusion").yes_no


@pytest.mark.parametrize(
    "text, first",
    [
        ("how many ambers and how many reds in digital care?", "how many ambers in digital care"),
        ("which are green and which are red across digital economy", "which are green across digital economy"),
    ],
)
def test_a_filter_said_once_at_the_end_belongs_to_each_part_asked_the_same_way(text, first):
    assert split(text)[0] == first


def test_a_longer_first_part_keeps_its_own_words():
    assert split("how many projects are there and how many are in digital care")[0] == "how many projects are there"
