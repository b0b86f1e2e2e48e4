"""Files that hold personal data are owner-only: 0600 files, 0700 folders, whatever the umask says.

Backups, every export (plan, FOI, subject access, audit), outbox digests and the SQLite database hold
names, emails and update text. Each is made here the way the bot makes it, under the loosest umask
(000), and its mode is read back.
"""

from __future__ import annotations

import asyncio
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from programme.posting import DigestMessage
from services.audit_log import export_csv
from services.digest_transports import OutboxTransport
from services.files.plan_io import export_path, load_default_plan_if_empty
from services.foi import export_updates
from services.subject_access import export_person
from store import backup
from store.db import Database, upgrade
from tests.governance_fixtures import NOW, ZOE_EMAIL, seed
from tests.pgcluster import find_pg_bin


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def open_umask():
    """The loosest umask: anything the bot does not make private on purpose comes out world-readable."""
    previous = os.umask(0)
    yield
    os.umask(previous)


def assert_private(files: list[Path], folders: list[Path] = ()) -> None:
    assert files and all(f.exists() for f in files)
    assert {str(f): oct(mode(f)) for f in files} == {str(f): oct(0o600) for f in files}
    assert {str(d): oct(mode(d)) for d in folders} == {str(d): oct(0o700) for d in folders}


async def test_the_sqlite_database_and_its_wal_are_created_owner_only(tmp_path, open_umask):
    url = f"sqlite+aiosqlite:///{tmp_path}/var/new/dfbot.sqlite3"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    try:
        async with db.unit_of_work() as s:  # a write, with the database open: -wal and -shm exist now
            await s.execute(text("INSERT INTO settings (key, value, updated_at) VALUES ('probe', '{}', '2026-01-01')"))
        database = tmp_path / "var/new/dfbot.sqlite3"
        wal = [p for p in database.parent.iterdir() if p.name.endswith(("-wal", "-shm"))]
        assert wal, "SQLite keeps a write-ahead log while the database is open"
        assert_private([database, *wal], [tmp_path / "var", tmp_path / "var/new"])
    finally:
        await db.dispose()


async def test_an_existing_folder_keeps_the_mode_its_owner_chose(tmp_path, open_umask):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o755)
    os.chmod(shared, 0o755)
    await asyncio.to_thread(upgrade, f"sqlite+aiosqlite:///{shared}/dfbot.sqlite3")
    assert mode(shared) == 0o755 and mode(shared / "dfbot.sqlite3") == 0o600


async def test_a_backup_is_owner_only(db, tmp_path, open_umask):
    await load_default_plan_if_empty(db)
    dest = tmp_path / "backups/nightly/dfbot.backup"
    if db.is_sqlite:
        await asyncio.to_thread(backup.backup_sqlite, db.url, dest)
    else:
        await asyncio.to_thread(backup.backup_postgres, db.url, dest, bin_dir=find_pg_bin())
    assert_private([dest], [tmp_path / "backups", tmp_path / "backups/nightly"])


async def test_a_restored_sqlite_database_is_owner_only(tmp_path, open_umask):
    source = f"sqlite+aiosqlite:///{tmp_path}/live.sqlite3"
    await asyncio.to_thread(upgrade, source)
    await asyncio.to_thread(backup.backup_sqlite, source, tmp_path / "b.backup")
    await asyncio.to_thread(
        backup.restore_sqlite, tmp_path / "b.backup", f"sqlite+aiosqlite:///{tmp_path}/new/db.sqlite3"
    )
    assert_private([tmp_path / "new/db.sqlite3"], [tmp_path / "new"])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "yaml"])
async def test_plan_exports_are_owner_only(db, tmp_path, open_umask, fmt):
    await load_default_plan_if_empty(db)
    written = await export_path(db, tmp_path / f"exports/plan.{fmt}")
    assert_private(written, [tmp_path / "exports"])


async def test_governance_exports_are_owner_only(db, tmp_path, open_umask):
    await seed(db)
    folder = tmp_path / "exports"
    foi_csv = await export_updates(db, date(2026, 11, 1), folder / "foi/u.csv", now=NOW, actor="cli:test")
    foi_xlsx = await export_updates(db, date(2026, 11, 1), folder / "foi/u.xlsx", now=NOW, actor="cli:test")
    sar = await export_person(db, ZOE_EMAIL, folder / "sar", now=NOW, actor="cli:test")
    audit = folder / "audit/audit.csv"
    await export_csv(db, audit, tz="Europe/London")
    assert_private(
        [foi_csv.path, foi_xlsx.path, sar.json_path, sar.html_path, audit],
        [folder, folder / "foi", folder / "sar", folder / "audit"],
    )


async def test_outbox_digests_are_owner_only(tmp_path, open_umask):
    outbox = OutboxTransport(tmp_path / "var/outbox")
    message = DigestMessage(
        period_key="2026-W47",
        card={"type": "AdaptiveCard"},
        html="<p>Zoe Lead</p>",
        marker="m1",
        summary="1 red",
        document="<html>Zoe Lead</html>",
    )
    await outbox.send(message)
    assert_private(list(outbox.paths("2026-W47").values()), [tmp_path / "var", tmp_path / "var/outbox"])
