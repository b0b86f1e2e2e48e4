"""A colour asked of one project's past, not of today: "did X recover from red?" is whether an update of X came
out of red after one in it; "was it red before?" whether any of its updates was red. Both were answered from the
RAG today (tarn's key: family hubs, red in November and green now, "did not recover from red" — a confident
wrong answer). Over the fixture plan's RAG histories (one letter per cycle, "-" for none); seen failing first."""

from __future__ import annotations

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text, conversation_id=None):
    return await ask(db, text, ADMIN, conversation_id=conversation_id, tz=fixture.TZ, now=fixture.NOW)


def _seen(p: fixture.P) -> list[str]:
    return [r for r in p.rags if r != "-"]


def _active(test) -> fixture.P:
    return next(p for p in fixture.PROJECTS if p.status == "active" and test(_seen(p)))


def _came_off_red(rags: list[str]) -> bool:
    return any(a == "R" and b != "R" for a, b in zip(rags, rags[1:], strict=False))


async def test_did_it_recover_from_red_reads_its_history(db, plan):
    recovered = _active(lambda rags: _came_off_red(rags) and rags[-1] != "R")
    never = _active(lambda rags: rags and "R" not in rags)
    yes = await _ask(db, f"did the {recovered.name.lower()} recover from red")
    assert yes.data.get("answer") == "yes", yes.text
    no = await _ask(db, f"has the {never.name.lower()} come off red?")
    assert no.data.get("answer") == "no", no.text


async def test_was_it_red_before_after_asking_about_it(db, plan):
    was_red = _active(lambda rags: "R" in rags[:-1] and rags[-1] != "R")
    await _ask(db, f"{was_red.name.lower()} rag", conversation_id="c-past")
    got = await _ask(db, "was it red before?", conversation_id="c-past")
    assert got.data.get("projects") == [was_red.ref], got.text
    assert got.data.get("answer") == "yes", got.text
