"""Run real `newsalert worker` processes against the real broker, each test in its own namespace.

Every harness gets its own app id (consumer group), its own topic names and its own
subscriptions file (a JSONL channel in the test's tmp folder), so tests never see each
other's messages. Workers are separate processes, so a test can SIGKILL one.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

from kafka import KafkaProducer

from streams.settings import REPO_ROOT, load_settings
from streams.topics import (
    GroupLag,
    broker_listening,
    delete_topics,
    ensure_topics,
    project_topics,
    read_from_start,
)

BROKER = os.environ.get("NEWSALERT_KAFKA_BROKER", "127.0.0.1:9092")


def broker_up() -> bool:
    return broker_listening(BROKER, timeout=1)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Pipeline:
    def __init__(self, tmp: Path, raw_partitions: int = 4, classified_partitions: int = 4):
        self.run_id = uuid.uuid4().hex[:8]
        self.tmp = tmp
        self.alerts_file = tmp / "alerts.jsonl"
        subs = tmp / "subscriptions.yaml"
        subs.write_text(
            f"delivery: {{topic_prefix: t{self.run_id}.deliveries., partitions: 2}}\n"
            "subscriptions:\n"
            "  - name: file-all\n"
            f"    channel: {{type: jsonl, path: {self.alerts_file}}}\n"
            "    min_severity: alert\n"
        )
        ns = f"t{self.run_id}"
        self.env = {
            **os.environ,
            "NEWSALERT_KAFKA_BROKER": BROKER,
            "NEWSALERT_APP_ID": f"newsalert-{ns}",
            "NEWSALERT_DATA_DIR": str(tmp / "data"),
            "NEWSALERT_SUBSCRIPTIONS": str(subs),
            "NEWSALERT_TOPICS__RAW": f"{ns}.raw",
            "NEWSALERT_TOPICS__CLASSIFIED": f"{ns}.classified",
            "NEWSALERT_TOPICS__ALERTS": f"{ns}.alerts",
            "NEWSALERT_TOPICS__DEAD_LETTER": f"{ns}.deadletter",
            "NEWSALERT_TOPICS__DELIVERIES_DEAD_LETTER": f"{ns}.deliveries.deadletter",
            "NEWSALERT_PARTITIONS__RAW": str(raw_partitions),
            "NEWSALERT_PARTITIONS__CLASSIFIED": str(classified_partitions),
            "NEWSALERT_COMMIT_INTERVAL": "0.5",
        }
        saved = dict(os.environ)
        os.environ.update(self.env)
        try:
            self.settings = load_settings()
        finally:
            os.environ.clear()
            os.environ.update(saved)
        ensure_topics(self.settings)
        self.workers: list[subprocess.Popen[bytes]] = []
        self.producer = KafkaProducer(bootstrap_servers=BROKER, acks="all")
        self._lag = GroupLag(self.settings)

    # ------------------------------------------------------------------ workers
    def start_worker(self, metrics_port: int = 0, module: str = "streams.cli") -> subprocess.Popen[bytes]:
        """Start `python -m <module> worker` (the real worker; tests.slow_rebalance_worker widens
        its rebalance window)."""
        env = dict(self.env, NEWSALERT_METRICS_PORT=str(metrics_port))
        log = open(self.tmp / f"worker-{len(self.workers)}.log", "wb")
        p = subprocess.Popen(
            [sys.executable, "-m", module, "worker", "--loglevel", "info"],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO_ROOT,
        )
        self.workers.append(p)
        return p

    def wait_ready(self, timeout: float = 60.0, poll: float = 0.3) -> None:
        """Wait until the consumer group is stable with exactly the live workers as members
        (a SIGKILLed worker stays a member until its session times out), checking every `poll` s."""
        from kafka.admin import KafkaAdminClient

        live = sum(1 for w in self.workers if w.poll() is None)
        admin = KafkaAdminClient(bootstrap_servers=BROKER)
        try:
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                g = admin.describe_groups([self.settings.app_id]).get(self.settings.app_id, {})
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

    def logs(self) -> str:
        return "\n".join(f.read_text(errors="replace")[-4000:] for f in sorted(self.tmp.glob("worker-*.log")))

    # ------------------------------------------------------------------ I/O
    def produce(self, records: list[Any], partition: int | None = None, key: bytes | None = None) -> None:
        for r in records:
            value = r if isinstance(r, bytes) else json.dumps(r).encode()
            k = key if key is not None else (str(r.get("id")).encode() if isinstance(r, dict) else None)
            self.producer.send(self.settings.topics.raw, key=k, value=value, partition=partition)
        self.producer.flush()

    def read_topic(self, topic: str, timeout: float = 2.0) -> list[Any]:
        return [json.loads(m.value) for m in read_from_start(BROKER, topic, timeout)]

    def alerts(self) -> list[dict[str, Any]]:
        return self.read_topic(self.settings.topics.alerts)

    def dead_letters(self) -> list[dict[str, Any]]:
        return self.read_topic(self.settings.topics.dead_letter)

    def wait_until_processed(self, timeout: float = 180.0, settle: float = 2.0) -> None:
        """Wait until the group has committed everything on the pipeline topics."""

        def workers_alive() -> None:
            for w in self.workers:
                if w.poll() not in (None, -9):
                    raise AssertionError(f"worker exited with {w.returncode}:\n{self.logs()}")

        try:
            self._lag.wait_drained(timeout, settle=settle, check=workers_alive)
        except TimeoutError as e:
            raise AssertionError(f"pipeline did not catch up: {e}\n{self.logs()}") from None

    def close(self) -> None:
        for w in self.workers:
            self.stop(w)
        self.producer.close()
        self._lag.close()
        try:
            names = [n for n, _, _ in project_topics(self.settings)]
            delete_topics(self.settings, names)
        except Exception:
            pass


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
