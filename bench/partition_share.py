#!/usr/bin/env python3
"""How the story stage's work spreads over the classified topic's partitions (prints figures,
asserts nothing).

    python -m bench.partition_share [EVAL_DIR] [--partitions 4,8] [--groups JSON]

The classified topic is keyed by the family's group of compatible families
(``DedupConfig.partition_family``), and a partition has one owner, so the story stage's speed-up
from N workers is at most (all reports) / (reports on the busiest partition). This classifies
each dev set (ACLED notes, CrisisLex posts, ECB+ articles, BBC news) as the worker does, keys its
events as the worker does (murmur2, Kafka's and aiokafka's default partitioner), and prints per
partition count the distinct keys, the reports per partition and that bound. ``--groups``
measures another grouping (JSON, as the ``compatible_families`` knob) beside the shipped one.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from kafka.partitioner.default import murmur2

from streams.classify import Classifier
from streams.dedup.config import DedupConfig

SETS = {
    "acled": "acled2016_africa.jsonl",
    "crisislex": "crisislex_dev.jsonl",
    "ecbplus": "ecbplus_dev.jsonl",
    "bbc": "bbc_dev.jsonl",
}


def family_counts(path: Path, clf: Classifier) -> Counter[str]:
    """Events per category family in one dev set (non-events never reach the classified topic)."""
    got: Counter[str] = Counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            r = json.loads(line)
            c = clf.classify_text(r.get("title") or "", r.get("body") or r.get("text") or "")
            if c.category is not None:
                got[clf.family(c.category)] += 1
    return got


def share(counts: Counter[str], cfg: DedupConfig, partitions: int) -> tuple[int, list[int], float]:
    """(distinct keys, reports per partition, the speed-up bound) of one set under one key."""
    load = [0] * partitions
    keys = set()
    for fam, n in counts.items():
        key = cfg.partition_family(fam)
        keys.add(key)
        load[(murmur2(key.encode()) & 0x7FFFFFFF) % partitions] += n
    total = sum(load)
    return len(keys), load, (total / max(load) if total else 0.0)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "eval_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "eval")
    )
    ap.add_argument("--partitions", default="4,8", help="partition counts (comma-separated)")
    ap.add_argument("--groups", help="another compatible_families grouping (JSON) to compare")
    args = ap.parse_args(argv)
    configs = {"shipped": DedupConfig()}
    if args.groups:
        configs["--groups"] = DedupConfig(compatible_families=json.loads(args.groups))
    clf = Classifier()
    for name, file in SETS.items():
        path = Path(args.eval_dir) / file
        if not path.exists():
            print(f"{name}: {path} not found, skipped")
            continue
        counts = family_counts(path, clf)
        print(f"{name}: events by family {dict(counts.most_common())}")
        for label, cfg in configs.items():
            for n in (int(x) for x in args.partitions.split(",")):
                keys, load, bound = share(counts, cfg, n)
                print(
                    f"  {label:8s} {n} partitions: {keys} keys, per partition {load}, speed-up <= {bound:.2f}"
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
