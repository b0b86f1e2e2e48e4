"""Fan-out benchmark: one cycle's prompts to N leads (2,000 by default) through the fake Bot Connector,
which enforces Teams' documented limits (429 with Retry-After when a window is full).

It runs the production path — `cycles.open_period` queues one delivery per lead, then
`prompts.send_pending` claims, renders and sends them through the process's one messenger (built
by `dfbot.wiring.equip`, as `dfbot serve` builds it) and its rate limiter — against a migrated SQLite file
(or `--database-url`). Reported: the time taken against the minimum Teams' limits allow (the global 50
requests/s per app: request n cannot go before (n-1)//50 seconds), the ratio of the two, the number of 429s,
prompts lost (must be 0) and doubled.

    python -m benchmarks.fanout                   # 2,000 leads
    python -m benchmarks.fanout --leads 300 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import re
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
TZ = "Europe/London"
PER_APP = 50  # requests per second per app per tenant (Teams)
MARK_START, MARK_END = "<!-- fanout:start -->", "<!-- fanout:end -->"


@dataclass
class Result:
    leads: int
    seconds: float
    minimum: float
    throttled: int
    lost: int
    doubled: int
    requests: int
    latency: float
    database: str

    spacing: float = 0.0

    @property
    def paced(self) -> float:
        return (self.leads - 1) * self.spacing

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum if self.minimum else float("nan")

    def markdown(self) -> str:
        return "\n".join(
            [
                MARK_START,
                "## Prompt fan-out (`python -m benchmarks.fanout`)",
                "",
                f"One cycle's prompts to {self.leads:,} leads (one 1:1 chat each, a stored conversation reference, an "
                "update card each) through the fake Bot Connector enforcing Teams' limits (per chat 7/1 s, 8/2 s, "
                "60/30 s, 1800/h; per app 50 requests/s), answering each request after "
                f"{self.latency * 1000:.0f} ms; database {self.database}; the production send path "
                "(claim → render → `ProactiveMessenger` with its shared limiter → each result committed as Teams "
                "answers).",
                "",
                "| measure | value |",
                "|---|---|",
                f"| time taken | {self.seconds:.1f} s |",
                f"| minimum the limits allow | {self.minimum:.1f} s (request n no earlier than (n-1)//50 s) |",
                f"| ratio | {self.ratio:.2f} |",
                f"| floor of our even pacing | {self.paced:.1f} s (a send every {1000 * self.spacing:.1f} ms, so that "
                "arrival jitter never puts a 51st request in the service's 1-second window) |",
                f"| HTTP requests | {self.requests:,} |",
                f"| 429 answers | {self.throttled} |",
                f"| prompts lost | {self.lost} |",
                f"| prompts doubled | {self.doubled} |",
                "",
                f"Measured {datetime.now(UTC):%d/%m/%Y} on this machine (2 CPUs, shared with other test runs; "
                "the fake connector runs in the same process and competes for the CPU).",
                MARK_END,
            ]
        )


async def seed(db, connector, leads: int) -> None:
    """N projects, each with one lead who has a stored 1:1 reference on the fake connector."""
    from store.models import ConversationRef, Person, Project, ProjectRole

    async with db.unit_of_work() as s:
        people = [
            Person(
                name=f"Lead {i}",
                email=f"lead{i}@council.example",
                aad_object_id=f"aad-{i}",
                teams_user_id=f"29:lead-{i}",
            )
            for i in range(leads)
        ]
        projects = [Project(ref=f"P{i:05d}", name=f"Project {i}") for i in range(leads)]
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
                    aad_object_id=lead.aad_object_id,
                    user_id=lead.teams_user_id,
                    conversation_id=f"a:bench-{i}",
                    conversation_type="personal",
                    tenant_id=connector.tenant_id,
                    service_url=connector.url,
                    bot_id=connector.bot_id,
                )
                for i, lead in enumerate(people)
            ]
        )


async def run(leads: int, *, database_url: str | None, latency: float, workers: int) -> Result:
    from dfbot.wiring import equip
    from infra.config import Settings
    from programme import calendar
    from programme.cycles import Cadence
    from services import cycles, prompts
    from services.context import AppContext
    from store.db import Database, upgrade_async
    from tests.fakes.connector import FakeConnector

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/fanout.sqlite3"
        await upgrade_async(url)
        db = Database(url)
        async with FakeConnector(latency=latency) as connector:
            await seed(db, connector, leads)
            period = calendar.current_period(NOW, Cadence(), TZ)
            opened = await cycles.open_period(db, period, NOW, TZ, actor="benchmark")
            assert opened.queued == leads, opened
            settings = Settings(
                _env_file=None, database_url=url, app_id="", local_mode_requested=True, scheduler_enabled=False
            )
            ctx = AppContext(settings=settings, db=db)
            equip(ctx)  # the one messenger, as create_app gives it to the running bot
            messenger = ctx.require_messenger()
            started = time.monotonic()
            report = await prompts.send_pending(db, messenger, tz=TZ, now=lambda: NOW, workers=workers)
            seconds = time.monotonic() - started
            await messenger.close()
            per_chat = collections.Counter(r.conversation_id for r in connector.activities if r.method == "POST")
            requests = len(connector.requests)
            throttled = connector.count_429
        await db.dispose()
    expected = {f"a:bench-{i}" for i in range(leads)}
    lost = len(expected - set(per_chat))
    doubled = sum(n - 1 for n in per_chat.values() if n > 1)
    assert report.sent + report.failed + report.unreachable == leads, report
    return Result(
        leads,
        seconds,
        (leads - 1) // PER_APP,
        throttled,
        lost,
        doubled,
        requests,
        latency,
        "PostgreSQL" if database_url and "postgresql" in database_url else "SQLite (file)",
        spacing=messenger.limiter.spacing,
    )


def write(path: Path, section: str) -> None:
    """Replace this benchmark's section of the file (other benchmarks keep theirs)."""
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    pattern = re.compile(re.escape(MARK_START) + ".*?" + re.escape(MARK_END), re.DOTALL)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip() + "\n\n" + section + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=2000)
    parser.add_argument("--latency", type=float, default=0.05, help="seconds the fake connector takes per request")
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--write", type=Path, default=None, help="update this markdown file's fan-out section")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.leads, database_url=args.database_url, latency=args.latency, workers=args.workers))
    print(result.markdown())
    if args.write:
        write(args.write, result.markdown())
    return 0 if result.lost == 0 and result.doubled == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
