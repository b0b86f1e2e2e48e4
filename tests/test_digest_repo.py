"""Reading a digest's facts: a constant number of statements whatever the size of the programme."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from programme.digest import compose
from store import digest_repo
from store.db import Database, upgrade_async
from tests.conftest import _create_database
from tests.digest_fixtures import TZ, seed


@contextmanager
def counting(db: Database):
    """Counts the SQL statements sent to the database while the block runs."""
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", count)


async def _facts_statements(db: Database, projects: int) -> tuple[int, object]:
    seeded = await seed(db, projects=projects, cycles=8)
    with counting(db) as statements:
        async with db.unit_of_work() as s:
            facts = await digest_repo.digest_facts(s, seeded.current.key, now=seeded.digest_time, tz=TZ, trend_cycles=6)
    return len([q for q in statements if q.lstrip().upper().startswith(("SELECT", "WITH"))]), facts


@pytest.fixture
async def other_db(request, db_url, tmp_path):
    """A second, empty, migrated database on the same backend (a bigger programme goes there)."""
    if db_url.startswith("sqlite"):
        url = f"sqlite+aiosqlite:///{tmp_path}/other.sqlite3"
        await upgrade_async(url)
    else:
        cluster = request.getfixturevalue("pg_cluster")
        name = f"t_{uuid.uuid4().hex[:12]}"
        await _create_database(cluster.url(), name, template="dfbot_template")
        url = cluster.url(name)
    database = Database(url)
    yield database
    await database.dispose()


async def test_the_digest_reads_the_same_number_of_statements_for_50_and_500_projects(db: Database, other_db: Database):
    small, facts = await _facts_statements(db, 50)
    large, facts_large = await _facts_statements(other_db, 500)
    assert len(facts.projects) == 50 and len(facts.current) == 45  # every tenth missed this cycle
    assert len(facts_large.projects) == 500
    assert small == large, f"{small} statements for 50 projects, {large} for 500"
    assert small <= 14


async def test_facts_carry_history_trend_milestones_and_who_was_chased(db: Database):
    seeded = await seed(db, projects=20, cycles=8)
    async with db.unit_of_work() as s:
        facts = await digest_repo.digest_facts(s, seeded.current.key, now=seeded.digest_time, tz=TZ, trend_cycles=6)
    assert facts.trend_periods == [p.key for p in seeded.periods[-6:]]
    assert set(facts.previous) == set(range(1, 21))
    assert facts.trend[3][seeded.periods[-2].key] in ("green", "amber", "red")
    assert any(m.status == "done" for m in facts.milestones)
    assert {d.kind for d in facts.deliveries} == {"prompt", "reminder-24h"}
    content = compose(facts)
    reasons = {m["ref"]: m["reason"] for m in content["missing"]["items"]}
    assert reasons == {"P-00010": "No reply after 1 reminder", "P-00020": "No reply after 1 reminder"}
    assert content["glance"]["participation"] == {"received": 18, "expected": 20, "late": 0}
    assert content["sensitive_withheld"] == 2  # projects 7 and 14 marked a risk sensitive
