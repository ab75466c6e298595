"""What is already on the alerts topic: the newest version of each story's alert.

The dedup stage updates its story table and writes an alert as two separate Kafka writes; a
worker killed between them leaves one without the other. Read back at start-up (and whenever a
worker takes over partitions), the alerts topic itself says what subscribers have seen, so:

- an alert whose (story_id, version) is already there is not written again (the table lagged
  behind the alert: the report is processed a second time and makes the same update);
- a story whose stored version is ahead of the topic gets its latest alert written now (the
  table was written, the alert was lost with the worker).

Together: each (story_id, version) is written to the alerts topic once, whatever the crash.
"""

from __future__ import annotations

import json
from collections.abc import Iterable


class AlertLedger:
    """story_id -> the highest alert version on the alerts topic."""

    def __init__(self) -> None:
        self.versions: dict[str, int] = {}

    def __len__(self) -> int:
        return len(self.versions)

    def load(self, values: Iterable[bytes]) -> int:
        """Take in alert messages (JSON values); returns how many were read. Unreadable ones
        are skipped (the delivery side dead-letters them)."""
        n = 0
        for raw in values:
            try:
                a = json.loads(raw)
                story_id, version = str(a["story_id"]), int(a["version"])
            except (ValueError, TypeError, KeyError):
                continue
            self.record(story_id, version)
            n += 1
        return n

    def due(self, story_id: str, version: int) -> bool:
        """Whether the alert (story_id, version) is not on the topic yet."""
        return version > self.versions.get(story_id, 0)

    def record(self, story_id: str, version: int) -> None:
        if version > self.versions.get(story_id, 0):
            self.versions[story_id] = version

    def emitted(self, story_id: str) -> int:
        return self.versions.get(story_id, 0)

    def forget(self, story_ids: Iterable[str]) -> None:
        for sid in story_ids:
            self.versions.pop(sid, None)
