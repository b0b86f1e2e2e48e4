"""Who has not updated since the last digest: the window opens when the digest was posted, as it does for who has
(moor's key: since 2027-04-02T15:00Z). It was the last seven days, a confident wrong list. Seen failing first."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from store.models import Digest
from tests.questions import fixture
from tests.questions.conftest import ADMIN


async def test_not_updated_since_the_last_digest_counts_from_the_digest(db, plan):
    from services.ask import ask

    async with db.unit_of_work() as s:
        posted = (await s.execute(select(func.max(Digest.posted_at)))).scalar_one()
    has = await ask(
        db, "who has updated since the last digest?", ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    has_not = await ask(
        db, "who hasn't updated since the last digest?", ADMIN, conversation_id=None, tz=fixture.TZ, now=fixture.NOW
    )
    day = posted.astimezone(ZoneInfo(fixture.TZ)).date().isoformat()
    assert has_not.data.get("since") == day, (posted, has_not.data, has_not.text)
    assert not set(has.data.get("projects", [])) & set(has_not.data.get("projects", [])), has_not.text
