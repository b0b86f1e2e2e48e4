""" "The care project" (singular, after "the"/"this"/"that") is one project named by a word several names and an
area share: the engine asks which one, or is not sure — never the area's list of projects. "Care projects" and
"projects in care" stay the area. Our own phrasings over the fixture plan (seen failing first)."""

from __future__ import annotations

import pytest

from programme.questions import Context, parse
from programme.questions import query as q
from services import language
from tests.questions.conftest import TODAY


def ask(vocab, text):
    return parse(text, vocab, Context(), TODAY, model=language.intent_model())


@pytest.mark.parametrize(
    "text",
    [
        "how is the care project doing?",
        "any news on the care project",
        "is that council project on track?",
        "is the data project green?",
    ],
)
def test_the_x_project_is_one_project_not_an_areas_list(vocab, text):
    query = ask(vocab, text)
    assert query.intent not in (q.PROJECTS_BY_AREA, q.PROJECTS_BY_RAG, q.COUNT) or not query.answerable, (
        query.intent,
        query.explanation,
    )


@pytest.mark.parametrize("text", ["which care projects are red?", "how many projects are in care?"])
def test_care_projects_are_still_the_area(vocab, text):
    query = ask(vocab, text)
    assert query.answerable and query.area == "digital-care", (query.intent, query.explanation)
