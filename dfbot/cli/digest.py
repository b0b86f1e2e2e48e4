"""`dfbot digest`: the DLG digest previewed, or posted now.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

import typer

from dfbot.cli.common import digest_period, fail, open_db, run
from infra.config import get_settings

__all__ = ["digest_app", "digest_post", "digest_preview"]

digest_app = typer.Typer(help="The DLG digest: preview it, post it now.", no_args_is_help=True)


@digest_app.command("preview")
def digest_preview(
    period: str = typer.Option(None, "--period", help="The cycle's period key (default: the latest cycle)"),
) -> None:
    """Compose the digest (kept as a draft) and write its card and HTML under OUTBOX_DIR/preview; sends nothing."""
    from programme.digest import summary_line
    from services import digest as service
    from services.context import AppContext
    from services.digest_transports import OutboxTransport

    settings = get_settings()

    async def go():
        ctx = AppContext(settings=settings, db=open_db())
        try:
            key = await digest_period(ctx, period)
            view = await service.ensure_draft(ctx, key, refresh=True, actor="cli:digest preview") if key else None
            if view is None:
                return None
            outbox = OutboxTransport(settings.outbox_dir / "preview")
            await outbox.send(service.render(view))
            return view, outbox.paths(view.period_key)
        finally:
            await ctx.db.dispose()

    found = run(go())
    if found is None:
        fail("There is no update cycle yet, so there is no digest. Open one with `dfbot cycle open`.")
    view, paths = found
    typer.echo(summary_line(view.content))
    typer.echo(f"Status: {view.status} (transport {view.transport}). Nothing was sent.")
    typer.echo(f"HTML: {paths['html']}\nCard: {paths['card']}")


@digest_app.command("post")
def digest_post(
    period: str = typer.Option(None, "--period", help="The cycle's period key (default: the latest cycle)"),
    force: bool = typer.Option(False, "--force", help="Post again one left 'needs_admin' (check the channel first)"),
) -> None:
    """Approve and post the digest now through DIGEST_TRANSPORT (at most once per period)."""
    from dfbot.wiring import running_context
    from services import digest as service
    from services.digest_posting import digest_poster

    settings = get_settings()

    async def go():
        async with running_context(settings) as ctx:
            key = await digest_period(ctx, period)
            if key is None:
                return None
            async with digest_poster(ctx) as poster:
                return await service.send_now(ctx, poster, key, actor="cli:digest post", force=force)

    outcome = run(go())
    if outcome is None:
        fail("There is no update cycle yet, so there is no digest. Open one with `dfbot cycle open`.")
    if outcome.status == "already_posted":
        typer.echo(f"{outcome.detail} Nothing was sent.")
        return
    if outcome.status != "posted":
        fail(f"Digest {outcome.period_key}: {outcome.status}. {outcome.detail}".strip())
    typer.echo(f"Digest {outcome.period_key} posted through {outcome.transport} (message {outcome.message_id}).")
