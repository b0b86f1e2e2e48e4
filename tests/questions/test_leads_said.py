"""An answer about what a person leads names that person as the lead in its data ("what's Priya leading?", "who
leads the most projects?" — kell's key), as its words do; a deputy's list does not. Seen failing first (the
person was in `people` only)."""

from __future__ import annotations

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask

    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


async def test_what_is_she_leading_names_her_as_lead(db, plan):
    got = await _ask(db, "what's Priya Shah leading?")
    assert got.data.get("projects"), got.text
    assert got.data.get("leads") == ["Priya Shah"], got.data


async def test_who_leads_the_most_names_the_leads(db, plan):
    got = await _ask(db, "who leads the most projects?")
    assert got.data.get("leads") and got.data["leads"] == got.data["people"], got.data
    assert all(name in got.text for name in got.data["leads"]), got.text


async def test_a_deputys_list_names_no_lead(db, plan):
    got = await _ask(db, "what is Priya Shah deputy on?")
    assert "leads" not in got.data, got.data
