"""The scenarios: real workers, a real broker, faults injected, and the checks of newsalert.chaos.checks.

Each scenario takes a Namespace (or a factory of them, or a folder when it runs a broker of its own)
and returns a Result. None of them raises on a failed check: the caller decides (the tests assert
`result.ok`, the bench tabulates). They raise only when the run itself could not be made (the broker
did not start, the pipeline never caught up).
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import os
import random
import shutil
import signal
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsalert.chaos.checks import (
    Result,
    check_alerts,
    check_deliveries,
    check_stored_alerts,
    check_stories,
    held_reports,
    stored_stories,
)
from newsalert.chaos.corpus import (
    Event,
    apart_in_order,
    expected_alerts,
    interleave,
    key_of,
    make_filler,
    malformed,
    stable_events,
)
from newsalert.chaos.infra import LocalBroker, SwitchableReceiver, log_lines, metric_sum, scrape
from newsalert.testing import Namespace, free_port
from streams.models import DeadLetter
from streams.topics import read_from_start
from streams.validate import REASONS, parse_article

FAST_COMMITS = {"NEWSALERT_COMMIT_INTERVAL": "0.5"}
FAR_FUTURE = "2099-06-01T12:00:00+00:00"


def send(ns: Namespace, records: list[dict[str, Any]]) -> None:
    """Produce articles to the raw topic as fast as the producer goes, each keyed by its event."""
    for r in records:
        ns.producer.send(ns.raw, key=key_of(r), value=json.dumps(r).encode())
    ns.producer.flush()


def jsonl_deliveries(ns: Namespace) -> list[dict[str, Any]]:
    if not ns.alerts_file.exists():
        return []
    return [json.loads(line) for line in ns.alerts_file.read_text().splitlines() if line.strip()]


def tracebacks(ns: Namespace) -> list[str]:
    return [line for line in log_lines(ns) if "Traceback" in line]


def drain(ns: Namespace, res: Result, timeout: float = 180.0, what: str = "") -> bool:
    """Wait until the group has committed everything; a pipeline that does not catch up is a failed
    check (with the lag per partition), not an exception, so the other checks still run."""
    t0 = time.monotonic()
    try:
        ns.lag().wait_drained(timeout, settle=2.0, check=ns.check_workers)
    except TimeoutError as e:
        res.check(f"pipeline caught up{what}", False, f"{e} (stalled: no progress on those partitions)")
        # each live worker writes its threads' and asyncio tasks' stacks to its log (mode's
        # SIGUSR1): where a stalled stage waits
        for w in _live(ns.workers):
            w.send_signal(signal.SIGUSR1)
        time.sleep(2.0)
        return False
    res.details.setdefault("drain_s", []).append(round(time.monotonic() - t0, 1))
    return True


def _live(procs: list[Any]) -> list[Any]:
    return [p for p in procs if p.poll() is None]


# ----------------------------------------------------------------------------- a. bad input


def bad_input_flood(ns: Namespace, per_kind: int = 3, good: int = 20) -> Result:
    """`per_kind` messages of every malformed kind (newsalert.chaos.corpus.MALFORMED) among `good`
    valid articles, to one worker: each bad one dead-lettered once with a reason, the metric equal
    to the dead-letter topic, the worker alive and without a traceback."""
    t0 = time.monotonic()
    bad = malformed(per_kind)
    res = Result(
        "bad input", faults=len(bad), fault_kind=f"malformed messages ({len(bad) // per_kind} kinds)"
    )
    port = free_port()
    worker = ns.start_worker(metrics_port=port)
    ns.wait_ready()
    goods = make_filler(good, tag="good-")
    every = max(1, len(bad) // max(1, good))
    sent = 0
    for i, (_, key, value) in enumerate(bad):
        ns.producer.send(ns.raw, key=key, value=value)
        if i % every == 0 and sent < len(goods):
            ns.producer.send(ns.raw, key=key_of(goods[sent]), value=json.dumps(goods[sent]).encode())
            sent += 1
    send(ns, goods[sent:])
    drain(ns, res)
    dls = [(m.key, json.loads(m.value)) for m in read_from_start(ns.broker, ns.settings.topics.dead_letter)]
    by_key = Counter(k for k, _ in dls)
    reasons = {k: d.get("reason") for k, d in dls}
    missing = [k.decode() for _, k, _ in bad if by_key[k] == 0]
    twice = sum(by_key[k] - 1 for _, k, _ in bad if by_key[k] > 1)
    no_reason = [k.decode() for _, k, _ in bad if by_key[k] and reasons[k] not in REASONS]
    res.check(
        "every malformed message dead-lettered, with a reason",
        not missing and not no_reason,
        f"{len(missing)} of {len(bad)} missing ({missing[:5]}), {len(no_reason)} without a known reason"
        if missing or no_reason
        else f"{len(bad)} of {len(bad)}",
    )
    res.check("no message dead-lettered twice", twice == 0, f"{twice} extra dead letters")
    good_keys = {key_of(g) for g in goods}
    res.check(
        "no valid article dead-lettered",
        not good_keys & set(by_key),
        f"{len(good_keys & set(by_key))} of {len(goods)}",
    )
    samples = scrape(port)
    invalid = metric_sum(samples, "newsalert_articles_invalid_total")
    consumed = metric_sum(samples, "newsalert_articles_consumed_total")
    res.check(
        "newsalert_articles_invalid_total == dead letters on the topic",
        invalid == len(dls),
        f"metric {invalid:.0f}, topic {len(dls)}",
    )
    res.check(
        "newsalert_articles_consumed_total == messages produced",
        consumed == len(bad) + len(goods),
        f"metric {consumed:.0f}, produced {len(bad) + len(goods)}",
    )
    res.check(
        "the worker never restarted",
        worker.poll() is None and len(ns.workers) == 1,
        f"pid {worker.pid} {'alive' if worker.poll() is None else f'exited {worker.returncode}'}",
    )
    tb = tracebacks(ns)
    res.check("no Traceback in the worker log", not tb, f"{len(tb)} tracebacks" if tb else "none")
    # which reason each kind got, against the pure validator (information, not a check)
    local = {}
    for kind, _, value in bad[: len(bad) // per_kind]:
        d = parse_article(value)
        local[kind] = d.reason if isinstance(d, DeadLetter) else "accepted"
    got = {k.decode().split(":")[1]: r for k, r in reasons.items() if k and k.startswith(b"bad:")}
    res.details["reasons"] = dict(Counter(str(r) for r in reasons.values()))
    res.details["reason_differs_from_validator"] = {
        k: (local[k], got.get(k)) for k in local if got.get(k) != local[k]
    }
    res.losses, res.duplicates = len(missing), twice
    res.seconds = time.monotonic() - t0
    return res


# ----------------------------------------------------------------------------- b. SIGKILL storm


def kill_storm(
    ns: Namespace,
    events: int = 300,
    filler: int = 1000,
    kills: int = 5,
    workers: int = 2,
    seed: int = 1,
    gap: tuple[float, float] = (0.5, 3.0),
    timeout: float = 180.0,
    module: str = "newsalert",
) -> Result:
    """Distinct events (1-4 reports each) and filler produced in `kills` + 1 bursts; after each burst
    but the last, a random live worker is SIGKILLed after a random pause and a new one started.
    kills=0 is the control run: the same input without faults. `module`: the workers' `python -m`
    module (an instrumented worker, to find out why a check fails)."""
    t0 = time.monotonic()
    rng = random.Random(seed)
    evs, records, expected = apart_in_order(
        stable_events(events, seed=seed), make_filler(filler, seed=seed + 1), seed + 2, ns.settings
    )
    res = Result("SIGKILL storm", faults=kills, fault_kind=f"SIGKILL of 1 of {workers} workers")
    for _ in range(workers):
        ns.start_worker(module=module)
    ns.wait_ready()
    size = math.ceil(len(records) / (kills + 1))
    timeline = []
    for i in range(kills + 1):
        send(ns, records[i * size : (i + 1) * size])
        if i == kills:
            break
        time.sleep(rng.uniform(*gap))
        victim = rng.choice(_live(ns.workers))
        ns.kill(victim)
        ns.start_worker(module=module)
        timeline.append(f"{time.monotonic() - t0:.1f}s kill {victim.pid}")
    drain(ns, res, timeout, " after the kills")
    alerts = ns.alerts()
    changelog = read_from_start(ns.broker, f"{ns.settings.app_id}-stories-changelog", 2.0)
    stories = stored_stories((m.key, m.value) for m in changelog)
    stored = held_reports(stories)
    check_stories(res, stored, (str(r["id"]) for e in evs for r in e.reports))
    check_stored_alerts(res, stories, alerts)
    check_alerts(res, alerts, expected, stored)
    check_deliveries(res, alerts, jsonl_deliveries(ns), ["file-all"], "jsonl")
    res.details.update(
        events=len(evs), reports=sum(len(e.reports) for e in evs), articles=len(records),
        kills=timeline, worker_processes=len(ns.workers), tracebacks=len(tracebacks(ns)),
    )  # fmt: skip
    res.seconds = time.monotonic() - t0
    return res


# ----------------------------------------------------------------------------- c. broker outage


def broker_outage(
    folder: Path,
    outage: float = 20.0,
    events: int = 20,
    filler: int = 200,
    max_lines: int = 20,
    seed: int = 5,
    settle: float = 5.0,
) -> Result:
    """A broker of its own, stopped for `outage` s under a running worker, then started again:
    at most `max_lines` log lines during and about the outage, the worker resumes by itself (same
    process) and nothing produced before the outage is lost."""
    t0 = time.monotonic()
    res = Result("broker outage", faults=1, fault_kind=f"broker stopped {outage:.0f} s")
    broker = LocalBroker(folder / "broker")
    res.details["broker_start_s"] = round(broker.start(), 1)
    ns = Namespace(folder / "ns", broker=broker.address, env_extra=FAST_COMMITS, prefix="o")
    try:
        evs = stable_events(2 * events, seed=seed, tag="ob")
        before = interleave(evs[:events], make_filler(filler, seed=seed, tag="fb"), seed=seed)
        after = interleave(evs[events:], make_filler(filler, seed=seed + 1, tag="fa"), seed=seed + 1)
        in_flight = make_filler(filler, seed=seed + 2, tag="fi")
        probe = make_filler(3, seed=seed + 3, tag="probe")
        expected = expected_alerts(before + after, ns.settings)
        port = free_port()
        worker = ns.start_worker(metrics_port=port)
        ns.wait_ready()
        send(ns, before)
        drain(ns, res, what=" before the outage")
        send(ns, in_flight)  # produced just before the stop: some are read before, the rest after
        mark = len(log_lines(ns))
        res.details["broker_stop_s"] = round(broker.stop(), 1)
        down = time.monotonic()
        died = None
        while time.monotonic() - down < outage:
            if worker.poll() is not None and died is None:
                died = time.monotonic() - down
            time.sleep(0.5)
        res.details["broker_restart_s"] = round(broker.start(), 1)
        up = time.monotonic()
        send(ns, probe)
        drain(ns, res, what=" after the outage")
        res.details["resumed_after_s"] = round(time.monotonic() - up, 1)
        res.details["outage_s"] = round(up - down, 1)
        time.sleep(settle)
        lines = log_lines(ns)[mark:]
        res.check(
            f"at most {max_lines} log lines during and about the outage",
            len(lines) <= max_lines,
            f"{len(lines)} lines in {time.monotonic() - down:.0f} s",
        )
        res.details["outage_log"] = [line[:240] for line in lines[:40]]
        send(ns, after)
        drain(ns, res, what=" at the end")
        res.check(
            "the worker resumed by itself (same process)",
            died is None and worker.poll() is None and len(ns.workers) == 1,
            f"pid {worker.pid} " + (f"died {died:.0f} s into the outage" if died is not None else "alive"),
        )
        consumed = metric_sum(scrape(port), "newsalert_articles_consumed_total")
        produced = len(before) + len(in_flight) + len(probe) + len(after)
        res.check(
            "every message produced was consumed",
            consumed >= produced,
            f"consumed {consumed:.0f} (metric), produced {produced}",
        )
        alerts = ns.alerts()
        check_alerts(res, alerts, expected)
        check_deliveries(res, alerts, jsonl_deliveries(ns), ["file-all"], "jsonl")
        tb = tracebacks(ns)
        res.check("no Traceback in the worker log", not tb, f"{len(tb)} tracebacks" if tb else "none")
    finally:
        try:
            ns.close()
        finally:
            broker.remove()
    res.seconds = time.monotonic() - t0
    return res


# ----------------------------------------------------------------------------- d. webhook outage


async def webhook_outage(
    make: Callable[..., Namespace],
    outage: float = 10.0,
    events: int = 20,
    seed: int = 7,
    retry: str | None = None,
) -> Result:
    """A signed webhook subscription to a local receiver that is switched off (connections refused)
    for `outage` s while alerts keep coming, then on again: every alert delivered, every signature
    valid, no (story, version, subscription) under two keys. `retry`: the subscriptions file's
    `delivery.retry` (YAML flow mapping); default the project's policy."""
    t0 = time.monotonic()
    res = Result("webhook outage", faults=1, fault_kind=f"receiver down {outage:.0f} s")
    secret = "whsec_" + base64.b64encode(os.urandom(32)).decode()
    secrets = Path(tempfile.mkdtemp(prefix="chaos-whsec-"))
    (secrets / "hook.secret").write_text(secret)
    rx = SwitchableReceiver(secrets=[secret])
    await rx.start()
    try:
        subs = (
            "  - name: hook\n"
            f"    channel: {{type: webhook, url: '{rx.url}', allow_private: true, timeout: 5,\n"
            f"              connect_timeout: 2, secrets_file: '{secrets / 'hook.secret'}'}}\n"
            "    min_severity: alert\n"
        )
        ns = make(subscriptions=subs, delivery="partitions: 2" + (f", retry: {retry}" if retry else ""))
        evs = stable_events(2 * events, seed=seed, tag="wh")
        before = interleave(evs[:events], [], seed=seed)
        during = interleave(evs[events:], [], seed=seed + 1)
        expected = expected_alerts(before + during, ns.settings)
        ns.start_worker()
        await asyncio.to_thread(ns.wait_ready)
        await asyncio.to_thread(send, ns, before)
        await asyncio.to_thread(drain, ns, res, 180.0, " before the outage")
        await rx.off()
        await asyncio.to_thread(send, ns, during)
        await asyncio.sleep(outage)
        await rx.on()
        await asyncio.to_thread(drain, ns, res, 180.0, " after the outage")
        alerts = await asyncio.to_thread(ns.alerts)
        check_alerts(res, alerts, expected)
        check_deliveries(res, alerts, rx.deliveries(), ["hook"], "webhook")
        check_deliveries(res, alerts, jsonl_deliveries(ns), ["file-all"], "jsonl")
        unsigned = [a.webhook_id for a in rx.attempts if not a.signature_ok]
        res.check(
            "every webhook signature valid", not unsigned, f"{len(unsigned)} of {len(rx.attempts)} invalid"
        )
        dead = await asyncio.to_thread(
            lambda: list(read_from_start(ns.broker, ns.settings.topics.deliveries_dead_letter))
        )
        res.check("no delivery dead-lettered", not dead, f"{len(dead)} dead letters")
        failed = sum(1 for line in log_lines(ns) if "attempt" in line and "failed" in line)
        res.details.update(attempts=len(rx.attempts), failed_attempts_logged=failed)
    finally:
        await rx.stop()
        shutil.rmtree(secrets, ignore_errors=True)
    res.seconds = time.monotonic() - t0
    return res


