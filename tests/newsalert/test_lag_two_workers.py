"""With two workers, the dashboard's lag query (the sum of newsalert_consumer_lag over the workers)
equals the group's real lag, read from the broker's committed offsets.

Two real workers share a namespace; a webhook subscription points at a socket that accepts
connections and never answers, so its deliveries hang and their offsets stay uncommitted:
the lag stays non-zero and steady while the test compares. Each worker's /metrics also passes
`promtool check metrics` when promtool is installed.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import time
import urllib.request
import uuid

import pytest

from newsalert.testing import article, broker_up, free_port
from newsalert.topics import consumed_topics

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not broker_up(), reason="no Kafka broker (start it with scripts/kafka-local start)"),
]

CITIES = ["Mogadishu", "Herat", "Maiduguri", "Goma", "Kandahar", "Mosul", "Aleppo", "Timbuktu"]
LAG_LINE = re.compile(r'^newsalert_consumer_lag\{partition="(\d+)",topic="([^"]+)"\} ([0-9.e+]+)$')


def scrape(port: int) -> str:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as r:
        return r.read().decode()


def lag_series(text: str) -> dict[tuple[str, int], float]:
    out = {}
    for line in text.splitlines():
        m = LAG_LINE.match(line)
        if m:
            out[(m.group(2), int(m.group(1)))] = float(m.group(3))
    return out


def test_dashboard_lag_sum_equals_the_group_lag_with_two_workers(make_namespace):
    run_id = uuid.uuid4().hex[:8]
    ns_name = f"t{run_id}"
    ns = make_namespace(run_id=run_id, extra_topics=[(f"{ns_name}.deliveries.webhook", 2)])
    hung = socket.socket()
    hung.bind(("127.0.0.1", 0))
    hung.listen(512)  # completes TCP handshakes, never reads or answers
    port = hung.getsockname()[1]
    (ns.tmp / "subscriptions.yaml").write_text(
        f"delivery: {{topic_prefix: {ns_name}.deliveries., partitions: 2, concurrency: 2,\n"
        "           retry: {attempt_timeout: 600, max_elapsed: 3600}}\n"
        "subscriptions:\n"
        "  - name: file-all\n"
        f"    channel: {{type: jsonl, path: {ns.alerts_file}}}\n"
        "  - name: hung\n"
        f"    channel: {{type: webhook, url: 'http://127.0.0.1:{port}/h', allow_private: true,\n"
        "              allow_unsigned: true, timeout: 300}\n"
    )
    ports = [free_port(), free_port()]
    try:
        for p in ports:
            ns.start_worker(metrics_port=p)
        ns.wait_ready(timeout=90)
        ns.produce(
            [
                article(
                    f"lag-{i}",
                    f"Car bomb kills {10 + i} at market in {city}",
                    f"A car bomb exploded at a crowded market in {city} on Tuesday, killing at least "
                    f"{10 + i} people, police in {city} said.",
                    when=f"2024-03-{i + 1:02d}T10:00:00+00:00",
                )
                for i, city in enumerate(CITIES)
            ]
        )
        group = ns.lag()
        topics = consumed_topics(ns.settings)
        deadline = time.monotonic() + 120
        agreed = 0
        last: tuple[float, float, dict] = (0, 0, {})
        while time.monotonic() < deadline and agreed < 2:
            ns.check_workers()
            per_worker = [lag_series(scrape(p)) for p in ports]
            dashboard = sum(
                v for series in per_worker for v in series.values()
            )  # sum(newsalert_consumer_lag)
            real = sum(group.lag(topics).values())
            last = (dashboard, real, {p: s for p, s in zip(ports, per_worker, strict=True)})
            # each partition reported by one worker only
            owned = [set(s) for s in per_worker]
            assert not (owned[0] & owned[1]), last
            agreed = agreed + 1 if real > 0 and dashboard == real else 0
            time.sleep(1.0)
        assert agreed >= 2, f"dashboard lag {last[0]} != group lag {last[1]}: {last[2]}\n{ns.logs()}"
        assert last[1] >= 4  # the hung webhook deliveries

        if shutil.which("promtool"):
            for p in ports:
                out = subprocess.run(
                    ["promtool", "check", "metrics"],
                    input=scrape(p).encode(),
                    capture_output=True,
                    timeout=30,
                )
                assert out.returncode == 0 and not out.stdout.strip() and not out.stderr.strip(), out
    finally:
        hung.close()
