""" "Which of those are green?" when the answer before listed one project, or none (a new conversation): the reading
cannot place "those", and a new list of every green project silently drops it. The last step
(programme/questions/accounting.py) makes it "not sure", saying "'those' (the list just shown)"; after a list of
several, "those" is carried as the list's own (`within`), as before.

Phrasings are our own, over the fixture plan (tests/questions/fixture.py), not the corpora's."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


def after_one_project(vocab):
    shown = ask(vocab, "who leads the customer portal")
    return q.next_context(Context(), shown, shown=(1,))


@pytest.mark.parametrize("text", ["and which of those are green", "which of those projects are red?"])
@pytest.mark.parametrize("context", [after_one_project, lambda vocab: Context()])
def test_those_with_no_list_before_is_not_a_new_list_of_everything(vocab, text, context):
    query = ask(vocab, text, context(vocab))
    assert not (query.answerable and not query.within), query.explanation
    if not query.answerable:
        assert any("'those'" in why for why in query.explanation), query.explanation


@pytest.mark.parametrize("text", ["which projects are green", "which are green?", "who leads them all"])
def test_a_list_that_names_no_earlier_list_still_answers(vocab, text):
    assert ask(vocab, text, after_one_project(vocab)).answerable


@pytest.mark.parametrize("context", [Context(project_ids=(1, 7)), Context(candidates=(1, 7))])
def test_of_them_after_several_projects_talked_about_or_offered_still_answers(vocab, context):
    assert ask(vocab, "which of them is furthest along?", context).answerable
