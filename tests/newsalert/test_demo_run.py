"""Command (1) of the README, `newsalert run --once`, on the real broker with the real seeds.

Runs in its own namespace (app id, topics, subscriptions) so it does not touch other runs.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid

import pytest
from kafka.admin import KafkaAdminClient

from newsalert.testing import BROKER, broker_up

pytestmark = [pytest.mark.broker, pytest.mark.skipif(not broker_up(), reason="no Kafka broker")]


def test_demo_shows_one_kadhimi_alert_and_restraint(tmp_path):
    ns = f"demo{uuid.uuid4().hex[:8]}"
    alerts_file = tmp_path / "alerts.jsonl"
    subs = tmp_path / "subscriptions.yaml"
    subs.write_text(
        f"delivery: {{topic_prefix: {ns}.deliveries., partitions: 1}}\n"
        "subscriptions:\n"
        "  - name: console-all\n    channel: {type: console}\n"
        f"  - name: file-all\n    channel: {{type: jsonl, path: {alerts_file}}}\n"
    )
    env = {
        **os.environ,
        "NEWSALERT_KAFKA_BROKER": BROKER,
        "NEWSALERT_APP_ID": f"newsalert-{ns}",
        "NEWSALERT_SUBSCRIPTIONS": str(subs),
        "NEWSALERT_DATA_DIR": str(tmp_path / "data"),
        "NEWSALERT_METRICS_PORT": "0",
        **{
            f"NEWSALERT_TOPICS__{k}": f"{ns}.{k.lower()}"
            for k in ("RAW", "CLASSIFIED", "ALERTS", "DEAD_LETTER", "DELIVERIES_DEAD_LETTER")
        },
    }
    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "run", "--once", "--timeout", "150"],
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    out = r.stdout
    heads = [line for line in out.splitlines() if re.match(r"\[(FLASH|URGENT|ALERT)\]", line)]
    kadhimi = [h for h in heads if "assassination_attempt" in h]
    assert kadhimi, out
    assert all(h.startswith("[FLASH]") or h.startswith("[URGENT]") for h in kadhimi)
    delivered = [json.loads(x) for x in alerts_file.read_text().splitlines()]
    stories = {a["story_id"] for a in delivered if a["category"] == "assassination_attempt"}
    assert len(stories) == 1, heads  # one story, perhaps updated in place
    last = max((a for a in delivered if a["story_id"] in stories), key=lambda a: a["version"])
    assert {r["article_id"] for r in last["reports"]} == {
        "seed-wire-kadhimi",
        "seed-social-kadhimi",
        "seed-regional-kadhimi",
    }
    clash = [a for a in delivered if a["category"] == "deadly_unrest"]
    assert len({a["story_id"] for a in clash}) == 1 and clash[0]["fatalities"] == 2
    # restraint: nothing else alerts
    assert {a["category"] for a in delivered} == {"assassination_attempt", "deadly_unrest"}
    # the five bad seed lines were dead-lettered, not dropped
    assert "5 dead-lettered" in r.stderr, r.stderr[-2000:]


def test_run_leaves_a_live_system_alone(pipeline):
    """`newsalert run` beside a live worker: the live topics keep their messages and the live worker
    keeps working (run used to delete the project's topics and hang)."""
    bombing = {
        "id": "live-1",
        "source": "Wire",
        "title": "Car bomb kills 12 in Kabul market",
        "body": "A car bomb exploded in a crowded market in Kabul on Tuesday, killing at least 12 people.",
        "published_at": "2024-03-01T10:00:00+00:00",
    }
    pipeline.start_worker()
    pipeline.produce([bombing])
    pipeline.wait_until_processed()
    before = pipeline.alerts()
    assert len(before) == 1
    live_topics = {
        pipeline.settings.topics.raw,
        pipeline.settings.topics.alerts,
        pipeline.settings.topics.classified,
    }

    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "run", "--once", "--timeout", "150"],
        env=dict(pipeline.env, NEWSALERT_METRICS_PORT="0"),
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    assert "== namespace demo-" in r.stderr

    admin = KafkaAdminClient(bootstrap_servers=BROKER)
    try:
        topics = set(admin.list_topics())
    finally:
        admin.close()
    assert live_topics <= topics
    assert not [
        t for t in topics if t.startswith("demo-") and pipeline.settings.topics.raw in t
    ]  # run cleaned up
    assert pipeline.alerts() == before
    # the live worker still works
    pipeline.produce(
        [
            dict(
                bombing,
                id="live-2",
                title="Suicide bomber kills 9 in Quetta",
                body="A suicide bomber killed nine people at a police checkpoint in Quetta, Pakistan.",
            )
        ]
    )
    pipeline.wait_until_processed()
    assert len({a["story_id"] for a in pipeline.alerts()}) == 2
