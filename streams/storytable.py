"""The worker's Faust tables: the stories table, which can wait until its changelog writes are on
the broker, and the check of a table's changelog partitions that every table of the worker uses.

The dedup stage writes a story to the table, then its alert to the alerts topic. Faust sends a
table's changelog writes through the producer's buffer in the background, so a worker killed
just after the alert reached the broker could leave the alert without the story that made it:
the new owner of the partition then rebuilt its index without the report, read the report
again and, matching it against stories rebuilt from their headlines, could open a second story
for the same event (a SIGKILL storm showed one). `StoryTable.written()` waits until every
changelog write made since the last call is acknowledged; the dedup stage calls it before it
writes an alert, so an alert on the topic always has its story in the table.

`ReadyTable` (every table of the worker: `Table=` in the app's settings, and the base of
`StoryTable`): on its first write Faust checks that the source topic and the table's changelog
have as many partitions, and raises `PartitionsMismatch` (the agent crashes, the worker exits 1)
when they differ. Right after the changelog topic is created, its metadata can list it with 0
partitions: a worker started on fresh topics died there in 1 of 16 runs of the far-future chaos
scenario (2026-12-07). A changelog that shows no partitions yet is checked again at the next
write instead; a real mismatch still raises. The check reads the consumer group's metadata
snapshot; the write itself goes by the client's metadata, which is often newer. When that is
stale too, the producer refuses the partition (an AssertionError from Faust's driver) as the check
did before. Since 2026-12-07 the race is avoided where it starts: every table's changelog is
created with the project's topics, before a worker starts (streams.topics.stream_table_topics,
alerts.topics.delivery_table_topics), so a worker never writes to a changelog made a moment ago.
The check stays for changelogs made otherwise (a table added without its topic).
"""

from __future__ import annotations

from typing import Any

import faust
from faust.exceptions import PartitionsMismatch


def changelog_verdict(source_n: int | None, change_n: int | None) -> str:
    """Whether a table's changelog fits its source topic: "ok", "later" (the metadata does not
    show the changelog's partitions yet: check again) or "mismatch"."""
    if source_n is None or change_n is None:
        return "ok"  # (what Faust does when either is unknown)
    if change_n == 0:
        return "later"
    return "ok" if source_n == change_n else "mismatch"


class ReadyTable(faust.Table):
    """A `faust.Table` whose partition check waits for the changelog's metadata (see above)."""

    def _verify_source_topic_partitions(self, source_topic: str) -> None:
        if source_topic in self._verified_source_topics_for_partitions:
            return
        consumer = self.app.consumer
        source_n = consumer.topic_partitions(source_topic)
        change_n = consumer.topic_partitions(self.changelog_topic_name) if source_n is not None else None
        verdict = changelog_verdict(source_n, change_n)
        if verdict == "later":
            return
        if verdict == "mismatch":
            raise PartitionsMismatch(
                f"The source topic {source_topic!r} for table {self.name!r} has {source_n} partitions, "
                f"but its changelog topic {self.changelog_topic_name!r} has {change_n}: delete the "
                f"changelog topic (the table is rebuilt from the stories it holds) or give both the "
                f"same partition count"
            )
        self._verified_source_topics_for_partitions.add(source_topic)


class StoryTable(ReadyTable):
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
