"""The bot's own token (for the Bot Connector) is fetched by botbuilder's MSAL client with a timeout.

Everything here is the real path: `dfbot`'s authentication as configured (a secret), botbuilder's
`MicrosoftAppCredentials` and MSAL asking an https token endpoint shaped like Entra ID's
(tests/fakes/openid.py with `tls=True`). Then that endpoint takes every request and never answers —
not even after it recovers, like a dead-end proxy. The fetch must fail after its bound and give its
thread back; the turn's reply fails cleanly (logged and counted, nothing half-sent); once the endpoint
answers again the bot serves `help` at once, and the digest, which could not be posted while there
was no token, is posted exactly once.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from datetime import timedelta

import msal
import pytest
import requests
from botframework.connector.auth import certificate_app_credentials, microsoft_app_credentials

from bot import bot_token, connector_pool
from bot.adapter import build_authentication
from dfbot.web import MESSAGES_ENDPOINT
from infra.metrics import REGISTRY
from programme.posting import RetryPolicy
from services import digest as service
from services.digest_posting import digest_poster
from tests.botserver import running_bot, settings_for
from tests.digest_fixtures import add_admin_chat, add_channel_reference, seed
from tests.fakes.connector import FakeConnector, RateLimits
from tests.fakes.openid import FakeBotFrameworkIdentity, point_bot_token_at
from tests.test_certificates import make_certificate
from tests.test_endpoint import card_texts

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d70c3"
APP_PASSWORD = "bot-secret-for-the-token-timeout"
TENANT = "7d1e0000-0000-4000-8000-00000000c0de"
TEAM = "19:dlg-team@thread.tacv2"
CHANNEL = "19:dlg-channel@thread.tacv2"


async def no_wait(_seconds: float) -> None:
    return None


def failed_turns() -> float:
    return REGISTRY.get_sample_value("dfbot_turn_errors_total", {"kind": "turn_failed"}) or 0.0


async def until(condition, seconds: float = 5.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        await asyncio.sleep(0.02)
    return condition()


async def token_threads_free() -> bool:
    """Does a job given to the bot's token threads run promptly (no thread stuck in a fetch)?"""
    loop = asyncio.get_running_loop()
    try:
        await asyncio.wait_for(loop.run_in_executor(connector_pool._TOKEN_THREADS, lambda: None), 3)  # noqa: SLF001  # the pool's own token threads are what is tested
    except TimeoutError:
        return False
    return True


@pytest.fixture
def sdk_msal_reaches_fakes(monkeypatch):
    """Should botbuilder's own MSAL client be used (it was, before bot/bot_token.py), it must reach the fake
    too, not stop at asking login.microsoftonline.com whether the authority is genuine."""
    for module in (microsoft_app_credentials, certificate_app_credentials):
        monkeypatch.setattr(
            module,
            "ConfidentialClientApplication",
            functools.partial(msal.ConfidentialClientApplication, instance_discovery=False),
        )


@pytest.fixture
def short_bounds(monkeypatch):
    """The production bounds (10 s waited, 5 s to connect, 8 s to read) shortened; the code paths are the same."""
    monkeypatch.setattr(connector_pool, "TOKEN_TIMEOUT_SECONDS", 1.0)
    monkeypatch.setattr(connector_pool, "TOKEN_REUSE_SECONDS", 0.0)  # every call asks MSAL again
    monkeypatch.setattr(bot_token, "CONNECT_SECONDS", 1.0, raising=False)
    monkeypatch.setattr(bot_token, "READ_SECONDS", 0.5, raising=False)


