"""Where the poller and the endpoint put articles: the raw topic, or a list (tests, benchmarks).

`send` returns once every record is acknowledged (acks=all), so a caller may then mark the items
as seen or answer 202. The Kafka sink is aiokafka's producer, on the caller's event loop: about
12 us of CPU a message, where kafka-python's takes about 110 us (bench/feeds_bench.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from typing import Protocol

from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

Record = tuple[bytes, bytes]  # key, JSON value


class Sink(Protocol):
    async def send(self, records: Sequence[Record]) -> None: ...
    async def close(self) -> None: ...


class ListSink:
    def __init__(self) -> None:
        self.records: list[Record] = []
        self.fail: Exception | None = None  # set to make the next sends fail

    async def send(self, records: Sequence[Record]) -> None:
        if self.fail is not None:
            raise self.fail
        self.records.extend(records)

    async def close(self) -> None:
        pass


class SinkUnavailable(RuntimeError):
    pass


class KafkaSink:
    """Produces to `topic`, keyed (so partitioned by murmur2 of the key, as every other producer of
    the project). Started on first use, on the running event loop."""

    def __init__(self, broker: str, topic: str, timeout: float = 30.0) -> None:
        self.broker, self.topic, self.timeout = broker, topic, timeout
        self._producer: AIOKafkaProducer | None = None
        self._lock = asyncio.Lock()

    async def start(self) -> None:
        async with self._lock:
            if self._producer is not None:
                return
            p = AIOKafkaProducer(
                bootstrap_servers=self.broker,
                acks="all",
                linger_ms=10,
                max_batch_size=256 * 1024,
                max_request_size=2 * 1024 * 1024,
                request_timeout_ms=int(self.timeout * 1000),
            )
            try:
                await p.start()
                if not await p.partitions_for(self.topic):
                    raise SinkUnavailable(f"topic {self.topic} has no partitions")
            except (KafkaError, OSError) as e:
                await p.stop()
                raise SinkUnavailable(f"no Kafka broker answers at {self.broker}: {e}") from e
            self._producer = p

    async def send(self, records: Sequence[Record]) -> None:
        if not records:
            return
        if self._producer is None:
            await self.start()
        assert self._producer is not None
        futures = [await self._producer.send(self.topic, key=k, value=v) for k, v in records]
        await asyncio.wait_for(asyncio.gather(*futures), self.timeout)

    async def close(self) -> None:
        if self._producer is not None:
            await self._producer.stop()
            self._producer = None
