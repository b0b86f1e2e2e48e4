"""The Graph sign-in, wired to our database and settings (its two web pages: dfbot/signin_pages.py).

An admin asks the bot for a sign-in link (`graph sign in`, 1:1 chat). The link carries a sealed,
15-minute token naming that admin and a one-use value also kept in the database:

- opening it (GET) only shows a page with a button, and changes nothing, so a link preview or a Safe
  Links scan neither uses the link up nor cancels a sign-in already in progress;
- pressing the button (POST) uses the link up (compare-and-set on the stored value; a newer link
  replaces an older one), checks the person it names is still an admin, and only then starts the
  sign-in, bound to that browser by a cookie: the callback completes only in the browser that started it.

The callback stores the encrypted token cache and tells admins who signed in.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from infra.certificates import CertificateProblem, load_certificate
from programme.access import PERSONAL, Viewer
from services.admin import refusal
from services.context import AppContext
from store import audit, graph_signin_repo, people_repo

if TYPE_CHECKING:  # graph.signin loads MSAL: imported where used, for start-up time
    from graph.signin import Sealer, SignInConfig, StoredSignIn, StoredSignInCredential

log = logging.getLogger("dfbot.graph_signin")
LINK_MINUTES = 15  # msgraph and MSAL are imported only when Graph is used (the outbox never loads them)


class DatabaseSignInStore:
    """graph.signin.SignInStore over the `graph_sign_ins` table (values arrive sealed)."""

    def __init__(self, ctx: AppContext) -> None:
        self.ctx = ctx

    async def load(self) -> StoredSignIn | None:
        from graph.signin import StoredSignIn  # start-up time: MSAL loads only when Graph is used

        async with self.ctx.db.unit_of_work() as s:
            row = await graph_signin_repo.get(s)
            if row is None:
                return None
            return StoredSignIn(row.status, row.account, row.token_cache, row.pending_state, row.pending_flow)

    async def save_pending(self, state: str, sealed_flow: str, started_by: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.upsert(
                s, pending_state=state, pending_flow=sealed_flow, started_by=started_by[:320], updated_at=self.ctx.now()
            )
            audit.record(
                s,
                actor=started_by,
                action="graph_sign_in_started",
                entity="graph_sign_in",
                key=graph_signin_repo.DIGEST,
            )

    async def complete(self, account: str, sealed_cache: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.upsert(
                s,
                status="active",
                account=account[:320],
                token_cache=sealed_cache,
                pending_state="",
                pending_flow="",
                signed_in_at=self.ctx.now(),
                last_error="",
                updated_at=self.ctx.now(),
            )
            audit.record(s, actor=account, action="graph_sign_in", entity="graph_sign_in", key=graph_signin_repo.DIGEST)

    async def save_cache(self, sealed_cache: str) -> None:
        async with self.ctx.db.unit_of_work() as s:
            await graph_signin_repo.save_cache(s, sealed_cache, self.ctx.now())

    async def mark_expired(self, reason: str) -> bool:
        async with self.ctx.db.unit_of_work() as s:
            return await graph_signin_repo.mark_expired(s, reason, self.ctx.now())


def sign_in_config(ctx: AppContext, http_client: Any = None) -> SignInConfig:
    """The Graph sign-in's app: GRAPH_* when set, else the bot's own; a certificate (GRAPH_CERTIFICATE_PATH,
    else the bot's) wins over a secret. An unreadable certificate is a SignInError naming the setting."""
    from graph.signin import SignInConfig, SignInError  # start-up time: MSAL loads only when Graph is used

    settings = ctx.settings
    client_id, secret, tenant = settings.graph_client
    path, password, setting, password_setting = settings.graph_certificate
    certificate = None
    if path:
        try:
            certificate = load_certificate(path, password, setting=setting, password_setting=password_setting)
        except CertificateProblem as exc:
            raise SignInError(f"The Graph sign-in's certificate cannot be used: {exc}") from None
    return SignInConfig(
        client_id=client_id,
        client_secret=secret,
        tenant_id=tenant,
        redirect_uri=redirect_uri(ctx),
        authority_host=settings.graph_authority_host,
        scopes=tuple(_full_scope(x) for x in settings.graph_scope_names),
        http_client=http_client,
        client_certificate=certificate.msal_credential() if certificate else None,
    )


def _full_scope(scope: str) -> str:
    return (
        scope
        if "://" in scope or scope in ("offline_access", "openid", "profile")
        else f"https://graph.microsoft.com/{scope}"
    )


def redirect_uri(ctx: AppContext) -> str:
    """What to register in Entra ID as the app's Web redirect URI."""
    return f"{ctx.settings.public_base_url.rstrip('/')}/auth/graph/callback"


def sealer(ctx: AppContext, purpose: bytes = b"dfbot graph sign-in v1") -> Sealer:
    from graph.signin import Sealer  # start-up time: MSAL loads only when Graph is used

    return Sealer(ctx.settings.secret_key.get_secret_value(), purpose)


def stored_credential(ctx: AppContext, config: SignInConfig | None = None) -> StoredSignInCredential:
    """The credential the `graph` transport uses: every replica reads the same sealed cache."""
    from graph.signin import StoredSignInCredential  # start-up time: MSAL loads only when Graph is used

    return StoredSignInCredential(config or sign_in_config(ctx), DatabaseSignInStore(ctx), sealer(ctx))


LINK_PURPOSE = b"dfbot login link v1"
SIGN_IN_DOING = "sign in the account that posts the digest"


@dataclass(frozen=True)
class LinkHolder:
    """Whom a sign-in link was issued to, as sealed into it."""

    person_id: int | None
    who: str
    nonce: str


async def issue_login_link(ctx: AppContext, *, person_id: int | None, who: str) -> str:
    """A link for this admin only, usable once within LINK_MINUTES; it replaces any earlier link."""
    nonce = secrets.token_urlsafe(24)
    token = sealer(ctx, LINK_PURPOSE).seal(json.dumps({"by": who or "admin", "pid": person_id, "n": nonce}))
    async with ctx.db.unit_of_work() as s:
        await graph_signin_repo.upsert(s, link_nonce=nonce, updated_at=ctx.now())
    return f"{ctx.settings.public_base_url.rstrip('/')}/auth/graph/login?t={token}"


def read_login_link(ctx: AppContext, token: str) -> LinkHolder:
    """The holder sealed into a link, or SignInError (forged, expired, or SECRET_KEY changed)."""
    from graph.signin import SignInError  # start-up time: MSAL loads only when Graph is used

    data = json.loads(sealer(ctx, LINK_PURPOSE).open(token or "", max_age=LINK_MINUTES * 60))
    if not isinstance(data, dict) or not data.get("n"):
        raise SignInError("This sign-in link is not one the bot made.")
    pid = data.get("pid")
    return LinkHolder(pid if isinstance(pid, int) else None, str(data.get("by") or "admin"), str(data["n"]))


async def link_problem(ctx: AppContext, holder: LinkHolder) -> str | None:
    """Why this link cannot start a sign-in now (None: it can): used already or replaced, or its holder
    is no longer an admin. Reads only: opening the page must change nothing."""
    async with ctx.db.unit_of_work() as s:
        row = await graph_signin_repo.get(s)
        current = row.link_nonce if row is not None else ""
        roles = await people_repo.staff_roles(s, holder.person_id) if holder.person_id is not None else set()
    if not current or not hmac.compare_digest(current, holder.nonce):
        return "This sign-in link has been used already, or a newer one was made since."
    viewer = Viewer(
        person_id=holder.person_id, name=holder.who, staff_roles=frozenset(roles), conversation_type=PERSONAL
    )
    return await refusal(ctx.db, viewer, doing=SIGN_IN_DOING)


async def use_login_link(ctx: AppContext, holder: LinkHolder) -> None:
    """Use the link up (once, whoever asks twice), after checking its holder may still sign in."""
    from graph.signin import SignInError  # start-up time: MSAL loads only when Graph is used

    problem = await link_problem(ctx, holder)
    if problem is None:
        async with ctx.db.unit_of_work() as s:
            if not await graph_signin_repo.use_link(s, holder.nonce, ctx.now()):
                problem = "This sign-in link has been used already, or a newer one was made since."
    if problem is not None:
        raise SignInError(problem)


def browser_binding() -> tuple[str, str]:
    """A random value for the browser's cookie, and the digest kept (sealed) with the pending sign-in."""
    value = secrets.token_urlsafe(32)
    return value, binding_digest(value)


def binding_digest(value: str | None) -> str:
    return hashlib.sha256((value or "").encode("utf-8")).hexdigest() if value else ""


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
        return {
            "status": row.status,
            "account": row.account,
            "signed_in_at": row.signed_in_at,
            "last_error": row.last_error,
        }
