"""What a message turn costs the database, counted (not timed): the statements it sends, and on SQLite the
trips to the connection's thread (store/sqlite_trips.py) — every trip a statement, none for a COMMIT or a
ROLLBACK on its own. `make bench` (inbound, ask-latency) times it; this keeps the count from creeping back.
"""

from __future__ import annotations

from contextlib import contextmanager

import aiosqlite
import pytest
from sqlalchemy import event, func, select

from store import models as M
from tests.test_admin import chats


@contextmanager
def counting(db, monkeypatch):
    """(statements: their first word, in order; trips: what crossed to the SQLite thread, by kind)."""
    statements: list[str] = []
    trips: list[str] = []

    def seen(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement.strip().split()[0].upper())

    real = aiosqlite.Connection._execute

    async def trip(self, fn, *args, **kwargs):
        name = getattr(fn, "__name__", "")
        trips.append(name.upper() if name in ("commit", "rollback") else "STATEMENT")
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", trip)
    event.listen(db.engine.sync_engine, "before_cursor_execute", seen)
    try:
        yield statements, trips
    finally:
        event.remove(db.engine.sync_engine, "before_cursor_execute", seen)


async def test_help_from_a_known_member_is_a_claim_and_one_read(db, monkeypatch):
    async with chats(db) as (_admin, member):
        await member.say("help")
        with counting(db, monkeypatch) as (statements, trips):
            card = await member.say("help")
    assert "What I can do" in str(card)
    assert statements == ["SELECT", "INSERT"]  # who is speaking, then the redelivery claim (one connection)
    if db.is_sqlite:
        assert trips == ["STATEMENT", "STATEMENT"]  # the read ends with no trip; the claim committed in its own


async def test_the_claim_and_reading_the_sender_share_one_connection(db):
    """A turn's first two statements, the redelivery claim and who is speaking, are made on one connection from
    the pool (each checkout and return is work of its own: on SQLite about as much as a statement)."""
    checkouts: list[int] = []

    def count(*_args) -> None:
        checkouts.append(1)

    async with chats(db) as (_admin, member):
        await member.say("help")
        event.listen(db.engine.sync_engine.pool, "checkout", count)
        try:
            card = await member.say("help")
        finally:
            event.remove(db.engine.sync_engine.pool, "checkout", count)
    assert "What I can do" in str(card)
    assert len(checkouts) == 1


async def test_a_question_crosses_to_sqlite_only_for_its_statements(db, monkeypatch):
    async with chats(db) as (_admin, member):
        await member.say("who leads digital inclusion?")
        with counting(db, monkeypatch) as (statements, trips):
            await member.say("which projects are red?")
            await member.say("and who leads them?")
    assert statements[:2] == ["SELECT", "INSERT"]  # who is speaking, then the claim
    assert statements.count("INSERT") == 2 and "DELETE" not in statements  # one claim a turn, nothing released
    if db.is_sqlite:
        assert trips == ["STATEMENT"] * len(statements)  # no COMMIT or ROLLBACK crossed on its own


async def test_a_redelivered_message_still_finds_the_claim_committed(db, monkeypatch):
    """The claim's COMMIT rides with its INSERT: a second delivery, on another connection, must see it."""
    async with chats(db) as (_admin, member):
        message = member.connector.make_message(member.member, "help")
        before = len(member.connector.sent_to(member.conversation))
        with counting(db, monkeypatch) as (statements, _trips):
            assert (await member.bot.post(message))[0] == 200
            assert (await member.bot.post(dict(message)))[0] == 200
        replies = member.connector.sent_to(member.conversation)[before:]
    async with db.reading() as conn:
        claims = (await conn.execute(select(func.count()).select_from(M.ProcessedActivity))).scalar_one()
    assert len(replies) == 1 and statements.count("INSERT") == 2
    assert claims >= 1


@pytest.mark.parametrize("fail", ["statement", "commit"])
async def test_a_failed_fused_commit_leaves_nothing_open(tmp_path, fail):
    """store/sqlite_trips.execute_and_commit: a statement that fails is rolled back, and a transaction the
    trip could not end is still rolled back when the connection goes back to the pool."""
    from sqlalchemy import text

    from store.db import Database
    from store.sqlite_trips import execute_and_commit

    db = Database(f"sqlite+aiosqlite:///{tmp_path}/fused.sqlite3")
    try:
        async with db.engine.begin() as conn:
            await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        with pytest.raises(Exception):  # noqa: B017, PT011 - IntegrityError, or the forced failure below
            async with db.engine.begin() as conn:
                await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
                if fail == "statement":
                    await execute_and_commit(conn, text("INSERT INTO t (name) VALUES ('a')"))
                else:
                    await execute_and_commit(conn, text("INSERT INTO t (name) VALUES ('c')"))
                    raise RuntimeError("after the fused commit")
        async with db.reading() as conn:
            names = sorted((await conn.execute(text("SELECT name FROM t"))).scalars())
        # a failed statement takes 'b' with it; after a fused commit 'b' and 'c' are both in
        assert names == (["a"] if fail == "statement" else ["a", "b", "c"])
        async with db.engine.begin() as conn:  # the pool's connection is usable and not stuck in a transaction
            await execute_and_commit(conn, text("INSERT INTO t (name) VALUES ('d')"))
        async with db.reading() as conn:
            assert "d" in (await conn.execute(text("SELECT name FROM t"))).scalars().all()
    finally:
        await db.dispose()


async def test_a_burst_of_turns_reuses_the_pool_s_connections(db, monkeypatch):
    """On SQLite a connection is a thread, a file and its pragmas: a burst of turns must not open and close
    connections for a moment's use (it did, one turn in six, with an overflow beyond the pool)."""
    import asyncio

    from store.db import SQLITE_POOL_SIZE

    closed: list[int] = []

    def count(*_args) -> None:
        closed.append(1)

    async with chats(db) as (_admin, member):
        event.listen(db.engine.sync_engine, "close", count)
        try:
            messages = [member.connector.make_message(member.member, "help") for _ in range(3 * SQLITE_POOL_SIZE)]
            results = await asyncio.gather(*(member.bot.post(m) for m in messages))
        finally:
            event.remove(db.engine.sync_engine, "close", count)
    assert all(status == 200 for status, _ in results)
    if db.is_sqlite:
        assert closed == []  # every connection the burst opened is still in the pool for the next turns


async def test_a_turn_s_writes_take_turns_on_sqlite_and_all_land(db):
    """`Database.writing`: on SQLite this process's claims and context writes never race each other for the
    file's one write lock (a loser sleeps in SQLite's busy handler); every one of them is still committed."""
    import asyncio
    from datetime import UTC, datetime

    from store import processed_repo

    inside, most = 0, 0

    async def claim(n: int) -> bool:
        nonlocal inside, most
        async with db.writing() as conn:
            inside += 1
            most = max(most, inside)
            await asyncio.sleep(0)
            first = await processed_repo.claim(conn, f"key-{n % 10}", "message", datetime.now(UTC))
            inside -= 1
        return first

    firsts = await asyncio.gather(*(claim(n) for n in range(20)))
    async with db.reading() as conn:
        stored = (await conn.execute(select(func.count()).select_from(M.ProcessedActivity))).scalar_one()
    assert sum(firsts) == 10 and stored == 10  # each key claimed once, however they were interleaved
    if db.is_sqlite:
        assert most == 1  # one write transaction at a time in this process
