"""`dfbot plan`: the delivery plan in and out of the database.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

from pathlib import Path

import typer

from dfbot.cli.common import fail, merge_cards_for, open_db, progress_bar, run, with_db
from dfbot.cli.decisions import decisions_import
from infra.config import get_settings

__all__ = ["plan_app", "plan_export", "plan_import", "plan_load_default"]

plan_app = typer.Typer(help="The delivery plan: projects, leads, milestones.", no_args_is_help=True)


@plan_app.command("import")
def plan_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import projects, milestones, history or the DLG's decisions log from CSV, XLSX or YAML (recognised by header)."""
    from services.files.decisions_log import log_table
    from services.files.plan_io import PlanFileError, import_path

    if path.suffix.lower() in (".csv", ".txt", ".xlsx") and log_table(path) is not None:
        return decisions_import(path)
    settings = get_settings()
    if (problem := settings.directory_problem()) is not None:
        fail(f"Nothing was imported: {problem}")

    async def go():
        db = open_db()
        try:
            report = await import_path(db, path, actor="cli:plan import", tz=settings.timezone, progress=progress_bar())
            if settings.directory_credential and report.emails:  # look the plan's people up now (warnings only)
                from dfbot.wiring import directory_context
                from services.directory import check_import

                async with directory_context(settings, db) as ctx:
                    report.warnings += await check_import(ctx, report.emails)
            return report
        finally:
            await db.dispose()

    try:
        report = run(go())
    except PlanFileError as exc:
        fail(f"Nothing was imported.\n{exc}")
    for line in report.lines():
        typer.echo(line)
    unlinked = (
        with_db(lambda db: merge_cards_for(settings, db, report.emails)) if report.emails and not report.dry_run else 0
    )
    if unlinked:
        typer.echo(
            f"Note: {unlinked} of the leads' and deputies' emails were given in Teams by accounts the bot does "
            "not link by email (guests, other organisations): those accounts got no role. Admins get a card "
            "in Teams to merge each with the person imported, if it is the same person."
        )


@plan_app.command("export")
def plan_export(path: Path = typer.Argument(..., dir_okay=False)) -> None:
    """Export the plan (CSV, XLSX or YAML by extension) in the same columns the import reads."""
    from services.files.plan_io import export_path

    async def go():
        db = open_db()
        try:
            return await export_path(db, path)
        finally:
            await db.dispose()

    run(go())
    typer.echo(f"Plan written to {path}")


@plan_app.command("load-default")
def plan_load_default() -> None:
    """Load the default plan (from the 2021 Cabinet report) when the database has no projects."""
    from services.files.plan_io import load_default_plan_if_empty

    async def go():
        db = open_db()
        try:
            return await load_default_plan_if_empty(db)
        finally:
            await db.dispose()

    loaded = run(go())
    typer.echo("Default plan loaded." if loaded else "Projects already exist; default plan not loaded.")
