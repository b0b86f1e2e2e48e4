"""The delegated Graph sign-in the bot hosts: an admin's link, Entra ID's authorisation code (MSAL,
PKCE) against the local identity server, the token cache sealed in the database, digests posted as
that account, and a revoked sign-in noticed and reported."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from sqlalchemy import select

from dfbot.signin_pages import COOKIE
from services import digest as service
from services import graph_signin
from services.digest_transports import Transports
from store import graph_signin_repo
from store.db import Database
from store.models import AdminAlert, Person, StaffRole
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
    return {
        "secret_key": "a-long-test-secret-key-for-sealing",
        "public_base_url": PUBLIC,
        "digest_transport": "graph",
        "graph_base_url": fake.base_url,
        "dlg_team_id": TEAM,
        "dlg_channel_id": CHANNEL,
        "outbox_dir": tmp_path,
    }


async def admin_link(bot) -> str:
    """A sign-in link issued to an admin, as `graph sign in` in Teams issues it."""
    async with bot.context.db.unit_of_work() as s:
        admin = Person(name="Admin", email="admin@example.gov.uk", aad_object_id="aad-admin-signin")
        s.add(admin)
        await s.flush()
        s.add(StaffRole(person_id=admin.id, role="admin"))
    return await graph_signin.issue_login_link(bot.context, person_id=admin.id, who="admin@example.gov.uk")


async def open_link(bot, link: str) -> tuple[int, str]:
    """GET the link, as a browser, a link preview or Safe Links does."""
    async with bot.http.get(bot.server.make_url(link.removeprefix(PUBLIC)), allow_redirects=False) as r:
        return r.status, await r.text()


async def press_continue(bot, link: str) -> tuple[int, str, str]:
    """The page's button: POST the link back. (status, Entra ID URL, the browser's cookie)."""
    token = parse_qs(urlparse(link).query)["t"][0]
    async with bot.http.post(bot.server.make_url("/auth/graph/login"), data={"t": token}, allow_redirects=False) as r:
        cookie = r.cookies.get(COOKIE)
        return r.status, r.headers.get("Location", ""), cookie.value if cookie is not None else ""


async def entra_answer(fake: FakeGraph, authorize: str) -> dict[str, str]:
    """What Entra ID posts back to the callback once the person has signed in."""
    assert authorize.startswith(fake.https_url)
    query = parse_qs(urlparse(authorize).query)
    assert query["code_challenge_method"] == ["S256"] and query["redirect_uri"] == [f"{PUBLIC}/auth/graph/callback"]
    assert query["response_mode"] == ["form_post"]
    async with aiohttp.ClientSession() as browser:
        async with browser.get(authorize, allow_redirects=False, ssl=fake.client_ssl()) as r:
            form = await r.text()
    assert f'action="{PUBLIC}/auth/graph/callback"' in form
    return dict(re.findall(r'name="([^"]+)" value="([^"]*)"', form))


async def call_back(bot, fields: dict[str, str], cookie: str) -> tuple[int, str]:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    async with bot.http.post(bot.server.make_url("/auth/graph/callback"), data=fields, headers=headers) as r:
        return r.status, await r.text()


async def sign_in(bot, fake: FakeGraph, link: str | None = None) -> tuple[int, str]:
    """Follow the flow as a browser would: the bot's link, its button, Entra ID, back to the callback."""
    link = link or await admin_link(bot)
    status, page = await open_link(bot, link)
    assert status == 200 and "Continue to Microsoft sign-in" in page, page
    status, authorize, cookie = await press_continue(bot, link)
    assert status == 303 and cookie, (status, authorize)
    return await call_back(bot, await entra_answer(fake, authorize), cookie)


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
    assert (
        post.authorization.startswith("Bearer fake-at-")
        and entra.issued[post.authorization[7:]].subject == entra.user["oid"]
    )
    assert any(r["grant_type"] == "authorization_code" for r in entra.token_requests)


async def test_refreshed_tokens_are_saved_back_and_a_revoked_sign_in_is_reported_to_admins(
    db: Database, entra: FakeGraph, tmp_path
):
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
        async with bot.http.post(
            bot.server.make_url("/auth/graph/login"), data={"t": "forged"}, allow_redirects=False
        ) as r:
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


