"""`dfbot updates`: update history in, and the freedom-of-information export out.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import fail, now, parse_day, with_db
from dfbot.cli.plan import plan_import
from infra.config import get_settings

__all__ = ["updates_app", "updates_export", "updates_import"]

updates_app = typer.Typer(help="Status updates.", no_args_is_help=True)


@updates_app.command("import")
def updates_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import update history (CSV, XLSX or YAML); the cycle follows from submitted_at."""
    plan_import(path)


@updates_app.command("export")
def updates_export(
    since: str = typer.Option(..., "--since", help="First day to include (2026-04-01 or 01/04/2026)"),
    out: Path = typer.Option(None, "--out", dir_okay=False, help="PATH.csv or PATH.xlsx"),
    with_names: bool = typer.Option(
        False, "--with-names", help="Add who submitted each update (officers' names are personal data)"
    ),
) -> None:
    """Freedom of information: updates in a publishable form, sensitive risks and emails left out."""
    from services.foi import export_updates

    settings = get_settings()
    day = parse_day(since)
    path = out or Path(settings.export_dir) / f"updates-since-{day.isoformat()}.csv"
    if path.suffix.lower() not in (".csv", ".xlsx"):
        fail("The export file must end in .csv or .xlsx.")
    result = with_db(
        lambda db: export_updates(
            db, day, path, now=now(), actor="cli:updates export", tz=settings.timezone, with_names=with_names
        )
    )
    typer.echo(f"{result.rows} updates written to {result.path}{' with names' if with_names else ' without names'}.")
    typer.echo(
        f"{result.decisions} DLG decisions written to "
        f"{result.decisions_path or str(result.path) + ' (sheet decisions)'}."
    )
    if result.risks_withheld:
        typer.echo(
            f"{result.risks_withheld} risks marked sensitive were left out; cite the exemption you rely on "
            "in your reply."
        )
    typer.echo("Review free text before publishing: only names and emails the bot knows are removed.")
