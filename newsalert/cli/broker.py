"""`newsalert broker` (the local Kafka broker) and `newsalert topics`."""

from __future__ import annotations

import argparse
import subprocess
from typing import Any

from newsalert.cli.common import die, settings_of
from newsalert.paths import broker_env, broker_script
from newsalert.topics import ensure_project_topics, project_topics
from streams.topics import BrokerUnavailable

BROKER_ACTIONS = {
    "fetch": "download Kafka's jars from Maven Central into the cache (once)",
    "start": "fetch if needed, start the broker in the background, wait until it answers",
    "stop": "stop the broker (SIGTERM, then SIGKILL after a timeout)",
    "status": "exit 0 if the broker answers, 1 if not",
    "restart": "stop, then start",
    "wipe": "stop, then delete the broker's data (topics, offsets); keeps the jar cache",
}


def run_broker_script(*args: str) -> int:
    script = broker_script()
    if not script.exists():
        die(f"{script} is missing: reinstall newsalert")
    return subprocess.run(["bash", str(script), *args], check=False, env=broker_env()).returncode


def cmd_broker(args: argparse.Namespace) -> int:
    return run_broker_script(args.action)


def cmd_topics(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    if args.action == "list":
        for name, parts, _ in project_topics(settings):
            print(f"{name}\t{parts} partition{'' if parts == 1 else 's'}")
        return 0
    try:
        created = ensure_project_topics(settings)
    except BrokerUnavailable as e:
        die(str(e))
    print(f"created {len(created)} topics: {', '.join(created) or '-'}")
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "broker",
        help="fetch, start, stop or check the local Kafka broker",
        description="A real single-node Kafka broker (KRaft) from Maven Central jars, for development "
        "and tests. Actions:\n" + "\n".join(f"  {a:8} {d}" for a, d in BROKER_ACTIONS.items()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    s.add_argument("action", choices=list(BROKER_ACTIONS), help="what to do (see above)")
    s.set_defaults(func=cmd_broker)

    s = sub.add_parser(
        "topics",
        help="create the project's topics (explicit partition counts) or list them",
        description="create: create the missing topics of the pipeline and of the configured delivery "
        "channels; list: print each topic with its partition count.",
    )
    s.add_argument("action", choices=["create", "list"], help="create the missing topics, or list them")
    s.set_defaults(func=cmd_topics)
