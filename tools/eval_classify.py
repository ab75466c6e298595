"""Measure the classifier on the labelled public data in ../shared/eval (never copied here).

    python -m tools.eval_classify [EVAL_DIR] [--errors N]          # dev: all of ACLED 2016 and BBC
    python -m tools.eval_classify --corpus [PATH]                  # one labelled corpus, whole
    python -m tools.eval_classify --split frozen [--no-model]      # the frozen test split of every source
    python -m tools.eval_classify --split cv --oof OOF.jsonl       # cross-validated (training split)
    ... [--kinds] [--ids es-0001:es-0286,fr-0001:fr-0298]         # kinds of error; some corpus ids only
    ... --corpus --ids c-3001:c-3226 --by-type [--side train]      # per sub-type (acled_type); one side

Runs `newsalert classify` logic over acled2016_africa.jsonl and bbc_dev.jsonl,
scores them with EVAL_DIR/score.py, and with --errors prints up to N mistakes of
each kind with the reasons the classifier gave.

`--split frozen` scores only the frozen test split (tools/classifier_data.py `frozen`) of
ACLED, BBC and the three corpora, with the shipped model (trained without them). `--split
cv` scores the rest, each item with the probabilities the model gave it when its fold was
left out (`tools/train_classifier.py --oof`): cross-validated figures of rules and model
together. `--no-model` scores the rules alone.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import sys
from collections import Counter
from pathlib import Path

from streams.batch import classify_records

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "labelled.jsonl"


ORDINARY_CASES = ("ordinary", "metaphor_sport")


def alerted(c) -> str | None:
    """The category an item alerts with: none when its severity is none (a routine bulletin, a
    hazard named with no harm keep their category for the story stage but raise no alert), as
    ../shared/eval/score.py's `alerting` counts it."""
    return c.category if c.severity.value != "none" else None


def error_kinds(r: dict, c) -> list[str]:
    """The kinds of mistake on one labelled item (none when category and severity are right):
    what went wrong in general terms, to count over many items rather than read one by one."""
    gold, pred, out = r.get("category"), alerted(c), []
    why = next((x for x in reversed(c.reasons) if x.startswith("no event")), "")
    if gold is None:
        if pred is not None:
            by_model = any("raised by the model" in x for x in c.reasons)
            out.append(f"false alert ({'model raised' if by_model else 'rules'})")
        return out
    if pred is None:
        if "model: no event" in why:
            out.append("missed: the model's veto")
        elif "no rule's words" in why or "no rule fired" in why:
            out.append("missed: no rule's words")
        elif "context throughout" in why or "vetoed by" in why:
            out.append("missed: a context vetoed")
        else:
            out.append("missed: under the threshold")
        return out
    if pred != gold:
        out.append(f"category: {gold} -> {pred}")
    gf, pf = r.get("fatalities"), c.fatalities
    sev, psev = r["severity"], c.severity.value
    if (gf or 0) != (pf or 0):
        if pf is None:
            how = "no toll read"
        elif gf is None:
            how = "toll read where none is stated"
        else:
            how = "too high" if pf > gf else "too low"
        out.append(f"fatalities {how}" + (" (severity wrong)" if sev != psev else ""))
    elif sev != psev:
        flash_target = sev == "flash" and (gf or 0) < 10
        out.append(
            f"severity {sev} -> {psev}, toll right"
            + (" (a senior target)" if flash_target or psev == "flash" else "")
        )
    return out


