"""Directory benchmark: the daily check of N people (2,000 by default) through the local Graph test server
with its throttling on — how close the real client gets to the minimum time the limits allow.

It runs the production path, `services.directory.check_people` (who to ask, read from the database;
the msgraph-sdk client of graph/directory.py sending JSON batches; every answer saved in one unit of
work), against a migrated SQLite file. The people are a realistic mix: most found by user principal
name (one read each), some only by `mail` (two reads), some only by an older proxy address (three), a
few not in the directory at all (three reads, then "not found").

The server throttles as Entra ID does — a token bucket of resource units, each `$select`ed read costing
one — but tighter than a real tenant's (8,000 units per 10 seconds for a large one would let 2,000
lookups through without a single 429), so that the limit, not the machine, sets the pace. The minimum
the limits allow is (units needed − bucket size) ÷ refill rate: the bucket starts full, and nothing
sent sooner can succeed. Reported: the time taken, that minimum, their ratio (target ≤ 1.5), the 429s
met on the way, HTTP requests made, and whether every person came out right.

    python -m benchmarks.directory                  # 2,000 people
    python -m benchmarks.directory --people 300
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
import tempfile
import time
from dataclasses import dataclass

CAPACITY, SECONDS = 500, 2.5  # the test server's bucket: 500 units, refilled over 2.5 s (200 units/s)
LATENCY = 0.05  # seconds before each HTTP answer: Graph is a network away (as in the fan-out benchmark)
SHARES = {"upn": 0.95, "mail": 0.025, "proxy": 0.015, "absent": 0.01}
COST = {"upn": 1, "mail": 2, "proxy": 3, "absent": 3}


@dataclass
class Result:
    people: int
    seconds: float
    units: int
    capacity: int
    window: float
    throttled: int
    http_requests: int
    batch_size: int
    latency: float
    correct: int
    statuses: dict[str, int]
    unbatched_seconds: float | None = None
    unbatched_requests: int | None = None

    @property
    def rate(self) -> float:
        return self.capacity / self.window

    @property
    def minimum(self) -> float:
        return max(0.0, (self.units - self.capacity) / self.rate)

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum if self.minimum else float("nan")

    @property
    def ok(self) -> bool:
        return self.correct == self.people

    def markdown(self) -> str:
        mix = ", ".join(f"{round(self.people * share):,} {how}" for how, share in SHARES.items())
        rows = [
            ("time taken", f"{self.seconds:.1f} s"),
            (
                "minimum the limits allow",
                f"{self.minimum:.1f} s ({self.units:,} resource units needed, a bucket of "
                f"{self.capacity} refilled at {self.rate:.0f}/s: ({self.units:,} − "
                f"{self.capacity}) ÷ {self.rate:.0f})",
            ),
            ("ratio", f"{self.ratio:.2f} (target ≤ 1.5)"),
            ("429 answers on the way", f"{self.throttled:,} (each waited out with Retry-After, everyone pausing)"),
            ("HTTP requests", f"{self.http_requests:,} (JSON batches of {self.batch_size})"),
            (
                "people right",
                f"{self.correct:,} of {self.people:,} "
                f"({', '.join(f'{n:,} {s}' for s, n in sorted(self.statuses.items()))})",
            ),
        ]
        if self.unbatched_seconds is not None:
            rows.append(
                (
                    "for comparison: batches of 1 (what `$batch` saves)",
                    f"{self.unbatched_seconds:.1f} s, {self.unbatched_requests:,} HTTP requests (ratio "
                    f"{self.unbatched_seconds / self.minimum:.2f})",
                )
            )
        return "\n".join(
            [
                "## Directory check (`python -m benchmarks.directory`)",
                "",
                f"The daily check of {self.people:,} people ({mix}: found by user principal name, only by `mail`, only "
                "by a proxy address, not in the directory) through the local Graph test server throttling like Entra "
                "ID "
                "(a token bucket of resource units; each `$select`ed read costs one) but tighter than a real tenant, "
                "so the "
                "limit sets the pace; the production path (`services.directory.check_people`: the database, the "
                "msgraph-sdk client, every answer saved), SQLite file; the test server answers each HTTP request "
                "after "
                f"{1000 * self.latency:.0f} ms and runs in the same process.",
                "",
                "| measure | value |",
                "|---|---|",
                *[f"| {a} | {b} |" for a, b in rows],
            ]
        )


async def _seed(url: str, people: int, fake) -> dict[str, str]:
    """People with roles in the database, the directory's users in the fake; email -> expected status."""
    from store.db import Database, upgrade_async
    from store.models import Person, Project, ProjectRole

    await upgrade_async(url)
    db = Database(url)
    expected: dict[str, str] = {}
    try:
        async with db.unit_of_work() as s:
            index = 0
            for how, share in SHARES.items():
                for _ in range(round(people * share)):
                    email = f"person{index}@council.example"
                    if how == "upn":
                        fake.directory.add_user(f"Person {index}", email)
                    elif how == "mail":
                        fake.directory.add_user(f"Person {index}", f"p{index}.upn@council.example", mail=email)
                    elif how == "proxy":
                        fake.directory.add_user(
                            f"Person {index}",
                            f"p{index}.upn@council.example",
                            mail=f"p{index}@council.example",
                            proxy=(email,),
                        )
                    expected[email] = "not_found" if how == "absent" else "active"
                    index += 1
            persons = [Person(email=e, name="") for e in expected]
            projects = [Project(ref=f"P{i:05d}", name=f"Project {i}") for i in range((len(persons) + 1) // 2)]
            s.add_all(persons + projects)
            await s.flush()
            s.add_all(
                [
                    ProjectRole(project_id=projects[i // 2].id, person_id=p.id, role="lead" if i % 2 == 0 else "deputy")
                    for i, p in enumerate(persons)
                ]
            )
    finally:
        await db.dispose()
    return expected


async def _check(url: str, fake, batch_size: int) -> tuple[float, dict[str, str], int]:
    from infra.config import Settings
    from services.context import AppContext
    from services.directory import check_people
    from store.db import Database
    from tests.directory_fixtures import directory_for

    db = Database(url)
    ctx = AppContext(
        settings=Settings(_env_file=None, database_url=url),
        db=db,
        directory=directory_for(fake, timeout=30, batch_size=batch_size),
    )
    before = len(fake.requests)
    try:
        started = time.perf_counter()
        report = await check_people(ctx, ctx.directory)
        seconds = time.perf_counter() - started
    finally:
        await ctx.close_directory()
        await db.dispose()
    return seconds, report.by_email, len(fake.requests) - before


async def run(
    people: int = 2000,
    *,
    capacity: int = CAPACITY,
    window: float = SECONDS,
    latency: float = LATENCY,
    compare: bool = True,
) -> Result:
    from tests.fakes.graph import FakeGraph

    logging.getLogger("dfbot.directory").setLevel(logging.WARNING)
    with tempfile.TemporaryDirectory(prefix="bench-directory-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/directory.sqlite3"
        async with FakeGraph(latency=latency) as fake:
            expected = await _seed(url, people, fake)
            units = sum(COST[how] * round(people * share) for how, share in SHARES.items())
            fake.directory.throttle(capacity, window)
            seconds, found, requests = await _check(url, fake, 20)
            throttled = fake.directory.throttled
            unbatched = None
            if compare:
                fake.directory.throttle(capacity, window)  # a fresh, full bucket
                from sqlalchemy import delete

                from store.db import Database
                from store.models import DirectoryPerson, Person

                db = Database(url)  # forget the first run: everyone is looked up by email again
                async with db.unit_of_work() as s:
                    await s.execute(delete(DirectoryPerson))
                    await s.execute(Person.__table__.update().values(aad_object_id=None))
                await db.dispose()
                unbatched = await _check(url, fake, 1)
    statuses: dict[str, int] = {}
    for status in found.values():
        statuses[status] = statuses.get(status, 0) + 1
    correct = sum(found.get(email) == status for email, status in expected.items())
    return Result(
        len(expected),
        seconds,
        units,
        capacity,
        window,
        throttled,
        requests,
        20,
        latency,
        correct,
        statuses,
        unbatched[0] if unbatched else None,
        unbatched[2] if unbatched else None,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--no-compare", action="store_true", help="skip the batches-of-1 comparison run")
    args = parser.parse_args(argv)
    result = asyncio.run(run(args.people, compare=not args.no_compare))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
