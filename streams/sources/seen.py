"""Which feed items were already produced, kept across restarts.

The poller asks `seen(keys)` before it turns an item into an article and calls `add(keys)` once
the raw topic has acknowledged the article. `KafkaSeen` keeps the keys in a compacted topic (key =
fingerprint) and reads it back at start-up; `FileSeen` keeps them in a text file, one a line (for
a poller without a broker of its own, and for tests); `MemorySeen` forgets them on exit.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Protocol

from kafka import KafkaConsumer, KafkaProducer, TopicPartition

log = logging.getLogger(__name__)

RETENTION_DAYS = 90  # a fingerprint older than this may be produced again (feeds rotate items in days)
SEEN_TOPIC_CONFIG = {
    "cleanup.policy": "compact,delete",
    "retention.ms": str(RETENTION_DAYS * 86_400_000),
}


class SeenStore(Protocol):
    def seen(self, keys: list[str]) -> bool: ...
    def add(self, keys: Iterable[str]) -> None: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...
    def __len__(self) -> int: ...


class MemorySeen:
    def __init__(self, keys: Iterable[str] = ()) -> None:
        self.keys: set[str] = set(keys)

    def seen(self, keys: list[str]) -> bool:
        """True if any of an item's fingerprints is known."""
        return any(k in self.keys for k in keys)

    def add(self, keys: Iterable[str]) -> None:
        self.keys.update(keys)

    def flush(self) -> None:
        pass

    def close(self) -> None:
        self.flush()

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

    def flush(self) -> None:
        self._fh.flush()

    def close(self) -> None:
        self._fh.close()


class KafkaSeen(MemorySeen):
    """Fingerprints on a compacted topic (create it with SEEN_TOPIC_CONFIG), read back at start-up."""

    def __init__(self, broker: str, topic: str, load_timeout: float = 120.0) -> None:
        self.broker, self.topic = broker, topic
        super().__init__(read_keys(broker, topic, load_timeout))
        self._producer = KafkaProducer(bootstrap_servers=broker, acks="all", linger_ms=20, retries=5)

    def add(self, keys: Iterable[str]) -> None:
        new = [k for k in keys if k not in self.keys]
        super().add(new)
        for k in new:
            self._producer.send(self.topic, key=k.encode("utf-8"), value=b"1")

    def flush(self) -> None:
        self._producer.flush(timeout=30)

    def close(self) -> None:
        self.flush()
        self._producer.close(timeout=10)


def read_keys(broker: str, topic: str, timeout: float = 120.0) -> set[str]:
    """Every key on `topic`, read from its start to the end offsets of now."""
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
                keys.update(m.key.decode("utf-8") for m in msgs if m.key is not None and m.value is not None)
            todo = {tp for tp in todo if consumer.position(tp) < ends[tp]}
        if todo:
            raise TimeoutError(f"{topic}: seen items not read back within {timeout:g} s")
    finally:
        consumer.close()
    log.info("read %d seen-item fingerprints from %s in %.1f s", len(keys), topic, time.monotonic() - start)
    return keys
