"""Backing up and restoring the configured database (`dfbot db backup PATH` / `dfbot db restore PATH`).

SQLite: the online backup API (`sqlite3.Connection.backup`) copies every page in one step inside
one read transaction, so the copy is a consistent moment even while the bot writes (the database is
in WAL mode: readers never block the writer). The copy is checked, switched out of WAL mode so it is
one self-contained file, and moved into place only when complete.

PostgreSQL: `pg_dump -Fc` (one consistent snapshot, whatever runs meanwhile) and `pg_restore`; the
password goes to them through the environment, never the command line. Without the tools, the
commands to run are given instead.

A restore never overwrites a database that holds data unless told to (`force`); stop the bot first.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import create_async_engine

from infra.private_files import create_private, private_folder

from .models import Base

PG_BIN_DIRS = [Path("/usr/lib/postgresql") / v / "bin" for v in ("18", "17", "16", "15", "14")]

NOT_DATA = frozenset({"data_versions", "schema_compatibility"})  # rows every migrated database has


class BackupError(Exception):
    """The backup or restore was not done; the message says why and what to do."""


class ToolMissing(BackupError):
    """pg_dump / pg_restore is not installed here; `commands` are what to run where it is."""

    def __init__(self, message: str, commands: list[str]) -> None:
        super().__init__(message)
        self.commands = commands


@dataclass
class Outcome:
    path: Path
    backend: str
    tables: dict[str, int] = field(default_factory=dict)  # rows per table (SQLite)
    revision: str | None = None


# --------------------------------------------------------------------------- SQLite


def sqlite_file(url: str) -> Path:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        raise BackupError("This is not a SQLite database file.")
    return Path(u.database)


def backup_sqlite(url: str, dest: Path, *, force: bool = False) -> Outcome:
    """A consistent copy of the live database at `dest` (refuses to replace a file unless `force`)."""
    source = sqlite_file(url)
    if not source.exists():
        raise BackupError(f"There is no database at {source}.")
    _check_destination(dest, force)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private(partial, exclusive=True)  # 0600 before a byte of the database is in it
    with _connect(source) as src, _connect(partial) as dst:
        src.backup(dst)  # all pages in one step: one read transaction, one moment
        dst.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
        _verify(dst, partial)
        outcome = Outcome(dest, "sqlite", _row_counts(dst), _revision(dst))
    os.replace(partial, dest)
    return outcome


def restore_sqlite(src: Path, url: str, *, force: bool = False) -> Outcome:
    """Copy a backup file into the configured database (refuses one that holds data unless `force`)."""
    target = sqlite_file(url)
    if not src.is_file():
        raise BackupError(f"There is no backup file at {src}.")
    with _connect(src, read_only=True) as backup:
        _verify(backup, src)
        if _revision(backup) is None:
            raise BackupError(f"{src} is not a backup of this bot's database (it has no migration version).")
        if not force and target.exists():
            _refuse_if_holding_data(target)
        create_private(target)  # a new database file is 0600 (an existing one keeps its mode)
        with _connect(target) as dst:
            backup.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")  # as the bot runs it
            return Outcome(target, "sqlite", _row_counts(dst), _revision(dst))


@contextmanager
def _connect(path: Path, *, read_only: bool = False) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection, closed afterwards (sqlite3's own `with` only commits)."""
    conn = (
        sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
        if read_only
        else sqlite3.connect(path, timeout=30)
    )
    try:
        yield conn
    finally:
        conn.close()


def _check_destination(dest: Path, force: bool) -> None:
    if dest.exists() and not force:
        raise BackupError(f"{dest} already exists. Choose another name, or add --force to replace it.")
    private_folder(dest.parent)


def _verify(conn: sqlite3.Connection, path: Path) -> None:
    try:
        result = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database ({exc}).") from None
    if result != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {result}")


def _tables(conn: sqlite3.Connection) -> list[str]:
    rows = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    return [r[0] for r in rows]


def _row_counts(conn: sqlite3.Connection) -> dict[str, int]:
    return {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in _tables(conn)}


