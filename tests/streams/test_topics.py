"""Broker checks that need no broker: a real listening socket, a real closed port."""

from __future__ import annotations

import socket

import pytest

from newsalert.testing import free_port as closed_port  # a port nothing listens on
from streams.settings import load_settings
from streams.topics import BrokerUnavailable, admin_client, broker_listening


def test_broker_listening_tells_an_open_port_from_a_closed_one():
    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen()
        port = srv.getsockname()[1]
        assert broker_listening(f"127.0.0.1:{port}")
        # any address of a list will do
        assert broker_listening(f"127.0.0.1:{closed_port()},localhost:{port}")
        assert broker_listening(f"kafka://127.0.0.1:{port}")  # Faust's form
    assert not broker_listening(f"127.0.0.1:{closed_port()}")
    assert not broker_listening("no-port-given")


def test_admin_client_without_a_broker_fails_with_what_to_do(caplog):
    settings = load_settings(None, kafka_broker=f"127.0.0.1:{closed_port()}")
    with pytest.raises(BrokerUnavailable, match="scripts/kafka-local start"):
        admin_client(settings, timeout=1.0)
    waits = [r for r in caplog.records if r.name == "streams.topics"]
    assert len(waits) == 1 and "waiting up to 1 s for a Kafka broker" in waits[0].getMessage()
    # no Kafka client was built: none retried its bootstrap for 30 s, logging each attempt
    assert not [r for r in caplog.records if r.name.startswith("kafka")]
