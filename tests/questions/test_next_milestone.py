"""'The next milestone' is the earliest one not done that is due today or later; an overdue one is past, said apart
as overdue, never given as the next. Over the fixture plan (now Wednesday 25 November 2026): the Website redesign's
content migration (due 20 November) is overdue and its launch (29 January 2027) is next; Microsoft 365's SharePoint
migration (18 November) is overdue and Teams telephony (11 December) next; the intranet's only milestone (10
November) is overdue."""

from __future__ import annotations

import pytest

from tests.questions import fixture
from tests.questions.conftest import MEMBER


async def _ask(db, text):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW)


@pytest.mark.parametrize(
    "text, next_day, overdue",
    [
        ("what's the next milestone for the website redesign", "2027-01-29", "20 November 2026"),
        ("website redesign - next milestone?", "2027-01-29", "20 November 2026"),
        ("when's the next milestone on m365", "2026-12-11", "18 November 2026"),
    ],
)
async def test_the_next_milestone_is_not_an_overdue_one(db, plan, text, next_day, overdue):
    got = await _ask(db, text)
    assert got.data.get("dates") == [next_day], got.text
    assert "overdue" in got.text.lower() and overdue in got.text, got.text  # the overdue one said apart


async def test_only_overdue_milestones_left_says_none_is_ahead_and_names_the_overdue(db, plan):
    got = await _ask(db, "when's the next milestone for the intranet?")
    assert got.data.get("dates") == [], got.text
    assert "10 November 2026" in got.text and "overdue" in got.text.lower(), got.text


async def test_the_whole_schedule_names_as_next_one_not_overdue(db, plan):
    got = await _ask(db, "milestones for the website redesign")
    assert "Next open milestone: Website launch" in got.text, got.text