def _revision(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError:
        return None
    return row[0] if row else None


def _refuse_if_holding_data(target: Path) -> None:
    with _connect(target) as conn:
        counts = {t: n for t, n in _row_counts(conn).items() if t in Base.metadata.tables and t not in NOT_DATA and n}
    if counts:
        raise BackupError(
            f"The database at {target} already holds data ({sum(counts.values())} rows), so I won't "
            "overwrite it. Stop the bot, then run again with --force to replace it with the backup."
        )


# --------------------------------------------------------------------------- PostgreSQL


def find_tool(name: str, bin_dir: Path | None = None) -> str | None:
    """`pg_dump` / `pg_restore`: from `bin_dir`, $PG_BIN, PATH, or Debian's versioned folders."""
    for folder in (bin_dir, os.environ.get("PG_BIN")):
        if folder and (Path(folder) / name).exists():
            return str(Path(folder) / name)
    return shutil.which(name) or next((str(d / name) for d in PG_BIN_DIRS if (d / name).exists()), None)


def _libpq(url: str) -> tuple[dict[str, str], URL]:
    """Connection settings as libpq environment variables (keeps the password off the command line)."""
    u = make_url(url)
    env = {"PGHOST": u.host or "localhost", "PGPORT": str(u.port or 5432), "PGDATABASE": u.database or ""}
    if u.username:
        env["PGUSER"] = u.username
    if u.password:
        env["PGPASSWORD"] = str(u.password)
    ssl = u.query.get("ssl") or u.query.get("sslmode")
    if isinstance(ssl, str):
        env["PGSSLMODE"] = ssl
    return env, u


def pg_commands(url: str, path: Path) -> list[str]:
    """What to run by hand, as documented in docs/deploy.md (the password from PGPASSWORD or ~/.pgpass)."""
    _env, u = _libpq(url)
    conn = f"-h {u.host or 'localhost'} -p {u.port or 5432} -U {u.username or 'postgres'}"
    return [
        f"pg_dump -Fc --no-owner --no-privileges {conn} -d {u.database} -f {path}",
        f"pg_restore --no-owner --no-privileges --exit-on-error {conn} -d {u.database} {path}",
    ]


def backup_postgres(url: str, dest: Path, *, force: bool = False, bin_dir: Path | None = None) -> Outcome:
    tool = find_tool("pg_dump", bin_dir)
    if tool is None:
        raise ToolMissing(
            "pg_dump is not installed here (Debian: apt-get install postgresql-client).", pg_commands(url, dest)
        )
    _check_destination(dest, force)
    partial = dest.with_name(dest.name + ".partial")
    partial.unlink(missing_ok=True)
    create_private(partial, exclusive=True)  # pg_dump truncates and writes into it: the mode stays 0600
    _run([tool, "-Fc", "--no-owner", "--no-privileges", "-f", str(partial)], url)
    os.replace(partial, dest)
    return Outcome(dest, "postgresql")


async def restore_postgres(src: Path, url: str, *, force: bool = False, bin_dir: Path | None = None) -> Outcome:
    tool = find_tool("pg_restore", bin_dir)
    if tool is None:
        raise ToolMissing(
            "pg_restore is not installed here (Debian: apt-get install postgresql-client).", pg_commands(url, src)
        )
    if not src.is_file():
        raise BackupError(f"There is no backup file at {src}.")
    tables, rows = await postgres_contents(url)
    if rows and not force:
        raise BackupError(
            f"The database already holds data ({rows} rows), so I won't overwrite it. Stop the bot, "
            "then run again with --force to replace it with the backup."
        )
    clean = ["--clean", "--if-exists"] if tables else []  # an empty, migrated database: its tables make way
    _run(
        [
            tool,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            *clean,
            "-d",
            _libpq(url)[0]["PGDATABASE"],
            str(src),
        ],
        url,
    )
    return Outcome(Path(src), "postgresql")


def _run(cmd: list[str], url: str) -> None:
    env, _u = _libpq(url)
    result = subprocess.run(cmd, env={**os.environ, **env}, capture_output=True, text=True, check=False)
    if result.returncode:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise BackupError(f"{Path(cmd[0]).name} failed: {' '.join(detail)[:500]}")


async def postgres_contents(url: str) -> tuple[int, int]:
    """(tables, rows in the models' tables): rows are 0 for a fresh or only-migrated database (the search
    index and the migration version are not data)."""
    engine = create_async_engine(url)
    try:
        async with engine.connect() as conn:
            names = await conn.run_sync(lambda c: inspect(c).get_table_names())
            total = 0
            for name in names:
                if name in Base.metadata.tables and name not in NOT_DATA:
                    total += (await conn.execute(text(f'SELECT count(*) FROM "{name}"'))).scalar_one()
            return len(names), total
    finally:
        await engine.dispose()
