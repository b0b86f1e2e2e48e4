"""The schema migrates on both backends, matches the models, and keeps datetimes in UTC."""
from datetime import datetime, timedelta, timezone

from sqlalchemy import select

from store.db import Database, downgrade, head_revision, upgrade
from store.models import AuditEntry, Base


async def test_migrated_database_is_at_head_and_ready(db: Database):
    assert await db.ping()
    assert await db.current_revision() == head_revision()


async def test_datetimes_round_trip_as_utc(db: Database):
    when = datetime(2026, 3, 29, 1, 30, tzinfo=timezone(timedelta(hours=1)))
    async with db.unit_of_work() as s:
        s.add(AuditEntry(actor="system", action="test", entity="x", at=when))
    async with db.unit_of_work() as s:
        got = (await s.execute(select(AuditEntry))).scalar_one().at
    assert got == when and got.tzinfo is not None and got.utcoffset() == timedelta(0)


async def test_unit_of_work_rolls_back_on_error(db: Database):
    try:
        async with db.unit_of_work() as s:
            s.add(AuditEntry(actor="system", action="test", entity="x"))
            raise RuntimeError("boom")
    except RuntimeError:
        pass
    async with db.unit_of_work() as s:
        assert (await s.execute(select(AuditEntry))).first() is None


def test_latest_migration_downgrades_and_upgrades_again(db_url):
    downgrade(db_url, "-1")
    upgrade(db_url)


def test_every_column_declares_whether_it_is_personal():
    missing = [f"{t.name}.{c.name}" for t in Base.metadata.tables.values() for c in t.columns if "personal" not in c.info]
    assert missing == []
