#!/usr/bin/env python3
"""Tune how rules and model combine (streams/classify/decide.py `Blend`) by cross-validation.

    python -m tools.tune_blend --oof OOF.jsonl [--eval-dir DIR]

Uses only the training split (never the frozen one): each item of ACLED 2016, BBC and the
three corpora outside the frozen split, with the probabilities the model gave it while its
fold was left out (tools/train_classifier.py --oof). The rules' match is computed once per
item; each setting of the grid then re-runs only the decision. The objective is the mean
binary F1 (ACLED, corpora) plus the mean category accuracy, minus a penalty for BBC alerts
over 0.5 %. Prints the best settings and their figures, then the best second tier (`weak_rules`,
`weak_veto`) over the shipped setting.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from dataclasses import replace
from pathlib import Path

from streams.classify.decide import BLENDS, Blend, decide
from streams.classify.engine import Classifier
from tools.classifier_data import EVAL_DIR, acled_items, bbc_items, corpus_items

ROOT = Path(__file__).resolve().parent.parent


def gold_of(it) -> tuple[bool, set[str]] | None:
    """(is an event, allowed categories) as score.py and the corpora label it."""
    if it.source == "bbc":
        return (False, set()) if it.record["label"] != "politics" else None
    if it.source == "acled":
        r = it.record
        et = r["event_type"]
        pos = {
            "Battle-No change of territory": {"armed_clash"},
            "Battle-Government regains territory": {"armed_clash"},
            "Battle-Non-state actor overtakes territory": {"armed_clash"},
            "Remote violence": {"bombing", "air_strike", "shelling", "attack"},
            "Violence against civilians": {
                "attack",
                "abduction",
                "assassination",
                "assassination_attempt",
                "bombing",
                "deadly_unrest",
            },
        }
        if et in pos:
            return True, pos[et]
        if et in ("Strategic development", "Non-violent transfer of territory"):
            return False, set()
        if et == "Riots/Protests" and (r.get("fatalities") or 0) > 0:
            return True, {"deadly_unrest", "attack"}
        return None
    return (it.label != "none", {it.label})


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--oof", required=True)
    ap.add_argument("--eval-dir", default=str(EVAL_DIR))
    ap.add_argument("--per-language", action="store_true", help="also tune Spanish and French apart")
    args = ap.parse_args()
    proba = {d["id"]: d["p"] for d in map(json.loads, Path(args.oof).read_text().splitlines())}
    ed = Path(args.eval_dir)
    items = corpus_items("en") + corpus_items("es") + corpus_items("fr") + acled_items(ed) + bbc_items(ed)
    items = [it for it in items if not it.frozen and it.id in proba]
    clf = Classifier(model=False)
    cases = []
    for it in items:
        g = gold_of(it)
        if g is None:
            continue
        matched = clf.match_text(it.title, it.body, it.record.get("language"))
        cases.append((it.source, g, matched.pack, matched.m, proba[it.id]))
    print(f"{len(cases)} training-split items")

    def run(b: Blend, group: set[str] | None = None) -> dict[str, tuple[float, float]]:
        stats: dict[str, list[int]] = {}
        for src, (pos, allowed), pack, m, p in cases:
            if group is not None and src not in group:
                continue
            st = stats.setdefault(src, [0, 0, 0, 0, 0])  # tp fp fn cat_ok tn
            if m is None:
                cat = None
            else:
                spec = pack.rules.spec
                cat = decide(
                    m,
                    p,
                    b,
                    pack.rules.threshold,
                    spec.lead_sentences,
                    spec.late_weight,
                    spec.extra_weight,
                    clf.taxonomy.order,
                    pack.weights,
                ).category
            hit = cat is not None
            if pos and hit:
                st[0] += 1
                st[3] += cat in allowed
            elif pos:
                st[2] += 1
            elif hit:
                st[1] += 1
            else:
                st[4] += 1
        out = {}
        for src, (tp, fp, fn, ok, tn) in stats.items():
            if src == "bbc":
                out[src] = (fp / max(1, fp + tn), 0.0)
                continue
            prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
            out[src] = (2 * prec * rec / max(1e-9, prec + rec), ok / max(1, tp))
        return out

    def objective(r: dict[str, tuple[float, float]]) -> float:
        srcs = [s for s in r if s != "bbc"]
        f1 = sum(r[s][0] for s in srcs) / len(srcs)
        cat = sum(r[s][1] for s in srcs) / len(srcs)
        return f1 + cat - 5 * max(0.0, r.get("bbc", (0.0, 0.0))[0] - 0.005)

    grid = itertools.product(
        [0.5, 1.0, 1.5, 2.0, 3.0],
        [0.4, 0.5, 0.6, 0.7, 0.8, 0.9],
        [0.7, 0.8, 0.9, 0.95, 1.01],
        [1.5, 2.0, 2.5, 3.0, 4.0],
    )
    grid = list(grid)
    groups = [("en", {"acled", "bbc", "corpus_en"}), ("es+fr", {"corpus_es", "corpus_fr"})]
    if args.per_language:  # Spanish and French each on its own (half the items each: noisier)
        groups += [("es", {"corpus_es"}), ("fr", {"corpus_fr"})]
    for name, group in groups:
        results = []
        for w, r_min, v_min, strong in grid:
            b = Blend(model_weight=w, raise_min=r_min, veto_min=v_min, strong_rules=strong)
            r = run(b, group)
            results.append((objective(r), b, r))
        results.sort(key=lambda x: -x[0])
        rules_only = run(Blend(model_weight=0.0, raise_min=2.0, veto_min=2.0), group)
        print(
            f"== {name}: rules alone",
            {k: tuple(round(x, 3) for x in v) for k, v in rules_only.items()},
            round(objective(rules_only), 4),
        )
        shipped = BLENDS[name.split("+")[0]]
        now = run(shipped, group)
        print(
            f"   shipped {shipped}:",
            {k: tuple(round(x, 3) for x in v) for k, v in now.items()},
            round(objective(now), 4),
        )
        for obj, b, r in results[:5]:
            print(round(obj, 4), b, {k: tuple(round(x, 3) for x in v) for k, v in r.items()})
        # the second tier (a weak rules' score yields to a sure model), over the shipped setting
        weak = []
        for wr, wv in itertools.product([0.0, 1.5, 2.0, 2.5, 3.0], [0.6, 0.7, 0.8, 0.85, 0.9, 0.95]):
            b = replace(shipped, weak_rules=wr, weak_veto=wv if wr else 1.01)
            r = run(b, group)
            weak.append((objective(r), b, r))
        weak.sort(key=lambda x: (-round(x[0], 4), x[1].weak_rules, -x[1].weak_veto))
        print(f"   second tier over the shipped {name} setting:")
        for obj, b, r in weak[:5]:
            print(
                "  ",
                round(obj, 4),
                f"weak_rules={b.weak_rules:g} weak_veto={b.weak_veto:g}",
                {k: tuple(round(x, 3) for x in v) for k, v in r.items()},
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
