"""Card submit latency: 50 leads pressing "Submit update" on the update card at the same moment.

`dfbot serve` (local mode, SQLite file, scheduler off) with a programme of `leads` projects, one lead
each, and this week's cycle open. Each lead first types `update` and gets the update card (through
the fake Bot Connector, as in Teams); then, in each round, all leads submit the card at once — an
`Action.Execute` invoke (`adaptiveCard/action`, verb `update.submit`) carrying the card's data and
the typed inputs, exactly what Teams sends — and wait for the invoke response (the summary card);
then all press "Edit" at once and get the form back with the stored version, for the next round's
submit. Reported: p50/p99/max of the submits (the write path: checks, one new stored version, the
summary card) and of the edits (a read), across all rounds, and that every submit was stored once.
Teams gives an invoke about 15 seconds (beyond that the user sees an error).

    python -m benchmarks.invoke                     # 50 leads, 5 rounds
    python -m benchmarks.invoke --leads 5 --rounds 1
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks.inbound import aad_of, dfbot_server, free_port, message, percentile, pin_driver

TZ = "Europe/London"
RAGS = ("amber", "green", "red")
INVOKE_WINDOW_S = 15.0


async def seed(url: str, leads: int) -> None:
    """Migrate, then `leads` projects each led by one known person, and this week's cycle open."""
    from programme import calendar
    from programme.cycles import Cadence
    from services import cycles
    from store.db import Database, upgrade_async
    from store.models import Person, Project, ProjectRole

    await upgrade_async(url)
    db = Database(url)
    try:
        async with db.unit_of_work() as s:
            people = [
                Person(
                    name=f"Bench Member {i}",
                    email=f"bench.member{i}@example.gov.uk",
                    aad_object_id=aad_of(i),
                    teams_user_id=f"29:bench-{i}",
                )
                for i in range(leads)
            ]
            projects = [Project(ref=f"INV-{i:03d}", name=f"Invoke project {i}") for i in range(leads)]
            s.add_all(people + projects)
            await s.flush()
            s.add_all(
                [
                    ProjectRole(project_id=p.id, person_id=lead.id, role="lead")
                    for p, lead in zip(projects, people, strict=True)
                ]
            )
        now = datetime.now(UTC)
        await cycles.open_period(db, calendar.current_period(now, Cadence(), TZ), now, TZ, actor="benchmark")
    finally:
        await db.dispose()


def invoke_activity(data: dict[str, Any], *, service_url: str, client: int) -> dict[str, Any]:
    """An Action.Execute click as Teams sends it (the card's inputs merged into the action's data)."""
    activity = message("", service_url=service_url, client=client)
    activity.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "id": f"inv-{uuid.uuid4().hex}",
            "text": None,
            "value": {
                "action": {"type": "Action.Execute", "verb": data.get("verb"), "data": data},
                "trigger": "manual",
            },
        }
    )
    return activity


def actions_of(card: dict[str, Any]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("type") == "Action.Execute":
                found[node.get("title", "")] = node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card)
    return found


def inputs(round_no: int, client: int) -> dict[str, str]:
    rag = RAGS[(round_no + client) % len(RAGS)]
    return {
        "rag": rag,
        "rag_reason": "" if rag == "green" else f"Supplier delay, round {round_no}",
        "progress_pct": str(min(100, 10 * (round_no + 1))),
        "summary": f"Round {round_no}: pilot sites chosen.",
        "achievements": "Two libraries signed up",
        "next_steps": "Chase the supplier",
        "risk_1": "Devices may miss the pilot date",
        "risk_1_sensitive": "false",
        "blockers": "",
        "asks_of_dlg": "Approve spend",
    }


