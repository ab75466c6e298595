"""What every command shares: settings from the global flags, and one-line errors."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import NoReturn

from streams.settings import ConfigError, Settings, load_settings


def die(msg: str, code: int = 2) -> NoReturn:
    print(f"newsalert: {msg}", file=sys.stderr)
    sys.exit(code)


def settings_of(args: argparse.Namespace) -> Settings:
    """config/settings.yaml (or --settings), the NEWSALERT_* environment, then --broker and
    --metrics-port."""
    overrides: dict[str, object] = {}
    if getattr(args, "broker", None):
        overrides["kafka_broker"] = args.broker
    if getattr(args, "namespace", None):
        overrides["namespace"] = args.namespace
    if getattr(args, "metrics_port", None) is not None:
        overrides["metrics_port"] = args.metrics_port
    path = Path(args.settings) if getattr(args, "settings", None) else None
    try:
        return load_settings(path, **overrides)
    except ConfigError as e:
        die(str(e))
