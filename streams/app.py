"""The Faust application: thin handlers and agents that move messages between topics.

    raw  --[validate_classify]-->  classified (keyed by category family)  --[dedup]-->  alerts
      \\--> dead-letter (bad input, with reason)

The root (newsalert/app.py) builds the app with `faust_app`, calls `register` here and
registers the delivery agents of alerts/ beside them.

All decisions are made by the pure core (streams.validate, streams.classify,
streams.dedup, streams.stories, alerts.routing); the agents only wire topics to
it, count what passes, and keep the dedup state in a changelog-backed table.
`validate_classify` sees every article, so it is a handler that Faust's conductor
calls per raw message rather than an agent behind a stream (streams/fastfaust.py:
same consumer group, commits and rebalancing; much less CPU per message).

Why the classified topic is keyed by category family: a story only ever joins
reports of one family (an attempt and an assassination share the family
"assassination"), so every report that could join a story lands on the same
partition, which exactly one worker owns at a time. The `stories` table is
written while processing that partition, so its changelog is co-partitioned
with it: when workers are added or removed, the partition and its stories move
together, and the new owner rebuilds its in-memory index from the table.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from datetime import timedelta
from typing import Any

import faust

from streams import fastfaust, metrics
from streams.assign import assign
from streams.brokerwatch import BrokerWatch
from streams.classify.engine import Classifier, unsupported_language
from streams.classify.gazetteer import gazetteer
from streams.dedup import DedupConfig, StoryIndex, places
from streams.ledger import AlertLedger
from streams.models import Alert, Classified, DeadLetter, Story, utcnow
from streams.settings import Settings
from streams.stories import id_conflict, last_update_reason, make_alert, story_of_record
from streams.storytable import ReadyTable, story_table
from streams.taxonomy import load_taxonomy
from streams.topics import GroupLag, read_to_end
from streams.validate import dead_letter, dead_letter_bytes, parse_article

log = logging.getLogger("newsalert")

RAW: dict[str, Any] = {
    "key_type": bytes,
    "value_type": bytes,
    "key_serializer": "raw",
    "value_serializer": "raw",
}


class Pipeline:
    """Holds the per-worker state that the agents share (classifier, story indexes, alert ledger)."""

    def __init__(self, settings: Settings, classifier: Classifier):
        self.settings = settings
        self.classifier = classifier
        self.indexes: dict[int, StoryIndex] = {}
        self.dedup_config = DedupConfig.from_settings(settings)
        self.taxonomy = load_taxonomy(settings.categories_file)
        self.ledger = AlertLedger()
        self.ledger_stale = True  # set on every assignment: an earlier owner may have written alerts

    async def index_for(self, partition: int, table: Any) -> tuple[StoryIndex, list[Story]]:
        """The partition's story index, rebuilt from the table on first use; with it, the stored
        stories whose latest alert is not on the alerts topic (lost with a killed worker)."""
        idx = self.indexes.get(partition)
        if idx is not None:
            return idx, []
        if self.ledger_stale:
            self.ledger_stale = False
            n = await asyncio.to_thread(self._read_alerts)
            log.info("read %d alerts back from %s", n, self.settings.topics.alerts)
        idx = StoryIndex(self.dedup_config, taxonomy=self.taxonomy)
        stories = []
        for _, raw in list(table.items()):
            if not raw:
                continue
            rec = json.loads(raw)
            if rec.get("p") == partition:
                stories.append(Story.model_validate(rec["story"]))
        stories.sort(key=lambda s: s.first_seen)
        idx.restore(stories)
        if stories:
            log.info("partition %d: rebuilt the story index from %d stored stories", partition, len(stories))
        self.indexes[partition] = idx
        unsent = [st for st in stories if st.category and self.ledger.due(st.story_id, st.version)]
        return idx, unsent

    def _read_alerts(self) -> int:
        return self.ledger.load(
            r.value for r in read_to_end(self.settings.kafka_broker, self.settings.topics.alerts)
        )

    def forget(self, partitions: set[int]) -> None:
        for p in partitions:
            self.indexes.pop(p, None)

    @property
    def stories_held(self) -> int:
        return sum(len(i) for i in self.indexes.values())


def faust_app(settings: Settings) -> faust.App:
    """The Faust app with the pipeline's tuning; agents are added by `register`."""
    datadir = settings.data_dir / settings.app_id
    datadir.parent.mkdir(parents=True, exist_ok=True)
    return faust.App(
        settings.app_id,
        broker=f"kafka://{settings.kafka_broker}",
        store="memory://",
        datadir=str(datadir),
        topic_partitions=settings.partitions.classified,
        topic_replication_factor=1,
        web_enabled=False,
        stream_buffer_maxsize=settings.stream_buffer_maxsize,
        broker_commit_interval=settings.commit_interval,
        consumer_auto_offset_reset="earliest",
        table_standby_replicas=0,
        # 2 KB articles: the default 1 MiB per partition and fetch starves the stream (measured with
        # bench/e2e.py: a bare Faust agent drains ~1,900/s with 1 MiB, ~6,000-8,500/s with 4-8 MiB)
        consumer_max_fetch_size=8 * 1024 * 1024,
        producer_linger_ms=1,
        producer_acks=-1,
        # on a rebalance, agents finish the event in hand before the partitions move: with False a
        # worker kept writing stories and alerts of partitions already handed over (tables split
        # between two owners, reports lost; measured with bench/chaos.py)
        stream_wait_empty=True,
        # a worker restarted after a crash takes its partitions back after this long
        broker_session_timeout=10.0,
        broker_heartbeat_interval=2.0,
        # Faust's per-message statistics feed its web UI, which is off (streams/fastfaust.py)
        Monitor=fastfaust.QuietMonitor,
        # every table checks its changelog's partitions once the metadata shows them
        Table=ReadyTable,
    )