def corpus_scores(records: list[dict], classifier=None, proba: dict | None = None) -> dict:
    """Per-category recall/precision, hard-negative false alerts, severity/count/country agreement.
    `proba`: id -> the model's probabilities to use instead of the shipped model's."""
    from collections import Counter

    from streams.classify.engine import default_classifier

    clf = classifier or default_classifier()
    tp, fp, fn = Counter(), Counter(), Counter()
    neg_by_case, neg_alert_by_case = Counter(), Counter()
    sev_ok = fat_ok = fat_n = ctry_ok = ctry_n = 0
    b_tp = b_fp = b_fn = 0  # binary: does it alert (category not null) when it should?
    both_ok = events = ordinary = ordinary_alert = 0
    kinds: Counter = Counter()
    errors = []
    by_type: dict[str, Counter] = {}
    for r in records:
        p = proba.get(r["id"]) if proba is not None else None
        c = clf.classify_text(r.get("title") or "", r.get("body") or "", r.get("language"), p, _year(r))
        gold, pred = r.get("category"), alerted(c)
        b_tp += gold is not None and pred is not None
        b_fp += gold is None and pred is not None
        b_fn += gold is not None and pred is None
        for k in error_kinds(r, c):
            kinds[k] += 1
        if r.get("acled_type"):
            t = by_type.setdefault(r["acled_type"], Counter())
            t["n"] += 1
            t["events"] += gold is not None
            t["alerted"] += pred is not None
            t["right"] += pred == gold and (gold is None or c.severity.value == r["severity"])
            t["category_right"] += pred == gold
        if gold is not None:
            events += 1
            both_ok += pred == gold and c.severity.value == r["severity"]
        elif r["case"] in ORDINARY_CASES:
            ordinary += 1
            ordinary_alert += pred is not None
        if gold is None:
            neg_by_case[r["case"]] += 1
            if pred is not None:
                neg_alert_by_case[r["case"]] += 1
                fp[pred] += 1
                errors.append(("false alert", r, c))
        else:
            if pred == gold:
                tp[gold] += 1
            else:
                fn[gold] += 1
                if pred is not None:
                    fp[pred] += 1
                errors.append(("missed" if pred is None else "wrong category", r, c))
            fat_n += 1
            fat_ok += (c.fatalities or 0) == (r.get("fatalities") or 0)
            if r.get("country"):
                ctry_n += 1
                ctry_ok += c.location.country == r["country"]
        sev_ok += c.severity.value == r["severity"]
    cats = sorted(set(tp) | set(fn))
    per_cat = {
        k: {
            "n": tp[k] + fn[k],
            "recall": round(tp[k] / (tp[k] + fn[k]), 3),
            "precision": round(tp[k] / (tp[k] + fp[k]), 3) if tp[k] + fp[k] else None,
        }
        for k in cats
    }
    negs = sum(neg_by_case.values())
    bp = b_tp / max(1, b_tp + b_fp)
    br = b_tp / max(1, b_tp + b_fn)
    return {
        "n": len(records),
        "binary": {
            "precision": round(bp, 3),
            "recall": round(br, 3),
            "f1": round(2 * bp * br / (bp + br), 3) if bp + br else 0.0,
        },
        "per_category": per_cat,
        "accuracy_positives": round(sum(tp.values()) / max(1, sum(tp.values()) + sum(fn.values())), 3),
        "category_right_on_hits": f"{sum(tp.values())}/{b_tp} = {sum(tp.values()) / max(1, b_tp):.3f}",
        "hard_negative_false_alert_rate": round(sum(neg_alert_by_case.values()) / max(1, negs), 3),
        "false_alerts_by_case": {k: f"{neg_alert_by_case[k]}/{v}" for k, v in sorted(neg_by_case.items())},
        "severity_accuracy": round(sev_ok / len(records), 3),
        "fatalities_exact_on_positives": round(fat_ok / max(1, fat_n), 3),
        "country_accuracy_on_positives": round(ctry_ok / max(1, ctry_n), 3),
        "category_and_severity_right": f"{both_ok}/{events} = {both_ok / max(1, events):.3f}",
        "ordinary_alerted": f"{ordinary_alert}/{ordinary}",
        "_kinds": kinds,
        "_errors": errors,
        "_by_type": by_type,
    }


def type_table(by_type: dict[str, Counter]) -> str:
    """Per sub-type (the corpus items' `acled_type`): items, events among them, alerted, category
    right (none for a non-event), category and severity right."""
    rows = [
        "| sub-type | items | events | alerted | category right | category and severity right |",
        "|---|---|---|---|---|---|",
    ]
    for k in sorted(by_type):
        t = by_type[k]
        rows.append(
            f"| {k} | {t['n']} | {t['events']} | {t['alerted']} | {t['category_right']} | {t['right']} |"
        )
    return "\n".join(rows)