# ----------------------------------------------------------------------------------- the link: once, for its admin


def link_in(answer: str) -> str:
    return re.search(r"\((https://[^)\s]+/auth/graph/login\?t=[^)\s]+)\)", answer).group(1)


async def pending(db: Database) -> tuple[str, str]:
    async with db.unit_of_work() as s:
        row = await graph_signin_repo.get(s)
        return (row.pending_state, row.status) if row is not None else ("", "none")


async def test_link_previews_neither_use_the_link_up_nor_cancel_a_sign_in_in_progress(
    db: Database, entra: FakeGraph, tmp_path
):
    """Teams unfurls the link and Safe Links scans it, before and after the admin's own click: those GETs
    change nothing. The admin's sign-in, once started, survives every later fetch of the same link."""
    from tests.test_admin import chats

    async with chats(db, **overrides(entra, tmp_path)) as (admin, _member):
        link = link_in(await admin.say("graph sign in"))
        bot = admin.bot
        for _preview in range(2):  # the unfurl and the scan, before anyone clicked
            status, _page = await open_link(bot, link)
            assert status == 200
        assert (await pending(db))[0] == ""  # nothing started yet

        status, authorize, cookie = await press_continue(bot, link)  # the admin's click
        assert status == 303
        started = (await pending(db))[0]
        assert started

        assert (await open_link(bot, link))[0] == 400  # a late scan: the link was used, and says so
        assert (await press_continue(bot, link))[0] == 400  # pressed again (another tab, a replay)
        assert (await pending(db))[0] == started  # the sign-in in progress is untouched

        status, page = await call_back(bot, await entra_answer(entra, authorize), cookie)
    assert status == 200 and "Signed in as digest.poster@example.gov.uk" in page


async def test_the_link_works_once_only_in_the_browser_that_used_it_and_only_for_a_current_admin(
    db: Database, entra: FakeGraph, tmp_path
):
    from tests.test_admin import chats

    async with chats(db, **overrides(entra, tmp_path)) as (admin, _member):
        bot = admin.bot
        older = link_in(await admin.say("graph sign in"))
        newer = link_in(await admin.say("graph sign in"))
        assert (await press_continue(bot, older))[0] == 400  # replaced by the newer link

        status, authorize, cookie = await press_continue(bot, newer)
        fields = await entra_answer(entra, authorize)
        for stranger in ("", "someone-elses-cookie"):  # the code and state alone are not enough
            status, page = await call_back(bot, fields, stranger)
            assert status == 400 and "another browser" in page
        assert (await pending(db))[1] != "active"
        assert (await call_back(bot, fields, cookie))[0] == 200  # the admin's own browser still can
        assert (await press_continue(bot, newer))[0] == 400  # and the link is spent

        third = link_in(await admin.say("graph sign in"))
        async with db.unit_of_work() as s:  # the admin stops being one before using the link
            await s.execute(StaffRole.__table__.delete())
        status, page = await open_link(bot, third)
        assert status == 400 and "Only programme office admins" in page
        assert (await press_continue(bot, third))[0] == 400


@pytest.mark.parametrize("read_channel", [False, True])
async def test_the_sign_in_asks_only_to_send_unless_reading_the_channel_is_chosen(
    db: Database, entra: FakeGraph, tmp_path, read_channel
):
    async with running_bot(db, **overrides(entra, tmp_path), graph_read_channel=read_channel) as bot:
        _status, authorize, _cookie = await press_continue(bot, await admin_link(bot))
        scopes = set(parse_qs(urlparse(authorize).query)["scope"][0].split())
        transports = Transports(bot.context, graph_credential=object())
        try:
            can_find = transports.get("graph").can_find
        finally:
            await transports.aclose()
    wanted = {"https://graph.microsoft.com/ChannelMessage.Send", "offline_access", "openid", "profile"}
    if read_channel:
        wanted.add("https://graph.microsoft.com/ChannelMessage.Read.All")
    assert scopes == wanted  # offline_access, openid and profile are MSAL's own additions
    assert can_find is read_channel  # without the read scope an interrupted post goes to an admin