def register(app: faust.App, settings: Settings, classifier: Classifier) -> Pipeline:
    """Add the pipeline's handler, agent, table and timers to `app`: raw -> classified -> alerts."""
    # one hand-over task per fetched batch instead of four per message, and topics handled
    # without a stream (streams/fastfaust.py)
    conductor = fastfaust.install(app)
    # load the gazetteer and the regions now, not in the first alert's path (a few seconds)
    gazetteer()
    places.warm()
    pipeline = Pipeline(settings, classifier)

    raw_topic = app.topic(settings.topics.raw, schema=fastfaust.RawSchema())
    classified_topic = app.topic(settings.topics.classified, schema=fastfaust.RawSchema())
    alerts_topic = app.topic(settings.topics.alerts, **RAW)
    dead_topic = app.topic(settings.topics.dead_letter, **RAW)
    stories = story_table(
        app,
        "stories",
        default=None,
        partitions=settings.partitions.classified,
        key_type=bytes,
        value_type=bytes,  # bytes -> the "raw" codec, also for the changelog
        help="story_id -> {p: partition, story: Story}",
    )

    consumed = metrics.ARTICLES_CONSUMED
    classify_seconds = metrics.STAGE_SECONDS.labels("classify")
    classified_by = metrics.ARTICLES_CLASSIFIED.labels  # labels() is ~2 µs a call: keep the children
    classified_children: dict[tuple[str, str], Any] = {}

    max_future = timedelta(hours=settings.max_future_hours)
    partition_keys: dict[str, bytes] = {}

    def partition_key(family: str) -> bytes:
        key = partition_keys.get(family)
        if key is None:
            key = partition_keys[family] = pipeline.dedup_config.partition_family(family).encode()
        return key

    async def send_dead_letter(msg: Any, d: DeadLetter) -> None:
        metrics.ARTICLES_INVALID.labels(d.reason).inc()
        log.warning("dead-letter %s:%s@%s: %s (%s)", msg.topic, msg.partition, msg.offset, d.reason, d.detail)
        await dead_topic.send(key=msg.key, value=dead_letter_bytes(d))

    async def validate_classify(msg: Any) -> None:
        """raw -> classified (or dead-letter). Called for each raw message by the conductor
        (DirectConductor, streams/fastfaust.py), which acknowledges it when this returns."""
        t0 = time.perf_counter()
        consumed.inc()
        result = parse_article(msg.value, msg.topic, msg.partition, msg.offset, max_future=max_future)
        if isinstance(result, DeadLetter):
            await send_dead_letter(msg, result)
            return
        try:
            c = classifier.classify(result)
            if (lang := unsupported_language(c)) is not None:
                metrics.ARTICLES_UNSUPPORTED_LANGUAGE.labels(lang).inc()
            family = classifier.family(c.category) if c.category is not None else None
            value = Classified(article=result, classification=c).model_dump_json().encode() if family else b""
        except Exception as e:  # a classifier bug must not lose the article: dead-letter it with the type
            detail = f"classify: {type(e).__name__}: {e}"
            await send_dead_letter(
                msg, dead_letter(msg.value, "internal_error", detail, msg.topic, msg.partition, msg.offset)
            )
            return
        labels = (c.category or "none", c.severity.value)
        child = classified_children.get(labels)
        if child is None:
            child = classified_children[labels] = classified_by(*labels)
        child.inc()
        classify_seconds.observe(time.perf_counter() - t0)
        if family is None:
            return  # not an event of the taxonomy: counted above, no story, no alert
        # keyed by the family's group of compatible families (docs/stories.md): every report that
        # may join a story reaches the partition, and the worker, that holds it
        await classified_topic.send(key=partition_key(family), value=value)

    # the raw topic carries every article: it skips Faust's stream and agent machinery (the
    # consumer, consumer group, flow control and commits are Faust's, see streams/fastfaust.py)
    conductor.handle(raw_topic, validate_classify)

    async def write_alert(alert: Alert) -> None:
        """Write the alert unless the topic has it already; wait for the broker's acknowledgement, so
        the report's offset is committed only after its alert is on the topic."""
        if not pipeline.ledger.due(alert.story_id, alert.version):
            metrics.ALERTS_NOT_REPEATED.inc()
            log.info("alert %s is on %s already; not written again", alert.alert_id, settings.topics.alerts)
            return
        # the story behind the alert is on the broker first (streams/storytable.py): an alert on
        # the topic always has its story in the table, whatever the crash
        await stories.written()
        fut = await alerts_topic.send(key=alert.story_id.encode(), value=alert.model_dump_json().encode())
        try:
            await fut
        except Exception as e:  # the producer gave up: stop, so that the report is read again
            metrics.ALERTS_EMITTED.labels("failed", alert.severity.value).inc()
            log.error(
                "could not write alert %s: %r; stopping, the report will be read again", alert.alert_id, e
            )
            await app.crash(e)
            raise
        pipeline.ledger.record(alert.story_id, alert.version)
        metrics.ALERTS_EMITTED.labels("sent", alert.severity.value).inc()
        if alert.ingested_at is not None:
            metrics.ALERT_LATENCY.observe(max(0.0, (utcnow() - alert.ingested_at).total_seconds()))

    @app.agent(classified_topic, name="dedup")
    async def dedup(stream: Any) -> None:
        async for event in stream.events():
            t0 = time.perf_counter()
            stories.forget_writes()  # only this event's writes are waited for (same partition, in order)
            partition = event.message.partition
            item = Classified.model_validate_json(event.value)
            index, unsent = await pipeline.index_for(partition, stories)
            for lost in unsent:  # stored, but its alert never reached the topic
                log.warning(
                    "story %s v%d: writing the alert a stopped worker lost", lost.story_id, lost.version
                )
                await write_alert(make_alert(lost, last_update_reason(lost), utcnow(), None))
            decision, record = assign(index, item.article, item.classification)
            if decision.duplicate and decision.score == 1.0 and decision.update is None:
                differs = id_conflict(record, item.article)
                if differs:  # the id is held with other content: not this article's story
                    metrics.ID_CONFLICTS.inc()
                    detail = (
                        f"article id {item.article.id!r} is held in story {record.story_id} with another "
                        f"{differs}; give each article its own id"
                    )
                    msg = event.message
                    await send_dead_letter(
                        msg,
                        dead_letter(event.value, "id_conflict", detail, msg.topic, msg.partition, msg.offset),
                    )
                    metrics.STAGE_SECONDS.labels("dedup").observe(time.perf_counter() - t0)
                    continue
            story = index.story_of(record)
            # stories that left the window (or the size cap) leave the table too: tombstones
            for sid in index.drain_evicted():
                stories.pop(sid.encode(), None)
            # late merges (docs/stories.md): each merged story's final state is written before the
            # survivor's (a restore redoes a merge whose survivor was not written), then its
            # "merged" update if it had alerted
            finals = [story_of_record(r) for r in index.merged]
            for final in finals:
                metrics.STORY_MERGES.inc()
                stories[final.story_id.encode()] = json.dumps(
                    {"p": partition, "story": final.model_dump(mode="json")}
                ).encode()
            metrics.STORY_DECISIONS.labels(decision.match).inc()
            held = sum(len(i.pending) for i in pipeline.indexes.values())
            metrics.observe_story(
                not decision.duplicate, record.pending, decision.update and record.version, held
            )
            stories[story.story_id.encode()] = json.dumps(
                {"p": partition, "story": story.model_dump(mode="json")}
            ).encode()
            metrics.STORIES_IN_STATE.set(pipeline.stories_held)
            if decision.update is None:
                if decision.duplicate:
                    metrics.DUPLICATES_SUPPRESSED.inc()
            else:
                await write_alert(make_alert(story, decision.update, utcnow(), item.article.ingested_at))
            for final in finals:
                if final.version > 0:  # it had alerted: its subscribers get the one "merged" update
                    await write_alert(make_alert(final, "merged", utcnow(), item.article.ingested_at))
            metrics.STAGE_SECONDS.labels("dedup").observe(time.perf_counter() - t0)

    # faust types this signal's handlers as taking the revoked set first; it sends (app, revoked)
    @app.on_partitions_revoked.connect  # type: ignore[arg-type]
    async def on_revoked(app_: Any, revoked: Any, **kwargs: Any) -> None:
        pipeline.forget({tp.partition for tp in revoked if tp.topic == settings.topics.classified})

    lag = LagMonitor(settings)
    watch = BrokerWatch(settings.kafka_broker)
    throughput = ThroughputLog()

    @app.task
    async def quiet_logging() -> None:
        # faust.Worker's spinner sets the root logger to DEBUG: every debug call built a record
        fastfaust.quiet_root_logger()
        watch.install()

    @app.timer(interval=2.0)
    async def watch_broker() -> None:
        await asyncio.to_thread(watch.check)

    @app.timer(interval=5.0)
    async def update_lag() -> None:
        owned = owned_partitions(app)
        if owned is not None:
            await asyncio.to_thread(lag.update, owned)

    @app.timer(interval=60.0)
    async def log_throughput() -> None:
        if throughput.log(lag.total):
            describe = getattr(app.consumer, "describe_positions", None)
            if describe is not None:
                where = await describe()
                log.warning("lag with nothing consumed for a minute; consumer positions: %s", where)

    # faust types this signal's handlers as taking the assigned set first; it sends (app, assigned)
    @app.on_partitions_assigned.connect  # type: ignore[arg-type]
    async def on_assigned(app_: Any, assigned: Any, **kwargs: Any) -> None:
        pipeline.ledger_stale = True  # an earlier owner may have written alerts: read them back
        log.info("partitions now owned by this worker: %s", describe_partitions(assigned))

    return pipeline


