"""Who leads a project, asked the ways staff type it: "who's the PM for X", "who heads up X", and X named by two
words of its name of which one is also an enabler's ("the bus information project": "Information governance …").
Written for this file over the fixture plan (tests/questions/fixture.py)."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, ref",
    [
        ("who is the PM for webchat", "CIT-07"),
        ("who's the pm on online payments?", "CIT-06"),
        ("who heads up the bus information project", "ECO-08"),
        ("who runs families information?", "CAR-03"),
        ("who leads the sharing with partners work", "COU-05"),
        ("who is in charge of the information advice work", "CAR-03"),
        ("who leads the data sharing with partners project", "COU-05"),
    ],
)
async def test_who_heads_a_project_is_its_lead(db, plan, text, ref):
    got = await _ask(db, text)
    assert got.kind == "project_leads", got.text
    assert got.data.get("projects") == [ref], got.text


def _council_plan():
    from programme.questions import PersonEntry, ProjectEntry, TermEntry, Vocabulary

    projects = [
        ProjectEntry(1, "HT-28", "Westshire Insight Platform", ("HIP",), "council", ("data",), (1,)),
        ProjectEntry(2, "HT-25", "Cyber Resilience Programme", ("cyber",), "council", ("ig",), (2,)),
        ProjectEntry(3, "HT-01", "Pothole Reporting App", (), "place", ("data",), (2,)),
    ]
    people = [PersonEntry(1, "Raj Mistry"), PersonEntry(2, "Imogen Pryce")]
    areas = [TermEntry("council", "Modern Council"), TermEntry("place", "Place")]
    enablers = [TermEntry("data", "Data and Insight"), TermEntry("ig", "Information governance and cyber security")]
    return Vocabulary.build(projects, people, areas, enablers)


@pytest.mark.parametrize("text", ["who runs the insight platform?", "insight platform - who is the lead"])
def test_a_word_of_an_enabler_beside_the_next_word_of_a_project_name_is_the_project(text):
    from datetime import date

    from programme.questions import parse
    from programme.questions import query as q

    got = parse(text, _council_plan(), today=date(2028, 3, 29))
    assert got.intent == q.PROJECT_LEADS, got.explanation
    assert got.project_ids == (1,), got.explanation
    assert got.answerable, got.explanation
