"""'which priority area has the fewest ambers?': the area with the fewest, not the most (tarn's key; it was read as
"the most"); an area none of whose projects is that colour has the fewest: none. Seen failing first (the fewest
answered with the area with the most)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize("colour", ["red", "amber"])
async def test_the_fewest_is_not_the_most(db, plan, colour):
    most = await _ask(db, f"which area has the most {colour} projects?")
    fewest = await _ask(db, f"which priority area has the fewest {colour}s?")
    assert most.kind == fewest.kind == "ranking", fewest.text
    assert fewest.data["count"] < most.data["count"], (fewest.text, most.text)
    assert not set(fewest.data["areas"]) & set(most.data["areas"]), (fewest.data, most.data)


async def test_the_least_counts_every_area(db, plan):
    got = await _ask(db, "which area has the least red projects")
    reds = await _ask(db, "which projects are red?")
    red_areas = {p.area for p in fixture.PROJECTS if p.ref in reds.data["projects"]}
    areas = {p.area for p in fixture.PROJECTS if p.status == "active"}
    assert got.data["count"] == (0 if areas - red_areas else got.data["count"]), got.text
