"""A real Prometheus scrapes a real worker: the metric names, types and values work in PromQL.

One worker (newsalert/testing.py: own app id, topics and subscriptions) serves /metrics
on a free port; Debian's `prometheus` binary scrapes it every second. After the articles are
processed, the test asks Prometheus's HTTP API (not the exposition text) for the counters,
a rate, the latency histogram (count and a quantile) and the lag gauge.
"""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from newsalert.testing import article, broker_up, free_port

PROMETHEUS = shutil.which("prometheus")

pytestmark = [
    pytest.mark.broker,
    pytest.mark.prometheus,
    pytest.mark.skipif(not broker_up(), reason="no Kafka broker (start it with scripts/kafka-local start)"),
    pytest.mark.skipif(PROMETHEUS is None, reason="no prometheus binary (apt-get install prometheus)"),
]

N = 60

# distinct events (different category family, place and numbers): one story and one alert each
EVENTS = [
    (
        "Car bomb kills 14 at market in Mogadishu",
        "MOGADISHU - A car bomb exploded at a crowded market in Mogadishu on Tuesday, "
        "killing at least 14 people "
        "and wounding 30 others, police said. Al Shabaab claimed responsibility.",
    ),
    (
        "Earthquake kills 23 near Herat",
        "A powerful earthquake struck near Herat on Saturday, killing at least 23 people and injuring 70, "
        "rescue officials said. Rescue workers searched through the rubble for survivors.",
    ),
    (
        "Gunmen kill 6 in attack on bus near Maiduguri",
        "Gunmen opened fire on a passenger bus near Maiduguri on Friday, killing 6 people and wounding 9, "
        "officials said. Hospitals in the region appealed for blood donations.",
    ),
    (
        "Clashes near Goma leave 11 dead",
        "Heavy fighting between government troops and rebels near Goma on Thursday left 11 fighters dead and "
        "15 wounded, the army said.",
    ),
]
ORDINARY_TOPICS = [
    "The city council approved a new budget for public libraries after months of debate.",
    "Researchers published a study of coastal bird populations on Tuesday.",
    "A regional airline unveiled an updated timetable for its summer flights.",
    "The museum presented an exhibition of early photography to broad approval.",
    "Commuters welcomed new rules for electric scooters in the city centre.",
]
BAD = [
    b"this is not json",
    json.dumps({"id": "bad-2", "source": "s", "title": "t", "published_at": "yesterday"}).encode(),
]


def _articles() -> list[Any]:
    records: list[Any] = []
    for i, (title, body) in enumerate(EVENTS):
        records.append(
            article(f"p-event-{i}", title, body, source="Wire A", when=f"2024-03-0{i + 1}T10:00:00+00:00")
        )
    i = 0
    while len(records) < N - len(BAD):
        text = ORDINARY_TOPICS[i % len(ORDINARY_TOPICS)]
        records.append(
            article(f"p-ord-{i}", text.split(" on ")[0][:60], f"{text} (item {i})", source=f"Desk {i % 3}")
        )
        i += 1
    records[10:10] = BAD  # the bad ones in the middle of the stream
    assert len(records) == N
    return records


