"""Real `newsalert worker` processes against a real broker, each run in its own namespace.

Shared by the tests (tests/) and the end-to-end benchmark (bench/e2e.py). A namespace has its
own app id (consumer group), its own topic names and its own subscriptions file (a JSONL channel
in its folder), so runs never see each other's messages. Workers are separate processes, so a
test can SIGKILL one.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from kafka import KafkaProducer
from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError

from newsalert.topics import consumed_topics, ensure_project_topics
from streams.settings import REPO_ROOT, Settings, load_settings
from streams.topics import GroupLag, admin_client, broker_listening, read_from_start

BROKER = os.environ.get("NEWSALERT_KAFKA_BROKER", "127.0.0.1:9092")


def broker_up(broker: str = BROKER) -> bool:
    return broker_listening(broker, timeout=1)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (at the time of the call)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def settings_from_env(env: dict[str, str]) -> Settings:
    """The settings a worker started with `env` will load."""
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        return load_settings()
    finally:
        os.environ.clear()
        os.environ.update(saved)


def article(
    i: str,
    title: str,
    body: str,
    source: str = "Test Wire",
    when: str = "2024-03-01T10:00:00+00:00",
    url: str | None = None,
) -> dict[str, Any]:
    return {
        "id": i,
        "source": source,
        "title": title,
        "body": body,
        "published_at": when,
        "url": url or f"https://news.example.com/{i}",
    }


class Namespace:
    """One isolated run of the pipeline: settings, topics, workers, and what they wrote."""

    def __init__(
        self,
        folder: Path,
        broker: str = BROKER,
        prefix: str = "t",
        raw_partitions: int = 4,
        classified_partitions: int = 4,
        delivery: str = "partitions: 2",
        env_extra: dict[str, str] | None = None,
        extra_topics: list[tuple[str, int]] | None = None,
        run_id: str | None = None,
        subscriptions: str | None = None,
    ):
        """`subscriptions`: more entries of the subscriptions file's `subscriptions:` list, as YAML
        (each starting with "  - name: ..."), after the namespace's own JSONL one."""
        self.broker = broker
        self.run_id = run_id or uuid.uuid4().hex[:8]
        self.ns = f"{prefix}{self.run_id}"
        self.tmp = folder
        self.tmp.mkdir(parents=True, exist_ok=True)
        self.alerts_file = folder / "alerts.jsonl"
        subs = folder / "subscriptions.yaml"
        subs.write_text(
            f"delivery: {{topic_prefix: {self.ns}.deliveries., {delivery}}}\n"
            "subscriptions:\n"
            "  - name: file-all\n"
            f"    channel: {{type: jsonl, path: {self.alerts_file}}}\n"
            "    min_severity: alert\n" + (subscriptions or "")
        )
        ns = self.ns
        self.env = {
            **os.environ,
            "PYTHONUNBUFFERED": "1",
            "NEWSALERT_KAFKA_BROKER": broker,
            "NEWSALERT_APP_ID": f"newsalert-{ns}",
            "NEWSALERT_DATA_DIR": str(folder / "data"),
            "NEWSALERT_SUBSCRIPTIONS": str(subs),
            "NEWSALERT_TOPICS__RAW": f"{ns}.raw",
            "NEWSALERT_TOPICS__CLASSIFIED": f"{ns}.classified",
            "NEWSALERT_TOPICS__ALERTS": f"{ns}.alerts",
            "NEWSALERT_TOPICS__DEAD_LETTER": f"{ns}.deadletter",
            "NEWSALERT_TOPICS__DELIVERIES_DEAD_LETTER": f"{ns}.deliveries.deadletter",
            "NEWSALERT_PARTITIONS__RAW": str(raw_partitions),
            "NEWSALERT_PARTITIONS__CLASSIFIED": str(classified_partitions),
            **(env_extra or {}),
        }
        self.settings = settings_from_env(self.env)
        ensure_project_topics(self.settings, extra=extra_topics)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.ports: list[int] = []
        self._producer: KafkaProducer | None = None
        self._lag = GroupLag(self.settings, consumed_topics(self.settings))

    @property
    def raw(self) -> str:
        return self.settings.topics.raw

    # ------------------------------------------------------------------ workers
    def start_worker(
        self,
        metrics_port: int = 0,
        module: str = "newsalert",
        loglevel: str = "info",
        profile: Path | None = None,
    ) -> subprocess.Popen[bytes]:
        """Start `python -m <module> worker` (the real worker; tests.newsalert.slow_rebalance_worker widens
        its rebalance window), optionally under cProfile."""
        env = dict(self.env, NEWSALERT_METRICS_PORT=str(metrics_port))
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "wb")
        cmd = [sys.executable]
        if profile:
            cmd += ["-m", "cProfile", "-o", str(profile)]
        cmd += ["-m", module, "worker", "--loglevel", loglevel]
        p = subprocess.Popen(
            cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=REPO_ROOT, start_new_session=True
        )
        self.workers.append(p)
        self.ports.append(metrics_port)
        return p

    def check_workers(self) -> None:
        """Raise if a worker exited (other than by a SIGKILL of the test's own)."""
        for w in self.workers:
            if w.poll() not in (None, -9):
                raise AssertionError(f"worker exited with {w.returncode}:\n{self.logs()}")

    def wait_ready(self, timeout: float = 60.0, poll: float = 0.3) -> None:
        """Wait until the consumer group is stable with exactly the live workers as members
        (a SIGKILLed worker stays a member until its session times out), checking every `poll` s."""
        live = sum(1 for w in self.workers if w.poll() is None)
        admin = KafkaAdminClient(bootstrap_servers=self.broker)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                try:
                    g = admin.describe_groups([self.settings.app_id]).get(self.settings.app_id, {})
                except KafkaError:  # a broker just started has no group coordinator yet
                    g = {}
                if g.get("group_state") == "Stable" and len(g.get("members", [])) == live:
                    return
                time.sleep(poll)
        finally:
            admin.close()
        raise AssertionError(
            f"consumer group not stable with {live} members after {timeout} s:\n{self.logs()}"
        )

    def kill(self, p: subprocess.Popen[bytes]) -> None:
        p.send_signal(signal.SIGKILL)
        p.wait(timeout=10)

    def stop(self, p: subprocess.Popen[bytes]) -> None:
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()

    def logs(self, tail: int = 4000) -> str:
        return "\n".join(f.read_text(errors="replace")[-tail:] for f in sorted(self.tmp.glob("worker-*.log")))

    # ------------------------------------------------------------------ I/O
    @property
    def producer(self) -> KafkaProducer:
        if self._producer is None:
            self._producer = KafkaProducer(bootstrap_servers=self.broker, acks="all")
        return self._producer

    def produce(self, records: list[Any], partition: int | None = None, key: bytes | None = None) -> None:
        for r in records:
            value = r if isinstance(r, bytes) else json.dumps(r).encode()
            k = key if key is not None else (str(r.get("id")).encode() if isinstance(r, dict) else None)
            self.producer.send(self.raw, key=k, value=value, partition=partition)
        self.producer.flush()

    def read_topic(self, topic: str, timeout: float = 2.0) -> list[Any]:
        return [json.loads(m.value) for m in read_from_start(self.broker, topic, timeout)]

    def alerts(self) -> list[dict[str, Any]]:
        return self.read_topic(self.settings.topics.alerts)

    def dead_letters(self) -> list[dict[str, Any]]:
        return self.read_topic(self.settings.topics.dead_letter)

    def lag(self) -> GroupLag:
        return self._lag

    def wait_until_processed(self, timeout: float = 180.0, settle: float = 2.0) -> None:
        """Wait until the group has committed everything on the topics it consumes."""
        try:
            self._lag.wait_drained(timeout, settle=settle, check=self.check_workers)
        except TimeoutError as e:
            raise AssertionError(f"pipeline did not catch up: {e}\n{self.logs()}") from None

    # ------------------------------------------------------------------ the end
    def close(self, keep_logs: Path | None = None) -> None:
        """Stop the workers, keep copies of their logs if asked, delete the namespace's topics,
        changelogs and consumer groups."""
        for w in self.workers:
            if w.poll() is None:
                w.send_signal(signal.SIGTERM)
        for w in self.workers:
            self.stop(w)
        if keep_logs:
            for f in sorted(self.tmp.glob("worker-*.log")):
                with contextlib.suppress(OSError):
                    shutil.copy(f, keep_logs.parent / f"{keep_logs.name}-{self.tmp.name}-{f.name}")
        if self._producer is not None:
            self._producer.close()
        self._lag.close()
        with contextlib.suppress(Exception):
            admin = admin_client(self.settings, timeout=10)
            try:
                doomed = [
                    t
                    for t in admin.list_topics()
                    if t.startswith(f"{self.ns}.") or t.startswith(f"{self.settings.app_id}-")
                ]
                if doomed:
                    admin.delete_topics(doomed, timeout_ms=30_000)
                with contextlib.suppress(Exception):
                    admin.delete_consumer_groups([self.settings.app_id, f"{self.ns}-passthrough"])
            finally:
                admin.close()