async def test_a_token_endpoint_that_never_answers_costs_a_reply_not_the_bot_and_the_digest_goes_once(
    db, tmp_path, monkeypatch, caplog, short_bounds, sdk_msal_reaches_fakes
):
    seeded = await seed(db, projects=4, cycles=3)
    async with (
        FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT, tls=True) as identity,
        FakeConnector(
            require_auth=True, auth_token=identity.outbound_token, limits=RateLimits.unlimited()
        ) as connector,
    ):
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", identity.ca_file)  # requests (so MSAL) trusts the fake's certificate
        identity.token_expires_in = 300  # inside MSAL's five-minute margin: every token is fetched again
        await add_channel_reference(db, team_id=TEAM, service_url=connector.url)
        await add_admin_chat(db, person_id=seeded.admin_id, service_url=connector.url)
        settings = {
            "app_id": APP_ID,
            "app_password": APP_PASSWORD,
            "app_tenant_id": TENANT,
            "openid_metadata_url": identity.metadata_url,
            "digest_transport": "bot",
            "dlg_team_id": TEAM,
            "dlg_channel_id": CHANNEL,
            "outbox_dir": tmp_path / "outbox",
        }
        async with running_bot(db, **settings) as bot:
            ctx = bot.context
            point_bot_token_at(bot.server.app[MESSAGES_ENDPOINT].adapter.bot_framework_authentication, identity)
            point_bot_token_at(ctx.messenger._auth, identity)  # noqa: SLF001 - the proactive messenger's own
            lead = connector.add_member(
                "team-1",
                id="29:lead-1",
                name="Priya Shah",
                aad_object_id="aad-priya",
                email="priya.shah@council.example",
            )

            # The token endpoint takes the connection and never answers: the reply cannot be sent.
            identity.hang()
            failed_before = failed_turns()
            with caplog.at_level(logging.INFO):
                started = time.monotonic()
                await bot.post(connector.make_message(lead, "help"), identity.authorization(connector.url))
                took = time.monotonic() - started
            assert took < 5 and connector.cards() == [], took  # a bounded wait, and nothing half-sent
            assert failed_turns() == failed_before + 1  # counted for IT's monitoring
            assert "turn failed" in caplog.text and "NoToken" in caplog.text  # logged, saying why
            # MSAL gave up on the hung requests (their connections closed) and the token threads are free.
            assert await until(lambda: identity.abandoned >= 1 and identity.abandoned == identity.hung), (
                identity.hung,
                identity.abandoned,
            )
            assert await token_threads_free()

            # The digest cannot go without a token: nothing was sent, so it is tried again later.
            ctx.clock = lambda: seeded.digest_time
            view = await service.ensure_draft(ctx, seeded.current.key)
            await service.approve(ctx, view.period_key, actor="admin")
            async with digest_poster(ctx) as poster:
                poster.policy, poster.sleep = RetryPolicy(tries=2), no_wait
                [first] = await poster.post_ready()
            assert first.status == "retry_later", first
            assert connector.sent_to(CHANNEL) == []
            assert await until(lambda: identity.abandoned == identity.hung) and await token_threads_free()

            # The endpoint answers again (what it took while hung never will): help at once, the digest once.
            # "At once" is shown by what happened, not by a stopwatch (CI machines stall for seconds): the turn
            # did not fail, no request hung, and the reply went, which it could only do with a token fetched
            # inside TOKEN_TIMEOUT_SECONDS (1 s here), so not behind the fetches that hung.
            identity.recover()
            failed_before, hung_before = failed_turns(), identity.hung
            status, _ = await bot.post(connector.make_message(lead, "help"), identity.authorization(connector.url))
            assert (status, failed_turns(), identity.hung) == (200, failed_before, hung_before)
            assert "What I can do" in card_texts(connector.cards()[-1])
            ctx.clock = lambda: seeded.digest_time + timedelta(hours=2)
            async with digest_poster(ctx) as poster:
                poster.sleep = no_wait
                [second] = await poster.post_ready()
            async with digest_poster(ctx) as other:  # another replica, a later tick
                assert await other.recover() == [] and await other.post_ready() == []

            # A token in hand (valid for a day) keeps `help` going while the endpoint hangs again.
            identity.hang()
            failed_before = failed_turns()
            status, _ = await bot.post(connector.make_message(lead, "help"), identity.authorization(connector.url))
            assert (status, failed_turns()) == (200, failed_before)
            assert len([c for c in connector.cards() if "What I can do" in card_texts(c)]) == 2
            assert await until(lambda: identity.abandoned == identity.hung) and await token_threads_free()
    assert second.status == "posted", second
    assert len(connector.sent_to(CHANNEL)) == 1
    assert all(
        r.get("grant_type") == "client_credentials" for r in identity.token_requests
    )  # MSAL asked, as it does Entra ID


@pytest.mark.parametrize("kind", ["secret", "certificate"])
async def test_each_kind_of_bot_credential_gives_up_on_a_token_endpoint_that_never_answers(
    kind, tmp_path, monkeypatch, short_bounds, sdk_msal_reaches_fakes
):
    """The credentials `dfbot` configures (a secret, or BOT_CERTIFICATE_PATH): the token fetch, as the bot
    runs it (blocking, in a thread), fails after the HTTP bound instead of waiting for ever."""
    extra = {"bot_certificate_path": str(make_certificate(tmp_path)[0])} if kind == "certificate" else {}
    with FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT, tls=True) as identity:
        monkeypatch.setenv("REQUESTS_CA_BUNDLE", identity.ca_file)
        settings = settings_for(
            "sqlite+aiosqlite:///:memory:",
            app_id=APP_ID,
            app_password=APP_PASSWORD,
            app_tenant_id=TENANT,
            openid_metadata_url=identity.metadata_url,
            **extra,
        )
        factory = build_authentication(settings)._inner._credentials_factory  # noqa: SLF001 - where botbuilder keeps it
        credentials = await factory.create_credentials(
            APP_ID, "https://api.botframework.com", identity.login_url, False
        )
        identity.hang()
        started = time.monotonic()
        with pytest.raises(requests.exceptions.Timeout):
            await asyncio.wait_for(asyncio.to_thread(credentials.get_access_token), 10)
        took = time.monotonic() - started
        assert took < 3, took
        assert await until(lambda: identity.abandoned == identity.hung == 1)
        sent = identity.token_requests[-1]
        assert sent["client_id"] == APP_ID and ("client_assertion" in sent) == (kind == "certificate")
