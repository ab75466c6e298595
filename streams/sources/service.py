"""The long-running processes of the sources: the poller (with its /status and /metrics) and the
ingest endpoint, each an aiohttp app on one port, stopped cleanly by SIGINT or SIGTERM."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Awaitable, Callable

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest

from streams.sources.poller import Poller
from streams.sources.state import PollResult

log = logging.getLogger(__name__)


def status_app(poller: Poller) -> web.Application:
    """GET /status (each feed's health as JSON), /metrics and /healthz of a running poller."""

    async def status(request: web.Request) -> web.Response:
        return web.json_response({"feeds": poller.status(), "seen": len(poller.seen)})

    async def metrics(request: web.Request) -> web.Response:
        return web.Response(body=generate_latest(REGISTRY), headers={"Content-Type": CONTENT_TYPE_LATEST})

    async def healthz(request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_get("/status", status)
    app.router.add_get("/metrics", metrics)
    app.router.add_get("/healthz", healthz)
    return app


async def start_site(app: web.Application, host: str, port: int) -> web.AppRunner:
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def stop_on_signals(stop: asyncio.Event) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)


async def run_poller(
    poller: Poller,
    *,
    once: bool = False,
    host: str = "127.0.0.1",
    port: int = 0,
    on_result: Callable[[PollResult], object] | None = None,
    ready: Callable[[], object] | None = None,
) -> list[PollResult]:
    """Poll until stopped (or every feed once, with `once`); serve /status and /metrics on `port`."""
    async with poller:
        runner = await start_site(status_app(poller), host, port) if port else None
        try:
            if ready:
                ready()
            if once:
                results = await poller.poll_once()
                for r in results:
                    if on_result:
                        on_result(r)
                return results
            stop = asyncio.Event()
            stop_on_signals(stop)
            await poller.run(stop, on_result)
            return []
        finally:
            if runner is not None:
                await runner.cleanup()


async def serve_app(
    app: web.Application, host: str, port: int, ready: Callable[[], Awaitable[None] | None]
) -> None:
    """Serve `app` until SIGINT or SIGTERM."""
    runner = await start_site(app, host, port)
    try:
        ready()
        stop = asyncio.Event()
        stop_on_signals(stop)
        await stop.wait()
    finally:
        await runner.cleanup()
