#!/usr/bin/env python3
"""End-to-end benchmark of the real pipeline on the real (local) Kafka broker.

    python bench/e2e.py --articles 20000

What it does (every run in its own namespace: app id, topic names, consumer group; all deleted
at the end, and every worker process stopped, also on Ctrl-C):

1. starts the local broker (scripts/kafka-local start) unless one answers already;
2. generates N synthetic ~2 KB articles (vocabulary-based prose; ~5 % alert-worthy with violent
   events and casualty counts; ~30 % near-copies of an earlier article from another source);
3. **baseline**: a bare aiokafka consume-and-produce passthrough (a separate process) copies the
   same N pre-loaded messages from a raw topic to a sink topic with the same partitions;
4. **saturation**: pre-loads the N messages, starts 1 (then 2) `newsalert worker` processes and
   measures the drain: articles/s from the first article consumed to the last article consumed or
   the last alert emitted (whichever is later); also the time until the group's committed lag on
   raw+classified is zero;
5. **latency sweep**: one worker, articles produced at fixed offered loads (e.g. 50, 100, 200/s
   and fractions of the measured capacity); latency = alert.emitted_at - article.ingested_at
   (ingested_at set by this script at produce time), p50/p95/p99 per offered load;
6. prints the figures and the ratio pipeline/baseline, writes bench/results/e2e-<time>.json and
   bench/results/e2e-<time>.png (latency percentiles against offered load).

Timing comes from polling each worker's /metrics (newsalert_articles_consumed_total) every
--poll seconds, and from the alerts topic (emitted_at). Everything runs on this machine: the
broker (Java), the worker(s) and this script share the cores.

Options: see --help. `--profile` runs the 1-worker saturation run under cProfile and prints the
top functions (the .prof file is kept in the results folder).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import platform
import random
import resource
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsalert.paths import broker_script
from newsalert.testing import Namespace, free_port
from streams.topics import GroupLag, broker_listening

ROOT = Path(__file__).resolve().parent.parent

console = Console(stderr=True, highlight=False)
LOGS: Path | None = None  # prefix of the copies of the worker logs (set by main)

# ============================================================================ articles

_SUBJ = [
    "The city council",
    "The central bank",
    "A regional airline",
    "The rowing club",
    "Local farmers",
    "The national orchestra",
    "A technology start-up",
    "The ministry of education",
    "Shoppers",
    "The university",
    "Researchers",
    "The port authority",
    "A supermarket chain",
    "The museum",
    "Commuters",
    "The energy regulator",
    "Organisers of the festival",
    "The chess federation",
    "A group of volunteers",
    "The weather service",
    "The parliament committee",
    "A carmaker",
    "The hospital trust",
    "Hotel owners",
    "The statistics office",
    "A publishing house",
]
_VERB = [
    "announced",
    "unveiled",
    "discussed",
    "approved",
    "postponed",
    "welcomed",
    "reviewed",
    "published",
    "celebrated",
    "presented",
    "proposed",
    "completed",
    "launched",
    "described",
    "expanded",
    "confirmed",
    "outlined",
    "endorsed",
    "questioned",
    "introduced",
]
_OBJ = [
    "a new budget for public libraries",
    "plans for a cycling lane along the river",
    "quarterly results that exceeded expectations",
    "a programme of summer concerts",
    "an updated timetable for regional trains",
    "the opening of a community garden",
    "a report on household savings",
    "a partnership with several primary schools",
    "new rules for electric scooters",
    "an exhibition of early photography",
    "a study of coastal bird populations",
    "lower interest rates on small loans",
    "a renovation of the old market hall",
    "a competition for young designers",
    "a forecast of mild weather for the weekend",
    "the results of a public consultation",
    "a fresh campaign to promote local tourism",
    "changes to the school calendar",
    "a plan to plant ten thousand trees",
    "higher wages for care workers",
    "a digital service for tax returns",
    "a merger of two regional banks",
    "a new line of affordable electric cars",
    "a festival of international cinema",
]
_TAIL = [
    "after months of debate",
    "on Tuesday",
    "in a statement",
    "to broad approval",
    "despite some reservations",
    "ahead of the holiday season",
    "at a press conference",
    "according to a spokeswoman",
    "following a long review",
    "with support from residents",
    "earlier this week",
    "in the capital",
    "for the third year running",
    "on its website",
]
_EXTRA = [
    "Officials said the change would take effect next month.",
    "Analysts expect demand to rise steadily over the coming year.",
    "Residents were invited to share their views online.",
    "The figures were broadly in line with forecasts.",
    "Several speakers praised the quality of the work.",
    "A spokesman said further details would follow in the spring.",
    "Tickets are expected to sell out within days.",
    "The project is funded by a mix of public and private money.",
    "Prices for fresh vegetables fell slightly in the last quarter.",
    "The board will meet again in early autumn to review progress.",
]
# ambiguous sentences: pass the classifier's cheap pre-test (so they take its slow path) but are
# not events; real feeds hold many of these (sport, business, politics metaphors)
_AMBIGUOUS = [
    "The home side beat their rivals two to one in a tense match on Saturday.",
    "The striker shot home twice in the second half.",
    "Shares of the company were hit hard after the profit warning.",
    "The minister came under fire from the opposition over the plan.",
    "Critics said the new tax would kill small businesses.",
    "The film, a thriller about a bomb plot, opens in cinemas next week.",
    "Firefighters held a training exercise at the old warehouse.",
    "The novel tells the story of a soldier returning from war.",
]
# background of violent reports (no sport/market/culture words: those make the classifier read
# violent words as figurative)
_BACKGROUND = [
    "Witnesses described scenes of panic as ambulances rushed to the area.",
    "Hospitals in the region appealed for blood donations.",
    "The authorities declared three days of mourning.",
    "Aid agencies said they were sending medical teams and supplies.",
    "Security was tightened across the province after the incident.",
    "Roads leading to the area were closed for several hours.",
    "Rescue workers searched through the rubble for survivors.",
    "The death toll could rise, a local official warned.",
    "Relatives gathered outside the main hospital waiting for news.",
    "The United Nations called for an independent investigation.",
    "Neighbouring governments sent messages of condolence.",
    "Photographs shared by residents showed damaged buildings and burnt vehicles.",
    "Emergency services said many of the wounded were in a serious condition.",
    "A curfew was imposed in the district overnight.",
    "Officials said the identities of the victims were still being established.",
]
_CITIES = [
    "Mogadishu",
    "Kabul",
    "Baghdad",
    "Lagos",
    "Karachi",
    "Damascus",
    "Aleppo",
    "Kharkiv",
    "Khartoum",
    "Mosul",
    "Peshawar",
    "Quetta",
    "Maiduguri",
    "Goma",
    "Bamako",
    "Sanaa",
    "Aden",
    "Tripoli",
    "Benghazi",
    "Kandahar",
    "Herat",
    "Homs",
    "Idlib",
    "Donetsk",
    "Odesa",
    "Juba",
    "Niamey",
    "Kano",
]
_VIOLENT = [
    (
        "Car bomb kills {n} at market in {city}",
        "A car bomb exploded at a crowded market in {city} on {day}, killing at least {n} people "
        "and wounding "
        "{m} others, police said.",
    ),
    (
        "Gunmen kill {n} in attack on bus near {city}",
        "Gunmen opened fire on a passenger bus near {city} on {day}, killing {n} people and wounding {m}, "
        "officials said.",
    ),
    (
        "Air strike kills {n} civilians near {city}",
        "An air strike hit a residential area near {city} on {day}, killing {n} civilians and injuring {m} "
        "others, local health officials said.",
    ),
    (
        "Shelling of {city} kills {n}",
        "Artillery shelling of {city} on {day} killed {n} people and wounded {m}, the regional "
        "governor said.",
    ),
    (
        "Earthquake kills {n} near {city}",
        "A powerful earthquake struck near {city} on {day}, killing at least {n} people and injuring {m}, "
        "rescue officials said.",
    ),
    (
        "Clashes near {city} leave {n} dead",
        "Heavy fighting between government troops and rebels near {city} on {day} left {n} fighters dead and "
        "{m} wounded, the army said.",
    ),
]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_SOURCES = [
    "Wire A",
    "Wire B",
    "Daily Courier",
    "Evening Post",
    "Metro News",
    "Global Desk",
    "City Herald",
    "Syndicate C",
    "Radio One",
    "The Observer Online",
    "Regional Times",
    "Press Agency D",
]


class Corpus:
    """Deterministic stream of synthetic articles (dicts without ingested_at)."""

    def __init__(
        self,
        seed: int = 7,
        size: int = 2000,
        alert_share: float = 0.05,
        dup_share: float = 0.30,
        ambiguous_share: float = 0.15,
        run_tag: str = "",
    ):
        self.rng = random.Random(seed)
        self.size = size
        self.alert_share = alert_share
        self.dup_share = dup_share
        self.ambiguous_share = ambiguous_share
        self.tag = run_tag
        self.i = 0
        self.recent: list[dict[str, Any]] = []  # originals that near-copies are made of
        self.base = datetime.now(UTC) - timedelta(days=7)
        r = self.rng
        self.pool = [
            f"{r.choice(_SUBJ)} {r.choice(_VERB)} {r.choice(_OBJ)} {r.choice(_TAIL)}." for _ in range(4000)
        ]
        self.pool += _EXTRA * 20

    def _body(self, lead: str | None, ambiguous: bool) -> str:
        r = self.rng
        pool = _BACKGROUND if lead else self.pool
        parts = [lead] if lead else []
        n = len(lead or "")
        amb_at = r.randint(1, 8) if ambiguous else -1
        while n < self.size:
            s = r.choice(_AMBIGUOUS) if len(parts) == amb_at else r.choice(pool)
            parts.append(s)
            n += len(s) + 1
        # paragraphs
        out, para = [], []
        for s in parts:
            para.append(s)
            if len(para) >= 4:
                out.append(" ".join(para))
                para = []
        if para:
            out.append(" ".join(para))
        return "\n\n".join(out)

    def _published(self) -> str:
        return (self.base + timedelta(seconds=10 * self.i)).isoformat()

    def next(self) -> dict[str, Any]:
        r = self.rng
        self.i += 1
        aid = f"b{self.tag}-{self.i}"
        if self.recent and r.random() < self.dup_share:
            orig = r.choice(self.recent[-300:])
            src = r.choice([s for s in _SOURCES if s != orig["source"]])
            sents = orig["body"].split(". ")
            # a light rewrite: one sentence dropped, a credit line added
            if len(sents) > 6:
                del sents[r.randint(2, len(sents) - 2)]
            body = ". ".join(sents) + f"\n\n(Reporting by {src} staff; editing by the {r.choice(_DAYS)} desk)"
            return {
                "id": aid,
                "source": src,
                "url": f"https://{src.lower().replace(' ', '')}.example.com/{aid}",
                "title": orig["title"],
                "body": body,
                "published_at": self._published(),
            }
        if r.random() < self.alert_share:
            tt, bt = r.choice(_VIOLENT)
            kw = {
                "n": r.randint(2, 60),
                "m": r.randint(3, 80),
                "city": r.choice(_CITIES),
                "day": r.choice(_DAYS),
            }
            title, lead = tt.format(**kw), bt.format(**kw)
            body = self._body(lead, ambiguous=False)
        else:
            title = r.choice(_OBJ).capitalize()
            body = self._body(None, ambiguous=r.random() < self.ambiguous_share)
        src = r.choice(_SOURCES)
        art = {
            "id": aid,
            "source": src,
            "url": f"https://{src.lower().replace(' ', '')}.example.com/{aid}",
            "title": title,
            "body": body,
            "published_at": self._published(),
        }
        self.recent.append(art)
        if len(self.recent) > 1000:
            del self.recent[:500]
        return art


def encode_prefix(art: dict[str, Any]) -> tuple[bytes, bytes]:
    """(key, JSON without its closing brace): add ingested_at at produce time cheaply."""
    return art["id"].encode(), json.dumps(art, ensure_ascii=False)[:-1].encode()


def stamp(prefix: bytes, when: float | None = None) -> bytes:
    ts = datetime.fromtimestamp(when if when is not None else time.time(), UTC).isoformat()
    return prefix + b', "ingested_at": "' + ts.encode() + b'"}'


# ============================================================================ namespace


class BenchNamespace(Namespace):
    """A namespace (newsalert.testing) whose workers each serve /metrics on a free port, plus a
    sink topic for the passthrough baseline."""

    def __init__(self, broker: str, tmp: Path, label: str, partitions: int, env_extra: dict[str, str]):
        run = uuid.uuid4().hex[:8]
        super().__init__(
            tmp / f"{label}-{run}",
            broker=broker,
            prefix="bench",
            raw_partitions=partitions,
            classified_partitions=partitions,
            delivery="partitions: 1, concurrency: 2",
            env_extra=env_extra,
            extra_topics=[(f"bench{run}.sink", partitions)],
            run_id=run,
        )

    def start_bench_worker(self, profile: Path | None = None) -> int:
        port = free_port()
        self.start_worker(metrics_port=port, loglevel="warning", profile=profile)
        return port

    def consumed(self) -> int | None:
        """Sum of newsalert_articles_consumed_total over the workers (None if one does not answer)."""
        total = 0
        for port in self.ports:
            try:
                # only the one metric: a full scrape 10 times a second would cost the worker CPU
                text = (
                    urllib.request.urlopen(
                        f"http://127.0.0.1:{port}/metrics?name[]=newsalert_articles_consumed_total", timeout=2
                    )
                    .read()
                    .decode()
                )
            except OSError:
                return None
            for line in text.splitlines():
                if line.startswith("newsalert_articles_consumed_total "):
                    total += int(float(line.split()[1]))
                    break
        return total


# ============================================================================ kafka helpers


class Producer:
    """aiokafka producer on its own event loop (kafka-python's producer manages only ~1,500
    2 KB messages/s on this kind of machine; aiokafka ~15,000-20,000/s)."""

    def __init__(self, broker: str):
        from aiokafka import AIOKafkaProducer

        self.loop = asyncio.new_event_loop()

        async def make():
            p = AIOKafkaProducer(
                bootstrap_servers=broker,
                acks="all",
                linger_ms=5,
                max_batch_size=256 * 1024,
                max_request_size=4 * 1024 * 1024,
            )
            await p.start()
            return p

        self.p = self.loop.run_until_complete(make())

    def send_all(self, topic: str, msgs: list[tuple[bytes, bytes]], rate: float | None = None) -> float:
        """Produce (key, prefix) messages, ingested_at = send time; at `rate`/s if given. Returns
        the wall time of the last send; waits for all acknowledgements."""

        async def run() -> float:
            futs = []
            start = time.perf_counter()
            for i, (k, pre) in enumerate(msgs):
                if rate:
                    d = start + i / rate - time.perf_counter()
                    if d > 0.0005:
                        await asyncio.sleep(d)
                futs.append(await self.p.send(topic, key=k, value=stamp(pre)))
            t_last = time.time()
            await asyncio.gather(*futs)
            return t_last

        return self.loop.run_until_complete(run())

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.loop.run_until_complete(self.p.stop())
        self.loop.close()


def preload(broker: str, topic: str, msgs: list[tuple[bytes, bytes]]) -> float:
    """Produce all messages (ingested_at = now); return the seconds it took."""
    p = Producer(broker)
    try:
        t0 = time.perf_counter()
        p.send_all(topic, msgs)
        return time.perf_counter() - t0
    finally:
        p.close()


def read_all(broker: str, topic: str, timeout: float = 30.0) -> list[Any]:
    """Every message of `topic` from the beginning to its current end (values)."""
    from kafka import KafkaConsumer, TopicPartition

    c = KafkaConsumer(
        bootstrap_servers=broker,
        group_id=None,
        enable_auto_commit=False,
        max_partition_fetch_bytes=8 * 1024 * 1024,
    )
    try:
        parts = c.partitions_for_topic(topic) or set()
        tps = [TopicPartition(topic, p) for p in parts]
        if not tps:
            return []
        c.assign(tps)
        c.seek_to_beginning(*tps)
        ends = c.end_offsets(tps)
        out: list[Any] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and any(c.position(tp) < ends[tp] for tp in tps):
            for recs in c.poll(timeout_ms=500).values():
                out.extend(r.value for r in recs)
        return out
    finally:
        c.close()


def proc_cpu(pid: int) -> float:
    """CPU seconds (user + system, all threads) a process has used so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def machine_busy() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine, from /proc/stat."""
    try:
        v = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0, 0.0
    idle = v[3] + (v[4] if len(v) > 4 else 0)
    return float(sum(v) - idle), float(sum(v))


def broker_pid() -> int | None:
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            with contextlib.suppress(OSError):
                cmd = (d / "cmdline").read_bytes()
                if b"java" in cmd and b"kafka.Kafka" in cmd:
                    return int(d.name)
    return None


class CpuMeter:
    """CPU used between start() and stop(), in cores: by the workers, the broker, this script,
    and everything else on the machine (other programs compete for the same cores)."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        self.broker = broker_pid()

    def _sample(self) -> tuple[float, float, float, float, float]:
        b, tot = machine_busy()
        return (
            time.time(),
            sum(proc_cpu(p) for p in self.pids),
            proc_cpu(self.broker) if self.broker else 0.0,
            proc_cpu(os.getpid()),
            b / os.sysconf("SC_CLK_TCK"),
        )

    def start(self) -> None:
        self.s0 = self._sample()

    def stop(self) -> dict[str, float]:
        t1, w1, b1, m1, busy1 = self._sample()
        t0, w0, b0, m0, busy0 = self.s0
        dt = max(1e-9, t1 - t0)
        w, b, me, busy = (w1 - w0) / dt, (b1 - b0) / dt, (m1 - m0) / dt, (busy1 - busy0) / dt
        return {
            "worker_cores_used": round(w, 2),
            "broker_cores_used": round(b, 2),
            "bench_cores_used": round(me, 2),
            "other_cores_used": round(max(0.0, busy - w - b - me), 2),
            "machine_cores_busy": round(busy, 2),
            "worker_cpu_ms_per_article": None,
        }


