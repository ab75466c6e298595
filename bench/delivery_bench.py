"""Delivery throughput and latency to a local webhook receiver (prints figures, no asserts).

    python bench/delivery_bench.py [--n 5000] [--concurrency 1,16,64] [--no-verify]

The receiver (aiohttp, 127.0.0.1, verifies Standard Webhooks signatures unless --no-verify)
runs in a separate process; the sender is alerts.delivery.deliver() through the real
WebhookChannel (signing, SSRF-guard off because the target is loopback, retries armed).
Latency = one deliver() call, measured by the sender.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import multiprocessing as mp
import statistics
import time

SECRET = "whsec_" + base64.b64encode(b"bench-key-bench-key-bench-key-!!").decode()


def _receiver(port_q: mp.Queue, verify_sigs: bool) -> None:
    from aiohttp import web

    from alerts.channels.webhook import verify

    async def handle(request: web.Request) -> web.Response:
        body = await request.read()
        if verify_sigs and not verify(SECRET, request.headers, body):
            return web.Response(status=401)
        return web.Response(status=204)

    async def main() -> None:
        app = web.Application()
        app.router.add_post("/hook", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=1024)
        await site.start()
        port_q.put(site._server.sockets[0].getsockname()[1])  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(main())


async def run(url: str, n: int, concurrency: int) -> dict[str, float]:
    from pydantic import SecretStr

    from alerts.channels.base import build_channel
    from alerts.channels.webhook import WebhookConfig
    from alerts.delivery import DeliveryPolicy, deliver
    from alerts.routing import Delivery
    from alerts.subscriptions import Subscription
    from alerts.testing import sample_alert

    sub = Subscription(
        name="bench",
        channel=WebhookConfig(url=url, secrets=[SecretStr(SECRET)], allow_private=True, timeout=10),
    )
    deliveries = [Delivery.for_alert(sample_alert(f"b{i}"), sub) for i in range(n)]
    policy = DeliveryPolicy(initial=0.05, max_attempts=3)
    lat: list[float] = []
    failed = 0
    sem = asyncio.Semaphore(concurrency)
    async with build_channel(sub) as ch:
        await deliver(ch, deliveries[0], policy)  # warm-up: connection pool, imports

        async def one(d: Delivery) -> None:
            nonlocal failed
            async with sem:
                t = time.perf_counter()
                out = await deliver(ch, d, policy)
                lat.append(time.perf_counter() - t)
                failed += not out.ok

        t0 = time.perf_counter()
        await asyncio.gather(*(one(d) for d in deliveries))
        wall = time.perf_counter() - t0
    q = statistics.quantiles(lat, n=100)
    return {
        "n": n,
        "concurrency": concurrency,
        "per_s": n / wall,
        "p50_ms": q[49] * 1000,
        "p99_ms": q[98] * 1000,
        "failed": failed,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--concurrency", default="1,16,64")
    ap.add_argument("--no-verify", action="store_true")
    args = ap.parse_args()
    ctx = mp.get_context("spawn")
    q: mp.Queue = ctx.Queue()
    proc = ctx.Process(target=_receiver, args=(q, not args.no_verify), daemon=True)
    proc.start()
    try:
        port = q.get(timeout=30)
        url = f"http://127.0.0.1:{port}/hook"
        print(f"webhook delivery bench -> {url} (signature check: {not args.no_verify})")
        print(f"{'concurrency':>11} {'n':>6} {'deliveries/s':>13} {'p50 ms':>8} {'p99 ms':>8} {'failed':>6}")
        for c in (int(x) for x in args.concurrency.split(",")):
            r = asyncio.run(run(url, args.n, c))
            print(
                f"{c:>11} {r['n']:>6} {r['per_s']:>13.0f} {r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} "
                f"{r['failed']:>6}"
            )
    finally:
        proc.terminate()
        proc.join(5)


if __name__ == "__main__":
    main()
