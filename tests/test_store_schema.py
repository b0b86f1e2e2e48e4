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
    missing = [
        f"{t.name}.{c.name}" for t in Base.metadata.tables.values() for c in t.columns if "personal" not in c.info
    ]
    assert missing == []


async def test_the_database_bumps_the_plan_version_whoever_changes_the_plan(db: Database):
    """The question engine's cached plan is as fresh as this counter: every plan table bumps it (even
    plain SQL that bypasses the models), a person's other columns and other tables do not."""
    from sqlalchemy import text

    from store.models import DataVersion, Person, PriorityArea, Project

    async def version() -> int:
        async with db.unit_of_work() as s:
            return (await s.execute(select(DataVersion.version).where(DataVersion.name == "plan"))).scalar_one()

    start = await version()
    async with db.unit_of_work() as s:
        area = PriorityArea(key="care", name="Care")
        s.add(area)
        await s.flush()
        s.add(Project(ref="CAR-01", name="Virtual care", priority_area_id=area.id))
        s.add(Person(name="Alex Wilber", email="alex@example.gov.uk", aad_object_id="aad-alex"))
    after_inserts = await version()
    assert after_inserts > start
    async with db.unit_of_work() as s:  # plain SQL, as a script or a restore tool would
        await s.execute(text("UPDATE projects SET name = 'Virtual care at home' WHERE ref = 'CAR-01'"))
    after_rename = await version()
    assert after_rename > after_inserts
    async with db.unit_of_work() as s:  # not what the vocabulary is built from
        await s.execute(text("UPDATE people SET teams_user_id = '29:alex' WHERE email = 'alex@example.gov.uk'"))
        s.add(AuditEntry(actor="system", action="test", entity="x"))
    assert await version() == after_rename
    async with db.unit_of_work() as s:
        await s.execute(text("UPDATE people SET name = 'Alex W' WHERE email = 'alex@example.gov.uk'"))
    renamed = await version()
    assert renamed > after_rename
    async with db.unit_of_work() as s:
        await s.execute(text("DELETE FROM projects WHERE ref = 'CAR-01'"))
    assert await version() > renamed


async def test_sqlite_statements_make_one_trip_and_report_what_the_adapter_did(tmp_path):
    """store/sqlite_trips.py: each statement crosses to the SQLite thread once; rows, rowcount, lastrowid,
    executemany, errors and server-side (streamed) results behave as SQLAlchemy's own adapter's."""
    import pytest
    from sqlalchemy import text
    from sqlalchemy.exc import IntegrityError

    from store import sqlite_trips

    db = Database(f"sqlite+aiosqlite:///{tmp_path}/trips.sqlite3")
    try:
        async with db.engine.connect() as conn:
            raw = await conn.get_raw_connection()
            assert type(raw.dbapi_connection) is sqlite_trips.OneTripConnection
            aio = raw.dbapi_connection._connection
            trips = []
            real = aio._execute

            async def counting(fn, *a, **kw):
                trips.append(fn)
                return await real(fn, *a, **kw)

            aio._execute = counting
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
            inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            assert inserted.lastrowid == 1 and inserted.rowcount == 1
            await conn.execute(text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}, {"n": "d"}])
            trips.clear()
            rows = (await conn.execute(text("SELECT id, name FROM t WHERE id > :i ORDER BY id"), {"i": 1})).all()
            assert [tuple(r) for r in rows] == [(2, "b"), (3, "c"), (4, "d")] and len(trips) == 1
            changed = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id >= 3"))
            assert changed.rowcount == 2
            with pytest.raises(IntegrityError):
                await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
            await conn.rollback()
            streamed = await conn.stream(text("SELECT count(*) FROM sqlite_master"))
            assert (await streamed.scalar()) >= 0
    finally:
        await db.dispose()
