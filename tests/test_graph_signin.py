"""The delegated Graph sign-in the bot hosts: an admin's link, Entra ID's authorisation code (MSAL,
PKCE) against the local identity server, the token cache sealed in the database, digests posted as
that account, and a revoked sign-in noticed and reported."""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from sqlalchemy import select

from services import digest as service
from services import graph_signin
from services.digest_transports import Transports
from store import graph_signin_repo
from store.db import Database
from store.models import AdminAlert
from tests.botserver import running_bot
from tests.digest_fixtures import seed
from tests.fakes.graph import FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
TEAM, CHANNEL = "team-dlg", "19:dlg@thread.tacv2"
PUBLIC = "https://bot.example.gov.uk"


@pytest.fixture
async def entra(monkeypatch):
    async with FakeGraph(tls=True) as fake:
        fake.add_channel(TEAM, CHANNEL)
        monkeypatch.setenv("GRAPH_CLIENT_ID", "11111111-0000-0000-0000-00000000000a")
        monkeypatch.setenv("GRAPH_CLIENT_SECRET", "client-secret-for-tests")
        monkeypatch.setenv("GRAPH_TENANT_ID", "00000000-0000-0000-0000-0000000000001")
        monkeypatch.setenv("GRAPH_AUTHORITY_HOST", fake.authority_host)
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", fake.ca_file)  # MSAL (requests) trusts the fake's certificate
        yield fake


def overrides(fake: FakeGraph, tmp_path) -> dict:
    return {"secret_key": "a-long-test-secret-key-for-sealing", "public_base_url": PUBLIC, "digest_transport": "graph",
            "graph_base_url": fake.base_url, "dlg_team_id": TEAM, "dlg_channel_id": CHANNEL, "outbox_dir": tmp_path}


async def sign_in(bot, fake: FakeGraph) -> tuple[int, str]:
    """Follow the flow as a browser would: the bot's login link, Entra ID, back to the callback."""
    link = graph_signin.login_link(bot.context, "admin@example.gov.uk")
    path = link.removeprefix(PUBLIC)
    async with bot.http.get(bot.server.make_url(path), allow_redirects=False) as r:
        assert r.status == 302, await r.text()
        authorize = r.headers["Location"]
    assert authorize.startswith(fake.https_url)
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["redirect_uri"] == [f"{PUBLIC}/auth/graph/callback"]
    assert query["response_mode"] == ["form_post"]
    async with aiohttp.ClientSession() as browser:
        async with browser.get(authorize, allow_redirects=False, ssl=fake.client_ssl()) as r:
            form = await r.text()
    assert f'action="{PUBLIC}/auth/graph/callback"' in form
    fields = dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))
    async with bot.http.post(bot.server.make_url("/auth/graph/callback"), data=fields) as r:
        return r.status, await r.text()


async def test_an_admin_signs_in_and_the_digest_is_posted_as_that_account(db: Database, entra: FakeGraph, tmp_path):
    seeded = await seed(db, projects=6, cycles=3)
    async with running_bot(db, **overrides(entra, tmp_path)) as bot:
        status, page = await sign_in(bot, entra)
        assert status == 200 and "Signed in as digest.poster@example.gov.uk" in page
        async with db.unit_of_work() as s:
            row = await graph_signin_repo.get(s)
            assert row.status == "active" and row.account == "digest.poster@example.gov.uk"
            assert row.token_cache and "fake-rt-" not in row.token_cache and "access_token" not in row.token_cache
            assert row.pending_flow == ""
        ctx = bot.context
        ctx.clock = lambda: seeded.digest_time
        view = await service.ensure_draft(ctx, seeded.current.key)
        await service.approve(ctx, view.period_key, actor="admin")
        transports = Transports(ctx)  # the stored, encrypted sign-in: what every replica uses
        try:
            [outcome] = await service.Poster(ctx, transports).post_ready()
        finally:
            await transports.aclose()
    assert outcome.status == "posted" and outcome.transport == "graph"
    [post] = entra.posts()
    assert post.authorization.startswith("Bearer fake-at-") and entra.issued[post.authorization[7:]].subject == entra.user["oid"]
    assert any(r["grant_type"] == "authorization_code" for r in entra.token_requests)


async def test_refreshed_tokens_are_saved_back_and_a_revoked_sign_in_is_reported_to_admins(db: Database, entra: FakeGraph, tmp_path):
    entra.access_token_lifetime = 60  # MSAL refreshes tokens this close to expiry
    seeded = await seed(db, projects=6, cycles=3)
    async with running_bot(db, **overrides(entra, tmp_path)) as bot:
        assert (await sign_in(bot, entra))[0] == 200
        ctx = bot.context
        ctx.clock = lambda: seeded.digest_time
        credential = graph_signin.stored_credential(ctx)
        async with db.unit_of_work() as s:
            before = (await graph_signin_repo.get(s)).token_cache
        first = await credential.get_token()
        async with db.unit_of_work() as s:
            assert (await graph_signin_repo.get(s)).token_cache != before  # the refreshed cache was saved
        assert [r["grant_type"] for r in entra.token_requests] == ["authorization_code", "refresh_token"]
        assert first.token in entra.issued

        entra.revoke_refresh_tokens()
        view = await service.ensure_draft(ctx, seeded.current.key)
        await service.approve(ctx, view.period_key, actor="admin")
        transports = Transports(ctx)
        try:
            [outcome] = await service.Poster(ctx, transports).post_ready()
        finally:
            await transports.aclose()
    assert outcome.status == "failed"  # no bot adapter in this process to fall back to
    assert entra.posts() == []
    async with db.unit_of_work() as s:
        row = await graph_signin_repo.get(s)
        assert row.status == "expired" and "invalid_grant" in row.last_error
        kinds = [a.kind for a in (await s.execute(select(AdminAlert))).scalars()]
    assert "urgent/graph_sign_in" in kinds


async def test_the_login_page_refuses_a_link_that_is_not_from_the_bot(db: Database, entra: FakeGraph, tmp_path):
    async with running_bot(db, **overrides(entra, tmp_path)) as bot:
        async with bot.http.get(bot.server.make_url("/auth/graph/login?t=forged"), allow_redirects=False) as r:
            assert r.status == 400 and "graph sign in" in await r.text()
        async with bot.http.get(bot.server.make_url("/auth/graph/callback?code=x&state=y")) as r:
            assert r.status == 400 and "Start again" in await r.text()


async def test_an_admin_signs_graph_out_in_teams_and_the_tokens_are_gone(db: Database, entra: FakeGraph, tmp_path):
    from graph.signin import SignInExpired
    from store.models import AuditEntry
    from tests.test_admin import chats

    async with chats(db, **overrides(entra, tmp_path)) as (admin, member):
        assert (await sign_in(admin.bot, entra))[0] == 200
        refused = await member.say("graph sign out")
        assert "Only programme office admins" in refused
        async with db.unit_of_work() as s:
            assert (await graph_signin_repo.get(s)).status == "active"  # a member changed nothing

        answer = await admin.say("graph sign out")
        assert "Signed out digest.poster@example.gov.uk" in answer and "graph sign in" in answer
        async with db.unit_of_work() as s:
            row = await graph_signin_repo.get(s)
            assert (row.status, row.token_cache, row.account, row.pending_flow) == ("signed_out", "", "", "")
            actions = [a.action for a in (await s.execute(select(AuditEntry))).scalars()]
        assert actions.count("graph_sign_out") == 1
        with pytest.raises(SignInExpired):
            await graph_signin.stored_credential(admin.bot.context).get_token()
        assert "Nobody is signed in" in await admin.say("disconnect graph")
