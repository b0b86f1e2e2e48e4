"""What every command shares: the database for one command, running a coroutine, failing with a message,
reading a day, and the cards a new role may owe admins. Imports inside the functions are kept for start-up time."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import typer

if TYPE_CHECKING:
    from rich.progress import TaskID

from infra.config import get_settings

__all__ = [
    "bot_files",
    "digest_period",
    "fail",
    "is_sqlite",
    "merge_cards_for",
    "now",
    "open_db",
    "parse_day",
    "progress_bar",
    "run",
    "safe_database_url",
    "secrets_of",
    "with_db",
]


def open_db():
    from store.db import Database

    return Database(get_settings().database_url)


def run(coro):
    return asyncio.run(coro)


def fail(message: str) -> NoReturn:
    typer.secho(message, fg=typer.colors.RED, err=True)
    raise typer.Exit(code=1)


def secrets_of(settings) -> list[str]:
    """Values the log redaction masks wherever they appear (see infra/logs.py)."""
    return [
        settings.app_password.get_secret_value(),
        settings.secret_key.get_secret_value(),
        settings.directory_certificate_password.get_secret_value(),
        settings.graph_client_secret.get_secret_value(),
        settings.bot_certificate_password.get_secret_value(),
        settings.graph_certificate_password.get_secret_value(),
    ]


def safe_database_url(url: str) -> str:
    """The database URL with its password masked, for the start-up line."""
    from store.db import safe_url

    return safe_url(url)


def is_sqlite(url: str) -> bool:
    from store.db import is_sqlite_url

    return is_sqlite_url(url)


def now():
    from store.types import utcnow

    return utcnow()


def with_db(work):
    """Run `work(db)` against the configured database and dispose of it afterwards."""

    async def go():
        db = open_db()
        try:
            return await work(db)
        finally:
            await db.dispose()

    return run(go())


def bot_files() -> list[Path]:
    settings = get_settings()
    return [Path(settings.outbox_dir), Path(settings.export_dir)]


async def merge_cards_for(settings, db, emails) -> int:
    """How many of `emails` (just given a role) accounts gave without being linked by them; for each, admins
    get the merge card the first-contact path gives (services/identity.py), once per account."""
    from dfbot.wiring import running_context  # start-up time
    from services.identity import tell_admins_about_holders  # start-up time
    from services.unlinked_accounts import emails_with_unlinked_accounts  # start-up time

    unlinked = await emails_with_unlinked_accounts(db, emails)
    if unlinked:
        async with running_context(settings, db) as ctx:
            for email in unlinked:
                await tell_admins_about_holders(ctx, email)
    return len(unlinked)


def parse_day(value: str):
    from datetime import date, datetime

    for parse in (date.fromisoformat, lambda v: datetime.strptime(v, "%d/%m/%Y").date()):
        try:
            return parse(value.strip())
        except ValueError:
            continue
    raise typer.BadParameter("use a date like 2026-04-01 or 01/04/2026")


def progress_bar() -> Callable[[str, int, int], None] | None:
    """A progress bar on a terminal for large files; silent otherwise."""
    if not sys.stderr.isatty():
        return None
    from rich.progress import Progress

    progress = Progress(transient=True)
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int) -> None:
        """Called per row, first while reading the file (in a worker thread), then while applying it."""
        if not tasks:
            progress.start()
        if stage not in tasks:
            tasks[stage] = progress.add_task("Reading" if stage == "read" else "Importing", total=total)
        progress.update(tasks[stage], completed=done, total=total)
        if stage == "apply" and done >= total:
            progress.stop()

    return update


def digest_period(ctx, period: str | None):
    from services import digest as service

    async def latest():
        return period or await service.latest_period(ctx)

    return latest()
