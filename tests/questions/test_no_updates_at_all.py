"""'No updates at all' is never reported, not what changed nor who is quiet this cycle: "how many projects have no
updates at all", "which projects have had no update at all", "projects with no updates ever". Written for this file
over the fixture plan (CAR-07 and ECO-06 have never sent one)."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text",
    [
        "how many projects have no updates at all",
        "which projects have had no update at all?",
        "projects with no updates ever",
        "any projects that have not sent a single update",
    ],
)
async def test_no_updates_at_all_is_never_reported(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "not_reported", (got.text, got.data.get("understood"))
    assert sorted(got.data["projects"]) == ["CAR-07", "ECO-06"], got.text


async def test_no_update_this_cycle_is_still_who_has_not_updated(db, plan):
    got = await _ask(db, "which projects have had no update this cycle?")
    assert got.kind in ("projects_not_updated", "missing_updates"), got.text
