"""`newsalert init DIR`: editable copies of the shipped configs."""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from newsalert.cli.common import die
from streams.settings import CONFIG_DIR

CONFIG_FILES = (
    "settings.yaml",
    "categories.yaml",
    "rules.yaml",
    "rules.es.yaml",
    "rules.fr.yaml",
    "hazards.yaml",
    "subscriptions.yaml",
    "feeds.yaml",
)


def init_config(target: Path, force: bool = False) -> list[Path]:
    """Copy the shipped config files into `target`; refuse to overwrite unless `force`."""
    target.mkdir(parents=True, exist_ok=True)
    existing = [target / n for n in CONFIG_FILES if (target / n).exists()]
    if existing and not force:
        raise FileExistsError(f"{existing[0]} exists; pass --force to overwrite")
    written = []
    for name in CONFIG_FILES:
        shutil.copyfile(CONFIG_DIR / name, target / name)
        written.append(target / name)
    return written


def cmd_init(args: argparse.Namespace) -> int:
    target = Path(args.dir)
    try:
        written = init_config(target, force=args.force)
    except (FileExistsError, OSError) as e:
        die(str(e))
    for p in written:
        print(p)
    print(
        f"wrote {len(written)} config files; use them with NEWSALERT_CONFIG_DIR={target.resolve()} "
        f"(or --settings {target / 'settings.yaml'} with config_dir: {target.resolve()} in it)",
        file=sys.stderr,
    )
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "init",
        help="write editable copies of the default configs into DIR",
        description="Copy the shipped configs (settings, categories, rules, subscriptions, feeds) into "
        "DIR, to edit them. Point newsalert at them with NEWSALERT_CONFIG_DIR=DIR.",
    )
    s.add_argument("dir", help="folder to write (created if missing)")
    s.add_argument("--force", action="store_true", help="overwrite files that exist")
    s.set_defaults(func=cmd_init)
