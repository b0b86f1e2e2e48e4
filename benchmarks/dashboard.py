"""How long the server takes to render the dashboard's matrix (`GET /dashboard`) for a large programme.

    from benchmarks.dashboard import render_times
    render_times()            # 500 and 5,000 projects on SQLite, six cycles of history each

or `python -m benchmarks.dashboard`. Each size gets a fresh, migrated SQLite database (or
`database_url`, which must be empty) filled with areas, enablers, leads, six weekly cycles with an
update per project per cycle (a second version for one in ten) and a posted digest; then the page is
requested over loopback HTTP from the real aiohttp app in local mode, `repeats` times after a warm-up,
accepting gzip as browsers do. Reported: the median and best wall time per request, and, separately,
the median time to read the portfolio from the database and to render the HTML from it; the page size
as HTML and gzipped; the ratio 5,000 : 500. Run it on a quiet machine: it measures wall time.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

SIZES = (500, 5000)
CYCLES = 6
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
RAGS = ("green", "green", "green", "amber", "amber", "red")


async def _seed(db, projects: int) -> None:
    from sqlalchemy import insert

    from store.models import (
        Digest,
        Enabler,
        Person,
        PriorityArea,
        Project,
        ProjectEnabler,
        ProjectRole,
        StatusUpdate,
        UpdateCycle,
    )

    people = max(projects // 5, 10)
    async with db.unit_of_work() as s:
        await s.execute(
            insert(PriorityArea),
            [{"id": i + 1, "key": f"area-{i}", "name": f"Priority area {i + 1}", "position": i} for i in range(4)],
        )
        await s.execute(
            insert(Enabler),
            [{"id": i + 1, "key": f"enabler-{i}", "name": f"Enabler {i + 1}", "position": i} for i in range(4)],
        )
        await s.execute(
            insert(Person),
            [
                {"id": i + 1, "name": f"Lead {i + 1:05d}", "email": f"lead{i + 1}@council.example"}
                for i in range(people)
            ],
        )
        await s.execute(
            insert(Project),
            [
                {
                    "id": i + 1,
                    "ref": f"P-{i + 1:05d}",
                    "name": f"Project number {i + 1}",
                    "priority_area_id": i % 4 + 1,
                    "status": "active",
                }
                for i in range(projects)
            ],
        )
        await s.execute(
            insert(ProjectEnabler),
            [{"project_id": i + 1, "enabler_id": e + 1} for i in range(projects) for e in range(4) if (i + e) % 3 == 0],
        )
        await s.execute(
            insert(ProjectRole),
            [{"project_id": i + 1, "person_id": i % people + 1, "role": "lead", "position": 0} for i in range(projects)]
            + [
                {"project_id": i + 1, "person_id": (i + 7) % people + 1, "role": "deputy", "position": 0}
                for i in range(0, projects, 2)
            ],
        )
        opens = [NOW - timedelta(days=2 + 7 * (CYCLES - 1 - c)) for c in range(CYCLES)]
        await s.execute(
            insert(UpdateCycle),
            [
                {
                    "id": c + 1,
                    "period_key": f"2026-C{c + 1:02d}",
                    "opens_at": o,
                    "due_at": o + timedelta(days=3),
                    "closes_at": o + timedelta(days=7),
                    "status": "open" if c == CYCLES - 1 else "closed",
                }
                for c, o in enumerate(opens)
            ],
        )
        rows = []
        for i in range(projects):
            for c in range(CYCLES):
                if (i + c) % 11 == 0:
                    continue  # a missed update now and then
                at = opens[c] + timedelta(hours=1 + i % 40)
                base = {
                    "project_id": i + 1,
                    "cycle_id": c + 1,
                    "submitted_at": at,
                    "submitted_by_name": f"Lead {i % people + 1:05d}",
                    "rag": RAGS[(i * 7 + c) % len(RAGS)],
                    "progress_pct": (i + c * 10) % 100,
                    "summary": "Progress as planned.",
                    "risks": [{"text": "A risk", "sensitive": i % 5 == 0}],
                }
                rows.append({**base, "version": 1})
                if i % 10 == 0:
                    rows.append({**base, "version": 2, "submitted_at": at + timedelta(hours=2)})
        for chunk in range(0, len(rows), 5000):
            await s.execute(insert(StatusUpdate), rows[chunk : chunk + 5000])
        await s.execute(
            insert(Digest),
            [
                {
                    "period_key": "2026-C05",
                    "cycle_id": CYCLES - 1,
                    "status": "posted",
                    "content": {"title": "Digest"},
                    "created_at": opens[-2] + timedelta(days=4),
                    "posted_at": opens[-2] + timedelta(days=4),
                }
            ],
        )


async def _measure(projects: int, repeats: int, database_url: str | None) -> dict[str, Any]:
    import aiohttp
    from aiohttp import web
    from aiohttp.test_utils import TestServer

    from dashboard import views
    from dashboard.auth import local_viewer
    from dashboard.routes import setup
    from infra.config import Settings
    from services.context import AppContext
    from store import dashboard_repo
    from store.db import Database, upgrade

    with tempfile.TemporaryDirectory() as tmp:
        url = database_url or f"sqlite+aiosqlite:///{Path(tmp) / 'bench.sqlite3'}"
        await asyncio.to_thread(upgrade, url)
        db = Database(url)
        try:
            await _seed(db, projects)
            settings = Settings(
                _env_file=None, database_url=url, app_id="", local_mode_requested=True, scheduler_enabled=False
            )
            context = AppContext(settings=settings, db=db, clock=lambda: NOW)
            app = web.Application()
            setup(app, context)
            server = TestServer(app, host="127.0.0.1")
            await server.start_server()
            requests: list[float] = []
            size = 0
            try:
                async with aiohttp.ClientSession() as http:
                    for i in range(repeats + 1):
                        started = time.perf_counter()
                        async with http.get(server.make_url("/dashboard")) as resp:
                            body = await resp.read()
                            assert resp.status == 200, resp.status
                        if i:  # the first request warms caches and is not counted
                            requests.append(time.perf_counter() - started)
                        size = len(body)
                    async with http.get(
                        server.make_url("/dashboard"), headers={"Accept-Encoding": "gzip"}, auto_decompress=False
                    ) as resp:
                        gzip_size = len(await resp.read())
            finally:
                await server.close()
            reads, renders = [], []
            vctx = views.ViewContext(viewer=local_viewer("127.0.0.1"), now=NOW, local_mode=True)
            for _ in range(repeats):
                started = time.perf_counter()
                async with db.unit_of_work() as s:
                    portfolio = await dashboard_repo.portfolio(s, now=NOW)
                read = time.perf_counter()
                views.matrix(portfolio, {}, vctx)
                reads.append(read - started)
                renders.append(time.perf_counter() - read)
        finally:
            await db.dispose()

    def ms(xs):
        return round(statistics.median(xs) * 1000, 1)

    return {
        "projects": projects,
        "median_ms": ms(requests),
        "best_ms": round(min(requests) * 1000, 1),
        "read_ms": ms(reads),
        "render_ms": ms(renders),
        "page_bytes": size,
        "gzip_bytes": gzip_size,
        "repeats": repeats,
        "backend": "sqlite" if url.startswith("sqlite") else url.split(":", 1)[0],
    }


def render_times(
    sizes: tuple[int, ...] = SIZES, *, repeats: int = 5, database_url: str | None = None
) -> dict[str, Any]:
    """Server-side time to answer GET /dashboard for each size; `ratio` is largest : smallest (median)."""
    results = [asyncio.run(_measure(n, repeats, database_url)) for n in sizes]
    by_size = {r["projects"]: r for r in results}
    small, large = by_size[min(sizes)], by_size[max(sizes)]
    return {
        "sizes": by_size,
        "ratio": round(large["median_ms"] / small["median_ms"], 2) if small["median_ms"] else None,
        "cycles": CYCLES,
    }


def markdown(result: dict[str, Any]) -> str:
    lines = [
        "| Projects | Median request (ms) | Best (ms) | DB read (ms) | HTML render (ms) | Page (KB) | Gzipped (KB) |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for n, r in sorted(result["sizes"].items()):
        lines.append(
            f"| {n:,} | {r['median_ms']} | {r['best_ms']} | {r['read_ms']} | {r['render_ms']} "
            f"| {r['page_bytes'] // 1024:,} | {r['gzip_bytes'] // 1024:,} |"
        )
    lines.append(f"\nRatio (largest : smallest, median request): {result['ratio']}")
    return "\n".join(lines)


if __name__ == "__main__":
    outcome = render_times()
    print(json.dumps(outcome, indent=2))
    print(markdown(outcome))
