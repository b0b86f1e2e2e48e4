"""`dfbot audit`: the audit log as a file.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import parse_day, with_db
from infra.config import get_settings

__all__ = ["audit_app", "audit_export"]

audit_app = typer.Typer(help="The audit log: who changed what, and when.", no_args_is_help=True)


@audit_app.command("export")
def audit_export(
    path: Path = typer.Argument(..., dir_okay=False, help="PATH.csv"),
    since: str = typer.Option(None, "--since", help="First day to include (2026-03-01 or 01/03/2026)"),
) -> None:
    """The audit log as a CSV (it holds people's emails: keep the file safe)."""
    from services.audit_log import export_csv, local_midnight

    settings = get_settings()
    start = local_midnight(parse_day(since), settings.timezone) if since else None
    written = with_db(lambda db: export_csv(db, path, tz=settings.timezone, since=start))
    typer.echo(f"{written} audit entries written to {path}. The file holds people's emails: keep it safe.")
