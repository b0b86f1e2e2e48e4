"""Where the learned intent model may not answer alone: a question about many projects that names something the
list cannot take (a project, a word nobody placed, "they", milestones), a count of something that is not named as
projects, and a ranking the rules know they cannot make. Each of these once came back as a confident list of every
project; "not sure" (or the rules' own answer) is what they get now.

Phrasings here are our own, not the corpora's; the model is the shipped one (services.language)."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text, context=None):
    return parse(text, vocab, context or Context(), TODAY, model=language.intent_model())


def _lists_every_project(query) -> bool:
    """A query that would answer with projects picked by no filter at all (the plan's dates are one: "how many got
    finished" counts the projects whose end date has passed, `rules_plan_state`)."""
    by_dates = query.mode in ("ends_in", "starts_in", "runs_past") and query.period is not None
    return query.intent in (q.COUNT, q.PROJECTS_BY_RAG, q.WITH_FIELD, q.NOT_UPDATED, q.UPDATED) and not (
        query.project_ids or query.area or query.enabler or query.rags or query.rag or query.field or by_dates
    )


@pytest.mark.parametrize("text", ["how many went live", "how many have been signed off", "how many got finished"])
def test_a_count_of_something_not_named_as_projects_is_not_a_count_of_projects(vocab, text):
    query = ask(vocab, text)
    assert not (query.answerable and _lists_every_project(query)), query.explanation


@pytest.mark.parametrize(
    "text",
    [
        "how many of those are late",
        "are those all asking the dlg for money?",
        "do they all need something from the dlg",
    ],
)
def test_those_in_a_list_question_is_not_dropped_for_every_project(vocab, text):
    shown = ask(vocab, "which digital care projects are red?")
    ctx = q.next_context(Context(), shown, shown=(1, 2))
    query = ask(vocab, text, ctx)
    assert not (query.answerable and _lists_every_project(query)), query.explanation


def test_a_ranking_the_rules_cannot_make_is_not_answered_as_a_list(vocab):
    query = ask(vocab, "which teams have missed the most updates")
    assert not query.answerable, query.explanation
