"""Helpers for tests and the bench: sample alerts and a real local webhook receiver.

``WebhookReceiver`` is an aiohttp server on 127.0.0.1 (random port). It verifies Standard
Webhooks signatures (when given secrets), records every attempt with its arrival time,
counts accepted deliveries per ``webhook-id`` (dedup) and answers from a script: a list of
responses consumed in order, then ``default``. A response is a status int, a
``(status, headers)`` pair, or ``"hang"`` (never answers).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from alerts.channels.webhook import verify
from streams.models import Alert, Location, Severity, SourceReport, UpdateReason


def sample_alert(
    story_id: str = "st-1",
    version: int = 1,
    *,
    severity: Severity | str = Severity.flash,
    category: str = "assassination_attempt",
    country: str | None = "IQ",
    place: str | None = "Baghdad",
    title: str = "Gunmen fire on minister's convoy in Baghdad",
    fatalities: int | None = 0,
    sources: tuple[str, ...] = ("reuters", "ap", "afp"),
    update_reason: UpdateReason | None = None,
    emitted_at: datetime | None = None,
) -> Alert:
    now = emitted_at or datetime(2025, 3, 1, 12, 0, tzinfo=UTC)
    reports = [
        SourceReport(
            article_id=f"a-{story_id}-{i}",
            source=s,
            url=f"https://{s}.example.com/story/{story_id}",
            title=f"{s}: {title}",
            published_at=now - timedelta(minutes=5 - i),
        )
        for i, s in enumerate(sources)
    ]
    return Alert(
        alert_id=f"{story_id}:{version}",
        story_id=story_id,
        version=version,
        update_reason=update_reason or ("new" if version == 1 else "confirmed_by_sources"),
        category=category,
        severity=Severity(severity),
        fatalities=fatalities,
        location=Location(country=country, place=place),
        title=title,
        first_seen=now - timedelta(minutes=5),
        emitted_at=now,
        reports=reports,
        reasons=["keyword 'gunmen' -> attack family", "3 independent sources"],
    )


@dataclass
class Attempt:
    at: float  # time.monotonic() on arrival
    webhook_id: str | None
    status: int | str
    signature_ok: bool | None
    body: bytes
    headers: dict[str, str]


@dataclass
class WebhookReceiver:
    secrets: list[str] = field(default_factory=list)  # whsec_... to verify against (any matches)
    script: list[Any] = field(default_factory=list)
    default: Any = 200
    path: str = "/hook"
    attempts: list[Attempt] = field(default_factory=list)
    accepted: Counter = field(default_factory=Counter)  # webhook-id -> accepted count
    bodies: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._hang = asyncio.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{self.path}"

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        body = await request.read()
        wid = request.headers.get("webhook-id")
        sig_ok = None
        if self.secrets:
            sig_ok = any(verify(s, request.headers, body) for s in self.secrets)
        resp = self.script.pop(0) if self.script else self.default
        status, headers = resp if isinstance(resp, tuple) else (resp, {})
        self.attempts.append(Attempt(time.monotonic(), wid, status, sig_ok, body, dict(request.headers)))
        if status == "hang":
            await self._hang.wait()
            return web.Response(status=503)
        if sig_ok is False:
            return web.Response(status=401, text="bad signature")
        if 200 <= status < 300:
            key = wid or f"nokey-{len(self.attempts)}"
            self.accepted[key] += 1
            try:
                self.bodies[key] = json.loads(body)
            except ValueError:
                self.bodies[key] = body
        return web.Response(status=status, headers=headers, text="ok" if status < 300 else "nope")

    async def start(self) -> WebhookReceiver:
        app = web.Application()
        app.router.add_post(self.path, self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", 0).start()
        self.port = self._runner.addresses[0][1]
        return self

    async def stop(self) -> None:
        self._hang.set()
        if self._runner is not None:
            await self._runner.cleanup()

    async def __aenter__(self) -> WebhookReceiver:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()
