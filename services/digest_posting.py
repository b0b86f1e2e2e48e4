"""Posting the DLG digest: every transport (the bot's own as the fallback for Graph), admin notices
through the context's one messenger, and posting in the background so an admin's click is answered at
once. The scheduler's share of a pass is `scheduler_tick` (dfbot/scheduler.py)."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from services import digest as service
from services.admin_notices import AdminNotifier
from services.context import AppContext
from services.digest_transports import Transports

log = logging.getLogger("dfbot.digest")


@asynccontextmanager
async def digest_poster(
    ctx: AppContext, *, graph_credential: Any = None, graph_timeout: float = 30.0
) -> AsyncIterator[service.Poster]:
    """A Poster with every transport and admin notices; HTTP clients are released on the way out."""
    transports = Transports(
        ctx, bot=ctx.channel_transport, graph_credential=graph_credential, graph_timeout=graph_timeout
    )
    try:
        yield service.Poster(ctx, transports, AdminNotifier(ctx) if ctx.messenger is not None else None)
    finally:
        await transports.aclose()


def start_posting(ctx: AppContext) -> None:
    """Post approved digests outside the request: the admin's click is answered at once."""
    ctx.spawn(_post_ready(ctx), "posting the digest")


async def _post_ready(ctx: AppContext) -> None:
    async with digest_poster(ctx) as poster:
        outcomes = await poster.post_ready()
    log.info("digest posting: %s", [(o.period_key, o.status) for o in outcomes])


async def scheduler_tick(ctx: AppContext) -> dict[str, Any]:
    """The digest's share of a scheduler pass, on the lease holder: compose due digests, remind
    approvers, recover interrupted posts, post approved ones."""
    async with digest_poster(ctx) as poster:
        return await service.tick(ctx, poster)
