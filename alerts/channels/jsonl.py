"""JSONL channel: one JSON line per delivery, appended, flushed and fsynced."""

from __future__ import annotations

import asyncio
import json
import os
from pathlib import Path
from typing import Any, Literal

from alerts.channels.base import Channel, TransientDeliveryError, register_channel
from alerts.config_base import StrictModel


class JsonlConfig(StrictModel):
    type: Literal["jsonl"] = "jsonl"
    path: Path
    fsync: bool = True


@register_channel("jsonl")
class JsonlChannel(Channel):
    config: JsonlConfig

    def __init__(self, name: str, config: Any, **kw: Any) -> None:
        super().__init__(name, config, **kw)
        self._lock = asyncio.Lock()
        self._fh: Any = None

    async def start(self) -> None:
        path = self.config.path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._fh = open(path, "a", encoding="utf-8")  # noqa: SIM115 - kept open

    def _write(self, line: str) -> None:
        self._fh.write(line)
        self._fh.flush()
        if self.config.fsync:
            os.fsync(self._fh.fileno())

    async def send(self, delivery: Any) -> None:
        if self._fh is None:
            await self.start()
        record = json.loads(delivery.alert.model_dump_json())
        record["subscription"] = delivery.subscription
        record["idempotency_key"] = delivery.idempotency_key
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n"
        async with self._lock:  # whole lines, never interleaved
            try:
                await asyncio.to_thread(self._write, line)
            except OSError as e:
                raise TransientDeliveryError(
                    f"write {self.config.path}: {e.strerror}", kind="other"
                ) from None

    async def stop(self) -> None:
        if self._fh is not None:
            self._fh.close()
            self._fh = None
