"""A rolling window ("the past fortnight", "the last 10 days", "gone quiet") runs from the instant N days before
now, not from the start of that local day: every author who wrote its time down (beck, moor, dale) counts an
update sent that morning, before the instant, as outside it. Seen failing first (the update was counted)."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from programme.questions import dates
from programme.questions.query import decode_period, encode_period
from store.models import Project, StatusUpdate
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def _ask(db, text, now, viewer=ADMIN):
    from services.ask import ask as ask_bot

    return await ask_bot(db, text, viewer, conversation_id=None, tz=fixture.TZ, now=now)


async def _latest_updates(db):
    async with db.unit_of_work() as s:
        rows = (
            await s.execute(
                select(Project.ref, func.max(StatusUpdate.submitted_at))
                .join(StatusUpdate, StatusUpdate.project_id == Project.id)
                .group_by(Project.ref)
            )
        ).all()
    return {ref: at for ref, at in rows}


@pytest.mark.parametrize(
    "text, days",
    [
        ("who has updated in the past fortnight?", 14),
        ("which projects sent an update over the last 2 weeks", 14),
        ("which projects updated in the past 10 days", 10),
    ],
)
async def test_an_update_that_morning_before_the_instant_is_outside_the_window(db, plan, text, days):
    latest = await _latest_updates(db)
    ref, at = max(latest.items(), key=lambda kv: kv[1])
    now = at + timedelta(days=days, hours=1)  # the window opens an hour after that update, the same local day
    got = await _ask(db, text, now)
    refs = set(got.data.get("projects", []))
    assert ref not in refs, (ref, got.text)
    sooner = await _ask(db, text, at + timedelta(days=days, hours=-1))
    assert ref in set(sooner.data.get("projects", [])), sooner.text


async def test_gone_quiet_counts_from_the_instant_a_fortnight_ago(db, plan):
    latest = await _latest_updates(db)
    ref, at = max(latest.items(), key=lambda kv: kv[1])
    got = await _ask(db, "which projects have gone quiet?", at + timedelta(days=14, hours=1))
    assert ref in set(got.data.get("projects", [])), got.text


async def test_the_answer_says_the_time_the_window_opens(db, plan):
    latest = await _latest_updates(db)
    _, at = max(latest.items(), key=lambda kv: kv[1])
    now = at + timedelta(days=14, hours=1)
    got = await _ask(db, "who has updated in the past fortnight?", now)
    local = (now - timedelta(days=14)).astimezone(ZoneInfo(fixture.TZ))
    assert f"{local:%H:%M}" in got.text, got.text


@pytest.mark.parametrize("text", ["in the past fortnight", "over the last 2 weeks", "past 10 days", "last 7 days"])
def test_a_rolling_window_is_marked_and_kept_in_the_follow_up_context(text):
    found = dates.find(text, fixture.NOW.date(), "past")
    assert found.range is not None and found.range.rolling, found
    assert decode_period(encode_period(found.range)) == found.range
