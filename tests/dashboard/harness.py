"""Run the dashboard on a real port, and stand in for Entra ID: signing keys, a JWKS endpoint, tokens.

Tokens are RS256 JWTs signed with keys generated here; the JWKS endpoint is a local aiohttp server
shaped like `https://login.microsoftonline.com/{tenant}/discovery/v2.0/keys`, and the dashboard is
pointed at it through `DashboardSettings.jwks_url`, exactly as production is pointed at Entra ID.
"""

from __future__ import annotations

import time
import uuid
from contextlib import asynccontextmanager
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import Any

import aiohttp
import jwt
from aiohttp import web
from aiohttp.test_utils import TestServer
from cryptography.hazmat.primitives.asymmetric import rsa
from sqlalchemy import select

from dashboard.routes import setup
from infra.config import Settings
from services.context import AppContext
from store.db import Database
from store.models import Enabler, PriorityArea, Project, ProjectEnabler, ProjectRole, StatusUpdate, UpdateCycle

from .seed import DIGEST_POSTED, NOW

TENANT = "72f988bf-0000-4000-8000-00000000c0de"
OTHER_TENANT = "0b2c7a11-0000-4000-8000-0000000bad00"
APP_ID = "5a1e0000-1111-4222-8333-444455556666"
HOST = "dfbot.council.example"
APP_ID_URI = f"api://{HOST}/{APP_ID}"
V1_ISSUER = f"https://sts.windows.net/{TENANT}/"
V2_ISSUER = f"https://login.microsoftonline.com/{TENANT}/v2.0"


class SigningKey:
    def __init__(self, kid: str | None = None) -> None:
        self.kid = kid or uuid.uuid4().hex[:16]
        self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)

    def jwk(self) -> dict[str, Any]:
        public = jwt.algorithms.RSAAlgorithm.to_jwk(self.private.public_key(), as_dict=True)
        return {**public, "kid": self.kid, "use": "sig", "alg": "RS256"}


class FakeEntra:
    """The tenant's published keys (served over HTTP) and a way to mint tokens like Teams SSO's."""

    def __init__(self) -> None:
        self.published = [SigningKey()]
        self.unpublished = SigningKey()
        self.requests: list[str] = []
        self.tenants = {TENANT}  # tenants whose keys this Entra publishes (add one to sign its tokens)
        self.server: TestServer | None = None

    @property
    def key(self) -> SigningKey:
        return self.published[0]

    @property
    def jwks_url(self) -> str:
        assert self.server is not None
        return str(self.server.make_url("/")) + "{tenant}/discovery/v2.0/keys"

    async def start(self) -> FakeEntra:
        app = web.Application()
        app.router.add_get("/{tenant}/discovery/v2.0/keys", self._keys)
        self.server = TestServer(app)
        await self.server.start_server()
        return self

    async def close(self) -> None:
        if self.server:
            await self.server.close()

    async def _keys(self, request: web.Request) -> web.Response:
        self.requests.append(request.match_info["tenant"])
        if request.match_info["tenant"] not in self.tenants:
            return web.json_response({"error": "invalid_tenant"}, status=400)
        return web.json_response({"keys": [k.jwk() for k in self.published]})

    def token(
        self,
        *,
        oid: str | None,
        version: str = "2.0",
        name: str = "Test Person",
        key: SigningKey | None = None,
        lifetime: int = 3600,
        issued: float | None = None,
        **overrides: Any,
    ) -> str:
        issued_at = int(issued if issued is not None else time.time())
        claims: dict[str, Any] = {
            "aud": APP_ID if version == "2.0" else APP_ID_URI,
            "iss": V2_ISSUER if version == "2.0" else V1_ISSUER,
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + lifetime,
            "name": name,
            "oid": oid,
            "tid": TENANT,
            "scp": "access_as_user",
            "ver": version,
            "azp" if version == "2.0" else "appid": "5e3ce6c0-2b1f-4285-8d4b-75ee78787346",  # Teams web client
            "preferred_username" if version == "2.0" else "upn": f"{oid}@council.example",
            "sub": uuid.uuid4().hex,
        }
        if oid is None:
            del claims["oid"]
        for k, v in overrides.items():
            if v is None:
                claims.pop(k, None)
            else:
                claims[k] = v
        signer = key or self.key
        return jwt.encode(claims, signer.private, algorithm="RS256", headers={"kid": signer.kid})


