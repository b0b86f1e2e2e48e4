"""Outside local mode the bot needs the council's home tenant to tell its staff from guests: without
one `dfbot serve` refuses to start and says what to set. Local mode may run without one."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from dfbot.cli import app
from dfbot.tenancy_checks import tenant_problem
from infra.config import Settings, get_settings

TENANT = "72f988bf-86f1-41af-91ab-2d7cd011db47"


def settings(**values) -> Settings:
    return Settings(_env_file=None, **values)


def test_local_mode_may_run_without_a_home_tenant():
    assert tenant_problem(settings(app_id="", local_mode_requested=True)) is None  # LOCAL_MODE=true, no app id


@pytest.mark.parametrize(
    "values",
    [
        {"app_tenant_id": TENANT},
        {"app_tenant_id": TENANT.upper()},
        {"allowed_tenant_ids": f"{TENANT}; 0b2c7a11-0000-4000-8000-0000000bad00"},
    ],
)
def test_a_home_tenant_by_id_is_enough(values):
    assert tenant_problem(settings(app_id="bot-app-id", **values)) is None


def test_without_a_home_tenant_the_problem_names_what_to_set():
    problem = tenant_problem(settings(app_id="bot-app-id", app_type="MultiTenant"))
    assert problem is not None and "MicrosoftAppTenantId" in problem and "ALLOWED_TENANT_IDS" in problem


def test_a_domain_name_is_not_a_tenant_id():
    problem = tenant_problem(settings(app_id="bot-app-id", app_tenant_id="council.onmicrosoft.com"))
    assert problem is not None and "council.onmicrosoft.com" in problem


def test_dfbot_serve_refuses_to_start_without_a_home_tenant(monkeypatch, tmp_path):
    for name, value in {
        "MicrosoftAppId": "bot-app-id",
        "MicrosoftAppPassword": "secret",
        "MicrosoftAppType": "MultiTenant",
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/db.sqlite3",
        "LOCAL_MODE": "false",
    }.items():
        monkeypatch.setenv(name, value)
    for name in ("MicrosoftAppTenantId", "ALLOWED_TENANT_IDS"):
        monkeypatch.delenv(name, raising=False)
    started = []
    monkeypatch.setattr(
        "dfbot.web.create_app", lambda *a, **k: started.append(True) or (_ for _ in ()).throw(SystemExit(3))
    )
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "0"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and started == []
    assert "MicrosoftAppTenantId" in result.output


async def test_tenant_ids_on_the_allow_list_compare_in_any_case(tmp_path):
    """Tenant ids are GUIDs: an allow-list typed in upper case admits Teams' lower-case ids."""
    import asyncio

    from store.db import Database, upgrade
    from tests import activities as A
    from tests.botserver import running_bot

    url = f"sqlite+aiosqlite:///{tmp_path}/t.sqlite3"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    try:
        activity = A.message("help", service_url="http://127.0.0.1:9/", expect_replies=True)
        activity["conversation"]["tenantId"] = activity["channelData"]["tenant"]["id"] = TENANT
        async with running_bot(db, allowed_tenant_ids=TENANT.upper()) as bot:
            status, _ = await bot.post(activity)
    finally:
        await db.dispose()
    assert status == 200