def ts(iso: str) -> float:
    return datetime.fromisoformat(iso).timestamp()


def pct(values: list[float], q: float) -> float | None:
    if not values:
        return None
    s = sorted(values)
    k = (len(s) - 1) * q
    lo = int(k)
    hi = min(lo + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


# ============================================================================ baseline


async def _passthrough(
    broker: str, src: str, dst: str, group: str, expected: int, timeout: float, linger_ms: int
) -> dict[str, Any]:
    from aiokafka import AIOKafkaConsumer, AIOKafkaProducer

    consumer = AIOKafkaConsumer(
        src,
        bootstrap_servers=broker,
        group_id=group,
        auto_offset_reset="earliest",
        enable_auto_commit=True,
        auto_commit_interval_ms=1000,
        max_partition_fetch_bytes=4 * 1024 * 1024,
        fetch_max_bytes=16 * 1024 * 1024,
    )
    producer = AIOKafkaProducer(
        bootstrap_servers=broker,
        acks="all",
        linger_ms=linger_ms,
        max_batch_size=256 * 1024,
        max_request_size=4 * 1024 * 1024,
    )
    await producer.start()
    await consumer.start()
    n = 0
    t_first = None
    deadline = time.monotonic() + timeout
    try:
        pending = []
        while n < expected and time.monotonic() < deadline:
            batches = await consumer.getmany(timeout_ms=200, max_records=2000)
            for tp, msgs in batches.items():
                for m in msgs:
                    if t_first is None:
                        t_first = time.time()
                    pending.append(await producer.send(dst, value=m.value, key=m.key, partition=tp.partition))
                    n += 1
            if len(pending) > 5000:
                await asyncio.gather(*pending)
                pending.clear()
        await asyncio.gather(*pending)
        t_last = time.time()
        await consumer.commit()
    finally:
        await consumer.stop()
        await producer.stop()
    return {"copied": n, "t_first": t_first, "t_last": t_last}


def passthrough_main(argv: list[str]) -> int:
    a = argparse.ArgumentParser()
    a.add_argument("--broker")
    a.add_argument("--src")
    a.add_argument("--dst")
    a.add_argument("--group")
    a.add_argument("--expected", type=int)
    a.add_argument("--timeout", type=float, default=300)
    a.add_argument("--linger-ms", type=int, default=5)
    o = a.parse_args(argv)
    res = asyncio.run(_passthrough(o.broker, o.src, o.dst, o.group, o.expected, o.timeout, o.linger_ms))
    print(json.dumps(res), flush=True)
    return 0


def run_baseline(
    broker: str, tmp: Path, partitions: int, msgs: list[tuple[bytes, bytes]], timeout: float
) -> dict:
    ns = BenchNamespace(broker, tmp, "baseline", partitions, {})
    try:
        load_s = preload(broker, ns.raw, msgs)
        console.log(
            f"baseline: {len(msgs)} messages pre-loaded in {load_s:.1f} s "
            f"({len(msgs) / load_s:,.0f}/s, aiokafka producer)"
        )
        ru0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "_passthrough",
                "--broker",
                broker,
                "--src",
                ns.raw,
                "--dst",
                f"{ns.ns}.sink",
                "--group",
                f"{ns.ns}-passthrough",
                "--expected",
                str(len(msgs)),
                "--timeout",
                str(timeout),
            ],
            capture_output=True,
            text=True,
            timeout=timeout + 60,
            cwd=ROOT,
        )
        if out.returncode != 0:
            raise RuntimeError(f"passthrough failed: {out.stderr[-2000:]}")
        ru1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        res = json.loads(out.stdout.strip().splitlines()[-1])
        res["process_cpu_seconds_incl_startup"] = round(
            ru1.ru_utime + ru1.ru_stime - ru0.ru_utime - ru0.ru_stime, 2
        )
        dur = res["t_last"] - res["t_first"]
        res.update(
            seconds=dur, rate=res["copied"] / dur if dur > 0 else None, preload_rate=len(msgs) / load_s
        )
        console.log(
            f"baseline passthrough: {res['copied']} copied in {dur:.2f} s = [bold]{res['rate']:,.0f}/s[/]"
        )
        return res
    finally:
        ns.close()


