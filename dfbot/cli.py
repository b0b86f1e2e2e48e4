"""`dfbot`: the command-line tool. Each command is one unit of work against the configured database."""
from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import typer

from dfbot.config import get_settings
from dfbot.logs import configure as configure_logging

app = typer.Typer(help="Digital First bot: serve the bot and manage the programme's data.", no_args_is_help=True,
                  add_completion=False, pretty_exceptions_enable=False)
db_app = typer.Typer(help="Database: migrations, backups.", no_args_is_help=True)
plan_app = typer.Typer(help="The delivery plan: projects, leads, milestones.", no_args_is_help=True)
updates_app = typer.Typer(help="Status updates.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(plan_app, name="plan")
app.add_typer(updates_app, name="updates")


def _db():
    from store.db import Database

    return Database(get_settings().database_url)


def _run(coro):
    return asyncio.run(coro)


def _fail(message: str) -> None:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


@app.command()
def serve(port: int = typer.Option(None, help="Port (default: $PORT or 3978)"),
          host: str = typer.Option("0.0.0.0", help="Interface to listen on")) -> None:
    """Run the web endpoint (and the scheduler) in one process."""
    from aiohttp import web

    from dfbot.web import create_app

    settings = get_settings()
    configure_logging(settings.log_level)
    port = port or settings.port
    mode = "local mode (no app id: anonymous Bot Framework calls accepted)" if settings.local_mode else "authenticated mode"
    typer.echo(f"Digital First bot on http://localhost:{port}/api/messages — {mode}; database {_safe_url(settings.database_url)}")
    web.run_app(create_app(settings), host=host, port=port, print=None, access_log=None)


def _safe_url(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


@db_app.command("upgrade")
def db_upgrade(revision: str = typer.Argument("head")) -> None:
    """Apply migrations (creates the database when it does not exist)."""
    from store.db import upgrade

    upgrade(get_settings().database_url, revision)
    typer.echo("Database is up to date.")


@plan_app.command("import")
def plan_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import projects, milestones or history from CSV, XLSX or YAML (recognised by header)."""
    from programme.planfile import PlanFileError
    from store.plan_io import import_path

    async def go():
        db = _db()
        try:
            return await import_path(db, path, actor="cli:plan import", tz=get_settings().timezone,
                                     progress=_progress_bar())
        finally:
            await db.dispose()

    try:
        report = _run(go())
    except PlanFileError as exc:
        _fail(f"Nothing was imported.\n{exc}")
    typer.echo(str(report))


@plan_app.command("export")
def plan_export(path: Path = typer.Argument(..., dir_okay=False)) -> None:
    """Export the plan (CSV, XLSX or YAML by extension) in the same columns the import reads."""
    from store.plan_io import export_path

    async def go():
        db = _db()
        try:
            return await export_path(db, path)
        finally:
            await db.dispose()

    _run(go())
    typer.echo(f"Plan written to {path}")


@plan_app.command("load-default")
def plan_load_default() -> None:
    """Load the default plan (from the 2021 Cabinet report) when the database has no projects."""
    from store.plan_io import load_default_plan_if_empty

    async def go():
        db = _db()
        try:
            return await load_default_plan_if_empty(db)
        finally:
            await db.dispose()

    loaded = _run(go())
    typer.echo("Default plan loaded." if loaded else "Projects already exist; default plan not loaded.")


@updates_app.command("import")
def updates_import(path: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True)) -> None:
    """Import update history (CSV, XLSX or YAML); the cycle follows from submitted_at."""
    plan_import(path)


def _progress_bar():
    """A progress bar on a terminal for large files; silent otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    state: dict = {}

    def update(done: int, total: int) -> None:
        if "task" not in state:
            progress.start()
            state["task"] = progress.add_task("Importing", total=total)
        progress.update(state["task"], completed=done, total=total)
        if done >= total:
            progress.stop()

    return update


def main() -> None:  # pragma: no cover
    app()
