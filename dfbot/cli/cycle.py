"""`dfbot cycle` and `dfbot reminders`: update cycles and the prompts to leads.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

import typer

from dfbot.cli.common import now, with_db
from infra.config import get_settings
from infra.logs import configure as configure_logging

__all__ = ["cycle_app", "cycle_open", "cycle_status", "reminders_app", "reminders_send"]

cycle_app = typer.Typer(help="Update cycles: open one now, see where the current one stands.", no_args_is_help=True)
reminders_app = typer.Typer(help="Prompts and reminders to leads.", no_args_is_help=True)


def _send_queued(db, settings, reclaim_after: float | None):
    """Send what is queued through the bot's messenger (the same limiter and rules as the scheduler)."""
    from datetime import timedelta

    from dfbot.wiring import running_context
    from services.prompts import send_pending

    async def go():
        async with running_context(settings, db) as ctx:
            wait = timedelta(seconds=settings.reclaim_after_seconds if reclaim_after is None else reclaim_after)
            return await send_pending(db, ctx.require_messenger(), tz=settings.timezone, reclaim_after=wait)

    return go()


@cycle_app.command("open")
def cycle_open(send: bool = typer.Option(True, "--send/--no-send", help="Send the prompts now (default)")) -> None:
    """Open the current period's cycle now (or say which is open) and send its prompts."""
    from services import cycles

    settings = get_settings()
    configure_logging(settings.log_level)

    async def work(db):
        opened = await cycles.open_now(db, now(), settings.timezone, actor="cli:cycle open")
        paused = await cycles.is_paused(db)
        report = await _send_queued(db, settings, None) if send and not paused else None
        return opened, paused, report

    from cards.update import when

    opened, paused, report = with_db(work)
    typer.echo(
        f"{'Opened' if opened.created else 'Already open:'} cycle {opened.key}, due "
        f"{when(opened.due_at, settings.timezone)}; {opened.queued} prompt(s) queued."
    )
    if paused:
        typer.echo("Prompts are paused (resume them in Teams with 'resume prompts'); nothing was sent.")
    elif report is not None:
        typer.echo(f"Prompts: {report}")


@cycle_app.command("status")
def cycle_status() -> None:
    """The cadence, the current cycle and its deliveries."""
    from services import cycles

    settings = get_settings()
    typer.echo(with_db(lambda db: cycles.status(db, now(), settings.timezone)).replace("**", ""))


@reminders_app.command("send")
def reminders_send(
    reclaim_after: float = typer.Option(
        None,
        "--reclaim-after",
        min=0,
        help="Resend deliveries left 'sending' for this many seconds "
        "(default $RECLAIM_AFTER_SECONDS, 600; 0 only when no "
        "other sender can be running)",
    ),
    force: bool = typer.Option(False, "--force", help="Send even while prompts are paused"),
) -> None:
    """Queue the reminders and escalations due now, then send everything pending."""
    from services import cycles

    settings = get_settings()
    configure_logging(settings.log_level)

    async def work(db):
        at = now()
        if await cycles.is_paused(db) and not force:
            return None
        await cycles.queue_unprompted(db, at, settings.timezone)
        await cycles.queue_reminders(db, at, settings.timezone)
        await cycles.queue_escalations(db, at, settings.timezone)
        return await _send_queued(db, settings, reclaim_after)

    report = with_db(work)
    if report is None:
        typer.echo("Prompts are paused; nothing was sent (use --force to send anyway).")
    else:
        typer.echo(f"Deliveries: {report}")
