"""Memory: peak RSS of `dfbot serve` with 5,000 projects and 50,000 updates, after answering a mix of questions.

The same large programme as `benchmarks/ask_latency.py` (5,000 projects, 2,000 people, ten weekly cycles:
50,000 status updates, milestones, aliases) in a SQLite file; `dfbot serve` (local mode, scheduler off)
is started, its resident set read once it answers `/healthz`, then it answers every kind of question
(each `repeats` times, from 8 members in parallel, `help` too), and its peak resident set (`VmHWM` in
/proc) is read. That peak includes the engine's cached vocabulary of the whole programme and the
largest answers (e.g. the 1,700 red projects).

    python -m benchmarks.memory                       # 5,000 projects
    python -m benchmarks.memory --projects 200 --cycles 2 --repeats 1
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from benchmarks.ask_latency import ask_sequentially, prepare, questions
from benchmarks.inbound import dfbot_server, free_port, pin_driver

MB = 1024 * 1024


def rss_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    return 0


@dataclass
class Result:
    projects: int
    updates: int
    idle_rss: int
    peak_rss: int
    final_rss: int
    answered: int
    failures: int

    @property
    def ok(self) -> bool:
        return self.failures == 0 and self.peak_rss > 0 and self.answered > 0

    def markdown(self) -> str:
        return "\n".join(
            [
                "## Memory (`python -m benchmarks.memory`)",
                "",
                f"`dfbot serve` (local mode, SQLite file, scheduler off) with {self.projects:,} projects and "
                f"{self.updates:,} "
                f"status updates, after answering {self.answered} turns (every kind of question the engine answers, "
                "from 8 members in "
                "parallel, and `help`):",
                "",
                "| resident set | MB |",
                "|---|---:|",
                f"| after start-up, before any turn | {self.idle_rss / MB:.0f} |",
                f"| **peak** (VmHWM) | **{self.peak_rss / MB:.0f}** |",
                f"| at the end | {self.final_rss / MB:.0f} |",
                "",
                f"Failed turns: {self.failures}.",
            ]
        )


async def run(
    *,
    projects: int = 5000,
    cycles: int = 10,
    repeats: int = 3,
    database_url: str | None = None,
    counts: dict[str, int] | None = None,
    log_dir: Path | None = None,
) -> Result:
    import aiohttp

    from tests.fakes.connector import FakeConnector, RateLimits

    pin_driver()
    with tempfile.TemporaryDirectory(prefix="bench-memory-") as tmp:
        url = database_url or f"sqlite+aiosqlite:///{tmp}/memory.sqlite3"
        if database_url is None or counts is None:
            counts = await prepare(url, projects=projects, cycles=cycles)
        server = dfbot_server(url, free_port(), (log_dir or Path(tmp)) / "dfbot-memory.log")
        async with FakeConnector(limits=RateLimits.unlimited()) as connector:
            await server.start()
            try:
                idle = rss_bytes(server.proc.pid)
                texts = questions(counts["projects"]) + ["help"]
                async with aiohttp.ClientSession() as http:
                    results = await asyncio.gather(
                        *(ask_sequentially(http, server, connector.url, texts * repeats, client=c) for c in range(8))
                    )
                peak = server.rss_peak_bytes()
                final = rss_bytes(server.proc.pid)
            finally:
                server.stop()
    answered = sum(len(latencies) for latencies, _ in results)
    failures = sum(failed for _, failed in results)
    return Result(counts["projects"], counts["updates"], idle, peak, final, answered, failures)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=5000)
    parser.add_argument("--cycles", type=int, default=10)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    result = asyncio.run(run(projects=args.projects, cycles=args.cycles, repeats=args.repeats))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
