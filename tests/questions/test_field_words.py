"""Words that name a part of one project: "what's X meant to do?" is its description, "what's the ask on X?" the
asks of the DLG in its update (a word of the project's own name, "waiting", is no "still waiting for a decision"),
and "X - what happened?" the summary of its latest update, not its whole history."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import PersonEntry, ProjectEntry, Vocabulary, parse
from programme.questions.query import PROJECT_FIELD

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def words_vocab() -> Vocabulary:
    projects = [
        ProjectEntry(1, "AB-01", "Waiting List Triage", leads=(1,)),
        ProjectEntry(2, "AB-02", "Salt Bin Tracker", leads=(1,)),
    ]
    return Vocabulary.build(projects, [PersonEntry(1, "Lee Lead")], [], [])


@pytest.mark.parametrize(
    "text, field",
    [
        ("salt bin tracker - what's it meant to do?", "description"),
        ("what is the salt bin tracker supposed to do", "description"),
        ("what's the ask on the waiting list triage project", "asks"),
        ("salt bin tracker - what happened?", "summary"),
    ],
)
def test_field_words_name_the_part_of_the_project(words_vocab, text, field):
    q = parse(text, words_vocab, today=TODAY)
    assert q.intent == PROJECT_FIELD and q.field == field, q


def test_how_has_it_changed_is_still_its_history(words_vocab):
    q = parse("how has the salt bin tracker changed", words_vocab, today=TODAY)
    assert q.field == "history", q
