"""The models and the migrations describe the same schema, on both backends: what Alembic's autogenerate
would write after `dfbot db upgrade` is nothing (store/models is the package the repositories read through,
store/migrations/versions what databases really have; a column added to one and not the other fails here)."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy.ext.asyncio import create_async_engine

from store.models import Base

# Kept by raw SQL in the migrations, not by models: the full-text search of updates (SQLite's FTS5 table and
# its shadow tables; PostgreSQL's expression indexes).
NOT_MODELLED = ("status_updates_fts", "ix_status_updates_fts")


def _unmodelled(diff) -> bool:
    return diff[0] in ("remove_table", "remove_index") and diff[1].name.startswith(NOT_MODELLED)


async def test_autogenerate_sees_no_difference_between_the_models_and_the_migrated_database(db_url):
    engine = create_async_engine(db_url)
    try:
        async with engine.connect() as conn:
            diffs = await conn.run_sync(
                lambda sync: compare_metadata(
                    MigrationContext.configure(sync, opts={"compare_type": True}), Base.metadata
                )
            )
    finally:
        await engine.dispose()
    assert [d for d in diffs if not _unmodelled(d)] == []
