"""newsalert: a streaming news-alert processor.

Articles go into a Kafka topic; workers validate, classify, deduplicate them into
stories and send alerts to the channels of config/subscriptions.yaml.

Start here:
  newsalert run --once        local broker + worker, ingest the sample seeds, print the alerts, exit
  newsalert run               the same, then keep running for more input (Ctrl-C stops)
  newsalert init DIR          editable copies of the default configs (then NEWSALERT_CONFIG_DIR=DIR)

See `newsalert COMMAND --help` for each command, and README.md.
"""

from __future__ import annotations

import argparse
import logging
import sys

from newsalert import __version__
from newsalert.cli import batch, broker, delivery, setup, sources, stream
from newsalert.cli.common import die
from streams.settings import ConfigError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsalert", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--version", action="version", version=f"newsalert {__version__}")
    p.add_argument("--settings", help="settings YAML (default: settings.yaml of the config folder)")
    p.add_argument(
        "--broker", help="Kafka bootstrap server host:port (default from settings: 127.0.0.1:9092)"
    )
    p.add_argument(
        "--namespace",
        help="use the topics '<NAMESPACE>.*' and the app id '<app_id>-<NAMESPACE>' (e.g. a demo's)",
    )
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stream.add_parsers(sub)
    batch.add_parsers(sub)
    broker.add_parsers(sub)
    delivery.add_parsers(sub)
    setup.add_parsers(sub)
    sources.add_parsers(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    # kafka-python logs a just-created topic's missing metadata as an error, then retries
    logging.getLogger("kafka.cluster").setLevel(logging.CRITICAL)
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except ConfigError as e:
        die(str(e))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
