#!/usr/bin/env python3
"""Choose a knob of the alert economy on half of the CrisisLex crises, measure it on the other half.

    python -m tools.crisis_folds quake_min_magnitude 0 4.5 5 5.5 6 [EVAL_DIR]

Runs ``tools.eval_dedup.crisis_alerts`` (the posts through the classifier and the story stage, as
``newsalert dedup`` does) once per value of the knob, then 2-fold over the 20 crises (in name
order, even / odd): on each half, the value with the fewest alerting stories (median per crisis,
then max, then total) among those that keep as many crises alerting within 15 minutes of their
first informative post as the first value listed (the reference, usually "off"), and its figures on
the other half. Knobs: ``quake_min_magnitude`` (config/hazards.yaml; 0: off), ``common_rank``
(``streams.classify.gazetteer.COMMON_RANK``: a city name that is a common word needs a cue; 0: off),
``aftermath`` (0: off, 1: the aftermath words of config/hazards.yaml), and any field of
``DedupConfig``.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
from pathlib import Path

from streams.classify.engine import Classifier
from streams.classify.hazard import hazard_rules
from streams.dedup import DedupConfig
from tools.eval_dedup import ROOT, crisis_alerts, load

Figures = dict[str, tuple[int, float | None]]
# the module (streams.classify exports its function of the same name)
gazetteer_module = importlib.import_module("streams.classify.gazetteer")


def config_for(knob: str, value: float) -> DedupConfig | None:
    return DedupConfig(**{knob: value}) if knob in DedupConfig.model_fields else None


def classifier_for(knob: str, value: float) -> Classifier:
    if knob == "quake_min_magnitude":
        return Classifier(hazards=dataclasses.replace(hazard_rules(), quake_min_magnitude=value))
    if knob == "aftermath":  # 0: off, 1: the aftermath words of config/hazards.yaml
        return Classifier(
            hazards=hazard_rules() if value else dataclasses.replace(hazard_rules(), aftermath=None)
        )
    if knob == "common_rank":  # the gazetteer is one per process: set its knob, then build it anew
        gazetteer_module.COMMON_RANK = int(value)
        gazetteer_module.gazetteer.cache_clear()
        return Classifier()
    if knob in DedupConfig.model_fields:
        return Classifier()
    raise SystemExit(f"unknown knob {knob}")


def summary(fig: Figures, crises: list[str]) -> dict:
    counts = sorted(fig[c][0] for c in crises)
    n = len(counts)
    fast = sum(fig[c][1] is not None and fig[c][1] <= 15 for c in crises)  # type: ignore[operator]
    return {
        "median": (counts[(n - 1) // 2] + counts[n // 2]) / 2,
        "max": counts[-1],
        "total": sum(counts),
        "within_15_min": fast,
        "crises": n,
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("knob")
    ap.add_argument("values", nargs="+", type=float)
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    args = ap.parse_args(argv)
    tweets = [r for r in load(Path(args.eval_dir) / "crisislex_dev.jsonl") if r.get("published_at")]
    tweets.sort(key=lambda r: r["published_at"])
    runs = [
        crisis_alerts(tweets, config_for(args.knob, v), clf=classifier_for(args.knob, v), quiet=True)
        for v in args.values
    ]
    crises = sorted(runs[0])
    halves = [crises[0::2], crises[1::2]]
    for v, fig in zip(args.values, runs, strict=True):
        print(f"{args.knob}={v}:", json.dumps({"all": summary(fig, crises)}))
    for k in (0, 1):
        train, test = halves[k], halves[1 - k]
        floor = summary(runs[0], train)["within_15_min"]
        ok = [i for i, fig in enumerate(runs) if summary(fig, train)["within_15_min"] >= floor]

        def cost(i: int, train: list[str] = train) -> tuple:
            s = summary(runs[i], train)
            return (s["median"], s["max"], s["total"])

        i = min(ok, key=cost)
        print(
            f"fold {k}:",
            json.dumps(
                {
                    "chosen": args.values[i],
                    "chosen_on": summary(runs[i], train),
                    "held_out": summary(runs[i], test),
                    "held_out_reference": summary(runs[0], test),
                }
            ),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