class Prom:
    """A Prometheus server in a tmp folder, scraping one target every second."""

    def __init__(self, tmp: Path, target: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cfg = tmp / "prometheus.yml"
        cfg.write_text(
            "global:\n  scrape_interval: 1s\n  evaluation_interval: 1s\n"
            "scrape_configs:\n"
            "  - job_name: newsalert\n"
            "    scrape_interval: 1s\n"
            "    scrape_timeout: 1s\n"
            f"    static_configs:\n      - targets: ['{target}']\n"
        )
        self.log = open(tmp / "prometheus.log", "wb")
        self.proc = subprocess.Popen(
            [
                PROMETHEUS,
                f"--config.file={cfg}",
                f"--storage.tsdb.path={tmp / 'prom-data'}",
                f"--web.listen-address=127.0.0.1:{self.port}",
            ],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        self.tmp = tmp
        self._wait_ready(30)

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"prometheus exited with {self.proc.returncode}:\n{self.logs()}")
            try:
                with urllib.request.urlopen(f"{self.url}/-/ready", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        raise AssertionError(f"prometheus not ready after {timeout} s:\n{self.logs()}")

    def logs(self) -> str:
        return (self.tmp / "prometheus.log").read_text(errors="replace")[-3000:]

    def query(self, promql: str) -> list[dict[str, Any]]:
        url = f"{self.url}/api/v1/query?" + urllib.parse.urlencode({"query": promql})
        with urllib.request.urlopen(url, timeout=5) as r:
            body = json.loads(r.read())
        assert body["status"] == "success", body
        return body["data"]["result"]

    def scalar(self, promql: str) -> float | None:
        """The value of a single-sample result; None when the result is empty."""
        res = self.query(promql)
        if not res:
            return None
        assert len(res) == 1, (promql, res)
        return float(res[0]["value"][1])

    def wait_for(self, promql: str, ok, timeout: float) -> float | None:
        deadline = time.monotonic() + timeout
        value = None
        while time.monotonic() < deadline:
            value = self.scalar(promql)
            if value is not None and ok(value):
                return value
            time.sleep(0.5)
        return value

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        self.log.close()


def test_prometheus_scrapes_the_worker_metrics(pipeline, tmp_path):
    port = free_port()
    pipeline.start_worker(metrics_port=port)
    prom = Prom(tmp_path, f"127.0.0.1:{port}")
    try:
        # a first scrape before any article: the counters start at 0 in Prometheus, so rate() sees the rise
        up = prom.wait_for('up{job="newsalert"}', lambda v: v == 1, 60)
        assert up == 1, f"target not up:\n{prom.logs()}\n{pipeline.logs()}"
        assert prom.wait_for("newsalert_articles_consumed_total", lambda v: v == 0, 30) == 0

        pipeline.produce(_articles(), key=None)
        pipeline.wait_until_processed(timeout=120, settle=1.0)
        alerts = pipeline.alerts()
        assert len(alerts) >= 1, pipeline.logs()

        consumed = prom.wait_for("newsalert_articles_consumed_total", lambda v: v == N, 60)
        assert consumed == N
        assert prom.scalar("rate(newsalert_articles_consumed_total[1m])") > 0

        invalid = prom.wait_for("sum(newsalert_articles_invalid_total)", lambda v: v == len(BAD), 30)
        assert invalid == len(BAD)
        reasons = {r["metric"]["reason"] for r in prom.query("newsalert_articles_invalid_total")}
        assert reasons == {"not_json", "wrong_type"}

        emitted = prom.wait_for("sum(newsalert_alerts_emitted_total)", lambda v: v == len(alerts), 30)
        assert emitted == len(alerts)
        sent = prom.scalar('sum(newsalert_alerts_emitted_total{status="sent"})')
        assert sent == len(alerts)

        count = prom.wait_for("sum(newsalert_alert_latency_seconds_count)", lambda v: v == len(alerts), 30)
        assert count == len(alerts)
        p50 = prom.scalar(
            "histogram_quantile(0.5, sum by (le) (rate(newsalert_alert_latency_seconds_bucket[1m])))"
        )
        assert p50 is not None and math.isfinite(p50) and p50 > 0, p50

        # the lag gauge is fed every 5 s from the group's committed offsets
        lag = prom.wait_for("count(newsalert_consumer_lag)", lambda v: v >= 1, 30)
        assert lag is not None and lag >= 1, "newsalert_consumer_lag never appeared"
        lag_topics = {r["metric"]["topic"] for r in prom.query("newsalert_consumer_lag")}
        assert pipeline.settings.topics.raw in lag_topics
    finally:
        prom.stop()
    assert prom.proc.returncode is not None
