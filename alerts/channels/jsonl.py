"""JSONL channel: one JSON line per delivery, appended, flushed and fsynced.

Each line carries its delivery's idempotency key, and a key already in the file is not written
again. A delivery is sent again after a crash between its write and the record of it in the
``delivered_jsonl`` table (docs/delivery.md), by the restarted worker or by the one that took
its partitions over, which may write the same file. So before each write the channel reads
what was appended to the file since it last looked (by itself or another worker) and keeps the
keys of the last ``RECENT`` lines; on start it reads the file's last ``TAIL_BYTES``. The
file's reader then sees each delivery once.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections import OrderedDict
from pathlib import Path
from typing import Any, Literal

from alerts.channels.base import Channel, TransientDeliveryError, register_channel
from alerts.config_base import StrictModel

RECENT = 100_000  # keys kept (a repeat comes minutes after its first write at most)
TAIL_BYTES = 8 * 1024 * 1024  # read of an existing file on start


class JsonlConfig(StrictModel):
    type: Literal["jsonl"] = "jsonl"
    path: Path
    fsync: bool = True


class RecentKeys:
    """The idempotency keys of the file's latest lines, read incrementally from a byte offset."""

    def __init__(self, path: Path, keep: int = RECENT) -> None:
        self.path, self.keep = path, keep
        self.keys: OrderedDict[str, None] = OrderedDict()
        self.offset = 0

    def start(self) -> None:
        size = self.path.stat().st_size if self.path.exists() else 0
        self.offset = max(0, size - TAIL_BYTES)
        self.catch_up(skip_partial=self.offset > 0)

    def catch_up(self, skip_partial: bool = False) -> None:
        """Read the whole lines appended since the last read and note their keys."""
        try:
            with open(self.path, "rb") as fh:
                size = os.fstat(fh.fileno()).st_size
                if size < self.offset:  # truncated or replaced: read it again
                    self.offset = 0
                fh.seek(self.offset)
                data = fh.read(size - self.offset)
        except FileNotFoundError:
            self.offset = 0
            return
        end = data.rfind(b"\n") + 1  # a line still being written is read next time
        lines = data[:end].split(b"\n")
        if skip_partial and lines:
            lines = lines[1:]  # (the tail read began inside a line)
        for line in lines:
            if line.strip():
                self.add(_key_of(line))
        self.offset += end

    def add(self, key: str | None) -> None:
        if key is None:
            return
        self.keys[key] = None
        self.keys.move_to_end(key)
        if len(self.keys) > self.keep:
            self.keys.popitem(last=False)

    def __contains__(self, key: str) -> bool:
        return key in self.keys


def _key_of(line: bytes) -> str | None:
    try:
        rec = json.loads(line)
    except ValueError:
        return None
    key = rec.get("idempotency_key") if isinstance(rec, dict) else None
    return key if isinstance(key, str) else None


@register_channel("jsonl")
class JsonlChannel(Channel):
    config: JsonlConfig

    def __init__(self, name: str, config: Any, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self._lock = asyncio.Lock()
        self._fh: Any = None
        self._recent = RecentKeys(self.config.path)
        self.skipped = 0  # deliveries whose key the file held already

    async def start(self) -> None:
        path = self.config.path
        path.parent.mkdir(parents=True, exist_ok=True)
        await asyncio.to_thread(self._recent.start)
        self._fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open

    def _write(self, key: str, line: str) -> bool:
        self._recent.catch_up()
        if key in self._recent:
            self.skipped += 1
            return False
        self._fh.write(line)
        self._fh.flush()
        if self.config.fsync:
            os.fsync(self._fh.fileno())
        self._recent.add(key)
        return True

    async def send(self, delivery: Any) -> None:
        if self._fh is None:
            await self.start()
        record = json.loads(delivery.alert.model_dump_json())
        record["subscription"] = delivery.subscription
        record["idempotency_key"] = delivery.idempotency_key
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        async with self._lock:  # whole lines, never interleaved
            try:
                await asyncio.to_thread(self._write, delivery.idempotency_key, line)
            except OSError as e:
                raise TransientDeliveryError(
                    f"write {self.config.path}: {e.strerror}", kind="other"
                ) from None

    async def stop(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
