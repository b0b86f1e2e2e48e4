"""No open bot by accident: local mode only with LOCAL_MODE=true; `dfbot serve` refuses a partial
configuration and names what is missing; in local mode it listens on loopback; the other commands work
with any configuration; /readyz says the mode; outside local mode the dashboard needs a signed-in person.
"""

from __future__ import annotations

import pytest
from aiohttp import web
from sqlalchemy import func, select
from typer.testing import CliRunner

import dfbot.cli as cli
from dfbot.checks import configuration_problems, listen_hosts
from infra.config import Settings, get_settings
from store.models import ConversationRef, Person
from tests import activities as A
from tests.botserver import running_bot
from tests.dashboard.harness import local_settings, running_dashboard
from tests.dashboard.seed import seed
from tests.ports import free_port

PORT = str(free_port())  # serve binds it for real before run_app (faked here) would listen

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
TENANT = A.TENANT


def settings(**env: str) -> Settings:
    """Settings as `dfbot` reads them from the environment (variable names, not field names)."""
    return Settings(_env_file=None, **env)


# ----------------------------------------------------------------------------------- the mode


def test_local_mode_is_only_ever_asked_for():
    assert settings().local_mode is False  # an empty app id used to mean local mode
    assert settings(MicrosoftAppId="").local_mode is False
    assert settings(LOCAL_MODE="true").local_mode is True
    assert settings(LOCAL_MODE="false").local_mode is False
    assert settings(LOCAL_MODE="true", MicrosoftAppId=APP_ID).local_mode is False  # never with an app id
    assert settings(LOCAL_MODE="true").mode == "local" and settings(MicrosoftAppId=APP_ID).mode == "authenticated"


# ----------------------------------------------------------------------------------- the checks (pure)


