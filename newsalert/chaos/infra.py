"""What the scenarios run besides the workers: a broker of their own, a webhook receiver that can be
switched off, the workers' /metrics and logs."""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.request
from pathlib import Path
from typing import Any

from aiohttp import web
from prometheus_client.parser import text_string_to_metric_families

from alerts.testing import WebhookReceiver
from newsalert.paths import broker_env, broker_script
from newsalert.testing import Namespace, free_port

SHARED_PORT = 9092  # the broker everyone else uses: never stopped by a scenario


class LocalBroker:
    """A broker of its own (scripts/kafka-local on free ports, data in `folder`), to stop and start."""

    def __init__(self, folder: Path, port: int | None = None):
        self.port = port or free_port()
        if self.port == SHARED_PORT:
            raise ValueError(f"port {SHARED_PORT} is the shared broker's; a scenario never stops it")
        self.folder = folder
        self.env = dict(
            broker_env(),
            NEWSALERT_KAFKA_PORT=str(self.port),
            NEWSALERT_KAFKA_CONTROLLER_PORT=str(free_port()),
            NEWSALERT_KAFKA_DATA_DIR=str(folder),
        )
        self.log: list[str] = []

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def _run(self, command: str, timeout: float = 180) -> float:
        t0 = time.monotonic()
        p = subprocess.run(
            ["bash", str(broker_script()), command],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        self.log.append(f"$ kafka-local {command} ({p.returncode})\n{p.stdout}{p.stderr}")
        if p.returncode != 0:
            raise RuntimeError(f"kafka-local {command} on port {self.port} failed:\n{p.stdout}{p.stderr}")
        return time.monotonic() - t0

    def start(self) -> float:
        """Start (or restart) it; returns the seconds until it answered."""
        return self._run("start")

    def stop(self) -> float:
        return self._run("stop")

    def remove(self) -> None:
        """Stop it and delete its data."""
        try:
            self.stop()
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)


def scrape(port: int, timeout: float = 5.0) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """A worker's /metrics: sample name -> {sorted labels: value}."""
    text = urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=timeout).read().decode()
    out: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            out.setdefault(s.name, {})[tuple(sorted(s.labels.items()))] = s.value
    return out


def metric_sum(samples: dict[str, dict[tuple[tuple[str, str], ...], float]], name: str) -> float:
    return sum(samples.get(name, {}).values())


def log_lines(ns: Namespace) -> list[str]:
    """Every line of every worker log of the namespace, oldest worker first."""
    lines: list[str] = []
    for f in sorted(ns.tmp.glob("worker-*.log"), key=lambda p: int(p.stem.split("-")[1])):
        lines += f.read_text(errors="replace").splitlines()
    return lines


class SwitchableReceiver(WebhookReceiver):
    """alerts.testing.WebhookReceiver that can be switched off (its port closed: connections are
    refused) and on again on the same port."""

    async def start(self) -> SwitchableReceiver:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def off(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def on(self) -> None:
        if self._runner is None:
            await self.start()

    async def __aenter__(self) -> SwitchableReceiver:
        return await self.start()

    def deliveries(self) -> list[dict[str, Any]]:
        """Each accepted delivery (one per acceptance) as story_id, version, subscription, key."""
        out = []
        for wid, n in self.accepted.items():
            body = self.bodies.get(wid)
            data = body.get("data", {}) if isinstance(body, dict) else {}
            for _ in range(n):
                out.append(
                    {
                        "story_id": data.get("story_id"),
                        "version": data.get("version"),
                        "subscription": data.get("subscription"),
                        "idempotency_key": wid,
                    }
                )
        return out
