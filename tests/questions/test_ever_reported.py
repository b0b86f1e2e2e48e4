"""Whether one project has ever sent an update, and how many it has sent, asked with no period: "has the 5G
testbed sent an update yet?", "has EDRMS ever reported", "how many updates has the intranet done". Every update
so far is looked over, never only the last week's. Written for this file over the fixture plan."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, ref, answer",
    [
        ("has the care records project ever reported?", "CAR-07", "no"),
        ("has 5G testbed sent an update yet", "ECO-06", "no"),
        ("did the webchat project ever submit a status update", "CIT-07", "yes"),
        ("intranet - have they ever reported?", "COU-08", "yes"),
    ],
)
async def test_whether_a_project_has_ever_reported_is_yes_or_no_over_every_update(db, plan, text, ref, answer):
    got = await _ask(db, text)
    assert got.data.get("answer") == answer, got.text
    assert got.data.get("projects") == [ref], got.text
    assert "every update" in got.text, got.text


@pytest.mark.parametrize(
    "text",
    ["how many updates has the intranet done", "how many updates has webchat sent", "how many updates from CIT-07"],
)
async def test_how_many_updates_one_project_has_sent_counts_them_all(db, plan, text):
    got = await _ask(db, text)
    assert got.text.startswith("**8 updates**"), got.text


@pytest.mark.parametrize("second, ref, answer", [("and 5G?", "ECO-06", "no"), ("what about webchat?", "CIT-07", "yes")])
async def test_and_another_project_asks_the_same_yes_or_no_again(db, plan, second, ref, answer):
    await ask(
        db, "has the care records project ever reported?", MEMBER, conversation_id="c1", tz=fixture.TZ, now=fixture.NOW
    )
    got = await ask(db, second, MEMBER, conversation_id="c1", tz=fixture.TZ, now=fixture.NOW)
    assert got.data.get("answer") == answer, got.text
    assert got.data.get("projects") == [ref], got.text
