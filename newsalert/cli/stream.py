"""The streaming commands: `run` (the demo), `worker` and `ingest`."""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import faust

from alerts.checks import Network
from newsalert.app import create_app
from newsalert.cli.broker import run_broker_script
from newsalert.cli.common import CHATTY_LOGGERS, die, overrides_of, settings_of
from newsalert.cli.config import check_all, report
from newsalert.paths import seeds_dir
from newsalert.topics import ensure_project_topics, group_lag
from streams import metrics
from streams.ingest import ingest
from streams.settings import ConfigError, Settings, in_namespace
from streams.topics import BrokerUnavailable, admin_client, broker_listening, read_from_start

log = logging.getLogger("newsalert")


def cmd_ingest(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    topic = args.topic or settings.topics.raw
    stopped = False

    def on_term(signum: int, frame: Any) -> None:
        nonlocal stopped
        stopped = True

    if args.follow:  # SIGTERM ends the tail cleanly (what was read is flushed), as Ctrl-C does
        signal.signal(signal.SIGTERM, on_term)
    refused: list[str] = []
    try:
        ensure_project_topics(settings)
        n = ingest(
            args.paths,
            settings.kafka_broker,
            topic,
            args.rate,
            progress=not args.quiet,
            follow=args.follow,
            stop=lambda: stopped,
            refused=refused,
        )
    except (FileNotFoundError, ValueError, BrokerUnavailable) as e:
        die(str(e))
    except KeyboardInterrupt:
        return 130
    for line in refused:
        print(f"newsalert ingest: {line}", file=sys.stderr)
    if not args.quiet or refused:
        print(
            f"ingested {n} messages into {topic}"
            + (f"; {len(refused)} not accepted (above)" if refused else ""),
            file=sys.stderr,
        )
    return 1 if refused else 0


def worker_logging(level: str) -> dict[str, Any]:
    """faust.Worker's logging_config (merged into its own): Faust's, aiokafka's and kafka-python's
    INFO lines (subscription and assignment tables, recovery tables, connection chatter; about
    200 lines a minute while partitions move) only with --log-level debug. The worker's own lines
    say what matters: start-up, partitions owned, errors, one line a minute of throughput."""
    quiet = "DEBUG" if level == "debug" else max("WARNING", level.upper(), key=logging.getLevelName)
    return {"merge": True, "loggers": {name: {"level": quiet} for name in CHATTY_LOGGERS}}


def cmd_worker(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    path = Path(args.settings) if getattr(args, "settings", None) else None
    # the same checks as `newsalert config check`, before anything starts
    _, problems = check_all(path, overrides=overrides_of(args), net=Network(enabled=True, timeout=2.0))
    if report(problems, prefix="newsalert: "):
        die("the configuration has errors (above); 'newsalert config check' checks it without starting", 2)
    try:
        ensure_project_topics(settings)
        app = create_app(settings)
    except (BrokerUnavailable, ConfigError) as e:
        die(str(e))
    try:
        metrics.serve(settings.metrics_port, settings.metrics_host)
    except OSError as e:
        die(
            f"cannot serve /metrics on {settings.metrics_host}:{settings.metrics_port}: {e.strerror}; "
            "choose another port with the setting metrics_port (NEWSALERT_METRICS_PORT, --metrics-port; "
            "0 = off) or another address with metrics_host"
        )
    log.info(
        "worker of %s starting: broker %s, subscriptions %s",
        settings.app_id,
        settings.kafka_broker,
        settings.subscriptions_file,
    )
    if settings.metrics_port and not args.quiet:
        print(
            f"newsalert worker: metrics on http://{settings.metrics_host}:{settings.metrics_port}/metrics",
            file=sys.stderr,
        )
    # redirect_stdouts=False: console alerts go to stdout as they are, not through logging
    worker = faust.Worker(
        app,
        loglevel=args.loglevel,
        quiet=True,
        redirect_stdouts=False,
        logging_config=worker_logging(args.loglevel),
    )
    if not worker.stdout.isatty():
        worker.spinner = None  # its cursor codes would land in a log file or a pipe
    worker.execute_from_commandline()
    return 0


def _remove_run(settings: Settings, created: list[str]) -> None:
    """Delete what this run created: its topics, its app's changelogs and its consumer group."""
    admin = admin_client(settings)
    try:
        ours = set(created) | {t for t in admin.list_topics() if t.startswith(f"{settings.app_id}-")}
        if ours:
            admin.delete_topics(sorted(ours), timeout_ms=30_000)
        with contextlib.suppress(Exception):
            admin.delete_consumer_groups([settings.app_id])
    finally:
        admin.close()
    shutil.rmtree(settings.data_dir / settings.app_id, ignore_errors=True)


def cmd_run(args: argparse.Namespace) -> int:
    """Broker, topics, a worker, the seeds in, the alerts out, in a namespace of its own."""
    base = settings_of(args)
    if base.namespace:
        settings = base
    else:
        # a live system's topics are never touched: the demo runs in its own namespace, a fresh one
        # unless --keep-state (then "demo", kept for the next run)
        ns = "demo" if args.keep_state else f"demo-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}"
        settings = in_namespace(base.model_copy(update={"namespace": ns}))
    env = dict(
        os.environ, NEWSALERT_KAFKA_BROKER=settings.kafka_broker, NEWSALERT_NAMESPACE=settings.namespace
    )
    started_broker = False
    if not broker_listening(settings.kafka_broker):
        host = settings.kafka_broker.split(":")[0]
        if host not in ("127.0.0.1", "localhost"):
            die(f"no broker answers at {settings.kafka_broker}")
        print("== starting the local Kafka broker (newsalert broker start)", file=sys.stderr)
        if run_broker_script("start") != 0:
            die("the local broker did not start; see the message above")
        started_broker = True
    try:
        created = ensure_project_topics(settings)
    except BrokerUnavailable as e:
        die(str(e))
    remove = not args.keep_state and not base.namespace
    print(
        f"== namespace {settings.namespace}: topics {settings.namespace}.*, consumer group {settings.app_id}"
        + (" (removed at the end; --keep-state keeps a 'demo' namespace)" if remove else ""),
        file=sys.stderr,
    )
    worker_cmd = [sys.executable, "-m", "newsalert"]
    if getattr(args, "settings", None):
        worker_cmd += ["--settings", str(args.settings)]
    worker_cmd += ["worker", "--loglevel", args.loglevel]
    print("== starting a worker", file=sys.stderr)
    worker = subprocess.Popen(worker_cmd, env=env)
    try:
        paths = args.paths or [str(seeds_dir())]
        print(f"== ingesting {', '.join(paths)}", file=sys.stderr)
        n = ingest(paths, settings.kafka_broker, settings.topics.raw, args.rate)
        print(f"== {n} messages in; alerts follow as the worker emits them", file=sys.stderr)
        if args.once:

            def worker_alive() -> None:
                if worker.poll() is not None:
                    die(f"the worker stopped (exit {worker.returncode})", 1)

            group = group_lag(settings)
            try:
                group.wait_drained(args.timeout, settle=3.0, poll=1.0, check=worker_alive)
            except TimeoutError as e:
                print(f"newsalert: input not fully processed: {e}", file=sys.stderr)
                return 1
            finally:
                group.close()
            print("== all input processed; stopping the worker", file=sys.stderr)
            _summary(settings)
            return 0
        print(
            f"== running; produce more with 'newsalert --namespace {settings.namespace} ingest PATH'. "
            "Ctrl-C stops.",
            file=sys.stderr,
        )
        return worker.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        if worker.poll() is None:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        if remove:
            with contextlib.suppress(Exception):
                _remove_run(settings, created)
        if started_broker:
            print(
                f"== the local Kafka broker keeps running on {settings.kafka_broker} for the next run or "
                "'newsalert ingest'; 'newsalert broker stop' stops it",
                file=sys.stderr,
            )


def _summary(settings: Settings) -> None:
    """What the topics hold now: dead letters by reason, alerts by story."""

    def read(topic: str) -> list[dict[str, Any]]:
        return [json.loads(m.value) for m in read_from_start(settings.kafka_broker, topic, timeout=1.5)]

    dead = read(settings.topics.dead_letter)
    alerts = read(settings.topics.alerts)
    reasons: dict[str, int] = {}
    for d in dead:
        reasons[d.get("reason", "?")] = reasons.get(d.get("reason", "?"), 0) + 1
    stories = {a["story_id"] for a in alerts}
    print(
        f"== summary: {len(alerts)} alert messages about {len(stories)} stories on {settings.topics.alerts}; "
        f"{len(dead)} dead-lettered on {settings.topics.dead_letter}"
        + (f" ({', '.join(f'{k}: {v}' for k, v in sorted(reasons.items()))})" if reasons else ""),
        file=sys.stderr,
    )


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "run",
        help="local broker + worker, ingest seeds (or PATHs), print alerts",
        description="Start the local Kafka broker if none answers, start a worker, ingest the seeds (or "
        "PATHs) and print the alerts. It runs in a namespace of its own (topics '<namespace>.*', its own "
        "consumer group), so a live system on the same broker is never touched. With --once, exit when "
        "all input is processed.",
    )
    s.add_argument("paths", nargs="*", help="files or folders to ingest (default: the sample seeds)")
    s.add_argument("--once", action="store_true", help="exit once all input is processed")
    s.add_argument(
        "--keep-state",
        action="store_true",
        help="run in the namespace 'demo' and keep its topics and stories for the next run "
        "(default: a fresh namespace, removed at the end)",
    )
    s.add_argument("--rate", type=float, help="messages per second to ingest (default: as fast as possible)")
    s.add_argument(
        "--timeout", type=float, default=180.0, help="with --once: give up after this many seconds"
    )
    s.set_defaults(func=cmd_run)

    s = sub.add_parser(
        "worker",
        help="run a stream worker (start more for more throughput)",
        description="Run one worker: it validates, classifies, deduplicates and delivers. Workers of one "
        "app id share the partitions; start more (up to the partition count) for more throughput.",
    )
    s.add_argument(
        "--metrics-port", type=int, help="serve /metrics here (0 = off; default from settings: 9108)"
    )
    s.set_defaults(func=cmd_worker, default_log_level="info")

    s = sub.add_parser(
        "ingest",
        help="produce JSONL/JSON files, folders of .txt articles, or stdin (-) to the raw topic",
        description="Produce articles to the raw topic: JSONL or JSON files, folders of .txt files "
        "(the title on line 1), or NDJSON from stdin with '-' (e.g. 'newsalert feeds read URL | "
        "newsalert ingest -'). --follow tails one growing JSONL file. Bad lines are still produced: "
        "the worker dead-letters them with a reason.",
    )
    s.add_argument(
        "paths",
        nargs="+",
        help="files or folders (*.jsonl, *.json, *.txt with the title on line 1); - for NDJSON on stdin",
    )
    s.add_argument(
        "--follow",
        action="store_true",
        help="tail one JSONL file: read it, then each line appended to it (truncation and rotation "
        "too) until Ctrl-C or SIGTERM",
    )
    s.add_argument(
        "--rate", type=float, help="messages per second (for load tests); default: as fast as possible"
    )
    s.add_argument("--topic", help="topic (default: the raw topic of settings)")
    s.set_defaults(func=cmd_ingest)
