"""A feed's schedule and health as the poller keeps them, and the result of one poll.

The schedule is a pure function: after a good poll a feed waits its interval (+- jitter); after
failures in a row, interval * 2**failures up to `backoff_max`, and never less than a Retry-After.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from streams.sources.config import FeedConfig
from streams.sources.items import Produced

MAX_RETRY_AFTER = 86_400.0  # a Retry-After beyond a day is read as a day


def next_delay(
    interval: float,
    failures: int,
    rng: random.Random,
    jitter: float = 0.1,
    backoff_max: float = 21_600.0,
    retry_after: float | None = None,
) -> float:
    """Seconds until a feed's next poll: its interval after a success, interval * 2**failures
    (capped at `backoff_max`) after failures in a row, +- `jitter`, and never before Retry-After."""
    base = interval if failures <= 0 else min(backoff_max, interval * 2.0 ** min(failures, 30))
    delay = base * (1.0 + rng.uniform(-jitter, jitter))
    if retry_after is not None:
        delay = max(delay, min(retry_after, MAX_RETRY_AFTER))
    return max(delay, 0.0)


@dataclass
class FeedState:
    feed: FeedConfig
    interval: float
    next_due: float = 0.0  # monotonic clock
    etag: str | None = None
    last_modified: str | None = None
    failures: int = 0
    running: bool = False
    last_status: int | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error_kind: str | None = None
    last_error: str | None = None
    items_total: int = 0
    polls: int = 0
    recent: set[str] = field(default_factory=set)  # keys of the items of the last document


@dataclass
class PollResult:
    feed: str
    status: int | None
    new: int = 0
    skipped: int = 0
    error_kind: str | None = None
    error: str | None = None
    records: list[Produced] = field(default_factory=list)


def health(s: FeedState, now: float) -> dict[str, Any]:
    """One feed's health (`now`: the monotonic clock), as /status answers it."""
    return {
        "feed": s.feed.name,
        "url": s.feed.url,
        "http_status": s.last_status,
        "last_success": s.last_success.isoformat() if s.last_success else None,
        "last_attempt": s.last_attempt.isoformat() if s.last_attempt else None,
        "items": s.items_total,
        "polls": s.polls,
        "failures": s.failures,
        "error_kind": s.last_error_kind,
        "error": s.last_error,
        "next_poll_seconds": None if s.running else round(max(0.0, s.next_due - now), 1),
        "conditional": bool(s.etag or s.last_modified),
    }


def health_table(feeds: list[dict[str, Any]]) -> list[str]:
    """`health` rows as the lines of a table (what `newsalert feeds status` prints)."""
    lines = [f"{'feed':24} {'http':4} {'items':>6} {'fails':>5} {'last success (UTC)':19} {'next':>6} error"]
    for f in feeds:
        nxt = "now" if f["next_poll_seconds"] is None else f"{f['next_poll_seconds']:.0f}s"
        err = f"{f['error_kind']}: {f['error']}" if f["error_kind"] else ""
        when = (f["last_success"] or "never")[:19].replace("T", " ")
        lines.append(
            f"{f['feed']:24} {f['http_status'] or '-'!s:4} {f['items']:>6} {f['failures']:>5} "
            f"{when:19} {nxt:>6} {err}".rstrip()
        )
    return lines
