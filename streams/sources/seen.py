"""Which feed items were already produced, kept across restarts.

The poller asks `seen(keys)` before it turns an item into an article, calls `add(keys)` once
the raw topic has acknowledged the article, then `await persist()`. `KafkaSeen` keeps the keys in
a compacted topic (one message an item: key = its first fingerprint, value = all of them,
space-separated), written with aiokafka on the poller's loop and read back
with kafka-python at start-up; `FileSeen` keeps them in a text file, one a line (for a poller
without a broker of its own, and for tests); `MemorySeen` forgets them on exit.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from aiokafka import AIOKafkaProducer
from kafka import KafkaConsumer, TopicPartition

log = logging.getLogger(__name__)

RETENTION_DAYS = 90  # a fingerprint older than this may be produced again (feeds rotate items in days)
SEEN_TOPIC_CONFIG = {
    "cleanup.policy": "compact,delete",
    "retention.ms": str(RETENTION_DAYS * 86_400_000),
}


class SeenStore(Protocol):
    def seen(self, keys: list[str]) -> bool: ...
    def add(self, keys: Iterable[str]) -> None: ...
    async def persist(self) -> None: ...
    async def close(self) -> None: ...
    def __len__(self) -> int: ...


class MemorySeen:
    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys: set[str] = set(keys)

    def seen(self, keys: list[str]) -> bool:
        """True if any of an item's fingerprints is known."""
        return any(k in self.keys for k in keys)

    def add(self, keys: Iterable[str]) -> None:
        self.keys.update(keys)

    async def persist(self) -> None:
        pass

    async def close(self) -> None:
        await self.persist()

    def __len__(self) -> int:
        return len(self.keys)


class FileSeen(MemorySeen):
    """Fingerprints appended to a text file, read back when opened."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = self.path.read_text(encoding="utf-8").split() if self.path.exists() else []
        super().__init__(keys)
        self._fh = self.path.open("a", encoding="utf-8")

    def add(self, keys: Iterable[str]) -> None:
        new = [k for k in keys if k not in self.keys]
        super().add(new)
        if new:
            self._fh.write("".join(k + "\n" for k in new))

    async def persist(self) -> None:
        self._fh.flush()

    async def close(self) -> None:
        self._fh.close()


class KafkaSeen(MemorySeen):
    """Fingerprints on a compacted topic (create it with SEEN_TOPIC_CONFIG), read back at start-up."""

    def __init__(self, broker: str, topic: str, load_timeout: float = 120.0) -> None:
        self.broker, self.topic = broker, topic
        super().__init__(read_keys(broker, topic, load_timeout))
        self._pending: list[list[str]] = []
        self._producer: AIOKafkaProducer | None = None

    def add(self, keys: Iterable[str]) -> None:
        """Add one item's fingerprints."""
        new = [k for k in keys if k not in self.keys]
        if new:
            super().add(new)
            self._pending.append(new)

    async def persist(self) -> None:
        """Write the fingerprints added since the last call; return once they are acknowledged."""
        if not self._pending:
            return
        if self._producer is None:
            self._producer = AIOKafkaProducer(bootstrap_servers=self.broker, acks="all", linger_ms=20)
            await self._producer.start()
        todo, self._pending = self._pending, []
        try:
            futures = [
                await self._producer.send(self.topic, key=ks[0].encode(), value=" ".join(ks).encode())
                for ks in todo
            ]
            await asyncio.gather(*futures)
        except BaseException:
            self._pending = todo + self._pending  # tried again on the next call
            raise

    async def close(self) -> None:
        try:
            await self.persist()
        finally:
            if self._producer is not None:
                await self._producer.stop()
                self._producer = None


def read_keys(broker: str, topic: str, timeout: float = 120.0) -> set[str]:
    """Every fingerprint on `topic` (the values' words), read from its start to the end offsets of
    now."""
    start = time.monotonic()
    consumer = KafkaConsumer(bootstrap_servers=broker, group_id=None, enable_auto_commit=False)
    keys: set[str] = set()
    try:
        parts = consumer.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return keys
        consumer.assign(tps)
        consumer.seek_to_beginning(*tps)
        ends = consumer.end_offsets(tps)
        todo = {tp for tp in tps if ends[tp] > 0}
        deadline = time.monotonic() + timeout
        while todo and time.monotonic() < deadline:
            for msgs in consumer.poll(timeout_ms=500, max_records=10_000).values():
                for m in msgs:
                    if m.value is not None:
                        keys.update(m.value.decode("utf-8").split())
            todo = {tp for tp in todo if consumer.position(tp) < ends[tp]}
        if todo:
            raise TimeoutError(f"{topic}: seen items not read back within {timeout:g} s")
    finally:
        consumer.close()
    log.info("read %d seen-item fingerprints from %s in %.1f s", len(keys), topic, time.monotonic() - start)
    return keys
