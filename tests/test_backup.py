"""A backup taken while the bot serves and writes restores into a fresh database with nothing missing,
and a restore never overwrites a database that holds data unless told to."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, insert, select, text

from dfbot.cli import app as cli
from infra.config import get_settings
from services.files.plan_io import load_default_plan_if_empty
from store import audit, backup
from store.db import Database, upgrade
from store.models import AuditEntry, Base, Person
from tests.botserver import running_bot
from tests.conftest import _create_database
from tests.fakes.connector import FakeConnector, RateLimits
from tests.pgcluster import find_pg_bin

TABLES = [t.name for t in Base.metadata.sorted_tables] + ["alembic_version"]


async def dump(db: Database) -> dict[str, dict[tuple, tuple]]:
    """Every row of every table, by primary key, in a form that compares across databases."""
    out: dict[str, dict[tuple, tuple]] = {}
    async with db.engine.connect() as conn:
        for name in TABLES:
            result = await conn.execute(text(f'SELECT * FROM "{name}"'))
            columns = list(result.keys())
            table = Base.metadata.tables.get(name)
            keys = [c.name for c in table.primary_key.columns] if table is not None else columns
            rows = [dict(zip(columns, row, strict=True)) for row in result.all()]
            out[name] = {tuple(_plain(r[k]) for k in keys): tuple((c, _plain(r[c])) for c in columns) for r in rows}
    return out


def _plain(value):
    """SQLite hands back naive UTC datetimes and JSON text; PostgreSQL aware datetimes and objects."""
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UTC).isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True)
    return value


class Writer:
    """The bot at work: people talk to it, and other writes commit, each in its own transaction."""

    def __init__(self, db: Database, bot, connector: FakeConnector) -> None:
        self.db, self.bot, self.connector = db, bot, connector
        self.count = 0
        self.committed = 0
        self.stop = asyncio.Event()
        self.wrote = asyncio.Event()

    async def run(self) -> None:
        while not self.stop.is_set():
            self.count += 1
            async with self.db.unit_of_work() as s:  # a person and their audit entry: both or neither
                s.add(Person(email=f"writer{self.count}@council.example", name=f"Writer {self.count}"))
                audit.record(
                    s, actor="test", action="create", entity="person", key=f"writer{self.count}@council.example"
                )
            self.committed += 1
            if self.count % 4 == 0:
                member = self.connector.add_member(
                    "team-1", id=f"29:w{self.count}", name=f"Member {self.count}", aad_object_id=f"aad-w{self.count}"
                )
                await self.bot.post(self.connector.make_message(member, "help"))
            self.wrote.set()
            await asyncio.sleep(0)

    async def until(self, n: int) -> None:
        while self.count < n:
            self.wrote.clear()
            await self.wrote.wait()


async def _fill(db: Database) -> None:
    """The default plan and a sizeable audit log, so the copy takes long enough to overlap writes."""
    await load_default_plan_if_empty(db)
    async with db.unit_of_work() as s:
        await s.execute(
            insert(AuditEntry),
            [
                {
                    "actor": "history",
                    "action": "update",
                    "entity": "project",
                    "entity_key": f"K{i}",
                    "before": {"n": i},
                    "after": {"n": i + 1},
                    "at": datetime.now(UTC),
                }
                for i in range(20_000)
            ],
        )


async def _fresh(db: Database, request, tmp_path: Path) -> str:
    """An empty database of the same kind (no tables at all)."""
    if db.is_sqlite:
        return f"sqlite+aiosqlite:///{tmp_path}/restored-{uuid.uuid4().hex[:6]}.sqlite3"
    cluster = request.getfixturevalue("pg_cluster")
    name = f"r_{uuid.uuid4().hex[:12]}"
    await _create_database(cluster.url(), name)
    return cluster.url(name)


async def _backup(db: Database, dest: Path, *, force: bool = False) -> None:
    if db.is_sqlite:
        await asyncio.to_thread(backup.backup_sqlite, db.url, dest, force=force)
    else:
        await asyncio.to_thread(backup.backup_postgres, db.url, dest, force=force, bin_dir=find_pg_bin())


async def _restore(src: Path, url: str, *, force: bool = False) -> None:
    if url.startswith("sqlite"):
        await asyncio.to_thread(backup.restore_sqlite, src, url, force=force)
    else:
        await backup.restore_postgres(src, url, force=force, bin_dir=find_pg_bin())


async def _contents(url: str) -> dict[str, dict[tuple, tuple]]:
    restored = Database(url)
    try:
        return await dump(restored)
    finally:
        await restored.dispose()


async def test_a_backup_taken_while_the_bot_serves_restores_with_nothing_missing(db, request, tmp_path):
    await _fill(db)
    async with FakeConnector(limits=RateLimits.unlimited()) as connector, running_bot(db) as bot:
        writer = Writer(db, bot, connector)
        task = asyncio.create_task(writer.run())
        await writer.until(8)
        for _attempt in range(5):  # until a write has committed while the copy was being made
            before = await dump(db)  # everything committed before the backup starts
            started = writer.committed
            await _backup(db, tmp_path / "live.backup", force=True)
            if writer.committed > started:
                break
        assert writer.committed > started, "no write landed while the backup ran"
        await writer.until(writer.count + 8)  # the bot kept writing all along
        writer.stop.set()
        await task
        during = await dump(db)
        await _backup(db, tmp_path / "quiet.backup")  # the bot still serving, nothing in flight

        await _restore(tmp_path / "live.backup", url := await _fresh(db, request, tmp_path))
        restored = await _contents(url)
        await _restore(tmp_path / "quiet.backup", quiet_url := await _fresh(db, request, tmp_path))
        quiet = await _contents(quiet_url)

    for table in TABLES:
        # Nothing committed before the backup is missing; nothing is invented; unchanged rows are identical.
        assert set(before[table]) <= set(restored[table]) <= set(during[table]), table
        for key, row in before[table].items():
            if during[table].get(key) == row:
                assert restored[table][key] == row, (table, key)
    # One moment in time: every writer transaction is whole, and they are a prefix of what was written.
    people = {dict(r)["email"] for r in restored["people"].values() if str(dict(r)["email"]).startswith("writer")}
    entries = {
        dict(r)["entity_key"] for r in restored["audit_log"].values() if str(dict(r)["entity_key"]).startswith("writer")
    }
    assert people == entries
    assert people == {f"writer{i}@council.example" for i in range(1, len(people) + 1)}
    # Taken when quiet, the copy is the database: every table, every row, every value.
    assert quiet == during
    assert {t: len(rows) for t, rows in quiet.items()} == {t: len(rows) for t, rows in during.items()}


async def test_a_restore_refuses_a_database_that_holds_data_unless_forced(db, request, tmp_path):
    await load_default_plan_if_empty(db)
    await _backup(db, tmp_path / "plan.backup")
    async with db.unit_of_work() as s:
        s.add(Person(email="after.backup@council.example", name="After"))
    with pytest.raises(backup.BackupError, match="already holds data"):
        await _restore(tmp_path / "plan.backup", db.url)
    await db.dispose()
    await _restore(tmp_path / "plan.backup", db.url, force=True)
    async with db.unit_of_work() as s:
        assert await s.scalar(select(func.count()).where(Person.email == "after.backup@council.example")) == 0
        assert await s.scalar(select(func.count(AuditEntry.id))) > 0


async def test_a_migrated_but_empty_database_can_be_restored_into(db, request, tmp_path):
    await load_default_plan_if_empty(db)
    await _backup(db, tmp_path / "plan.backup")
    url = await _fresh(db, request, tmp_path)
    await asyncio.to_thread(upgrade, url)
    await _restore(tmp_path / "plan.backup", url)
    assert await _contents(url) == await dump(db)


async def test_a_backup_never_replaces_a_file_unless_forced(db, tmp_path):
    dest = tmp_path / "exists.backup"
    dest.write_text("keep me")
    with pytest.raises(backup.BackupError, match="already exists"):
        await _backup(db, dest)
    assert dest.read_text() == "keep me"


def test_without_pg_dump_the_commands_to_run_are_given(monkeypatch, tmp_path):
    monkeypatch.setattr(backup, "find_tool", lambda name, bin_dir=None: None)
    with pytest.raises(backup.ToolMissing) as caught:
        backup.backup_postgres("postgresql+asyncpg://dfbot:s3cret@db.council.example:5433/dfbot", tmp_path / "x.dump")
    assert caught.value.commands[0].startswith("pg_dump -Fc") and "-p 5433" in caught.value.commands[0]
    assert all("s3cret" not in c for c in caught.value.commands)


def test_the_command_line_backs_up_and_restores_sqlite(tmp_path, monkeypatch):
    from typer.testing import CliRunner

    source, target = tmp_path / "bot.sqlite3", tmp_path / "restored.sqlite3"
    upgrade(f"sqlite+aiosqlite:///{source}")
    runner = CliRunner()
    try:
        monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{source}")
        get_settings.cache_clear()
        made = runner.invoke(cli, ["db", "backup", str(tmp_path / "b.sqlite3")])
        monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{target}")
        get_settings.cache_clear()
        restored = runner.invoke(cli, ["db", "restore", str(tmp_path / "b.sqlite3")])
        exported = runner.invoke(cli, ["audit", "export", str(tmp_path / "audit.csv"), "--since", "2026-01-01"])
    finally:
        get_settings.cache_clear()
    assert made.exit_code == 0 and "Backed up to" in made.output
    assert restored.exit_code == 0 and "Restored" in restored.output
    assert exported.exit_code == 0 and "0 audit entries written" in exported.output