def _consumed(topic: str) -> bool:
    """A topic whose offsets the group commits (not a table's changelog or Faust's leader topic)."""
    return not topic.endswith("-changelog") and not topic.endswith("__assignor-__leader")


def owned_partitions(app: Any) -> set[tuple[str, int]] | None:
    """(topic, partition) of the consumed topics this worker owns now; None before the consumer runs."""
    try:
        assignment = app.consumer.assignment()
    except Exception:  # not started yet, or between rebalances
        return None
    return {(tp.topic, tp.partition) for tp in assignment if _consumed(tp.topic)}


def describe_partitions(tps: Any) -> str:
    """``raw.topic [0, 1]; other [3]`` for a set of topic partitions (changelogs left out)."""
    by_topic: dict[str, list[int]] = {}
    for tp in tps:
        if _consumed(tp.topic):
            by_topic.setdefault(tp.topic, []).append(tp.partition)
    return "; ".join(f"{t} {sorted(ps)}" for t, ps in sorted(by_topic.items())) or "none"


class LagMonitor:
    """Feeds the newsalert_consumer_lag gauge for the partitions THIS worker owns (kafka-python, in a
    thread), so the sum over the workers is the group's lag; a partition that moved to another
    worker loses its series here."""

    def __init__(self, settings: Settings):
        self.group = GroupLag(settings)
        self.reported: set[tuple[str, int]] = set()
        self.total = 0

    def update(self, owned: set[tuple[str, int]]) -> None:
        try:
            lags = self.group.lag_of(owned)
        except Exception as e:  # lag is best effort; never stop the worker for it
            log.debug("lag update failed: %s", e)
            self.group.close()
            return
        for topic, partition in self.reported - set(lags):
            metrics.CONSUMER_LAG.remove(topic, str(partition))
        for (topic, partition), n in lags.items():
            metrics.CONSUMER_LAG.labels(topic, str(partition)).set(n)
        self.reported = set(lags)
        self.total = sum(lags.values())

    def close(self) -> None:
        self.group.close()


class ThroughputLog:
    """One log line a minute: articles consumed, alerts written and lag since the last line."""

    def __init__(self) -> None:
        self.last = (time.monotonic(), _total(metrics.ARTICLES_CONSUMED), _total(metrics.ALERTS_EMITTED))

    def log(self, lag: int) -> bool:
        """Log the line; True when there is lag and nothing was consumed since the last line."""
        now, consumed, alerts = (
            time.monotonic(),
            _total(metrics.ARTICLES_CONSUMED),
            _total(metrics.ALERTS_EMITTED),
        )
        t0, c0, a0 = self.last
        self.last = (now, consumed, alerts)
        secs = max(now - t0, 1e-9)
        log.info(
            "last %.0f s: %d articles (%.1f/s), %d alerts; lag of this worker's partitions: %d",
            secs,
            consumed - c0,
            (consumed - c0) / secs,
            alerts - a0,
            lag,
        )
        return lag > 0 and consumed == c0


def _total(counter: Any) -> float:
    """A counter's value summed over its labels."""
    return sum(s.value for m in counter.collect() for s in m.samples if s.name.endswith("_total"))
