"""Who sent a project's updates, as against who leads it: "which projects has Tom sent updates for?" is every
project he submitted an update for, lead or not (tarn's key: Owen Hale sent Fleet Telematics' October updates
though Gareth Moss leads it; the answer listed only what Owen leads — a confident wrong list). Over the fixture
plan, whose SUBMITTER rows are updates sent by someone other than the lead. Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


def _sent_by(name: str) -> set[str]:
    out = set()
    for p in fixture.PROJECTS:
        if p.status != "active":
            continue
        for i, rag in enumerate(p.rags):
            if rag != "-" and fixture.SUBMITTER.get((p.ref, i), p.leads[0]) == name:
                out.add(p.ref)
    return out


@pytest.mark.parametrize(
    "text",
    [
        "which projects has tom hughes sent updates for",
        "what has Tom Hughes submitted updates for?",
        "projects with updates written by tom hughes",
    ],
)
async def test_the_projects_a_person_sent_updates_for(db, plan, text):
    expected = _sent_by("Tom Hughes")
    led = {p.ref for p in fixture.PROJECTS if "Tom Hughes" in p.leads}
    assert expected - led, "the fixture has an update Tom sent for a project he does not lead"
    got = await _ask(db, text)
    assert got.kind == "led_by_person", got.text
    assert set(got.data["projects"]) == expected, got.text


async def test_a_persons_projects_filtered_by_updating_are_still_theirs(db, plan):
    got = await _ask(db, "which of tom hughes's projects updated this week")
    assert got.kind == "projects_updated", got.text


@pytest.mark.parametrize(
    "text",
    [
        "who's sent more than one update last cycle",
        "did anyone update twice last week",
        "which projects sent two or more updates last week?",
    ],
)
async def test_more_than_one_update_in_a_window(db, plan, text):
    """The fixture's one project with two updates in a cycle (SECOND_VERSION), not every project that sent one
    (tarn's key: "who's sent more than one update this cycle" listed all 13 that sent any)."""
    [(ref, _cycle)] = fixture.SECOND_VERSION
    got = await _ask(db, text)
    assert got.kind == "projects_updated", got.text
    assert got.data["projects"] == [ref], got.text


@pytest.mark.parametrize(
    "text",
    [
        "who was writing the self-service portal updates between the 9th and 15th of november?",
        "who sent the self-service portal updates between the 9th and 15th november",
    ],
)
async def test_who_sent_a_projects_updates_in_a_window(db, plan, text):
    """The people who submitted its updates then (CIT-01's update of 9 November was Tom Hughes's, its lead is
    Priya Shah), not its lead and deputy (tarn's key: "who was writing the telematics updates back in october?")."""
    assert fixture.SUBMITTER[("CIT-01", 5)] == "Tom Hughes" and fixture.CYCLE_MONDAYS[5].day == 9
    got = await _ask(db, text)
    assert got.data.get("projects") == ["CIT-01"], got.text
    assert got.data.get("people") == ["Tom Hughes"], got.text
