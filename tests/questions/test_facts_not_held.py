"""Kinds of fact the bot does not hold — a person's phone number, a supplier's name, what a survey found — are "not
sure", saying what it can answer, never the overview of a project matched on the word ("phone" is a part of
"Telephony Replacement", "supplier" of "Supplier Portal"). The project's own name still finds it."""

from __future__ import annotations

from datetime import date

import pytest

from programme.questions import PersonEntry, ProjectEntry, Vocabulary, parse
from programme.questions.answers import render
from programme.questions.query import UNKNOWN
from programme.questions.results import Result

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def held_vocab() -> Vocabulary:
    projects = [
        ProjectEntry(1, "AB-01", "Supplier Portal", leads=(1,)),
        ProjectEntry(2, "AB-02", "Telephony Replacement", aliases=("phones", "phone system"), leads=(1,)),
        ProjectEntry(3, "AB-03", "Street Lighting Sensors", leads=(2,)),
    ]
    return Vocabulary.build(projects, [PersonEntry(1, "Lee Lead"), PersonEntry(2, "Kim Brook")], [], [])


@pytest.mark.parametrize(
    "text",
    [
        "what's lee lead's phone number",
        "what's the phone number for the street lighting team",
        "which supplier is doing the street lighting sensors",
        "who is the supplier for street lighting",
        "what did the residents survey say about street lighting",
    ],
)
def test_a_fact_the_bot_does_not_hold_is_not_sure_and_says_what_it_can_answer(held_vocab, text):
    q = parse(text, held_vocab, today=TODAY)
    assert q.intent == UNKNOWN and not q.answerable, q
    assert 1 not in q.project_ids and 2 not in q.project_ids, q  # no suggestion about a project matched on the word
    shown = render(Result(q, UNKNOWN), held_vocab).text
    assert "phone numbers, suppliers" in shown, shown


@pytest.mark.parametrize(
    "text, pid",
    [("supplier portal rag?", 1), ("how many suppliers have registered on the supplier portal", 1), ("phones rag", 2)],
)
def test_the_projects_own_name_still_finds_it(held_vocab, text, pid):
    q = parse(text, held_vocab, today=TODAY)
    assert q.project_ids == (pid,), q
