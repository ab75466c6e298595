"""One log line when the broker goes, one when it returns, whatever the clients say between."""

from __future__ import annotations

import logging

from streams import metrics
from streams.brokerwatch import BrokerWatch


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def record(name: str, msg: str, level: int = logging.ERROR) -> logging.LogRecord:
    return logging.LogRecord(name, level, __file__, 1, msg, None, None)


def test_an_outage_writes_two_lines(caplog):
    up = {"v": True}
    clock = Clock()
    watch = BrokerWatch("127.0.0.1:1", probe=lambda _: up["v"], clock=clock)
    outages = metrics.BROKER_OUTAGES._value.get()
    with caplog.at_level(logging.WARNING, logger="newsalert"):
        assert watch.check() and not watch.down
        # the first connection error marks the broker down (one line) and is itself held back
        assert not watch.filter(record("aiokafka.conn", "Unable connect to node with id 1: refused"))
        assert watch.down and metrics.BROKER_UP._value.get() == 0
        # everything the clients say at warning or above while it is down is held back
        for i in range(5000):
            assert not watch.filter(record("aiokafka.consumer.group_coordinator", f"Heartbeat failed {i}"))
            assert not watch.filter(record("kafka.conn", "connect attempt to 127.0.0.1 returned error"))
        up["v"] = False
        assert not watch.check()  # still down: no new line
        # other loggers, and debug/info of the clients, pass
        assert watch.filter(record("newsalert", "dead-letter x"))
        assert watch.filter(record("aiokafka.conn", "retrying", logging.INFO))
        clock.t += 60
        up["v"] = True
        assert watch.check() and not watch.down
    lines = [r.getMessage() for r in caplog.records if r.name == "newsalert"]
    assert len(lines) == 2, lines
    assert "unreachable" in lines[0]
    assert "reachable again after 60 s (10001 client log lines held back)" in lines[1]
    assert metrics.BROKER_UP._value.get() == 1
    assert metrics.BROKER_OUTAGES._value.get() == outages + 1
    # a client warning that is not about the connection passes while the broker is up
    assert watch.filter(record("aiokafka.consumer", "Topic metadata changed"))


def test_a_failed_probe_alone_marks_the_broker_down(caplog):
    watch = BrokerWatch("127.0.0.1:1", probe=lambda _: False, clock=Clock())
    with caplog.at_level(logging.WARNING, logger="newsalert"):
        assert not watch.check()
        assert not watch.check()
    assert watch.down
    assert [r.getMessage() for r in caplog.records if r.name == "newsalert"][0].startswith(
        "broker 127.0.0.1:1"
    )
