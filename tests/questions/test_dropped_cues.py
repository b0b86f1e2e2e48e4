"""The accounting step also names the cues the lexicon knows that the answering query does not use
(programme/questions/accounting.py, `_dropped_cues`): a colour, a second part of a project, going quiet or sending an
update, late or overdue, milestones. Each question here was answered confidently with that part left out before the
check existed (seen failing first); the others use every cue and must still be answered.

Phrasings are our own, over the fixture plan (tests/questions/fixture.py), not the corpora's."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


def about_a_person(vocab):
    shown = ask(vocab, "what does priya shah lead?")
    return q.next_context(Context(), shown)


@pytest.mark.parametrize(
    "text",
    [
        "was the self-service portal amber at the start of the year?",  # a colour, answered with its dates
        "what did the intranet replacement accomplish at go live?",  # achievements, answered with milestones
        "is the website redesign still to update?",  # not updated, answered with its summary
        "has anyone on the website redesign sent an update?",  # sent an update, answered with its summary
    ],
)
def test_a_cue_the_query_does_not_use_makes_it_not_sure(vocab, text):
    query = ask(vocab, text)
    assert not query.answerable, (query.intent, query.field, query.explanation)
    assert any("not accounted for" in why for why in query.explanation), query.explanation


def test_late_milestones_are_not_dropped_from_a_persons_projects(vocab):
    query = ask(vocab, "any of her milestones running late?", about_a_person(vocab))
    assert not (query.answerable and query.intent == q.LED_BY_PERSON), (query.intent, query.explanation)


@pytest.mark.parametrize(
    "text",
    [
        "why is the self-service portal amber?",
        "is the website redesign red?",
        "has the website redesign ever been red?",
        "when did the intranet replacement last update?",
        "who submitted the last update for the intranet replacement?",
        "which projects are red?",
        "how many projects have not reported?",
        "what are the risks and blockers on the intranet replacement?",
        "which projects are due to end in march?",
        "which projects haven't updated this cycle",
    ],
)
def test_questions_that_use_every_cue_are_still_answered(vocab, text):
    query = ask(vocab, text)
    assert query.answerable, (query.intent, query.field, query.explanation)
