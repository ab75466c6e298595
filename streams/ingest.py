"""`newsalert ingest`: files -> the raw topic, with kafka-python.

Reads JSONL files (one article per line), JSON files (one article or a list),
and folders (recursively: *.jsonl, *.json, and *.txt plain-text articles whose
first line is the title). Every record is produced as it is, keyed by a stable
article id, with `ingested_at` set; validation happens in the worker, so a bad
line still reaches the raw topic and then the dead-letter topic with its reason.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from streams.models import stable_article_id, utcnow

SUFFIXES = (".jsonl", ".json", ".txt")


@dataclass(slots=True)
class RawRecord:
    key: bytes
    value: bytes
    origin: str  # file:line, for messages


def _file_list(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
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
            except json.JSONDecodeError:
                yield RawRecord(f.name.encode(), raw, str(f))
                continue
            items = data if isinstance(data, list) else [data]
            for i, rec in enumerate(items):
                if isinstance(rec, dict):
                    k, v = _stamp(rec, utcnow())
                    yield RawRecord(k, v, f"{f}[{i}]")
                else:
                    yield RawRecord(f"{f.name}[{i}]".encode(), json.dumps(rec).encode(), f"{f}[{i}]")
        else:
            with f.open("rb") as fh:
                for lineno, line in enumerate(fh, 1):
                    line = line.rstrip(b"\r\n")
                    if not line.strip():
                        continue
                    try:
                        rec = json.loads(line)
                    except (json.JSONDecodeError, UnicodeDecodeError):
                        rec = None
                    if isinstance(rec, dict):
                        k, v = _stamp(rec, utcnow())
                        yield RawRecord(k, v, f"{f}:{lineno}")
                    else:  # produce it as it is: the worker dead-letters it with the reason
                        yield RawRecord(f"{f.name}:{lineno}".encode(), line, f"{f}:{lineno}")


def count_records(paths: list[str]) -> int:
    n = 0
    for f in _file_list(paths):
        if f.suffix == ".jsonl":
            with f.open("rb") as fh:
                n += sum(1 for line in fh if line.strip())
        elif f.suffix == ".json":
            try:
                data = json.loads(f.read_bytes())
                n += len(data) if isinstance(data, list) else 1
            except json.JSONDecodeError:
                n += 1
        else:
            n += 1
    return n


def ingest(
    paths: list[str], broker: str, topic: str, rate: float | None = None, progress: bool = True
) -> int:
    """Produce every record of `paths` to `topic`; return how many were sent."""
    from kafka import KafkaProducer
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

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
        disable=not progress or total < 200,
        transient=False,
    ) as bar:
        task = bar.add_task("ingest", total=total, rate="")
        for rec in read_records(paths):
            if interval:
                due = start + sent * interval
                delay = due - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
            producer.send(topic, key=rec.key, value=rec.value)
            sent += 1
            if sent % 100 == 0:
                el = time.perf_counter() - start
                bar.update(task, completed=sent, rate=f"{sent / el:,.0f}/s" if el else "")
        producer.flush()
        bar.update(task, completed=sent)
    producer.close()
    return sent
