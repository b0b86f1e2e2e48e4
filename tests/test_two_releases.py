"""Two releases against one database, as a rolling upgrade really runs them (issue 22).

The previous release is a second copy of the code, taken from git (tests/releases.py: the last commit
before this checkout's newest migration), run as its own `dfbot` processes with this virtualenv and
PYTHONPATH pointing at the copy. This checkout is the new release. On one SQLite file, and on one
PostgreSQL database:

1. the previous release migrates the database and loads the plan, as it did in production;
2. its `dfbot serve` is ready and answers `help` and a question;
3. the new release's `dfbot db upgrade` runs while it serves: it stays ready ("still compatible", from the
   new migration's `compatible_from`) and still answers, with the new release's `dfbot serve` running
   next to it on the same database;
4. a later migration that declares itself incompatible with the previous release takes that replica
   out of readiness (503) while the new one stays ready;
5. rolling back (that migration, then the new release's `dfbot db downgrade`) makes the previous release
   current again.

Slow (two servers, five commands, per backend) but the only test that runs code from another release.
The previous release runs with this checkout's installed packages (nothing new is installed), not with
the ones its own image had: a dependency it relied on and this release dropped would fail here first.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import uuid
from pathlib import Path

import aiohttp
import pytest

from store.db import known_revisions
from tests import activities as A
from tests.conftest import BACKENDS, _create_database
from tests.pgcluster import free_port
from tests.releases import ROOT, NoPreviousRelease, Release, migrate, previous_release, release_after
from tests.replicas import Proc, dfbot, start

OURS = known_revisions()
HELP = "What I can do"  # the help card's text in both releases (a turn it did not understand says "Type help")
QUESTION, ANSWER = "how many projects are there?", "CAR-01"  # the default plan's first project


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Release, Path]:
    try:
        release = previous_release(OURS)
    except NoPreviousRelease as why:
        pytest.skip(f"no previous release to run: {why}")
    return release, release.unpack(tmp_path_factory.mktemp("previous-release") / "code")


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path) -> str:
    """An empty database on each backend: the previous release creates its schema."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path}/dfbot.sqlite3"
    cluster = request.getfixturevalue("pg_cluster")
    name = f"two_{uuid.uuid4().hex[:12]}"
    asyncio.run(_create_database(cluster.url(), name))
    return cluster.url(name)


def environment(url: str, code: Path, tmp_path: Path) -> dict[str, str]:
    """One release's environment: its code first on PYTHONPATH, local mode, the scheduler off."""
    return {
        **os.environ,
        "PYTHONPATH": str(code),
        "DATABASE_URL": url,
        "LOCAL_MODE": "true",
        "MicrosoftAppId": "",
        "SCHEDULER_ENABLED": "false",
        "LOG_LEVEL": "WARNING",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "EXPORT_DIR": str(tmp_path / "exports"),
        "PYTHONUNBUFFERED": "1",
    }


