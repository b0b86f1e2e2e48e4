"""'anything red?', 'anything not started yet?' ask a yes or no as 'any …' does; 'has anyone never sent an update at
all?' is yes when a project never has (tarn's keys). Seen failing first (the lists came without their yes or no)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize("anything, any_", [("anything red?", "are any projects red?")])
async def test_anything_is_a_yes_or_no_as_any_is(db, plan, anything, any_):
    want = await _ask(db, any_)
    got = await _ask(db, anything)
    assert want.data.get("answer") in ("yes", "no"), want.text
    assert got.data.get("answer") == want.data["answer"] and got.data["projects"] == want.data["projects"], got.text


async def test_never_sent_an_update_is_a_yes_or_no(db, plan):
    listed = await _ask(db, "which projects have never reported?")
    got = await _ask(db, "has anyone never sent an update at all?")
    assert got.data.get("answer") == ("yes" if listed.data["projects"] else "no"), got.text
    assert got.data["projects"] == listed.data["projects"], got.data
