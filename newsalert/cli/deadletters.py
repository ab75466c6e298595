"""`newsalert deadletters list|replay [--kind articles|deliveries]`: both kinds of dead letters.

* articles: input the pipeline refused (not JSON, a missing field, ...), on the dead-letter
  topic, with the reason and the original bytes. They can be listed; to process them again,
  fix them and `newsalert ingest` them.
* deliveries: deliveries a channel refused or that ran out of retries, on the delivery
  dead-letter topic. They can be listed and replayed (also `newsalert alerts replay`).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from newsalert.cli.common import settings_of
from newsalert.cli.delivery import add_replay_options
from streams.topics import read_from_start

KINDS = ("articles", "deliveries")


def cmd_list(args: argparse.Namespace) -> int:
    """Print one kind of dead letters, one JSON object a line."""
    settings = settings_of(args)
    topic = settings.topics.dead_letter if args.kind == "articles" else settings.topics.deliveries_dead_letter
    n = 0
    for msg in read_from_start(settings.kafka_broker, topic):
        print(msg.value.decode("utf-8", "replace"))
        n += 1
        if args.limit and n >= args.limit:
            break
    if not args.quiet:
        print(f"{n} {args.kind} dead letters on {topic}", file=sys.stderr)
    return 0


def _replay_kind(text: str) -> str:
    if text == "articles":
        raise argparse.ArgumentTypeError(
            "article dead letters are input the pipeline refused: fix them and 'newsalert ingest' them"
        )
    if text != "deliveries":
        raise argparse.ArgumentTypeError(f"invalid choice: {text!r} (choose from 'deliveries')")
    return text


def add_parsers(sub: Any) -> None:
    d = sub.add_parser(
        "deadletters",
        help="list or replay dead letters (refused articles, or failed deliveries)",
        description="Two kinds of dead letters. articles: input the pipeline refused (bad JSON, a "
        "missing field...), with the reason and the original bytes; list them, fix them, ingest them "
        "again. deliveries: alerts a channel refused or that ran out of retries; list them, or replay "
        "them once the receiver is fixed.",
    )
    dsub = d.add_subparsers(dest="deadletters_command", required=True, metavar="ACTION")
    ls = dsub.add_parser(
        "list",
        help="print dead letters, one JSON object a line",
        description="Print the dead letters of one kind, one JSON object a line: for articles the reason, "
        "detail, position and original bytes; for deliveries the reason, failure kind, attempts and "
        "the delivery.",
    )
    ls.add_argument(
        "--kind", choices=KINDS, default="articles", help="which dead letters (default: articles)"
    )
    ls.add_argument("--limit", type=int, default=0, help="stop after N (default: all)")
    ls.set_defaults(func=cmd_list)
    rp = dsub.add_parser(
        "replay",
        help="re-send dead-lettered deliveries through the worker",
        description="Re-send the deliveries on the delivery dead-letter topic to their delivery topics, "
        "in (story, version) order; the worker delivers them again with the same idempotency key. "
        "Only deliveries can be replayed: article dead letters need fixing and 'newsalert ingest'.",
    )
    rp.add_argument(
        "--kind", type=_replay_kind, default="deliveries", help="deliveries (the only kind that replays)"
    )
    add_replay_options(rp)
