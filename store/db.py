"""Engine, sessions and migrations.

One `Database` per process. `unit_of_work()` gives one session per turn or command: it commits
when the block succeeds and rolls back when it raises. Repositories never commit.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import lru_cache
from pathlib import Path
from typing import Any, cast

from sqlalchemy import CursorResult, Result, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from infra.private_files import create_private

from . import sqlite_trips

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_POOL_SIZE = 10  # connections, all kept open: see Database


Session = AsyncSession
"""A unit of work, as services see it (they never import SQLAlchemy themselves)."""

Connection = AsyncConnection
"""A read-only connection (`Database.reading`), as services see it."""

Clash = IntegrityError
"""A unique key lost a race with a concurrent writer (callers outside `store/` catch this name)."""


def changed(result: Result[Any]) -> int:
    """How many rows an UPDATE or DELETE touched: `AsyncSession.execute` gives a CursorResult for one, but
    SQLAlchemy 2.0 types it as the Result every statement returns, which has no rowcount."""
    return cast("CursorResult[Any]", result).rowcount


def chunks(items: list, size: int = 500) -> list[list]:
    """`items` in lists of at most `size`, so an `IN (...)` stays under every backend's limit on bound
    parameters (SQLite's is the lowest) however many rows a caller asks about."""
    return [items[i : i + size] for i in range(0, len(items), size)]


def safe_url(url: str) -> str:
    """The database URL with its password masked, for messages and logs."""
    return make_url(url).render_as_string(hide_password=True)


def is_sqlite_url(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _prepare_sqlite_path(url: str) -> None:
    """The database file is created here, 0600 in a 0700 folder (when these make it), before SQLite opens
    it: SQLite gives its -wal and -shm files the database file's mode, so they are private too."""
    u = make_url(url)
    if (
        u.get_backend_name() == "sqlite"
        and u.database
        and u.database != ":memory:"
        and not u.database.startswith("file:")
    ):
        create_private(Path(u.database))


class Database:
    def __init__(self, url: str, *, echo: bool = False) -> None:
        self.url = url
        _prepare_sqlite_path(url)
        self.dialect = make_url(url).get_backend_name()
        kwargs: dict = {"echo": echo}
        if self.dialect == "postgresql":
            kwargs.update(pool_size=10, max_overflow=10, pool_pre_ping=True)
        else:
            # SQLite has one writer at a time, and a writer that finds it locked sleeps in SQLite's busy
            # handler (steps of up to 100 ms). A small pool keeps few writers in that race: the rest wait
            # for a connection in order, awake (measured: 50 leads submitting at once, p99 0.8 s with 10
            # connections, 1.3-1.6 s with 32; answering questions is no slower either way). All ten stay
            # open: an overflow connection is opened (a thread, the file, the pragmas) and closed again for
            # a moment's use, which under a burst of turns was one turn in six (tests/test_turn_cost.py).
            kwargs.update(connect_args={"timeout": 30}, pool_size=SQLITE_POOL_SIZE, max_overflow=0)
        self.engine: AsyncEngine = create_async_engine(url, **kwargs)
        if self.dialect == "sqlite":
            event.listen(self.engine.sync_engine, "connect", _sqlite_pragmas)
        self.sessions = async_sessionmaker(self.engine, expire_on_commit=False)
        self._write_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    @property
    def is_sqlite(self) -> bool:
        return self.dialect == "sqlite"

    @asynccontextmanager
    async def unit_of_work(self) -> AsyncIterator[AsyncSession]:
        async with self.sessions() as session:
            try:
                yield session
                await session.commit()
            except BaseException:
                await session.rollback()
                raise

    @asynccontextmanager
    async def writing(self) -> AsyncIterator[AsyncConnection]:
        """A short Core write transaction (`engine.begin()`) for the writes every turn makes: the redelivery
        claim, the follow-up context. On SQLite they take turns in this process: SQLite has one writer at a
        time, and a connection that finds the file locked sleeps in SQLite's busy handler (1, 2, 5, 10 ...
        100 ms at a time) while the holder's thread waits for the GIL between its statement and its COMMIT;
        under a burst of turns that was most of the slowest turns' wait. Queued here they wait awake, in
        order, for one short trip each (`sqlite_trips.execute_and_commit`). PostgreSQL locks rows, not the
        database: no queue."""
        if not self.is_sqlite:
            async with self.engine.begin() as conn:
                yield conn
            return
        loop = asyncio.get_running_loop()
        lock = self._write_locks.get(loop)
        if lock is None:
            lock = self._write_locks[loop] = asyncio.Lock()
        async with lock, self.engine.begin() as conn:
            yield conn

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[AsyncConnection]:
        """A connection for reads only (no ORM session, nothing to commit): rolled back when done."""
        async with self.engine.connect() as conn:
            yield conn

    async def ping(self) -> bool:
        async with self.engine.connect() as conn:
            await conn.execute(text("SELECT 1"))
        return True

    async def current_revision(self) -> str | None:
        async with self.engine.connect() as conn:
            try:
                row = (await conn.execute(text("SELECT version_num FROM alembic_version"))).first()
            except Exception:
                return None
        return row[0] if row else None

    async def compatible_from(self) -> str | None:
        """The oldest migration whose release still works against this schema (None: not recorded)."""
        async with self.engine.connect() as conn:
            try:
                row = (
                    await conn.execute(text("SELECT compatible_from FROM schema_compatibility WHERE id = 1"))
                ).first()
            except Exception:
                return None
        return row[0] if row else None

    async def dispose(self) -> None:
        await self.engine.dispose()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    sqlite_trips.adopt(dbapi_conn)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA busy_timeout=30000")
    cur.close()


def alembic_config(url: str):
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()
    assert head is not None  # store/migrations/versions is never empty
    return head


@lru_cache(maxsize=1)
def known_revisions() -> tuple[str, ...]:
    """This release's migrations, oldest first (read once: /readyz asks every few seconds)."""
    from alembic.script import ScriptDirectory

    return tuple(
        s.revision for s in reversed(list(ScriptDirectory.from_config(alembic_config("sqlite://")).walk_revisions()))
    )


def schema_readiness(current: str | None, compatible_from: str | None, mine: tuple[str, ...]) -> tuple[bool, str]:
    """May a replica of this release (whose migrations are `mine`, oldest first) serve a database at
    `current`? (ready, why): the same schema; or a newer one that records this release as still compatible
    (a rolling upgrade: the new release migrated first). An older schema waits for `dfbot db upgrade`."""
    head = mine[-1] if mine else None
    if current is None:
        return False, "the database has no migrations applied: run dfbot db upgrade"
    if current == head:
        return True, "current"
    if current in mine:
        return False, "migrations pending: run dfbot db upgrade (this release's schema is newer than the database's)"
    if compatible_from is not None and compatible_from in mine:
        return True, f"newer schema ({current}), still compatible with this release: finish rolling the new release out"
    return False, (
        f"the database's schema ({current}) is newer than this release and not compatible with it "
        f"(compatible from {compatible_from or 'unknown'}): replace this replica with the new release"
    )


def upgrade(url: str, revision: str = "head") -> None:
    """Migrate to `revision`. Runs its own event loop, so call it from a thread inside async code."""
    from alembic import command

    _prepare_sqlite_path(url)
    command.upgrade(alembic_config(url), revision)


def downgrade(url: str, revision: str) -> None:
    from alembic import command

    command.downgrade(alembic_config(url), revision)


async def upgrade_async(url: str, revision: str = "head") -> None:
    await asyncio.to_thread(upgrade, url, revision)