COMPLETE = {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s3cret", "MicrosoftAppTenantId": TENANT}


@pytest.mark.parametrize(
    "env",
    [
        {"LOCAL_MODE": "true"},
        COMPLETE,
        {**COMPLETE, "MicrosoftAppType": "MultiTenant"},
        {"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s3cret", "MicrosoftAppType": "MultiTenant"},
        {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI", "MicrosoftAppTenantId": TENANT},
    ],
    ids=["local", "single-tenant", "multi-tenant with tenant", "multi-tenant", "managed identity"],
)
def test_complete_configurations_pass(env):
    assert configuration_problems(settings(**env)) == []


@pytest.mark.parametrize(
    "env,names",
    [
        ({}, ["LOCAL_MODE", "MicrosoftAppId"]),
        ({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT}, ["MicrosoftAppPassword", "UserAssignedMSI"]),
        ({"MicrosoftAppPassword": "s3cret"}, ["MicrosoftAppPassword is set but MicrosoftAppId is not"]),
        (
            {"MicrosoftAppTenantId": TENANT, "LOCAL_MODE": "true"},
            ["MicrosoftAppTenantId is set but MicrosoftAppId is not"],
        ),
        ({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s3cret"}, ["SingleTenant", "MicrosoftAppTenantId"]),
        ({**COMPLETE, "LOCAL_MODE": "true"}, ["LOCAL_MODE=true and MicrosoftAppId are both set"]),
        (
            {"MicrosoftAppId": APP_ID, "MicrosoftAppType": "UserAssignedMSI"},
            ["UserAssignedMSI", "MicrosoftAppTenantId"],
        ),
        ({**COMPLETE, "MicrosoftAppType": "Federated"}, ["MicrosoftAppType"]),
    ],
    ids=[
        "nothing",
        "app id, no secret",
        "secret, no app id",
        "tenant, no app id",
        "single tenant, no tenant",
        "local mode and an app id",
        "managed identity, no tenant",
        "unknown app type",
    ],
)
def test_each_partial_configuration_is_named(env, names):
    problems = configuration_problems(settings(**env))
    assert problems, env
    text = "\n".join(problems)
    for name in names:
        assert name in text


def test_local_mode_listens_on_loopback_unless_told_and_allowed():
    local, allowed = settings(LOCAL_MODE="true"), settings(LOCAL_MODE="true", LOCAL_MODE_ALLOW_REMOTE="true")
    assert listen_hosts(local, None) == (["127.0.0.1", "::1"], [])
    assert listen_hosts(local, "127.0.0.1") == (["127.0.0.1"], [])
    assert listen_hosts(local, "::1") == (["::1"], [])
    assert listen_hosts(local, "localhost") == (["localhost"], [])
    for remote in ("0.0.0.0", "::", "10.1.2.3", "bot.council.example"):
        hosts, problems = listen_hosts(local, remote)
        assert hosts == [] and "LOCAL_MODE_ALLOW_REMOTE" in problems[0], remote
        assert listen_hosts(allowed, remote) == ([remote], [])
    assert listen_hosts(settings(**COMPLETE), None) == (["0.0.0.0"], [])  # authenticated: a container needs it


# ----------------------------------------------------------------------------------- `dfbot serve` and the rest


@pytest.fixture
def cli_env(tmp_path, monkeypatch):
    """An environment with none of the bot's variables (so each test sets exactly what it means)."""
    for name in (
        "MicrosoftAppId",
        "MicrosoftAppPassword",
        "MicrosoftAppTenantId",
        "MicrosoftAppType",
        "LOCAL_MODE",
        "LOCAL_MODE_ALLOW_REMOTE",
        "MICROSOFT_APP_ID",
        "MICROSOFT_APP_PASSWORD",
        "MICROSOFT_APP_TENANT_ID",
        "MICROSOFT_APP_TYPE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)  # no .env from the working directory
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/cli.sqlite3")
    monkeypatch.setenv("OUTBOX_DIR", str(tmp_path / "outbox"))
    monkeypatch.setenv("EXPORT_DIR", str(tmp_path / "exports"))
    started: list[dict] = []
    monkeypatch.setattr(web, "run_app", lambda app, **kw: started.append(_bound(kw)))  # serve never listens here
    get_settings.cache_clear()
    yield monkeypatch, started
    get_settings.cache_clear()


def _bound(run_app_kwargs: dict) -> dict:
    """What `serve` handed to run_app, with the sockets it bound named by host and closed."""
    sockets = run_app_kwargs.pop("sock")
    hosts = [sock.getsockname()[0] for sock in sockets]
    for sock in sockets:
        sock.close()
    return {**run_app_kwargs, "host": hosts}


def _invoke(args: list[str]):
    get_settings.cache_clear()
    return CliRunner().invoke(cli.app, args)


@pytest.mark.parametrize(
    "env,named",
    [
        ({}, "LOCAL_MODE"),
        ({"MicrosoftAppId": APP_ID, "MicrosoftAppTenantId": TENANT}, "MicrosoftAppPassword"),
        ({"MicrosoftAppPassword": "s3cret", "LOCAL_MODE": "true"}, "MicrosoftAppId"),
        ({"MicrosoftAppId": APP_ID, "MicrosoftAppPassword": "s3cret"}, "MicrosoftAppTenantId"),
        ({**COMPLETE, "LOCAL_MODE": "true"}, "LOCAL_MODE=true and MicrosoftAppId"),
    ],
    ids=["nothing", "no secret", "no app id", "no tenant", "both modes"],
)
def test_serve_refuses_a_partial_configuration_and_names_what_is_missing(cli_env, env, named):
    monkeypatch, started = cli_env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    result = _invoke(["serve", "--port", PORT])
    assert result.exit_code == 1 and started == []
    assert "will not start" in result.output and named in result.output


def test_serve_in_local_mode_listens_on_loopback(cli_env):
    monkeypatch, started = cli_env
    monkeypatch.setenv("LOCAL_MODE", "true")
    result = _invoke(["serve", "--port", PORT])
    assert result.exit_code == 0, result.output
    assert started[0]["host"] == ["127.0.0.1", "::1"] and "local mode" in result.output
    result = _invoke(["serve", "--port", PORT, "--host", "0.0.0.0"])
    assert result.exit_code == 1 and len(started) == 1 and "LOCAL_MODE_ALLOW_REMOTE" in result.output
    monkeypatch.setenv("LOCAL_MODE_ALLOW_REMOTE", "true")
    assert _invoke(["serve", "--port", PORT, "--host", "0.0.0.0"]).exit_code == 0
    assert started[1]["host"] == ["0.0.0.0"]


def test_serve_with_a_complete_configuration_listens_everywhere(cli_env):
    monkeypatch, started = cli_env
    for name, value in COMPLETE.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("MicrosoftAppTenantId", "72f988bf-86f1-41af-91ab-2d7cd011db47")  # a real GUID: the home tenant
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://dfbot.example.gov.uk")  # production checks (deploy issue)
    result = _invoke(["serve", "--port", PORT])
    assert result.exit_code == 0, result.output
    assert started[0]["host"] == ["0.0.0.0"] and "authenticated mode" in result.output


@pytest.mark.parametrize(
    "env",
    [{}, {"MicrosoftAppId": APP_ID}, {"MicrosoftAppPassword": "s3cret"}, {**COMPLETE, "LOCAL_MODE": "true"}],
    ids=["nothing", "app id alone", "secret alone", "both modes"],
)
def test_the_other_commands_work_with_any_configuration(cli_env, tmp_path, env):
    monkeypatch, _ = cli_env
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    for args in (
        ["db", "upgrade"],
        ["plan", "load-default"],
        ["plan", "export", str(tmp_path / "plan.csv")],
        ["ask", "which projects are red?"],
        ["cycle", "status"],
        ["reminders", "send"],
        ["retention", "purge", "--dry-run"],
    ):
        result = _invoke(args)
        assert result.exit_code == 0, (args, result.output)


# ----------------------------------------------------------------------------------- the running app


async def test_an_empty_app_id_without_local_mode_accepts_no_anonymous_call(db):
    activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
    async with running_bot(db, local_mode_requested=False) as bot:
        status, body = await bot.post(activity)
    assert status == 401 and body["error"]["code"] == "Unauthorized"
    async with db.unit_of_work() as s:
        assert (await s.execute(select(func.count()).select_from(Person))).scalar_one() == 0
        assert (await s.execute(select(func.count()).select_from(ConversationRef))).scalar_one() == 0


async def test_readiness_says_which_mode_the_bot_is_in(db):
    async with running_bot(db, local_mode_requested=True) as bot:
        local = await bot.get("/readyz")
    async with running_bot(db, app_id=APP_ID, app_password="s3cret", app_tenant_id=TENANT) as bot:
        authenticated = await bot.get("/readyz")
    assert local[0] == 200 and local[1]["mode"] == "local"
    assert authenticated[0] == 200 and authenticated[1]["mode"] == "authenticated"


async def test_outside_local_mode_the_dashboard_shows_nothing_to_an_unsigned_loopback_caller(db):
    """Behind a reverse proxy on the same host every request comes from loopback: that proves nothing."""
    await seed(db)
    async with running_dashboard(db, local_settings(db.url, local_mode_requested=False)) as dash:
        status, page, _ = await dash.get("/dashboard")
        api_status, refused, _ = await dash.get("/dashboard/api/pages/matrix")
        me_status, _, _ = await dash.get("/dashboard/api/me")
    assert status == 200 and 'data-auth="teams"' in page and "Local mode" not in page
    assert "Digital inclusion" not in page
    assert api_status == 401 and me_status == 401 and "html" in refused


def test_a_certificate_is_a_way_to_prove_the_app_id(tmp_path):
    """A tenant that blocks client secrets uses BOT_CERTIFICATE_PATH: that is a complete configuration."""
    from dfbot.checks import configuration_problems
    from infra.config import Settings

    base = dict(
        _env_file=None,
        app_id="11111111-0000-0000-0000-000000000001",
        app_tenant_id="00000000-0000-0000-0000-000000000001",
    )
    assert any("no way to prove it" in p for p in configuration_problems(Settings(**base)))
    assert configuration_problems(Settings(**base, bot_certificate_path=str(tmp_path / "bot.pem"))) == []
