"""The whole pipeline on the real broker: raw -> validate/classify -> dedup -> alerts -> deliveries.

Each test runs real `newsalert worker` processes in its own namespace (newsalert/testing.py).
"""

from __future__ import annotations

import json
import time
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

import pytest
from kafka.partitioner.default import murmur2

from newsalert.testing import article, broker_up, free_port
from streams.assign import assign
from streams.classify.engine import default_classifier
from streams.dedup import StoryIndex
from streams.models import Article, Story
from streams.stories import make_alert
from streams.topics import ensure_topics

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not broker_up(), reason="no Kafka broker (start it with scripts/kafka-local start)"),
]

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "articles.jsonl"

BOMBING = article(
    "t-bomb-1",
    "Car bomb kills 14 at market in Mogadishu",
    "MOGADISHU - A car bomb exploded at a crowded market in Mogadishu on Tuesday, killing at least 14 people "
    "and wounding 30 others, police said. Al Shabaab claimed responsibility.",
    source="Wire A",
)
BOMBING_COPY = article(
    "t-bomb-2",
    "Car bomb kills 14 at market in Mogadishu",
    "MOGADISHU - A car bomb exploded at a crowded market in Mogadishu on Tuesday, killing at least 14 people "
    "and wounding 30 others, police said. Al Shabaab claimed responsibility for the blast.",
    source="Syndicated B",
    when="2024-03-01T10:20:00+00:00",
)
ORDINARY = article(
    "t-sport-1",
    "City win the derby",
    "The striker shot home twice as City beat their rivals 3-1 in the league on Saturday; the coach praised "
    "an attack-minded display from his team.",
    source="Sports Desk",
)


def test_raw_article_becomes_an_alert_and_a_delivery(pipeline):
    port = free_port()
    pipeline.start_worker(metrics_port=port)
    pipeline.produce([BOMBING, ORDINARY])
    pipeline.wait_until_processed()
    alerts = pipeline.alerts()
    assert len(alerts) == 1, alerts
    a = alerts[0]
    assert a["category"] == "bombing"
    assert a["severity"] == "flash"  # 14 killed >= 10
    assert a["fatalities"] == 14
    assert a["alert_id"] == f"{a['story_id']}:v1"
    assert [r["article_id"] for r in a["reports"]] == ["t-bomb-1"]
    assert a["reports"][0]["url"] == "https://news.example.com/t-bomb-1"
    # the file subscription got exactly that alert
    delivered = [json.loads(line) for line in pipeline.alerts_file.read_text().splitlines()]
    assert [d["alert_id"] for d in delivered] == [a["alert_id"]]
    # and the metrics endpoint counted it
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5).read().decode()
    assert "newsalert_articles_consumed_total 2.0" in text
    assert 'newsalert_articles_classified_total{category="bombing",severity="flash"} 1.0' in text
    assert "newsalert_alert_latency_seconds_count 1.0" in text


def test_bad_messages_go_to_the_dead_letter_topic_with_reason(pipeline):
    pipeline.start_worker()
    bad = [
        b"this is not json",
        b'["a", "list"]',
        json.dumps({"id": "x1", "source": "s", "published_at": "2024-01-01T00:00:00+00:00"}).encode(),
        json.dumps({"id": "x2", "source": "s", "title": "t", "published_at": "yesterday"}).encode(),
        json.dumps({"id": "x3", "source": "s", "title": "t", "published_at": "2024-01-01T00:00:00"}).encode(),
        json.dumps(
            {"id": "x4", "source": "s", "title": "t" * 5000, "published_at": "2024-01-01T00:00:00Z"}
        ).encode(),
        b"\xff\xfe not utf-8",
    ]
    pipeline.produce(bad, key=b"k")
    pipeline.produce([BOMBING])  # a good one after the bad ones still gets through
    pipeline.wait_until_processed()
    dls = pipeline.dead_letters()
    reasons = sorted(d["reason"] for d in dls)
    assert reasons == sorted(
        ["not_json", "not_object", "empty_text", "wrong_type", "naive_datetime", "oversize", "not_utf8"]
    )
    originals = {d["original"] for d in dls if d["original_encoding"] == "utf-8"}
    assert "this is not json" in originals
    assert all(d["topic"] == pipeline.settings.topics.raw and d["offset"] is not None for d in dls)
    assert len(pipeline.alerts()) == 1
    for w in pipeline.workers:
        assert w.poll() is None, "the worker must not crash on bad input"


