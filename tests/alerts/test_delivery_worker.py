"""The Faust delivery worker against the real broker (marked `broker`; skipped without one).

The worker runs in a subprocess (a small Faust app calling alerts.agents.register) and is
killed with SIGKILL mid-delivery; receivers run in the test process.
"""

import asyncio
import base64
import json
import os
import signal
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from alerts.testing import WebhookReceiver, sample_alert
from newsalert.testing import BROKER
from streams.topics import broker_listening, read_from_start

SECRET = "whsec_" + base64.b64encode(b"worker-test-key-worker-test-key!").decode()
REPO = Path(__file__).resolve().parents[2]


pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not broker_listening(BROKER, timeout=1), reason=f"no Kafka broker at {BROKER}"),
]

APP = textwrap.dedent(
    """
    import logging, sys
    import faust
    from alerts.agents import register
    from alerts.delivery import DeliveryPolicy
    from alerts.subscriptions import load_subscriptions
    from streams.settings import Settings, Topics

    run_id, subs_path, datadir, broker, commit = sys.argv[1:6]
    settings = Settings(
        kafka_broker=broker, app_id=f"t-{run_id}", config_dir=datadir,
        topics=Topics(alerts=f"t.{run_id}.alerts", deliveries_dead_letter=f"t.{run_id}.deliveries.dlq"),
    )
    app = faust.App(
        settings.app_id, broker=f"kafka://{broker}", store="memory://", web_enabled=False,
        datadir=datadir, topic_replication_factor=1, broker_commit_interval=float(commit),
        consumer_auto_offset_reset="earliest",
        broker_session_timeout=6, broker_heartbeat_interval=1,  # a killed member leaves fast
    )
    policy = DeliveryPolicy(
        initial=0.1, exp_base=2, jitter=0, max_attempts=3, max_elapsed=20, attempt_timeout=30
    )
    register(app, settings, load_subscriptions(subs_path), policy=policy)
    sys.argv = [sys.argv[0], "worker", "-l", "info"]
    app.main()
    """
)


class Env:
    def __init__(self, tmp_path: Path, subs: dict):
        self.run_id = uuid.uuid4().hex[:8]
        self.tmp = tmp_path
        subs.setdefault("delivery", {})["topic_prefix"] = f"t.{self.run_id}.deliveries."
        subs["delivery"]["partitions"] = 2
        subs["delivery"].setdefault("concurrency", 4)
        self.subs_path = tmp_path / "subscriptions.yaml"
        self.subs_path.write_text(json.dumps(subs))
        (tmp_path / "app.py").write_text(APP)
        from alerts.subscriptions import load_subscriptions
        from streams.settings import Settings, Topics

        self.config = load_subscriptions(self.subs_path)
        self.settings = Settings(
            kafka_broker=BROKER,
            app_id=f"t-{self.run_id}",
            config_dir=tmp_path,
            topics=Topics(
                alerts=f"t.{self.run_id}.alerts", deliveries_dead_letter=f"t.{self.run_id}.deliveries.dlq"
            ),
        )
        self.proc = None

    def create_topics(self):
        from kafka.admin import KafkaAdminClient, NewTopic

        from alerts.topics import delivery_topics

        admin = KafkaAdminClient(bootstrap_servers=BROKER)
        try:
            wanted = [(self.settings.topics.alerts, 1), *delivery_topics(self.settings, self.config)]
            admin.create_topics([NewTopic(n, p, 1) for n, p in wanted])
        finally:
            admin.close()

    def produce(self, alerts):
        from kafka import KafkaProducer

        p = KafkaProducer(bootstrap_servers=BROKER, acks="all")
        for a in alerts:
            p.send(self.settings.topics.alerts, key=a.story_id.encode(), value=a.model_dump_json().encode())
        p.flush()
        p.close()

    async def start(self, commit=1.0):
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            str(self.tmp / "app.py"),
            self.run_id,
            str(self.subs_path),
            str(self.tmp / "data"),
            BROKER,
            str(commit),
            env=env,
            cwd=str(self.tmp),
            stdout=open(self.tmp / "worker.log", "ab"),
            stderr=asyncio.subprocess.STDOUT,
        )

    async def kill(self):
        if self.proc and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGKILL)
            await self.proc.wait()

    async def stop(self):
        if self.proc and self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 20)
            except TimeoutError:
                await self.kill()

    def log(self):
        p = self.tmp / "worker.log"
        return p.read_text(errors="replace")[-4000:] if p.exists() else ""

    def dead_letters(self):
        return [
            json.loads(m.value)
            for m in read_from_start(BROKER, self.settings.topics.deliveries_dead_letter, 3)
        ]


async def wait_for(cond, timeout, what, env=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return
        if env is not None and env.proc is not None and env.proc.returncode is not None:
            raise AssertionError(f"worker exited ({env.proc.returncode})\n{env.log()}")
        await asyncio.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}\n--- worker log ---\n{env.log() if env else ''}")


