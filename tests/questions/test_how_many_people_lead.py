"""'how many different people lead projects?', 'how many project leads are there?': the people, each once — not the
number of projects (tarn's key; it answered "37 projects"). Seen failing first."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize("text", ["how many different people lead projects?", "how many project leads are there?"])
async def test_the_leads_are_counted_once_each(db, plan, text):
    leads = {name for p in fixture.PROJECTS if p.status == "active" for name in p.leads}
    got = await _ask(db, text)
    assert got.data.get("count") == len(leads), got.text
    assert sorted(got.data["leads"]) == sorted(leads), got.data


async def test_how_many_projects_is_still_projects(db, plan):
    got = await _ask(db, "how many projects are there?")
    assert got.data["count"] == len([p for p in fixture.PROJECTS if p.status == "active"]), got.text
