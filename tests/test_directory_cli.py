"""The directory at the command line, configured from the environment as in production: `dfbot plan import`
reports people the directory does not know with their row, `dfbot directory check` checks everyone now,
and `dfbot serve` will not start with half the settings a credential needs."""

from __future__ import annotations

import asyncio
import logging
import threading

import pytest
from typer.testing import CliRunner

from dfbot.cli import app
from infra.config import get_settings
from tests.fakes.graph import FakeGraph

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
HEADER = "ref,name,priority_area,enablers,description,lead_name,lead_email,deputy_email,start_date,end_date,aliases\n"


class GraphInThread:
    """The local Graph on its own event loop, so a synchronous CLI test can call it."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.fake = FakeGraph()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)

    def __enter__(self) -> FakeGraph:
        self.thread.start()
        asyncio.run_coroutine_threadsafe(self.fake.start(), self.loop).result(10)
        return self.fake

    def __exit__(self, *exc) -> None:
        asyncio.run_coroutine_threadsafe(self.fake.stop(), self.loop).result(10)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)


@pytest.fixture
def environment(db_url, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", db_url)
    get_settings.cache_clear()
    root = logging.getLogger()
    saved = (root.handlers[:], root.level)
    yield monkeypatch
    root.handlers[:], level = saved
    root.setLevel(level)
    get_settings.cache_clear()


def test_plan_import_looks_the_plans_people_up_and_names_the_row_of_one_it_cannot_find(environment, tmp_path):
    with GraphInThread() as fake:
        fake.identity_header = "identity-header"
        fake.directory.add_user("Priya Sharma", "priya.sharma@council.example")
        fake.directory.add_user("Sam Jones", "sam.jones@council.example", enabled=False)
        for name, value in {
            "DIRECTORY_CREDENTIAL": "managed_identity",
            "IDENTITY_ENDPOINT": fake.identity_endpoint,
            "IDENTITY_HEADER": "identity-header",
            "GRAPH_BASE_URL": fake.base_url,
        }.items():
            environment.setenv(name, value)
        get_settings.cache_clear()
        plan = tmp_path / "plan.csv"
        plan.write_text(
            HEADER + "CIT-01,Inclusion,Digital Citizen,,,,priya.sharma@council.example,"
            "sam.jones@council.example,,,\n"
            "CIT-02,Payments,Digital Citizen,,,,pryia.sharma@council.example,,,,\n",
            encoding="utf-8",
        )
        imported = CliRunner().invoke(app, ["plan", "import", str(plan)], catch_exceptions=False)
        checked = CliRunner().invoke(app, ["directory", "check"], catch_exceptions=False)
    assert imported.exit_code == 0, imported.output
    assert (
        "Note: row 3, column lead_email: pryia.sharma@council.example is not in the council's directory"
        in imported.output
    )
    assert "Note: row 2, column deputy_email: sam.jones@council.example has a disabled account" in imported.output
    assert checked.exit_code == 0, checked.output
    assert "Directory: 3 asked (1 active, 1 disabled, 1 not_found)" in checked.output


def test_serve_refuses_half_a_credential_and_names_what_is_missing(environment):
    environment.setenv("DIRECTORY_CREDENTIAL", "certificate")
    environment.setenv("MicrosoftAppId", "b07b07b0-0000-4000-8000-000000000b07")
    get_settings.cache_clear()
    result = CliRunner().invoke(app, ["serve"])
    assert result.exit_code == 1
    assert (
        "Not started: DIRECTORY_CREDENTIAL=certificate needs MicrosoftAppTenantId, DIRECTORY_CERTIFICATE_PATH"
        in result.output
    )
