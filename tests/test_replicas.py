"""Two real `dfbot` processes against one PostgreSQL database behave as one.

Each test starts real subprocesses (the installed `dfbot` command) against a throwaway PostgreSQL
database; the fake Bot Connector runs here, in the test process, so it outlives every kill and
records what really arrived.

- Both open the cycle at once (`dfbot cycle open`, which also fans the prompts out): one cycle row,
  one set of prompt deliveries, and the two senders share the fan-out (`FOR UPDATE SKIP LOCKED`).
  One of them is SIGKILLed at a random moment of the fan-out; the other finishes; a restart
  (`dfbot reminders send --reclaim-after 0`, run alone as the command's help says it must be)
  resends what the dead one left 'sending'. Every lead gets a prompt, and duplicates never exceed
  the deliveries the kill caught between Teams' answer and the commit.
- Both post the DLG digest at once (`dfbot digest post`, through the bot into the DLG channel):
  exactly one post reaches the channel, and the digest row says posted.

PostgreSQL only: SQLite is the single-process default (DESIGN.md).
"""

from __future__ import annotations

import asyncio
import collections
import os
import random
import signal

import pytest
from sqlalchemy import func, select

from programme import calendar
from programme.cycles import Cadence
from services import cycles
from store.db import Database
from store.models import ConversationRef, Digest, PromptDelivery, UpdateCycle
from store.types import utcnow
from tests.fakes.connector import FakeConnector
from tests.replicas import LEADS, TZ, left_sending, pg_db, received, seed_leads, start, wait_for_fan_out
from tests.replicas import env_for as _env

__all__ = ["pg_db"]  # the fixture, shared with tests/test_replicas_serve.py

DLG_TEAM = "19:dlg-team@thread.tacv2"
DLG_CHANNEL = "19:dlg-channel@thread.tacv2"


@pytest.mark.timeout(300)
@pytest.mark.parametrize(
    "seed,when", [(1, "mid fan-out"), (2, "mid fan-out"), (3, "mid fan-out"), (4, "while opening")]
)
async def test_two_processes_open_one_cycle_and_a_kill_mid_fan_out_misses_nobody(pg_db, tmp_path, seed, when):
    rng = random.Random(int(os.environ.get("DFBOT_REPLICA_SEED", seed)))
    env = _env(pg_db, tmp_path)
    async with FakeConnector(latency=0.03) as connector:
        await seed_leads(pg_db, connector)
        a, b = await asyncio.gather(
            start("a", ["cycle", "open"], env, tmp_path), start("b", ["cycle", "open"], env, tmp_path)
        )
        victim, survivor = rng.sample([a, b], 2)
        if when == "mid fan-out":
            await wait_for_fan_out(connector, [a, b])
            await asyncio.sleep(rng.uniform(0.0, 1.2))
        else:  # somewhere between start-up, opening the cycle and queueing its prompts
            await asyncio.sleep(rng.uniform(0.5, 2.0))
        first_seen = len(connector.activities)
        killed = victim.process.returncode is None
        if killed:
            os.kill(victim.process.pid, signal.SIGKILL)  # only the process this test started
        await victim.process.wait()
        assert await asyncio.wait_for(survivor.process.wait(), 120) == 0, survivor.output()[-3000:]
        await asyncio.sleep(0.3)  # requests the dead process had on the wire have landed by now

        # What the dead process left 'sending' and had already reached Teams: the only possible duplicates.
        left, windows = await left_sending(pg_db, connector)

        restart = await start("restart", ["reminders", "send", "--reclaim-after", "0"], env, tmp_path)
        assert await asyncio.wait_for(restart.process.wait(), 120) == 0, restart.output()[-3000:]
        got = received(connector)

    async with pg_db.unit_of_work() as s:
        cycles_ = (await s.execute(select(UpdateCycle.period_key))).scalars().all()
        deliveries = (await s.execute(select(func.count()).select_from(PromptDelivery))).scalar_one()
        statuses = collections.Counter((await s.execute(select(PromptDelivery.status))).scalars())
    queued = sorted(
        p.output().split(" prompt(s) queued")[0].rsplit(" ", 1)[-1] for p in (a, b) if " prompt(s) queued" in p.output()
    )
    missed = [i for i in range(LEADS) if got[f"a:lead-{i}"] == 0]
    duplicates = sum(n - 1 for n in got.values() if n > 1)
    print(
        f"seed={seed} ({when}) killed={killed} fan-out started={bool(first_seen)} left-sending={len(left)} landed-between-send-and-commit={windows} "
        f"duplicates={duplicates} missed={len(missed)}"
    )
    assert len(cycles_) == 1, cycles_
    assert deliveries == LEADS  # one prompt per lead, queued once however many processes opened the cycle
    if not killed:  # both reported: exactly one of them queued the prompts (the dead one may say nothing)
        assert queued == sorted(["0", str(LEADS)]), (a.output(), b.output())
    assert missed == []
    assert duplicates <= windows, (duplicates, windows)
    assert statuses == {"sent": LEADS}, statuses


