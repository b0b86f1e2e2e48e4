"""An update missing in a window ("without an update in the past 10 days", "haven't reported in the past 7 days",
"missing an update since the digest") asks which projects did NOT update in it: the admins' list, refused to others.
It was answered with the projects that did update (the opposite) or read as "never reported". Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import ADMIN, ADMIN_IN_CHANNEL


async def _ask(db, text, viewer=ADMIN):
    from services.ask import ask

    return await ask(db, text, viewer, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, did",
    [
        ("projects without an update in the past 10 days", "which projects updated in the past 10 days"),
        ("which projects haven't reported in the past 7 days", "which projects updated in the past 7 days"),
        ("who's missing an update since the digest", "who has updated since the last digest"),
        ("which projects are missing an update in the last fortnight", "which projects updated in the last fortnight"),
    ],
)
async def test_no_update_in_a_window_is_the_not_updated_list(db, plan, text, did):
    got, updated = await _ask(db, text), await _ask(db, did)
    assert got.kind == "projects_not_updated", (got.kind, got.text)
    assert not set(got.data.get("projects", [])) & set(updated.data.get("projects", [])), got.text
    assert (await _ask(db, text, ADMIN_IN_CHANNEL)).kind == "refused"


async def test_never_reported_keeps_its_meaning(db, plan):
    assert (await _ask(db, "which projects have never reported")).kind == "not_reported"
    assert (await _ask(db, "projects without an update at all")).kind == "not_reported"
