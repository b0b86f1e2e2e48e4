"""Who is looking at the dashboard: Teams tab single sign-on tokens, checked against Entra ID.

Inside Teams the page asks the Teams JavaScript library for a token (`authentication.getAuthToken`)
and sends it as `Authorization: Bearer …` to `/dashboard/api/…`. That token is an Entra ID access
token issued to this app for the signed-in user. It is accepted only if all of this holds:

- it is signed (RS256) by a key published in the tenant's JWKS
  (`https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys`, configurable for tests);
- its tenant (`tid`) is one this deployment serves (MicrosoftAppTenantId / ALLOWED_TENANT_IDS),
  checked before any key is fetched;
- its issuer matches its version: v1.0 tokens `https://sts.windows.net/{tid}/` with the
  application ID URI as audience (`api://{host}/{app id}`); v2.0 tokens
  `https://login.microsoftonline.com/{tid}/v2.0` with the app (client) id as audience;
- it is within its lifetime (five minutes of clock skew, as the Bot Framework allows);
- it is a delegated user token (`scp` present, an `oid`), not an app-only one.

The app registration (Microsoft's "Register tab app with Microsoft Entra ID" steps): expose an API with
the application ID URI `api://{host}/{app id}` (or `api://{host}/botid-{app id}` when the bot and the tab
share the registration), a scope `access_as_user`, `accessTokenAcceptedVersion` 2, and pre-authorise
the Microsoft 365 clients: 1fec8e78-bce4-4aaf-ab1b-5451cc387264 (Teams desktop and mobile),
5e3ce6c0-2b1f-4285-8d4b-75ee78787346 (Teams web), 4765445b-32c6-49b0-83e6-1d93765276ca (Microsoft 365
web), 0ec893e0-5785-4de6-99da-4ed124e5296c (Microsoft 365 desktop), d3590ed6-52b3-4102-aeff-aad2292ab01c
(Microsoft 365 mobile, Outlook desktop), bc59ab01-8403-45c6-8796-ac3ef710b3e3 (Outlook web),
27922004-5251-4030-b22d-91ecd9a37ea4 (Outlook mobile). The manifest's `webApplicationInfo` names the
app id and that URI.

The token's `oid` is the person's Entra object id, the identity the bot keeps (`people.aad_object_id`);
roles come from `staff_roles`. B2B guests and accounts of other tenants (a partner on ALLOWED_TENANT_IDS)
get at most the member view whatever roles that object id holds: the token's `tid` must be the home
tenant (MicrosoftAppTenantId), its optional `acct` claim must not say guest (1), and its `idp` claim, when
present, must be the issuer itself (Entra ID names the guest's own identity provider there). The rule
is `programme.access.standing`; Microsoft documents the claims in "Access token claims reference" and
"Optional claims" (learn.microsoft.com/entra/identity-platform/access-token-claims-reference,
learn.microsoft.com/entra/identity-platform/optional-claims). Nothing is stored in cookies: framed third-party
cookies are blocked by several browsers, and a bearer header needs no CSRF defence.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt

from infra.config import DEFAULT_JWKS_URL
from programme.access import MEMBER, Viewer, at_most_member, standing
from store import people_repo

log = logging.getLogger("dfbot.dashboard.auth")

V1_ISSUER = "https://sts.windows.net/{tid}/"
V2_ISSUER = "https://login.microsoftonline.com/{tid}/v2.0"
CLOCK_SKEW_SECONDS = 300
JWKS_TTL_SECONDS = 24 * 3600  # Entra rotates keys rarely; unknown kids trigger an early refresh
JWKS_MIN_REFRESH_SECONDS = 60  # ...but never more often than this, whatever tokens arrive


class TokenError(Exception):
    """A token that is not accepted. `reason` is a short code for logs and tests; the message is for people."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message


class KeysUnavailable(Exception):
    """Entra ID's signing keys could not be fetched: the token is not refused, it cannot be checked yet."""


@dataclass(frozen=True)
class SignedInUser:
    oid: str
    tid: str
    name: str
    username: str
    version: str
    issuer: str = ""
    idp: str = ""  # who authenticated them: the issuer for members, elsewhere for B2B guests
    guest: bool = False  # the optional `acct` claim says 1 (a guest in the tenant)


