"""SIGKILL the real sending process (`dfbot reminders send`) at random moments, restart it, and check
that no lead is missed and that duplicates come only from kills that landed between Teams' answer
and our commit.

The sender is a real subprocess against a SQLite file; the fake Bot Connector runs here, in the test
process, so it outlives every kill and records what really arrived. After each kill, a delivery
still marked 'sending' whose chat already received its card is one that landed in that window:
the restart sends it again (at least once), so it may become one duplicate, and no more.
"""

from __future__ import annotations

import asyncio
import collections
import os
import random
import shutil
import signal
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from programme import calendar
from programme.cycles import Cadence
from services import cycles
from store.db import Database, upgrade
from store.models import ConversationRef, Person, Project, ProjectRole, PromptDelivery
from store.types import utcnow
from tests.fakes.connector import FakeConnector

LEADS = 120
KILLS = 5
NOW_TZ = "Europe/London"


def _dfbot() -> str:
    found = Path(sys.executable).with_name("dfbot")
    return str(found) if found.exists() else shutil.which("dfbot") or "dfbot"


async def _seed(db: Database, connector: FakeConnector) -> None:
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


def _received(connector: FakeConnector) -> collections.Counter:
    return collections.Counter(r.conversation_id for r in connector.activities if r.method == "POST")


async def _in_window(db: Database, connector: FakeConnector) -> int:
    """Deliveries left 'sending' whose card had already arrived: the kill fell between send and commit."""
    async with db.unit_of_work() as s:
        rows = (
            await s.execute(
                select(PromptDelivery.id, ConversationRef.conversation_id)
                .join(ConversationRef, ConversationRef.person_id == PromptDelivery.person_id)
                .where(PromptDelivery.status == "sending")
            )
        ).all()
    received = _received(connector)
    return sum(1 for _, conversation in rows if received[conversation] > 0)


async def _start(env: dict[str, str], cwd: Path, log: Path) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        _dfbot(),
        "reminders",
        "send",
        "--reclaim-after",
        "0",
        env=env,
        cwd=str(cwd),
        stdout=asyncio.subprocess.DEVNULL,
        stderr=log.open("ab"),
        start_new_session=True,
    )


async def _kill_mid_send(process: asyncio.subprocess.Process, connector: FakeConnector, rng: random.Random) -> bool:
    """Wait until this run has sent something, then SIGKILL it after a random moment."""
    before = len(connector.activities)
    for _ in range(400):
        if process.returncode is not None or len(connector.activities) > before:
            break
        await asyncio.sleep(0.025)
    await asyncio.sleep(rng.uniform(0.0, 0.6))
    if process.returncode is not None:
        return False
    os.kill(process.pid, signal.SIGKILL)  # only the process this test started
    await process.wait()
    await asyncio.sleep(0.3)  # let requests already on the wire reach the connector
    return True


@pytest.mark.timeout(240)
async def test_a_sender_killed_at_random_points_misses_no_lead_and_doubles_only_what_it_must(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path}/kills.sqlite3"
    await asyncio.to_thread(upgrade, url)
    db = Database(url)
    rng = random.Random(int(os.environ.get("DFBOT_KILL_SEED", "4")))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MicrosoftAppId": "",
        "LOCAL_MODE": "true",
        "LOG_LEVEL": "WARNING",
        "SCHEDULER_ENABLED": "false",
    }
    log = tmp_path / "sender.log"
    try:
        async with FakeConnector(latency=0.03) as connector:
            await _seed(db, connector)
            # A cycle due a fortnight ahead: the sender has prompts to send and no reminder falls due.
            now = utcnow()
            period = calendar.current_period(now + timedelta(days=14), Cadence(), NOW_TZ)
            await cycles.open_period(db, period, now, NOW_TZ, actor="test")
            kills = windows = 0
            for _ in range(KILLS):
                process = await _start(env, tmp_path, log)
                if await _kill_mid_send(process, connector, rng):
                    kills += 1
                    windows += await _in_window(db, connector)
            final = await _start(env, tmp_path, log)
            assert await asyncio.wait_for(final.wait(), 120) == 0, log.read_text()[-2000:]
            received = _received(connector)
        async with db.unit_of_work() as s:
            statuses = collections.Counter((await s.execute(select(PromptDelivery.status))).scalars())
    finally:
        await db.dispose()
    missed = [i for i in range(LEADS) if received[f"a:lead-{i}"] == 0]
    duplicates = sum(n - 1 for n in received.values() if n > 1)
    print(f"kills={kills} landed-between-send-and-commit={windows} duplicates={duplicates} missed={len(missed)}")
    assert kills >= 3, "the sender finished before it could be killed often enough"
    assert missed == []
    assert duplicates <= windows, (duplicates, windows, kills)
    assert statuses == {"sent": LEADS}
