"""What projects is he on, after talk of a person, asks what he does, whatever the role, as "what projects is
Gareth Jones on?" does: the projects he leads and those he is deputy on (fen's key). Seen failing first (only those
he leads)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _chat(db, texts):
    from services.ask import ask

    out = []
    for text in texts:
        out.append(await ask(db, text, MEMBER, conversation_id="chat-on", tz=fixture.TZ, now=fixture.NOW))
    return out


@pytest.mark.parametrize("follow_up", ["what projects is he on?", "what's he on?", "and what is he working on"])
async def test_what_is_he_on_is_every_role(db, plan, follow_up):
    named = await _chat(db, ["what projects is gareth jones on?"])
    assert set(named[0].data.get("projects", [])) == {"CIT-03", "ECO-01"}, named[0].text
    got = await _chat(db, ["who leads highways?", follow_up])
    assert set(got[-1].data.get("projects", [])) == {"CIT-03", "ECO-01"}, got[-1].text