Fetch = Callable[[str], Awaitable[dict[str, Any]]]


class SigningKeys:
    """JWKS per URL, cached; refreshed when a token names a key id not seen yet (key rollover)."""

    def __init__(self, fetch: Fetch, *, clock: Callable[[], float] = time.monotonic) -> None:
        self._fetch = fetch
        self._clock = clock
        self._sets: dict[str, tuple[float, dict[str, jwt.PyJWK]]] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def key(self, url: str, kid: str) -> jwt.PyJWK | None:
        cached = self._sets.get(url)
        if cached and kid in cached[1] and self._clock() - cached[0] < JWKS_TTL_SECONDS:
            return cached[1][kid]
        async with self._locks.setdefault(url, asyncio.Lock()):
            cached = self._sets.get(url)
            age = self._clock() - cached[0] if cached else None
            if cached and age is not None and kid in cached[1] and age < JWKS_TTL_SECONDS:
                return cached[1][kid]  # another request refreshed them meanwhile
            if cached is None or age is None or age >= JWKS_MIN_REFRESH_SECONDS:
                try:
                    cached = (self._clock(), await self._load(url))
                except KeysUnavailable:
                    if cached and kid in cached[1]:
                        log.warning("signing keys could not be refreshed; using the cached ones")
                        return cached[1][kid]
                    raise
                self._sets[url] = cached
        return cached[1].get(kid)

    async def _load(self, url: str) -> dict[str, jwt.PyJWK]:
        try:
            document = await self._fetch(url)
        except Exception as exc:  # network, status, JSON: all mean "cannot check now"
            raise KeysUnavailable(f"could not fetch signing keys: {type(exc).__name__}") from exc
        keys: dict[str, jwt.PyJWK] = {}
        for entry in (document or {}).get("keys", []):
            if not isinstance(entry, dict) or entry.get("kty") != "RSA" or not entry.get("kid"):
                continue
            if entry.get("use") not in (None, "sig"):
                continue
            try:
                keys[entry["kid"]] = jwt.PyJWK(entry, algorithm="RS256")
            except jwt.PyJWKError:
                continue
        return keys


