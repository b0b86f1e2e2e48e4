"""'Which projects have recovered from red?' — asked with no window, every step of their history out of red; with
one ("this month"), the steps in it. Written for this file over the fixture plan; what is expected is read off the
fixture's RAG histories (one letter per cycle, "-" for none)."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text):
    return await ask(db, text, ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


def _came_off_red() -> set[str]:
    out = set()
    for p in fixture.PROJECTS:
        seen = [r for r in p.rags if r != "-"]
        if any(a == "R" and b != "R" for a, b in zip(seen, seen[1:], strict=False)):
            out.add(p.ref)
    return out


@pytest.mark.parametrize(
    "text",
    ["which projects have recovered from red", "any projects recovering from red?", "who has bounced back from red"],
)
async def test_recovered_from_red_is_every_step_out_of_red_so_far(db, plan, text):
    got = await _ask(db, text)
    assert got.kind == "changed_since", got.text
    assert set(got.data["projects"]) == _came_off_red(), got.text
    assert _came_off_red(), "the fixture has a project that came off red"
    assert got.data["count"] == len(_came_off_red()), got.text


async def test_a_list_of_what_changed_says_how_many_projects_it_holds(db, plan):
    got = await _ask(db, "what's changed since the last digest?")
    assert got.kind == "changed_since", got.text
    assert got.data.get("count") == len(set(got.data["projects"])), got.data