def hook(name, url, **kw):
    return {
        "name": name,
        "channel": {
            "type": "webhook",
            "url": url,
            "allow_private": True,
            "timeout": 5,
            "secrets_file": None,
            "secret_env": "NA_WORKER_TEST_SECRET",
        },
        **kw,
    }


@pytest.fixture(autouse=True)
def _secret(monkeypatch):
    monkeypatch.setenv("NA_WORKER_TEST_SECRET", SECRET)


async def test_end_to_end_dead_letter_and_replay(tmp_path):
    from alerts.replay import replay_dead_letters

    async with WebhookReceiver(secrets=[SECRET]) as ok, WebhookReceiver(secrets=[SECRET], default=400) as bad:
        out = tmp_path / "alerts.jsonl"
        env = Env(
            tmp_path,
            {
                "subscriptions": [
                    hook("good", ok.url),
                    hook("broken", bad.url),
                    {"name": "file", "channel": {"type": "jsonl", "path": str(out)}},
                ]
            },
        )
        env.create_topics()
        env.produce([sample_alert("s1"), sample_alert("s1", 2), sample_alert("s2", severity="none")])
        await env.start()
        try:
            await wait_for(lambda: len(ok.accepted) == 2 and len(bad.attempts) == 2, 60, "deliveries", env)
            await wait_for(lambda: out.exists() and len(out.read_text().splitlines()) == 2, 30, "jsonl", env)
            await wait_for(lambda: len(env.dead_letters()) == 2, 30, "dead letters", env)
            dls = env.dead_letters()
            assert {d["idempotency_key"] for d in dls} == {"s1:1:broken", "s1:2:broken"}
            assert all(
                d["reason"] == "delivery_failed" and d["kind"] == "http_4xx" and d["attempts"] == 1
                for d in dls
            )
            assert dict(ok.accepted) == {"s1:1:good": 1, "s1:2:good": 1}
            # the receiver is fixed: replay the dead letters through the worker
            bad.default = 200
            report = await asyncio.to_thread(
                replay_dead_letters, env.settings, env.config, subscription="broken"
            )
            assert report.replayed == 2 and report.scanned == 2
            await wait_for(lambda: len(bad.accepted) == 2, 60, "replayed deliveries", env)
            assert dict(bad.accepted) == {"s1:1:broken": 1, "s1:2:broken": 1}
        finally:
            await env.stop()


async def test_worker_killed_mid_delivery_delivers_once_after_restart(tmp_path):
    async with WebhookReceiver(secrets=[SECRET], script=["hang"]) as rx:
        env = Env(tmp_path, {"subscriptions": [hook("hooked", rx.url)]})
        env.create_topics()
        env.produce([sample_alert("k1")])
        await env.start()
        try:
            await wait_for(lambda: len(rx.attempts) == 1, 60, "first (hung) attempt", env)
            await env.kill()  # mid-delivery: nothing acknowledged
            assert rx.accepted == {}
            await asyncio.sleep(7)  # past the session timeout: the dead member has left the group
            await env.start()
            await wait_for(lambda: len(rx.accepted) == 1, 60, "delivery after restart", env)
            await asyncio.sleep(2)
            # nothing lost; every attempt carried the same idempotency key, so the receiver keeps
            # exactly one (at-least-once: a rebalance during the restart may repeat the send)
            assert set(rx.accepted) == {"k1:1:hooked"}
            assert {a.webhook_id for a in rx.attempts} == {"k1:1:hooked"}
        finally:
            await env.stop()


async def test_acknowledged_delivery_not_resent_after_crash_before_commit(tmp_path):
    """Offsets are committed every 60 s here, so after SIGKILL the delivery message is read
    again; the delivered table (recovered from its changelog) stops a second send."""
    async with WebhookReceiver(secrets=[SECRET]) as rx:
        env = Env(tmp_path, {"subscriptions": [hook("once", rx.url)]})
        env.create_topics()
        env.produce([sample_alert("c1")])
        await env.start(commit=60)
        try:
            await wait_for(lambda: len(rx.accepted) == 1, 60, "first delivery", env)
            await asyncio.sleep(3)  # let the changelog write reach the broker
            await env.kill()
            await env.start(commit=60)
            # the restarted worker reads the delivery again (nothing was committed) and skips it;
            # it gets the partition only once the killed member's session has expired, so the
            # wait is on that decision, not on a fixed time (15 s was once too short in CI)
            log = tmp_path / "worker.log"
            await wait_for(
                lambda: "c1:1:once already acknowledged; not sent again" in log.read_text(errors="replace"),
                120,
                "the re-read delivery to be skipped",
                env,
            )
            await asyncio.sleep(2)  # a second send would follow that decision at once
            assert rx.accepted == {"c1:1:once": 1}, env.log()
            assert len(rx.attempts) == 1
        finally:
            await env.stop()
