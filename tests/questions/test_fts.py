"""Full-text search over update history: the database's own, kept in step, ranked, and migrated both ways."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from services.ask import ask, forget_vocabulary
from store.db import Database, downgrade, upgrade
from store.models import PriorityArea, Project, StatusUpdate, UpdateCycle
from store.question_search import PG_OPEN_VECTOR, PG_SENSITIVE_VECTOR
from tests.questions.conftest import ADMIN, MEMBER

NOW = datetime(2026, 11, 25, 10, tzinfo=UTC)


async def _search(db, words, viewer=MEMBER):
    answer = await ask(db, f"which projects mention {words}", viewer, conversation_id=None, now=NOW)
    assert answer.kind == "search"
    return answer.data["projects"]


async def _two_projects(db: Database) -> dict[str, int]:
    forget_vocabulary()
    async with db.unit_of_work() as s:
        area = PriorityArea(key="digital-citizen", name="Digital Citizen")
        cycle = UpdateCycle(
            period_key="2026-W48", opens_at=NOW - timedelta(days=2), due_at=NOW, closes_at=NOW + timedelta(days=5)
        )
        a = Project(ref="A-1", name="Apple orchard", area=area)
        b = Project(ref="B-1", name="Banana plantation", area=area)
        s.add_all([area, cycle, a, b])
        await s.flush()
        s.add(
            StatusUpdate(
                project_id=a.id,
                cycle_id=cycle.id,
                submitted_at=NOW - timedelta(hours=5),
                rag="green",
                summary="Funding agreed.",
                submitted_by_name="Ann",
            )
        )
        s.add(
            StatusUpdate(
                project_id=b.id,
                cycle_id=cycle.id,
                submitted_at=NOW - timedelta(hours=4),
                rag="amber",
                summary="Funding, funding and more funding: the funding bid is late.",
                risks=[{"text": "Secret merger talks", "sensitive": True}, "Weather"],
                submitted_by_name="Ben",
            )
        )
        return {"A-1": a.id, "B-1": b.id}


async def test_more_mentions_rank_higher(db):
    await _two_projects(db)
    assert await _search(db, "funding") == ["B-1", "A-1"]


async def test_search_stems_words(db):
    await _two_projects(db)
    assert await _search(db, "agree") == ["A-1"]
    assert await _search(db, "bids") == ["B-1"]


async def test_risks_are_searchable_and_sensitive_ones_only_for_those_allowed(db):
    await _two_projects(db)
    assert await _search(db, "weather") == ["B-1"]  # a risk given as plain text
    assert await _search(db, "merger") == []
    assert await _search(db, "merger", ADMIN) == ["B-1"]


async def test_the_index_follows_edits_and_deletions(db):
    ids = await _two_projects(db)
    async with db.unit_of_work() as s:
        update = (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == ids["A-1"]))).scalar_one()
        update.summary = "Grant approved."
    assert await _search(db, "grant") == ["A-1"]
    assert await _search(db, "funding") == ["B-1"]
    async with db.unit_of_work() as s:
        update = (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == ids["B-1"]))).scalar_one()
        await s.delete(update)
    assert await _search(db, "funding") == []


async def test_awkward_search_words_are_safe(db):
    await _two_projects(db)
    for words in ('"funding', "funding OR", "NEAR(funding)", "fund*", "-funding", "{summary}: funding", "a'b"):
        answer = await ask(db, f"search for {words}", MEMBER, conversation_id=None, now=NOW)
        assert answer.kind in ("search", "unknown"), words


def test_downgrade_removes_the_index_and_upgrade_restores_it(db_url):
    import asyncio

    async def objects() -> set[str]:
        database = Database(db_url)
        try:
            async with database.engine.connect() as conn:
                if database.is_sqlite:
                    rows = await conn.execute(
                        text("SELECT name FROM sqlite_master WHERE name LIKE 'status_updates_fts%'")
                    )
                else:
                    rows = await conn.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%fts%'"))
                return {r[0] for r in rows}
        finally:
            await database.dispose()

    assert asyncio.run(objects())
    downgrade(db_url, "0001")
    assert asyncio.run(objects()) == set()
    upgrade(db_url)
    assert asyncio.run(objects())


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
async def test_postgresql_search_uses_the_gin_indexes(db):
    await _two_projects(db)
    async with db.engine.connect() as conn:
        await conn.execute(text("SET enable_seqscan = off"))
        q = "websearch_to_tsquery('english', 'funding')"
        for vector, index in (
            (PG_OPEN_VECTOR, "ix_status_updates_fts_open"),
            (PG_SENSITIVE_VECTOR, "ix_status_updates_fts_sensitive"),
        ):
            plan = "\n".join(
                r[0] for r in await conn.execute(text(f"EXPLAIN SELECT id FROM status_updates WHERE {vector} @@ {q}"))
            )
            assert index in plan, plan


async def test_a_risk_marked_sensitive_in_an_unusual_way_is_still_never_found_by_others(db):
    """The index keys on JSON true; the answer checks again, so "yes" or 1 cannot slip through either."""
    ids = await _two_projects(db)
    async with db.unit_of_work() as s:
        update = (await s.execute(select(StatusUpdate).where(StatusUpdate.project_id == ids["A-1"]))).scalar_one()
        update.risks = [{"text": "Takeover rumours", "sensitive": "yes"}, {"text": "Budget", "sensitive": 1}]
    assert await _search(db, "takeover") == []
    assert await _search(db, "takeover", ADMIN) == ["A-1"]
    assert await _search(db, "agreed") == ["A-1"]  # open text on the same update is still found


def test_the_query_uses_exactly_the_indexed_expressions():
    """PostgreSQL only uses an expression index for the very same expression."""
    import importlib.util
    from pathlib import Path

    import store.migrations.versions as versions

    path = Path(versions.__file__).with_name("0002_fts.py")
    spec = importlib.util.spec_from_file_location("migration_0002", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert migration.revision == "0002" and migration.down_revision == "0001"
    assert (migration.PG_OPEN_VECTOR, migration.PG_SENSITIVE_VECTOR) == (PG_OPEN_VECTOR, PG_SENSITIVE_VECTOR)