async def run(env: dict[str, str], cwd: Path, *args: str) -> str:
    done = await asyncio.to_thread(
        subprocess.run, [dfbot(), *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, (args, done.stdout, done.stderr)
    return done.stdout


class Replica:
    """One `dfbot serve` of one release, spoken to over HTTP as Teams and the platform's probe would."""

    def __init__(self, name: str, env: dict[str, str], cwd: Path) -> None:
        self.name, self.env, self.cwd, self.port = name, env, cwd, free_port()
        self.proc: Proc | None = None
        self.http = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=30))
        self.user = 0

    async def start(self) -> Replica:
        self.proc = await start(
            self.name, ["serve", "--host", "127.0.0.1", "--port", str(self.port)], self.env, self.cwd
        )
        for _ in range(300):  # up to 30 s: imports and the first connection
            if self.proc.process.returncode is not None:
                raise AssertionError(f"{self.name} exited: {self.proc.output()[-3000:]}")
            try:
                await self.readyz()
                return self
            except aiohttp.ClientError:
                await asyncio.sleep(0.1)
        raise AssertionError(f"{self.name} never answered: {self.proc.output()[-3000:]}")

    async def readyz(self) -> tuple[int, dict]:
        async with self.http.get(f"http://127.0.0.1:{self.port}/readyz") as resp:
            return resp.status, await resp.json()

    async def says(self, text: str) -> str:
        """What the bot answers a new person (first contact: a write as well as reads)."""
        self.user += 1
        sender = A.user(1000 * len(self.name) + self.user, f"{self.name} user {self.user}")
        activity = A.message(text, service_url="http://127.0.0.1:9/", sender=sender, expect_replies=True)
        async with self.http.post(f"http://127.0.0.1:{self.port}/api/messages", json=activity) as resp:
            assert resp.status == 200, (self.name, text, resp.status, await resp.text())
            replies = (await resp.json())["activities"]
        assert replies, (self.name, text)
        return "\n".join(
            str(r.get("text") or "") + str(r.get("summary") or "") + str(r.get("attachments") or "") for r in replies
        )

    async def stop(self) -> str:
        await self.http.close()
        if self.proc is not None and self.proc.process.returncode is None:
            self.proc.process.send_signal(signal.SIGTERM)  # only the process this test started
            try:
                await asyncio.wait_for(self.proc.process.wait(), 30)
            except TimeoutError:
                self.proc.process.kill()
                await self.proc.process.wait()
        return self.proc.output() if self.proc else ""


async def answers_help_and_a_question(replica: Replica) -> None:
    assert HELP in await replica.says("help")
    assert ANSWER in await replica.says(QUESTION)


@pytest.mark.timeout(240)
async def test_the_previous_release_keeps_serving_while_this_one_upgrades_the_database(previous, empty_url, tmp_path):
    release, old_code = previous
    old_env, new_env = environment(empty_url, old_code, tmp_path), environment(empty_url, ROOT, tmp_path)
    # 1. The previous release in production: its schema, its plan.
    await run(old_env, tmp_path, "db", "upgrade")
    await run(old_env, tmp_path, "plan", "load-default")
    old, new = Replica("previous", old_env, tmp_path), Replica("new", new_env, tmp_path)
    try:
        await old.start()
        status, body = await old.readyz()
        assert status == 200 and body["migrations"]["head"] == release.head, body  # really the previous code
        assert body["migrations"] == {**body["migrations"], "current": release.head, "state": "current"}
        await answers_help_and_a_question(old)

        # 2. The new release's `dfbot db upgrade`, while the previous one serves; then the new one starts.
        await run(new_env, tmp_path, "db", "upgrade")
        status, body = await old.readyz()
        assert status == 200, body
        assert body["migrations"]["current"] == OURS[-1] and body["migrations"]["head"] == release.head
        assert "still compatible" in body["migrations"]["state"]
        await new.start()
        status, body = await new.readyz()
        assert status == 200 and body["migrations"]["state"] == "current" and body["migrations"]["head"] == OURS[-1]
        for replica in (old, new, old):  # both serve the same database, turn about
            await answers_help_and_a_question(replica)
            assert (await replica.readyz())[0] == 200

        # 3. A schema beyond the previous release's compatibility: it steps aside, the new one stays.
        later = release_after(tmp_path / "later-release", OURS[-1], compatible_from=OURS[-1])
        await asyncio.to_thread(migrate, empty_url, later)
        status, body = await old.readyz()
        assert status == 503 and "not compatible" in body["migrations"]["state"], body
        status, body = await new.readyz()
        assert status == 200 and "still compatible" in body["migrations"]["state"], body

        # 4. Rolling back: the later migration, then this release's own, with its `dfbot db downgrade`.
        await asyncio.to_thread(migrate, empty_url, later, OURS[-1], down=True)
        await new.stop()
        await run(new_env, tmp_path, "db", "downgrade", release.head)
        status, body = await old.readyz()
        assert status == 200 and body["migrations"]["state"] == "current", body
        await answers_help_and_a_question(old)
    finally:
        logs = {"previous": await old.stop(), "new": await new.stop()}
    for name, log in logs.items():
        assert "Traceback" not in log, (name, log[-5000:])
