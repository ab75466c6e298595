"""`newsalert alerts replay` and `newsalert silence ...`: operating alert delivery.

    newsalert alerts replay [--subscription S] [--channel T] [--since ISO] [--limit N] [--dry-run]
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

from alerts.replay import replay_dead_letters
from alerts.silences import Silence, load_silences_file, save_silences_file, silences_path
from alerts.subscriptions import load_subscriptions
from newsalert.cli.common import settings_of
from newsalert.topics import subscriptions_for
from streams.models import utcnow
from streams.settings import ConfigError, Settings

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


def add_parsers(subparsers: Any) -> None:
    """Add ``alerts replay`` and ``silence add|list|expire`` to an argparse subparsers object."""
    alerts = subparsers.add_parser("alerts", help="alert delivery operations")
    asub = alerts.add_subparsers(dest="alerts_command", required=True)
    rp = asub.add_parser("replay", help="re-send dead-lettered deliveries through the worker")
    rp.add_argument("--subscription", help="only this subscription")
    rp.add_argument("--channel", help="only this channel type")
    rp.add_argument("--since", type=parse_time, help="only dead letters at or after this ISO time")
    rp.add_argument("--limit", type=int, help="at most N deliveries")
    rp.add_argument("--dry-run", action="store_true", help="list what would be replayed")
    rp.set_defaults(func=cmd_replay)

    sil = subparsers.add_parser("silence", help="mute alerts for a while")
    ssub = sil.add_subparsers(dest="silence_command", required=True)
    add = ssub.add_parser("add", help="add a silence (all given matchers must match)")
    add.add_argument("--category")
    add.add_argument("--country", help="ISO 3166-1 alpha-2")
    add.add_argument("--keyword", help="case-insensitive, in the title")
    add.add_argument("--story-id", dest="story_id")
    add.add_argument("--subscription")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--for", dest="duration", type=parse_duration, help="e.g. 30m, 2h, 1d")
    when.add_argument("--until", type=parse_time, help="ISO time with zone")
    add.add_argument("--comment", default="")
    add.set_defaults(func=cmd_silence_add)
    ls = ssub.add_parser("list", help="list silences")
    ls.add_argument("--all", action="store_true", help="include expired ones")
    ls.set_defaults(func=cmd_silence_list)
    ex = ssub.add_parser("expire", help="expire a silence now")
    ex.add_argument("id")
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


def cmd_silence_add(args: argparse.Namespace) -> int:
    path = silences_path(_settings(args))
    now = utcnow()
    matcher = {
        k: getattr(args, k)
        for k in ("category", "country", "keyword", "story_id", "subscription")
        if getattr(args, k) is not None
    }
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
