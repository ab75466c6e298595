"""End to end on the real broker: a local feed -> the poller -> the raw topic -> a real worker ->
an alert for the violent event and nothing for the ordinary items; a restarted poller, reading its
seen items back from the compacted topic, produces nothing again."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from newsalert.testing import Namespace, broker_up
from streams.sources.config import FeedConfig, FeedsFile, Polling
from streams.sources.poller import Poller
from streams.sources.seen import SEEN_TOPIC_CONFIG, KafkaSeen, read_keys
from streams.sources.sink import KafkaSink
from streams.topics import ensure_topics, read_from_start
from tests.streams.sources.feedserver import FeedServer

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not broker_up(), reason="no Kafka broker (start it with scripts/kafka-local start)"),
]
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    s = await FeedServer().start()
    yield s
    await s.stop()


def seen_topic(ns: Namespace) -> str:
    name = f"{ns.raw}.seen"
    ensure_topics(ns.settings, [(name, 1, SEEN_TOPIC_CONFIG)])
    return name


async def poll(ns: Namespace, cfg: FeedsFile) -> int:
    """One poll of every feed with a fresh poller (a new process would do the same)."""
    sink = KafkaSink(ns.broker, ns.raw)
    seen = await asyncio.to_thread(KafkaSeen, ns.broker, seen_topic(ns))
    try:
        async with Poller(cfg, sink, seen) as p:
            await p.warm_up()  # as `newsalert poll` does: the language models load before any fetch
            return sum(r.new for r in await p.poll_once())
    finally:
        await sink.close()
        await seen.close()


async def test_feed_to_alert_and_a_restart_produces_nothing_again(server: FeedServer, make_namespace):
    ns: Namespace = make_namespace()
    cfg = FeedsFile(
        polling=Polling(timeout=5),
        feeds=[
            FeedConfig(name="wire", url=server.url("/plain/rss20.xml")),
            FeedConfig(name="rdf", url=server.url("/plain/rss10.rdf")),
            FeedConfig(name="broken", url=server.url("/feeds/broken.xml")),
        ],
    )
    ns.start_worker()
    assert await poll(ns, cfg) == 3 + 2
    raw = ns.read_topic(ns.raw)
    assert len(raw) == 5 and all(a["language"] == "en" and a["feed"] in ("wire", "rdf") for a in raw)
    await asyncio.to_thread(ns.wait_until_processed)
    alerts = ns.alerts()
    assert len(alerts) == 1, alerts
    a = alerts[0]
    assert a["category"] == "bombing" and a["severity"] == "flash" and a["fatalities"] == 14
    assert [r["url"] for r in a["reports"]] == ["https://wire.example.com/world/mogadishu-bomb"]
    assert ns.dead_letters() == []

    # a restarted poller reads the fingerprints back and produces nothing
    assert len(read_keys(ns.broker, f"{ns.raw}.seen")) == 2 * 5  # a guid and a URL per item
    assert len(list(read_from_start(ns.broker, f"{ns.raw}.seen"))) == 5  # one message an item
    assert await poll(ns, cfg) == 0
    assert len(ns.read_topic(ns.raw)) == 5


def test_newsalert_poll_once_on_the_broker(make_namespace, tmp_path):
    """The command itself: `newsalert poll --once` against a feed file served on 127.0.0.1."""
    ns: Namespace = make_namespace()

    async def serve_and_poll() -> subprocess.CompletedProcess[str]:
        server = await FeedServer().start()
        try:
            feeds = tmp_path / "feeds.yaml"
            feeds.write_text(
                "polling: {timeout: 5s}\n"
                f"feeds:\n  - {{name: atom, url: '{server.url('/feeds/atom.xml')}', tags: [test]}}\n"
                f"  - {{name: down, url: '{server.url('/status/503')}'}}\n"
            )
            cmd = [sys.executable, "-m", "newsalert", "poll", "--once", "--feeds", str(feeds), "--port", "0"]
            proc = await asyncio.create_subprocess_exec(
                *cmd, cwd=ROOT, env=ns.env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            out, err = await asyncio.wait_for(proc.communicate(), 120)
            return subprocess.CompletedProcess(cmd, proc.returncode or 0, out.decode(), err.decode())
        finally:
            await server.stop()

    done = asyncio.run(serve_and_poll())
    assert done.returncode == 0, done.stderr
    assert "atom: HTTP 200, 2 new" in done.stderr and "down: http_5xx" in done.stderr
    raw = ns.read_topic(ns.raw)
    assert sorted(a["title"] for a in raw) == [
        "Floods force thousands from homes",
        "Orchestra opens spring season",
    ]
    assert all(a["tags"] == ["test"] for a in raw)
