"""`newsalert alerts tail|replay` and `newsalert silence ...`: operating alert delivery.

    newsalert alerts tail [--follow] [--min-severity S] [--category C]
    newsalert alerts replay [--subscription S] [--channel T] [--since ISO] [--story-id ID] [--failure KIND]
                            [--latest-only] [--limit N] [--dry-run]
                            (the same as `newsalert deadletters replay --kind deliveries`)
    newsalert silence add (--category C | --country CC | --keyword K | --story-id ID | --subscription S)...
                          (--for 2h | --until ISO) [--comment TEXT]
    newsalert silence list [--all]
    newsalert silence expire ID

Each subcommand sets ``func`` (``args.func(args) -> int`` exit code). Settings come from the
global flags (or ``args.settings`` if the caller put a Settings there); CLI silences live in
``<settings.config_dir>/silences.yaml`` (re-read by the worker).
"""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime, timedelta
from typing import Any

from alerts.checks import matcher_problems
from alerts.formatting import console_text
from alerts.replay import replay_dead_letters, tail_alerts
from alerts.silences import Silence, load_silences_file, save_silences_file, silences_path
from alerts.subscriptions import load_subscriptions
from newsalert.cli.common import settings_of
from newsalert.topics import subscriptions_for
from streams.models import Severity, utcnow
from streams.settings import ConfigError, Settings
from streams.taxonomy import load_taxonomy

_DURATION = re.compile(r"^(\d+(?:\.\d+)?)([smhd])$")


