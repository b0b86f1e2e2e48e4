"""A follow-up filters the list just shown ("which of them are green", "any with blockers?", "how many are red or
amber", "how many of them have never updated?"), and a list that was about a window keeps saying that window. Over
the fixture plan (now Wednesday 25 November 2026, the cycle opened Monday 23 November)."""

from __future__ import annotations

from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _chat(db, *texts, viewer=ADMIN):
    from services.ask import ask as ask_bot

    conv = f"a:follow-{abs(hash(texts))}"
    return [await ask_bot(db, t, viewer, conversation_id=conv, tz=fixture.TZ, now=fixture.NOW) for t in texts]


def _rags():
    """Each project's RAG now and whether it ever reported (its latest cycle's letter, as the fixture writes it)."""
    out = {}
    for p in fixture.PROJECTS:
        letters = [x for x in p.rags if x != "-"]
        out[p.ref] = fixture.RAG_OF[letters[-1]] if letters else None
    return out


async def test_a_colour_of_those_that_updated_this_week_keeps_the_week(db, plan):
    listed, amber = await _chat(db, "which projects updated this week", "which of those are amber?")
    window = (listed.data.get("since"), listed.data.get("until"))
    assert window[0] == "2026-11-23", listed.data
    assert (amber.data.get("since"), amber.data.get("until")) == window, amber.text
    assert set(amber.data["projects"]) == {r for r in listed.data["projects"] if _rags()[r] == "amber"}, amber.text
    assert "23 November" in amber.text or "this week" in amber.text.lower(), amber.text


async def test_a_colour_of_those_since_the_digest_keeps_the_digest(db, plan):
    listed, reds = await _chat(db, "which projects updated since the last digest", "which of them are red or amber")
    assert listed.data.get("since") == "2026-11-20", listed.data
    assert (reds.data.get("since"), reds.data.get("until")) == (listed.data["since"], listed.data["until"]), reds.text
    want = {r for r in listed.data["projects"] if _rags()[r] in ("red", "amber")}
    assert set(reds.data["projects"]) == want, reds.text


async def test_any_with_blockers_is_of_the_list_just_shown(db, plan):
    area, blocked = await _chat(db, "projects in digital care", "any with blockers?")
    assert area.data["projects"], area.text
    assert set(blocked.data.get("projects") or []) <= set(area.data["projects"]), blocked.text


async def test_how_many_are_red_or_amber_counts_the_list_just_shown(db, plan):
    area, count = await _chat(db, "projects in digital care", "how many are red or amber")
    want = [r for r in area.data["projects"] if _rags()[r] in ("red", "amber")]
    assert count.data.get("count") == len(want), count.text


async def test_how_many_of_the_quiet_ones_never_updated(db, plan):
    quiet, never = await _chat(db, "who's gone quiet", "how many of them have never updated?")
    assert quiet.data["projects"], quiet.text
    want = [r for r in quiet.data["projects"] if _rags()[r] is None]
    assert want, quiet.data
    assert never.data.get("count") == len(want), never.text


async def test_two_questions_in_one_message_are_not_a_filter_of_each_other(db, plan):
    (both,) = await _chat(db, "how many projects are red, and how many are green?")
    parts = both.data["parts"]
    greens = [r for r, rag in _rags().items() if rag == "green" and r != "RET-01"]
    assert parts[1].get("count") not in (0, None), both.text
    assert parts[1]["count"] >= len(greens) - 1, (parts[1], len(greens))


async def test_and_which_after_a_filter_is_a_sibling_of_it_not_a_filter_of_it(db, plan):
    _, amber, green = await _chat(db, "list the digital care projects", "which are amber?", "and which are green?")
    assert amber.data["projects"] and green.data["projects"], (amber.text, green.text)
    assert not set(amber.data["projects"]) & set(green.data["projects"]), green.text
