"""The sources' commands: `feeds read|import|export|list|status`, `poll` and `serve`."""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from prometheus_client import start_http_server

from newsalert.cli.common import die, settings_of
from newsalert.topics import ensure_project_topics
from streams.models import utcnow
from streams.settings import ConfigError, Settings
from streams.sources.config import FeedsFile, add_feeds, leading_comments, load_feeds, save_feeds
from streams.sources.endpoint import make_app
from streams.sources.feeds import feed_articles
from streams.sources.fetch import read_file_or_fetch
from streams.sources.items import FeedInfo
from streams.sources.language import detect_article_language
from streams.sources.opml import OpmlError, parse_opml, to_opml
from streams.sources.poller import Poller
from streams.sources.seen import SEEN_TOPIC_CONFIG, FileSeen, KafkaSeen, MemorySeen, SeenStore
from streams.sources.service import run_poller, serve_app
from streams.sources.sink import KafkaSink, SinkUnavailable
from streams.sources.state import PollResult, health_table
from streams.topics import BrokerUnavailable, ensure_topics

TOKEN_ENV = "NEWSALERT_INGEST_TOKEN"
POLLER_PORT = 9110
ENDPOINT_PORT = 8090


def feeds_path(args: argparse.Namespace) -> Path:
    if getattr(args, "feeds", None):
        return Path(args.feeds)
    return settings_of(args).config_dir / "feeds.yaml"


def load(args: argparse.Namespace) -> FeedsFile:
    try:
        return load_feeds(feeds_path(args))
    except ConfigError as e:
        die(str(e))


def seen_topic(settings: Settings) -> str:
    """The compacted topic of the poller's seen items: next to the raw topic it feeds."""
    return f"{settings.topics.raw}.seen"


# ---------------------------------------------------------------------------- feeds ...
def cmd_feeds_read(args: argparse.Namespace) -> int:
    try:
        res = read_file_or_fetch(args.target, timeout=args.timeout, max_bytes=args.max_bytes)
    except OSError as e:
        die(f"{args.target}: cannot read: {e.strerror or e}")
    if not res.ok or res.body is None:
        die(f"{args.target}: {res.error_kind}: {res.error or f'HTTP {res.status}'}", 1)
    info = FeedInfo(
        name=args.name or "cli",
        source=args.source,
        language=args.language,
        url=args.target if res.url.startswith("http") else None,
    )
    detect = None if args.no_detect else detect_article_language
    parsed, produced, skipped = feed_articles(res.body, info, utcnow(), detect, res.headers)
    if parsed.error:
        die(f"{args.target}: {parsed.error}", 1)
    for p in produced:
        sys.stdout.buffer.write(p.value + b"\n")
    sys.stdout.flush()
    note = f"; {parsed.warning}" if parsed.warning else ""
    print(
        f"{len(produced)} articles from {parsed.format} feed {parsed.title or args.target!r}, "
        f"{len(skipped)} items skipped{note}",
        file=sys.stderr,
    )
    return 0


def cmd_feeds_import(args: argparse.Namespace) -> int:
    path = Path(args.into) if args.into else feeds_path(args)
    current = load_feeds(path) if path.exists() else FeedsFile()
    try:
        incoming = parse_opml(Path(args.opml).read_bytes(), args.opml)
    except OSError as e:
        die(f"{args.opml}: cannot read: {e.strerror}")
    except OpmlError as e:
        die(str(e))
    merged, added = add_feeds(current, incoming, enabled=not args.disabled)
    print(f"{len(added)} new feeds, {len(incoming) - len(added)} already listed", file=sys.stderr)
    if args.dry_run:
        for f in added:
            print(f"{f.name}\t{f.url}")
        return 0
    header = leading_comments(path.read_text(encoding="utf-8")) if path.exists() else ""
    save_feeds(path, merged, header)
    print(f"wrote {path}", file=sys.stderr)
    return 0


def cmd_feeds_export(args: argparse.Namespace) -> int:
    cfg = load(args)
    data = to_opml(cfg.feeds)
    if args.output:
        Path(args.output).write_bytes(data)
        print(f"wrote {len(cfg.feeds)} feeds to {args.output}", file=sys.stderr)
    else:
        sys.stdout.write(data.decode("utf-8"))
    return 0


def cmd_feeds_list(args: argparse.Namespace) -> int:
    cfg = load(args)
    print(f"{'name':24} {'on':3} {'every':>7} {'lang':4} {'tags':24} url")
    for f in cfg.feeds:
        every = f"{cfg.interval_of(f):.0f}s"
        print(
            f"{f.name:24} {'yes' if f.enabled else 'no':3} {every:>7} {f.language or '-':4} "
            f"{','.join(f.tags) or '-':24} {f.url}"
        )
    print(f"{len(cfg.feeds)} feeds, {len(cfg.enabled())} enabled ({feeds_path(args)})", file=sys.stderr)
    return 0


