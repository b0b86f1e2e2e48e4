"""One trip to the SQLite thread per statement, instead of four.

aiosqlite runs each SQLite connection in a thread of its own; every call crosses to that thread and
back (a queue, a wake-up, the GIL, a callback on the event loop). SQLAlchemy's aiosqlite adapter makes
four such calls for each SELECT — open a cursor, execute, fetch all rows, close the cursor — and three
for other statements. Under a burst of turns those crossings are a good part of a turn's CPU and of
its wait. `OneTripCursor` does the same four steps inside the SQLite thread, in one call, and hands
SQLAlchemy the same description, rows, rowcount and lastrowid.

`adopt(dbapi_connection)` is called from the engine's "connect" event (store/db.py): it switches the
adapted connection to `OneTripConnection`, whose only change is that its ordinary cursors are
`OneTripCursor` (server-side cursors, which stream rows, keep SQLAlchemy's own). Written against
SQLAlchemy 2.0's adapter and aiosqlite 0.22 (`Connection._execute`, `Connection._conn`);
tests/test_store_schema.py checks it is in use and behaves like the adapter it replaces.
"""

from __future__ import annotations

from collections import deque
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import AsyncAdapt_aiosqlite_connection, AsyncAdapt_aiosqlite_cursor


def _run(conn: Any, operation: str, parameters: Any, many: bool) -> tuple:
    """In the SQLite thread: the whole statement, start to finish."""
    cursor = conn.cursor()
    try:
        if many:
            cursor.executemany(operation, parameters)
        elif parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, None, cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ()

    def _trip(self, operation: Any, parameters: Any, many: bool) -> None:
        aio = self._connection  # the aiosqlite.Connection
        try:
            description, rows, lastrowid, rowcount = self.await_(
                aio._execute(lambda: _run(aio._conn, operation, parameters, many))
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
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
            return super().cursor(server_side=True)
        return OneTripCursor(self)


def adopt(dbapi_connection: Any) -> None:
    """Make a freshly opened aiosqlite connection use one trip per statement (others are left alone)."""
    if type(dbapi_connection) is AsyncAdapt_aiosqlite_connection:
        dbapi_connection.__class__ = OneTripConnection
