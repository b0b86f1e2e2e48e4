"""The web pages of the delegated Graph sign-in: `/auth/graph/login` (GET, then POST) and `/auth/graph/callback`.

An admin asks the bot for a sign-in link (`graph sign in`, 1:1 chat). Opening it shows a page with one
button and changes nothing: Teams' link previews and Safe Links fetch links before (and after) a person
does, and a fetch must neither use the link up nor cancel a sign-in in progress. Pressing the button
POSTs the link back: it is used up there, once, for the admin it names (services/graph_signin.py), the
browser gets a cookie the callback insists on, and Entra ID takes over. The callback stores the
encrypted token cache and tells admins who signed in.
"""

from __future__ import annotations

import logging
from html import escape
from typing import Any

from aiohttp import web

from services.context import AppContext
from services.digest import alert_admins
from services.graph_signin import (
    LINK_MINUTES,
    DatabaseSignInStore,
    binding_digest,
    browser_binding,
    link_problem,
    read_login_link,
    sealer,
    sign_in_config,
    use_login_link,
)

log = logging.getLogger("dfbot.graph_signin")
COOKIE = "dfbot_graph_signin"
NO_STORE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"}


def _page(title: str, message: str, status: int = 200, form: str = "") -> web.Response:
    body = (
        f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
        f"<body><main><h1>{escape(title)}</h1><p>{escape(message)}</p>{form}</main></body></html>"
    )
    return web.Response(text=body, content_type="text/html", status=status, headers=NO_STORE)


def _again(message: str) -> str:
    return f"{message} Ask the bot for a new link: type “graph sign in” in a 1:1 chat."


def register_routes(app: web.Application, ctx: AppContext, *, http_client: Any = None) -> None:
    """`/auth/graph/login` and `/auth/graph/callback` (the redirect URI registered in Entra ID)."""
    from graph.signin import SignInError, begin, finish  # start-up time: MSAL loads only when Graph is used

    async def confirm(request: web.Request) -> web.Response:
        """GET: who the link is for, and a button. Reads only."""
        token = request.query.get("t", "")
        try:
            holder = read_login_link(ctx, token)
            problem = await link_problem(ctx, holder)
        except SignInError as exc:
            return _page("Sign-in not started", _again(str(exc)), 400)
        if problem is not None:
            return _page("Sign-in not started", _again(problem), 400)
        form = (
            '<form method="post" action="/auth/graph/login">'
            f'<input type="hidden" name="t" value="{escape(token, quote=True)}">'
            '<button type="submit">Continue to Microsoft sign-in</button></form>'
        )
        return _page(
            "Sign in to Microsoft Graph",
            f"{holder.who} asked the Digital First bot for this link. Continue, and sign in as the account "
            f"that should post the DLG digest. The link works once, within {LINK_MINUTES} minutes.",
            form=form,
        )

    async def start(request: web.Request) -> web.StreamResponse:
        """POST: use the link up, bind the sign-in to this browser, hand over to Entra ID."""
        form = await request.post()
        try:
            holder = read_login_link(ctx, str(form.get("t", "")))
            await use_login_link(ctx, holder)
            cookie, digest = browser_binding()
            url = await begin(
                sign_in_config(ctx, http_client),
                DatabaseSignInStore(ctx),
                sealer(ctx),
                started_by=holder.who,
                browser=digest,
            )
        except SignInError as exc:
            return _page("Sign-in not started", _again(str(exc)), 400)
        response = web.HTTPSeeOther(url, headers=NO_STORE)
        # SameSite=None: Entra ID answers with a cross-site form POST, which Lax cookies do not join.
        response.set_cookie(
            COOKIE, cookie, max_age=LINK_MINUTES * 60, path="/auth/graph/", secure=True, httponly=True, samesite="None"
        )
        raise response

    async def callback(request: web.Request) -> web.Response:
        answer = (
            {k: str(v) for k, v in (await request.post()).items()} if request.method == "POST" else dict(request.query)
        )
        try:
            account = await finish(
                sign_in_config(ctx, http_client),
                DatabaseSignInStore(ctx),
                sealer(ctx),
                answer,
                browser=binding_digest(request.cookies.get(COOKIE)),
            )
        except SignInError as exc:
            log.info("graph sign-in failed: %s", exc)
            return _page("Sign-in failed", str(exc), 400)
        await alert_admins(
            ctx,
            None,
            key=f"graph-sign-in:{ctx.now().isoformat()}",
            kind="graph_sign_in",
            message="A new Microsoft Graph sign-in was completed: the DLG digest is posted as that account "
            "(the audit log says which).",
        )
        page = _page(
            "Signed in",
            f"Signed in as {account}. The bot will post the DLG digest as this account. You can close this page.",
        )
        page.del_cookie(COOKIE, path="/auth/graph/")
        return page

    app.router.add_get("/auth/graph/login", confirm)
    app.router.add_post("/auth/graph/login", start)
    app.router.add_post("/auth/graph/callback", callback)  # response_mode=form_post
    app.router.add_get("/auth/graph/callback", callback)  # errors Entra ID reports by redirect
