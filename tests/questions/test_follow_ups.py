"""Follow-ups that lean on the last answer without naming anything: "how are they doing?" after a person's few
projects, "how many residents have they reached?" after a question about one project, "since when has it been
red?". The questions are written for this file over the fixture plan, not taken from any corpus set."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _chat(db, *texts, chat):
    answers = []
    for text in texts:
        answers.append(await ask(db, text, MEMBER, conversation_id=chat, tz=fixture.TZ, now=fixture.NOW))
    return answers


@pytest.mark.parametrize(
    "first, then",
    [
        ("what's tom hughes working on?", "how are they doing?"),
        ("which projects is tom hughes involved in", "and how are they getting on"),
        ("tom hughes - what is he on", "status of them?"),
    ],
)
async def test_they_after_a_short_list_is_each_project_of_it(db, plan, first, then):
    listed, follow = await _chat(db, first, then, chat=f"they-{first}")
    assert sorted(listed.data["projects"]) == ["CAR-01", "CIT-01", "COU-01"]
    assert follow.kind == "project_overview", follow.data.get("understood")
    assert sorted(follow.data["projects"]) == ["CAR-01", "CIT-01", "COU-01"]


async def test_they_after_a_long_list_is_not_guessed(db, plan):
    _, follow = await _chat(db, "list every project", "how are they doing?", chat="they-long")
    assert follow.kind == "unknown"


@pytest.mark.parametrize(
    "first, then",
    [
        ("who runs the customer portal?", "how many residents are they testing the beta with?"),
        ("customer portal status", "and how many residents are testing it"),
        ("tell me about the self-service portal", "how many residents have they got in beta testing"),
    ],
)
async def test_a_figure_about_the_project_talked_about_comes_from_its_updates(db, plan, first, then):
    _, follow = await _chat(db, first, then, chat=f"fig-{then}")
    assert follow.kind == "project_field" and follow.data["projects"] == ["CIT-01"], follow.data.get("understood")
    assert "200 residents" in follow.text


@pytest.mark.parametrize(
    "then",
    [
        "since when has it been red?",
        "since when is it red",
        "how long has it been red for?",
        "it's been red since when?",
    ],
)
async def test_since_when_a_project_has_been_its_colour(db, plan, then):
    """The website redesign went red in the sixth cycle and stayed red: the day of that update."""
    _, follow = await _chat(db, "how's the website redesign doing", then, chat=f"since-{then}")
    index = [p.ref for p in fixture.PROJECTS].index("CIT-05")
    went_red = fixture.submitted_at(index, 5).astimezone(ZoneInfo(fixture.TZ)).date()
    assert follow.data["projects"] == ["CIT-05"], follow.data.get("understood")
    assert follow.data.get("dates") == [went_red.isoformat()], follow.data.get("understood")
