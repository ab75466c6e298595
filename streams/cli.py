"""newsalert: a streaming news-alert processor.

Articles go into a Kafka topic; workers validate, classify, deduplicate them into
stories and send alerts to the channels of config/subscriptions.yaml.

Start here:
  newsalert run --once        local broker + worker, ingest seeds/, print the alerts, exit
  newsalert run               the same, then keep running for more input (Ctrl-C stops)

See `newsalert COMMAND --help` for each command, and README.md.
"""

from __future__ import annotations

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from streams.settings import REPO_ROOT, ConfigError, Settings, load_settings
from streams.topics import GroupLag

BROKER_SCRIPT = REPO_ROOT / "scripts" / "kafka-local"


def _die(msg: str, code: int = 2) -> None:
    print(f"newsalert: {msg}", file=sys.stderr)
    sys.exit(code)


def _settings(args: argparse.Namespace) -> Settings:
    overrides = {}
    if getattr(args, "broker", None):
        overrides["kafka_broker"] = args.broker
    if getattr(args, "metrics_port", None) is not None:
        overrides["metrics_port"] = args.metrics_port
    try:
        return load_settings(Path(args.settings) if getattr(args, "settings", None) else None, **overrides)
    except ConfigError as e:
        _die(str(e))
        raise


# ----------------------------------------------------------------------- batch


