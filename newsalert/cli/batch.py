"""`newsalert classify` and `newsalert dedup`: the pipeline's core over JSONL files, no Kafka."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from newsalert.cli.common import settings_of
from streams.batch import classify_records, dedup_records
from streams.classify.engine import default_classifier
from streams.dedup import DedupConfig
from streams.models import Article, StoryDecision
from streams.stories import event_time
from streams.taxonomy import load_taxonomy


def _input(args: argparse.Namespace) -> TextIO:
    return open(args.file, encoding="utf-8") if args.file and args.file != "-" else sys.stdin


def cmd_classify(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    ok, bad = classify_records(_input(args), sys.stdout, classifier=default_classifier(settings.config_dir))
    print(f"classified {ok} articles, {bad} bad lines skipped", file=sys.stderr)
    return 0


class Summary:
    """What ``newsalert dedup --summary`` prints after the decisions: the alerting stories opened
    per hour (of the reports' own times) and the largest stories."""

    def __init__(self) -> None:
        self.per_hour: dict[str, int] = {}
        self.size: dict[str, int] = {}
        self.title: dict[str, str] = {}
        self.alerted: set[str] = set()
        self.merges: list[tuple[str, str]] = []  # (story merged away, the story it joined)

    def __call__(self, article: Article, d: StoryDecision) -> None:
        for lost in d.merged:  # a late merge: the reports of ``lost`` now count for the survivor
            self.merges.append((lost, d.story_id))
            self.size[d.story_id] = self.size.get(d.story_id, 0) + self.size.pop(lost, 0)
        self.size[d.story_id] = self.size.get(d.story_id, 0) + 1
        self.title.setdefault(d.story_id, (article.title or article.body)[:80])
        if d.update == "new":
            hour = event_time(article).strftime("%Y-%m-%d %H:00")
            self.per_hour[hour] = self.per_hour.get(hour, 0) + 1
            self.alerted.add(d.story_id)

    def print(self, out: TextIO, largest: int = 10) -> None:
        gone = {lost for lost, _ in self.merges}
        both = sum(1 for lost, into in self.merges if lost in self.alerted and into in self.alerted)
        after = f"; {len(self.alerted - gone)} after {len(self.merges)} late merge(s)" if self.merges else ""
        total = len(self.size) + len(gone)
        print(f"alerting stories: {len(self.alerted)} of {total} stories{after}", file=out)
        print("alerting stories opened per hour:", file=out)
        for hour in sorted(self.per_hour):
            print(f"  {hour}  {self.per_hour[hour]}", file=out)
        print("largest stories:", file=out)
        top = sorted(self.size, key=lambda s: (-self.size[s], s))[:largest]
        for sid in top:
            mark = "alerted" if sid in self.alerted else "no alert"
            print(f"  {sid}  {self.size[sid]} reports, {mark}: {self.title[sid]}", file=out)
        if self.merges:
            print(f"late merges ({both} joined two alerted stories: a 'merged' update each):", file=out)
            for lost, into in self.merges[:largest]:
                mark = "alerted" if lost in self.alerted else "no alert"
                print(f"  {lost} ({mark}: {self.title[lost]}) -> {into}", file=out)
            if len(self.merges) > largest:
                print(f"  ... and {len(self.merges) - largest} more", file=out)


def cmd_dedup(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    summary = Summary() if args.summary else None
    ok, bad = dedup_records(
        _input(args),
        sys.stdout,
        classify=not args.no_classify,
        config=DedupConfig.from_settings(settings),
        taxonomy=load_taxonomy(settings.categories_file),
        classifier=default_classifier(settings.config_dir),
        seen=summary,
        arrival_order=args.arrival_order,
    )
    if summary is not None:
        summary.print(sys.stderr)
    print(f"deduplicated {ok} articles, {bad} bad lines skipped", file=sys.stderr)
    return 0


def add_parsers(sub: Any) -> None:
    s = sub.add_parser(
        "classify",
        help="batch: classify JSONL articles (FILE or stdin) -> JSON lines on stdout",
        description="Classify each article of a JSONL file (or stdin) as the live worker does, "
        "without Kafka. One JSON line out per article: id, category, severity, counts, place, "
        "and the reasons (rules that fired, vetoes, where the counts came from).",
    )
    s.add_argument("file", nargs="?", help="JSONL file; - or nothing for stdin")
    s.set_defaults(func=cmd_classify)

    s = sub.add_parser(
        "dedup",
        help="batch: assign JSONL articles to stories in publish-time order -> JSON lines",
        description="Assign each article of a JSONL file to a story as the live worker does, replaying "
        "the file in publish-time order (a stable sort; the file is held in memory), so that a file of "
        "several periods in blocks is decided as if it had arrived in time order. One output line per "
        "input line, in input order, written when the whole file is decided: id, story_id (the story "
        "the article ends in: after a late merge, the survivor), story_on_arrival (the story it joined "
        "or opened when it was decided), duplicate, match (new, url, content, "
        "near_duplicate, same_event), score, update (the alert or update due), reason (for a new "
        "story: the nearest story and why it was not joined), category, severity, merged (the "
        "stories this report showed to be its story's event: a late merge).",
    )
    s.add_argument("file", nargs="?", help="JSONL file; - or nothing for stdin")
    s.add_argument(
        "--no-classify", action="store_true", help="match on text only, without the classifier's fields"
    )
    s.add_argument(
        "--arrival-order",
        action="store_true",
        help="decide the articles in file order as they are read (memory stays bounded), as a live "
        "stream arrives: an article older than the story window (dedup_window_hours) behind the newest "
        "one seen finds no story held and opens its own",
    )
    s.add_argument(
        "--summary",
        action="store_true",
        help="after the decisions, print (on stderr) the alerting stories opened per hour, the "
        "largest stories and the late merges (which story joined which)",
    )
    s.set_defaults(func=cmd_dedup)