# ============================================================================ pipeline runs


def wait_started(ns: BenchNamespace, timeout: float, poll: float) -> float:
    """Wait for the first consumed article; return its (approximate) wall time."""
    deadline = time.monotonic() + timeout
    last = time.time()
    while time.monotonic() < deadline:
        ns.check_workers()
        c = ns.consumed()
        now = time.time()
        if c:
            return (last + now) / 2
        last = now
        time.sleep(poll)
    raise RuntimeError(f"no worker consumed anything after {timeout:.0f} s:\n{ns.logs()}")


def wait_consumed(ns: BenchNamespace, target: int, timeout: float, poll: float, label: str = "") -> float:
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    deadline = time.monotonic() + timeout
    with Progress(
        TextColumn(label or "drain"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[r]}"),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("d", total=target, r="")
        t0 = time.time()
        while time.monotonic() < deadline:
            ns.check_workers()
            c = ns.consumed() or 0
            bar.update(task, completed=c, r=f"{c / max(1e-9, time.time() - t0):,.0f}/s")
            if c >= target:
                return time.time()
            time.sleep(poll)
    raise RuntimeError(
        f"{label}: only {ns.consumed()} of {target} consumed after {timeout:.0f} s:\n{ns.logs()}"
    )


def wait_lag_zero(ns: BenchNamespace, timeout: float) -> float | None:
    topics = [
        (ns.settings.topics.raw, ns.settings.partitions.raw),
        (ns.settings.topics.classified, ns.settings.partitions.classified),
    ]
    lag = GroupLag(ns.settings)
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with contextlib.suppress(Exception):
                if sum(lag.lag(topics).values()) == 0:
                    return time.time()
            time.sleep(0.1)
        return None
    finally:
        lag.close()


def alerts_of(ns: BenchNamespace) -> list[dict[str, Any]]:
    return [json.loads(v) for v in read_all(ns.broker, ns.settings.topics.alerts)]


def run_saturation(
    broker: str,
    tmp: Path,
    partitions: int,
    msgs: list[tuple[bytes, bytes]],
    workers: int,
    env_extra: dict[str, str],
    poll: float,
    timeout: float,
    profile: Path | None,
) -> dict:
    ns = BenchNamespace(broker, tmp, f"sat{workers}", partitions, env_extra)
    try:
        load_s = preload(broker, ns.raw, msgs)
        console.log(
            f"{workers} worker(s): {len(msgs)} articles pre-loaded in {load_s:.1f} s; starting the worker(s)"
        )
        t_launch = time.time()
        for i in range(workers):
            ns.start_bench_worker(profile=profile if i == 0 else None)
        t0 = wait_started(ns, 90, 0.02)
        cpu = CpuMeter([p.pid for p in ns.workers])
        cpu.start()
        t_cons = wait_consumed(ns, len(msgs), timeout, poll, f"{workers} worker(s)")
        cpu_use = cpu.stop()
        t_lag0 = wait_lag_zero(ns, 60)
        alerts = alerts_of(ns)
        last_alert = max((ts(a["emitted_at"]) for a in alerts), default=t_cons)
        t_end = max(t_cons, last_alert)
        dur = t_end - t0
        res = {
            "workers": workers,
            "articles": len(msgs),
            "startup_seconds": t0 - t_launch,
            "seconds": dur,
            "rate": len(msgs) / dur,
            "seconds_to_committed_lag_zero": (t_lag0 - t0) if t_lag0 else None,
            "rate_to_committed_lag_zero": len(msgs) / (t_lag0 - t0) if t_lag0 else None,
            "alerts": len(alerts),
            **cpu_use,
        }
        res["worker_cpu_ms_per_article"] = round(
            cpu_use["worker_cores_used"] * (t_cons - t0) * 1000 / len(msgs), 3
        )
        console.log(
            f"{workers} worker(s): {len(msgs)} articles in {dur:.2f} s = [bold]{res['rate']:,.0f}/s[/] "
            f"({len(alerts)} alerts; committed lag 0 after "
            f"{res['seconds_to_committed_lag_zero'] or -1:.2f} s; "
            f"start-up {res['startup_seconds']:.1f} s; cores used: worker(s) "
            f"{cpu_use['worker_cores_used']:.2f}, "
            f"broker {cpu_use['broker_cores_used']:.2f}, other programs {cpu_use['other_cores_used']:.2f})"
        )
        return res
    finally:
        ns.close(LOGS)


def run_latency(
    broker: str,
    tmp: Path,
    partitions: int,
    corpus: Corpus,
    loads: list[float],
    step_seconds: float,
    env_extra: dict[str, str],
    poll: float,
    max_articles_step: int,
    fixed_rate: float = 200.0,
    fixed_seconds: float = 30.0,
) -> list[dict]:
    """One worker; for each offered load: produce at that rate for step_seconds, let it drain."""
    ns = BenchNamespace(broker, tmp, "latency", partitions, env_extra)
    producer = Producer(broker)
    try:
        ns.start_bench_worker()
        # warm-up: a few articles through every path, so start-up is not measured
        warm = [encode_prefix(corpus.next()) for _ in range(200)]
        producer.send_all(ns.raw, warm)
        wait_started(ns, 90, 0.05)
        sent = len(warm)
        wait_consumed(ns, sent, 120, poll, "warm-up")
        windows = []
        for rate in loads:
            secs = max(step_seconds, fixed_seconds) if rate == fixed_rate else step_seconds
            n = max(50, min(int(rate * secs), max_articles_step))
            batch = [encode_prefix(corpus.next()) for _ in range(n)]
            time.sleep(1.0)
            t_start = time.time()
            t_prod_end = producer.send_all(ns.raw, batch, rate)
            sent += n
            t_done = wait_consumed(ns, sent, 300, poll, f"{rate:,.0f}/s")
            achieved = n / (t_prod_end - t_start)
            windows.append(
                {
                    "offered": rate,
                    "achieved_offered": achieved,
                    "articles": n,
                    "t_start": t_start,
                    "t_end": t_prod_end,
                    "drain_after_produce": t_done - t_prod_end,
                }
            )
            console.log(
                f"latency step {rate:,.0f}/s: {n} articles produced at {achieved:,.0f}/s; "
                f"worker done {t_done - t_prod_end:.2f} s after the last one was produced"
            )
        wait_lag_zero(ns, 30)
        alerts = alerts_of(ns)
        for w in windows:
            lat = [
                ts(a["emitted_at"]) - ts(a["ingested_at"])
                for a in alerts
                if a.get("ingested_at") and w["t_start"] <= ts(a["ingested_at"]) <= w["t_end"] + 0.001
            ]
            w.update(
                alerts=len(lat),
                p50_ms=_ms(pct(lat, 0.5)),
                p95_ms=_ms(pct(lat, 0.95)),
                p99_ms=_ms(pct(lat, 0.99)),
                max_ms=_ms(max(lat) if lat else None),
                mean_ms=_ms(statistics.fmean(lat) if lat else None),
            )
        return windows
    finally:
        producer.close()
        ns.close(LOGS)


def _ms(x: float | None) -> float | None:
    return None if x is None else round(x * 1000, 1)


# ============================================================================ report


def machine() -> dict[str, Any]:
    cpu = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = None
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count()
    import aiokafka
    import faust
    import kafka

    return {
        "cores": usable,
        "cpu_count": os.cpu_count(),
        "cpu": cpu,
        "mem_gb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "faust": faust.__version__,
        "aiokafka": aiokafka.__version__,
        "kafka_python": kafka.__version__,
    }


def plot(path: Path, windows: list[dict], capacity: float | None, title: str) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = [w for w in windows if w.get("p50_ms") is not None]
    fig, ax = plt.subplots(figsize=(8, 5))
    x = [w["offered"] for w in pts]
    for key, style in (("p50_ms", "o-"), ("p95_ms", "s-"), ("p99_ms", "^-")):
        ax.plot(x, [w[key] for w in pts], style, label=key.replace("_ms", ""))
    ax.axhline(250, color="grey", linestyle="--", linewidth=1, label="p99 target 250 ms")
    if capacity:
        ax.axvline(
            capacity, color="red", linestyle=":", linewidth=1, label=f"drain capacity {capacity:,.0f}/s"
        )
    ax.set_yscale("log")
    ax.set_xlabel("offered load (articles/s)")
    ax.set_ylabel("ingested_at -> alert emitted (ms)")
    ax.set_title(title, fontsize=10)
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ============================================================================ main


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "_passthrough":
        return passthrough_main(sys.argv[2:])
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--articles", type=int, default=20000, help="articles of the throughput runs (default 20000)"
    )
    ap.add_argument("--partitions", type=int, default=4, help="partitions of raw and classified (default 4)")
    ap.add_argument("--workers", default="1,2", help="worker counts of the saturation runs (default 1,2)")
    ap.add_argument("--rate", type=float, default=200.0, help="the fixed offered load of the latency target")
    ap.add_argument(
        "--loads",
        default="50,100,200,400",
        help="offered loads (articles/s) of the latency sweep; the sweep also runs at 50/75/90/100%% "
        "of the measured 1-worker capacity (default 50,100,200,400)",
    )
    ap.add_argument(
        "--step-seconds", type=float, default=15.0, help="duration of each latency step (default 15)"
    )
    ap.add_argument(
        "--rate-seconds",
        type=float,
        default=30.0,
        help="duration of the step at --rate (default 30: more alerts for its p99)",
    )
    ap.add_argument("--skip-baseline", action="store_true")
    ap.add_argument("--skip-latency", action="store_true")
    ap.add_argument("--profile", action="store_true", help="run the 1-worker saturation run under cProfile")
    ap.add_argument(
        "--stream-buffer-maxsize", type=int, help="NEWSALERT_STREAM_BUFFER_MAXSIZE for the workers"
    )
    ap.add_argument("--commit-interval", type=float, help="NEWSALERT_COMMIT_INTERVAL for the workers")
    ap.add_argument("--poll", type=float, default=0.1, help="seconds between /metrics polls (default 0.1)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--broker", default=os.environ.get("NEWSALERT_KAFKA_BROKER", "127.0.0.1:9092"))
    ap.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "results",
        help="folder for the JSON, PNG and worker logs",
    )
    args = ap.parse_args()
    if str(args.out) == "-":
        ap.error("--out is a folder (it gets JSON, a PNG and worker logs), not - for stdout")
    logging.basicConfig(level=logging.WARNING)
    # NotLeaderForPartition retries right after a topic is created are expected: keep them quiet
    logging.getLogger("aiokafka").setLevel(logging.ERROR)
    logging.getLogger("kafka").setLevel(logging.ERROR)

    env_extra: dict[str, str] = {}
    if args.stream_buffer_maxsize:
        env_extra["NEWSALERT_STREAM_BUFFER_MAXSIZE"] = str(args.stream_buffer_maxsize)
    if args.commit_interval:
        env_extra["NEWSALERT_COMMIT_INTERVAL"] = str(args.commit_interval)

    if not broker_listening(args.broker, timeout=1):
        host = args.broker.split(":")[0]
        if host not in ("127.0.0.1", "localhost"):
            console.print(f"no broker answers at {args.broker}")
            return 2
        console.log("starting the local broker (scripts/kafka-local start)")
        if subprocess.run(["bash", str(broker_script()), "start"], check=False).returncode != 0:
            return 2

    args.out.mkdir(parents=True, exist_ok=True)
    stamp_s = datetime.now().strftime("%Y%m%d-%H%M%S")
    mach = machine()
    global LOGS
    LOGS = args.out / f"e2e-{stamp_s}"
    console.log(
        f"machine: {mach['cores']} cores ({mach['cpu']}), Python {mach['python']}, faust {mach['faust']}, "
        f"aiokafka {mach['aiokafka']}"
    )

    corpus = Corpus(seed=args.seed, run_tag=uuid.uuid4().hex[:6])
    t = time.perf_counter()
    msgs = [encode_prefix(corpus.next()) for _ in range(args.articles)]
    avg = statistics.fmean(len(p) for _, p in msgs)
    console.log(f"generated {len(msgs)} articles (mean {avg:,.0f} bytes) in {time.perf_counter() - t:.1f} s")

    result: dict[str, Any] = {
        "started": datetime.now(UTC).isoformat(),
        "machine": mach,
        "args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
        "env": env_extra,
        "mean_message_bytes": round(avg),
    }
    prof = args.out / f"e2e-{stamp_s}-worker.prof" if args.profile else None
    timeout = max(300.0, args.articles / 50)
    interrupted = False

    def on_term(signum, frame):  # make SIGTERM behave like Ctrl-C: clean up, then exit
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_term)
    with tempfile.TemporaryDirectory(prefix="newsalert-e2e-") as tmpd:
        tmp = Path(tmpd)
        try:
            if not args.skip_baseline:
                result["baseline"] = run_baseline(args.broker, tmp, args.partitions, msgs, timeout)
            result["pipeline"] = []
            for w in [int(x) for x in args.workers.split(",") if x.strip()]:
                result["pipeline"].append(
                    run_saturation(
                        args.broker,
                        tmp,
                        args.partitions,
                        msgs,
                        w,
                        env_extra,
                        args.poll,
                        timeout,
                        prof if w == 1 else None,
                    )
                )
            cap1 = next((r["rate"] for r in result["pipeline"] if r["workers"] == 1), None)
            if not args.skip_latency:
                loads = sorted({float(x) for x in args.loads.split(",") if x.strip()} | {args.rate})
                if cap1:
                    loads = sorted(set(loads) | {round(cap1 * f) for f in (0.5, 0.75, 0.9, 1.0)})
                result["latency"] = run_latency(
                    args.broker,
                    tmp,
                    args.partitions,
                    corpus,
                    loads,
                    args.step_seconds,
                    env_extra,
                    args.poll,
                    max_articles_step=int(args.articles),
                    fixed_rate=args.rate,
                    fixed_seconds=args.rate_seconds,
                )
        except KeyboardInterrupt:
            interrupted = True
            console.log("[red]interrupted: cleaning up[/]")
    result["finished"] = datetime.now(UTC).isoformat()
    result["interrupted"] = interrupted
    summarize(result, args, stamp_s, prof)
    return 130 if interrupted else 0


