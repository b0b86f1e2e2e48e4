"""Question latency at scale: answering through `POST /api/messages` with 5,000 projects and 50,000 updates.

`dfbot serve` (local mode, SQLite file, scheduler off) on a database holding a large programme — 5,000
projects in two priority areas, 2,000 people, one lead each, an alias each, ten weekly cycles with an
update per project per cycle (50,000 updates, free text indexed for search), a milestone each — is
asked a mix of questions (who leads, what is blocking, which are red, counts, what changed, milestones
due, full-text search, what someone leads, RAG history, an unknown project) by one member, one at a
time, interleaved with `help`; every answer goes to the fake Bot Connector. Reported: median and p99 of
each, and the ratio question : help — how much the question engine adds to a turn at this size.

    python -m benchmarks.ask_latency                  # 5,000 projects, 400 questions + 400 help
    python -m benchmarks.ask_latency --projects 200 --cycles 2 --repeats 2
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from benchmarks.inbound import Server, dfbot_server, free_port, message, percentile, pin_driver, seed_clients

WORDS = (
    "library",
    "transport",
    "care",
    "school",
    "waste",
    "housing",
    "parking",
    "museum",
    "energy",
    "river",
    "bridge",
    "park",
    "market",
    "clinic",
    "records",
    "payments",
    "portal",
    "sensor",
    "training",
    "grant",
)
PEOPLE = 2000


def project_name(i: int) -> str:
    return f"{WORDS[i % 20]} {WORDS[(i // 20) % 20]} {WORDS[(i // 400) % 20]} {i}"


def questions(projects: int) -> list[str]:
    """Every kind of question the engine answers, about projects and people that exist (and one that does not)."""

    def p(k):
        return min(k, projects - 1)

    return [
        f"who leads P-{p(42):04d}?",
        f"what is blocking {project_name(p(0))}?",
        "which projects are red?",
        "how many projects are amber in digital care?",
        "what changed since last monday?",
        "milestones due in the next two weeks",
        "which projects mention grant?",
        f"what does Person {p(7) % PEOPLE} Surname{p(7) % PEOPLE} lead?",
        f"history of P-{p(1234):04d}",
        f"who leads {project_name(p(321))}",
        f"status of P-{p(2500):04d}",
        "who leads the moon landing project?",
        # the kinds issue 15 added: combinations, rolling windows, typos, several questions, small talk
        "which projects are red or amber in digital care?",
        "which projects aren't green?",
        "which projects have updated in the last week?",
        f"hi - who's the deputy on P-{p(77):04d} and is it on track?",
        f"whos runing P-{p(901):04d} pls",
        "which area has the most reds?",
        "which project is furthest along?",
        "when's the parking portal launch due?",  # a milestone named by its title's words: every title read
        "thanks!",
    ]


async def seed_big_plan(db, *, projects: int = 5000, cycles: int = 10, now: datetime | None = None) -> dict[str, int]:
    """Bulk rows, deterministic, dated relative to `now` so "this week" and "since Monday" find updates."""
    from sqlalchemy import func, insert, select

    from store.models import (
        Enabler,
        Milestone,
        Person,
        PriorityArea,
        Project,
        ProjectAlias,
        ProjectEnabler,
        ProjectRole,
        StatusUpdate,
        UpdateCycle,
    )

    now = now or datetime.now(UTC)
    rnd = random.Random(7)
    this_monday = now.date() - timedelta(days=now.weekday())
    mondays = [this_monday - timedelta(weeks=cycles - 1 - w) for w in range(cycles)]
    people = min(PEOPLE, max(projects, 10))
    async with db.unit_of_work() as s:
        await s.execute(
            insert(PriorityArea),
            [
                {"id": i + 1, "key": k, "name": n, "description": "", "position": i}
                for i, (k, n) in enumerate([("citizen", "Digital Citizen"), ("care", "Digital Care")])
            ],
        )
        await s.execute(
            insert(Enabler), [{"id": 1, "key": "data", "name": "Data and insight", "description": "", "position": 0}]
        )
        await s.execute(
            insert(Person),
            [
                {"id": i + 1, "name": f"Person {i} Surname{i}", "email": f"p{i}@bench.example.gov.uk"}
                for i in range(people)
            ],
        )
        await s.execute(
            insert(Project),
            [
                {
                    "id": i + 1,
                    "ref": f"P-{i:04d}",
                    "name": project_name(i),
                    "priority_area_id": 1 + i % 2,
                    "status": "active",
                    "description": "",
                }
                for i in range(projects)
            ],
        )
        await s.execute(insert(ProjectAlias), [{"project_id": i + 1, "alias": f"scheme {i}"} for i in range(projects)])
        await s.execute(insert(ProjectEnabler), [{"project_id": i + 1, "enabler_id": 1} for i in range(0, projects, 3)])
        await s.execute(
            insert(ProjectRole),
            [
                {"project_id": i + 1, "person_id": 1 + i % people, "role": "lead", "position": 0}
                for i in range(projects)
            ],
        )
        opens = [datetime.combine(m, clock(9), UTC) for m in mondays]
        await s.execute(
            insert(UpdateCycle),
            [
                {
                    "id": w + 1,
                    "period_key": f"{m.isocalendar().year}-W{m.isocalendar().week:02d}",
                    "status": "open" if w == cycles - 1 else "closed",
                    "opens_at": o,
                    "due_at": o + timedelta(days=3),
                    "closes_at": o + timedelta(days=7),
                }
                for w, (m, o) in enumerate(zip(mondays, opens, strict=True))
            ],
        )
        rows = []
        for w in range(cycles):
            latest = min(opens[w] + timedelta(hours=1), now - timedelta(minutes=5))
            for i in range(projects):
                rows.append(
                    {
                        "project_id": i + 1,
                        "cycle_id": w + 1,
                        "version": 1,
                        "rag": rnd.choice(("green", "amber", "red")),
                        "progress_pct": min(100, 10 * w),
                        "submitted_by_name": f"Person {i % people} Surname{i % people}",
                        "submitted_at": latest + timedelta(seconds=i % 600),
                        "summary": f"Work on {WORDS[rnd.randrange(20)]} and {WORDS[rnd.randrange(20)]} continues.",
                        "risks": [{"text": f"{WORDS[rnd.randrange(20)]} risk", "sensitive": rnd.random() < 0.1}],
                        "achievements": "",
                        "next_steps": "",
                        "blockers": f"Waiting for {WORDS[rnd.randrange(20)]}",
                        "asks_of_dlg": "",
                        "rag_reason": "",
                        "milestone_changes": [],
                        "no_change": False,
                        "late": False,
                        "source": "import",
                    }
                )
        for start in range(0, len(rows), 5000):
            await s.execute(insert(StatusUpdate), rows[start : start + 5000])
        await s.execute(
            insert(Milestone),
            [
                {
                    "project_id": i + 1,
                    "title": "Go live",
                    "status": "not started",
                    "due_date": now.date() + timedelta(days=i % 90 - 30),
                }
                for i in range(projects)
            ],
        )
        counts = {
            "projects": (await s.execute(select(func.count()).select_from(Project))).scalar_one(),
            "updates": (await s.execute(select(func.count()).select_from(StatusUpdate))).scalar_one(),
            "people": (await s.execute(select(func.count()).select_from(Person))).scalar_one(),
            "cycles": cycles,
        }
    return counts


async def prepare(url: str, *, projects: int, cycles: int) -> dict[str, int]:
    """Migrate `url` (an empty database) and fill it: the big plan plus the benchmark's own members."""
    from store.db import Database, upgrade_async

    await upgrade_async(url)
    db = Database(url)
    try:
        counts = await seed_big_plan(db, projects=projects, cycles=cycles)
        await seed_clients(db, 8)
    finally:
        await db.dispose()
    return counts


