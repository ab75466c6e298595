"""What every command shares: the global options, settings from them, and one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from newsalert import __version__
from streams.settings import ConfigError, Settings, load_settings

LOG_LEVELS = ("debug", "info", "warning", "error", "critical")
# libraries whose INFO lines are tables and connection chatter: WARNING unless --log-level debug
CHATTY_LOGGERS = ("faust", "mode", "aiokafka", "kafka")


def die(msg: str, code: int = 2) -> NoReturn:
    """Print each line of `msg` as ``newsalert: <line>`` on stderr and exit with `code`."""
    for line in msg.splitlines() or [""]:
        print(f"newsalert: {line}", file=sys.stderr)
    sys.exit(code)


def add_global_options(p: argparse.ArgumentParser, *, suppress: bool) -> None:
    """--settings, --broker, --namespace, --log-level, --quiet and --version. The top-level parser holds the
    defaults; every subparser gets copies whose default is SUPPRESS, so the options work before
    and after the subcommand and a copy that was not given never overwrites the global value."""

    def default(value: object) -> object:
        return argparse.SUPPRESS if suppress else value

    g = p.add_argument_group("global options (before or after the command)")
    g.add_argument(
        "--settings",
        default=default(None),
        help="settings YAML (default: settings.yaml of the config folder)",
    )
    g.add_argument(
        "--broker",
        default=default(None),
        help="Kafka bootstrap server host:port (default from settings: 127.0.0.1:9092)",
    )
    g.add_argument(
        "--namespace",
        default=default(None),
        help="use the topics '<NAMESPACE>.*' and the app id '<app_id>-<NAMESPACE>' (e.g. a demo's)",
    )
    g.add_argument(
        "--log-level",
        "--loglevel",
        dest="log_level",
        type=str.lower,
        choices=LOG_LEVELS,
        metavar="LEVEL",
        default=default(None),
        help=f"{', '.join(LOG_LEVELS)} (default: info for the worker, warning for the other commands)",
    )
    g.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        default=default(False),
        help="only errors and results: no progress, summaries or log lines below error",
    )
    g.add_argument(
        "--version", action="version", version=f"newsalert {__version__}", help="print the version"
    )


def subparsers_of(p: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parsers of `p`'s subcommands, one level down (in the order they were added)."""
    out: list[argparse.ArgumentParser] = []
    for action in p._actions:  # argparse has no public accessor for its subparsers
        if isinstance(action, argparse._SubParsersAction):
            seen: set[int] = set()
            for sp in action.choices.values():
                if id(sp) not in seen:  # aliases map to the same parser
                    seen.add(id(sp))
                    out.append(sp)
    return out


def walk(
    p: argparse.ArgumentParser, path: tuple[str, ...] = ()
) -> list[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """(command path, parser) for every command and action below `p`."""
    out = []
    for sp in subparsers_of(p):
        name = tuple(sp.prog.split()[len(p.prog.split()) :])
        out.append(((*path, *name), sp))
        out.extend(walk(sp, (*path, *name)))
    return out


def overrides_of(args: argparse.Namespace) -> dict[str, object]:
    """The settings that the command line overrides: --broker, --namespace, --metrics-port."""
    overrides: dict[str, object] = {}
    if getattr(args, "broker", None):
        overrides["kafka_broker"] = args.broker
    if getattr(args, "namespace", None):
        overrides["namespace"] = args.namespace
    if getattr(args, "metrics_port", None) is not None:
        overrides["metrics_port"] = args.metrics_port
    return overrides


def settings_of(args: argparse.Namespace) -> Settings:
    """config/settings.yaml (or --settings), the NEWSALERT_* environment, then --broker,
    --namespace and --metrics-port."""
    path = Path(args.settings) if getattr(args, "settings", None) else None
    try:
        return load_settings(path, **overrides_of(args))
    except ConfigError as e:
        die(str(e))
