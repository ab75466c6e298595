"""Where the shipped files are: a checkout's folders, or the copies an installed wheel carries.

pyproject.toml maps `scripts/` to the package data `newsalert.scripts` and `seeds/` to
`newsalert.seeds` (and `config/` to `streams.defaults`, see streams/settings.py), so an installed
newsalert finds its broker script and sample articles without a checkout.
"""

from __future__ import annotations

import os
from pathlib import Path

from streams.settings import REPO_ROOT

_HERE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    packaged = _HERE / name
    return packaged if packaged.is_dir() else REPO_ROOT / name


def in_checkout() -> bool:
    """True when running from a source checkout (editable install or no install at all)."""
    return not (_HERE / "scripts").is_dir() and (REPO_ROOT / "pyproject.toml").is_file()


def seeds_dir() -> Path:
    return _shipped("seeds")


def broker_script() -> Path:
    return _shipped("scripts") / "kafka-local"


def broker_env() -> dict[str, str]:
    """The environment for the broker script. Installed, its jar cache and data live under the
    user's cache folder (XDG_CACHE_HOME, default ~/.cache/newsalert), not inside site-packages."""
    env = dict(os.environ)
    if not in_checkout():
        cache = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "newsalert" / "kafka"
        port = env.get("NEWSALERT_KAFKA_PORT", "9092")
        env.setdefault("NEWSALERT_CACHE", str(cache / "lib"))
        env.setdefault("NEWSALERT_KAFKA_DATA_DIR", str(cache / f"data-{port}"))
    return env