# ----------------------------------------------------------------------------- e. far future


def far_future(ns: Namespace, events: int = 10, filler: int = 100, seed: int = 9) -> Result:
    """Events of one family (so one classified partition: one story index) with two reports each;
    then one article published in 2099 (another event of that family); then each event's third
    report. The 2099 article must change no story, and the third reports must confirm the
    ongoing stories (v2), not open new ones (a second "new" alert)."""
    t0 = time.monotonic()
    res = Result("far-future article", faults=1, fault_kind=f"article published {FAR_FUTURE[:10]}")
    evs = stable_events(events + 1, seed=seed, tag="ff", families=("explosive",), sources=(3, 3))
    future = dict(evs[-1].reports[0], published_at=FAR_FUTURE)
    evs = evs[:-1]
    first = interleave([Event(e.id, e.category, e.country, e.reports[:2]) for e in evs], [], seed=seed)
    later = [e.reports[2] for e in evs]
    expected = expected_alerts(first + later, ns.settings)
    ns.start_worker()
    ns.wait_ready()
    fill = make_filler(3 * filler, seed=seed, tag="ffill")
    for part, articles in enumerate((first, [future], later)):
        send(ns, interleave([], fill[part * filler : (part + 1) * filler], seed=part) + articles)
        drain(ns, res, what=f" (step {part + 1})")
    alerts = ns.alerts()
    own = {a["story_id"] for a in alerts if any(r["article_id"] == future["id"] for r in a["reports"])}
    mixed = [a["alert_id"] for a in alerts if a["story_id"] in own and len(a["reports"]) > 1]
    res.check(
        "the 2099 article joins no story",
        not mixed,
        f"in {mixed[:5]}" if mixed else f"its own story: {sorted(own) or 'none (not alerted)'}",
    )
    rest = [a for a in alerts if a["story_id"] not in own]
    check_alerts(res, rest, expected)
    news = Counter(
        r["article_id"].rpartition("-r")[0]
        for a in rest
        if a["update_reason"] == "new"
        for r in a["reports"][:1]
    )
    again = sorted(e for e, n in news.items() if n > 1)
    res.check(
        "no ongoing event alerted again as new",
        not again,
        f"{len(again)} of {len(evs)} events: {again[:5]}" if again else f"{len(evs)} events, one 'new' each",
    )
    check_deliveries(res, alerts, jsonl_deliveries(ns), ["file-all"], "jsonl")
    res.details["future_article_alerts"] = [a["alert_id"] for a in alerts if a["story_id"] in own]
    dead = [json.loads(m.value) for m in read_from_start(ns.broker, ns.settings.topics.dead_letter)]
    res.details["future_article_dead_letter"] = [
        f"{d['reason']}: {d['detail'][:80]}" for d in dead if future["id"] in d.get("original", "")
    ]
    res.seconds = time.monotonic() - t0
    return res
