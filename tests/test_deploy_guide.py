"""The deployment guide, the image and the monitoring rules agree with each other and with the code
(issue 22): every section of docs/deploy.md says what Microsoft page it was checked against and when; the
guide's container commands use the running container's volume; the image's base is pinned by digest and
it carries a pg_dump; the alert rules name metrics the bot really exposes; the guide's commands exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from prometheus_client.parser import text_string_to_metric_families
from typer.testing import CliRunner

from dfbot.cli import app
from infra import metrics

ROOT = Path(__file__).resolve().parents[1]
GUIDE = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")
MONITORING = (ROOT / "docs" / "monitoring.md").read_text(encoding="utf-8")
CHECKED_ON = "6 December 2026"


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^## ", text, flags=re.M)[1:]
    return {p.splitlines()[0]: p for p in parts}


def test_every_section_of_the_guide_says_what_it_was_checked_against_and_when():
    found = sections(GUIDE)
    assert len(found) >= 17
    for title, body in found.items():
        line = next((part for part in body.split("\n\n") if part.startswith("Checked against:")), "")
        assert line, f"section {title!r} has no 'Checked against:' line"
        assert CHECKED_ON in line, title
        if "no Microsoft service involved" not in line and "bot's own" not in line:
            assert "learn.microsoft.com" in line or '"' in line, f"section {title!r} names no Microsoft page"


def _commands(text: str) -> list[str]:
    """Shell commands in the guide's code blocks, continuation lines joined."""
    blocks = re.findall(r"```sh\n(.*?)```", text, flags=re.S) + re.findall(r"`(docker run [^`]*)`", text)
    joined = []
    for block in blocks:
        joined += [c.strip() for c in block.replace("\\\n", " ").splitlines() if c.strip() and not c.startswith("#")]
    return joined


def test_the_guides_container_commands_use_the_running_containers_volume():
    volume = re.search(r'VOLUME \["(/app/var)"\]', DOCKERFILE).group(1)
    assert f"DATABASE_URL=sqlite+aiosqlite:///{volume}/dfbot.sqlite3" in DOCKERFILE
    runs = [c for c in _commands(GUIDE) if c.startswith("docker run")]
    assert runs
    for command in runs:
        assert f"-v dfbot-data:{volume}" in command, command
    for command in _commands(GUIDE):
        if command.startswith("docker exec") and "db backup" in command:
            assert f" {volume}/" in command, command  # written to the volume, then copied out


def test_the_image_pins_its_base_by_digest_and_carries_a_pg_dump():
    base = re.search(r"^ARG BASE=(\S+)$", DOCKERFILE, flags=re.M).group(1)
    assert re.fullmatch(r"python:3\.11-slim-[a-z]+@sha256:[0-9a-f]{64}", base)
    froms = re.findall(r"^FROM (\S+)", DOCKERFILE, flags=re.M)
    assert froms and all(f == "${BASE}" for f in froms)
    assert "postgresql-client-17" in DOCKERFILE
    assert "pg_dump" in GUIDE and "17" in sections(GUIDE)["11. Backups and restores"]


def test_the_alert_rules_parse_and_name_only_metrics_the_bot_exposes():
    rules = yaml.safe_load(re.search(r"```yaml\n(.*?)```", MONITORING, flags=re.S).group(1))
    alerts = {r["alert"]: r["expr"] for g in rules["groups"] for r in g["rules"]}
    for wanted in (
        "DigitalFirstBotDown",
        "DigitalFirstSchedulerStalled",
        "DigitalFirstGraphSignInExpiring",
        "DigitalFirst429Storm",
    ):
        assert wanted in alerts
    exposed = {s.name for f in text_string_to_metric_families(metrics.render().decode()) for s in f.samples}
    exposed |= {f.name for f in text_string_to_metric_families(metrics.render().decode())}
    named = {m for expr in alerts.values() for m in re.findall(r"\b(dfbot_[a-z_]+)", str(expr))}
    assert named and named <= exposed, named - exposed
    table = {m for m in re.findall(r"^\| `(dfbot_[a-z_]+)`", MONITORING, flags=re.M)}
    assert table <= exposed | {"dfbot_build_info"}


@pytest.mark.parametrize(
    "command",
    [
        ["db", "upgrade", "--help"],
        ["db", "downgrade", "--help"],
        ["db", "backup", "--help"],
        ["db", "restore", "--help"],
        ["plan", "load-default", "--help"],
        ["person", "make-admin", "--help"],
        ["person", "remove-admin", "--help"],
        ["serve", "--help"],
    ],
)
def test_every_dfbot_command_the_guide_uses_exists(command):
    assert " ".join(command[:-1]) in " ".join(_commands(GUIDE)) or command[0] == "serve"
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output


def test_downgrade_refuses_a_revision_this_release_does_not_know(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/x.sqlite3")
    from infra.config import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["db", "downgrade", "9999"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "is not one of this release's migrations" in result.output


def test_the_cost_table_prices_every_azure_part_or_says_see_page_and_names_microsofts_page():
    """Each part of the footprint has a row; each row gives a figure Microsoft states (with $) or says
    "see page", and names the Microsoft pricing page — no figure without a source."""
    section = sections(GUIDE)["0. Hosting: always on, network, cost"]
    header = next(line for line in section.splitlines() if "Indicative per month" in line)
    rows = [line for line in section.split(header, 1)[1].splitlines()[1:] if line.startswith("| ")]
    table = {cells[0]: cells for cells in ([c.strip() for c in row.strip("|").split("|")] for row in rows)}
    for part in (
        "Container Apps",
        "App Service",
        "PostgreSQL",
        "its storage",
        "its backups",
        "Azure Bot",
        "Key Vault",
        "Log Analytics",
        "Container Registry",
    ):
        [name] = [n for n in table if part in n]
        cells = table[name]
        assert "$" in cells[3] or "see page" in cells[3], (name, cells[3])
        assert "azure.microsoft.com/pricing/details/" in cells[4] or cells[4].startswith("same page"), (name, cells[4])
    assert "UK South" in section and "pricing/calculator" in section and "see page" in section
