"""Authentication before costly work: what a stranger's 240 KB body costs the bot.

`dfbot serve` in authenticated mode (an app id, secret and tenant; `BOT_OPENID_METADATA` pointing at
the stand-in Bot Framework token service of tests/fakes/openid.py, so a forged token is checked
against published keys as in production), scheduler off, pinned to one CPU. The body is a Teams
message activity padded to 240 KB with lists of 1,000 numbers in its channel data: the largest shape
inside the edge's bounds (bot/body.py), and among the costliest for botbuilder to turn into an
`Activity` (measured here too, in this process: what the edge used to do before checking the token).
The forged token names the published key but is signed with another, so the bot checks a signature.

Measured, in one run:
* `json.loads` of the body in this process (median);
* time to the 401, POST to answer, for that body with the forged token (median; target ≤ 2×
  `json.loads`), and with no token at all: one request at a time, 200 a second (the bot answers up to
  500 strangers a second at once and slows the rest down: bot/endpoint.py `_slow_down`);
* the time to the 400 for a body of one 50,000-item list with a genuine token (refused by the bounds);
* `GET /healthz` p50/p99 while idle, and while `in_flight` strangers keep forged requests in flight:
  each sending the next as soon as the last is answered (target: p99 ≤ 2× idle), and each sending one
  every 100 ms. The probe runs in its own process on the bot's CPU (the load generator keeps the other
  one busy writing bodies); idle and loaded windows alternate, so other work on the machine falls on
  both alike. Also what each forged request cost the bot in CPU, and how many answers a second the
  strangers got.

    python -m benchmarks.auth_first                 # 400 requests per figure, 8 in flight
    python -m benchmarks.auth_first --requests 40   # quick
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.inbound import BOT, TENANT, dfbot_server, free_port, percentile, pin_driver, server_cpu

APP_ID = "5b0c0000-bench-4bbb-8ccc-0000000d1f57"
APP_PASSWORD = "bench-secret-not-a-real-one"
BODY_BYTES = 240 * 1024
SERVICE_URL = "https://smba.trafficmanager.net/emea/"
ROUNDS = 4
PACE = 0.005  # between the one-at-a-time requests: 200 a second


def padded_activity(size: int = BODY_BYTES, *, flat: bool = False) -> bytes:
    """A Teams message activity of about `size` bytes: lists of 1,000 numbers (or one long list when
    `flat`) in its channel data."""
    activity: dict[str, Any] = {
        "type": "message",
        "id": "bench-1",
        "channelId": "msteams",
        "serviceUrl": SERVICE_URL,
        "from": {"id": "29:stranger", "name": "Stranger", "aadObjectId": "00000000-0000-0000-0000-00000000beef"},
        "recipient": BOT,
        "text": "help",
        "locale": "en-GB",
        "conversation": {"id": "a:stranger", "conversationType": "personal", "tenantId": TENANT},
        "channelData": {"tenant": {"id": TENANT}, "padding": []},
    }
    padding = activity["channelData"]["padding"]
    n = 0
    while len(json.dumps(activity)) < size:
        if flat:
            padding.extend(range(n, n + 1000))
        else:
            padding.append(list(range(n, n + 1000)))
        n += 1000
    return json.dumps(activity).encode()


def median_seconds(work, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _probe(url: str, count: int, interval: float, cpu: int | None, out) -> None:
    """The health probe, in its own process: `count` sequential GETs, `interval` apart (seconds each)."""
    import http.client
    from urllib.parse import urlsplit

    if cpu is not None:  # beside the bot: the load generator keeps the other CPU busy writing bodies
        os.sched_setaffinity(0, {cpu})
    parts = urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    latencies = []
    for _ in range(count):
        started = time.perf_counter()
        conn.request("GET", parts.path)
        response = conn.getresponse()
        response.read()
        if response.status == 200:
            latencies.append(time.perf_counter() - started)
        time.sleep(interval)
    conn.close()
    out.send(latencies)


async def probe(url: str, count: int, cpu: int | None, interval: float = 0.005) -> list[float]:
    ctx = multiprocessing.get_context("spawn")
    receive, send = ctx.Pipe(duplex=False)
    process = ctx.Process(target=_probe, args=(url, count, interval, cpu, send), daemon=True)
    process.start()
    try:
        while not receive.poll():
            await asyncio.sleep(0.05)
        return receive.recv()
    finally:
        process.join(10)


class RawClient:
    """One keep-alive HTTP/1.1 connection, requests written as prepared bytes: the load generator
    costs next to nothing, so what is measured is the bot, not an HTTP client library."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    @staticmethod
    def request(path: str, body: bytes, headers: dict[str, str]) -> bytes:
        head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        return (f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n{head}Content-Length: {len(body)}\r\n\r\n").encode() + body

    async def send(self, request: bytes) -> int:
        """Send one prepared request and read the answer; its status."""
        if self.writer is None or self.writer.is_closing():
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(request)
        await self.writer.drain()
        head = await self.reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        fields = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
        await self.reader.readexactly(int(fields.get("content-length", "0")))
        if fields.get("connection", "").lower() == "close":
            self.writer.close()
        return status

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@dataclass
class Load:
    """`/healthz` while strangers keep forged requests in flight, and what they cost the bot."""

    name: str
    health: list[float]
    requests: int
    cpu_seconds: float
    wall_seconds: float

    @property
    def busy(self) -> float:
        return self.cpu_seconds / self.wall_seconds if self.wall_seconds else 0.0

    @property
    def cpu_ms_per_request(self) -> float:
        return 1000 * self.cpu_seconds / self.requests if self.requests else 0.0

    @property
    def rate(self) -> float:
        return self.requests / self.wall_seconds if self.wall_seconds else 0.0

    def ms(self, q: float) -> float:
        return 1000 * percentile(self.health, q)


@dataclass
class Result:
    body_bytes: int
    loads_ms: float
    activity_ms: float
    forged_ms: float
    no_token_ms: float
    flat_ms: float
    idle: list[float]
    loads: list[Load]
    in_flight: int
    unexpected: int
    requests: int
    load_average: float
    rounds: int = ROUNDS

    @property
    def ratio_401(self) -> float:
        return self.forged_ms / self.loads_ms if self.loads_ms else 0.0

    def idle_ms(self, q: float) -> float:
        return 1000 * percentile(self.idle, q)

    def ratio_health(self, load: Load) -> float:
        return load.ms(0.99) / self.idle_ms(0.99) if self.idle else 0.0

    @property
    def ok(self) -> bool:
        return self.unexpected == 0 and all(load.requests > 0 for load in self.loads)

    def markdown(self) -> str:
        kb = self.body_bytes / 1024
        rows = [f"| `/healthz` p50 / p99, idle | {self.idle_ms(0.5):.2f} / {self.idle_ms(0.99):.2f} ms | | |"]
        # A flood's refusals beyond the strangers' budget are answered late (bot/endpoint.py `_slow_down`):
        # the rate below is what the strangers got, not what they tried.
        for load in self.loads:
            rows.append(
                f"| `/healthz` p50 / p99, {load.name} | {load.ms(0.5):.2f} / **{load.ms(0.99):.2f} ms** "
                f"({self.ratio_health(load):.2f}× idle p99) | {load.rate:,.0f} requests/s, "
                f"{load.cpu_ms_per_request:.2f} ms of CPU each, the bot's CPU {100 * load.busy:.0f}% busy | ≤ 2× |"
            )
        return "\n".join(
            [
                "## Authentication before costly work (`python -m benchmarks.auth_first`)",
                "",
                "`dfbot serve` in authenticated mode (app id, secret, tenant; tokens checked against the stand-in "
                "Bot Framework "
                f"keys of tests/fakes/openid.py), pinned to one CPU. The body: a Teams message padded to {kb:.0f} KB "
                "with lists "
                "of 1,000 numbers in its channel data (the largest shape within the edge's bounds). The forged token "
                "names the "
                "published key but is signed with another (the costliest to refuse: the signature is checked). "
                "Medians of "
                f"{self.requests} requests sent one at a time, one every {1000 * PACE:.0f} ms, written as prepared "
                "bytes on keep-alive connections (the load generator "
                f"costs little). Health is probed every 5 ms from its own process; {self.rounds} idle and "
                f"{self.rounds} loaded "
                "windows of each kind alternate, so other work on the machine falls on both alike (load average "
                f"{self.load_average:.1f} at the "
                "start).",
                "",
                "| measure | figure | load | target |",
                "|---|---:|---|---|",
                f"| `json.loads` of the body (this process) | {self.loads_ms:.2f} ms | | |",
                f"| botbuilder `Activity().deserialize` of it (what the edge did before the token check) | "
                f"{self.activity_ms:.1f} ms | | |",
                f"| time to the 401, forged token | **{self.forged_ms:.2f} ms** ({self.ratio_401:.2f}× `json.loads`) "
                "| | ≤ 2× |",
                f"| time to the 401, no token | {self.no_token_ms:.2f} ms | | |",
                "| time to the 400, one list of ~50,000 numbers (beyond the bounds), genuine token | "
                f"{self.flat_ms:.2f} ms | | |",
                *rows,
                "",
                f"Any answer other than the expected 401 or 400: {self.unexpected}.",
                *(
                    [""]
                    + [
                        f"The machine was busy while this ran (load average {self.load_average:.1f} on "
                        f"{os.cpu_count()} "
                        "CPUs): its p99s, idle ones included, measure that other work as much as the bot. The CPU each "
                        "forged request cost the bot does not depend on it."
                    ]
                    if self.load_average > (os.cpu_count() or 1)
                    else []
                ),
            ]
        )


async def run(
    *,
    requests: int = 400,
    in_flight: int = 8,
    body_bytes: int = BODY_BYTES,
    rounds: int = ROUNDS,
    log_dir: Path | None = None,
) -> Result:
    from botbuilder.schema import Activity

    from store.db import upgrade_async
    from tests.fakes.openid import FakeBotFrameworkIdentity

    bot_cpu = server_cpu()  # before this process leaves it
    pin_driver()
    load_average = os.getloadavg()[0]
    body = padded_activity(body_bytes)
    flat = padded_activity(flat=True)
    parsed = json.loads(body)
    loads_s = median_seconds(lambda: json.loads(body), max(20, requests // 4))
    activity_s = median_seconds(lambda: Activity().deserialize(parsed), 3)
    with (
        tempfile.TemporaryDirectory(prefix="bench-auth-") as tmp,
        FakeBotFrameworkIdentity(APP_ID, app_password=APP_PASSWORD, tenant_id=TENANT) as identity,
    ):
        url = f"sqlite+aiosqlite:///{tmp}/auth.sqlite3"
        await upgrade_async(url)
        port = free_port()
        server = dfbot_server(
            url,
            port,
            (log_dir or Path(tmp)) / "dfbot-auth.log",
            LOCAL_MODE="false",
            MicrosoftAppId=APP_ID,
            MicrosoftAppPassword=APP_PASSWORD,
            MicrosoftAppTenantId=TENANT,
            BOT_OPENID_METADATA=identity.metadata_url,
            PUBLIC_BASE_URL="https://bot.example.gov.uk",
        )
        forged = identity.channel_token(SERVICE_URL, key=identity.unpublished, kid=identity.key.kid)
        forged_request = RawClient.request(
            "/api/messages", body, {"Content-Type": "application/json", "Authorization": f"Bearer {forged}"}
        )
        no_token_request = RawClient.request("/api/messages", body, {"Content-Type": "application/json"})
        flat_request = RawClient.request(
            "/api/messages",
            flat,
            {"Content-Type": "application/json", "Authorization": f"Bearer {identity.channel_token(SERVICE_URL)}"},
        )
        await server.start()
        unexpected = 0
        client = RawClient("127.0.0.1", port)
        try:

            async def timed(request: bytes, expect: int, on: RawClient = client) -> float:
                nonlocal unexpected
                started = time.perf_counter()
                status = await on.send(request)
                unexpected += status != expect
                return time.perf_counter() - started

            for _ in range(10):  # the first token makes the bot fetch the signing keys
                await timed(forged_request, 401)

            async def one_at_a_time(request: bytes, expect: int, count: int) -> float:
                """The time to one answer: sent one every PACE seconds, as a single stranger would, within the
                rate the bot answers strangers at once (bot/endpoint.py `_slow_down`; floods are below)."""
                times = []
                for _ in range(count):
                    times.append(await timed(request, expect))
                    await asyncio.sleep(PACE)
                return statistics.median(times)

            forged_s = await one_at_a_time(forged_request, 401, requests)
            no_token_s = await one_at_a_time(no_token_request, 401, requests)
            flat_s = await one_at_a_time(flat_request, 400, max(10, requests // 4))

            health = f"http://127.0.0.1:{port}/healthz"
            idle: list[float] = []
            loads = [
                Load(f"{in_flight} forged requests always in flight (each sent as the last is answered)", [], 0, 0, 0),
                Load(f"{in_flight} strangers each sending one forged request every 100 ms", [], 0, 0, 0),
            ]
            for _ in range(rounds):  # idle and loaded windows alternate
                idle += await probe(health, max(1, requests // rounds), bot_cpu)
                for load, pause in zip(loads, (0.0, 0.1), strict=True):
                    stop = asyncio.Event()
                    sent = 0

                    async def stranger(stop: asyncio.Event, pause: float) -> None:
                        nonlocal sent
                        own = RawClient("127.0.0.1", port)
                        try:
                            while not stop.is_set():
                                await timed(forged_request, 401, own)
                                sent += 1
                                if pause:
                                    await asyncio.sleep(pause)
                        finally:
                            await own.close()

                    strangers = [asyncio.create_task(stranger(stop, pause)) for _ in range(in_flight)]
                    await asyncio.sleep(0.3)
                    cpu0, wall0, sent0 = server.cpu_seconds(), time.perf_counter(), sent
                    try:
                        load.health += await probe(health, max(1, requests // rounds), bot_cpu)
                    finally:
                        stop.set()
                        await asyncio.gather(*strangers)
                    load.cpu_seconds += server.cpu_seconds() - cpu0
                    load.wall_seconds += time.perf_counter() - wall0
                    load.requests += sent - sent0
        finally:
            await client.close()
            server.stop()

    def ms(seconds):
        return 1000 * seconds

    return Result(
        body_bytes=len(body),
        loads_ms=ms(loads_s),
        activity_ms=ms(activity_s),
        forged_ms=ms(forged_s),
        no_token_ms=ms(no_token_s),
        flat_ms=ms(flat_s),
        idle=idle,
        loads=loads,
        in_flight=in_flight,
        unexpected=unexpected,
        requests=requests,
        load_average=load_average,
        rounds=rounds,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--in-flight", type=int, default=8)
    parser.add_argument("--body-bytes", type=int, default=BODY_BYTES)
    args = parser.parse_args(argv)
    result = asyncio.run(run(requests=args.requests, in_flight=args.in_flight, body_bytes=args.body_bytes))
    print(result.markdown())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
