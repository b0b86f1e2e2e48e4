"""Counts the plan alone answers, as staff ask them: "how many projects have a deputy" (was every project: the
deputy left out) and "which area has the most projects" (was the area with the most reds). Seen failing first."""

from __future__ import annotations

from collections import Counter

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


async def test_projects_with_a_deputy_are_those_with_one(db, plan):
    with_one = await _ask(db, "how many projects actually have a deputy")
    without = await _ask(db, "which projects have no deputy")
    everything = await _ask(db, "how many projects are there")
    a, b = set(with_one.data.get("projects") or []), set(without.data.get("projects") or [])
    assert a and b and not a & b, (with_one.text, without.text)
    assert a == {p.ref for p in fixture.PROJECTS if p.deputies and p.status not in ("retired", "closed")}, a
    assert everything.data.get("count") == len(a) + len(b), everything.text
    assert "with a deputy" in with_one.text, with_one.text


async def test_the_area_with_the_most_projects_counts_every_project(db, plan):
    got = await _ask(db, "which area has the most projects?")
    counts = Counter(p.area for p in fixture.PROJECTS if p.status not in ("retired", "closed"))
    assert got.data.get("count") == max(counts.values()), (got.text, counts)
    assert "Red" not in got.text, got.text
