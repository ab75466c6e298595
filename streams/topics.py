"""Create the project's topics with explicit partition counts (the broker does not auto-create)."""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Iterable, Iterator
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient, NewTopic
from kafka.errors import KafkaError, TopicAlreadyExistsError

from streams.settings import Settings

log = logging.getLogger(__name__)


class BrokerUnavailable(RuntimeError):
    pass


def broker_listening(bootstrap: str, timeout: float = 2.0) -> bool:
    """Whether one of the bootstrap addresses ("[kafka://]host:port[,host:port...]") accepts a TCP
    connection. Quick and quiet when nothing listens, where a Kafka client retries for about
    30 s and logs every failed attempt."""
    for addr in bootstrap.split(","):
        host, _, port = addr.strip().removeprefix("kafka://").rpartition(":")
        try:
            with socket.create_connection((host.strip("[]") or "localhost", int(port)), timeout=timeout):
                return True
        except (OSError, ValueError):
            continue
    return False


def read_from_start(broker: str, topic: str, timeout: float = 2.0) -> Iterator[Any]:
    """The records on ``topic`` from its beginning (kafka-python ``ConsumerRecord``s), read without
    a consumer group, so nothing is committed; stops after ``timeout`` s with no new record."""
    c = KafkaConsumer(
        topic,
        bootstrap_servers=broker,
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest",
        consumer_timeout_ms=int(timeout * 1000),
    )
    try:
        yield from c
    finally:
        c.close()


def read_to_end(broker: str, topic: str, timeout: float = 60.0) -> Iterator[Any]:
    """Every record on ``topic`` up to the end offsets it has when called (no consumer group).
    Raises TimeoutError if they cannot be read within ``timeout`` s."""
    c = KafkaConsumer(bootstrap_servers=broker, group_id=None, enable_auto_commit=False)
    try:
        parts = c.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in sorted(parts)]
        if not tps:
            return
        c.assign(tps)
        c.seek_to_beginning(*tps)
        ends = c.end_offsets(tps)
        todo = {tp for tp in tps if ends[tp] > c.position(tp)}
        deadline = time.monotonic() + timeout
        while todo:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{topic}: not read to its end within {timeout:.0f} s")
            for tp, records in c.poll(timeout_ms=500).items():
                for r in records:
                    if r.offset < ends[tp]:
                        yield r
            todo = {tp for tp in todo if c.position(tp) < ends[tp]}
    finally:
        c.close()


def admin_client(settings: Settings, timeout: float = 30.0) -> KafkaAdminClient:
    """An admin client, waiting up to ``timeout`` seconds for the broker (one that is starting).
    The client is only built once the broker's port accepts connections."""
    deadline = time.monotonic() + timeout
    waited = False
    err: Exception | None = None
    while True:
        if broker_listening(settings.kafka_broker):
            try:
                return KafkaAdminClient(bootstrap_servers=settings.kafka_broker, client_id="newsalert-admin")
            except (KafkaError, OSError) as e:
                err = e
        if time.monotonic() > deadline:
            raise BrokerUnavailable(
                f"no Kafka broker answers at {settings.kafka_broker}. Start the local one with "
                "'scripts/kafka-local start' (or 'newsalert broker start'), or set NEWSALERT_KAFKA_BROKER."
            ) from err
        if not waited:
            log.warning("waiting up to %g s for a Kafka broker at %s", timeout, settings.kafka_broker)
            waited = True
        time.sleep(0.5)


def stream_topics(settings: Settings) -> list[tuple[str, int, dict[str, str]]]:
    """The pipeline's own topics (name, partitions, configs); the delivery topics, and the delivery
    dead-letter topic, are alerts/' own (alerts.topics.delivery_topics)."""
    t, p = settings.topics, settings.partitions
    return [
        (t.raw, p.raw, {}),
        (t.classified, p.classified, {}),
        (t.alerts, p.alerts, {}),
        (t.dead_letter, p.dead_letter, {}),
    ]


# a table's changelog, as Faust creates it (compacted: the latest value of each key is kept)
CHANGELOG_CONFIG = {"cleanup.policy": "compact"}


def changelog_topic(settings: Settings, table: str) -> str:
    """Faust's name for a table's changelog topic (``<app id>-<table>-changelog``)."""
    return f"{settings.app_id}-{table}-changelog"


def stream_table_topics(settings: Settings) -> list[tuple[str, int, dict[str, str]]]:
    """The changelog topics of the pipeline's tables (the stories table), created with the other
    topics before a worker starts. Left to Faust, a changelog is created by the worker's first
    table write, and for a moment the metadata lists it with 0 partitions: Faust's partition check
    then failed the agent (docs/reliability.md)."""
    return [(changelog_topic(settings, "stories"), settings.partitions.classified, CHANGELOG_CONFIG)]


