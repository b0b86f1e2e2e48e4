"""Alembic environment: async engines for both SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import asyncio
from typing import cast

from alembic import context
from alembic.script import ScriptDirectory
from sqlalchemy import Table, inspect
from sqlalchemy.ext.asyncio import create_async_engine

from store.models import Base, SchemaCompatibility
from store.types import utcnow

config = context.config
target_metadata = Base.metadata


def _include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Full-text search tables and triggers are made by migration 0002, not by the models: leave them be."""
    return not (type_ == "table" and name and name.startswith("status_updates_fts"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
        _record_compatibility(connection)


def _record_compatibility(connection) -> None:
    """After migrating: which releases still work against the schema now in place (one row, see
    store/models/runtime.py SchemaCompatibility). A migration that does not declare `compatible_from` is taken to
    work with its own release only, the safe assumption."""
    heads = context.get_context().get_current_heads()
    if len(heads) != 1 or not inspect(connection).has_table("schema_compatibility"):
        return
    script = ScriptDirectory.from_config(config).get_revision(heads[0])
    compatible_from = getattr(script.module, "compatible_from", None) or script.revision
    table = cast(Table, SchemaCompatibility.__table__)  # typed as any FromClause; ours are tables
    connection.execute(table.delete())
    connection.execute(
        table.insert().values(id=1, revision=script.revision, compatible_from=compatible_from, updated_at=utcnow())
    )


async def _run_async() -> None:
    url = config.get_main_option("sqlalchemy.url")
    assert url is not None  # store.db.alembic_config sets it
    engine = create_async_engine(url)
    async with engine.connect() as conn:
        await conn.run_sync(_run)
        await conn.commit()
    await engine.dispose()


if context.is_offline_mode():
    context.configure(url=config.get_main_option("sqlalchemy.url"), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_run_async())