def cmd_feeds_status(args: argparse.Namespace) -> int:
    url = args.poller.rstrip("/") + "/status"
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            data = json.load(r)
    except (urllib.error.URLError, OSError) as e:
        die(f"no poller answers at {url} ({e}); start one with 'newsalert poll' (its --port)", 1)
    if args.json:
        print(json.dumps(data, indent=2))
        return 0
    print("\n".join(health_table(data["feeds"])))
    print(f"{len(data['feeds'])} feeds; {data['seen']} seen items remembered", file=sys.stderr)
    return 0


# ---------------------------------------------------------------------------- poll
def _print_result(r: PollResult) -> None:
    if r.error_kind:
        print(f"{r.feed}: {r.error_kind}: {r.error}", file=sys.stderr)
    else:
        print(f"{r.feed}: HTTP {r.status}, {r.new} new, {r.skipped} skipped", file=sys.stderr)


def _print_new(r: PollResult) -> None:
    """While running: a line per poll that produced something (failures are logged as warnings)."""
    if r.new:
        print(f"{r.feed}: {r.new} new", file=sys.stderr)


def cmd_poll(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    cfg = load(args)
    if not cfg.enabled():
        die(f"{feeds_path(args)}: no enabled feed; enable one (enabled: true) or add one")
    seen: SeenStore
    topic = args.topic or settings.topics.raw
    try:
        ensure_project_topics(settings)
        if args.seen_file:
            seen = FileSeen(Path(args.seen_file))
        elif args.no_seen:
            seen = MemorySeen()
        else:
            name = args.seen_topic or seen_topic(settings)
            ensure_topics(settings, [(name, 1, SEEN_TOPIC_CONFIG)])
            seen = KafkaSeen(settings.kafka_broker, name)
        sink = KafkaSink(settings.kafka_broker, topic)
    except (BrokerUnavailable, TimeoutError) as e:
        die(str(e))
    poller = Poller(cfg, sink, seen)

    def ready() -> None:
        where = f"; status on http://{args.host}:{args.port}/status" if args.port else ""
        print(
            f"newsalert poll: {len(poller.states)} feeds -> {topic}, {len(seen)} seen items known{where}",
            file=sys.stderr,
        )

    async def main() -> list[PollResult]:
        try:
            await sink.start()
            await poller.warm_up()
            return await run_poller(
                poller,
                once=args.once,
                host=args.host,
                port=args.port,
                on_result=_print_result if args.once else _print_new,
                ready=ready,
            )
        finally:
            await sink.close()
            await seen.close()

    try:
        results = asyncio.run(main())
    except KeyboardInterrupt:
        results = []
    except SinkUnavailable as e:
        die(str(e))
    except OSError as e:
        die(f"cannot serve /status on {args.host}:{args.port}: {e.strerror or e}; choose another --port")
    if args.once:
        new = sum(r.new for r in results)
        failed = [r.feed for r in results if r.error_kind]
        print(f"{new} new articles to {topic}; {len(failed)} feeds failed", file=sys.stderr)
        return 1 if failed and len(failed) == len(results) else 0
    return 0


# ---------------------------------------------------------------------------- serve
def cmd_serve(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    token = os.environ.get(args.token_env, "")
    if not token:
        die(f"set {args.token_env} to the bearer token clients must send (e.g. openssl rand -hex 32)")
    topic = args.topic or settings.topics.raw
    try:
        ensure_project_topics(settings)
        sink = KafkaSink(settings.kafka_broker, topic)
    except BrokerUnavailable as e:
        die(str(e))
    app = make_app(
        sink,
        token,
        max_body=args.max_body_bytes,
        max_items=args.max_items,
        rate=args.rate,
        burst=args.burst,
        serve_metrics=not args.metrics_port,
    )

    def ready() -> None:
        print(f"newsalert serve: POST http://{args.host}:{args.port}/v1/articles -> {topic}", file=sys.stderr)

    if args.metrics_port:
        start_http_server(args.metrics_port, addr="127.0.0.1")

    async def main() -> None:
        try:
            await sink.start()
            await asyncio.to_thread(detect_article_language, "load the language models now", "")
            await serve_app(app, args.host, args.port, ready)
        finally:
            await sink.close()

    try:
        asyncio.run(main())
    except KeyboardInterrupt:
        pass
    except SinkUnavailable as e:
        die(str(e))
    except OSError as e:
        die(f"cannot listen on {args.host}:{args.port}: {e.strerror or e}; choose another --port")
    return 0


# ---------------------------------------------------------------------------- parsers
def _feeds_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--feeds", help="feeds YAML (default: feeds.yaml of the config folder)")


def add_parsers(sub: Any) -> None:
    fp = sub.add_parser(
        "feeds",
        help="the feeds of config/feeds.yaml: read one, import/export OPML, list, status",
        description="Work with the feed list (config/feeds.yaml) without running the poller.",
    )
    fsub = fp.add_subparsers(dest="feeds_command", required=True, metavar="SUBCOMMAND")

    s = fsub.add_parser(
        "read",
        help="print the articles of one feed (URL or file) as JSONL, no broker",
        description="Fetch a feed URL (or read a feed file) once and print its items as article JSON "
        "lines, as the poller would produce them. For backtesting, and to pipe into "
        "'newsalert classify' or 'newsalert ingest -'.",
    )
    s.add_argument("target", metavar="URL_OR_FILE", help="an http(s) URL or a local RSS/Atom/JSON Feed file")
    s.add_argument("--name", help="the feed's name (default: cli)")
    s.add_argument("--source", help="the articles' source (default: the feed's title)")
    s.add_argument("--language", help="the articles' language (default: detected)")
    s.add_argument("--no-detect", action="store_true", help="do not detect the language")
    s.add_argument("--timeout", type=float, default=20.0, help="seconds for the fetch (default 20)")
    s.add_argument("--max-bytes", type=int, default=5_000_000, help="size limit (default 5000000)")
    s.set_defaults(func=cmd_feeds_read)

    s = fsub.add_parser(
        "import",
        help="add the feeds of an OPML file to feeds.yaml",
        description="Add every feed of an OPML file (a feed reader's export) to the feeds file. Feeds "
        "whose URL is listed already are left out; folder names become tags.",
    )
    s.add_argument("opml", metavar="FILE.opml", help="an OPML file (a feed reader's export)")
    s.add_argument(
        "--into", help="feeds file to write (default: --feeds, or feeds.yaml of the config folder)"
    )
    _feeds_arg(s)
    s.add_argument("--disabled", action="store_true", help="add the new feeds as enabled: false")
    s.add_argument("--dry-run", action="store_true", help="print what would be added; write nothing")
    s.set_defaults(func=cmd_feeds_import)

    s = fsub.add_parser(
        "export",
        help="write the feeds as OPML",
        description="Write the feed list as an OPML 2.0 document (to stdout or --output), for feed readers.",
    )
    _feeds_arg(s)
    s.add_argument("-o", "--output", help="file to write (default: stdout)")
    s.set_defaults(func=cmd_feeds_export)

    s = fsub.add_parser(
        "list", help="list the feeds", description="List the feeds of the feeds file (validates it)."
    )
    _feeds_arg(s)
    s.set_defaults(func=cmd_feeds_list)

    s = fsub.add_parser(
        "status",
        help="each feed's health, from the running poller",
        description="Ask a running 'newsalert poll' for each feed's health: last HTTP status, items "
        "produced, failures in a row, last success, next poll, last error.",
    )
    s.add_argument(
        "--poller", default=f"http://127.0.0.1:{POLLER_PORT}", help="the poller's address (--port of poll)"
    )
    s.add_argument("--json", action="store_true", help="print the JSON the poller answers")
    s.set_defaults(func=cmd_feeds_status)

    s = sub.add_parser(
        "poll",
        help="poll the feeds of feeds.yaml and produce new items to the raw topic",
        description="Run the feed poller: each enabled feed of feeds.yaml is fetched at its interval "
        "(conditional GET, jitter, backoff, Retry-After), and its new items go to the raw topic as "
        "articles. Items already produced are remembered on a compacted topic, so a restart "
        "produces nothing twice. Serves /status and /metrics on --port.",
    )
    _feeds_arg(s)
    s.add_argument("--once", action="store_true", help="poll every feed once, then exit")
    s.add_argument(
        "--port", type=int, default=POLLER_PORT, help=f"/status and /metrics (default {POLLER_PORT}; 0 off)"
    )
    s.add_argument("--host", default="127.0.0.1", help="address for --port (default 127.0.0.1)")
    s.add_argument("--topic", help="topic to produce to (default: the raw topic of settings)")
    s.add_argument("--seen-topic", help="compacted topic of seen items (default: <raw topic>.seen)")
    s.add_argument("--seen-file", help="keep seen items in this file instead of a topic")
    s.add_argument("--no-seen", action="store_true", help="remember seen items only while running")
    s.set_defaults(func=cmd_poll)

    s = sub.add_parser(
        "serve",
        help="HTTP endpoint: POST /v1/articles to the raw topic (bearer token)",
        description="Serve POST /v1/articles: one article, a JSON array, or NDJSON "
        "(application/x-ndjson). Clients send 'Authorization: Bearer TOKEN', the token being the "
        f"value of ${TOKEN_ENV}. Each item is validated; good ones go to the raw topic (202), bad "
        "ones are answered with their reason (400). Also GET /healthz and /metrics.",
    )
    s.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1; 0.0.0.0 for all)")
    s.add_argument("--port", type=int, default=ENDPOINT_PORT, help=f"port (default {ENDPOINT_PORT})")
    s.add_argument("--token-env", default=TOKEN_ENV, help=f"variable holding the token (default {TOKEN_ENV})")
    s.add_argument(
        "--max-body-bytes", type=int, default=1_000_000, help="larger bodies get 413 (default 1000000)"
    )
    s.add_argument("--max-items", type=int, default=1000, help="items per request (default 1000)")
    s.add_argument("--rate", type=float, default=20.0, help="requests per second, on average (default 20)")
    s.add_argument("--burst", type=float, default=40.0, help="requests in a burst (default 40)")
    s.add_argument(
        "--metrics-port", type=int, default=0, help="serve /metrics apart on this port (default: on --port)"
    )
    s.add_argument("--topic", help="topic to produce to (default: the raw topic of settings)")
    s.set_defaults(func=cmd_serve)
