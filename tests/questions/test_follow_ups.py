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


@pytest.mark.parametrize(
    "text",
    [
        "why was digital inclusion red back in october?",
        "in october, why was the inclusion project red",
        "reason digital inclusion was red last month?",
    ],
)
async def test_why_it_was_red_then_is_read_from_its_update_of_then(db, plan, text):
    """Digital inclusion was red through October and is amber now: the October update's reasons, not today's."""
    (answer,) = await _chat(db, text, chat=f"why-{text}")
    assert answer.data["projects"] == ["CIT-02"] and answer.data["field"] == "why", answer.data.get("understood")
    assert answer.data["rag"] == "red"
    assert "October 2026" in answer.text  # the update it is from


@pytest.mark.parametrize(
    "text", ["list the red projects and their leads", "red projects with their leads please", "who leads the red ones"]
)
async def test_the_leads_of_a_list_are_one_answer_not_one_part_per_project(db, plan, text):
    (answer,) = await _chat(db, text, chat=f"leads-{text}")
    assert answer.kind == "project_leads", answer.data.get("understood")
    assert "parts" not in answer.data
    assert sorted(answer.data["projects"]) == ["CAR-05", "CIT-05", "COU-03", "COU-08", "ECO-08"]


@pytest.mark.parametrize(
    "then", ["when did it come off red?", "when did it get out of red", "when'd it come out of red"]
)
async def test_when_it_came_off_a_colour_is_the_update_after_its_last_run_of_it(db, plan, then):
    """Digital inclusion was red in cycles 3-5 and amber in 6 (its update of then): that day, not a list of reds."""
    _, follow = await _chat(db, "how's digital inclusion doing?", then, chat=f"off-{then}")
    index = [p.ref for p in fixture.PROJECTS].index("CIT-02")
    came_off = fixture.submitted_at(index, 5).astimezone(ZoneInfo(fixture.TZ)).date()
    assert follow.data["projects"] == ["CIT-02"], follow.data.get("understood")
    assert follow.data.get("dates") == [came_off.isoformat()]


def test_a_little_word_of_a_verb_is_never_a_word_of_a_name():
    """'come off red' beside a project named "PBX switch-off": 'off' alone names nothing."""
    from programme.questions.matcher import find_entities
    from programme.questions.vocab import ProjectEntry, Vocabulary

    entry = ProjectEntry(id=1, ref="TEL-01", name="Teams telephony", aliases=("PBX switch-off",), area="council")
    vocab = Vocabulary.build([entry], [], [], [])
    assert find_entities("when did it come off red".split(), vocab, person_cue=False) == []
    assert [m.ids for m in find_entities("pbx switch-off".split(), vocab, person_cue=False)] == [(1,)]


@pytest.mark.parametrize(
    "text, answer",
    [
        ("is the website redesign in a better place than a month ago?", "no"),
        ("has the website redesign got into worse shape than a month ago?", "yes"),
        ("is the new website in a better position than it was a month ago", "no"),
    ],
)
async def test_in_a_better_place_is_better_or_worse_than_then(db, plan, text, answer):
    """The website redesign was amber a month ago and is red now: worse."""
    (got,) = await _chat(db, text, chat=f"place-{text}")
    assert got.data["projects"] == ["CIT-05"] and got.data.get("answer") == answer, got.data.get("understood")


@pytest.mark.parametrize("then", ["when was its milestone due?", "and its milestones?", "when's its next deadline"])
async def test_its_milestones_after_a_list_of_several_is_not_every_projects_milestones(db, plan, then):
    """'its' after a list of five red projects names no one project: "not sure", never the programme's milestones."""
    _, follow = await _chat(db, "which projects are red?", then, chat=f"its-{then}")
    assert follow.kind == "unknown", follow.text


async def test_its_milestones_after_one_project_are_that_projects(db, plan):
    _, follow = await _chat(db, "how's the website redesign doing", "when was its milestone due?", chat="its-one")
    assert follow.data["projects"] == ["CIT-05"] and follow.data["field"] == "milestones"
