"""Inbound throughput: our bot answering real questions vs a bare botbuilder echo bot, same machine.

Both bots run as their own processes, pinned to the same CPU (the last one), one at a time under load:

* ours: `dfbot serve` (the production entry point, local mode, scheduler off) on a migrated SQLite
  file holding the question-set fixture plan (33 projects, 8 weekly cycles of updates, milestones,
  digests) plus one known person per client; every turn is a question from the question set, answered
  from the database, the answer card going to the activity's serviceUrl;
* echo: `benchmarks/echo_bot.py` — stock `CloudAdapter`, stock `process`, one card and one text reply
  per message.

The load generator and the fake Bot Connector (`tests/fakes/connector.py`, no rate limits, a small
fixed delay per request) share the other CPU. `clients` concurrent clients each POST a message
activity to `/api/messages`, wait for the answer and POST the next, for `seconds`; the bots take
turns (ours, echo, echo, ours, ...) for `rounds` rounds after a warm-up. Reported per bot: turns per
second, p50/p99 latency (POST to HTTP answer, which includes the replies reaching the connector),
server CPU per turn, replies per turn, errors and turns whose reply never reached the connector
(must be 0); and the ratios.

    python -m benchmarks.inbound                       # 32 clients, 3 rounds of 15 s each
    python -m benchmarks.inbound --clients 4 --seconds 1 --rounds 1
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.ports import free_port

ROOT = Path(__file__).resolve().parent.parent
MARK = "inbound"
TENANT = "00000000-0000-0000-0000-000000000001"  # a GUID: the start checks insist on one
BOT = {"id": "28:digital-first-bot", "name": "Digital First"}
CLK_TCK = os.sysconf("SC_CLK_TCK")


# ----------------------------------------------------------------------------------- processes


def server_cpu() -> int | None:
    """The CPU the servers under test are pinned to (the last one); None on a one-CPU machine."""
    cpus = sorted(os.sched_getaffinity(0))
    if os.environ.get("BENCH_NO_PIN"):
        return None
    return cpus[-1] if len(cpus) > 1 else None


def pin_driver() -> None:
    """Keep the load generator (and the fake connector in it) off the servers' CPU."""
    cpu = server_cpu()
    if cpu is not None:
        os.sched_setaffinity(0, set(os.sched_getaffinity(0)) - {cpu})


