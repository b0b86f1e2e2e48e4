"""The two web pages of the delegated Graph sign-in: `/auth/graph/login` and `/auth/graph/callback`.

An admin asks the bot for a sign-in link (`graph sign in`, 1:1 chat): the link carries a sealed,
15-minute token naming them, so the login page cannot be started by just anyone who finds the URL. The
callback stores the encrypted token cache and tells admins who signed in (services/graph_signin.py).
"""
from __future__ import annotations

import json
import logging
from html import escape
from typing import Any

from aiohttp import web

from services.context import AppContext
from services.digest import alert_admins
from services.graph_signin import LINK_MINUTES, DatabaseSignInStore, sealer, sign_in_config

log = logging.getLogger("dfbot.graph_signin")




def _page(title: str, message: str, status: int = 200) -> web.Response:
    body = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main><h1>{escape(title)}</h1><p>{escape(message)}</p></main></body></html>")
    return web.Response(text=body, content_type="text/html", status=status)


def register_routes(app: web.Application, ctx: AppContext, *, http_client: Any = None) -> None:
    """`/auth/graph/login` and `/auth/graph/callback` (the redirect URI registered in Entra ID)."""
    from graph.signin import SignInError, begin, finish  # start-up time: MSAL loads only when Graph is used

    async def login(request: web.Request) -> web.StreamResponse:
        try:
            who = json.loads(sealer(ctx, b"dfbot login link v1").open(request.query.get("t", ""), max_age=LINK_MINUTES * 60))
            url = await begin(sign_in_config(ctx, http_client), DatabaseSignInStore(ctx), sealer(ctx), started_by=who["by"])
        except SignInError as exc:
            return _page("Sign-in not started", f"{exc} Ask the bot for a new link: type “graph sign in” in a 1:1 chat.", 400)
        raise web.HTTPFound(url)

    async def callback(request: web.Request) -> web.Response:
        answer = {k: str(v) for k, v in (await request.post()).items()} if request.method == "POST" else dict(request.query)
        try:
            account = await finish(sign_in_config(ctx, http_client), DatabaseSignInStore(ctx), sealer(ctx), answer)
        except SignInError as exc:
            log.info("graph sign-in failed: %s", exc)
            return _page("Sign-in failed", str(exc), 400)
        await alert_admins(ctx, None, key=f"graph-sign-in:{ctx.now().isoformat()}", kind="graph_sign_in",
                           message="A new Microsoft Graph sign-in was completed: the DLG digest is posted as that account "
                                   "(the audit log says which).")
        return _page("Signed in", f"Signed in as {account}. The bot will post the DLG digest as this account. You can close this page.")

    app.router.add_get("/auth/graph/login", login)
    app.router.add_post("/auth/graph/callback", callback)  # response_mode=form_post
    app.router.add_get("/auth/graph/callback", callback)  # errors Entra ID reports by redirect
