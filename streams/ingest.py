"""`newsalert ingest`: files -> the raw topic, with kafka-python.

Reads JSONL files (one article per line), JSON files (one article or a list),
and folders (recursively: *.jsonl, *.json, and *.txt plain-text articles whose
first line is the title); `-` reads NDJSON from stdin, and `follow` tails one
growing JSONL file (like `tail -f`, from its start, across truncation and
rotation). Every record is produced as it is, keyed by a stable article id, with
`ingested_at` set; validation happens in the worker, so a bad line still reaches
the raw topic and then the dead-letter topic with its reason.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from kafka import KafkaProducer
from kafka.errors import KafkaError

from streams.models import stable_article_id, utcnow

SUFFIXES = (".jsonl", ".json", ".txt")
STDIN = "-"


@dataclass(slots=True)
class RawRecord:
    key: bytes
    value: bytes
    origin: str  # file:line, for messages


def _file_list(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if str(p) == STDIN:
            files.append(p)
        elif p.is_dir():
            files.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix in SUFFIXES))
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"{p}: no such file or folder")
    return files


def _stamp(rec: dict, now: datetime) -> tuple[bytes, bytes]:
    if not rec.get("id"):

        def text(field: str) -> str | None:
            v = rec.get(field)
            return v if isinstance(v, str) else None

        rec["id"] = stable_article_id(
            text("source") or "", text("url"), text("title") or "", text("body") or ""
        )
    rec.setdefault("ingested_at", now.isoformat())
    return str(rec["id"]).encode("utf-8"), json.dumps(rec, ensure_ascii=False).encode("utf-8")


def read_records(paths: list[str]) -> Iterator[RawRecord]:
    for f in _file_list(paths):
        if f.suffix == ".txt":
            text = f.read_text(encoding="utf-8", errors="replace")
            title, _, body = text.strip().partition("\n")
            mtime = datetime.fromtimestamp(f.stat().st_mtime, UTC)
            rec = {
                "source": f"file:{f.parent.name}",
                "title": title.strip(),
                "body": body.strip(),
                "published_at": mtime.isoformat(),
            }
            rec["id"] = stable_article_id(rec["source"], None, rec["title"], f.name + rec["body"])
            k, v = _stamp(rec, utcnow())
            yield RawRecord(k, v, str(f))
        elif f.suffix == ".json":
            raw = f.read_bytes()
            try:
                data = json.loads(raw)
            except (ValueError, RecursionError):
                yield RawRecord(f.name.encode(), raw, str(f))
                continue
            items = data if isinstance(data, list) else [data]
            for i, rec in enumerate(items):
                if isinstance(rec, dict):
                    k, v = _stamp(rec, utcnow())
                    yield RawRecord(k, v, f"{f}[{i}]")
                else:
                    yield RawRecord(f"{f.name}[{i}]".encode(), json.dumps(rec).encode(), f"{f}[{i}]")
        elif str(f) == STDIN:
            yield from jsonl_records(sys.stdin.buffer, "stdin")
        else:
            with f.open("rb") as fh:
                yield from jsonl_records(fh, str(f))


def jsonl_records(lines: Iterable[bytes], origin: str) -> Iterator[RawRecord]:
    """One record per non-blank line; a line that is no JSON object is produced as it is (the
    worker dead-letters it with the reason)."""
    name = Path(origin).name
    for lineno, line in enumerate(lines, 1):
        line = line.rstrip(b"\r\n")
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (ValueError, RecursionError):  # not JSON, not UTF-8, too deep, a number too long
            rec = None
        if isinstance(rec, dict):
            k, v = _stamp(rec, utcnow())
            yield RawRecord(k, v, f"{origin}:{lineno}")
        else:
            yield RawRecord(f"{name}:{lineno}".encode(), line, f"{origin}:{lineno}")


def follow_lines(path: Path, poll: float = 0.25, stop: Callable[[], bool] = lambda: False) -> Iterator[bytes]:
    """The complete lines of `path`, from its start, then each line as it is appended, until
    `stop()`. A truncated file is read again from its start; a rotated one (a new file under the
    name) is read from its start once the old one is drained. A last line without its newline
    waits for it."""
    fh = None
    ino = None
    partial = b""
    try:
        while not stop():
            if fh is None:
                try:
                    fh = path.open("rb")
                except FileNotFoundError:
                    time.sleep(poll)
                    continue
                ino, partial = os.fstat(fh.fileno()).st_ino, b""
            chunk = fh.readline()
            if chunk:
                if chunk.endswith(b"\n"):
                    yield partial + chunk
                    partial = b""
                else:
                    partial += chunk
                continue
            try:
                st = path.stat()
            except FileNotFoundError:
                st = None
            if st is not None and st.st_ino != ino:  # rotated: drained the old one, open the new
                fh.close()
                fh = None
                continue
            if st is not None and st.st_size < fh.tell():  # truncated: from the start again
                fh.seek(0)
                partial = b""
                continue
            time.sleep(poll)
    finally:
        if fh is not None:
            fh.close()


def count_records(paths: list[str]) -> int | None:
    """How many records `paths` hold; None when unknown (stdin)."""
    n = 0
    for f in _file_list(paths):
        if str(f) == STDIN:
            return None
        if f.suffix == ".jsonl":
            with f.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        elif f.suffix == ".json":
            try:
                data = json.loads(f.read_bytes())
                n += len(data) if isinstance(data, list) else 1
            except (ValueError, RecursionError):
                n += 1
        else:
            n += 1
    return n


def ingest(
    paths: list[str],
    broker: str,
    topic: str,
    rate: float | None = None,
    progress: bool = True,
    follow: bool = False,
    stop: Callable[[], bool] = lambda: False,
    refused: list[str] | None = None,
) -> int:
    """Produce every record of `paths` to `topic`; return how many the broker acknowledged. A
    record the producer or the broker refuses is named in `refused` (one line: where it came from
    and why) and the rest go on. With `follow`, `paths` is one JSONL file, tailed until `stop()`
    (or Ctrl-C); what was sent is flushed."""
    failed = refused if refused is not None else []  # what the caller is told
    refusals: list[str] = []  # sent, then refused by the broker
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    if follow:
        if len(paths) != 1 or paths[0] == STDIN or Path(paths[0]).is_dir():
            raise ValueError("--follow tails one JSONL file: give exactly one file")
        records = jsonl_records(follow_lines(Path(paths[0]), stop=stop), paths[0])
        total: int | None = None
    else:
        records = read_records(paths)
        total = count_records(paths)
    producer = KafkaProducer(
        bootstrap_servers=broker,
        acks="all",
        linger_ms=5,
        compression_type=None,
        retries=5,
        max_request_size=2 * 1024 * 1024,
    )
    producer.partitions_for(topic)  # wait for the topic's metadata (it may have just been created)
    sent = 0
    interval = 1.0 / rate if rate else 0.0
    start = time.perf_counter()
    with Progress(
        TextColumn("ingest"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeRemainingColumn(),
        disable=not progress or total is None or total < 200,
        transient=False,
    ) as bar:
        task = bar.add_task("ingest", total=total, rate="")
        try:
            for rec in records:
                if interval:
                    due = start + sent * interval
                    delay = due - time.perf_counter()
                    if delay > 0:
                        time.sleep(delay)
                try:
                    fut = producer.send(topic, key=rec.key, value=rec.value)
                except KafkaError as e:  # too large for a request, for one
                    failed.append(f"{rec.origin}: not sent: {e}")
                    continue
                fut.add_errback(
                    lambda e, origin=rec.origin: refusals.append(f"{origin}: refused by the broker: {e}")
                )
                sent += 1
                if sent % 100 == 0:
                    el = time.perf_counter() - start
                    bar.update(task, completed=sent, rate=f"{sent / el:,.0f}/s" if el else "")
        finally:  # Ctrl-C on a pipe or a followed file: what was read still goes out
            producer.flush()
            bar.update(task, completed=sent)
            producer.close()
    failed.extend(refusals)
    return sent - len(refusals)
