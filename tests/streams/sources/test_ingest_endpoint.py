"""POST /v1/articles over real HTTP on 127.0.0.1: tokens, limits, per-item results; and on the real
broker, that accepted items land on the raw topic."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from newsalert.testing import Namespace, broker_up, free_port
from streams.sources.endpoint import TokenBucket, make_app
from streams.sources.sink import KafkaSink, ListSink, Sink

ROOT = Path(__file__).resolve().parents[3]
TOKEN = "s3cret-token"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
GOOD = {
    "id": "ep-1",
    "source": "Scraper",
    "url": "https://scraped.example.com/1",
    "title": "Car bomb kills 14 at market in Mogadishu",
    "body": "A car bomb exploded at a crowded market in Mogadishu on Tuesday, killing at least 14 people.",
    "published_at": "2024-03-05T10:00:00+03:00",
}
ORDINARY = {
    "source": "Scraper",
    "title": "Le conseil municipal vote le budget",
    "body": "Le conseil municipal a voté mardi le budget de la ville pour l'année prochaine.",
    "published_at": "2024-03-05T11:00:00Z",
}


class Endpoint:
    def __init__(self, runner: web.AppRunner, url: str, sink: Sink) -> None:
        self.runner, self.url, self.sink = runner, url, sink

    async def post(self, body: Any, headers: dict[str, str] | None = None, raw: bytes | None = None):
        hdrs = {**AUTH, **(headers or {})}
        data = raw if raw is not None else json.dumps(body).encode()
        hdrs.setdefault("Content-Type", "application/json")
        async with (
            aiohttp.ClientSession() as s,
            s.post(self.url + "/v1/articles", data=data, headers=hdrs) as r,
        ):
            text = await r.text()
            return r.status, (json.loads(text) if text.startswith("{") else text), dict(r.headers)


async def start(sink: Sink, **kwargs: Any) -> Endpoint:
    app = make_app(sink, TOKEN, **kwargs)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return Endpoint(runner, f"http://127.0.0.1:{port}", sink)


@pytest.fixture
async def endpoint() -> AsyncIterator[Callable[..., Any]]:
    made: list[Endpoint] = []

    async def make(sink: Sink | None = None, **kwargs: Any) -> Endpoint:
        ep = await start(sink or ListSink(), **kwargs)
        made.append(ep)
        return ep

    yield make
    for ep in made:
        await ep.runner.cleanup()


async def test_a_wrong_or_missing_token_gets_401(endpoint):
    ep = await endpoint()
    status, body, headers = await ep.post(GOOD, headers={"Authorization": "Bearer wrong"})
    assert status == 401 and body["error"] == "unauthorized" and headers["WWW-Authenticate"] == "Bearer"
    async with aiohttp.ClientSession() as s, s.post(ep.url + "/v1/articles", json=GOOD) as r:
        assert r.status == 401
    assert ep.sink.records == []


async def test_an_oversized_body_gets_413(endpoint):
    ep = await endpoint(max_body=10_000)
    big = dict(GOOD, body="word " * 5000)
    status, body, _ = await ep.post(big)
    assert status == 413 and body["error"] == "too_large"
    many = [dict(GOOD, id=f"m{i}") for i in range(6)]
    ep2 = await endpoint(max_items=5)
    status, body, _ = await ep2.post(many)
    assert status == 413 and body["error"] == "too_many_items"
    assert ep.sink.records == [] and ep2.sink.records == []


async def test_a_bad_item_gets_400_with_its_reason(endpoint):
    ep = await endpoint()
    status, body, _ = await ep.post({"source": "x", "title": "no date"})
    assert status == 400
    assert body["accepted"] == 0
    assert body["results"] == [
        {"index": 0, "status": 400, "reason": "missing_field", "detail": "published_at: Field required"}
    ]
    status, body, _ = await ep.post(dict(GOOD, published_at="2024-03-05T10:00:00"))
    assert status == 400 and body["results"][0]["reason"] == "naive_datetime"
    status, body, _ = await ep.post(None, raw=b"{not json")
    assert status == 400 and body["error"] == "not_json"
    status, body, _ = await ep.post([])
    assert status == 400 and body["error"] == "no_items"
    assert ep.sink.records == []


async def test_good_items_get_202_with_per_item_results_and_a_language(endpoint):
    ep = await endpoint()
    status, body, _ = await ep.post([GOOD, {"source": "x"}, ORDINARY])
    assert status == 202
    assert (body["accepted"], body["rejected"]) == (2, 1)
    r0, r1, r2 = body["results"]
    assert r0 == {"index": 0, "status": 202, "id": "ep-1"}
    assert r1["status"] == 400 and r1["reason"] in ("missing_field", "empty_text")
    assert r2["status"] == 202 and r2["id"].startswith("a-")  # an id made from the content
    sent = [json.loads(v) for _, v in ep.sink.records]
    assert [a["language"] for a in sent] == ["en", "fr"]  # detected when missing
    assert sent[0]["published_at"] == "2024-03-05T10:00:00+03:00" and sent[0]["ingested_at"]
    assert ep.sink.records[0][0] == b"ep-1"


async def test_ndjson_bodies_and_content_types(endpoint):
    ep = await endpoint()
    lines = b"\n".join([json.dumps(GOOD).encode(), b"not json at all", json.dumps(ORDINARY).encode(), b""])
    status, body, _ = await ep.post(None, raw=lines, headers={"Content-Type": "application/x-ndjson"})
    assert status == 202 and [r["status"] for r in body["results"]] == [202, 400, 202]
    assert body["results"][1]["reason"] == "not_json"
    status, body, _ = await ep.post(None, raw=b"<xml/>", headers={"Content-Type": "application/xml"})
    assert status == 415


async def test_the_rate_limit_answers_429_with_retry_after(endpoint):
    ep = await endpoint(rate=0.5, burst=2)
    statuses = [(await ep.post(dict(GOOD, id=f"r{i}")))[0] for i in range(3)]
    assert statuses[:2] == [202, 202]
    status, body, headers = await ep.post(GOOD)
    assert status == 429 and int(headers["Retry-After"]) >= 1


async def test_a_broker_failure_is_503_and_health_and_metrics_answer(endpoint):
    sink = ListSink()
    sink.fail = ConnectionError("down")
    ep = await endpoint(sink)
    status, body, headers = await ep.post(GOOD)
    assert status == 503 and headers["Retry-After"] == "5"
    async with aiohttp.ClientSession() as s:
        async with s.get(ep.url + "/healthz") as r:
            assert r.status == 200
        async with s.get(ep.url + "/metrics") as r:
            text = await r.text()
    assert 'newsalert_ingest_requests_total{status="503"}' in text


def test_token_bucket():
    t = [0.0]
    b = TokenBucket(rate=2, burst=2, clock=lambda: t[0])
    assert [b.take() for _ in range(3)] == [0, 0, 0.5]
    t[0] = 0.5
    assert b.take() == 0


def test_the_app_needs_a_token():
    with pytest.raises(ValueError):
        make_app(ListSink(), "")


@pytest.mark.broker
@pytest.mark.skipif(not broker_up(), reason="no Kafka broker")
async def test_accepted_items_land_on_the_raw_topic(endpoint, make_namespace):
    ns: Namespace = make_namespace()
    sink = KafkaSink(ns.broker, ns.raw)
    try:
        ep = await endpoint(sink)
        status, body, _ = await ep.post([GOOD, {"source": "x"}, ORDINARY])
    finally:
        await sink.close()
    assert status == 202 and body["accepted"] == 2
    on_topic = ns.read_topic(ns.raw)
    assert sorted(a["title"] for a in on_topic) == sorted([GOOD["title"], ORDINARY["title"]])
    assert {a["id"] for a in on_topic} == {r["id"] for r in body["results"] if r["status"] == 202}


@pytest.mark.broker
@pytest.mark.skipif(not broker_up(), reason="no Kafka broker")
async def test_newsalert_serve_takes_articles_to_the_raw_topic(make_namespace):
    """The command itself: `newsalert serve` with the token from the environment, then SIGTERM."""
    ns: Namespace = make_namespace()
    port = free_port()
    env = {**ns.env, "NEWSALERT_INGEST_TOKEN": TOKEN}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "newsalert", "serve", "--port", str(port),
        env=env, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as s:
            for _ in range(200):  # up to ~60 s for the start-up (broker, language models)
                try:
                    async with s.get(url + "/healthz") as r:
                        if r.status == 200:
                            break
                except aiohttp.ClientError:
                    await asyncio.sleep(0.3)
            async with s.post(url + "/v1/articles", json=[GOOD, ORDINARY], headers=AUTH) as r:
                status, body = r.status, await r.json()
            async with s.get(url + "/metrics") as r:
                metrics = await r.text()
    finally:
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 30)
    assert status == 202 and body["accepted"] == 2, body
    assert proc.returncode == 0, err
    assert 'newsalert_ingest_requests_total{status="202"} 1.0' in metrics
    assert sorted(a["id"] for a in ns.read_topic(ns.raw)) == sorted(r["id"] for r in body["results"])