def id_ranges(spec: str | None) -> list[tuple[str, int, int]]:
    """ "es-0287:es-0324,fr-0299:fr-0334" -> [("es", 287, 324), ("fr", 299, 334)] (inclusive)."""
    out = []
    for part in filter(None, (spec or "").split(",")):
        a, _, b = part.partition(":")
        prefix, lo = a.rsplit("-", 1)
        out.append((prefix, int(lo), int((b or a).rsplit("-", 1)[1])))
    return out


def in_ranges(rid: str, ranges: list[tuple[str, int, int]]) -> bool:
    """Is this corpus id in one of the ranges? Ids of a corpus no range names are all kept."""
    prefix, _, num = rid.rpartition("-")
    mine = [(lo, hi) for p, lo, hi in ranges if p == prefix]
    return not mine or any(lo <= int(num) <= hi for lo, hi in mine)


def corpus_report(
    path: Path, n_errors: int, ids: str | None = None, by_type: bool = False, split: str | None = None
) -> int:
    from tools.classifier_data import frozen

    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    records = [r for r in records if in_ranges(r["id"], id_ranges(ids))]
    if split:  # one side of the frozen split only
        records = [
            r for r in records if frozen(r.get("title") or "", r.get("body") or "") == (split == "frozen")
        ]
    res = corpus_scores(records)
    errors = res.pop("_errors")
    kinds = res.pop("_kinds")
    types = res.pop("_by_type")
    print(json.dumps(res, indent=1))
    print("kinds of error:", json.dumps(dict(kinds.most_common())))
    if by_type:
        print(type_table(types))
    for kind, r, c in errors[:n_errors]:
        print(f"- {kind} [{r['id']} {r['case']} gold={r['category']}] pred={c.category}/{c.severity.value}")
        print("  ", (r.get("title", "") + " | " + r["body"])[:300].replace("\n", " "))
        print("  ", "; ".join(x for x in c.reasons if not x.startswith("location"))[:300])
    return 0


def _load_score(ed: Path):
    spec = importlib.util.spec_from_file_location("score", ed / "score.py")
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    return score


def _year(r: dict) -> int | None:
    """The year a record was published, when it says (a year from then on dates no earlier event)."""
    at = r.get("published_at") or ""
    return int(at[:4]) if at[:4].isdigit() else None


def _record_preds(records: list[dict], clf, proba: dict | None) -> dict:
    out = {}
    for r in records:
        p = proba.get(r["id"]) if proba is not None else None
        c = clf.classify_text(r.get("title") or "", r.get("body") or "", r.get("language"), p, _year(r))
        out[r["id"]] = {
            "id": r["id"],
            "category": c.category,
            "severity": c.severity.value,
            "fatalities": c.fatalities,
            "reasons": c.reasons,
        }
    return out


