"""Several questions in one message: a later part that lists projects naming no area, enabler, project or person
keeps the area or enabler the part before it listed by ("how many digital care projects are there and how many
are red?"). Our own phrasings over the fixture plan (seen failing first)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, alone",
    [
        ("how many digital care projects are there, and how many are red?", "how many red projects in digital care?"),
        ("what is green in digital citizen, and what is amber?", "which digital citizen projects are amber?"),
    ],
)
async def test_a_later_part_keeps_the_area_the_part_before_named(db, plan, text, alone):
    both = await _ask(db, text)
    assert len(both.data.get("parts") or []) == 2, both.text
    second, single = both.data["parts"][1], (await _ask(db, alone)).data
    assert sorted(second.get("projects") or []) == sorted(single.get("projects") or []), both.text
    assert second.get("count") == single.get("count"), both.text


@pytest.mark.parametrize(
    "text, alone",
    [
        (
            "which digital care projects are red, and which digital citizen ones are green?",
            "which digital citizen projects are green?",
        ),
        (
            "how many digital care projects are red and how many are green across the board?",
            "how many green projects are there?",
        ),
    ],
)
async def test_a_later_part_naming_its_own_area_or_everywhere_keeps_it(db, plan, text, alone):
    both, single = await _ask(db, text), (await _ask(db, alone)).data
    assert sorted(both.data["parts"][1].get("projects") or []) == sorted(single.get("projects") or []), both.text


async def test_a_later_part_in_another_area_asks_the_same_of_it(db, plan):
    both = await _ask(db, "how many digital care projects are red, and which digital citizen ones are?")
    alone = (await _ask(db, "which digital citizen projects are red?")).data
    assert len(both.data.get("parts") or []) == 2, both.text
    assert sorted(both.data["parts"][1].get("projects") or []) == sorted(alone.get("projects") or []), both.text
    assert alone.get("projects"), "the fixture should have a red project in digital citizen"
