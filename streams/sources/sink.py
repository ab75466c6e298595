"""Where the poller and the endpoint put articles: the raw topic, or a list (tests, `feeds read`).

`send` returns once every record is acknowledged (acks=all), so a caller may then mark the items
as seen or answer 202.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Any, Protocol

from kafka import KafkaProducer

Record = tuple[bytes, bytes]  # key, JSON value


class Sink(Protocol):
    async def send(self, records: Sequence[Record]) -> None: ...
    def close(self) -> None: ...


class ListSink:
    def __init__(self) -> None:
        self.records: list[Record] = []
        self.fail: Exception | None = None  # set to make the next sends fail

    async def send(self, records: Sequence[Record]) -> None:
        if self.fail is not None:
            raise self.fail
        self.records.extend(records)

    def close(self) -> None:
        pass


def _wait(futures: list[Any], timeout: float) -> None:
    for f in futures:
        f.get(timeout=timeout)


class KafkaSink:
    """kafka-python's producer; its I/O thread batches, `send` waits for the acknowledgements in a
    worker thread so the event loop keeps fetching."""

    def __init__(self, broker: str, topic: str, timeout: float = 30.0) -> None:
        self.topic = topic
        self.timeout = timeout
        self.producer = KafkaProducer(
            bootstrap_servers=broker,
            acks="all",
            linger_ms=10,
            retries=5,
            batch_size=256 * 1024,
            max_request_size=2 * 1024 * 1024,
        )
        self.producer.partitions_for(topic)  # fail early if the broker or the topic is missing

    async def send(self, records: Sequence[Record]) -> None:
        if not records:
            return
        futures = [self.producer.send(self.topic, key=k, value=v) for k, v in records]
        await asyncio.to_thread(_wait, futures, self.timeout)

    def close(self) -> None:
        self.producer.flush(timeout=self.timeout)
        self.producer.close(timeout=10)