def cmd_classify(args: argparse.Namespace) -> int:
    from streams.batch import classify_records

    stream = open(args.file, encoding="utf-8") if args.file and args.file != "-" else sys.stdin
    ok, bad = classify_records(stream, sys.stdout)
    print(f"classified {ok} articles, {bad} bad lines skipped", file=sys.stderr)
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    from streams.batch import dedup_records
    from streams.classify.engine import default_classifier
    from streams.dedup import DedupConfig
    from streams.taxonomy import load_taxonomy

    stream = open(args.file, encoding="utf-8") if args.file and args.file != "-" else sys.stdin
    settings = _settings(args)
    ok, bad = dedup_records(
        stream,
        sys.stdout,
        classify=not args.no_classify,
        config=DedupConfig.from_settings(settings),
        taxonomy=load_taxonomy(settings.categories_file),
        classifier=default_classifier(settings.config_dir),
    )
    print(f"deduplicated {ok} articles, {bad} bad lines skipped", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------- broker


def broker_script(*args: str, check: bool = True) -> int:
    if not BROKER_SCRIPT.exists():
        _die(f"{BROKER_SCRIPT} is missing: this command needs a checkout of the repository")
    return subprocess.run([str(BROKER_SCRIPT), *args], check=False).returncode


def cmd_broker(args: argparse.Namespace) -> int:
    return broker_script(args.action)


def cmd_topics(args: argparse.Namespace) -> int:
    from streams.topics import BrokerUnavailable, ensure_topics, project_topics

    settings = _settings(args)
    if args.action == "list":
        for name, parts, _ in project_topics(settings):
            print(f"{name}\t{parts} partitions")
        return 0
    try:
        created = ensure_topics(settings)
    except BrokerUnavailable as e:
        _die(str(e))
    print(f"created {len(created)} topics: {', '.join(created) or '-'}")
    return 0


# ---------------------------------------------------------------------- stream


def cmd_ingest(args: argparse.Namespace) -> int:
    from streams.ingest import ingest
    from streams.topics import BrokerUnavailable, ensure_topics

    settings = _settings(args)
    try:
        ensure_topics(settings)
        n = ingest(
            args.paths,
            settings.kafka_broker,
            args.topic or settings.topics.raw,
            args.rate,
            progress=not args.quiet,
        )
    except FileNotFoundError as e:
        _die(str(e))
    except BrokerUnavailable as e:
        _die(str(e))
    print(f"ingested {n} messages into {args.topic or settings.topics.raw}", file=sys.stderr)
    return 0


def cmd_worker(args: argparse.Namespace) -> int:
    import faust

    from streams import metrics
    from streams.app import create_app
    from streams.topics import BrokerUnavailable, ensure_topics

    settings = _settings(args)
    try:
        ensure_topics(settings)
        app = create_app(settings)
    except BrokerUnavailable as e:
        _die(str(e))
    except ConfigError as e:
        _die(str(e))
    metrics.serve(settings.metrics_port)
    if settings.metrics_port:
        print(
            f"newsalert worker: metrics on http://127.0.0.1:{settings.metrics_port}/metrics", file=sys.stderr
        )
    # redirect_stdouts=False: console alerts go to stdout as they are, not through logging
    worker = faust.Worker(app, loglevel=args.loglevel, quiet=True, redirect_stdouts=False)
    if not worker.stdout.isatty():
        worker.spinner = None  # its cursor codes would land in a log file or a pipe
    worker.execute_from_commandline()
    return 0


def _fresh_topics(settings: Settings) -> None:
    """Delete the project's topics and the app's changelogs, then create them again."""
    from kafka.errors import TopicAlreadyExistsError

    from streams.topics import admin_client, ensure_topics, project_topics

    admin = admin_client(settings)
    try:
        ours = {n for n, _, _ in project_topics(settings)}
        existing = set(admin.list_topics())
        doomed = [t for t in existing if t in ours or t.startswith(f"{settings.app_id}-")]
        if doomed:
            admin.delete_topics(doomed, timeout_ms=30_000)
        # deletion is asynchronous: wait until the names are gone
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and set(doomed) & set(admin.list_topics()):
            time.sleep(0.3)
        try:
            admin.delete_groups([settings.app_id])
        except Exception:
            pass
    finally:
        admin.close()
    for _ in range(20):
        try:
            ensure_topics(settings)
            return
        except (TopicAlreadyExistsError, Exception) as e:  # "marked for deletion" while the broker catches up
            last = e
            time.sleep(0.5)
    _die(f"could not re-create the topics: {last}")


def cmd_run(args: argparse.Namespace) -> int:
    """Broker, topics, a worker, the seeds in, the alerts out."""
    from streams.topics import broker_listening

    settings = _settings(args)
    env = dict(os.environ, NEWSALERT_KAFKA_BROKER=settings.kafka_broker)
    started_broker = False
    if not broker_listening(settings.kafka_broker):
        host = settings.kafka_broker.split(":")[0]
        if host not in ("127.0.0.1", "localhost"):
            _die(f"no broker answers at {settings.kafka_broker}")
        print("== starting the local Kafka broker (scripts/kafka-local start)", file=sys.stderr)
        if broker_script("start") != 0:
            _die("the local broker did not start; see the message above")
        started_broker = True
    if args.keep_state:
        from streams.topics import ensure_topics

        ensure_topics(settings)
    else:
        print("== fresh topics and state (use --keep-state to keep earlier stories)", file=sys.stderr)
        _fresh_topics(settings)
    worker_cmd = [sys.executable, "-m", "streams.cli", "worker", "--loglevel", args.loglevel]
    print("== starting a worker", file=sys.stderr)
    worker = subprocess.Popen(worker_cmd, env=env)
    try:
        from streams.ingest import ingest

        paths = args.paths or [str(REPO_ROOT / "seeds")]
        print(f"== ingesting {', '.join(paths)}", file=sys.stderr)
        n = ingest(paths, settings.kafka_broker, settings.topics.raw, args.rate)
        print(f"== {n} messages in; alerts follow as the worker emits them", file=sys.stderr)
        if args.once:

            def worker_alive() -> None:
                if worker.poll() is not None:
                    _die(f"the worker stopped (exit {worker.returncode})", 1)

            group = GroupLag(settings)
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
            "== running; produce more articles with 'newsalert ingest PATH'. Ctrl-C stops.", file=sys.stderr
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
        if started_broker:
            print(
                f"== the local Kafka broker keeps running on {settings.kafka_broker} for the next run or "
                "'newsalert ingest'; 'newsalert broker stop' stops it",
                file=sys.stderr,
            )


def _summary(settings: Settings) -> None:
    """What the topics hold now: dead letters by reason, alerts by story."""
    import json as _json

    from streams.topics import read_from_start

    def read(topic: str) -> list[dict]:
        return [_json.loads(m.value) for m in read_from_start(settings.kafka_broker, topic, timeout=1.5)]

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


def cmd_deadletters(args: argparse.Namespace) -> int:
    """Print the dead-letter topic: reason, position and the original message."""
    from streams.topics import read_from_start

    settings = _settings(args)
    n = 0
    records = read_from_start(settings.kafka_broker, settings.topics.dead_letter)
    for msg in records:
        print(msg.value.decode("utf-8", "replace"))
        n += 1
        if args.limit and n >= args.limit:
            break
    records.close()
    print(f"{n} dead letters", file=sys.stderr)
    return 0


# ------------------------------------------------------------------------ main


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsalert", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--settings", help="settings YAML (default config/settings.yaml)")
    p.add_argument(
        "--broker", help="Kafka bootstrap server host:port (default from settings: 127.0.0.1:9092)"
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    s = sub.add_parser(
        "run",
        help="local broker + worker, ingest seeds (or PATHs), print alerts",
        description=cmd_run.__doc__,
    )
    s.add_argument("paths", nargs="*", help="files or folders to ingest (default: seeds/)")
    s.add_argument("--once", action="store_true", help="exit once all input is processed")
    s.add_argument(
        "--keep-state",
        action="store_true",
        help="keep topics and stories from earlier runs (default: start fresh)",
    )
    s.add_argument("--rate", type=float, help="messages per second to ingest (default: as fast as possible)")
    s.add_argument(
        "--timeout", type=float, default=180.0, help="with --once: give up after this many seconds"
    )
    s.add_argument("--loglevel", default="warning", help="worker log level (default warning)")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("worker", help="run a stream worker (start more for more throughput)")
    s.add_argument(
        "--metrics-port", type=int, help="serve /metrics here (0 = off; default from settings: 9108)"
    )
    s.add_argument("--loglevel", default="info")
    s.set_defaults(func=cmd_worker)

    s = sub.add_parser(
        "ingest", help="produce JSONL/JSON files and folders of .txt articles to the raw topic"
    )
    s.add_argument(
        "paths", nargs="+", help="files or folders (*.jsonl, *.json, *.txt with the title on line 1)"
    )
    s.add_argument(
        "--rate", type=float, help="messages per second (for load tests); default: as fast as possible"
    )
    s.add_argument("--topic", help="topic (default: the raw topic of settings)")
    s.add_argument("--quiet", action="store_true", help="no progress bar")
    s.set_defaults(func=cmd_ingest)

    s = sub.add_parser(
        "classify", help="batch: classify JSONL articles (FILE or stdin) -> JSON lines on stdout"
    )
    s.add_argument("file", nargs="?", help="JSONL file; - or nothing for stdin")
    s.set_defaults(func=cmd_classify)

    s = sub.add_parser(
        "dedup",
        help="batch: assign JSONL articles to stories in arrival order -> JSON lines",
        description="Assign each article of a JSONL file to a story, in arrival order, as the live worker "
        "does. One output line per input line: id, story_id, duplicate, match (new, url, content, "
        "near_duplicate, same_event), score, update (the alert or update due), reason (for a new "
        "story: the nearest story and why it was not joined), category, severity.",
    )
    s.add_argument("file", nargs="?", help="JSONL file; - or nothing for stdin")
    s.add_argument(
        "--no-classify", action="store_true", help="match on text only, without the classifier's fields"
    )
    s.set_defaults(func=cmd_dedup)

    s = sub.add_parser(
        "broker", help="fetch, start, stop or check the local Kafka broker (scripts/kafka-local)"
    )
    s.add_argument("action", choices=["fetch", "start", "stop", "status", "restart", "wipe"])
    s.set_defaults(func=cmd_broker)

    s = sub.add_parser("topics", help="create the project's topics (explicit partition counts) or list them")
    s.add_argument("action", choices=["create", "list"])
    s.set_defaults(func=cmd_topics)

    s = sub.add_parser("deadletters", help="print the dead-letter topic (bad input with its reason)")
    s.add_argument("--limit", type=int, default=0)
    s.set_defaults(func=cmd_deadletters)

    try:
        from alerts.cli import add_subcommands
    except ImportError:
        pass
    else:
        add_subcommands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # kafka-python logs a just-created topic's missing metadata as an error, then retries
    logging.getLogger("kafka.cluster").setLevel(logging.CRITICAL)
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as e:
        _die(str(e))
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