def test_syndicated_copy_joins_the_story_without_a_second_alert(pipeline):
    pipeline.start_worker()
    pipeline.produce([BOMBING])
    pipeline.produce([BOMBING_COPY])
    pipeline.produce([BOMBING])  # the same article again (a re-post)
    pipeline.wait_until_processed()
    alerts = pipeline.alerts()
    assert len(alerts) == 1, [a["alert_id"] for a in alerts]


def test_seed_kadhimi_reports_give_one_alert_listing_all_reports(pipeline):
    pipeline.start_worker()
    seeds = [json.loads(line) for line in SEEDS.read_text().splitlines() if line.strip()]
    pipeline.produce(seeds)
    pipeline.wait_until_processed()
    alerts = pipeline.alerts()
    kadhimi = {"seed-wire-kadhimi", "seed-social-kadhimi", "seed-regional-kadhimi"}
    stories = {a["story_id"] for a in alerts if {r["article_id"] for r in a["reports"]} & kadhimi}
    assert len(stories) == 1, [
        (a["story_id"], a["category"], [r["article_id"] for r in a["reports"]]) for a in alerts
    ]
    latest = max((a for a in alerts if a["story_id"] in stories), key=lambda a: a["version"])
    assert {r["article_id"] for r in latest["reports"]} == kadhimi
    assert latest["category"] == "assassination_attempt"
    assert latest["severity"] in ("flash", "urgent")
    ordinary = {"seed-football", "seed-markets", "seed-teachers-march", "seed-anniversary"}
    assert not any({r["article_id"] for r in a["reports"]} & ordinary for a in alerts)


def test_restart_after_sigkill_neither_realerts_nor_forgets(pipeline):
    w = pipeline.start_worker()
    pipeline.produce([BOMBING])
    pipeline.wait_until_processed()
    assert len(pipeline.alerts()) == 1
    pipeline.kill(w)
    pipeline.start_worker()
    # let the group settle first, so that the copy below meets the restarted worker's memory
    # (a report sent during the rebalance is read too: test_reports_arriving_while_workers_...)
    pipeline.wait_ready()
    # a copy of the same story after the restart: the story is remembered, so no new alert
    pipeline.produce([BOMBING_COPY, BOMBING])
    pipeline.wait_until_processed()
    alerts = pipeline.alerts()
    assert len(alerts) == 1, [(a["alert_id"], [r["article_id"] for r in a["reports"]]) for a in alerts]


def test_two_workers_four_partitions_one_story(make_namespace):
    p = make_namespace(raw_partitions=4, classified_partitions=4)
    p.start_worker()
    p.start_worker()
    p.wait_ready()
    # reports of one event, forced onto different raw partitions
    reports = [
        dict(BOMBING, id=f"t-multi-{i}", source=f"Outlet {i}", url=f"https://o{i}.example.com/x")
        for i in range(4)
    ]
    for i, r in enumerate(reports):
        p.produce([r], partition=i)
    p.wait_until_processed(timeout=180)
    alerts = p.alerts()
    stories = {a["story_id"] for a in alerts}
    assert len(stories) == 1, alerts
    # one alert, plus at most the "confirmed by 3 sources" update of the same story
    assert [a["version"] for a in alerts] in ([1], [1, 2])
    latest = max(alerts, key=lambda a: a["version"])
    assert len(latest["reports"]) >= 3


