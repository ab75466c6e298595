"""Batch mode: the same functional core over JSONL files, no Kafka (backtesting).

Input records need `id` and `title` and/or `body`; `source`, `url` and
`published_at` are optional here (missing times get a fixed clock so that runs
are reproducible). Extra fields are ignored. A bad line is reported on stderr
with its line number and skipped; the run goes on.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from pydantic import ValidationError

from streams.assign import assign_batch
from streams.classify.engine import Classifier, default_classifier
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article, Classification, StoryDecision
from streams.taxonomy import Taxonomy

BATCH_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)


def read_jsonl(
    stream: IO[str], err: IO[str] = sys.stderr
) -> Iterator[tuple[int, Article | None, dict[str, Any] | None]]:
    """Yield (line number, article or None, raw record). Bad lines are reported and yield None."""
    for lineno, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            print(f"line {lineno}: not JSON ({e.msg} at column {e.colno}); skipped", file=err)
            yield lineno, None, None
            continue
        if not isinstance(rec, dict):
            print(f"line {lineno}: expected a JSON object, got {type(rec).__name__}; skipped", file=err)
            yield lineno, None, None
            continue
        try:
            yield lineno, batch_article(rec), rec
        except (ValidationError, ValueError) as e:
            msg = e.errors()[0]["msg"] if isinstance(e, ValidationError) else str(e)
            where = ""
            if isinstance(e, ValidationError) and e.errors()[0].get("loc"):
                where = f" ({'.'.join(map(str, e.errors()[0]['loc']))})"
            print(f"line {lineno}: invalid article{where}: {msg}; skipped", file=err)
            yield lineno, None, rec


class Progress:
    """A one-line progress count on stderr for long runs, only when stderr is a terminal."""

    def __init__(self, what: str, err: IO[str], every: int = 1000):
        self.what, self.err, self.every, self.n = what, err, every, 0
        self.t0 = time.perf_counter()
        self.on = hasattr(err, "isatty") and err.isatty()

    def tick(self) -> None:
        self.n += 1
        if self.on and self.n % self.every == 0:
            rate = self.n / max(1e-9, time.perf_counter() - self.t0)
            print(f"\r{self.what} {self.n:,} articles ({rate:,.0f}/s)", end="", file=self.err, flush=True)

    def done(self) -> None:
        if self.on and self.n >= self.every:
            print(file=self.err)


def batch_article(rec: dict[str, Any]) -> Article:
    data = dict(rec)
    if "id" not in data or data["id"] in (None, ""):
        raise ValueError("missing 'id'")
    data["id"] = str(data["id"])
    data.setdefault("source", "batch")
    if not data.get("source"):
        data["source"] = "batch"
    if not data.get("published_at"):
        data["published_at"] = BATCH_EPOCH
    if data.get("url") in ("", None):
        data.pop("url", None)
    data["title"] = data.get("title") or ""
    data["body"] = data.get("body") or ""
    return Article.model_validate(data)


def classify_records(
    stream: IO[str], out: IO[str], err: IO[str] = sys.stderr, classifier: Classifier | None = None
) -> tuple[int, int]:
    clf = classifier or default_classifier()
    ok = bad = 0
    progress = Progress("classified", err)
    for _, art, rec in read_jsonl(stream, err):
        progress.tick()
        if art is None:
            bad += 1
            if rec and "id" in rec:
                out.write(json.dumps({"id": str(rec["id"]), "error": "invalid article"}) + "\n")
            continue
        c = clf.classify(art)
        out.write(
            json.dumps(
                {
                    "id": art.id,
                    "category": c.category,
                    "severity": c.severity.value,
                    "fatalities": c.fatalities,
                    "injured": c.injured,
                    "country": c.location.country,
                    "place": c.location.place,
                    "target": c.target,
                    "reasons": c.reasons,
                },
                ensure_ascii=False,
            )
            + "\n"
        )
        ok += 1
    progress.done()
    return ok, bad


def replay_order(times: list[float | None]) -> list[int]:
    """The positions of a file's records in publish-time order: a stable sort, so records of one
    time keep their file order, and a record without a time keeps the time of the record before it
    (leading ones stay first). A file is a replay: the story stage's window follows the newest
    time it has seen, so a file of several periods in blocks (one crisis after another, each in
    its own time order) read in file order would push every story of a later block that lies
    earlier in time out of the window at once, and each of its reports would alert alone."""
    keys: list[float] = []
    last = float("-inf")
    for t in times:
        if t is not None:
            last = t
        keys.append(last)
    return sorted(range(len(keys)), key=keys.__getitem__)


def dedup_records(
    stream: IO[str],
    out: IO[str],
    err: IO[str] = sys.stderr,
    classify: bool = True,
    batch: int = 64,
    config: DedupConfig | None = None,
    taxonomy: Taxonomy | None = None,
    classifier: Classifier | None = None,
    seen: Callable[[Article, StoryDecision], None] | None = None,
    arrival_order: bool = False,
) -> tuple[int, int]:
    """One output line per input line with an id, in input order (``seen``: called with each
    article and its decision in the order they are decided, e.g. for ``newsalert dedup --summary``).
    The articles are decided in publish-time order (``replay_order``; the file is held in memory),
    or with ``arrival_order`` in file order as they are read. They go through the story stage
    ``batch`` at a time (``assign_batch``: the same decisions as one ``assign`` each).
    A line's ``story_id`` is the story its article is in at the end of the file: after a late
    merge, the survivor's (``final_stories``); ``story_on_arrival`` is the one it joined or opened
    when it was decided. The lines are written when the whole file is decided.
    ``taxonomy``, ``classifier``: default the shipped config's."""
    clf = (classifier or default_classifier()) if classify else None
    index = StoryIndex(config, taxonomy=taxonomy)
    ok = bad = 0
    progress = Progress("deduplicated", err)
    lines: dict[int, dict[str, Any]] = {}
    into: dict[str, str] = {}  # late merges: a story merged away -> the story it was merged into
    # (position, article or None, raw record, classification)
    pending: list[tuple[int, Article | None, Any, Classification | None]] = []

    def flush() -> None:
        results = iter(assign_batch(index, [(a, c) for _, a, _, c in pending if a is not None]))
        for pos, art, rec, c in pending:
            if art is None:
                lines[pos] = {"id": str(rec["id"]), "error": "invalid article"}
                continue
            decision = next(results)
            if seen is not None:
                seen(art, decision)
            into.update(dict.fromkeys(decision.merged, decision.story_id))
            lines[pos] = {
                "id": art.id,
                "story_id": decision.story_id,
                "story_on_arrival": decision.story_id,
                "duplicate": decision.duplicate,
                "match": decision.match,
                "score": decision.score,
                "update": decision.update,
                "reason": decision.reason,
                "merged": decision.merged,
                "category": c.category if c else None,
                "severity": c.severity.value if c else None,
            }
        pending.clear()

    def kept() -> Iterator[tuple[Article | None, Any]]:
        """The records read (a bad one with an id too: it gets an error line), bad ones counted."""
        nonlocal bad
        for _, art, rec in read_jsonl(stream, err):
            if art is None:
                bad += 1
                if not (rec and "id" in rec):
                    continue
            yield art, rec

    records: Iterable[tuple[int, Article | None, Any]]
    if arrival_order:
        records = ((pos, art, rec) for pos, (art, rec) in enumerate(kept()))
    else:
        held = list(kept())
        times = [art.published_at.timestamp() if art is not None and rec and rec.get("published_at") else None
                 for art, rec in held]  # fmt: skip
        records = ((pos, *held[pos]) for pos in replay_order(times))
    n_art = 0
    for pos, art, rec in records:
        progress.tick()
        if art is None:
            pending.append((pos, None, rec, None))
            continue
        pending.append((pos, art, rec, clf.classify(art) if clf else None))
        ok += 1
        n_art += 1
        if n_art >= batch:
            flush()
            n_art = 0
    flush()
    final = final_stories(into)
    for pos in sorted(lines):
        line = lines[pos]
        if "story_id" in line:
            line["story_id"] = final(line["story_id"])
        out.write(json.dumps(line) + "\n")
    progress.done()
    return ok, bad


def final_stories(into: dict[str, str]) -> Callable[[str], str]:
    """The story a story id ends in after the late merges ``into`` (story merged away -> the story
    it was merged into; a survivor may itself be merged away later)."""

    def final(story_id: str) -> str:
        seen = {story_id}
        while story_id in into and into[story_id] not in seen:
            story_id = into[story_id]
            seen.add(story_id)
        return story_id

    return final