async def _seed_dlg_team(db: Database, connector: FakeConnector) -> None:
    """The bot is installed in the DLG team (a stored reference in that team), as `bot` transport needs."""
    async with db.unit_of_work() as s:
        s.add(
            ConversationRef(
                person_id=None,
                user_id="29:installer",
                conversation_id=DLG_CHANNEL,
                conversation_type="channel",
                tenant_id=connector.tenant_id,
                service_url=connector.url,
                bot_id=connector.bot_id,
                team_id=DLG_TEAM,
            )
        )


@pytest.mark.timeout(180)
async def test_two_processes_posting_the_digest_at_once_post_it_once(pg_db, tmp_path):
    env = _env(pg_db, tmp_path, DIGEST_TRANSPORT="bot", DLG_TEAM_ID=DLG_TEAM, DLG_CHANNEL_ID=DLG_CHANNEL)
    # Slow enough that one post is still in flight while the other process tries.
    async with FakeConnector(latency=0.5) as connector:
        await seed_leads(pg_db, connector)
        await _seed_dlg_team(pg_db, connector)
        now = utcnow()
        period = calendar.current_period(now, Cadence(), TZ)
        await cycles.open_period(pg_db, period, now, TZ, actor="test")
        async with pg_db.unit_of_work() as s:  # no fan-out here: the prompts are not what this test is about
            await s.execute(PromptDelivery.__table__.update().values(status="sent"))

        a, b = await asyncio.gather(
            start("digest-a", ["digest", "post"], env, tmp_path), start("digest-b", ["digest", "post"], env, tmp_path)
        )
        codes = await asyncio.wait_for(asyncio.gather(a.process.wait(), b.process.wait()), 120)
        again = await start("digest-again", ["digest", "post"], env, tmp_path)
        assert await asyncio.wait_for(again.process.wait(), 120) == 0, again.output()[-2000:]
        posts = connector.sent_to(DLG_CHANNEL)

    async with pg_db.unit_of_work() as s:
        digests = (await s.execute(select(Digest))).scalars().all()
    outputs = {p.name: p.output() for p in (a, b, again)}
    assert len(posts) == 1, (len(posts), outputs)
    [digest] = digests
    assert (digest.period_key, digest.status, digest.attempts) == (period.key, "posted", 1), outputs
    assert sum("posted through bot" in out for out in outputs.values()) == 1, outputs
    assert "already been posted" in outputs["digest-again"] and "Nothing was sent" in outputs["digest-again"]
    # The process that lost the race says what happened instead of posting (and never crashes).
    loser = "digest-b" if "posted through bot" in outputs["digest-a"] else "digest-a"
    assert "Traceback" not in outputs[loser], outputs[loser]
    assert sorted(codes) in ([0, 0], [0, 1]), (codes, outputs)
