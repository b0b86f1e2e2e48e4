"""The answer to "why is X red" shows the RAG reason, the blockers, the latest summary and the risks; its data
says so (`fields`), as every other answer that shows several parts does. Seen failing first (fields ['why'])."""

from __future__ import annotations

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def test_why_names_every_part_it_shows(db, plan):
    from services.ask import ask as ask_bot

    got = await ask_bot(
        db, "why is highways that colour?", MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    assert got.data.get("field") == "why", (got.data, got.text)
    assert "Latest" in got.text, got.text
    assert {"why", "summary", "blockers", "risks"} <= set(got.data.get("fields") or []), got.data