class Server:
    """A server process under test: started pinned to `server_cpu()`, its CPU time and RSS read from /proc."""

    def __init__(
        self,
        name: str,
        argv: list[str],
        *,
        port: int,
        env: dict[str, str] | None = None,
        log: Path | None = None,
        health: str | None = "/healthz",
    ) -> None:
        self.name, self.argv, self.port, self.health = name, argv, port, health
        self.env = {**os.environ, **(env or {})}
        self.log = log
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/messages"

    async def start(self, timeout: float = 60.0) -> Server:
        cpu = server_cpu()
        out = open(self.log, "ab") if self.log else subprocess.DEVNULL  # noqa: SIM115 - closed with the process
        self.proc = subprocess.Popen(
            self.argv,
            cwd=ROOT,
            env=self.env,
            stdout=out,
            stderr=subprocess.STDOUT,
            preexec_fn=(lambda: os.sched_setaffinity(0, {cpu})) if cpu is not None else None,
        )
        deadline = time.monotonic() + timeout
        import aiohttp

        async with aiohttp.ClientSession() as http:
            while True:
                if self.proc.poll() is not None:
                    raise RuntimeError(f"{self.name} exited with {self.proc.returncode}; see {self.log}")
                try:
                    if self.health:
                        async with http.get(f"http://127.0.0.1:{self.port}{self.health}") as resp:
                            if resp.status == 200:
                                return self
                    else:
                        _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                        writer.close()
                        return self
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{self.name} did not start within {timeout:.0f} s; see {self.log}")
                await asyncio.sleep(0.1)

    def cpu_seconds(self) -> float:
        """User + system CPU time of the process so far."""
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK

    def rss_peak_bytes(self) -> int:
        """Peak resident set size (VmHWM) of the process so far."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
        return 0

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def dfbot_server(database_url: str, port: int, log: Path, **env: str) -> Server:
    """`dfbot serve` as deployed for a trial: local mode (LOCAL_MODE=true, no app id), the scheduler off so it
    only answers turns. `env` may replace any of it (benchmarks/auth_first.py gives it an app id)."""
    values = {
        "DATABASE_URL": database_url,
        "MicrosoftAppId": "",
        "LOCAL_MODE": "true",
        "SCHEDULER_ENABLED": "false",
        "OUTBOX_DIR": str(log.parent / "outbox"),
        "EXPORT_DIR": str(log.parent / "exports"),
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    dfbot = Path(sys.executable).with_name("dfbot")
    argv = [str(dfbot)] if dfbot.exists() else [sys.executable, "-m", "dfbot.cli"]
    return Server(
        "dfbot serve", [*argv, "serve", "--port", str(port), "--host", "127.0.0.1"], port=port, env=values, log=log
    )


def echo_server(port: int, log: Path) -> Server:
    return Server(
        "echo bot", [sys.executable, "-m", "benchmarks.echo_bot", "--port", str(port)], port=port, log=log, health=None
    )


# ----------------------------------------------------------------------------------- load


def message(text: str, *, service_url: str, client: int, conversation_id: str | None = None) -> dict[str, Any]:
    """A Teams 1:1 message from benchmark client `client` (a known person, see `seed_clients`)."""
    sender = {"id": f"29:bench-{client}", "name": f"Bench Member {client}", "aadObjectId": aad_of(client)}
    return {
        "type": "message",
        "id": f"b-{uuid.uuid4().hex}",
        "channelId": "msteams",
        "serviceUrl": service_url,
        "timestamp": datetime.now(UTC).isoformat().replace("+00:00", "Z"),
        "from": sender,
        "recipient": BOT,
        "locale": "en-GB",
        "textFormat": "plain",
        "text": text,
        "conversation": {
            "id": conversation_id or f"a:bench-{client}",
            "conversationType": "personal",
            "tenantId": TENANT,
        },
        "channelData": {"tenant": {"id": TENANT}},
    }


def aad_of(client: int) -> str:
    return f"00000000-bench-0000-0000-{client:012d}"


async def seed_clients(db, clients: int) -> None:
    """One known member per client (by email and Entra id), as after their first message."""
    from store.models import Person

    async with db.unit_of_work() as s:
        s.add_all(
            [
                Person(
                    name=f"Bench Member {i}",
                    email=f"bench.member{i}@example.gov.uk",
                    aad_object_id=aad_of(i),
                    teams_user_id=f"29:bench-{i}",
                )
                for i in range(clients)
            ]
        )


@dataclass
class Run:
    """One bot's share of the load: completed turns, their latencies, what the server spent."""

    turns: int = 0
    seconds: float = 0.0
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    cpu: float = 0.0
    replies: int = 0
    lost: int = 0

    def add(self, other: Run) -> None:
        self.turns += other.turns
        self.seconds += other.seconds
        self.latencies += other.latencies
        self.errors += other.errors
        self.cpu += other.cpu
        self.replies += other.replies
        self.lost += other.lost

    @property
    def throughput(self) -> float:
        return self.turns / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return percentile(self.latencies, q)

    @property
    def cpu_ms_per_turn(self) -> float:
        return 1000 * self.cpu / self.turns if self.turns else 0.0

    @property
    def replies_per_turn(self) -> float:
        return self.replies / self.turns if self.turns else 0.0


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..1) of `values`, in the same unit; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, int(round(q * len(ordered) + 0.5)) - 1))]


async def drive(
    http,
    server: Server | None,
    url: str,
    make: Callable[[int, int], dict[str, Any]],
    *,
    clients: int,
    seconds: float,
    connector=None,
) -> Run:
    """`clients` closed-loop clients POSTing `make(client, n)` to `url` for `seconds`."""
    loop = asyncio.get_running_loop()
    run = Run()
    answered: list[str] = []
    if connector is not None:
        connector.reset()
    cpu0 = server.cpu_seconds() if server else 0.0
    started = loop.time()
    deadline = started + seconds

    async def client(i: int) -> None:
        for n in itertools.count():
            if loop.time() >= deadline:
                return
            activity = make(i, n)
            t0 = time.perf_counter()
            try:
                async with http.post(url, json=activity) as resp:
                    await resp.read()
                    ok = 200 <= resp.status < 300  # the stock `process` answers 201 to a message, ours 200
            except Exception:  # a refused or dropped connection is an error, not a crash of the driver
                ok = False
            if ok:
                run.latencies.append(time.perf_counter() - t0)
                answered.append(activity.get("id", ""))
            else:
                run.errors += 1

    await asyncio.gather(*(client(i) for i in range(clients)))
    run.seconds = loop.time() - started
    run.cpu = (server.cpu_seconds() - cpu0) if server else 0.0
    run.turns = len(run.latencies)
    if connector is not None:
        posted = [r.activity for r in connector.activities if r.method == "POST"]
        run.replies = len(posted)
        replied_to = {a.get("replyToId") for a in posted}
        run.lost = sum(1 for activity_id in answered if activity_id not in replied_to)
        connector.reset()
    return run


# ----------------------------------------------------------------------------------- the benchmark


