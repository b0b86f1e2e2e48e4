"""How long building the DLG digest takes for a large programme with a long history.

    from benchmarks.digest import build_times
    build_times()            # 500 and 5,000 projects, 26 weekly cycles each, on SQLite

or `python -m benchmarks.digest`. Each size gets a fresh, migrated SQLite database (or
`database_url`, which must be empty) seeded by `tests.digest_fixtures.seed`: areas, enablers, one
lead per project, 26 weekly cycles with an update per project per cycle (a tenth miss the last one,
and are chased), two milestones each. Then the digest for the last cycle is built `repeats` times
after a warm-up: the facts read from the database (counted in SQL statements), `compose`, and the
rendering that fits it into a Graph message (card + HTML, shortened to ~27 KB with links to the
full view). Reported: median and best total per size, each part's median, the statement count
(the same for every size), and the ratio 5,000 : 500.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

SIZES = (500, 5000)
CYCLES = 26


async def _measure(projects: int, cycles: int, repeats: int, database_url: str | None) -> dict[str, Any]:
    from sqlalchemy import event

    from graph.publisher import GraphPublisher
    from programme.digest import compose
    from services.digest import DigestView, fit, links
    from store import digest_repo
    from store.db import Database, upgrade
    from tests.digest_fixtures import TZ, seed

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
        db = Database(url)
        statements: list[str] = []
        event.listen(db.engine.sync_engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
        try:
            seeded = await seed(db, projects=projects, cycles=cycles)
            full, sensitive = links("https://bot.example.gov.uk", seeded.current.key)
            publisher = GraphPublisher(client=None, team_id="team", channel_id="channel")
            reads, composes, renders, counts, size = [], [], [], [], 0
            for i in range(repeats + 1):
                statements.clear()
                started = time.perf_counter()
                async with db.unit_of_work() as s:
                    facts = await digest_repo.digest_facts(
                        s, seeded.current.key, now=seeded.digest_time, tz=TZ, full_url=full, sensitive_url=sensitive
                    )
                read = time.perf_counter()
                content = compose(facts)
                composed = time.perf_counter()
                view = DigestView(
                    0,
                    seeded.current.key,
                    "approved",
                    content,
                    "0" * 32,
                    "graph",
                    0,
                    "",
                    "",
                    None,
                    "",
                    seeded.digest_time,
                    None,
                )
                message = fit(view, publisher)
                done = time.perf_counter()
                if i:  # the first build warms caches and is not counted
                    reads.append(read - started)
                    composes.append(composed - read)
                    renders.append(done - composed)
                    counts.append(sum(1 for q in statements if q.lstrip().upper().startswith(("SELECT", "WITH"))))
                    size = publisher.size(message)
        finally:
            await db.dispose()

    def ms(xs):
        return round(statistics.median(xs) * 1000, 1)

    totals = [a + b + c for a, b, c in zip(reads, composes, renders, strict=True)]
    return {
        "projects": projects,
        "cycles": cycles,
        "median_ms": ms(totals),
        "best_ms": round(min(totals) * 1000, 1),
        "read_ms": ms(reads),
        "compose_ms": ms(composes),
        "render_fit_ms": ms(renders),
        "statements": max(counts),
        "graph_message_bytes": size,
        "repeats": repeats,
        "backend": "sqlite" if url.startswith("sqlite") else url.split(":", 1)[0],
    }


def build_times(
    sizes: tuple[int, ...] = SIZES, *, cycles: int = CYCLES, repeats: int = 3, database_url: str | None = None
) -> dict[str, Any]:
    """Time to build the digest for each size; `ratio` is largest : smallest (median total)."""
    results = [asyncio.run(_measure(n, cycles, repeats, database_url)) for n in sizes]
    by_size = {r["projects"]: r for r in results}
    small, large = by_size[min(sizes)], by_size[max(sizes)]
    return {
        "sizes": by_size,
        "cycles": cycles,
        "measured_at": datetime.now().isoformat(timespec="seconds"),
        "ratio": round(large["median_ms"] / small["median_ms"], 2) if small["median_ms"] else None,
        "project_ratio": max(sizes) / min(sizes),
        "same_statement_count": len({r["statements"] for r in results}) == 1,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| Projects | Cycles | Median build (ms) | Best (ms) | DB read (ms) | Compose (ms) | Render + fit (ms) | SQL "
        "statements | Graph message (KB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in sorted(result["sizes"].items()):
        lines.append(
            f"| {n:,} | {r['cycles']} | {r['median_ms']} | {r['best_ms']} | {r['read_ms']} | {r['compose_ms']} | "
            f"{r['render_fit_ms']} | {r['statements']} | {r['graph_message_bytes'] / 1024:.1f} |"
        )
    lines.append(
        f"\nRatio (largest : smallest, median build): {result['ratio']} for {result['project_ratio']:g}× the projects."
    )
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = build_times()
    print(json.dumps(outcome, indent=2))
    print(markdown(outcome))
