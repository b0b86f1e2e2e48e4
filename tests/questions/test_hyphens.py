"""A word of a name hyphenated or not, either way round: staff type "web-chat" for the plan's "Resident webchat"
and "selfservice" or "realtime" for its "self-service" and "Real-time". Written for this file over the fixture
plan (tests/questions/fixture.py)."""

from __future__ import annotations

import pytest

from services.ask import ask
from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    return await ask(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, ref, kind",
    [
        ("who leads web-chat?", "CIT-07", "project_leads"),
        ("is the my-county app red?", "CIT-04", "project_overview"),
        ("who leads selfservice", "CIT-01", "project_leads"),
        ("who's the lead on the realtime bus information project", "ECO-08", "project_leads"),
    ],
)
async def test_a_name_with_or_without_its_hyphen_is_the_same_project(db, plan, text, ref, kind):
    got = await _ask(db, text)
    assert got.kind == kind, got.text
    assert got.data.get("projects") == [ref], got.text


@pytest.mark.parametrize(
    "title, words",
    [
        ("Pre-paid cards issued", ["prepaid", "cards"]),
        ("E-forms live", ["eforms"]),
        ("Telephony cut-over", ["cutover"]),
    ],
)
def test_a_milestone_title_hyphenated_names_the_word_written_as_one(title, words):
    from programme.questions import said

    assert said.names_it(title, words)
