"""What a production start must get right (issue 22): the checks themselves, then a dry run of the
deployment guide's commands with a production-like `.env`, against the local fakes.

The dry run is what an IT administrator does with docs/deploy.md: `dfbot db upgrade`, `dfbot plan
load-default`, `dfbot person make-admin`, then `dfbot serve` — first with `.env` files that each get one
thing wrong (every one must stop the start and say what to fix), then with a right one, whose warnings
must be in the log and in /readyz, and whose pages, metrics and refusals must answer as the guide says.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from dfbot.production_checks import known_settings, production_problems, production_warnings
from infra.config import Settings
from tests import activities as A
from tests.botserver import running_bot
from tests.pgcluster import free_port
from tests.replicas import dfbot
from tests.test_certificates import make_certificate

APP_ID = "5b0c0000-aaaa-4bbb-8ccc-0000000d1f57"
TENANT = "6e1b3c2a-1f0d-4c5b-9a7e-0d2f4b6c8a10"
GOOD_SECRET_KEY = "kq3Xw9Zr0dYp6TnLc2VbHf8JsMa4Ge1Ru7Oi5Wx_Nt0"


def production(**overrides) -> Settings:
    values = dict(
        app_id=APP_ID,
        app_password="a-client-secret",
        app_tenant_id=TENANT,
        public_base_url="https://dfbot.example.gov.uk",
        digest_transport="bot",
        dlg_team_id="2e3f4a5b-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        dlg_channel_id="19:dlg@thread.tacv2",
        secret_key=GOOD_SECRET_KEY,
    )
    values.update(overrides)
    return Settings(_env_file=None, **values)


# ----------------------------------------------------------------------------- the checks


def test_a_right_production_configuration_has_no_problems_and_no_warnings():
    assert production_problems(production()) == []
    assert production_warnings(production(), {"PATH": "/usr/bin", "HOME": "/app"}, dotenv=None) == []


@pytest.mark.parametrize(
    "overrides,says",
    [
        (
            {"public_base_url": "http://localhost:3978"},
            "PUBLIC_BASE_URL is 'http://localhost:3978': it must be an https",
        ),
        ({"public_base_url": "https://localhost"}, "names this machine"),
        ({"public_base_url": "https://127.0.0.1:8443"}, "names this machine"),
        ({"public_base_url": "http://dfbot.example.gov.uk"}, "must be an https address"),
        ({"digest_transport": "graph", "secret_key": ""}, "SECRET_KEY is not set"),
        ({"digest_transport": "graph", "secret_key": "only-twenty-chars-xx"}, "SECRET_KEY is 20 characters"),
        ({"digest_transport": "graph", "dlg_team_id": "19%3adlg-team%40thread.tacv2"}, "needs the team's group id"),
    ],
    ids=[
        "localhost",
        "https localhost",
        "loopback ip",
        "plain http",
        "graph no key",
        "graph short key",
        "graph thread id",
    ],
)
def test_each_production_problem_is_named_with_its_fix(overrides, says):
    problems = production_problems(production(**overrides))
    assert len(problems) == 1 and says in problems[0]


def test_local_mode_is_not_held_to_production_rules():
    local = Settings(
        _env_file=None, app_id="", LOCAL_MODE="true", public_base_url="http://localhost:3978", digest_transport="graph"
    )
    assert local.local_mode and production_problems(local) == []
    assert production_warnings(local, {}, dotenv=None) == []


def test_the_outbox_transport_is_a_warning_because_the_dlg_would_never_see_a_digest():
    [warning] = production_warnings(production(digest_transport="outbox"), {}, dotenv=None)
    assert warning.startswith("DIGEST_TRANSPORT is outbox") and "the DLG never sees them" in warning


def test_a_misspelt_or_unknown_variable_is_named_but_never_its_value(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(
        "# comment\nMicrosoftAppId=x\nexport DATABASE_URL=y\nMicrosoftAppPasword=Sup3r-Secret-Value\nWHATEVER_ELSE=1\n",
        encoding="utf-8",
    )
    environ = {
        "PATH": "/usr/bin",
        "HOME": "/app",
        "PYTHON_VERSION": "3.11",
        "DATABSE_URL": "postgresql://u:pw@h/db",
        "GRAPH_CLIENTID": "x",
        "DLG_TEAMID": "y",
        "DFBOT_SOMETHING": "z",
        "SCHEDULER_ENABLED": "false",
        "microsoftappid": "lower case is still a setting",
    }
    warnings = production_warnings(production(), environ, dotenv=dotenv)
    text = "\n".join(warnings)
    assert (
        "MicrosoftAppPasword in the .env file is not a setting of this bot, so it is ignored (did you mean "
        "MicrosoftAppPassword?)" in text
    )
    assert "WHATEVER_ELSE in the .env file" in text  # everything in .env is meant for us
    assert "DATABSE_URL in the environment" in text and "(did you mean DATABASE_URL?)" in text
    assert "(did you mean GRAPH_CLIENT_ID?)" in text and "(did you mean DLG_TEAM_ID?)" in text
    assert "DFBOT_SOMETHING in the environment" in text
    for quiet in ("PATH", "HOME", "PYTHON_VERSION", "SCHEDULER_ENABLED", "microsoftappid"):
        assert f"{quiet} in" not in text
    assert "Sup3r-Secret-Value" not in text and "pw@h" not in text
    assert len(warnings) == 6


def test_every_setting_of_the_readme_is_known_and_every_setting_is_in_the_readme():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration", 1)[1].split("## Where things live", 1)[0]
    first_column = [line.split("|")[1] for line in table.splitlines() if line.startswith("| `")]
    named = {n.upper() for cell in first_column for n in re.findall(r"`([A-Za-z_]+)`", cell)}
    assert named - known_settings() == set()
    assert (
        known_settings()
        - named
        - {
            "MICROSOFT_APP_ID",
            "MICROSOFT_APP_PASSWORD",
            "MICROSOFT_APP_TYPE",
            "MICROSOFT_APP_TENANT_ID",
            "DFBOT_REQUIRE_PG",
            "LOCAL_MODE",
        }
        == set()
    )  # LOCAL_MODE: the safety issue documents it


def test_certificates_are_checked_at_start_from_the_file(tmp_path):
    soon, cert = make_certificate(tmp_path, "soon", days=12)
    [warning] = production_warnings(production(bot_certificate_path=str(soon)), {}, dotenv=None)
    assert "bot's certificate (BOT_CERTIFICATE_PATH, thumbprint" in warning and "expires in 1" in warning
    later = datetime.now(UTC) + timedelta(days=20)
    [problem] = production_problems(production(bot_certificate_path=str(soon)), now=later)
    assert "expired on" in problem
    [problem] = production_problems(production(bot_certificate_path=str(tmp_path / "none.pem")))
    assert "BOT_CERTIFICATE_PATH: there is no file" in problem


async def test_readyz_carries_the_warnings(db, monkeypatch):
    monkeypatch.setenv("DLG_CHANEL_ID", "19:typo@thread.tacv2")
    async with running_bot(
        db,
        app_id=APP_ID,
        app_password="x",
        app_tenant_id=TENANT,
        digest_transport="outbox",
        public_base_url="https://dfbot.example.gov.uk",
    ) as bot:
        status, body = await bot.get("/readyz")
    assert status == 200 and body["status"] == "ready"
    assert any(w.startswith("DIGEST_TRANSPORT is outbox") for w in body["warnings"])
    assert any(w.startswith("DLG_CHANEL_ID in the environment") for w in body["warnings"])


# ----------------------------------------------------------------------------- the dry run


def guide_env(tmp_path: Path, **changes: str | None) -> None:
    """A production-like .env as docs/deploy.md step 5 describes it; `None` leaves a variable out."""
    values: dict[str, str | None] = {
        "MicrosoftAppId": APP_ID,
        "MicrosoftAppPassword": "client-secret-from-the-secret-store",
        "MicrosoftAppType": "SingleTenant",
        "MicrosoftAppTenantId": TENANT,
        "ALLOWED_TENANT_IDS": TENANT.upper(),
        "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path}/var/dfbot.sqlite3",
        "PUBLIC_BASE_URL": "https://dfbot.example.gov.uk",
        "DIGEST_TRANSPORT": "bot",
        "DLG_TEAM_ID": "2e3f4a5b-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
        "DLG_CHANNEL_ID": "19%3adlg%40thread.tacv2",
        "ADMIN_EMAILS": "programme.office@council.example",
        "SECRET_KEY": GOOD_SECRET_KEY,
        "TIMEZONE": "Europe/London",
        "OUTBOX_DIR": str(tmp_path / "var" / "outbox"),
        "EXPORT_DIR": str(tmp_path / "var" / "exports"),
        "SCHEDULER_ENABLED": "false",  # nothing to send in a dry run; the rest of the start is real
    }
    values.update(changes)
    (tmp_path / ".env").write_text("".join(f"{k}={v}\n" for k, v in values.items() if v is not None), encoding="utf-8")


def command(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    return subprocess.run([dfbot(), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=timeout)


@pytest.mark.timeout(600)
def test_dry_run_of_the_guide_with_a_production_like_env(tmp_path):
    guide_env(tmp_path)
    for args in (
        ("db", "upgrade"),
        ("plan", "load-default"),
        ("person", "make-admin", "it.service.desk@council.example"),
    ):
        done = command(tmp_path, *args)
        assert done.returncode == 0, (args, done.stdout, done.stderr)

    expired, _ = make_certificate(tmp_path, "expired", days=-1)
    wrong = [
        ({"PUBLIC_BASE_URL": "http://localhost:3978"}, "PUBLIC_BASE_URL is 'http://localhost:3978'"),
        ({"DIGEST_TRANSPORT": "graph", "SECRET_KEY": "too-short"}, "SECRET_KEY is 9 characters"),
        ({"DIGEST_TRANSPORT": "graph", "DLG_TEAM_ID": "19:dlg-team@thread.tacv2"}, "needs the team's group id"),
        ({"BOT_CERTIFICATE_PATH": str(tmp_path / "bot.pem")}, "BOT_CERTIFICATE_PATH: there is no file"),
        ({"BOT_CERTIFICATE_PATH": str(expired)}, "expired on"),
        ({"MicrosoftAppPassword": None}, "MicrosoftAppPassword"),
    ]
    for changes, says in wrong:
        guide_env(tmp_path, **changes)
        done = command(tmp_path, "serve", "--port", str(free_port()), timeout=60)
        assert done.returncode != 0 and says in done.stderr, (changes, done.stdout, done.stderr)

    guide_env(tmp_path, DIGEST_TRANSPORT="outbox", MicrosoftAppPasword="typo-in-the-name")
    port = free_port()
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [dfbot(), "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        answers = asyncio.run(_probe(f"http://127.0.0.1:{port}"))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
        log.close()
    output = (tmp_path / "serve.log").read_text()
    assert answers["/healthz"][0] == 200
    status, body = answers["/readyz"]
    assert status == 200 and body["status"] == "ready", body
    assert any(w.startswith("DIGEST_TRANSPORT is outbox") for w in body["warnings"])
    assert any(w.startswith("MicrosoftAppPasword in the .env file") for w in body["warnings"])
    logged = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    assert any(e["level"] == "warning" and e["msg"].startswith("DIGEST_TRANSPORT is outbox") for e in logged)
    assert "typo-in-the-name" not in output and "client-secret-from-the-secret-store" not in output
    assert answers["/metrics"][0] == 200 and "dfbot_turn_errors_total" in answers["/metrics"][1]
    for page in ("/", "/privacy", "/terms"):
        assert answers[page][0] == 200, page
    assert answers["POST /api/messages"][0] == 401  # with an app id, no token: refused


async def _probe(base: str) -> dict[str, tuple[int, object]]:
    answers: dict[str, tuple[int, object]] = {}
    async with aiohttp.ClientSession() as http:
        for _ in range(300):  # up to 30 s for the process to start
            try:
                async with http.get(f"{base}/healthz") as r:
                    answers["/healthz"] = (r.status, await r.json())
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.1)
        for path in ("/readyz", "/metrics", "/", "/privacy", "/terms"):
            async with http.get(base + path) as r:
                answers[path] = (r.status, await r.json() if path == "/readyz" else await r.text())
        activity = A.message("help", service_url="https://smba.trafficmanager.net/emea/")
        async with http.post(f"{base}/api/messages", json=activity) as r:
            answers["POST /api/messages"] = (r.status, await r.text())
    return answers
