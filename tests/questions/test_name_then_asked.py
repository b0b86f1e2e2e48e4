"""A project named first and then asked about by "that" is one question: "and the customer portal, is that
green" (kell's key) is not two parts ("the customer portal" and "is that green" read as "are there green
projects?"), and it asks yes or no. Seen failing first (two parts, the second a list of green projects)."""

from __future__ import annotations

import pytest

from programme.questions.parts import split
from tests.questions import fixture
from tests.questions.conftest import MEMBER


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("ta - and the flood sensor project, is that green", 1),
        ("the customer portal, is it on track", 1),
        ("telephony and bins, are they red", 1),
        ("who leads the chatbot, is it green?", 2),  # a question, then another about what it named
        ("what about hrp, is it still red", 2),
    ],
)
def test_a_name_then_that_is_one_part(text, parts):
    assert len(split(text)) == parts, split(text)


@pytest.mark.parametrize("lead_in", ["", "ta - and ", "and "])
async def test_a_name_then_is_that_green_is_yes_or_no(db, plan, lead_in):
    from services.ask import ask

    status = await ask(
        db, "status of the customer portal", MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    rag = status.data.get("rag")
    assert rag in ("green", "amber", "red"), status.data
    got = await ask(
        db, f"{lead_in}the customer portal, is that green", MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    assert got.data.get("projects") == ["CIT-01"], got.text
    assert got.data.get("answer") == ("yes" if rag == "green" else "no"), (rag, got.text)