def summarize(result: dict, args: argparse.Namespace, stamp_s: str, prof: Path | None) -> None:
    base = (result.get("baseline") or {}).get("rate")
    pipes = {r["workers"]: r for r in result.get("pipeline", [])}
    lat = result.get("latency") or []
    cap1 = pipes.get(1, {}).get("rate")
    fixed = next((w for w in lat if w["offered"] == args.rate), None)
    sat = max(
        (w for w in lat if cap1 and w["offered"] <= round(cap1)), key=lambda w: w["offered"], default=None
    )
    result["summary"] = {
        "cores": result["machine"]["cores"],
        "baseline_rate": base,
        "pipeline_rate": {w: r["rate"] for w, r in pipes.items()},
        "ratio_pipeline_baseline": {w: (r["rate"] / base if base else None) for w, r in pipes.items()},
        "latency_at_fixed": fixed
        and {k: fixed[k] for k in ("offered", "p50_ms", "p95_ms", "p99_ms", "alerts")},
        "latency_at_saturation": sat
        and {k: sat[k] for k in ("offered", "p50_ms", "p95_ms", "p99_ms", "alerts")},
        "targets": {
            "ratio_ge_0.5": bool(base and cap1 and cap1 / base >= 0.5),
            "rate_per_worker_ge_2000": bool(cap1 and cap1 >= 2000),
            "p99_le_250ms_at_fixed": bool(fixed and fixed["p99_ms"] is not None and fixed["p99_ms"] <= 250),
        },
    }
    out_json = args.out / f"e2e-{stamp_s}.json"
    out_png = args.out / f"e2e-{stamp_s}.png"
    out_json.write_text(json.dumps(result, indent=2))
    if lat:
        with contextlib.suppress(Exception):
            plot(
                out_png,
                lat,
                cap1,
                f"newsalert e2e, 1 worker, {result['machine']['cores']} cores, "
                f"{result.get('mean_message_bytes')} B articles",
            )

    t = Table(title=f"newsalert end-to-end ({result['machine']['cores']} cores, {result['machine']['cpu']})")
    t.add_column("run")
    t.add_column("articles/s", justify="right")
    t.add_column("vs baseline", justify="right")
    t.add_column("notes")
    if base:
        b = result["baseline"]
        t.add_row(
            "baseline: aiokafka passthrough",
            f"{base:,.0f}",
            "1.00",
            f"{b['copied']} msgs in {b['seconds']:.2f} s",
        )
    for w, r in pipes.items():
        lag0 = r.get("rate_to_committed_lag_zero")
        t.add_row(
            f"pipeline, {w} worker(s)",
            f"{r['rate']:,.0f}",
            f"{r['rate'] / base:.2f}" if base else "-",
            f"{r['alerts']} alerts; to committed lag 0: {lag0 or 0:,.0f}/s; cores: worker(s) "
            f"{r.get('worker_cores_used', 0):.2f}, broker {r.get('broker_cores_used', 0):.2f}, "
            f"other programs {r.get('other_cores_used', 0):.2f}",
        )
    console.print(t)
    if lat:
        t = Table(title="latency ingested_at -> alert emitted (1 worker)")
        for c in (
            "offered/s",
            "achieved/s",
            "alerts",
            "p50 ms",
            "p95 ms",
            "p99 ms",
            "max ms",
            "drain after (s)",
        ):
            t.add_column(c, justify="right")
        for w in lat:
            t.add_row(
                f"{w['offered']:,.0f}",
                f"{w['achieved_offered']:,.0f}",
                str(w["alerts"]),
                *(
                    f"{w[k]:,.1f}" if w[k] is not None else "-"
                    for k in ("p50_ms", "p95_ms", "p99_ms", "max_ms")
                ),
                f"{w['drain_after_produce']:.2f}",
            )
        console.print(t)
    s = result["summary"]
    console.print(
        f"targets: ratio >= 0.5: {s['targets']['ratio_ge_0.5']}; >= 2,000/s per worker: "
        f"{s['targets']['rate_per_worker_ge_2000']}; p99 <= 250 ms at {args.rate:.0f}/s: "
        f"{s['targets']['p99_le_250ms_at_fixed']}"
    )
    console.print(f"wrote {out_json}" + (f" and {out_png}" if lat else ""))
    if prof and prof.exists():
        import pstats

        console.print(f"profile of the 1-worker run: {prof}")
        pstats.Stats(str(prof)).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    sys.exit(main())
