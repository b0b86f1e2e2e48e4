"""The ports test servers listen on cannot be taken by the machine's own outgoing connections."""

from __future__ import annotations

import socket

from tests.pgcluster import free_port
from tests.ports import ephemeral_range


def test_ports_come_from_below_the_ephemeral_range_that_outgoing_connections_draw_from():
    low, high = ephemeral_range()
    assert low <= high
    ports = [free_port() for _ in range(50)]
    assert all(port < low for port in ports), [p for p in ports if p >= low]


def test_a_port_is_never_handed_out_twice_and_is_free_when_handed_out():
    ports = [free_port() for _ in range(200)]
    assert len(set(ports)) == len(ports)
    with socket.socket() as s:
        s.bind(("127.0.0.1", ports[-1]))  # raises if something holds it


def test_a_port_something_already_listens_on_is_passed_over():
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))
        held.listen()
        taken = held.getsockname()[1]
        assert taken not in [free_port() for _ in range(100)]
