"""`dfbot decisions`: the DLG's decisions log in and out, and the agenda reply posted again.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import digest_period, fail, run, with_db
from infra.config import get_settings

__all__ = ["decisions_agenda_again", "decisions_app", "decisions_export", "decisions_import"]

decisions_app = typer.Typer(help="The DLG's decisions log: asks and what was decided.", no_args_is_help=True)


@decisions_app.command("import")
def decisions_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import a decisions log (project_ref, raised_at, ask, decision, decided_at, note) from CSV or XLSX."""
    from services.files.decisions_log import import_log
    from services.files.plan_io import PlanFileError
    from store.types import utcnow

    settings = get_settings()
    try:
        report = with_db(
            lambda db: import_log(db, path, tz=settings.timezone, now=utcnow(), actor="cli:decisions import")
        )
    except PlanFileError as exc:
        fail(f"Nothing was imported.\n{exc}")
    for line in report.lines():
        typer.echo(line)


@decisions_app.command("export")
def decisions_export(path: Path = typer.Argument(..., dir_okay=False, help="PATH.csv or PATH.xlsx")) -> None:
    """Export the decisions log in the columns the import reads (text never runs as a formula)."""
    from services.files.decisions_log import export_log

    try:
        written = with_db(lambda db: export_log(db, path, tz=get_settings().timezone))
    except ValueError as exc:
        fail(str(exc))
    typer.echo(f"{written} asks written to {path}")


@decisions_app.command("agenda-again")
def decisions_agenda_again(
    period: str = typer.Option(None, "--period", help="The digest's period key (default: the latest cycle)"),
) -> None:
    """Post the agenda reply in a Graph digest's thread again, once an admin has looked and it is not there."""
    from dfbot.wiring import running_context
    from services.agenda_reply import post_again

    async def go():
        async with running_context(get_settings()) as ctx:
            key = await digest_period(ctx, period)
            return None if key is None else await post_again(ctx, key)

    said = run(go())
    if said is None:
        fail("There is no update cycle yet, so there is no digest.")
    typer.echo(said)