def split_report(
    ed: Path,
    which: str,
    oof: Path | None,
    no_model: bool,
    n_errors: int,
    show_kinds: bool = False,
    ids: str | None = None,
) -> int:
    """Figures on the frozen split, or cross-validated ones on the rest."""
    from streams.classify.engine import Classifier
    from tools.classifier_data import CORPORA, frozen

    clf = Classifier(model=not no_model)
    proba = None
    if which == "cv":
        if no_model:
            proba = None
        elif oof is None:
            print("--split cv needs --oof (tools/train_classifier.py --oof PATH)")
            return 2
        else:
            proba = {d["id"]: d["p"] for d in map(json.loads, oof.read_text().splitlines())}
    want_frozen = which == "frozen"

    def keep(r: dict) -> bool:
        return frozen(r.get("title") or "", r.get("body") or "") == want_frozen

    score = _load_score(ed)
    for name in ("acled2016_africa", "bbc_dev"):
        gold = [r for r in score.load(str(ed / f"{name}.jsonl")) if keep(r)]
        preds = _record_preds(gold, clf, proba)
        res = score.classify(gold, preds)
        res.pop("by_gold_label", None)
        print(f"{name} [{which}]", json.dumps(res))
    for lang, path in CORPORA.items():
        recs = [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]
        recs = [r for r in recs if keep(r) and in_ranges(r["id"], id_ranges(ids))]
        res = corpus_scores(recs, clf, proba)
        errors = res.pop("_errors")
        kinds = res.pop("_kinds")
        res.pop("per_category")
        res.pop("_by_type")
        print(f"corpus_{lang} [{which}]", json.dumps(res))
        if show_kinds:
            print(f"  kinds of error ({lang}):", json.dumps(dict(kinds.most_common())))
        for kind, r, c in errors[:n_errors]:
            print(
                f"- {kind} [{r['id']} {r['case']} gold={r['category']}] pred={c.category}/{c.severity.value}"
            )
            print("  ", (r.get("title", "") + " | " + r["body"])[:300].replace("\n", " "))
            print("  ", "; ".join(x for x in c.reasons if not x.startswith("location"))[:400])
    return 0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "eval_dir", nargs="?", default=str(Path(__file__).resolve().parents[2] / "shared" / "eval")
    )
    ap.add_argument("--errors", type=int, default=0, help="print up to N mistakes per kind")
    ap.add_argument("--files", default="acled2016_africa,bbc_dev")
    ap.add_argument(
        "--corpus",
        nargs="?",
        const=str(CORPUS),
        default=None,
        help="score the project's labelled corpus instead (default tests/corpus/labelled.jsonl)",
    )
    ap.add_argument("--split", choices=["frozen", "cv"], default=None)
    ap.add_argument("--oof", default=None, help="out-of-fold probabilities (tools/train_classifier.py --oof)")
    ap.add_argument("--no-model", action="store_true", help="the rules alone")
    ap.add_argument("--kinds", action="store_true", help="tally the kinds of error per corpus (no texts)")
    ap.add_argument(
        "--ids",
        default=None,
        help="corpus items by id ranges only, e.g. es-0001:es-0286,fr-0001:fr-0298 (other corpora whole)",
    )
    ap.add_argument(
        "--by-type", action="store_true", help="with --corpus: a table per sub-type (the items' acled_type)"
    )
    ap.add_argument(
        "--side",
        choices=["frozen", "train"],
        default=None,
        help="with --corpus: one side of the frozen split only (train: the training split)",
    )
    args = ap.parse_args()
    if args.corpus:
        return corpus_report(Path(args.corpus), args.errors, args.ids, args.by_type, args.side)
    if args.split:
        return split_report(
            Path(args.eval_dir),
            args.split,
            Path(args.oof) if args.oof else None,
            args.no_model,
            args.errors,
            args.kinds,
            args.ids,
        )
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
        shared = Counter(g["body"] for g in gold)
        if any(v > 1 for v in shared.values()) and any(g.get("fatalities") is not None for g in gold):
            # ACLED codes one event per place and day, and may split one note's toll over them:
            # those events share a text, so no reading of the text gets each of them right
            for label, several in (("notes of one event", False), ("notes shared by several events", True)):
                part = [
                    g for g in gold if (shared[g["body"]] > 1) == several and g.get("fatalities") is not None
                ]
                ok = sum((preds[g["id"]]["fatalities"] or 0) == g["fatalities"] for g in part)
                print(f"  fatalities exact on {label}: {ok}/{len(part)} = {ok / max(1, len(part)):.3f}")
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
                    pred = f"{p['category']}/{p['severity']} f={p['fatalities']}"
                    print(f"- [{lab} f={g.get('fatalities')}] pred={pred}")
                    print("  ", (g.get("title", "") + " | " + g["body"])[:400].replace("\n", " "))
                    print("  ", "; ".join(r for r in p["reasons"] if not r.startswith("location"))[:400])
    return 0


if __name__ == "__main__":
    sys.exit(main())
