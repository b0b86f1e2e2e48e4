""" "How long has X been going / running?" asks for the plan's dates (kell's key: the start date), not an overview nor
who runs it; and a start already past is said as past ("Started …"). Seen failing first (an overview; "who runs"
read as its leads; "Starts" of a day gone)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from store.models import Project
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text", ["how long has the customer portal been going", "how long has the customer portal been running?"]
)
async def test_how_long_has_it_been_going_is_its_dates(db, plan, text):
    async with db.unit_of_work() as s:
        project = (await s.scalars(select(Project).where(Project.ref == "CIT-01"))).one()
        project.start_date, project.end_date = date(2025, 4, 1), date(2027, 3, 31)
    got = await _ask(db, text)
    assert got.data.get("projects") == ["CIT-01"], got.text
    assert got.data.get("field") == "dates", (got.data, got.text)
    assert "Started **1 April 2025**, ends **31 March 2027**" in got.text, got.text


async def test_how_long_has_it_been_red_is_still_its_history(db, plan):
    got = await _ask(db, "how long has the customer portal been red")
    assert got.data.get("field") != "dates", got.text
