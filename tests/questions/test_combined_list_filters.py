"""A RAG filter with a has-a-blocker / has-an-ask condition on the latest update, asked as a list command ("list every
red or amber project with a blocker"): the same list as "which red or amber projects have blockers", never every red
or amber project. Over the fixture plan."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, same_as",
    [
        ("list every red or amber project with a blocker", "which red or amber projects have blockers"),
        ("list every amber project with a blocker", "which amber projects have blockers"),
    ],
)
async def test_a_list_command_with_a_colour_and_a_blocker_keeps_both(db, plan, text, same_as):
    got, want = await _ask(db, text), await _ask(db, same_as)
    assert want.kind == "projects_with_field", want.text
    assert (got.kind, got.data.get("projects")) == (want.kind, want.data.get("projects")), got.text
