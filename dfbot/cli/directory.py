"""`dfbot directory`: the council's directory checked now.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

import typer

from dfbot.cli.common import fail, run
from infra.config import get_settings

__all__ = ["directory_app", "directory_check"]

directory_app = typer.Typer(
    help="The council's directory (Entra ID): people looked up, leavers found.", no_args_is_help=True
)


@directory_app.command("check")
def directory_check() -> None:
    """Look everyone with a role up in the directory now (the scheduler does it daily) and tell admins about leavers."""
    from dfbot.wiring import running_context
    from programme.directory import DirectoryRefused
    from services import directory, leavers

    settings = get_settings()
    if not settings.directory_credential:
        fail(f"The directory is {directory.OFF}.")

    async def go():
        async with running_context(settings) as ctx:
            report = await directory.check_people(ctx, ctx.directory)
            return report, await leavers.deliver(ctx)

    try:
        report, cards = run(go())
    except (DirectoryRefused, ValueError) as exc:
        fail(f"The directory could not be checked: {exc}")
    typer.echo(f"Directory: {report}. Leaver cards sent to admins: {cards}.")
