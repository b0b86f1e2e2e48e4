"""Shared fixtures: a migrated database per test on SQLite and on a throwaway PostgreSQL."""

from __future__ import annotations

import asyncio
import os
import uuid

import pytest

from store.db import Database, upgrade
from tests.pgcluster import PgCluster, find_pg_bin

BACKENDS = [b.strip() for b in os.environ.get("DFBOT_TEST_BACKENDS", "sqlite,postgresql").split(",") if b.strip()]


@pytest.fixture(scope="session")
def pg_cluster():
    bin_dir = find_pg_bin()
    if bin_dir is None:
        msg = "PostgreSQL server binaries (initdb, pg_ctl) not found: install Debian's 'postgresql' package (make test does)."
        if os.environ.get("CI", "").lower() == "true" or os.environ.get("DFBOT_REQUIRE_PG") == "1":
            pytest.fail(msg, pytrace=False)
        pytest.skip(msg)
    cluster = PgCluster(bin_dir).start()
    template_url = cluster.url("dfbot_template")
    asyncio.run(_create_database(cluster.url(), "dfbot_template"))
    upgrade(template_url)
    yield cluster
    cluster.stop()


async def _create_database(admin_url: str, name: str, template: str | None = None) -> None:
    import asyncpg

    dsn = admin_url.replace("postgresql+asyncpg://", "postgresql://")
    conn = await asyncpg.connect(dsn)
    try:
        tpl = f" TEMPLATE {template}" if template else ""
        await conn.execute(f'CREATE DATABASE "{name}"{tpl}')
    finally:
        await conn.close()


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A freshly migrated, empty database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path}/test.sqlite3"
        upgrade(url)
        return url
    cluster = request.getfixturevalue("pg_cluster")
    name = f"t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(cluster.url(), name, template="dfbot_template"))
    return cluster.url(name)


@pytest.fixture
async def db(db_url):
    database = Database(db_url)
    yield database
    await database.dispose()


def pytest_sessionfinish(session, exitstatus):
    """Every Adaptive Card the fake Bot Connector received goes to tests/e2e/artifacts/cards/, where
    tests/e2e/run.sh validates it with Microsoft's renderer (tests/e2e/cards_capture.py)."""
    from tests.e2e.cards_capture import dump_session

    summary = dump_session(session, int(exitstatus))
    if summary:
        writer = session.config.get_terminal_writer()
        writer.line()
        writer.line(
            f"Adaptive Cards seen by the fake Bot Connector: {summary['distinct_cards']} distinct, "
            f"written to {summary['directory']} (validated by tests/e2e/run.sh)"
        )
