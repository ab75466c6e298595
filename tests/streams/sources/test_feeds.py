"""The feed poller against a real HTTP server on 127.0.0.1 (feedserver.py here): which articles
come out of each kind of feed, conditional GET, re-polls and restarts, errors, backoff."""

from __future__ import annotations

import asyncio
import json
import random
import sys
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
import pytest

from newsalert.testing import free_port
from streams.sources.config import FeedConfig, FeedsFile, Polling
from streams.sources.language import detect_article_language
from streams.sources.poller import Poller
from streams.sources.seen import FileSeen, MemorySeen
from streams.sources.service import start_site, status_app
from streams.sources.sink import ListSink
from streams.sources.state import next_delay
from tests.streams.sources.feedserver import FIXTURES, LAST_MODIFIED, FeedServer, numbered_items, rss

NOW = datetime(2024, 3, 7, 12, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(autouse=True, scope="module")
def language_models_loaded() -> None:
    """Load lingua's models before any poll (as `newsalert poll` does with Poller.warm_up): the
    first detection loads them holding the GIL for a second or more, which would starve the event
    loop that runs both the test's server and the poller, and fail fetches with timeouts."""
    detect_article_language("load the language models before the first poll", "")


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    s = await FeedServer().start()
    yield s
    await s.stop()


def config(server: FeedServer, feeds: dict[str, str], **polling: float) -> FeedsFile:
    """A feeds file of `feeds` (name -> path on the server)."""
    return FeedsFile(
        polling=Polling(**{"timeout": 2.0, **polling}),
        feeds=[FeedConfig(name=n, url=server.url(p)) for n, p in feeds.items()],
    )


def poller(cfg: FeedsFile, sink: ListSink | None = None, seen: MemorySeen | None = None) -> Poller:
    return Poller(cfg, sink or ListSink(), seen if seen is not None else MemorySeen(), now=lambda: NOW)


def produced(sink: ListSink) -> list[dict]:
    return [json.loads(v) for _, v in sink.records]


async def test_every_kind_of_feed_gives_its_articles_and_a_broken_one_stops_none(server: FeedServer):
    cfg = config(
        server,
        {
            "rss20": "/feeds/rss20.xml",
            "rss10": "/feeds/rss10.rdf",
            "atom": "/feeds/atom.xml",
            "json": "/feeds/jsonfeed.json",
            "entities": "/feeds/entities_cdata.xml",
            "undated": "/feeds/undated.xml",
            "broken": "/feeds/broken.xml",
            "html": "/feeds/notafeed.html",
            "missing": "/feeds/nothing-here.xml",
            "err500": "/status/500",
            "limited": "/status/429?retry=120",
        },
    )
    sink = ListSink()
    async with poller(cfg, sink) as p:
        results = {r.feed: r for r in await p.poll_once()}
    arts = produced(sink)
    by_feed: dict[str, list[dict]] = {}
    for a in arts:
        by_feed.setdefault(a["feed"], []).append(a)

    assert [a["title"] for a in by_feed["rss20"]] == [
        "Car bomb kills 14 at market in Mogadishu",
        "City win the derby",
        "Markets edge higher as inflation cools",
    ]
    bomb = by_feed["rss20"][0]
    assert bomb["url"] == "https://wire.example.com/world/mogadishu-bomb"  # utm_* removed
    assert bomb["published_at"] == "2024-03-05T07:30:00Z"  # 10:30 +0300
    assert bomb["source"] == "Example Wire" and bomb["language"] == "en"
    assert bomb["body"].startswith("MOGADISHU - A car bomb") and "<p>" not in bomb["body"]
    markets = by_feed["rss20"][2]
    assert markets["url"] == "https://wire.example.com/business/markets?id=77"  # fbclid removed, id kept
    assert markets["body"].startswith("Stocks rose on Tuesday")  # content:encoded wins over the teaser
    assert markets["body"].endswith("for a third month.\n\nBond yields fell.")
    assert [a["published_at"] for a in by_feed["rss10"]] == ["2024-03-04T17:00:00Z", "2024-03-04T18:30:00Z"]
    floods, orchestra = by_feed["atom"]
    assert floods["title"] == "Floods force thousands from homes"
    assert floods["url"] == server.url("/2024/03/floods")  # a relative link, against the document's URL
    assert floods["published_at"] == "2024-03-05T05:30:00Z"
    assert orchestra["published_at"] == "2024-03-05T09:00:00Z"  # only <updated>
    bridge, piscine = by_feed["json"]
    assert bridge["published_at"] == "2024-03-06T07:00:00-08:00"
    assert bridge["url"] == "https://json.example.com/p/1"
    assert piscine["title"] == "" and piscine["language"] == "fr"
    qa, prices = by_feed["entities"]
    assert qa["title"] == 'Q&A: Smith – "We\'ll rebuild" <not a tag>'
    assert (
        qa["body"]
        == "Café owner José Smith says the “worst is over”.\n\nRebuilding starts today & will take a year."
    )
    assert (
        prices["title"] == "Prices rise & wages lag" and prices["body"] == "Wages lag prices by 2% — again."
    )
    undated = by_feed["undated"]
    assert len(undated) == 3 and results["undated"].skipped == 1  # the empty item is no article
    assert all(a["date_estimated"] and a["published_at"] == "2024-03-07T12:00:00Z" for a in undated)
    assert "url" not in undated[1] and len({a["id"] for a in undated}) == 3

    assert "broken" not in by_feed and results["broken"].error_kind == "malformed"
    assert results["html"].error_kind == "not_a_feed"
    assert results["missing"].error_kind == "http_4xx" and results["missing"].status == 404
    assert results["err500"].error_kind == "http_5xx"
    assert results["limited"].error_kind == "rate_limited"
    assert len(arts) == 3 + 2 + 2 + 2 + 2 + 3
    assert len({a["id"] for a in arts}) == len(arts)
    # every request names the project
    assert all("newsalert/" in h["User-Agent"] for _, h in server.requests)


async def test_conditional_get_headers_are_sent_and_304_produces_nothing(server: FeedServer):
    cfg = config(server, {"wire": "/feeds/rss20.xml"})
    sink = ListSink()
    async with poller(cfg, sink) as p:
        first = (await p.poll_once())[0]
        second = (await p.poll_once())[0]
        third = (await p.poll_once())[0]
    assert (first.status, first.new) == (200, 3)
    assert (second.status, second.new) == (304, 0) and (third.status, third.new) == (304, 0)
    h1, h2, h3 = server.headers_of("/feeds/rss20.xml")
    assert "If-None-Match" not in h1 and "If-Modified-Since" not in h1
    etag = '"' + __import__("hashlib").sha1((FIXTURES / "rss20.xml").read_bytes()).hexdigest()[:16] + '"'
    assert h2["If-None-Match"] == etag and h2["If-Modified-Since"] == LAST_MODIFIED
    assert h3["If-None-Match"] == etag  # a 304 keeps the validators
    assert len(sink.records) == 3
    assert p.status()[0]["http_status"] == 304 and p.status()[0]["conditional"]


async def test_a_repoll_produces_only_new_items(server: FeedServer):
    server.docs["feed"] = (rss(numbered_items(5)), "application/rss+xml")
    cfg = config(server, {"gen": "/doc/feed"})
    sink = ListSink()
    async with poller(cfg, sink) as p:
        assert (await p.poll_once())[0].new == 5
        assert (await p.poll_once())[0].new == 0  # no validators: the whole feed again, nothing new
        # two new items on top, the oldest one gone, and a tracking parameter changed on an old one
        items = numbered_items(2, start=5) + numbered_items(4, start=1)
        items[-1]["link"] = items[-1]["link"].replace("utm_source=rss", "utm_source=other")
        server.docs["feed"] = (rss(items), "application/rss+xml")
        r = (await p.poll_once())[0]
    assert r.new == 2
    assert [a["title"] for a in produced(sink)][-2:] == [
        "Council report item 5: roads, schools and parks",
        "Council report item 6: roads, schools and parks",
    ]


async def test_a_restarted_poller_produces_nothing_new(server: FeedServer, tmp_path: Path):
    cfg = config(
        server, {"wire": "/plain/rss20.xml", "atom": "/plain/atom.xml", "undated": "/plain/undated.xml"}
    )
    sink = ListSink()
    seen = FileSeen(tmp_path / "seen.txt")
    async with poller(cfg, sink, seen) as p:
        assert sum(r.new for r in await p.poll_once()) == 3 + 2 + 3
    await seen.close()
    again = FileSeen(tmp_path / "seen.txt")  # a new process reads the fingerprints back
    sink2 = ListSink()
    async with poller(cfg, sink2, again) as p2:
        results = await p2.poll_once()
    assert [r.new for r in results] == [0, 0, 0] and sink2.records == []
    assert all(r.error_kind is None for r in results)


async def test_the_same_item_in_two_feeds_is_produced_once(server: FeedServer):
    cfg = config(server, {"a": "/plain/rss20.xml", "b": "/feeds/rss20.xml"})
    sink = ListSink()
    async with poller(cfg, sink) as p:
        a = await p.poll_once(["a"])
        b = await p.poll_once(["b"])
    assert (a[0].new, b[0].new) == (3, 0)  # the canonical URL is known across feeds
    together = ListSink()
    async with poller(cfg, together) as p:
        both = await p.poll_once()  # at the same moment: the items being produced are reserved
    assert sorted(r.new for r in both) == [0, 3] and len(together.records) == 3


async def test_a_failed_produce_marks_nothing_seen_and_the_next_poll_retries(server: FeedServer):
    cfg = config(server, {"wire": "/feeds/rss20.xml"})
    sink = ListSink()
    sink.fail = ConnectionError("broker down")
    async with poller(cfg, sink) as p:
        r = (await p.poll_once())[0]
        assert r.error_kind == "produce" and r.new == 0
        sink.fail = None
        r = (await p.poll_once())[0]
    assert (r.status, r.new) == (200, 3)  # no 304: the validators were not kept after the failure
    assert not server.headers_of("/feeds/rss20.xml")[1].get("If-None-Match")


async def test_a_slow_feed_times_out_without_holding_up_the_others(server: FeedServer):
    cfg = config(server, {"slow": "/slow?delay=5", "wire": "/plain/rss20.xml"}, timeout=0.5)
    sink = ListSink()
    start = time.monotonic()
    async with poller(cfg, sink) as p:
        results = {r.feed: r for r in await p.poll_once()}
    assert time.monotonic() - start < 3
    assert results["slow"].error_kind == "timeout"
    assert results["wire"].new == 3


async def test_a_huge_feed_within_the_limit_is_read_and_one_over_it_is_refused(server: FeedServer):
    big = rss(numbered_items(3000, prefix="big"))
    server.docs["big"] = (big, "application/rss+xml")
    server.docs["huge"] = (rss(numbered_items(12000, prefix="huge")), "application/rss+xml")
    cfg = config(
        server, {"big": "/doc/big", "huge": "/doc/huge", "wire": "/plain/rss20.xml"}, max_bytes=len(big) + 10
    )
    sink = ListSink()
    async with poller(cfg, sink) as p:
        results = {r.feed: r for r in await p.poll_once()}
    assert results["big"].new == 3000
    assert results["huge"].error_kind == "too_large"
    assert results["wire"].new == 3


async def test_retry_after_and_backoff_set_the_next_poll(server: FeedServer):
    cfg = config(
        server,
        {"limited": "/status/429?retry=120", "err": "/status/500", "ok": "/plain/rss20.xml"},
        interval=10,
    )
    clock = [1000.0]
    p = Poller(cfg, ListSink(), MemorySeen(), now=lambda: NOW, clock=lambda: clock[0], rng=random.Random(1))
    async with p:
        await p.poll_once()
        s = p.states
        assert s["limited"].next_due - clock[0] >= 120  # Retry-After: 120 beats a 20 s backoff
        assert 9 <= s["ok"].next_due - clock[0] <= 11  # interval 10 s +- 10 %
        first = s["err"].next_due - clock[0]
        await p.poll_once(["err"])
        second = s["err"].next_due - clock[0]
    assert 18 <= first <= 22 and 36 <= second <= 44 and s["err"].failures == 2
    status = {f["feed"]: f for f in p.status()}
    assert status["err"]["error_kind"] == "http_5xx" and status["err"]["failures"] == 2
    assert status["ok"]["last_success"] == NOW.isoformat() and status["ok"]["items"] == 3


def test_next_delay_doubles_up_to_the_cap_and_honours_retry_after():
    rng = random.Random(0)
    assert next_delay(300, 0, rng, jitter=0) == 300
    assert [next_delay(300, n, rng, jitter=0) for n in (1, 2, 3)] == [600, 1200, 2400]
    assert next_delay(300, 20, rng, jitter=0, backoff_max=3600) == 3600
    assert next_delay(300, 1, rng, jitter=0, retry_after=5000) == 5000
    assert next_delay(300, 1, rng, jitter=0, retry_after=10) == 600
    assert next_delay(300, 1, rng, jitter=0, retry_after=10**9) == 86_400
    spread = {round(next_delay(300, 0, rng, jitter=0.1)) for _ in range(200)}
    assert min(spread) >= 270 and max(spread) <= 330 and len(spread) > 20


async def test_the_run_loop_polls_each_feed_at_its_interval(server: FeedServer):
    server.docs["feed"] = (rss(numbered_items(3)), "application/rss+xml")
    cfg = config(server, {"gen": "/doc/feed"}, interval=1, jitter=0)
    sink = ListSink()
    p = Poller(cfg, sink, MemorySeen(), startup_spread=0)
    stop = asyncio.Event()
    async with p:
        task = asyncio.create_task(p.run(stop))
        await asyncio.sleep(1.6)
        server.docs["feed"] = (rss(numbered_items(4)), "application/rss+xml")
        await asyncio.sleep(1.2)
        stop.set()
        await asyncio.wait_for(task, 5)
    assert len(server.headers_of("/doc/feed")) >= 3
    assert len(sink.records) == 4  # three, then the one new item; nothing twice


async def test_parsing_in_a_worker_process_gives_the_same_articles(server: FeedServer):
    server.docs["feed"] = (rss(numbered_items(4)), "application/rss+xml")
    cfg = config(server, {"gen": "/doc/feed", "wire": "/plain/rss20.xml", "html": "/feeds/notafeed.html"})
    cfg.polling.workers = 1
    inline, pooled = ListSink(), ListSink()
    async with poller(cfg, pooled) as p:
        await p.warm_up()
        first = {r.feed: r for r in await p.poll_once()}
        assert (first["gen"].new, first["wire"].new, first["html"].error_kind) == (4, 3, "not_a_feed")
        assert len(p.states["gen"].recent) == 2 * 4  # the keys of the last document, for the worker
        server.docs["feed"] = (rss(numbered_items(5)), "application/rss+xml")
        again = {r.feed: r for r in await p.poll_once()}
        assert (again["gen"].new, again["wire"].new) == (1, 0)
    cfg.polling.workers = 0
    server.docs["feed"] = (rss(numbered_items(5)), "application/rss+xml")
    async with poller(cfg, inline) as p:
        await p.poll_once()
    assert sorted(json.loads(v)["id"] for _, v in pooled.records) == sorted(
        json.loads(v)["id"] for _, v in inline.records
    )


async def test_full_text_replaces_a_teaser_when_the_feed_asks_for_it(server: FeedServer):
    pytest.importorskip("trafilatura")
    page = (
        "<html><head><title>Bridge</title></head><body><nav>Home | World | Sport</nav><article>"
        "<h1>Bridge reopens after repairs</h1>"
        + "".join(f"<p>Paragraph {i}: the old bridge reopened to traffic on Wednesday after six months "
                  "of repairs, the city's engineers said in a statement.</p>" for i in range(6))
        + "</article><footer>Copyright Example</footer></body></html>"
    ).encode()  # fmt: skip
    server.docs["page"] = (page, "text/html")
    item = {
        "title": "Bridge reopens",
        "link": server.url("/doc/page"),
        "guid": "b-1",
        "description": "Teaser.",
    }
    server.docs["feed"] = (rss([item]), "application/rss+xml")
    cfg = config(server, {"teasers": "/doc/feed"})
    cfg.feeds[0].fulltext = True
    sink = ListSink()
    async with poller(cfg, sink) as p:
        await p.poll_once()
    (art,) = produced(sink)
    assert art["fulltext"] is True
    assert art["body"].count("the old bridge reopened") == 6 and "Copyright" not in art["body"]
    assert "newsalert/" in server.headers_of("/doc/page")[0]["User-Agent"]


async def test_the_status_page_metrics_and_feeds_status(server: FeedServer):
    cfg = config(server, {"status-wire": "/feeds/rss20.xml", "status-err": "/status/500"})
    p = poller(cfg)
    async with p:
        await p.poll_once()
        port = free_port()
        runner = await start_site(status_app(p), "127.0.0.1", port)
        try:
            async with aiohttp.ClientSession() as s:
                async with s.get(f"http://127.0.0.1:{port}/metrics") as r:
                    metrics = await r.text()
                async with s.get(f"http://127.0.0.1:{port}/status") as r:
                    status = await r.json()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "newsalert", "feeds", "status", "--poller", f"http://127.0.0.1:{port}",
                stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE, cwd=ROOT,
            )  # fmt: skip
            out, err = await asyncio.wait_for(proc.communicate(), 60)
        finally:
            await runner.cleanup()
    assert 'newsalert_feed_items_total{feed="status-wire"} 3.0' in metrics
    assert 'newsalert_feed_errors_total{feed="status-err",kind="http_5xx"} 1.0' in metrics
    assert 'newsalert_feed_http_status{feed="status-err"} 500.0' in metrics
    assert 'newsalert_feed_last_success_timestamp_seconds{feed="status-wire"}' in metrics
    assert {f["feed"]: f["items"] for f in status["feeds"]} == {"status-wire": 3, "status-err": 0}
    assert status["seen"] == 6
    assert proc.returncode == 0, err
    lines = out.decode().splitlines()
    assert lines[0].split()[:3] == ["feed", "http", "items"]
    wire = next(line for line in lines if line.startswith("status-wire"))
    err_line = next(line for line in lines if line.startswith("status-err"))
    assert wire.split()[1:3] == ["200", "3"] and "http_5xx: HTTP 500" in err_line
