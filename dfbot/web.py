"""The composition root: settings, database, adapter, bot and routes — nothing else."""

from __future__ import annotations

import importlib.metadata
import logging
import os
import uuid

from aiohttp import web

from bot.app import build_bot
from dashboard import routes as dashboard_routes
from dfbot import public_pages, signin_pages
from dfbot.production_checks import production_warnings
from dfbot.scheduler import attach
from dfbot.wiring import attach_directory, equip
from infra import metrics
from infra.config import Settings
from infra.logs import correlation_id
from services import monitoring
from services.context import AppContext
from services.directory import status_line
from store.db import Database, known_revisions, schema_readiness

APP_CONTEXT = web.AppKey("app_context", AppContext)
MESSAGES_ENDPOINT = web.AppKey("messages_endpoint", object)
STARTUP_WARNINGS = web.AppKey("startup_warnings", list)
log = logging.getLogger("dfbot.web")


@web.middleware
async def _correlation(request: web.Request, handler):
    token = correlation_id.set(request.headers.get("x-correlation-id", uuid.uuid4().hex[:12]))
    try:
        return await handler(request)
    finally:
        correlation_id.reset(token)


def create_app(settings: Settings, db: Database | None = None, *, context: AppContext | None = None) -> web.Application:
    ctx = context or AppContext(settings=settings, db=db or Database(settings.database_url))
    made_messenger = equip(ctx)  # the one messenger: one connection pool, one credential, one limiter
    made_directory = attach_directory(ctx)  # DIRECTORY_CREDENTIAL: raises naming what is missing
    app = web.Application(middlewares=[_correlation], client_max_size=settings.max_body_bytes + 1024)
    app[APP_CONTEXT] = ctx
    # Said once in the log by `dfbot serve`, and in every /readyz answer (dfbot/production_checks.py).
    app[STARTUP_WARNINGS] = production_warnings(settings, os.environ)
    metrics.BUILD.info({"version": _version()})
    endpoint = build_bot(ctx)
    app[MESSAGES_ENDPOINT] = endpoint
    app.router.add_post("/api/messages", endpoint.handle)
    app.on_cleanup.append(_close_connectors)  # the adapter's pooled Bot Connector connections
    app.router.add_get("/healthz", _healthz)
    app.router.add_get("/readyz", _readyz)
    app.router.add_get("/metrics", _metrics)
    public_pages.register_routes(app)  # /, /privacy, /terms: what the Teams package links to
    signin_pages.register_routes(app, ctx)  # /auth/graph/login and /auth/graph/callback (delegated Graph sign-in)
    dashboard_routes.setup(app, ctx)  # /dashboard: the programme dashboard, also a Teams tab
    if settings.scheduler_enabled:
        attach(app, ctx)
    app.on_cleanup.append(_drain)  # after the scheduler stopped: background posts and sends finish first
    if made_directory:
        app.on_cleanup.append(_close_directory)
    if made_messenger:
        app.on_cleanup.append(_close_messenger)
    if db is None and context is None:
        app.on_cleanup.append(_dispose)
    return app


def _version() -> str:
    try:
        return importlib.metadata.version("dfbot")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


async def _drain(app: web.Application) -> None:
    await app[APP_CONTEXT].drain()


async def _close_directory(app: web.Application) -> None:
    await app[APP_CONTEXT].close_directory()


async def _close_messenger(app: web.Application) -> None:
    messenger = app[APP_CONTEXT].messenger
    if messenger is not None:
        await messenger.close()


async def _close_connectors(app: web.Application) -> None:
    close = getattr(getattr(app[MESSAGES_ENDPOINT], "adapter", None), "close", None)
    if close is not None:
        await close()


async def _dispose(app: web.Application) -> None:
    await app[APP_CONTEXT].db.dispose()


async def _healthz(_request: web.Request) -> web.Response:
    return web.json_response({"status": "ok"})


async def _metrics(request: web.Request) -> web.Response:
    """Prometheus text format (infra/metrics.py; alert rules in docs/monitoring.md). Restrict it at the
    proxy like /readyz: it holds no personal data, but it is for IT's monitoring, not the internet."""
    ctx = request.app[APP_CONTEXT]
    await monitoring.refresh(ctx.db, ctx.settings)
    return web.Response(body=metrics.render(), headers={"Content-Type": metrics.CONTENT_TYPE})


async def _readyz(request: web.Request) -> web.Response:
    """Ready when the database answers and its schema is this release's, or a newer one that still works
    with it (a rolling upgrade must not drain the old replicas: store/db.py `schema_readiness`). Says which
    mode the bot is in ("local": anonymous calls accepted, or "authenticated"), so a monitor can alert on an
    open bot. The directory's line is information only: the bot works without it (people are then not
    looked up, leavers not noticed)."""
    ctx = request.app[APP_CONTEXT]
    db, mode, directory = ctx.db, ctx.settings.mode, status_line(ctx.settings)
    warnings = {"warnings": request.app[STARTUP_WARNINGS]} if request.app[STARTUP_WARNINGS] else {}
    try:
        await db.ping()
        current = await db.current_revision()
        compatible_from = await db.compatible_from()
    except Exception:
        return web.json_response(
            {"status": "unavailable", "mode": mode, "database": "unreachable", "directory": directory, **warnings},
            status=503,
        )
    mine = known_revisions()
    ready, why = schema_readiness(current, compatible_from, mine)
    migrations = {"current": current, "head": mine[-1], "compatible_from": compatible_from, "state": why}
    return web.json_response(
        {
            "status": "ready" if ready else "unavailable",
            "mode": mode,
            "database": "reachable",
            "migrations": migrations,
            "directory": directory,
            **warnings,
        },
        status=200 if ready else 503,
    )
