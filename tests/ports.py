"""Ports for servers the tests start, chosen so nothing else on the machine takes them first.

Binding port 0 and closing the socket hands back a port from the kernel's ephemeral range
(/proc/sys/net/ipv4/ip_local_port_range, 32768-60999 on Linux). Between that moment and the
server's own bind, every outgoing connection on the machine (to PostgreSQL, the fake Bot
Connector, the package mirror) and every other test server that binds port 0 draws from the
same range, and one of them can take the port: a `dfbot serve` then dies with "address already
in use" (CI, stop 30). Ports here come from below the ephemeral range instead, are checked free
by binding them, and are never handed out twice by one process.
"""

from __future__ import annotations

import random
import socket
from pathlib import Path

_RANGE_FILE = Path("/proc/sys/net/ipv4/ip_local_port_range")
_LOWEST = 20000  # above the well-known and registered ports services here listen on (PostgreSQL 5432, ...)
_given: set[int] = set()


def ephemeral_range() -> tuple[int, int]:
    """The kernel's ephemeral port range (Linux's default where the file cannot be read)."""
    try:
        low, high = (int(part) for part in _RANGE_FILE.read_text().split())
    except (OSError, ValueError):
        return 32768, 60999
    return low, high


def free_port(host: str = "127.0.0.1") -> int:
    """A port below the ephemeral range that is free now and that this process has not handed out before."""
    low, _ = ephemeral_range()
    candidates = list(range(_LOWEST, max(low, _LOWEST + 1)))
    random.SystemRandom().shuffle(candidates)
    for port in candidates:
        if port in _given:
            continue
        with socket.socket() as s:
            try:
                s.bind((host, port))
            except OSError:
                continue
        _given.add(port)
        return port
    raise RuntimeError(f"no free port between {_LOWEST} and {low}")
