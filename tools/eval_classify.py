"""Measure the classifier on the labelled public data in ../shared/eval (never copied here).

    python tools/eval_classify.py [EVAL_DIR] [--errors N]

Runs `newsalert classify` logic over acled2016_africa.jsonl and bbc_dev.jsonl,
scores them with EVAL_DIR/score.py, and with --errors prints up to N mistakes of
each kind with the reasons the classifier gave.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from streams.batch import classify_records  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "eval"))
    ap.add_argument("--errors", type=int, default=0, help="print up to N mistakes per kind")
    ap.add_argument("--files", default="acled2016_africa,bbc_dev")
    args = ap.parse_args()
    ed = Path(args.eval_dir)
    spec = importlib.util.spec_from_file_location("score", ed / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    for name in args.files.split(","):
        gold_path = ed / f"{name}.jsonl"
        out = io.StringIO()
        with open(gold_path, encoding="utf-8") as f:
            classify_records(f, out, io.StringIO())
        preds = {p["id"]: p for p in map(json.loads, out.getvalue().splitlines())}
        gold = score.load(str(gold_path))
        res = score.classify(gold, preds)
        res.pop("by_gold_label", None)
        print(name, json.dumps(res))
        if args.errors:
            kinds = {"fn": [], "fp": [], "cat": [], "fat": []}
            for g in gold:
                p = preds[g["id"]]
                ans = score.gold_answer(g)
                if g.get("fatalities") is not None and (p["fatalities"] or 0) != g["fatalities"]:
                    kinds["fat"].append((g, p))
                if ans is None:
                    continue
                hit = score.alerting(p)
                if ans[0] and not hit:
                    kinds["fn"].append((g, p))
                elif not ans[0] and hit:
                    kinds["fp"].append((g, p))
                elif ans[0] and hit and p["category"] not in ans[1]:
                    kinds["cat"].append((g, p))
            for k, items in kinds.items():
                print(f"\n=== {name} {k}: {len(items)}")
                for g, p in items[: args.errors]:
                    lab = g.get("event_type") or g.get("label")
                    print(f"- [{lab} f={g.get('fatalities')}] pred={p['category']}/{p['severity']} f={p['fatalities']}")
                    print("  ", (g.get("title", "") + " | " + g["body"])[:400].replace("\n", " "))
                    print("  ", "; ".join(r for r in p["reasons"] if not r.startswith("location"))[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