async def ask_sequentially(
    http, server: Server, service_url: str, texts: list[str], *, client: int = 0, conversation: str | None = None
) -> tuple[list[float], int]:
    """POST each text in turn (one at a time); the latencies of the 2xx answers, and the number of failures."""
    latencies, failures = [], 0
    for text in texts:
        activity = message(text, service_url=service_url, client=client, conversation_id=conversation)
        started = time.perf_counter()
        async with http.post(server.url, json=activity) as resp:
            await resp.read()
            ok = 200 <= resp.status < 300
        if ok:
            latencies.append(time.perf_counter() - started)
        else:
            failures += 1
    return latencies, failures


@dataclass
class Result:
    projects: int
    updates: int
    questions: list[float]
    help: list[float]
    failures: int
    kinds: int
    warmup_s: float
    cycles: int = 10  # the first question after start: builds the vocabulary cache
    question_cpu_s: float = 0.0  # the server's CPU time over the question turns (user + system)
    help_cpu_s: float = 0.0

    @property
    def cpu_ms_per_question(self) -> float:
        return 1000 * self.question_cpu_s / len(self.questions) if self.questions else float("nan")

    @property
    def cpu_ms_per_help(self) -> float:
        return 1000 * self.help_cpu_s / len(self.help) if self.help else float("nan")

    def ms(self, values: list[float], q: float) -> float:
        return 1000 * percentile(values, q)

    @property
    def ratio_median(self) -> float:
        return self.ms(self.questions, 0.5) / self.ms(self.help, 0.5) if self.help else float("nan")

    @property
    def ratio_p99(self) -> float:
        return self.ms(self.questions, 0.99) / self.ms(self.help, 0.99) if self.help else float("nan")

    @property
    def ok(self) -> bool:
        return self.failures == 0 and bool(self.questions) and bool(self.help)

    @property
    def cpu_ok(self) -> bool:
        return self.cpu_ms_per_question <= 5.0

    def markdown(self) -> str:
        q, h = self.questions, self.help
        return "\n".join(
            [
                "## Question latency at scale (`python -m benchmarks.ask_latency`)",
                "",
                f"`dfbot serve` (local mode, SQLite file) with {self.projects:,} projects and {self.updates:,} status "
                "updates "
                f"({self.cycles} weekly cycles, free text indexed), asked {self.kinds} kinds of question — who leads, "
                "what is blocking, which "
                "are red, counts by area, what changed since Monday, milestones due, full-text search, what someone "
                "leads, RAG "
                "history, status, an unknown project — by one member, one at a time over `POST /api/messages`, "
                "interleaved with "
                "`help` on the same endpoint; every answer is posted to the fake Bot Connector before the HTTP answer "
                "returns.",
                "",
                "| | median | p99 | answers |",
                "|---|---:|---:|---:|",
                f"| questions | {self.ms(q, 0.5):.1f} ms | {self.ms(q, 0.99):.1f} ms | {len(q)} |",
                f"| `help` | {self.ms(h, 0.5):.1f} ms | {self.ms(h, 0.99):.1f} ms | {len(h)} |",
                f"| ratio question : help | **{self.ratio_median:.1f}** | **{self.ratio_p99:.1f}** | |",
                "",
                "Server CPU per turn (user + system, read from /proc around each turn): "
                f"**{self.cpu_ms_per_question:.2f} ms "
                f"per question** (target ≤ 5 ms), {self.cpu_ms_per_help:.2f} ms per `help`; the question engine's own "
                "share "
                f"is the difference, {self.cpu_ms_per_question - self.cpu_ms_per_help:.2f} ms.",
                "",
                f"The first question after start-up (the engine builds its vocabulary of {self.projects:,} projects, "
                "then caches "
                f"it) took {self.warmup_s * 1000:.0f} ms and is not counted. Failed turns: {self.failures}.",
            ]
        )


