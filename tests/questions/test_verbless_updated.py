"""'bootcamps - updated in the last fortnight?', 'registrars booking - updated in the past 7 days?': a name, then only
'updated' (or 'reported') and a window, asks the yes or no its verb would ("has X updated …?"), with the same answer
(holt's and kell's keys). Seen failing first ("'updated' (a yes or no asked without its verb …)")."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "verbless, asked",
    [
        ("inclusion - updated in the last fortnight?", "has inclusion updated in the last fortnight?"),
        ("digital inclusion updated this week?", "has digital inclusion updated this week?"),
        ("self-service - reported yet?", "has self-service reported yet?"),
    ],
)
async def test_a_name_then_updated_is_the_yes_or_no_its_verb_asks(db, plan, verbless, asked):
    want = await _ask(db, asked)
    assert want.data.get("answer") in ("yes", "no"), want.text
    got = await _ask(db, verbless)
    assert got.kind == want.kind and got.data.get("answer") == want.data["answer"], got.text
    assert got.data.get("projects") == want.data.get("projects"), got.data
