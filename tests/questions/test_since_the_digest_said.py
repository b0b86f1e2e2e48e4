"""'How many projects have updated since friday's digest?' is the window since the last digest was posted (kell's
key), as "since the last digest" is, not since Friday's midnight; and the answer says that window as it is — the
digest and the minute it was posted, not "every update up to …". Seen failing first (since Friday 00:00; "over every
update up to")."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from store.models import Digest
from tests.questions import fixture
from tests.questions.conftest import MEMBER


@pytest.mark.parametrize(
    "text",
    ["how many projects have updated since the last digest?", "how many projects have updated since {day}'s digest?"],
)
async def test_since_the_digest_counts_from_its_posting_and_says_so(db, plan, text):
    from services.ask import ask

    async with db.unit_of_work() as s:
        posted = (await s.execute(select(func.max(Digest.posted_at)))).scalar_one()
    local = posted.astimezone(ZoneInfo(fixture.TZ))
    got = await ask(
        db, text.format(day=f"{local:%A}".lower()), MEMBER, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    assert got.data.get("since") == local.date().isoformat(), (posted, got.data, got.text)
    assert f"since the last digest, posted at {local:%H:%M} on {local:%A}" in got.text, got.text
    assert "every update up to" not in got.text