@dataclass
class Result:
    leads: int
    rounds: int
    submits: list[float]
    edits: list[float]
    failures: int
    stored: int
    expected: int

    def ms(self, values: list[float], q: float) -> float:
        return 1000 * percentile(values, q)

    @property
    def ok(self) -> bool:
        return self.failures == 0 and self.stored == self.expected and bool(self.submits)

    def markdown(self) -> str:
        s, e = self.submits, self.edits

        def row(name: str, v: list[float]) -> str:
            return (
                f"| {name} | {self.ms(v, 0.5):.0f} ms | **{self.ms(v, 0.99):.0f} ms** | "
                f"{self.ms(v, 1.0):.0f} ms | {len(v)} |"
            )

        return "\n".join(
            [
                f"## Card submit (invoke) at {self.leads} concurrent leads (`python -m benchmarks.invoke`)",
                "",
                f"`dfbot serve` (local mode, SQLite file), {self.leads} projects each with one lead, this week's "
                "cycle open. "
                f"Each lead got the update card by typing `update`; then, {self.rounds} times, all {self.leads} leads "
                "pressed "
                "**Submit update** at the same moment (an `adaptiveCard/action` invoke with the card's data and their "
                "inputs, "
                "as Teams sends it) and waited for the summary card, then all pressed **Edit** at once and got the "
                "form back "
                "for the next round. Latency is from the POST to the invoke response.",
                "",
                "| invoke | p50 | p99 | max | invokes |",
                "|---|---:|---:|---:|---:|",
                row("Submit update (stores a new version)", s),
                row("Edit (reads the last version)", e),
                "",
                f"Versions stored: {self.stored} of {self.expected} submitted (each stored exactly once); failed "
                "invokes: "
                f"{self.failures}. Teams' invoke window is about {INVOKE_WINDOW_S:.0f} s.",
            ]
        )


async def run(*, leads: int = 50, rounds: int = 5, latency: float = 0.002, log_dir: Path | None = None) -> Result:
    import aiohttp
    from sqlalchemy import func, select

    from store.db import Database
    from store.models import StatusUpdate
    from tests.fakes.connector import FakeConnector, RateLimits

    pin_driver()
    with tempfile.TemporaryDirectory(prefix="bench-invoke-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/invoke.sqlite3"
        await seed(url, leads)
        server = dfbot_server(url, free_port(), (log_dir or Path(tmp)) / "dfbot-invoke.log")
        submits: list[float] = []
        edits: list[float] = []
        failures = 0
        async with FakeConnector(limits=RateLimits.unlimited(), latency=latency) as connector:
            await server.start()
            try:
                conn = aiohttp.TCPConnector(limit=leads * 2)
                async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=60)) as http:

                    async def post(activity: dict[str, Any]) -> tuple[float, int, Any]:
                        started = time.perf_counter()
                        async with http.post(server.url, json=activity) as resp:
                            body = await resp.json() if resp.content_type == "application/json" else None
                            return time.perf_counter() - started, resp.status, body

                    forms: dict[int, dict[str, Any]] = {}
                    for i in range(leads):  # the update card, as Teams shows it after `update`
                        _, status, _ = await post(message("update", service_url=connector.url, client=i))
                        [card] = [c for c in connector.cards(f"a:bench-{i}") if "Submit update" in actions_of(c)][
                            -1:
                        ] or [None]
                        if status != 200 or card is None:
                            raise RuntimeError(f"lead {i} got no update card (HTTP {status})")
                        forms[i] = card

                    async def submit(i: int, r: int) -> None:
                        nonlocal failures
                        data = {**actions_of(forms[i])["Submit update"]["data"], **inputs(r, i)}
                        seconds, status, body = await post(invoke_activity(data, service_url=connector.url, client=i))
                        card = (body or {}).get("value") if isinstance(body, dict) else None
                        if status != 200 or not isinstance(card, dict) or "Edit" not in actions_of(card):
                            failures += 1
                            return
                        submits.append(seconds)
                        forms[i] = card

                    async def edit(i: int) -> None:
                        nonlocal failures
                        data = dict(actions_of(forms[i])["Edit"]["data"])
                        seconds, status, body = await post(invoke_activity(data, service_url=connector.url, client=i))
                        card = (body or {}).get("value") if isinstance(body, dict) else None
                        if status != 200 or not isinstance(card, dict) or "Submit update" not in actions_of(card):
                            failures += 1
                            return
                        edits.append(seconds)
                        forms[i] = card

                    for r in range(rounds):
                        await asyncio.gather(*(submit(i, r) for i in range(leads)))
                        await asyncio.gather(*(edit(i) for i in range(leads)))
            finally:
                server.stop()
        db = Database(url)
        try:
            async with db.unit_of_work() as s:
                stored = (await s.execute(select(func.count()).select_from(StatusUpdate))).scalar_one()
        finally:
            await db.dispose()
    return Result(leads, rounds, submits, edits, failures, stored, leads * rounds)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--leads", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    result = asyncio.run(run(leads=args.leads, rounds=args.rounds))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
