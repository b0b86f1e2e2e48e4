"""The Graph sign-in, wired to our database and settings; and the two web pages of the flow.

An admin asks the bot for a sign-in link (`graph sign in`, 1:1 chat): the link carries a sealed,
15-minute token naming them, so `/auth/graph/login` cannot be started by just anyone who finds the
URL. The callback stores the encrypted token cache and tells admins who signed in.
"""
from __future__ import annotations

import json
import logging
from html import escape
from typing import Any

from aiohttp import web
from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

from dfbot.context import AppContext
from store import audit, graph_signin_repo

log = logging.getLogger("dfbot.graph_signin")
LINK_MINUTES = 15  # msgraph and MSAL are imported only when Graph is used (the outbox never loads them)


class GraphSignInSettings(BaseSettings):
    """The Entra app registration used for the delegated sign-in (defaults: the bot's own)."""

    model_config = SettingsConfigDict(env_file=".env", extra="ignore", populate_by_name=True)
    client_id: str = Field("", validation_alias=AliasChoices("GRAPH_CLIENT_ID", "MicrosoftAppId"))
    client_secret: SecretStr = Field(SecretStr(""), validation_alias=AliasChoices("GRAPH_CLIENT_SECRET", "MicrosoftAppPassword"))
    tenant_id: str = Field("", validation_alias=AliasChoices("GRAPH_TENANT_ID", "MicrosoftAppTenantId"))
    authority_host: str = Field("https://login.microsoftonline.com", validation_alias="GRAPH_AUTHORITY_HOST")
    # ChannelMessage.Read.All (admin consent) lets the bot look in the channel after an interrupted
    # post instead of asking an admin; leave it out with GRAPH_SCOPES to ask only for ChannelMessage.Send.
    scopes: str = Field("ChannelMessage.Send ChannelMessage.Read.All", validation_alias="GRAPH_SCOPES")


class DatabaseSignInStore:
    """graph.signin.SignInStore over the `graph_sign_ins` table (values arrive sealed)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    async def load(self):
        from graph.signin import StoredSignIn

        async with self.ctx.db.unit_of_work() as s:
            row = await graph_signin_repo.get(s)
            if row is None:
                return None
            return StoredSignIn(row.status, row.account, row.token_cache, row.pending_state, row.pending_flow)

    async def save_pending(self, state: str, sealed_flow: str, started_by: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.upsert(s, pending_state=state, pending_flow=sealed_flow, started_by=started_by[:320],
                                           updated_at=self.ctx.now())
            audit.record(s, actor=started_by, action="graph_sign_in_started", entity="graph_sign_in", key=graph_signin_repo.DIGEST)

    async def complete(self, account: str, sealed_cache: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.upsert(s, status="active", account=account[:320], token_cache=sealed_cache,
                                           pending_state="", pending_flow="", signed_in_at=self.ctx.now(), last_error="",
                                           updated_at=self.ctx.now())
            audit.record(s, actor=account, action="graph_sign_in", entity="graph_sign_in", key=graph_signin_repo.DIGEST)

    async def save_cache(self, sealed_cache: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.save_cache(s, sealed_cache, self.ctx.now())

    async def mark_expired(self, reason: str) -> bool:
        async with self.ctx.db.unit_of_work() as s:
            return await graph_signin_repo.mark_expired(s, reason, self.ctx.now())


def sign_in_config(ctx: AppContext, http_client: Any = None, settings: GraphSignInSettings | None = None):
    from graph.signin import SignInConfig

    g = settings or GraphSignInSettings()
    return SignInConfig(client_id=g.client_id, client_secret=g.client_secret.get_secret_value(), tenant_id=g.tenant_id,
                        redirect_uri=redirect_uri(ctx), authority_host=g.authority_host,
                        scopes=tuple(_full_scope(x) for x in g.scopes.replace(",", " ").split() if x), http_client=http_client)


def _full_scope(scope: str) -> str:
    return scope if "://" in scope or scope in ("offline_access", "openid", "profile") else f"https://graph.microsoft.com/{scope}"


def redirect_uri(ctx: AppContext) -> str:
    """What to register in Entra ID as the app's Web redirect URI."""
    return f"{ctx.settings.public_base_url.rstrip('/')}/auth/graph/callback"


def sealer(ctx: AppContext, purpose: bytes = b"dfbot graph sign-in v1"):
    from graph.signin import Sealer

    return Sealer(ctx.settings.secret_key.get_secret_value(), purpose)


def stored_credential(ctx: AppContext, config: Any = None):
    """The credential the `graph` transport uses: every replica reads the same sealed cache."""
    from graph.signin import StoredSignInCredential

    return StoredSignInCredential(config or sign_in_config(ctx), DatabaseSignInStore(ctx), sealer(ctx))


def login_link(ctx: AppContext, admin_email: str) -> str:
    """A link only this admin should use, valid for LINK_MINUTES."""
    token = sealer(ctx, b"dfbot login link v1").seal(json.dumps({"by": admin_email or "admin"}))
    return f"{ctx.settings.public_base_url.rstrip('/')}/auth/graph/login?t={token}"


async def sign_out(ctx: AppContext, actor: str) -> str | None:
    """An admin's "graph sign out": the stored tokens are deleted (audited); None if nobody was signed in."""
    async with ctx.db.unit_of_work() as s:
        account = await graph_signin_repo.sign_out(s, ctx.now())
        if account is not None:
            audit.record(s, actor=actor, action="graph_sign_out", entity="graph_sign_in", key=graph_signin_repo.DIGEST)
    return account


async def status(ctx: AppContext) -> dict[str, Any]:
    async with ctx.db.unit_of_work() as s:
        row = await graph_signin_repo.get(s)
        if row is None:
            return {"status": "none"}
        return {"status": row.status, "account": row.account, "signed_in_at": row.signed_in_at, "last_error": row.last_error}


# ---------------------------------------------------------------------------------------------
# The web side of the flow
# ---------------------------------------------------------------------------------------------


def _page(title: str, message: str, status: int = 200) -> web.Response:
    body = (f'<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>{escape(title)}</title></head>'
            f"<body><main><h1>{escape(title)}</h1><p>{escape(message)}</p></main></body></html>")
    return web.Response(text=body, content_type="text/html", status=status)


def register_routes(app: web.Application, ctx: AppContext, *, http_client: Any = None) -> None:
    """`/auth/graph/login` and `/auth/graph/callback` (the redirect URI registered in Entra ID)."""
    from graph.signin import SignInError, begin, finish

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
        from dfbot.services.digest import alert_admins

        await alert_admins(ctx, None, key=f"graph-sign-in:{ctx.now().isoformat()}", kind="graph_sign_in",
                           message="A new Microsoft Graph sign-in was completed: the DLG digest is posted as that account "
                                   "(the audit log says which).")
        return _page("Signed in", f"Signed in as {account}. The bot will post the DLG digest as this account. You can close this page.")

    app.router.add_get("/auth/graph/login", login)
    app.router.add_post("/auth/graph/callback", callback)  # response_mode=form_post
    app.router.add_get("/auth/graph/callback", callback)  # errors Entra ID reports by redirect
