"""`dfbot db`: migrations, backups and restores.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import fail, is_sqlite, run
from infra.config import get_settings

__all__ = ["db_app", "db_backup", "db_downgrade", "db_restore", "db_upgrade"]

db_app = typer.Typer(help="Database: migrations, backups.", no_args_is_help=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations (creates the database when it does not exist)."""
    from store.db import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo("Database is up to date.")


@db_app.command("downgrade")
def db_downgrade(
    revision: str = typer.Argument(
        ..., help="The migration to go back to, e.g. the previous release's migrations.head from its /readyz"
    ),
) -> None:
    """Undo migrations down to REVISION (rolling a release back; take a backup first, stop the new release)."""
    from store.db import downgrade, known_revisions

    if revision not in known_revisions():
        fail(
            f"{revision} is not one of this release's migrations ({', '.join(known_revisions())}). Nothing was changed."
        )
    downgrade(get_settings().database_url, revision)
    typer.echo(f"Database is at migration {revision}.")


@db_app.command("backup")
def db_backup(
    path: Path = typer.Argument(..., dir_okay=False, help="Where to write the backup file"),
    force: bool = typer.Option(False, "--force", help="Replace PATH if it exists"),
) -> None:
    """Back up the database while the bot runs (SQLite online backup; PostgreSQL pg_dump -Fc)."""
    from store import backup

    url = get_settings().database_url
    try:
        if is_sqlite(url):
            outcome = backup.backup_sqlite(url, path, force=force)
            typer.echo(
                f"Backed up to {path}: {sum(outcome.tables.values())} rows in {len(outcome.tables)} tables "
                f"(migration {outcome.revision})."
            )
        else:
            backup.backup_postgres(url, path, force=force)
            typer.echo(f"Backed up to {path} (pg_dump custom format; restore with `dfbot db restore {path}`).")
    except backup.ToolMissing as exc:
        fail(f"{exc}\nOn a machine that has the PostgreSQL client tools, run:\n  " + "\n  ".join(exc.commands))
    except backup.BackupError as exc:
        fail(f"No backup was made. {exc}")


@db_app.command("restore")
def db_restore(
    path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True, help="A backup file"),
    force: bool = typer.Option(False, "--force", help="Replace a database that already holds data"),
) -> None:
    """Restore a backup into the configured database (stop the bot first)."""
    from store import backup
    from store.db import head_revision

    url = get_settings().database_url
    try:
        if is_sqlite(url):
            outcome = backup.restore_sqlite(path, url, force=force)
            typer.echo(
                f"Restored {sum(outcome.tables.values())} rows in {len(outcome.tables)} tables into {outcome.path}."
            )
            if outcome.revision != head_revision():
                typer.echo("The backup is from an older version: run `dfbot db upgrade` before starting the bot.")
        else:
            run(backup.restore_postgres(path, url, force=force))
            typer.echo("Restored. Run `dfbot db upgrade` if the backup is from an older version.")
    except backup.ToolMissing as exc:
        fail(f"{exc}\nOn a machine that has the PostgreSQL client tools, run:\n  " + "\n  ".join(exc.commands))
    except backup.BackupError as exc:
        fail(f"Nothing was restored. {exc}")