class EntraTokenValidator:
    def __init__(
        self,
        *,
        client_id: str,
        app_id_uris: Iterable[str],
        tenant_ids: Iterable[str],
        keys: SigningKeys,
        jwks_url: str = DEFAULT_JWKS_URL,
        clock_skew: int = CLOCK_SKEW_SECONDS,
    ) -> None:
        self.client_id = client_id.strip()
        self.app_id_uris = tuple(u.strip() for u in app_id_uris if u.strip())
        self.tenant_ids = frozenset(t.strip().lower() for t in tenant_ids if t.strip())
        self.keys = keys
        self.jwks_url = jwks_url
        self.clock_skew = clock_skew

    async def validate(self, token: str) -> SignedInUser:
        if not self.client_id or not self.tenant_ids:
            raise TokenError("not_configured", "Sign-in is not set up on this server (no app id or tenant id).")
        try:
            header = jwt.get_unverified_header(token)
            unverified = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError:
            raise TokenError("malformed", "The sign-in token could not be read.") from None
        if header.get("alg") != "RS256":
            raise TokenError("bad_algorithm", "The sign-in token is not signed the way Entra ID signs tokens.")
        tid = str(unverified.get("tid") or "").lower()
        if tid not in self.tenant_ids:
            raise TokenError("wrong_tenant", "The sign-in token is from another organisation's tenant.")
        version = str(unverified.get("ver") or "")
        if version == "1.0":
            issuer, audiences = V1_ISSUER.format(tid=tid), self.app_id_uris
        elif version == "2.0":
            issuer, audiences = V2_ISSUER.format(tid=tid), (self.client_id,)
        else:
            raise TokenError("bad_version", "The sign-in token is of an unknown version.")
        kid = str(header.get("kid") or "")
        key = await self.keys.key(self.jwks_url.format(tenant=tid), kid) if kid else None
        if key is None:
            raise TokenError("unknown_key", "The sign-in token was not signed by a key Entra ID publishes.")
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=["RS256"],
                audience=list(audiences),
                issuer=issuer,
                leeway=self.clock_skew,
                options={"require": ["exp", "iat", "aud", "iss", "tid", "oid"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("expired", "The sign-in token has expired.") from None
        except jwt.InvalidAudienceError:
            raise TokenError("wrong_audience", "The sign-in token was issued for another application.") from None
        except jwt.InvalidIssuerError:
            raise TokenError("wrong_issuer", "The sign-in token was not issued by Entra ID for this tenant.") from None
        except jwt.ImmatureSignatureError:
            raise TokenError("not_yet_valid", "The sign-in token is not valid yet.") from None
        except jwt.InvalidSignatureError:
            raise TokenError("bad_signature", "The sign-in token's signature is not valid.") from None
        except jwt.MissingRequiredClaimError as exc:
            raise TokenError("missing_claim", f"The sign-in token has no {exc.claim} claim.") from None
        except jwt.PyJWTError:
            raise TokenError("invalid", "The sign-in token is not valid.") from None
        if not claims.get("scp") or claims.get("idtyp") == "app":
            raise TokenError("not_a_user", "The sign-in token does not belong to a signed-in person.")
        return SignedInUser(
            oid=str(claims["oid"]),
            tid=tid,
            name=str(claims.get("name") or ""),
            username=str(claims.get("preferred_username") or claims.get("upn") or ""),
            version=version,
            issuer=str(claims.get("iss") or ""),
            idp=str(claims.get("idp") or ""),
            guest=str(claims.get("acct", "")).strip() == "1",
        )


def bearer_token(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.strip().partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def default_app_id_uris(app_id: str, public_base_url: str) -> tuple[str, ...]:
    """`api://{host}/{app id}` (a tab alone) and `api://{host}/botid-{app id}` (a bot with a tab),
    the two shapes Microsoft documents for Teams SSO, for the host of PUBLIC_BASE_URL."""
    host = (urlsplit(public_base_url).hostname or "").lower()
    if not app_id or not host:
        return ()
    return (f"api://{host}/{app_id}", f"api://{host}/botid-{app_id}")


async def viewer_for(session: Any, user: SignedInUser, home_tenants: frozenset[str] = frozenset()) -> Viewer:
    """The signed-in person as the programme knows them: roles by Entra object id, never by email.

    The dashboard is read by one person on their own screen, like a 1:1 chat, so the viewer is in
    the personal scope (`programme.access` then decides what their roles allow). A B2B guest or an
    account of another tenant gets at most the member view, whatever roles its object id holds
    (`programme.access.standing`: the `acct` and `idp` claims and the token's tenant decide).
    """
    person = await people_repo.person_by_aad(session, user.oid)
    if person is None:
        return Viewer(name=user.name, aad_object_id=user.oid)
    roles = await people_repo.staff_roles(session, person.id)
    lead_of = await people_repo.projects_led(session, person.id)
    viewer = Viewer(
        person_id=person.id,
        name=person.name or user.name,
        email=person.email,
        aad_object_id=user.oid,
        staff_roles=frozenset(roles),
        lead_of=frozenset(lead_of),
    )
    if standing(user.tid, home_tenants, guest=user.guest, idp=user.idp, issuer=user.issuer) != MEMBER:
        if roles or lead_of:
            log.info("dashboard: a guest or another tenant's account gets the member view")
        return at_most_member(viewer)
    return viewer


LOCAL_FULL = Viewer(name="Local mode", staff_roles=frozenset({"admin", "dlg"}))
LOCAL_STAFF = Viewer(name="Local mode")


def local_viewer(remote: str | None) -> Viewer:
    """Local mode (LOCAL_MODE=true, for trials) has no sign-in: whoever is on this machine (loopback)
    gets the full view to try everything; anyone reaching it from elsewhere gets the staff view.
    Outside local mode this is never used: the admin view needs a signed-in admin."""
    return LOCAL_FULL if remote in ("127.0.0.1", "::1") else LOCAL_STAFF
