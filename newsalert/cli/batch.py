"""`newsalert classify` and `newsalert dedup`: the pipeline's core over JSONL files, no Kafka."""

from __future__ import annotations

import argparse
import sys
from typing import Any, TextIO

from newsalert.cli.common import settings_of
from streams.batch import classify_records, dedup_records
from streams.classify.engine import default_classifier
from streams.dedup import DedupConfig
from streams.taxonomy import load_taxonomy


def _input(args: argparse.Namespace) -> TextIO:
    return open(args.file, encoding="utf-8") if args.file and args.file != "-" else sys.stdin


def cmd_classify(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    ok, bad = classify_records(_input(args), sys.stdout, classifier=default_classifier(settings.config_dir))
    print(f"classified {ok} articles, {bad} bad lines skipped", file=sys.stderr)
    return 0


def cmd_dedup(args: argparse.Namespace) -> int:
    settings = settings_of(args)
    ok, bad = dedup_records(
        _input(args),
        sys.stdout,
        classify=not args.no_classify,
        config=DedupConfig.from_settings(settings),
        taxonomy=load_taxonomy(settings.categories_file),
        classifier=default_classifier(settings.config_dir),
    )
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
        help="batch: assign JSONL articles to stories in arrival order -> JSON lines",
        description="Assign each article of a JSONL file to a story, in arrival order, as the live worker "
        "does. One output line per input line: id, story_id, duplicate, match (new, url, content, "
        "near_duplicate, same_event), score, update (the alert or update due), reason (for a new "
        "story: the nearest story and why it was not joined), category, severity.",
    )
    s.add_argument("file", nargs="?", help="JSONL file; - or nothing for stdin")
    s.add_argument(
        "--no-classify", action="store_true", help="match on text only, without the classifier's fields"
    )
    s.set_defaults(func=cmd_dedup)
