"""One trip to the SQLite thread per statement, instead of four; none for a commit or rollback with nothing to end.

aiosqlite runs each SQLite connection in a thread of its own; every call crosses to that thread and
back (a queue, a wake-up, the GIL, a callback on the event loop). SQLAlchemy's aiosqlite adapter makes
four such calls for each SELECT — open a cursor, execute, fetch all rows, close the cursor — and three
for other statements. Under a burst of turns those crossings are a good part of a turn's CPU and of
its wait. `OneTripCursor` does the same four steps inside the SQLite thread, in one call, and hands
SQLAlchemy the same description, rows, rowcount and lastrowid.

Two more crossings a turn are saved:

* Python's sqlite3 opens a transaction only before a write, so a connection that only read has nothing
  to end: SQLAlchemy still rolls it back when it goes back to the pool (and commits an `engine.begin()`
  block), and sqlite3 then does nothing — after a trip there and back. Each trip here reports whether the
  connection is left in a transaction (`sqlite3.Connection.in_transaction`, read in the SQLite thread),
  and `commit`/`rollback` skip the trip when it is not: exactly what sqlite3 would have done. Anything
  this module does not see (a streamed result, the adapter's own `execute`) makes the state unknown,
  and unknown is treated as "in a transaction".
* `execute_and_commit` runs a write transaction's last statement and its COMMIT in one trip, so the
  write lock is held only inside the SQLite thread, never across a wait for the busy event loop (where
  other connections' writers would queue behind it in SQLite's busy handler, sleeping 1-100 ms at a time).

`adopt(dbapi_connection)` is called from the engine's "connect" event (store/db.py): it switches the
adapted connection to `OneTripConnection`. Written against SQLAlchemy 2.0's adapter and aiosqlite 0.22
(`Connection._execute`, `Connection._conn`); tests/test_store_schema.py checks it is in use and behaves
like the adapter it replaces.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy import Executable, Result
from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor
from sqlalchemy.ext.asyncio import AsyncConnection

_OPEN = "_dfbot_in_transaction"  # on the aiosqlite.Connection: False only when certainly not in a transaction
_COMMIT_NEXT = "_dfbot_commit_next"  # on the aiosqlite.Connection: the next statement's trip also commits


def _run(conn: Any, operation: str, parameters: Any, many: bool, commit: bool) -> tuple:
    """In the SQLite thread: the whole statement, start to finish (and the COMMIT after it, if asked)."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            done = cursor.description, cursor.fetchall(), -1, -1
        else:
            done = None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()
    if commit:
        conn.commit()
    return (*done, conn.in_transaction)


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        aio = self._connection  # the aiosqlite.Connection
        commit = aio.__dict__.pop(_COMMIT_NEXT, False)
        setattr(aio, _OPEN, True)  # until the trip says otherwise (a failed statement leaves it unknown)
        try:
            description, rows, lastrowid, rowcount, in_transaction = self.await_(
                aio._execute(lambda: _run(aio._conn, operation, parameters, many, commit))
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        setattr(aio, _OPEN, in_transaction)
        self.description = description
        self.lastrowid, self.rowcount = lastrowid, rowcount
        if description:
            self._rows = deque(rows)

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        self._trip(operation, parameters, False)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        self._trip(operation, seq_of_parameters, True)


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            setattr(self._connection, _OPEN, True)  # its statements are not seen here
            return super().cursor(server_side=True)
        return OneTripCursor(self)

    def execute(self, *args: Any, **kw: Any) -> Any:
        setattr(self._connection, _OPEN, True)
        return super().execute(*args, **kw)

    def commit(self) -> None:
        if getattr(self._connection, _OPEN, True):
            super().commit()
            setattr(self._connection, _OPEN, False)

    def rollback(self) -> None:
        if getattr(self._connection, _OPEN, True):
            super().rollback()
            setattr(self._connection, _OPEN, False)


def adopt(dbapi_connection: Any) -> None:
    """Make a freshly opened aiosqlite connection use one trip per statement (others are left alone)."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = OneTripConnection


async def execute_and_commit(conn: AsyncConnection, statement: Executable, parameters: Any = None) -> Result[Any]:
    """The last statement of `conn`'s transaction (an `engine.begin()` block), committed in the same trip on
    SQLite; the block's own commit then has nothing left to do. Other databases commit when the block ends."""
    dbapi = conn.sync_connection.connection.dbapi_connection if conn.sync_connection is not None else None
    if isinstance(dbapi, OneTripConnection):
        setattr(dbapi._connection, _COMMIT_NEXT, True)
    try:
        return await conn.execute(statement, parameters)
    finally:
        if isinstance(dbapi, OneTripConnection):
            dbapi._connection.__dict__.pop(_COMMIT_NEXT, None)
