"""Card refresh latency: 50 leads viewing their update card at the same moment, against `help`.

Teams sends a card's refresh (an `adaptiveCard/action` invoke, `trigger: "automatic"`) for every person
in its `userIds` who views it, and waits for the answer before showing them the card; a channel of
leads opening the programme's cards at a meeting is a burst of them. `dfbot serve` (local mode, SQLite
file, scheduler off) with `viewers` projects, one lead each, and this week's cycle open. Each lead first
types `update` and gets the form, which refreshes itself; half of them then submit, so their refresh
answers "your update is in" and the other half's the live form. Then, in each round, all leads' cards
refresh at once (the invoke Teams sends, built from the card's own `refresh` block), and all leads type
`help` at once (the same HTTP edge, adapter and identity, with a card reply sent through the fake Bot
Connector): p50/p99/max of each and the p99 ratio refresh : help, from one run on one machine.

    python -m benchmarks.refresh                     # 50 viewers, 10 rounds (in `make bench`)
    python -m benchmarks.refresh --viewers 5 --rounds 1
    python -m benchmarks.refresh --tiny              # the size `python -m benchmarks.run --tiny` uses (`make test`)
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.inbound import dfbot_server, free_port, message, percentile, pin_driver
from benchmarks.invoke import INVOKE_WINDOW_S, actions_of, inputs, invoke_activity, seed

TINY = {"viewers": 5, "rounds": 1}  # `--tiny`, here and in benchmarks/run.py


def refresh_activity(card: dict[str, Any], *, service_url: str, client: int) -> dict[str, Any]:
    """What Teams sends when lead `client` views `card`: its refresh action, fired by the client itself."""
    action = card["refresh"]["action"]
    activity = message("", service_url=service_url, client=client)
    activity.update(
        {
            "type": "invoke",
            "name": "adaptiveCard/action",
            "id": f"ref-{uuid.uuid4().hex}",
            "text": None,
            "value": {
                "action": {"type": "Action.Execute", "verb": action["verb"], "data": action["data"]},
                "trigger": "automatic",
            },
        }
    )
    return activity


@dataclass
class Result:
    viewers: int
    rounds: int
    refreshes: list[float]
    helps: list[float]
    failures: int
    submitted_views: int
    form_views: int

    def ms(self, values: list[float], q: float) -> float:
        return 1000 * percentile(values, q)

    @property
    def p99_ratio(self) -> float:
        helped = self.ms(self.helps, 0.99)
        return self.ms(self.refreshes, 0.99) / helped if helped else 0.0

    @property
    def ok(self) -> bool:
        return self.failures == 0 and bool(self.refreshes) and bool(self.helps)

    def markdown(self) -> str:
        r, h = self.refreshes, self.helps

        def row(name: str, v: list[float]) -> str:
            return (
                f"| {name} | {self.ms(v, 0.5):.0f} ms | **{self.ms(v, 0.99):.0f} ms** | "
                f"{self.ms(v, 1.0):.0f} ms | {len(v)} |"
            )

        return "\n".join(
            [
                f"## Card refresh (invoke) at {self.viewers} concurrent viewers, against `help` (`python -m "
                "benchmarks.refresh`)",
                "",
                f"`dfbot serve` (local mode, SQLite file), {self.viewers} projects each with one lead, this week's "
                "cycle open. "
                "Each lead got the update form by typing `update`; half then submitted. In each of "
                f"{self.rounds} rounds all {self.viewers} leads' cards refreshed at the same moment (the "
                "`adaptiveCard/action` "
                'invoke with `trigger: "automatic"` that Teams sends, built from the card\'s own `refresh` block: one '
                "read of "
                "who is asking, one of the card's state, nothing written), and all typed `help` at the same moment "
                "(the same "
                "edge and identity, with a card reply through the fake Bot Connector). Latency is from the POST to "
                "the answer.",
                "",
                "| request | p50 | p99 | max | requests |",
                "|---|---:|---:|---:|---:|",
                row("Refresh (the card's current state)", r),
                row("`help`", h),
                "",
                f'**p99 refresh : help = {self.p99_ratio:.2f}**. Views answered: {self.submitted_views} "your update '
                'is in", '
                f"{self.form_views} live forms; failed requests: {self.failures}. Teams' invoke window is about "
                f"{INVOKE_WINDOW_S:.0f} s.",
            ]
        )


async def run(*, viewers: int = 50, rounds: int = 10, latency: float = 0.002, log_dir: Path | None = None) -> Result:
    import aiohttp

    from tests.fakes.connector import FakeConnector, RateLimits

    pin_driver()
    with tempfile.TemporaryDirectory(prefix="bench-refresh-") as tmp:
        url = f"sqlite+aiosqlite:///{tmp}/refresh.sqlite3"
        await seed(url, viewers)
        server = dfbot_server(url, free_port(), (log_dir or Path(tmp)) / "dfbot-refresh.log")
        refreshes: list[float] = []
        helps: list[float] = []
        failures = submitted_views = form_views = 0
        async with FakeConnector(limits=RateLimits.unlimited(), latency=latency) as connector:
            await server.start()
            try:
                conn = aiohttp.TCPConnector(limit=viewers * 2)
                async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=60)) as http:

                    async def post(activity: dict[str, Any]) -> tuple[float, int, Any]:
                        started = time.perf_counter()
                        async with http.post(server.url, json=activity) as resp:
                            body = await resp.json() if resp.content_type == "application/json" else None
                            return time.perf_counter() - started, resp.status, body

                    cards: dict[int, dict[str, Any]] = {}
                    for i in range(viewers):  # the form, as Teams shows it after `update`
                        _, status, _ = await post(message("update", service_url=connector.url, client=i))
                        found = [c for c in connector.cards(f"a:bench-{i}") if c.get("refresh")]
                        if status != 200 or not found:
                            raise RuntimeError(f"lead {i} got no refreshing update card (HTTP {status})")
                        cards[i] = found[-1]
                    for i in range(
                        0, viewers, 2
                    ):  # half of them submit: their card then refreshes to "your update is in"
                        data = {**actions_of(cards[i])["Submit update"]["data"], **inputs(0, i)}
                        _, status, _ = await post(invoke_activity(data, service_url=connector.url, client=i))
                        if status != 200:
                            raise RuntimeError(f"lead {i} could not submit (HTTP {status})")

                    async def refresh(i: int, measured: bool) -> None:
                        nonlocal failures, submitted_views, form_views
                        seconds, status, body = await post(
                            refresh_activity(cards[i], service_url=connector.url, client=i)
                        )
                        card = (body or {}).get("value") if isinstance(body, dict) else None
                        if status != 200 or not isinstance(card, dict) or not card.get("refresh"):
                            failures += 1
                            return
                        if measured:
                            refreshes.append(seconds)
                            shown = "Submit update" in actions_of({k: v for k, v in card.items() if k != "refresh"})
                            form_views += shown
                            submitted_views += not shown

                    async def helping(i: int, measured: bool) -> None:
                        nonlocal failures
                        seconds, status, _ = await post(message("help", service_url=connector.url, client=i))
                        if status != 200:
                            failures += 1
                        elif measured:
                            helps.append(seconds)

                    for r in range(rounds + 1):  # round 0 warms both paths up and is not counted
                        order = (refresh, helping) if r % 2 else (helping, refresh)
                        for step in order:
                            await asyncio.gather(*(step(i, r > 0) for i in range(viewers)))
            finally:
                server.stop()
    return Result(viewers, rounds, refreshes, helps, failures, submitted_views, form_views)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--viewers", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument(
        "--tiny",
        action="store_true",
        help=f"{TINY['viewers']} viewers, {TINY['rounds']} round: "
        "checks the benchmark still runs; its figures mean nothing",
    )
    args = parser.parse_args(argv)
    result = asyncio.run(run(**TINY) if args.tiny else run(viewers=args.viewers, rounds=args.rounds))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
