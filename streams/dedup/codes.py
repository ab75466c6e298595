"""Small helpers of the story index: story ids, event times as seconds, and the interning of
the classifier's strings (families, countries, places) as small integer codes."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime


def story_id_for(article_id: str) -> str:
    """Deterministic story id: a hash of the first report's article id."""
    return "s-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]


def ts(dt: datetime) -> float:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class Codes:
    """Small interning table: value -> int code (0 = None)."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.value: list[str] = [""]  # code -> value

    def __call__(self, v: str | None) -> int:
        if not v:
            return 0
        v = v.strip().lower()
        c = self.code.get(v)
        if c is None:
            c = self.code[v] = len(self.code) + 1
            self.value.append(v)
        return c
