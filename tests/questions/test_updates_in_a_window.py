"""Updates that came in in a window ("updates in the past 7 days", "what's landed
since monday", "updates received in may") list every project that sent one, also one that changed nothing;
they were read as "what changed", which leaves such a project out. Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, same_as",
    [
        ("updates in the past 7 days", "which projects updated in the past 7 days"),
        ("what's landed since the last digest", "who has updated since the last digest"),
        ("updates received in the last fortnight please", "which projects updated in the last fortnight"),
    ],
)
async def test_updates_in_a_window_are_who_sent_one(db, plan, text, same_as):
    got, expected = await _ask(db, text), await _ask(db, same_as)
    assert got.kind == "projects_updated", (got.kind, got.text)
    assert got.data.get("projects") == expected.data.get("projects"), got.text


async def test_what_changed_is_still_the_changes(db, plan):
    assert (await _ask(db, "what changed since the last digest")).kind == "changed_since"
    assert (await _ask(db, "which projects went red in the past fortnight")).kind == "changed_since"
