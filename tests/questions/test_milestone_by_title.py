"""A milestone named by words of its title, the way staff ask for it without naming its project ("due date for
the bus stop displays", "when is the lending scheme launching?"), or naming the project with a slip in the title
("data migraiton dry run"). Written for this file over the fixture plan (tests/questions/fixture.py)."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


def _milestones(got) -> set[tuple[str, str]]:
    return {(m["ref"], m["due"]) for m in got.data.get("milestones") or []}


@pytest.mark.parametrize(
    "text, ref, due",
    [
        ("due date for bus stop displays installed please", "ECO-08", "2026-11-12"),
        ("when is the device lending scheme launching?", "CIT-02", "2026-12-07"),
        ("when's 'skills framework published' due?", "COU-02", "2026-12-04"),
        ("what's the date for the office moves to complete", "COU-06", "2027-04-30"),
        ("when are the member training sessions due", "COU-03", "2026-11-26"),
    ],
)
async def test_a_milestone_named_by_its_title_alone_is_found(db, plan, text, ref, due):
    got = await _ask(db, text)
    assert got.kind != "unknown", got.text
    assert (ref, due) in _milestones(got), got.text
    assert {r for r, _ in _milestones(got)} == {ref}, got.text


@pytest.mark.parametrize(
    "text",
    [
        "due date for the hovercraft moorings",  # no milestone says so
        "when's the skills framework rescan",  # a word no milestone of it has: not that milestone
        "when is the review?",  # one word is not a milestone's title
        "what's the status of the social care system replacement project",  # two projects' names, not a milestone
    ],
)
async def test_words_no_single_milestone_names_stay_not_sure(db, plan, text):
    got = await _ask(db, text)
    assert got.kind in ("unknown", "ambiguous"), got.text
    assert got.kind == "ambiguous" or "project" not in text, got.text


async def test_a_slip_in_a_title_word_of_a_named_project_is_mended_against_its_milestones(db, plan):
    got = await _ask(db, "when is the data migraiton dry run for children's social care system replacement")
    assert got.kind != "unknown", got.text
    assert ("CAR-04", "2026-11-27") in _milestones(got) or "27 November 2026" in got.text, got.text