def test_reports_arriving_while_workers_take_new_partitions_are_not_skipped(make_namespace):
    """A report that reaches a never-committed partition during a rebalance is still processed.

    Faust drops a fetch that returns while the flow is stopped and seeks back to the committed
    offsets; a partition without a commit used to stay where the dropped fetch had left it, so the
    report waited in the raw topic until a restart. tests.newsalert.slow_rebalance_worker widens that
    moment (a few ms in the real worker) so that the reports below, sent one per partition just as
    the second worker joins, hit it nearly every time."""
    p = make_namespace(raw_partitions=16, classified_partitions=4)
    p.start_worker(module="tests.newsalert.slow_rebalance_worker")
    p.wait_ready()
    p.start_worker(module="tests.newsalert.slow_rebalance_worker")
    p.wait_ready(poll=0.01)
    sent = set()
    for i in range(16):
        r = dict(BOMBING, id=f"t-rebalance-{i}", source=f"Outlet {i}", url=f"https://r{i}.example.com/x")
        p.produce([r], partition=i)
        sent.add(r["id"])
        time.sleep(0.02)
    p.wait_until_processed(timeout=120)
    classified = {c["article"]["id"] for c in p.read_topic(p.settings.topics.classified)}
    assert classified == sent
    assert len({a["story_id"] for a in p.alerts()}) == 1


OTHER_BOMBING = article(
    "t-bomb-mosul",
    "Roadside bomb kills 5 soldiers near Mosul",
    "MOSUL - A roadside bomb struck an army patrol south of Mosul on Friday, killing five soldiers, "
    "the Iraqi military said.",
    source="Wire C",
    when="2024-03-01T12:00:00+00:00",
)


def stored_story(report: dict) -> Story:
    """The story (alerted, version 1) the worker makes of one report, made here by the same core."""
    art = Article.model_validate(report)
    index = StoryIndex()
    _, record = assign(index, art, default_classifier().classify(art))
    story = index.story_of(record)
    assert story.version == 1
    return story


def test_an_alert_already_on_the_topic_is_not_written_again(pipeline):
    """A worker killed after writing an alert but before its story and offset were saved: the
    report is read again and makes the same alert version, which the topic already has."""
    before = make_alert(stored_story(BOMBING), "new", datetime(2024, 3, 1, 10, 1, tzinfo=UTC), None)
    pipeline.producer.send(
        pipeline.settings.topics.alerts, key=before.story_id.encode(), value=before.model_dump_json().encode()
    )
    pipeline.producer.flush()
    pipeline.start_worker()
    pipeline.produce([BOMBING])
    pipeline.wait_until_processed()
    alerts = pipeline.alerts()
    assert [(a["story_id"], a["version"]) for a in alerts] == [(before.story_id, 1)]
    assert alerts[0]["emitted_at"].startswith("2024-03-01T10:01")  # the one written before
    assert "already; not written again" in pipeline.logs()


def test_a_stored_story_whose_alert_was_lost_gets_it_written(pipeline):
    """A worker killed after saving the story (table changelog) but before its alert reached the
    topic: the next owner of the partition finds the story ahead of the topic and writes the alert."""
    story = stored_story(BOMBING)
    family_key = b"explosive"
    parts = list(range(pipeline.settings.partitions.classified))
    p = (murmur2(family_key) & 0x7FFFFFFF) % len(parts)  # where the classified topic puts the family
    changelog = f"{pipeline.settings.app_id}-stories-changelog"
    ensure_topics(pipeline.settings, [(changelog, len(parts), {"cleanup.policy": "compact"})])
    record = json.dumps({"p": p, "story": story.model_dump(mode="json")}).encode()
    pipeline.producer.send(changelog, key=story.story_id.encode(), value=record, partition=p)
    pipeline.producer.flush()
    pipeline.start_worker()
    pipeline.produce([OTHER_BOMBING])  # any report of the family opens the partition's index
    pipeline.wait_until_processed()
    got = {(a["story_id"], a["version"]) for a in pipeline.alerts()}
    assert (story.story_id, 1) in got, got
    assert len(got) == 2  # the lost one, and the Mosul bombing's own
    assert "writing the alert a stopped worker lost" in pipeline.logs()


def test_a_reused_id_with_other_content_is_dead_lettered(pipeline):
    pipeline.start_worker()
    reused = dict(OTHER_BOMBING, id=BOMBING["id"])  # another event under an id already held
    pipeline.produce([BOMBING])
    pipeline.wait_until_processed()
    pipeline.produce([reused])
    pipeline.wait_until_processed()
    dead = pipeline.dead_letters()
    assert [d["reason"] for d in dead] == ["id_conflict"], dead
    assert "give each article its own id" in dead[0]["detail"]
    assert len(pipeline.alerts()) == 1
