"""Builds the one `AppContext` of a process: settings, database, the one proactive messenger, the
bot's channel transport and the directory. `create_app` uses it once per web app, and each CLI command once."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.channel_post import BotChannelTransport
from bot.messenger import ProactiveMessenger
from infra.config import Settings
from services.context import AppContext
from services.directory import status_line
from store.db import Database

log = logging.getLogger("dfbot.directory")


def equip(ctx: AppContext) -> bool:
    """Give `ctx` the messenger and the channel transport it lacks; True when the messenger was made here
    (and so is closed by whoever called this)."""
    made = ctx.messenger is None
    if made:
        ctx.messenger = ProactiveMessenger(ctx.settings)
    if ctx.channel_transport is None:
        ctx.channel_transport = lambda: BotChannelTransport(ctx)
    return made


def attach_directory(ctx: AppContext, **transport: Any) -> bool:
    """Give `ctx` the directory DIRECTORY_CREDENTIAL names; True when it was made here (the caller closes it
    with `ctx.close_directory()`). Says in one log line whether it is on. Incomplete settings raise
    ValueError naming what is missing: never a quiet fallback to another credential, or to none."""
    if ctx.directory is not None:
        return False
    problem = ctx.settings.directory_problem()
    if problem:
        raise ValueError(problem)
    log.info("directory %s", status_line(ctx.settings))
    if not ctx.settings.directory_credential:
        return False
    from graph.directory import open_directory  # start-up time: msgraph loads only when the directory is on

    ctx.directory = open_directory(ctx.settings, **transport)
    return True


@asynccontextmanager
async def directory_context(settings: Settings, db: Database) -> AsyncIterator[AppContext]:
    """A context with only the directory (no messenger): what `dfbot plan import` needs to look people up."""
    ctx = AppContext(settings=settings, db=db)
    attach_directory(ctx)
    try:
        yield ctx
    finally:
        await ctx.close_directory()


@asynccontextmanager
async def running_context(settings: Settings, db: Database | None = None) -> AsyncIterator[AppContext]:
    """A context for one CLI command: background work drained, the messenger closed, the database disposed."""
    ctx = AppContext(settings=settings, db=db or Database(settings.database_url))
    made = equip(ctx)
    try:
        attach_directory(ctx)
        yield ctx
    finally:
        try:
            await ctx.drain()
            await ctx.close_directory()
            if made and ctx.messenger is not None:
                await ctx.messenger.close()
        finally:
            if db is None:
                await ctx.db.dispose()
