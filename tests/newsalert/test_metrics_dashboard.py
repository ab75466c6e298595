"""Metrics that add up: every metric the Grafana dashboard queries exists, the exposition passes
`promtool check metrics`, lag is reported for owned partitions only, stale series go away."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from datetime import timedelta

import pytest
from prometheus_client import REGISTRY, generate_latest

from alerts import metrics as alert_metrics
from alerts.channels.base import build_channel
from alerts.delivery import DeliveryPolicy, deliver
from alerts.routing import Delivery
from alerts.subscriptions import parse_subscriptions
from alerts.testing import sample_alert
from streams import app as stream_app
from streams import metrics as stream_metrics
from streams.models import utcnow
from streams.settings import REPO_ROOT, Settings
from streams.sources import metrics as source_metrics

DASHBOARD = REPO_ROOT / "deploy" / "grafana" / "dashboards" / "newsalert-overview.json"


def dashboard_exprs() -> list[str]:
    d = json.loads(DASHBOARD.read_text())
    exprs = [t["expr"] for p in d["panels"] for t in p.get("targets", [])]
    exprs += [v["query"]["query"] for v in d["templating"]["list"]]
    return exprs


def test_every_metric_the_dashboard_queries_exists():
    # the three modules registered (the pipeline's, delivery's, the sources': poller and endpoint)
    assert stream_metrics.CONSUMER_LAG and alert_metrics.NOTIFICATIONS and source_metrics.FEED_ITEMS
    known = set(REGISTRY._names_to_collectors)  # incl. _total, _bucket, _count, _sum names
    used = {m for e in dashboard_exprs() for m in re.findall(r"\bnewsalert_[a-z0-9_]+", e)}
    assert len(used) >= 12
    assert sorted(used - known) == []


def test_dashboard_has_the_operator_panels_and_variables():
    d = json.loads(DASHBOARD.read_text())
    titles = {p["title"] for p in d["panels"]}
    for t in ("Deliveries by outcome", "Dead letters by reason", "Retries", "Consumer lag per worker"):
        assert t in titles
    # the alert economy (#15): stories opened, alerts per story, pending pool, held back, merges
    economy = " ".join(e for e in dashboard_exprs())
    for m in (
        "newsalert_stories_opened_total",
        "newsalert_story_alert_versions_bucket",
        "newsalert_stories_pending",
        "newsalert_reports_held_back_total",
        "newsalert_story_merges_total",
    ):
        assert m in economy, m
    assert {v["name"] for v in d["templating"]["list"]} == {"instance", "channel"}
    for e in dashboard_exprs():
        if e.startswith("label_values"):
            continue
        assert '$instance"' in e, e  # every panel follows the worker variable
        if "notification" in e or "delivery_latency" in e:
            assert '$channel"' in e, e
    ids = [p["id"] for p in d["panels"]]
    assert len(ids) == len(set(ids))
    lag = [t["expr"] for p in d["panels"] if p["title"] == "Consumer lag by topic" for t in p["targets"]]
    assert lag == ['sum by (topic) (newsalert_consumer_lag{instance=~"$instance"})']


class FakeGroup:
    def __init__(self, ends: dict[tuple[str, int], int]):
        self.ends = ends

    def lag_of(self, owned):
        return {tp: self.ends[tp] for tp in owned}

    def close(self):
        pass


def lag_series() -> dict[tuple[str, str], float]:
    return {
        (s.labels["topic"], s.labels["partition"]): s.value
        for m in stream_metrics.CONSUMER_LAG.collect()
        for s in m.samples
        if s.labels.get("topic", "").startswith("lagtest.")
    }


def test_lag_is_reported_for_owned_partitions_only_and_moved_ones_are_removed():
    mon = stream_app.LagMonitor(Settings())
    mon.group = FakeGroup({("lagtest.raw", 0): 5, ("lagtest.raw", 1): 7, ("lagtest.raw", 2): 11})  # type: ignore[assignment]
    mon.update({("lagtest.raw", 0), ("lagtest.raw", 1)})
    assert lag_series() == {("lagtest.raw", "0"): 5, ("lagtest.raw", "1"): 7}
    assert mon.total == 12
    mon.update({("lagtest.raw", 2)})  # a rebalance: 0 and 1 moved to another worker
    assert lag_series() == {("lagtest.raw", "2"): 11}
    mon.update(set())
    assert lag_series() == {}


def test_series_of_channels_no_longer_configured_are_removed():
    alert_metrics.NOTIFICATIONS.labels("gone_type", "sent", "none").inc()
    alert_metrics.RETRIES.labels("gone_type").inc()
    alert_metrics.NOTIFICATIONS.labels("console", "sent", "none").inc()
    alert_metrics.forget_channels(["console"])
    text = generate_latest(REGISTRY).decode()
    assert 'channel="gone_type"' not in text
    assert 'channel="console"' in text


async def test_attempt_duration_and_delivery_latency_are_separate():
    sub = parse_subscriptions(
        {"subscriptions": [{"name": "c", "channel": {"type": "console"}}]}
    ).subscriptions[0]
    alert = sample_alert().model_copy(update={"emitted_at": utcnow() - timedelta(seconds=42)})
    before_lat = (
        REGISTRY.get_sample_value("newsalert_delivery_latency_seconds_count", {"channel": "console"}) or 0
    )
    before_att = (
        REGISTRY.get_sample_value(
            "newsalert_notification_attempt_duration_seconds_count", {"channel": "console"}
        )
        or 0
    )
    lat_sum = REGISTRY.get_sample_value("newsalert_delivery_latency_seconds_sum", {"channel": "console"}) or 0
    async with build_channel(sub) as ch:
        out = await deliver(ch, Delivery.for_alert(alert, sub), DeliveryPolicy())
    assert out.status == "sent"
    after = REGISTRY.get_sample_value("newsalert_delivery_latency_seconds_count", {"channel": "console"})
    assert after == before_lat + 1
    assert (
        REGISTRY.get_sample_value(
            "newsalert_notification_attempt_duration_seconds_count", {"channel": "console"}
        )
        == before_att + 1
    )
    # end to end: the 42 s since the alert was emitted, not the attempt's milliseconds
    got = (
        REGISTRY.get_sample_value("newsalert_delivery_latency_seconds_sum", {"channel": "console"}) - lat_sum
    )
    assert 42 <= got < 60


def test_no_duplicate_counters_or_constant_labels():
    names = set(REGISTRY._names_to_collectors)
    assert "newsalert_notifications_failed_total" not in names
    assert "newsalert_notifications_dead_lettered_total" not in names
    assert "newsalert_notification_latency_seconds" not in names
    assert stream_metrics.ALERTS_EMITTED._labelnames == ("status", "severity")


@pytest.mark.skipif(shutil.which("promtool") is None, reason="no promtool (apt-get install prometheus)")
def test_promtool_accepts_the_exposition():
    stream_metrics.CONSUMER_LAG.labels("promtool.raw", "0").set(1)
    alert_metrics.NOTIFICATIONS.labels("console", "failed", "timeout").inc()
    stream_metrics.ALERTS_EMITTED.labels("sent", "urgent").inc()
    out = subprocess.run(
        ["promtool", "check", "metrics"], input=generate_latest(REGISTRY), capture_output=True, timeout=30
    )
    assert out.returncode == 0, out.stdout.decode() + out.stderr.decode()
    assert out.stdout.decode().strip() == "" and out.stderr.decode().strip() == ""
