"""`newsalert config check` and `newsalert routes test`: find config mistakes before they bite.

    newsalert config check [--dir DIR] [--offline]
    newsalert routes test --category C --severity S [--country CC] [--keyword W] [--source X]

The checks themselves are pure functions of the layers they belong to (streams.config_check
for settings, environment, categories, rules and feeds; alerts.checks for subscriptions,
silences and channels); :func:`check_all` runs them in order, and the worker runs it at
start-up (newsalert/cli/stream.py).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alerts.checks import (
    Network,
    category_problem,
    check_silences_file,
    check_subscriptions,
    country_problem,
    explain_routes,
    synthetic_alert,
)
from alerts.silences import load_silences_file, silences_path
from alerts.subscriptions import apply_settings, load_subscriptions
from newsalert.cli.common import die, overrides_of, settings_of
from streams.config_check import (
    Problem,
    check_environment,
    check_feeds,
    check_rules,
    check_settings,
    check_taxonomy,
    problem,
)
from streams.models import Severity, utcnow
from streams.settings import CONFIG_DIR, Settings
from streams.taxonomy import load_taxonomy


def check_all(
    settings_path: Path | None = None,
    *,
    config_dir: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    environ: Mapping[str, str] | None = None,
    net: Network | None = None,
) -> tuple[Settings | None, list[Problem]]:
    """Every check, in the order the worker reads the files. `config_dir` (``--dir``) checks that
    folder: its settings.yaml if there is one, its categories, rules, subscriptions and silences."""
    env = os.environ if environ is None else environ
    extra = dict(overrides or {})
    if config_dir is not None:
        extra["config_dir"] = config_dir
        if settings_path is None and (config_dir / "settings.yaml").is_file():
            settings_path = config_dir / "settings.yaml"
    settings, problems = check_settings(settings_path, extra)
    cfg_dir = (
        settings.config_dir if settings else config_dir or Path(env.get("NEWSALERT_CONFIG_DIR", CONFIG_DIR))
    )
    subs_file = settings.subscriptions_file if settings else cfg_dir / "subscriptions.yaml"

    taxonomy, found = check_taxonomy(cfg_dir / "categories.yaml")
    problems += found
    categories = list(taxonomy) if taxonomy is not None else []
    if taxonomy is not None:
        problems += check_rules(cfg_dir)
    problems += check_feeds(cfg_dir / "feeds.yaml", categories)
    subs = check_subscriptions(subs_file, categories, settings, net or Network(enabled=False), env)
    problems += subs.problems
    names = [s.name for s in subs.config.subscriptions] if subs.config else None
    problems += check_silences_file(cfg_dir / "silences.yaml", categories, names)
    problems += check_environment(env, also_known=subs.env_names)
    return settings, problems


def report(problems: list[Problem], prefix: str = "") -> int:
    """Print the problems to stderr, errors first; return the number of errors."""
    errors = [p for p in problems if p.level == "error"]
    for p in errors + [p for p in problems if p.level == "warning"]:
        print(f"{prefix}{p}", file=sys.stderr)
    return len(errors)


def cmd_config_check(args: argparse.Namespace) -> int:
    overrides = overrides_of(args)
    settings_path = Path(args.settings) if getattr(args, "settings", None) else None
    net = Network(enabled=not args.offline, timeout=args.timeout)
    config_dir = Path(args.dir) if args.dir else None
    if config_dir is not None and not config_dir.is_dir():
        die(f"{config_dir}: not a folder")
    _, problems = check_all(settings_path, config_dir=config_dir, overrides=overrides, net=net)
    errors = report(problems)
    warnings = len(problems) - errors
    if errors:
        print(f"config check: {errors} error(s), {warnings} warning(s)", file=sys.stderr)
        return 1
    if not getattr(args, "quiet", False):
        print(f"config check: OK ({warnings} warning(s))")
    return 0


def cmd_routes_test(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    categories = list(load_taxonomy(settings.categories_file))
    _, problems = check_all(
        Path(args.settings) if getattr(args, "settings", None) else None, overrides=overrides_of(args)
    )
    why = category_problem(args.category, categories)
    bad = [problem("--category", "", "", args.category, why)] if why else []
    if report([p for p in problems if p.level == "error"] + bad):
        return 2
    config = apply_settings(load_subscriptions(settings.subscriptions_file), settings)
    now = utcnow()
    alert = synthetic_alert(
        args.category,
        args.severity,
        country=args.country,
        keyword=args.keyword,
        source=args.source,
        version=2 if args.update else 1,
        now=now,
    )
    silences = load_silences_file(silences_path(settings))
    chosen, stopped = explain_routes(alert, config, now, silences)
    what = f"{args.severity} {args.category}" + "".join(
        f" {k}={v}"
        for k, v in (("country", args.country), ("keyword", args.keyword), ("source", args.source))
        if v
    )
    print(f"alert: {what}{' (an update, v2)' if args.update else ''}")
    for name in chosen:
        sub = config.by_name(name)
        print(f"  DELIVER  {name} ({sub.channel.type if sub else '?'})")
    for name, why in stopped:
        print(f"  skip     {name}: {why}")
    if not chosen:
        print("  nobody would get this alert")
    return 0


def _country(text: str) -> str:
    why = country_problem(text)
    if why:
        raise argparse.ArgumentTypeError(f"{text!r}: {why}")
    return text.upper()


def add_parsers(sub: Any) -> None:
    cfg = sub.add_parser(
        "config",
        help="check the configuration before the worker uses it",
        description="Configuration tools. `config check` reads settings.yaml, the NEWSALERT_* environment, "
        "categories.yaml, rules.yaml, subscriptions.yaml, silences.yaml and feeds.yaml (if present), "
        "and prints one line per problem: file, entry, field, value and what is expected. The worker "
        "runs the same check at start-up.",
    )
    csub = cfg.add_subparsers(dest="config_command", required=True, metavar="ACTION")
    chk = csub.add_parser(
        "check",
        help="validate every config file and the environment; exit 1 on an error",
        description="Validate the configuration: unknown keys, categories, severities, countries and "
        "template fields (with 'did you mean'), silences that can never match, missing secrets, "
        "unwritable JSONL paths, webhook targets on private addresses without allow_private; "
        "targets that do not answer are warnings. Exit 0 when there is no error, 1 otherwise.",
    )
    chk.add_argument("--dir", help="check this config folder (default: the one the worker uses)")
    chk.add_argument("--offline", action="store_true", help="no DNS look-ups or connections to the targets")
    chk.add_argument(
        "--timeout", type=float, default=3.0, help="seconds per look-up or connection (default 3)"
    )
    chk.set_defaults(func=cmd_config_check)

    routes = sub.add_parser(
        "routes",
        help="who would get an alert, and why not",
        description="Routing tools. `routes test` builds an alert with the given fields and shows which "
        "subscriptions would get it and, for every other one, the filter or silence that stops it.",
    )
    rsub = routes.add_subparsers(dest="routes_command", required=True, metavar="ACTION")
    t = rsub.add_parser(
        "test",
        help="show the subscriptions a synthetic alert would reach",
        description="Route a synthetic alert through the configured subscriptions and silences (with no "
        "cooldown or rate limit used yet) and print DELIVER or skip with the reason for each.",
    )
    t.add_argument("--category", required=True, help="category of the alert (config/categories.yaml)")
    t.add_argument(
        "--severity",
        required=True,
        choices=[s.value for s in Severity if s != Severity.none],
        help="severity of the alert",
    )
    t.add_argument("--country", type=_country, help="ISO 3166-1 alpha-2 country of the event")
    t.add_argument("--keyword", help="a word to put in the alert's title (for keyword filters)")
    t.add_argument("--source", help="the source of its report (for source filters)")
    t.add_argument(
        "--update", action="store_true", help="an update of a story (version 2), not its first alert"
    )
    t.set_defaults(func=cmd_routes_test)
