"""The dashboard's HTTP edge, mounted under /dashboard as an aiohttp sub-application.

Two kinds of route for every page:

- the page itself (`/dashboard`, `/dashboard/projects/{ref}`, `/dashboard/digests[/{period}]`): in
  local mode (LOCAL_MODE=true) it carries the content and works without JavaScript; otherwise it is
  an empty shell whose script signs in through Teams and fetches the content. Outside local mode
  nothing is shown without a signed-in person, whatever address the request comes from: behind a
  reverse proxy on the same host every request comes from loopback, so loopback proves nothing;
- its API twin (`/dashboard/api/pages/…`, same query string): JSON `{title, html}` for a viewer
  proved by a bearer token (or local mode), 401 otherwise. The HTML is rendered on the server,
  escaped, and is the same fragment local mode embeds.

Plus `/dashboard/configure` (a channel tab's configuration page), `/dashboard/api/me`, and pinned
static files. Every response carries the security headers: a Content-Security-Policy with no inline
script and `frame-ancestors` limited to the Teams and Microsoft 365 hosts Microsoft documents.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from aiohttp import web

from infra.config import Settings
from programme.access import Viewer, may_see_sensitive
from services.context import AppContext
from store import dashboard_repo

from . import views
from .auth import (
    EntraTokenValidator,
    Fetch,
    KeysUnavailable,
    SignedInUser,
    SigningKeys,
    TokenError,
    bearer_token,
    default_app_id_uris,
    local_viewer,
    viewer_for,
)
from .html import Markup, tag

log = logging.getLogger("dfbot.dashboard")

PREFIX = "/dashboard"
STATIC_DIR = Path(str(resources.files("dashboard").joinpath("static")))
TEAMS_JS = "vendor/teams-js/MicrosoftTeams.min.js"
THEMES = {"default": "light", "light": "light", "dark": "dark", "contrast": "contrast"}

# Microsoft's list of hosts that frame Teams and Microsoft 365 tabs ("Prerequisites" of
# learn.microsoft.com/microsoftteams/platform/tabs/how-to/tab-requirements): all hosts under
# *.cloud.microsoft, Teams, the Microsoft 365 app and Outlook (with their -sdf test rings).
FRAME_ANCESTORS = (
    "'self'",
    "https://teams.microsoft.com",
    "https://*.teams.microsoft.com",
    "https://*.cloud.microsoft",
    "https://*.microsoft365.com",
    "https://*.office.com",
    "https://outlook.office.com",
    "https://outlook.office365.com",
    "https://outlook-sdf.office.com",
    "https://outlook-sdf.office365.com",
)
CSP = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors " + " ".join(FRAME_ANCESTORS),
    )
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
}

COMPRESS_ABOVE = 8 * 1024  # bytes


@dataclass
class Dashboard:
    ctx: AppContext
    settings: Settings
    validator: EntraTokenValidator | None
    static_urls: dict[str, str]
    http: aiohttp.ClientSession | None = None

    @property
    def local_mode(self) -> bool:
        return self.ctx.settings.local_mode

    async def fetch_json(self, url: str) -> dict[str, Any]:
        if self.http is None or self.http.closed:
            self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=10))
        async with self.http.get(url, headers={"Accept": "application/json"}) as resp:
            resp.raise_for_status()
            return await resp.json(content_type=None)

    async def close(self) -> None:
        if self.http is not None and not self.http.closed:
            await self.http.close()


DASHBOARD = web.AppKey("dashboard", Dashboard)


def setup(app: web.Application, ctx: AppContext, *, fetch: Fetch | None = None) -> web.Application:
    """Mount the dashboard under /dashboard on `app` (the bot's web app) and return the sub-app."""
    settings = ctx.settings
    sub = web.Application(middlewares=[_security_headers])
    board = Dashboard(ctx=ctx, settings=settings, validator=None, static_urls=_static_urls())
    if not ctx.settings.local_mode:
        s = ctx.settings
        board.validator = EntraTokenValidator(
            client_id=s.app_id,
            app_id_uris=settings.dashboard_app_id_uris or default_app_id_uris(s.app_id, s.public_base_url),
            tenant_ids=({s.app_tenant_id} if s.app_tenant_id else set()) | s.allowed_tenants,
            keys=SigningKeys(fetch or board.fetch_json),
            jwks_url=settings.dashboard_jwks_url,
        )
    sub[DASHBOARD] = board

    for path, build, api in (
        ("", _matrix, "/api/pages/matrix"),
        ("/", _matrix, "/api/pages/matrix"),
        ("/projects/{ref}", _project, "/api/pages/projects/{ref}"),
        ("/digests", _digests, "/api/pages/digests"),
        ("/digests/{period_key}", _digest, "/api/pages/digests/{period_key}"),
    ):
        sub.router.add_get(path, _page_route(build, api))
        if path != "":
            sub.router.add_get(api, _api_route(build))
    sub.router.add_get("/api/me", _me)
    sub.router.add_get("/configure", _configure)
    sub.router.add_static("/static", STATIC_DIR, follow_symlinks=False)

    async def _close(_app: web.Application) -> None:
        await board.close()

    sub.on_cleanup.append(_close)
    app.add_subapp(PREFIX, sub)
    return sub


def _static_urls() -> dict[str, str]:
    """Static files with a content hash in the URL, so they can be cached for a year."""
    urls = {}
    for path in STATIC_DIR.rglob("*"):
        if path.is_file():
            rel = path.relative_to(STATIC_DIR).as_posix()
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
            urls[rel] = f"{PREFIX}/static/{rel}?v={digest}"
    return urls


@web.middleware
async def _security_headers(request: web.Request, handler):
    try:
        response = await handler(request)
    except web.HTTPException as exc:
        exc.headers.update(SECURITY_HEADERS)
        exc.headers["Cache-Control"] = "no-store"
        raise
    response.headers.update(SECURITY_HEADERS)
    if (
        isinstance(response, web.Response)
        and isinstance(response.body, (bytes, bytearray))
        and len(response.body) > COMPRESS_ABOVE
    ):  # (a streamed Payload has no length to measure)
        # A 5,000-project matrix is megabytes of HTML. Compressing it is safe from BREACH-style
        # attacks: sign-in is a bearer header a cross-site page cannot make the browser send.
        response.enable_compression()
    if request.path.startswith(f"{PREFIX}/static/"):
        response.headers["Cache-Control"] = (
            "public, max-age=31536000, immutable" if request.query.get("v") else "no-cache"
        )
    else:
        response.headers["Cache-Control"] = "no-store"  # pages hold people's names and their updates
    return response


# --------------------------------------------------------------------------- who is asking


class Refused(Exception):
    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


async def _viewer(request: web.Request, board: Dashboard, session) -> Viewer:
    if board.local_mode:
        return local_viewer(request.remote)
    token = bearer_token(request.headers.get("Authorization"))
    if token is None:
        raise Refused(401, "no_token", "Sign in through Microsoft Teams to see the dashboard.")
    assert board.validator is not None
    try:
        user: SignedInUser = await board.validator.validate(token)
    except TokenError as exc:
        log.info("dashboard token refused: %s", exc.reason)
        raise Refused(401, exc.reason, exc.message) from None
    except KeysUnavailable:
        log.warning("dashboard: Entra ID signing keys unavailable")
        raise Refused(503, "keys_unavailable", "Sign-in cannot be checked right now. Try again in a minute.") from None
    return await viewer_for(session, user, board.ctx.settings.home_tenants)


def _view_context(request: web.Request, board: Dashboard, viewer: Viewer) -> views.ViewContext:
    theme = request.query.get("theme", "")
    return views.ViewContext(
        viewer=viewer,
        base=PREFIX,
        tz=board.ctx.settings.timezone,
        now=board.ctx.now(),
        theme=theme if theme in THEMES else "",
        local_mode=board.local_mode,
    )


# --------------------------------------------------------------------------- pages

Build = Callable[[web.Request, Dashboard, Any, views.ViewContext], Awaitable[views.Page]]


async def _matrix(request: web.Request, board: Dashboard, session, vctx: views.ViewContext) -> views.Page:
    portfolio = await dashboard_repo.portfolio(
        session, now=board.ctx.now(), trend_length=board.settings.dashboard_trend_cycles
    )
    return views.matrix(portfolio, request.query, vctx)


async def _project(request: web.Request, board: Dashboard, session, vctx: views.ViewContext) -> views.Page:
    ref = request.match_info["ref"]
    detail = await dashboard_repo.project_detail(session, ref)
    if detail is None:
        return views.message(
            "Project not found",
            f"There is no project with the reference “{ref[:64]}”.",
            404,
            tag("p", tag("a", "Back to the programme", href=vctx.url())),
        )
    return views.project(detail, vctx)


async def _digests(request: web.Request, board: Dashboard, session, vctx: views.ViewContext) -> views.Page:
    items = await dashboard_repo.digests(session, statuses=views.visible_digest_statuses(vctx.viewer))
    return views.digests(items, vctx)


async def _digest(request: web.Request, board: Dashboard, session, vctx: views.ViewContext) -> views.Page:
    key = request.match_info["period_key"]
    found = await dashboard_repo.digest(session, key)
    allowed = views.visible_digest_statuses(vctx.viewer)
    if found is None or (allowed is not None and found.status not in allowed):
        return views.message(
            "Digest not found",
            f"There is no posted digest for “{key[:32]}”.",
            404,
            tag("p", tag("a", "All digests", href=vctx.url("/digests"))),
        )
    return views.digest(found, vctx)


def _page_route(build: Build, api_pattern: str):
    async def handler(request: web.Request) -> web.Response:
        board: Dashboard = request.app[DASHBOARD]
        section = "digests" if "/digests" in api_pattern else "matrix"
        if not board.local_mode:
            api = PREFIX + api_pattern.format(**{k: quote(v, safe="") for k, v in request.match_info.items()})
            return _html(
                board,
                request,
                views.Page("Digital First dashboard", views.TEMPLATES.render("shell")),
                auth="teams",
                api_url=api,
                section=section,
            )
        async with board.ctx.db.unit_of_work() as session:
            viewer = local_viewer(request.remote)
            page = await build(request, board, session, _view_context(request, board, viewer))
        return _html(board, request, page, auth="none", api_url="", section=section)

    return handler


def _api_route(build: Build):
    async def handler(request: web.Request) -> web.Response:
        board: Dashboard = request.app[DASHBOARD]
        try:
            async with board.ctx.db.unit_of_work() as session:
                viewer = await _viewer(request, board, session)
                page = await build(request, board, session, _view_context(request, board, viewer))
        except Refused as exc:
            return _refusal(exc)
        return web.json_response({"title": page.title, "html": str(page.html)}, status=page.status)

    return handler


def _refusal(exc: Refused) -> web.Response:
    html = views.message("Sign-in needed" if exc.status == 401 else "Sign-in unavailable", exc.message, exc.status).html
    headers = {}
    if exc.status == 401:
        headers["WWW-Authenticate"] = f'Bearer error="invalid_token", error_description="{exc.reason}"'
    return web.json_response(
        {"error": exc.reason, "message": exc.message, "title": "Sign-in needed", "html": str(html)},
        status=exc.status,
        headers=headers,
    )


async def _me(request: web.Request) -> web.Response:
    board: Dashboard = request.app[DASHBOARD]
    try:
        async with board.ctx.db.unit_of_work() as session:
            viewer = await _viewer(request, board, session)
    except Refused as exc:
        return _refusal(exc)
    return web.json_response(
        {
            "name": viewer.name,
            "roles": sorted(viewer.staff_roles),
            "sees_sensitive": may_see_sensitive(viewer),
            "local_mode": board.local_mode,
        }
    )


LOCAL_BANNER = (
    "Local mode (LOCAL_MODE=true): there is no sign-in. On this machine you see everything, including "
    "sensitive risks; from other machines, the staff view. For real use, configure the Microsoft app "
    "and unset LOCAL_MODE: then the dashboard needs Teams sign-in."
)


def _html(
    board: Dashboard, request: web.Request, page: views.Page, *, auth: str, api_url: str, section: str
) -> web.Response:
    vctx = _view_context(request, board, Viewer())
    current = Markup(' aria-current="page"')
    body = views.TEMPLATES.render(
        "base",
        theme=THEMES.get(request.query.get("theme", ""), "auto"),
        title=page.title,
        css_url=board.static_urls["dashboard.css"],
        teams_js_url=board.static_urls[TEAMS_JS],
        app_js_url=board.static_urls["dashboard.js"],
        auth=auth,
        api_url=api_url,
        base_url=PREFIX,
        home_url=vctx.url(),
        digests_url=vctx.url("/digests"),
        matrix_current=current if section == "matrix" else "",
        digests_current=current if section == "digests" else "",
        banner=tag("p", LOCAL_BANNER, class_="banner") if board.local_mode else "",
        content=page.html,
    )
    return web.Response(text=body, status=page.status, content_type="text/html", charset="utf-8")


async def _configure(request: web.Request) -> web.Response:
    board: Dashboard = request.app[DASHBOARD]
    body = views.TEMPLATES.render(
        "configure",
        theme=THEMES.get(request.query.get("theme", ""), "auto"),
        css_url=board.static_urls["dashboard.css"],
        teams_js_url=board.static_urls[TEAMS_JS],
        configure_js_url=board.static_urls["configure.js"],
        base_url=PREFIX,
        dashboard_url=PREFIX,
    )
    return web.Response(text=body, content_type="text/html", charset="utf-8")
