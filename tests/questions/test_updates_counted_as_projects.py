"""'how many updates this cycle so far (projects)', 'how many updates came in last cycle - projects i mean': the
question says projects are counted, not updates; it counted every update (a project that sent two counted twice).
Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text", ["how many updates this month so far (projects)", "how many updates came in this month - projects i mean"]
)
async def test_updates_counted_as_projects(db, plan, text):
    got = await _ask(db, text)
    updates = await _ask(db, "how many updates came in this month")
    assert got.kind == "projects_updated", (got.kind, got.text)
    assert got.data["count"] == len(got.data["projects"]), got.data
    assert updates.data["count"] > got.data["count"], (updates.data, got.data)  # some sent more than one
