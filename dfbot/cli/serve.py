"""`dfbot serve`: the web endpoint and the scheduler in one process.

Imports inside the commands are kept for start-up time (see `dfbot/cli/__init__.py`)."""

from __future__ import annotations

import typer

from dfbot.checks import configuration_problems, listen_hosts
from dfbot.cli.common import fail, safe_database_url, secrets_of
from infra.config import get_settings
from infra.logs import configure as configure_logging

__all__ = ["serve"]
GC_YOUNG_ALLOCATIONS = 20_000  # see serve(); measured under 32 clients: a third of the time in the collector


def serve(
    port: int = typer.Option(None, help="Port (default: $PORT or 3978)"),
    host: str = typer.Option(
        None, help="Interface to listen on (default: 127.0.0.1 and ::1 in local mode, every interface otherwise)"
    ),
) -> None:
    """Run the web endpoint (and the scheduler) in one process. Refuses to start on a partial configuration."""
    import gc
    import logging

    from aiohttp import web

    from dfbot.production_checks import production_problems
    from dfbot.tenancy_checks import tenant_problem
    from dfbot.web import STARTUP_WARNINGS, create_app

    settings = get_settings()
    hosts, host_problems = listen_hosts(settings, host)
    problems = configuration_problems(settings) + host_problems
    if (problem := settings.directory_problem()) is not None:
        problems.append(f"Not started: {problem}")  # named with the rest, so one run tells everything to fix
    if problems:
        fail("dfbot serve will not start:\n" + "\n".join(f"  - {p}" for p in problems))
    configure_logging(settings.log_level, secrets=secrets_of(settings))
    if (problem := settings.directory_problem()) is not None:
        fail(f"Not started: {problem}")
    if (problem := tenant_problem(settings)) is not None:
        fail(problem)
    problems = production_problems(settings)
    if problems:  # outside local mode: what would fail silently in production stops the start instead
        fail("The bot will not start; fix these settings first:\n- " + "\n- ".join(problems))
    port = port or settings.port
    hosts = _bindable(hosts)
    # The port is taken before anything starts: a process that cannot listen must not run a scheduler tick
    # (open a cycle, start a fan-out) first and then die of "address already in use".
    sockets, problem = _listen(hosts, port)
    if problem is not None:
        fail(f"Not started: {problem}")
    mode = (
        "local mode (LOCAL_MODE=true: anonymous Bot Framework calls accepted, no dashboard sign-in)"
        if settings.local_mode
        else "authenticated mode"
    )
    typer.echo(
        f"Digital First bot on http://localhost:{port}/api/messages, listening on {', '.join(hosts)} — {mode}; "
        f"database {safe_database_url(settings.database_url)}"
    )
    web_app = create_app(settings)
    for warning in web_app[STARTUP_WARNINGS]:  # also in every /readyz answer
        logging.getLogger("dfbot.serve").warning("%s", warning)
    # What is loaded by now (modules, the bot, its cards and rules) lives as long as the process: move it
    # out of the collector's sight, so the full collections a busy bot triggers do not walk it every time.
    gc.collect()
    gc.freeze()
    # A turn allocates thousands of short-lived objects; collecting the young ones every 700 allocations (the
    # default) walks the objects of every turn in flight again and again, and promotes them into the older
    # generations that the full collections walk. Every GC_YOUNG_ALLOCATIONS instead: most have died by then.
    gc.set_threshold(GC_YOUNG_ALLOCATIONS, 20, 20)
    web.run_app(web_app, sock=sockets, print=None, access_log=None)


def _listen(hosts: list[str], port: int) -> tuple[list, str | None]:
    """A bound socket for each host (asyncio makes it listen), or none and what stopped it, in words."""
    import errno
    import socket

    sockets: list[socket.socket] = []
    for host in hosts:
        try:
            family, kind, proto, _, address = socket.getaddrinfo(
                host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
            )[0]
            sock = socket.socket(family, kind, proto)
            sockets.append(sock)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as aiohttp's own sites do
            if family == socket.AF_INET6:
                sock.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)  # 0.0.0.0 and :: stay separate
            sock.bind(address)
        except OSError as exc:
            for opened in sockets:
                opened.close()
            if exc.errno == errno.EADDRINUSE:
                return [], (
                    f"port {port} on {host} is already in use (another `dfbot serve`?). Stop it, or choose "
                    "another port with --port or $PORT."
                )
            return [], f"cannot listen on {host} port {port}: {exc.strerror or exc}."
    return sockets, None


def _bindable(hosts: list[str]) -> list[str]:
    """Loopback is 127.0.0.1 and ::1, but a machine or container without IPv6 has no ::1: leave it out
    rather than fail to start (127.0.0.1 is still there)."""
    import socket

    if "::1" not in hosts or len(hosts) == 1:
        return hosts
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as probe:
            probe.bind(("::1", 0))
    except OSError:
        return [h for h in hosts if h != "::1"]
    return hosts