def parse_duration(text: str) -> timedelta:
    m = _DURATION.match(text.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a duration like 30m, 2h, 1d: {text!r}")
    n, unit = float(m.group(1)), m.group(2)
    return timedelta(seconds=n * {"s": 1, "m": 60, "h": 3600, "d": 86400}[unit])


def parse_time(text: str) -> datetime:
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {text!r}") from None
    if dt.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give a time zone (e.g. ...Z or +00:00): {text!r}")
    return dt


def _settings(args: argparse.Namespace) -> Settings:
    s = getattr(args, "settings", None)
    if isinstance(s, Settings):
        return s
    return settings_of(args)


def add_replay_options(rp: argparse.ArgumentParser) -> None:
    """The filters of `alerts replay` and `deadletters replay`."""
    rp.add_argument("--subscription", help="only this subscription")
    rp.add_argument("--channel", help="only this channel type (console, jsonl, kafka, webhook, slack, email)")
    rp.add_argument("--since", type=parse_time, help="only dead letters at or after this ISO time")
    rp.add_argument("--story-id", dest="story_id", help="only the deliveries of this story")
    rp.add_argument("--failure", dest="failure_kind", help="only this failure kind (timeout, http_4xx, ...)")
    rp.add_argument(
        "--latest-only", action="store_true", help="per story and subscription, only the newest version"
    )
    rp.add_argument("--limit", type=int, help="at most N deliveries (after ordering by story and version)")
    rp.add_argument("--dry-run", action="store_true", help="list what would be replayed, send nothing")
    rp.set_defaults(func=cmd_replay)


def add_parsers(subparsers: Any) -> None:
    """Add ``alerts tail|replay`` and ``silence add|list|expire`` to an argparse subparsers object."""
    alerts = subparsers.add_parser(
        "alerts",
        help="watch alerts, re-send dead-lettered deliveries",
        description="Alert operations: `tail` prints the alerts topic as the console channel does; "
        "`replay` re-sends deliveries that a channel refused (the same as `deadletters replay`).",
    )
    asub = alerts.add_subparsers(dest="alerts_command", required=True, metavar="ACTION")
    tail = asub.add_parser(
        "tail",
        help="pretty-print the alerts topic (from its start; --follow keeps waiting)",
        description="Print every alert and update on the alerts topic, from its beginning, as the console "
        "channel formats them. With --follow, keep printing new ones until Ctrl-C.",
    )
    tail.add_argument("--follow", "-f", action="store_true", help="keep waiting for new alerts")
    tail.add_argument(
        "--min-severity",
        choices=[s.value for s in Severity if s != Severity.none],
        help="only alerts of this severity or higher",
    )
    tail.add_argument("--category", help="only alerts of this category")
    tail.add_argument("--brief", action="store_true", help="one line per alert (no reports and reasons)")
    tail.set_defaults(func=cmd_tail)
    rp = asub.add_parser(
        "replay",
        help="re-send dead-lettered deliveries through the worker",
        description="Re-send the deliveries on the delivery dead-letter topic to their delivery topics, "
        "in (story, version) order; the worker delivers them again with the same idempotency key. "
        "Same as `newsalert deadletters replay --kind deliveries`.",
    )
    add_replay_options(rp)

    sil = subparsers.add_parser(
        "silence",
        help="mute alerts for a while",
        description="Silences mute the alerts that match them until they expire. They are kept in "
        "<config_dir>/silences.yaml, which the worker re-reads without a restart.",
    )
    ssub = sil.add_subparsers(dest="silence_command", required=True, metavar="ACTION")
    add = ssub.add_parser(
        "add",
        help="add a silence (all given matchers must match)",
        description="Add a silence: alerts matching ALL the given matchers are not delivered until it "
        "expires. Unknown categories, countries and subscriptions are refused.",
    )
    add.add_argument("--category", help="a category of config/categories.yaml")
    add.add_argument("--country", help="ISO 3166-1 alpha-2")
    add.add_argument("--keyword", help="case-insensitive, in the title")
    add.add_argument("--story-id", dest="story_id", help="one story")
    add.add_argument("--subscription", help="only for this subscription")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--for", dest="duration", type=parse_duration, help="e.g. 30m, 2h, 1d")
    when.add_argument("--until", type=parse_time, help="ISO time with zone")
    add.add_argument("--comment", default="", help="why (shown by `silence list`)")
    add.set_defaults(func=cmd_silence_add)
    ls = ssub.add_parser(
        "list",
        help="list silences",
        description="List the active silences (with --all, the expired ones too), from silences.yaml and "
        "subscriptions.yaml.",
    )
    ls.add_argument("--all", action="store_true", help="include expired ones")
    ls.set_defaults(func=cmd_silence_list)
    ex = ssub.add_parser(
        "expire",
        help="expire a silence now",
        description="Expire a silence of silences.yaml now (it stays listed with --all).",
    )
    ex.add_argument("id", help="the silence's id (from `silence list`)")
    ex.set_defaults(func=cmd_silence_expire)


def cmd_replay(args: argparse.Namespace) -> int:
    settings = _settings(args)
    try:
        config = subscriptions_for(settings)
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    report = replay_dead_letters(
        settings,
        config,
        subscription=args.subscription,
        channel=args.channel,
        since=args.since,
        story_id=args.story_id,
        kind=args.failure_kind,
        latest_only=args.latest_only,
        limit=args.limit,
        dry_run=args.dry_run,
    )
    verb = "would replay" if args.dry_run else "replayed"
    print(f"scanned {report.scanned} dead letters; {verb} {report.replayed}; skipped {report.skipped}")
    for reason, n in sorted(report.by_reason.items()):
        print(f"  skipped {n}: {reason}")
    for key in report.replayed_keys:
        print(f"  {key}")
    return 0


def _categories(settings: Settings) -> list[str]:
    """The taxonomy's categories (the shipped one if the config folder has no categories.yaml)."""
    path = settings.categories_file
    return list(load_taxonomy(path if path.exists() else None))


def _subscription_names(settings: Settings) -> list[str] | None:
    try:
        return [s.name for s in load_subscriptions(settings.subscriptions_file).subscriptions]
    except ConfigError:
        return None  # config check reports it; the silence itself is still valid


def cmd_silence_add(args: argparse.Namespace) -> int:
    settings = _settings(args)
    path = silences_path(settings)
    now = utcnow()
    matcher = {
        k: getattr(args, k)
        for k in ("category", "country", "keyword", "story_id", "subscription")
        if getattr(args, k) is not None
    }
    try:
        bad = matcher_problems(matcher, _categories(settings), _subscription_names(settings))
    except ConfigError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for field, value, why in bad:
        print(f"error: --{field.replace('_', '-')} {value!r}: {why}", file=sys.stderr)
    if bad:
        return 2
    try:
        s = Silence.model_validate(
            {
                "matcher": matcher,
                "expires_at": args.until or now + args.duration,
                "created_at": now,
                "comment": args.comment,
            }
        )
        silences = load_silences_file(path)
    except (ValueError, ConfigError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    save_silences_file(path, [*silences, s])
    print(f"{s.id} until {s.expires_at.isoformat()} ({path})")
    return 0


def cmd_tail(args: argparse.Namespace) -> int:
    """Print the alerts topic with the console channel's format."""
    settings = _settings(args)
    floor = Severity(args.min_severity) if args.min_severity else None
    shown = 0
    try:
        for alert in tail_alerts(settings, follow=args.follow):
            if (floor is not None and not alert.severity >= floor) or (
                args.category and alert.category != args.category
            ):
                continue
            print(console_text(alert, details=not args.brief), flush=True)
            shown += 1
    except KeyboardInterrupt:
        pass
    if not args.quiet:
        print(f"{shown} alerts", file=sys.stderr)
    return 0


def cmd_silence_list(args: argparse.Namespace) -> int:
    settings = _settings(args)
    now = utcnow()
    rows = [(s, "cli") for s in load_silences_file(silences_path(settings))]
    try:
        rows += [(s, "config") for s in load_subscriptions(settings.subscriptions_file).silences]
    except ConfigError:
        pass
    shown = 0
    for s, origin in rows:
        if not args.all and not s.active(now):
            continue
        m = " ".join(f"{k}={v}" for k, v in s.matcher.model_dump(exclude_none=True).items())
        state = "active" if s.active(now) else "expired"
        print(f"{s.id}  {state:7}  until {s.expires_at.isoformat()}  [{origin}]  {m}  {s.comment}".rstrip())
        shown += 1
    if not shown:
        print("no silences")
    return 0


def cmd_silence_expire(args: argparse.Namespace) -> int:
    path = silences_path(_settings(args))
    silences = load_silences_file(path)
    now = utcnow()
    for i, s in enumerate(silences):
        if s.id == args.id:
            silences[i] = s.model_copy(update={"expires_at": now})
            save_silences_file(path, silences)
            print(f"{s.id} expired")
            return 0
    print(
        f"error: no silence {args.id!r} in {path} (silences in subscriptions.yaml are edited there)",
        file=sys.stderr,
    )
    return 1
