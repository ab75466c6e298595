"""newsalert: a streaming news-alert processor.

Articles go into a Kafka topic; workers validate, classify, deduplicate them into
stories and send alerts to the channels of config/subscriptions.yaml.

Start here:
  newsalert run --once        local broker + worker, ingest the sample seeds, print the alerts, exit
  newsalert run               the same, then keep running for more input (Ctrl-C stops)
  newsalert init DIR          editable copies of the default configs (then NEWSALERT_CONFIG_DIR=DIR)
  newsalert config check      check every config file and the environment before the worker does
  newsalert routes test ...   who would get an alert, and why not

Dead letters: `deadletters list --kind articles` shows bad input the pipeline refused;
`deadletters list|replay --kind deliveries` shows or re-sends deliveries a channel refused.
Global options (--settings, --broker, --log-level, --quiet, --version) go before or after
the command.

See `newsalert COMMAND --help` for each command, and README.md.
"""

from __future__ import annotations

import argparse
import logging
import sys

from newsalert.cli import batch, broker, config, deadletters, delivery, setup, sources, stream
from newsalert.cli.common import CHATTY_LOGGERS, add_global_options, die, walk
from streams.settings import ConfigError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="newsalert", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_global_options(p, suppress=False)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    stream.add_parsers(sub)
    batch.add_parsers(sub)
    broker.add_parsers(sub)
    deadletters.add_parsers(sub)
    delivery.add_parsers(sub)
    config.add_parsers(sub)
    setup.add_parsers(sub)
    sources.add_parsers(sub)
    for _, sp in walk(p):
        add_global_options(sp, suppress=True)
    return p


def log_level(args: argparse.Namespace) -> str:
    """--log-level, else the command's default (info for the worker), else warning; error with --quiet."""
    if getattr(args, "quiet", False) and not getattr(args, "log_level", None):
        return "error"
    return str(getattr(args, "log_level", None) or getattr(args, "default_log_level", "warning"))


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    args.loglevel = level = log_level(args)
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if level != "debug":
        for name in CHATTY_LOGGERS:
            logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLevelName(level.upper())))
    # kafka-python logs a just-created topic's missing metadata as an error, then retries
    logging.getLogger("kafka.cluster").setLevel(logging.CRITICAL)
    try:
        return int(args.func(args) or 0)
    except ConfigError as e:
        die(str(e))
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
