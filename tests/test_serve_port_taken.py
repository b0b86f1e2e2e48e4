"""`dfbot serve` on a port something else already listens on stops at once, in words, before its
scheduler or anything else has started (CI stop 30: a server that lost its port ran scheduler ticks,
then died of a traceback)."""

from __future__ import annotations

import asyncio
import socket

from tests.pgcluster import free_port
from tests.replicas import dfbot

SERVE = [dfbot(), "serve", "--host", "127.0.0.1", "--port"]


def _env(db_url: str, tmp_path, scheduler: bool) -> dict[str, str]:
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "DATABASE_URL": db_url,
        "LOCAL_MODE": "true",
        "MicrosoftAppId": "",
        "SCHEDULER_ENABLED": "true" if scheduler else "false",
        "SCHEDULER_INTERVAL_SECONDS": "0.1",
        "OUTBOX_DIR": str(tmp_path / "outbox"),
        "EXPORT_DIR": str(tmp_path / "exports"),
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
    }


async def _spawn(db_url: str, tmp_path, port: int, *, scheduler: bool, out: int) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        *SERVE,
        str(port),
        env=_env(db_url, tmp_path, scheduler=scheduler),
        cwd=str(tmp_path),
        stdout=out,
        stderr=asyncio.subprocess.STDOUT,
    )


async def _serve(db_url: str, tmp_path, port: int) -> tuple[int, str]:
    process = await _spawn(db_url, tmp_path, port, scheduler=True, out=asyncio.subprocess.PIPE)
    try:
        out, _ = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        out, _ = await process.communicate()
    return process.returncode if process.returncode is not None else -1, out.decode(errors="replace")


async def test_a_taken_port_stops_the_start_with_a_sentence_and_no_scheduler_tick(db_url, tmp_path):
    port = free_port()
    with socket.socket() as holder:
        holder.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        holder.bind(("127.0.0.1", port))
        holder.listen()
        code, out = await _serve(db_url, tmp_path, port)
    assert code != 0, out
    assert f"port {port} on 127.0.0.1 is already in use" in out, out
    assert "Traceback" not in out, out
    assert "scheduler" not in out.lower(), out


async def test_a_free_port_still_serves(db_url, tmp_path):
    import aiohttp

    port = free_port()
    process = await _spawn(db_url, tmp_path, port, scheduler=False, out=asyncio.subprocess.DEVNULL)
    try:
        status = None
        async with aiohttp.ClientSession() as http:
            for _ in range(150):
                try:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                        status = resp.status
                        break
                except aiohttp.ClientConnectionError:
                    await asyncio.sleep(0.1)
        assert status == 200
    finally:
        process.terminate()
        await process.wait()
    assert process.returncode == 0
