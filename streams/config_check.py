"""Checks of the pipeline's configuration (`newsalert config check`, and the worker at start-up):
settings.yaml, the NEWSALERT_* environment, categories.yaml, rules.yaml and feeds.yaml.

Pure functions that return :class:`Problem`s, one line each: the file (or environment
variable), the entry, the field, the value and what is expected. The delivery side
(subscriptions, silences, channels) is checked by :mod:`alerts.checks`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ValidationError

from streams.classify.engine import default_classifier
from streams.settings import ConfigError, Settings, load_settings
from streams.sources.config import feed_problems
from streams.taxonomy import CategoryFile, Taxonomy

# NEWSALERT_* variables that are not settings: read by scripts/kafka-local and the test harness
OTHER_ENV = frozenset(
    {
        "NEWSALERT_CACHE",
        "NEWSALERT_PYTHON",
        "NEWSALERT_KAFKA_PORT",
        "NEWSALERT_KAFKA_CONTROLLER_PORT",
        "NEWSALERT_KAFKA_VERSION",
        "NEWSALERT_LOG4J_VERSION",
        "NEWSALERT_KAFKA_DATA_DIR",
        "NEWSALERT_KAFKA_HEAP",
        "NEWSALERT_KAFKA_CDS",
        "NEWSALERT_KAFKA_STOP_TIMEOUT",
        "NEWSALERT_KAFKA_READY_TIMEOUT",
        "NEWSALERT_TEST_REBALANCE_DELAY",
    }
)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the configuration, as one line."""

    level: Literal["error", "warning"]
    text: str

    def __str__(self) -> str:
        return f"{self.level}: {self.text}"


def problem(
    file: str | Path,
    entry: str,
    field: str,
    value: Any,
    expected: str,
    level: Literal["error", "warning"] = "error",
) -> Problem:
    """``<file>: <entry>, <field> = <value>: <expected>`` (entry and value may be empty)."""
    where = f"{entry}, {field}" if entry and field else entry or field
    shown = "" if value is None else f" = {value!r}"
    text = f"{file}: {where}{shown}: {expected}" if where else f"{file}{shown}: {expected}"
    return Problem(level, " ".join(text.split()))


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or ``""``."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def unknown(what: str, word: str, choices: Iterable[str]) -> str:
    """``unknown category (did you mean 'bombing'?)`` or, with no close one, the list of known ones."""
    choices = list(choices)
    hint = did_you_mean(word, choices)
    if hint:
        return f"unknown {what}{hint}"
    shown = ", ".join(choices) if len(choices) <= 12 else ", ".join(choices[:12]) + ", ..."
    return f"unknown {what} (known: {shown})"


# --------------------------------------------------------------------------- settings


def check_settings(
    path: Path | None, overrides: Mapping[str, Any] | None = None
) -> tuple[Settings | None, list[Problem]]:
    """Load the settings as the worker does; every error as a Problem."""
    try:
        return load_settings(path, **dict(overrides or {})), []
    except ConfigError as e:
        return None, [Problem("error", line) for line in str(e).splitlines()]


def setting_env_names(model: type[BaseModel] = Settings, prefix: str = "NEWSALERT_") -> set[str]:
    """Every environment variable that sets a field, nested ones with ``__``."""
    names = set()
    for name, info in model.model_fields.items():
        var = f"{prefix}{name.upper()}"
        names.add(var)
        sub = info.annotation
        if isinstance(sub, type) and issubclass(sub, BaseModel):
            names |= setting_env_names(sub, var + "__")
    return names


def check_environment(environ: Mapping[str, str], also_known: Iterable[str] = ()) -> list[Problem]:
    """NEWSALERT_* variables that set nothing: an error when one is close to a setting's name
    (a misspelling), else a warning. `also_known`: variables named by the config (secrets)."""
    known = setting_env_names()
    allowed = known | OTHER_ENV | set(also_known)
    out = []
    for var in sorted(environ):
        if not var.startswith("NEWSALERT_") or var in allowed:
            continue
        # compare the names without the prefix, which every one shares
        close = difflib.get_close_matches(var[10:], [k[10:] for k in known], n=1, cutoff=0.75)
        hint = f" (did you mean 'NEWSALERT_{close[0]}'?)" if close else ""
        if hint:
            out.append(problem("environment", "", var, None, f"not a setting{hint}"))
        else:
            out.append(problem("environment", "", var, None, "not a setting; ignored", level="warning"))
    return out


# --------------------------------------------------------------------------- the taxonomy and rules


def check_taxonomy(path: Path) -> tuple[Taxonomy | None, list[Problem]]:
    """categories.yaml: one line per error (category, field, value, what is expected)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as e:
        return None, [problem(path, "", "", None, f"cannot read: {e.strerror}")]
    except yaml.YAMLError as e:
        return None, [problem(path, "", "", None, f"not valid YAML: {' '.join(str(e).split())}")]
    try:
        CategoryFile.model_validate(data)
    except ValidationError as e:
        out = []
        for err in e.errors():
            loc = [str(x) for x in err["loc"]]
            entry = f"category {loc[1]!r}" if len(loc) >= 2 and loc[0] == "categories" else ""
            fld = ".".join(loc[2:] if entry else loc)
            value = err.get("input")
            shown = None if isinstance(value, dict | list) or err["type"] == "missing" else value
            out.append(problem(path, entry, fld, shown, err["msg"].removeprefix("Value error, ")))
        return None, out
    try:
        return Taxonomy.load(path), []
    except ConfigError as e:
        return None, [Problem("error", " ".join(str(e).split()))]


def check_rules(config_dir: Path) -> list[Problem]:
    """rules.yaml as the classifier compiles it (unknown categories, bad terms, duplicates)."""
    try:
        default_classifier(config_dir)
    except ConfigError as e:
        return [Problem("error", " ".join(str(e).split()))]
    return []


# --------------------------------------------------------------------------- feeds


def check_feeds(path: Path, categories: Iterable[str] = ()) -> list[Problem]:
    """feeds.yaml, when present: every problem the poller's own schema finds
    (``streams.sources.config.feed_problems``), one line each."""
    if not path.exists():
        return []
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as e:
        return [problem(path, "", "", None, f"not valid YAML: {' '.join(str(e).split())}")]
    return [problem(path, entry, field, value, msg) for entry, field, value, msg in feed_problems(data)]
