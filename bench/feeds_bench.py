#!/usr/bin/env python3
"""Items per second through the feed poller: 200 local feeds of 50 items each, fetched over HTTP,
parsed, turned into articles (HTML to text, canonical URL, language detection) and produced to a
topic on the real broker with acks=all (prints figures, asserts nothing).

    python bench/feeds_bench.py [--feeds 200] [--items 50] [--runs 5] [--workers 2] [--no-broker]

The feeds are served by an aiohttp server in a separate process on 127.0.0.1 (the server's CPU is
not the poller's). One poller (its parsing processes started and warm) polls every feed --runs
times, each time with an empty seen-items store (a fresh compacted topic, written as `newsalert
poll` writes it), so all feeds x items are new; the time is from the first fetch to the last
acknowledgement of the articles and their fingerprints. With --no-broker the articles go to a
list and the fingerprints to memory (the poller's own CPU alone). The bench topics are deleted
at the end. The bar of issue #17 is >= 2,000 items/s parsed and produced.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing as mp
import os
import platform
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from aiohttp import web  # noqa: E402

from streams.settings import load_settings  # noqa: E402
from streams.sources.config import FeedConfig, FeedsFile, Polling  # noqa: E402
from streams.sources.language import detect_article_language  # noqa: E402
from streams.sources.poller import Poller  # noqa: E402
from streams.sources.seen import SEEN_TOPIC_CONFIG, KafkaSeen, MemorySeen, SeenStore  # noqa: E402
from streams.sources.sink import KafkaSink, ListSink, Sink  # noqa: E402
from streams.topics import delete_topics, ensure_topics  # noqa: E402

WORDS = (
    "the council met on tuesday to discuss budget roads schools parks police said officials "
    "minister announced plan new report shows prices rose markets fell city region government "
    "week year people residents water power station rail strike talks agreement court ruling"
).split()


def feed_doc(f: int, n: int) -> bytes:
    """An RSS 2.0 feed of `n` items of ~600 characters of HTML each, like a news outlet's."""
    items = []
    for i in range(n):
        words = [WORDS[(f * 7 + i * 13 + k * 5) % len(WORDS)] for k in range(80)]
        body = " ".join(words).capitalize()
        items.append(
            f"<item><title>{' '.join(words[:9]).capitalize()} {f}-{i}</title>"
            f"<link>https://outlet{f}.example.com/news/{i}?utm_source=rss&amp;utm_medium=feed</link>"
            f'<guid isPermaLink="false">o{f}-{i}</guid>'
            f"<pubDate>Tue, 05 Mar 2024 {i % 24:02d}:{i % 60:02d}:00 +0100</pubDate>"
            f"<description><![CDATA[<p>{body[:300]}.</p><p>{body[300:]}.</p>]]></description></item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Outlet {f}</title><link>https://outlet{f}.example.com/</link><description>d</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def serve(port: int, feeds: int, items: int, ready: mp.Event) -> None:  # type: ignore[valid-type]
    docs = {f"/f/{f}.xml": feed_doc(f, items) for f in range(feeds)}

    async def handler(request: web.Request) -> web.Response:
        return web.Response(body=docs[request.path], content_type="application/rss+xml")

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/f/{name}", handler)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port).start()
        ready.set()
        await asyncio.Event().wait()

    asyncio.run(main())


def cpu_of(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes `pids` have used so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


async def runs(cfg: FeedsFile, sink: Sink, n: int, new_seen: Callable[[], SeenStore]) -> list[float]:
    """`n` timed polls of every feed by one poller (its worker processes started and warm), each
    with an empty seen-items store, so every item is new."""
    rates = []
    async with Poller(cfg, sink, MemorySeen(), detect=detect_article_language) as p:
        await p.warm_up()
        for run in range(n):
            await p.seen.close()
            p.seen = await asyncio.to_thread(new_seen)
            p.forget()
            workers = list(p._pool._processes) if p._pool is not None else []  # type: ignore[attr-defined]
            cpu, wcpu = time.process_time(), cpu_of(workers)
            start = time.perf_counter()
            results = await p.poll_once()
            elapsed = time.perf_counter() - start
            cpu, wcpu = time.process_time() - cpu, cpu_of(workers) - wcpu
            new = sum(r.new for r in results)
            failed = sum(1 for r in results if r.error_kind)
            rates.append(new / elapsed)
            print(
                f"run {run + 1}: {new} items in {elapsed:.2f} s = {new / elapsed:,.0f} items/s; CPU: main "
                f"process {cpu:.2f} s, parsing processes {wcpu:.2f} s = {(cpu + wcpu) / new * 1e6:.0f} us an "
                f"item ({failed} feeds failed; load average {os.getloadavg()[0]:.1f})"
            )
        await p.seen.close()
    await sink.close()
    return rates


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--feeds", type=int, default=200)
    ap.add_argument("--items", type=int, default=50)
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-broker", action="store_true", help="produce to a list, not to Kafka")
    ap.add_argument("--workers", type=int, default=2, help="parsing processes (polling.workers; default 2)")
    args = ap.parse_args()

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    ready = mp.Event()
    server = mp.Process(target=serve, args=(port, args.feeds, args.items, ready), daemon=True)
    server.start()
    ready.wait(60)
    cfg = FeedsFile(
        polling=Polling(concurrency=32, per_host=32, timeout=60, workers=args.workers),
        feeds=[FeedConfig(name=f"f{f}", url=f"http://127.0.0.1:{port}/f/{f}.xml") for f in range(args.feeds)],
    )
    settings = load_settings()
    topic = f"bench.feeds.{uuid.uuid4().hex[:8]}"
    if not args.no_broker:
        ensure_topics(settings, [(topic, settings.partitions.raw, {})])
    sink: Sink = ListSink() if args.no_broker else KafkaSink(settings.kafka_broker, topic)
    seen_topics: list[str] = []

    def new_seen() -> SeenStore:
        """An empty store: a fresh compacted topic (written as `newsalert poll` writes it)."""
        if args.no_broker:
            return MemorySeen()
        seen_topics.append(f"{topic}.seen{len(seen_topics)}")
        ensure_topics(settings, [(seen_topics[-1], 1, SEEN_TOPIC_CONFIG)])
        return KafkaSeen(settings.kafka_broker, seen_topics[-1])

    try:
        rates = asyncio.run(runs(cfg, sink, args.runs, new_seen))
    finally:
        server.terminate()
        if not args.no_broker:
            delete_topics(settings, [topic, *seen_topics])
    where = "a list (no broker)" if args.no_broker else f"the broker at {settings.kafka_broker} (acks=all)"
    print(
        f"median {statistics.median(rates):,.0f} items/s (min {min(rates):,.0f}, max {max(rates):,.0f}) over "
        f"{args.runs} runs; {args.feeds} feeds x {args.items} items, {args.workers} parsing processes "
        f"-> {where}; "
        f"{os.cpu_count()} cores, Python {platform.python_version()}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
