"""Where each partition of an acknowledged topic stands, beside Faust's own bookkeeping: the pure
part of the consumer's checks (streams/fastfaust.py) that no message is lost or skipped: which
partitions were never committed, whether a commit may move past its head, a fetch past the offset
due, and which partitions to read again (a head held too long, messages dropped after a hand-over,
messages past the commit never handed over)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any


def never_committed(committed: Mapping[Any, int | None], acked: Callable[[str], bool]) -> list[Any]:
    """The partitions of acknowledged (stream) topics in `committed` with no committed position.

    `committed` maps topic partitions to the group's committed offsets (None: never committed).
    Offset 0 counts too: aiokafka's `seek_to_committed` only seeks to offsets above 0, and the
    beginning of such a partition is the right place to read from. Internal topics Faust reads
    without acknowledging (table changelogs, the leader topic) are left to Faust's recovery.
    """
    return [tp for tp, offset in committed.items() if not offset and acked(tp.topic)]


def head_is_done(committed: int, lowest_done: int) -> bool:
    """Whether the commit may move past `committed` (the next offset to read): only when the
    message at that offset itself is done (acknowledged, or a real hole in the partition)."""
    return lowest_done <= committed


def position_error(due: int | None, offset: int, sought_back_to: int | None) -> bool:
    """Whether a fetched `offset` lies past the offset `due` on a partition without holes, and
    the partition was not already sought back to `due` once (then the hole is real)."""
    return due is not None and offset > due and sought_back_to != due


HOLE_SECONDS = 2.0
# a partition with messages handed over past its committed offset, none acknowledged and none of its
# topic in a stream's hands for this long: the messages were dropped (read again from the commit)
STUCK_SECONDS = 10.0


class Positions:
    """Where each partition of an acknowledged topic stands, beside Faust's own bookkeeping.

    `due`: the next offset due (the committed one after a seek, then one past each message handed
    over); `floor`: where each partition was sought to (Faust knows no committed offset for a
    partition that was never committed); `sought`: the offset a partition was last sought back
    to because a fetch skipped it;
    `held`: partitions whose commit is held at the committed offset (a later message is done,
    the one at the committed offset is not), with that offset and since when."""

    def __init__(self) -> None:
        self.due: dict[Any, int] = {}
        self.floor: dict[Any, int] = {}
        self.sought: dict[Any, int] = {}
        self.held: dict[Any, tuple[int, float]] = {}
        self.quiet: dict[Any, tuple[int, float]] = {}

    def reset(self, committed: Mapping[Any, int]) -> None:
        """After a seek of every partition to its committed offset (or its beginning)."""
        self.due.clear()  # in place: the drain loop holds this dict
        self.due.update(committed)
        self.floor = dict(committed)
        self.sought.clear()
        self.held.clear()
        self.quiet.clear()

    def hold(self, tp: Any, committed: int, now: float) -> None:
        if self.held.get(tp, (None, 0.0))[0] != committed:
            self.held[tp] = (committed, now)

    def release(self, tp: Any) -> None:
        self.held.pop(tp, None)

    def stuck(
        self,
        now: float,
        committed: Mapping[Any, int | None],
        acked: set[Any],
        busy_topics: set[str],
        after: float = STUCK_SECONDS,
        ends: Mapping[Any, int | None] | None = None,
    ) -> list[tuple[Any, int]]:
        """The partitions whose messages were handed over past the committed offset (`due` beyond
        it) with none acknowledged since (`acked`: partitions with acknowledgements pending; those
        are `held`'s business) and no message of their topic in a stream's hands (`busy_topics`:
        an agent at work, so the rest waits in its queue) for `after` seconds, the clock starting
        when the partition was first seen so. Faust's stream dropped them (an old generation, the
        flow stopped) with no later message done to show the gap, and no seek will come: the
        caller reads them again from the committed offset. `committed`: Faust's committed offsets
        (None: never committed; then the offset the partition was sought to, `floor`).

        With `ends` (each partition's end offset, as the consumer last saw it), a partition with
        messages past its committed offset of which none was handed over (`due` at the committed
        offset) is stuck too after `after` seconds: its fetch position went past them (a fetch
        dropped at a seek of another partition, seen once after a restart), and no later message
        will come to show the gap."""
        out = []
        ends = ends or {}
        for tp, due in self.due.items():
            c = committed.get(tp)
            if c is None:
                c = self.floor.get(tp)
            end = ends.get(tp)
            behind = c is not None and due <= c and end is not None and end > c
            if c is None or (due <= c and not behind) or tp in acked or tp.topic in busy_topics:
                self.quiet.pop(tp, None)
                continue
            at, since = self.quiet.setdefault(tp, (c, now))
            if at != c:
                self.quiet[tp] = (c, now)
            elif now - since >= after:
                out.append((tp, c))
                del self.quiet[tp]
        return out

    def holes(
        self, now: float, in_flight: set[tuple[Any, int]], after: float = HOLE_SECONDS
    ) -> list[tuple[Any, int]]:
        """The partitions held at the same offset for `after` seconds whose message at that offset
        is not being processed (`in_flight`: (partition, offset) taken by a stream, not finished).
        They are released: the caller reads them again."""
        out = [
            (tp, c)
            for tp, (c, since) in self.held.items()
            if now - since >= after and (tp, c) not in in_flight
        ]
        for tp, _ in out:
            del self.held[tp]
        return out
