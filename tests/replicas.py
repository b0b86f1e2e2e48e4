"""Shared by the tests that run real `dfbot` processes against one PostgreSQL database
(tests/test_replicas.py: the CLI; tests/test_replicas_serve.py: `dfbot serve` with its scheduler).

The fake Bot Connector runs in the test process, so it outlives every kill and records what really
arrived; the database is a throwaway copy of the migrated template (tests/conftest.py).
"""

from __future__ import annotations

import asyncio
import collections
import os
import shutil
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import select

from store.db import Database
from store.models import ConversationRef, Person, Project, ProjectRole, PromptDelivery
from tests.conftest import _create_database
from tests.fakes.connector import FakeConnector

LEADS = 120
TZ = "Europe/London"


def dfbot() -> str:
    found = Path(sys.executable).with_name("dfbot")
    return str(found) if found.exists() else shutil.which("dfbot") or "dfbot"


@pytest.fixture
async def pg_db(pg_cluster):
    """A fresh, migrated PostgreSQL database (PostgreSQL only: SQLite is the single-process default)."""
    name = f"r_{uuid.uuid4().hex[:12]}"
    await _create_database(pg_cluster.url(), name, template="dfbot_template")
    database = Database(pg_cluster.url(name))
    yield database
    await database.dispose()


async def seed_leads(db: Database, connector: FakeConnector) -> None:
    """LEADS projects, each with one lead who has a stored 1:1 reference (as after installing the bot).
    Lead i's chat is `a:lead-{i}`."""
    async with db.unit_of_work() as s:
        people = [
            Person(name=f"Lead {i}", email=f"lead{i}@council.example", aad_object_id=f"aad-{i}") for i in range(LEADS)
        ]
        projects = [Project(ref=f"P{i:04d}", name=f"Project {i}") for i in range(LEADS)]
        s.add_all(people + projects)
        await s.flush()
        s.add_all(
            [
                ProjectRole(project_id=p.id, person_id=lead.id, role="lead")
                for p, lead in zip(projects, people, strict=True)
            ]
        )
        s.add_all(
            [
                ConversationRef(
                    person_id=lead.id,
                    user_id=f"29:lead-{i}",
                    conversation_id=f"a:lead-{i}",
                    conversation_type="personal",
                    tenant_id=connector.tenant_id,
                    service_url=connector.url,
                    bot_id=connector.bot_id,
                )
                for i, lead in enumerate(people)
            ]
        )


@dataclass
class Proc:
    name: str
    process: asyncio.subprocess.Process
    out: Path

    def output(self) -> str:
        return self.out.read_text(errors="replace") if self.out.exists() else ""


async def start(name: str, args: list[str], env: dict[str, str], cwd: Path) -> Proc:
    """`dfbot ARGS` in its own session (so a kill reaches only it), stdout and stderr to cwd/NAME.log."""
    out = cwd / f"{name}.log"
    with out.open("ab") as sink:
        process = await asyncio.create_subprocess_exec(
            dfbot(), *args, env=env, cwd=str(cwd), stdout=sink, stderr=sink, start_new_session=True
        )
    return Proc(name, process, out)


def env_for(db: Database, tmp_path: Path, **extra: str) -> dict[str, str]:
    """Local mode (LOCAL_MODE=true, no app id), the scheduler off unless `extra` turns it on."""
    return {
        **os.environ,
        "DATABASE_URL": db.url,
        "MicrosoftAppId": "",
        "LOCAL_MODE": "true",
        "LOG_LEVEL": "WARNING",
        "SCHEDULER_ENABLED": "false",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "EXPORT_DIR": str(tmp_path / "exports"),
        "TIMEZONE": TZ,
        "PYTHONUNBUFFERED": "1",
        **extra,
    }


def received(connector: FakeConnector) -> collections.Counter:
    """Messages (POSTs) that reached each conversation."""
    return collections.Counter(r.conversation_id for r in connector.activities if r.method == "POST")


async def wait_for_fan_out(connector: FakeConnector, procs: list[Proc], seconds: float = 20.0) -> None:
    """Until the first message arrives (or every process has exited)."""
    for _ in range(int(seconds / 0.025)):
        if connector.activities or all(p.process.returncode is not None for p in procs):
            return
        await asyncio.sleep(0.025)


async def left_sending(db: Database, connector: FakeConnector) -> tuple[list[str], int]:
    """The chats of deliveries still 'sending' (what a kill left behind), and how many of those had
    already received their card: the kill fell between Teams' answer and our commit. Those are the
    only deliveries a restart may double (DESIGN.md: at least once, never twice except there)."""
    async with db.unit_of_work() as s:
        left = (
            (
                await s.execute(
                    select(ConversationRef.conversation_id)
                    .join(PromptDelivery, PromptDelivery.person_id == ConversationRef.person_id)
                    .where(PromptDelivery.status == "sending")
                )
            )
            .scalars()
            .all()
        )
    got = received(connector)
    return list(left), sum(1 for conversation in left if got[conversation] > 0)