def questions() -> list[str]:
    """What members ask: the question set's questions for a member in a 1:1 chat, without follow-ups."""
    from tests.questions.run_set import load_set

    _, items = load_set()
    return [q["q"] for q in items if q.get("viewer", "member") == "member" and not q.get("conversation")]


@dataclass
class Result:
    ours: Run  # our bot answering questions from the question set
    echo: Run  # the stock echo bot
    help: Run  # our bot answering `help`: the same path without the question engine
    clients: int
    seconds: float
    rounds: int
    latency: float
    questions: int
    per_round: list[tuple[float, float, float]]  # turns/s: ours, help, echo
    driver_cpu: float  # share of one CPU the load generator + fake connector used while driving

    def _ratio(self, a: float, b: float) -> float:
        return a / b if b else float("nan")

    @property
    def throughput_ratio(self) -> float:
        return self._ratio(self.ours.throughput, self.echo.throughput)

    @property
    def p99_ratio(self) -> float:
        return self._ratio(self.ours.percentile(0.99), self.echo.percentile(0.99))

    @property
    def p50_ratio(self) -> float:
        return self._ratio(self.ours.percentile(0.5), self.echo.percentile(0.5))

    @property
    def help_throughput_ratio(self) -> float:
        return self._ratio(self.help.throughput, self.echo.throughput)

    @property
    def help_p99_ratio(self) -> float:
        return self._ratio(self.help.percentile(0.99), self.echo.percentile(0.99))

    @property
    def ok(self) -> bool:
        sides = (self.ours, self.help, self.echo)
        return all(s.turns > 0 for s in sides) and all(s.lost == 0 and s.errors == 0 for s in (self.ours, self.help))

    def markdown(self) -> str:
        o, h, e = self.ours, self.help, self.echo

        def ms(r, q):
            return f"{1000 * r.percentile(q):.1f} ms"

        def cpu_ratio(r):
            return f"{self._ratio(r.cpu_ms_per_turn, e.cpu_ms_per_turn):.2f}"

        rounds = ", ".join(f"{a:.0f} / {b:.0f} / {c:.0f}" for a, b, c in self.per_round)
        met = self.throughput_ratio >= 3 and self.p99_ratio <= 0.5
        return "\n".join(
            [
                "## Inbound throughput: our bot vs a bare echo bot (`python -m benchmarks.inbound`)",
                "",
                f"{self.clients} concurrent clients, each POSTing a Teams message activity to `/api/messages` and "
                "waiting for the answer before the next; replies go to the fake Bot Connector (no rate limits, "
                f"{self.latency * 1000:.0f} ms per request). **Ours**: `dfbot serve` (local mode, SQLite file) "
                "answering "
                f"{self.questions} different questions from the question set from the database (fixture plan: 33 "
                "projects, "
                "8 weekly cycles of updates, milestones); each answer is an Adaptive Card. **Ours, `help`**: the same "
                "server "
                "answering `help` (the whole path — HTTP edge, adapter, identity from the database, a card reply — "
                "without "
                "the question engine). **Echo**: `benchmarks/echo_bot.py`, the stock botbuilder 4.17.1 `CloudAdapter` "
                "and "
                "`process`, one card and one text reply per message. Each server is pinned to the same single CPU; "
                "the load "
                f"generator and the fake connector run on the other. {self.rounds} rounds of {self.seconds:g} s per "
                "bot, "
                "alternating the order, after a warm-up.",
                "",
                "| measure | ours (questions) | ours (`help`) | echo bot | ours : echo | `help` : echo |",
                "|---|---:|---:|---:|---:|---:|",
                f"| throughput | {o.throughput:.0f} turns/s | {h.throughput:.0f} turns/s | {e.throughput:.0f} turns/s "
                "| "
                f"**{self.throughput_ratio:.2f}×** | {self.help_throughput_ratio:.2f}× |",
                f"| p50 latency | {ms(o, 0.5)} | {ms(h, 0.5)} | {ms(e, 0.5)} | {self.p50_ratio:.2f} | "
                f"{self._ratio(h.percentile(0.5), e.percentile(0.5)):.2f} |",
                f"| p99 latency | {ms(o, 0.99)} | {ms(h, 0.99)} | {ms(e, 0.99)} | **{self.p99_ratio:.2f}** | "
                f"{self.help_p99_ratio:.2f} |",
                f"| server CPU per turn | {o.cpu_ms_per_turn:.2f} ms | {h.cpu_ms_per_turn:.2f} ms | "
                f"{e.cpu_ms_per_turn:.2f} ms | "
                f"{cpu_ratio(o)} | {cpu_ratio(h)} |",
                f"| replies per turn (POSTs to the connector) | {o.replies_per_turn:.2f} | {h.replies_per_turn:.2f} | "
                f"{e.replies_per_turn:.2f} | | |",
                f"| turns measured | {o.turns:,} | {h.turns:,} | {e.turns:,} | | |",
                f"| errors (non-2xx or dropped) | {o.errors} | {h.errors} | {e.errors} | | |",
                f"| turns whose reply never reached the connector | {o.lost} | {h.lost} | {e.lost} | | |",
                "",
                f"Where a question turn's server CPU goes: {h.cpu_ms_per_turn:.1f} ms is the bot's own path (HTTP "
                "edge, adapter, "
                "identity from the database, the card reply: what `help` costs), "
                f"{max(0.0, o.cpu_ms_per_turn - h.cpu_ms_per_turn):.1f} ms the question engine (`services.ask`: one "
                "statement for the plan's version and the chat's follow-up context, parsing against the plan kept in "
                "memory, "
                "usually one or two statements built once with bound parameters, and the follow-up context written "
                "with a "
                "group commit when it changed).",
                "",
                f"Per round, turns/s ours / `help` / echo: {rounds}. Target: ours ≥ 3× the echo bot's throughput and "
                "p99 ≤ half "
                f"its p99 while answering questions — {'met' if met else '**not met**'}. The load generator and fake "
                "connector "
                f"used {100 * self.driver_cpu:.0f}% of their CPU while driving (near 100% would make these the "
                "driver's limit).",
            ]
        )