def ensure_topics(settings: Settings, wanted: list[tuple[str, int, dict[str, str]]]) -> list[str]:
    """Create the missing topics of `wanted` (name, partitions, configs); return the names created.
    Existing topics are left as they are."""
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        new = [
            NewTopic(name=n, num_partitions=k, replication_factor=1, topic_configs=cfg)
            for n, k, cfg in wanted
            if n not in existing
        ]
        # de-duplicate by name
        seen: dict[str, NewTopic] = {}
        for nt in new:
            seen.setdefault(nt.name, nt)
        if seen:
            try:
                admin.create_topics(list(seen.values()), timeout_ms=30_000)
            except TopicAlreadyExistsError:
                pass
        return list(seen)
    except KafkaError as e:
        raise BrokerUnavailable(f"could not create topics on {settings.kafka_broker}: {e}") from e
    finally:
        admin.close()


def delete_topics(settings: Settings, names: list[str]) -> None:
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        todo = [n for n in names if n in existing]
        if todo:
            admin.delete_topics(todo, timeout_ms=30_000)
    finally:
        admin.close()


class GroupLag:
    """Lag of the app's consumer group: end offset minus committed offset, per topic and partition."""

    def __init__(self, settings: Settings, topics: list[tuple[str, int]] | None = None):
        """`topics`: the (name, partitions) the group consumes, for `wait_drained`."""
        self.settings = settings
        self.topics = topics
        self._admin: KafkaAdminClient | None = None
        self._consumer = None

    def _clients(self):
        if self._admin is None:
            self._admin = admin_client(self.settings, timeout=5)
            self._consumer = KafkaConsumer(
                bootstrap_servers=self.settings.kafka_broker, group_id=None, enable_auto_commit=False
            )
        return self._admin, self._consumer

    def committed(self) -> dict:
        admin, _ = self._clients()
        res = admin.list_group_offsets({self.settings.app_id: None})
        return {tp: om.offset for tp, om in res.get(self.settings.app_id, {}).items()}

    def lag(self, topics: list[tuple[str, int]] | None = None) -> dict[tuple[str, int], int]:
        """Lag per (topic, partition). `topics` = [(name, partitions)]: also counts partitions that
        the group never committed (all their messages are lag); default: the committed ones."""
        if topics is None:
            pairs = [
                (tp.topic, tp.partition) for tp in self.committed() if not tp.topic.endswith("-changelog")
            ]
        else:
            pairs = [(n, p) for n, k in topics for p in range(k)]
        return self.lag_of(pairs)

    def lag_of(self, partitions: Iterable[tuple[str, int]]) -> dict[tuple[str, int], int]:
        """Lag of the given (topic, partition)s: end offset minus the group's committed offset (all
        the messages of a partition the group never committed)."""
        tps = [TopicPartition(t, p) for t, p in partitions]
        if not tps:
            return {}
        _, consumer = self._clients()
        committed = self.committed()
        ends = consumer.end_offsets(tps)
        return {
            (tp.topic, tp.partition): max(0, ends.get(tp, 0) - max(committed.get(tp, 0), 0)) for tp in tps
        }

    def wait_drained(self, timeout: float, settle: float = 2.0, poll: float = 0.5, check=None) -> dict:
        """Wait until the group has committed everything on the pipeline topics and stayed so for
        `settle` seconds. `check()` is called on each round (it may raise to stop waiting).
        Returns the last lag per partition; raises TimeoutError with it if time runs out."""
        if self.topics is None:
            raise ValueError("GroupLag.wait_drained needs the consumed topics (GroupLag(settings, topics))")
        topics = self.topics
        deadline = time.monotonic() + timeout
        quiet: float | None = None
        per: dict = {}
        while time.monotonic() < deadline:
            if check is not None:
                check()
            try:
                per = self.lag(topics)
                lag = sum(per.values())
            except Exception as e:  # the broker may be busy; try again
                per, lag = {"error": str(e)}, -1
            if lag == 0:
                quiet = quiet or time.monotonic()
                if time.monotonic() - quiet >= settle:
                    return per
            else:
                quiet = None
            time.sleep(poll)
        raise TimeoutError(f"not drained after {timeout:.0f} s; lag {per}")

    def close(self) -> None:
        for c in (self._admin, self._consumer):
            if c is not None:
                try:
                    c.close()
                except Exception:
                    pass
        self._admin = self._consumer = None