async def run(
    *,
    projects: int = 5000,
    cycles: int = 10,
    repeats: int = 34,
    latency: float = 0.002,
    database_url: str | None = None,
    counts: dict[str, int] | None = None,
    log_dir: Path | None = None,
) -> Result:
    """One run. `database_url` may name a database `prepare` already filled (then pass its `counts`)."""
    import aiohttp

    from tests.fakes.connector import FakeConnector, RateLimits

    pin_driver()
    with tempfile.TemporaryDirectory(prefix="bench-ask-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/ask.sqlite3"
        if database_url is None or counts is None:
            counts = await prepare(url, projects=projects, cycles=cycles)
        server = dfbot_server(url, free_port(), (log_dir or Path(tmp)) / "dfbot-ask.log")
        async with FakeConnector(limits=RateLimits.unlimited(), latency=latency) as connector:
            await server.start()
            try:
                async with aiohttp.ClientSession() as http:
                    texts = questions(counts["projects"])
                    started = time.perf_counter()
                    await ask_sequentially(http, server, connector.url, texts[:1])
                    warmup = time.perf_counter() - started
                    await ask_sequentially(http, server, connector.url, ["help"] * 3 + texts)  # connections, caches
                    asked, helped, failures = [], [], 0
                    q_cpu = h_cpu = 0.0
                    for _ in range(repeats):
                        for text in texts:
                            # one at a time, alternating, so both see the same machine
                            c0 = server.cpu_seconds()
                            a, fa = await ask_sequentially(http, server, connector.url, [text])
                            c1 = server.cpu_seconds()
                            b, fb = await ask_sequentially(http, server, connector.url, ["help"])
                            c2 = server.cpu_seconds()
                            q_cpu += c1 - c0
                            h_cpu += c2 - c1
                            asked += a
                            helped += b
                            failures += fa + fb
                        connector.reset()
            finally:
                server.stop()
    return Result(
        counts["projects"],
        counts["updates"],
        asked,
        helped,
        failures,
        len(texts),
        warmup,
        cycles=counts.get("cycles", cycles),
        question_cpu_s=q_cpu,
        help_cpu_s=h_cpu,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=34, help="times each question is asked")
    args = parser.parse_args(argv)
    result = asyncio.run(run(projects=args.projects, cycles=args.cycles, repeats=args.repeats))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