async def run(
    *,
    clients: int = 32,
    seconds: float = 15.0,
    rounds: int = 3,
    latency: float = 0.005,
    warmup: float = 3.0,
    database_url: str | None = None,
    log_dir: Path | None = None,
) -> Result:
    import aiohttp

    from store.db import Database, upgrade_async
    from tests.fakes.connector import FakeConnector, RateLimits
    from tests.questions import fixture

    pin_driver()
    asked = questions()
    with tempfile.TemporaryDirectory(prefix="bench-inbound-") as tmp:
        logs = log_dir or Path(tmp)
        url = database_url or f"sqlite+aiosqlite:///{tmp}/inbound.sqlite3"
        await upgrade_async(url)
        db = Database(url)
        await fixture.load(db)
        await seed_clients(db, clients)
        await db.dispose()
        ours = dfbot_server(url, free_port(), logs / "dfbot.log")
        echo = echo_server(free_port(), logs / "echo.log")
        async with FakeConnector(limits=RateLimits.unlimited(), latency=latency) as connector:
            try:
                await asyncio.gather(ours.start(), echo.start())
                conn = aiohttp.TCPConnector(limit=clients * 2, limit_per_host=clients)
                async with aiohttp.ClientSession(connector=conn, timeout=aiohttp.ClientTimeout(total=60)) as http:

                    def asking(i: int, n: int) -> dict[str, Any]:  # the same questions go to both bots
                        return message(asked[(i * 7 + n) % len(asked)], service_url=connector.url, client=i)

                    def helping(i: int, _n: int) -> dict[str, Any]:
                        return message("help", service_url=connector.url, client=i)

                    sides = {"ours": (ours, asking), "help": (ours, helping), "echo": (echo, asking)}
                    for server, make in sides.values():  # first contact, caches, connections
                        await drive(
                            http, server, server.url, make, clients=clients, seconds=warmup, connector=connector
                        )
                    totals = {name: Run() for name in sides}
                    per_round: list[tuple[float, float, float]] = []
                    driver_cpu, driven = 0.0, 0.0
                    for r in range(rounds):
                        order = ("ours", "help", "echo") if r % 2 == 0 else ("echo", "help", "ours")
                        figures = {}
                        for name in order:
                            server, make = sides[name]
                            before = time.process_time()
                            result = await drive(
                                http, server, server.url, make, clients=clients, seconds=seconds, connector=connector
                            )
                            driver_cpu += time.process_time() - before
                            driven += result.seconds
                            totals[name].add(result)
                            figures[name] = result.throughput
                        per_round.append((figures["ours"], figures["help"], figures["echo"]))
            finally:
                ours.stop()
                echo.stop()
    return Result(
        totals["ours"],
        totals["echo"],
        totals["help"],
        clients,
        seconds,
        rounds,
        latency,
        len(asked),
        per_round,
        driver_cpu / driven if driven else 0.0,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--latency", type=float, default=0.005, help="seconds the fake connector takes per request")
    parser.add_argument("--warmup", type=float, default=3.0)
    parser.add_argument("--logs", type=Path, default=None, help="keep the servers' logs in this folder")
    args = parser.parse_args(argv)
    if args.logs:
        args.logs.mkdir(parents=True, exist_ok=True)
    result = asyncio.run(
        run(
            clients=args.clients,
            seconds=args.seconds,
            rounds=args.rounds,
            latency=args.latency,
            warmup=args.warmup,
            log_dir=args.logs,
        )
    )
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
