"""Builds the one `AppContext` of a process: settings, database, the one proactive messenger and the
bot's channel transport. `create_app` uses it once per web app, and each CLI command once."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from bot.channel_post import BotChannelTransport
from bot.messenger import ProactiveMessenger
from dfbot.config import Settings
from services.context import AppContext
from store.db import Database


def equip(ctx: AppContext) -> bool:
    """Give `ctx` the messenger and the channel transport it lacks; True when the messenger was made here
    (and so is closed by whoever called this)."""
    made = ctx.messenger is None
    if made:
        ctx.messenger = ProactiveMessenger(ctx.settings)
    if ctx.channel_transport is None:
        ctx.channel_transport = lambda: BotChannelTransport(ctx)
    return made


@asynccontextmanager
async def running_context(settings: Settings, db: Database | None = None) -> AsyncIterator[AppContext]:
    """A context for one CLI command: background work drained, the messenger closed, the database disposed."""
    ctx = AppContext(settings=settings, db=db or Database(settings.database_url))
    made = equip(ctx)
    try:
        yield ctx
    finally:
        try:
            await ctx.drain()
            if made and ctx.messenger is not None:
                await ctx.messenger.close()
        finally:
            if db is None:
                await ctx.db.dispose()
