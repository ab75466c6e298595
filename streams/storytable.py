"""The stories table: a Faust table that can wait until its changelog writes are on the broker.

The dedup stage writes a story to the table, then its alert to the alerts topic. Faust sends a
table's changelog writes through the producer's buffer in the background, so a worker killed
just after the alert reached the broker could leave the alert without the story that made it:
the new owner of the partition then rebuilt its index without the report, read the report
again and, matching it against stories rebuilt from their headlines, could open a second story
for the same event (a SIGKILL storm showed one). `StoryTable.written()` waits until every
changelog write made since the last call is acknowledged; the dedup stage calls it before it
writes an alert, so an alert on the topic always has its story in the table.
"""

from __future__ import annotations

from typing import Any

import faust


class StoryTable(faust.Table):
    """A `faust.Table` that keeps the futures of its changelog writes until `written()`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._unwritten: list[Any] = []

    def send_changelog(self, *args: Any, **kwargs: Any) -> Any:
        fut = super().send_changelog(*args, **kwargs)
        self._unwritten.append(fut)
        return fut

    def forget_writes(self) -> None:
        """Drop the futures kept so far (their writes go on in the background)."""
        self._unwritten.clear()

    async def written(self) -> None:
        """Wait until every changelog write since the last call (or `forget_writes`) is acknowledged
        by the broker; a failed write raises."""
        pending, self._unwritten = self._unwritten, []
        for fut in pending:
            await fut


def story_table(app: faust.App, name: str, **kwargs: Any) -> StoryTable:
    """Define the table on `app`, as `app.Table(name, ...)` does."""
    table = StoryTable(app, name=name, beacon=app.tables.beacon, **kwargs)
    app.tables.add(table)
    return table
