"""Upgrades without an outage: two releases against one database (issue 22).

A rolling upgrade runs the new release's `dfbot db upgrade` while the old release's replicas still
serve. They used to answer 503 on /readyz as soon as the schema moved on ("migrations not current"),
so the platform drained every old replica before a new one was ready. Now the database records which
releases still work against its schema (`schema_compatibility`, written after every migration from the
migration's own `compatible_from`), and an old replica stays ready — and keeps working — against a
newer schema that declares it compatible, and steps aside for one that does not.

"The new release" here is this release's migrations plus one more, in a copy of the migrations folder,
applied by Alembic exactly as its `dfbot db upgrade` would; "the old release" is this code, serving
over HTTP in the same test. tests/test_two_releases.py runs the real previous release, a second copy of
the code taken from git, next to this one.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import inspect

from store.db import Database, downgrade, known_revisions, schema_readiness, upgrade
from tests import activities as A
from tests.botserver import running_bot
from tests.releases import migrate, release_after

OURS = known_revisions()[-1]


def next_release(tmp_path: Path, *, compatible_from: str | None) -> Path:
    """The migrations of the release after this one: ours, plus 0099, which adds a nullable column."""
    return release_after(tmp_path / "next-release-migrations", OURS, compatible_from=compatible_from)


async def columns(db: Database, table: str) -> set[str]:
    async with db.engine.connect() as conn:
        return await conn.run_sync(lambda c: {col["name"] for col in inspect(c).get_columns(table)})


async def test_the_old_release_stays_ready_and_keeps_working_while_the_new_one_migrates(db: Database, tmp_path):
    new = next_release(tmp_path, compatible_from=OURS)  # additive: declares the release before it compatible
    async with running_bot(db) as old:
        assert (await old.get("/readyz"))[0] == 200
        await asyncio.to_thread(migrate, db.url, new)  # the new release's `dfbot db upgrade`
        assert "colour" in await columns(db, "projects")
        status, body = await old.get("/readyz")
        assert status == 200, body
        assert body["migrations"]["current"] == "0099" and body["migrations"]["head"] == OURS
        assert body["migrations"]["compatible_from"] == OURS and "still compatible" in body["migrations"]["state"]
        # and it really works against the newer schema: a new person is stored, a question is answered
        status, replies = await old.post(
            A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True, sender=A.user(77, "Grace Hopper"))
        )
        assert status == 200 and replies["activities"]


async def test_a_schema_the_old_release_cannot_use_takes_it_out_of_readiness(db: Database, tmp_path):
    new = next_release(tmp_path, compatible_from="0099")  # declared breaking: only its own release works
    async with running_bot(db) as old:
        await asyncio.to_thread(migrate, db.url, new)
        status, body = await old.get("/readyz")
    assert status == 503 and "not compatible" in body["migrations"]["state"]


async def test_a_migration_that_declares_nothing_is_taken_to_be_breaking(db: Database, tmp_path):
    new = next_release(tmp_path, compatible_from=None)
    async with running_bot(db) as old:
        await asyncio.to_thread(migrate, db.url, new)
        status, body = await old.get("/readyz")
    assert status == 503 and body["migrations"]["compatible_from"] == "0099"


async def test_rolling_back_the_new_release_makes_the_old_one_current_again(db: Database, tmp_path):
    new = next_release(tmp_path, compatible_from="0099")
    async with running_bot(db) as old:
        await asyncio.to_thread(migrate, db.url, new)
        assert (await old.get("/readyz"))[0] == 503
        await asyncio.to_thread(migrate, db.url, new, OURS, down=True)  # the documented rollback
        status, body = await old.get("/readyz")
    assert status == 200 and body["migrations"]["state"] == "current"
    assert "colour" not in await columns(db, "projects")


async def test_a_new_release_waits_for_its_migrations_before_taking_traffic(db_url):
    await asyncio.to_thread(downgrade, db_url, "-1")  # the database is still at the previous release's schema
    database = Database(db_url)
    try:
        async with running_bot(database) as new:
            status, body = await new.get("/readyz")
            assert status == 503 and "migrations pending" in body["migrations"]["state"]
            await asyncio.to_thread(upgrade, db_url)
            status, body = await new.get("/readyz")
            # The newest migration is additive: the previous release (one migration down) still works with it.
            assert status == 200 and body["migrations"]["compatible_from"] in known_revisions()[:-1]
    finally:
        await database.dispose()


@pytest.mark.parametrize(
    "current,compatible_from,ready,says",
    [
        ("0006", "0005", True, "current"),
        ("0005", "0005", False, "migrations pending"),
        ("0099", "0006", True, "still compatible"),
        ("0099", "0005", True, "still compatible"),
        ("0099", "0099", False, "not compatible"),
        ("0099", None, False, "not compatible"),
        (None, None, False, "no migrations"),
    ],
)
def test_schema_readiness(current, compatible_from, ready, says):
    mine = ("0001", "0002", "0003", "0004", "0005", "0006")
    got, why = schema_readiness(current, compatible_from, mine)
    assert got is ready and says in why
