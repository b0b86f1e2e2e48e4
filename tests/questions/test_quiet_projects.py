"""Asked "quiet projects in young kellingshire?" (kell's key) is "which have gone quiet there": no update in the past
fortnight, for the programme office and the DLG only, as "which projects have gone quiet" is. Seen failing first
(every project of the area; "quiet projects?" counted since Monday)."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import ADMIN, MEMBER


async def _ask(db, text, viewer=ADMIN):
    from services.ask import ask

    return await ask(db, text, viewer, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    ("short", "long"),
    [
        ("quiet projects?", "which projects have gone quiet?"),
        ("quiet projects in digital care?", "which projects in digital care have gone quiet?"),
        ("any quiet ones in digital council", "which projects in digital council have gone quiet?"),
    ],
)
async def test_quiet_projects_have_gone_quiet(db, plan, short, long):
    want = await _ask(db, long)
    assert want.kind == "projects_not_updated", want.text
    got = await _ask(db, short)
    assert got.kind == "projects_not_updated", got.text
    assert (got.data["projects"], got.data["since"]) == (want.data["projects"], want.data["since"]), got.text


async def test_quiet_projects_are_refused_to_a_member(db, plan):
    got = await _ask(db, "quiet projects in digital care?", MEMBER)
    assert got.kind == "refused", got.text
