"""While the broker is away, one log line when it goes and one when it returns.

Kafka clients log every failed reconnect: a 37-second outage once wrote about 180,000 lines of
"Unable connect to node". `BrokerWatch` probes the broker's TCP port on a timer; the first
connection error (or a failed probe) marks the broker down and logs one line, the client
libraries' warnings and errors are then counted instead of written, and the first good probe logs
one line with the outage's length and how many lines it held back. The gauge
`newsalert_broker_up` and the counter `newsalert_broker_outages_total` show the same.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from streams import metrics
from streams.topics import broker_listening

# loggers of the Kafka clients and of Faust's transport: what they say while the broker is away
CLIENT_LOGGERS = ("aiokafka", "kafka", "faust.transport", "faust.tables", "faust.app")
# what a client says when it cannot reach the broker
CONNECTION_ERRORS = (
    "Unable connect to node",
    "Unable to connect",
    "Connection refused",
    "KafkaConnectionError",
    "NodeNotReadyError",
    "Unable to update metadata",
    "connect attempt to",
    "Broker is not available",
)


class BrokerWatch(logging.Filter):
    """A logging filter (put it on the handlers) and the broker's up/down state."""

    def __init__(
        self,
        bootstrap: str,
        probe: Callable[[str], bool] = broker_listening,
        clock: Callable[[], float] = time.monotonic,
        log: logging.Logger | None = None,
    ):
        super().__init__()
        self.bootstrap = bootstrap
        self.probe = probe
        self.clock = clock
        self.log = log or logging.getLogger("newsalert")
        self.down_since: float | None = None
        self.held_back = 0
        metrics.BROKER_UP.set(1)

    @property
    def down(self) -> bool:
        return self.down_since is not None

    def went_down(self, why: str) -> None:
        if self.down_since is None:
            self.down_since = self.clock()
            self.held_back = 0
            metrics.BROKER_UP.set(0)
            metrics.BROKER_OUTAGES.inc()
            self.log.warning(
                "broker %s unreachable (%s); client connection errors are counted, not logged, "
                "until it is back",
                self.bootstrap,
                why[:200],
            )

    def came_back(self) -> None:
        if self.down_since is not None:
            gone = self.clock() - self.down_since
            self.down_since = None
            metrics.BROKER_UP.set(1)
            self.log.warning(
                "broker %s reachable again after %.0f s (%d client log lines held back)",
                self.bootstrap,
                gone,
                self.held_back,
            )

    def check(self) -> bool:
        """Probe the broker once (blocking: call it from a thread); returns whether it answers."""
        up = self.probe(self.bootstrap)
        if up:
            self.came_back()
        else:
            self.went_down("no answer on its port")
        return up

    def filter(self, record: logging.LogRecord) -> bool:
        if not record.name.startswith(CLIENT_LOGGERS) or record.levelno < logging.WARNING:
            return True
        if self.down_since is None:
            msg = record.getMessage()
            if not any(p in msg for p in CONNECTION_ERRORS):
                return True
            self.went_down(msg)
        self.held_back += 1
        return False

    def install(self, logger: logging.Logger | None = None) -> None:
        """Filter every handler of `logger` (default: the root logger)."""
        for h in (logger or logging.getLogger()).handlers:
            if self not in h.filters:
                h.addFilter(self)