def sso_settings(db_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": db_url,
        "app_id": APP_ID,
        "app_tenant_id": TENANT,
        "public_base_url": f"https://{HOST}",
        "scheduler_enabled": False,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


def local_settings(db_url: str, **overrides: Any) -> Settings:
    """Local mode, asked for as `make run` asks for it (LOCAL_MODE=true)."""
    values: dict[str, Any] = {
        "database_url": db_url,
        "app_id": "",
        "scheduler_enabled": False,
        "local_mode_requested": True,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)


class DashboardUnderTest:
    def __init__(self, server: TestServer, http: aiohttp.ClientSession) -> None:
        self.server = server
        self.http = http

    @property
    def base_url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    async def get(
        self,
        path: str,
        *,
        token: str | None = None,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> tuple[int, Any, Any]:
        h = dict(headers or {})
        if token:
            h["Authorization"] = f"Bearer {token}"
        async with self.http.get(self.server.make_url(path), headers=h, params=params, allow_redirects=False) as resp:
            body = await resp.json() if resp.content_type == "application/json" else await resp.text()
            return resp.status, body, resp.headers


@asynccontextmanager
async def running_dashboard(db: Database, settings: Settings, *, jwks_url: str | None = None, trend_cycles: int = 6):
    """The dashboard alone on an aiohttp app, on a real port, with the clock on seed.NOW."""
    extra = {"dashboard_trend_cycles": trend_cycles, **({"dashboard_jwks_url": jwks_url} if jwks_url else {})}
    context = AppContext(settings=settings.model_copy(update=extra), db=db, clock=lambda: NOW)
    app = web.Application()
    setup(app, context)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    try:
        async with aiohttp.ClientSession() as http:
            yield DashboardUnderTest(server, http)
    finally:
        await server.close()


# --------------------------------------------------------------------------- reading pages back


class _Cells(HTMLParser):
    """ref -> RAG word for every project cell of the matrix, and the area headings in order."""

    def __init__(self) -> None:
        super().__init__()
        self.cells: dict[str, str] = {}
        self.areas: list[str] = []
        self._ref = self._rag = None
        self._in: str | None = None

    def handle_starttag(self, tag: str, attrs) -> None:
        a = dict(attrs)
        classes = (a.get("class") or "").split()
        if tag == "span" and "cell-ref" in classes:
            self._in = "ref"
        elif tag == "span" and "rag" in classes and self._ref:
            self._in = "rag"
        elif tag == "h2" and (a.get("id") or "").startswith("area-"):
            self._in = "area"

    def handle_data(self, data: str) -> None:
        if self._in == "ref":
            self._ref = data.strip()
        elif self._in == "rag":
            self.cells[self._ref] = data.strip()
            self._ref = None
        elif self._in == "area":
            self.areas.append(data.strip())
        self._in = None


def cells(html: str) -> dict[str, str]:
    parser = _Cells()
    parser.feed(html)
    return parser.cells


def area_headings(html: str) -> list[str]:
    parser = _Cells()
    parser.feed(html)
    return parser.areas


# --------------------------------------------------------------------------- the database's own account


@dataclass
class Truth:
    ref: str
    status: str
    area: str | None
    enablers: set[str]
    people: set[int]
    rag: str | None
    updated_this_cycle: bool
    updated_since_digest: bool


async def truth(db: Database) -> dict[str, Truth]:
    """Each project as the database says it is, without the dashboard's queries."""
    async with db.unit_of_work() as s:
        projects = (await s.execute(select(Project))).scalars().all()
        areas = {a.id: a.key for a in (await s.execute(select(PriorityArea))).scalars()}
        enablers = {e.id: e.key for e in (await s.execute(select(Enabler))).scalars()}
        links = (await s.execute(select(ProjectEnabler))).scalars().all()
        roles = (await s.execute(select(ProjectRole))).scalars().all()
        updates = (await s.execute(select(StatusUpdate))).scalars().all()
        current = max(
            (await s.execute(select(UpdateCycle).where(UpdateCycle.opens_at <= NOW))).scalars(),
            key=lambda c: c.opens_at,
        )
    out = {}
    for p in projects:
        mine = [u for u in updates if u.project_id == p.id]
        newest = max(mine, key=lambda u: (u.submitted_at, u.version), default=None)
        out[p.ref] = Truth(
            ref=p.ref,
            status=p.status,
            area=areas.get(p.priority_area_id),
            enablers={enablers[link.enabler_id] for link in links if link.project_id == p.id},
            people={r.person_id for r in roles if r.project_id == p.id},
            rag=newest.rag if newest else None,
            updated_this_cycle=any(u.cycle_id == current.id for u in mine),
            updated_since_digest=any(u.submitted_at > DIGEST_POSTED for u in mine),
        )
    return out


def shown_in_matrix(t: dict[str, Truth]) -> dict[str, Truth]:
    return {ref: x for ref, x in t.items() if x.status != "retired"}
