#!/usr/bin/env python3
"""Train the classifier's statistical layer and write streams/classify/model.npz.

    python -m tools.train_classifier [--eval-dir DIR] [--out PATH] [--folds K] [--C C]
                                     [--sample N] [--oof PATH]

Reads the labelled sources of tools/classifier_data.py, leaves out the frozen test split
(`classifier_data.frozen`), and fits a multinomial logistic regression (scikit-learn,
lbfgs: deterministic) over the hashed features of streams/classify/model.py. The
probabilities are calibrated by one temperature fitted on the out-of-fold scores of a
K-fold cross-validation over the training data (folds by `classifier_data.fold_of`).

`--oof PATH` writes each training item's out-of-fold probabilities (JSONL), which
tools/eval_classify.py --cv uses to report cross-validated figures and to tune how rules
and model combine. `--sample N` trains on N items only (a quick check that the script runs).
Needs scikit-learn and scipy (dev dependencies); the runtime needs numpy only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.sparse import csr_matrix
from sklearn.linear_model import LogisticRegression

from streams.classify.model import BUCKETS, LEAD_CHARS, MODEL_PATH, NONE, features, lead
from tools.classifier_data import EVAL_DIR, Item, all_items, fold_of

ROOT = Path(__file__).resolve().parent.parent

CLASSES = [
    NONE,
    "assassination",
    "assassination_attempt",
    "armed_clash",
    "deadly_unrest",
    "bombing",
    "air_strike",
    "shelling",
    "attack",
    "abduction",
    "chemical_attack",
    "disaster",
]


def fingerprint(items: list[Item], c: float, folds: int) -> str:
    """What the weights were trained from: every training item (source, id, label, weight, text),
    the classes and the settings. tests/test_classify_model.py recomputes it from the data."""
    h = hashlib.sha256(f"{CLASSES} {c} {folds} {BUCKETS} {LEAD_CHARS}".encode())
    for it in sorted(training_split(items), key=lambda it: (it.source, it.id)):
        h.update(f"{it.source}\t{it.id}\t{it.label}\t{it.weight}\t{it.title}\t{it.body}\n".encode())
    return h.hexdigest()


def training_split(items: list[Item]) -> list[Item]:
    """All items outside the frozen test split (the written texts are never evaluation data)."""
    return [it for it in items if it.source == "synth" or not it.frozen]


def matrix(items: list[Item]) -> csr_matrix:
    rows, cols, vals = [], [], []
    for i, it in enumerate(items):
        f = features(lead(it.title, it.body))
        if not f:
            continue
        v = 1.0 / len(f) ** 0.5
        rows.extend([i] * len(f))
        cols.extend(f)
        vals.extend([v] * len(f))
    return csr_matrix((vals, (rows, cols)), shape=(len(items), BUCKETS), dtype=np.float64)


def fit(x: csr_matrix, y: np.ndarray, w: np.ndarray, c: float) -> LogisticRegression:
    m = LogisticRegression(C=c, max_iter=500, tol=1e-4)
    m.fit(x, y, sample_weight=w)
    return m


def temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """The T that minimises the log loss of softmax(scores / T) (out-of-fold scores)."""

    def nll(t: float) -> float:
        z = scores / t
        z = z - z.max(axis=1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        return float(-logp[np.arange(len(y)), y].mean())

    return float(minimize_scalar(nll, bounds=(0.05, 20.0), method="bounded").x)


def train(items: list[Item], folds: int, c: float, oof_path: Path | None) -> dict:
    train_items = training_split(items)
    y = np.array([CLASSES.index(it.label) for it in train_items])
    w = np.array([it.weight for it in train_items])
    x = matrix(train_items)
    real = np.array([it.source != "synth" for it in train_items])
    fold = np.array(
        [fold_of(it.title, it.body, folds) if r else -1 for it, r in zip(train_items, real, strict=True)]
    )
    oof = np.zeros((len(train_items), len(CLASSES)))
    t0 = time.time()
    for k in range(folds):
        test = fold == k
        m = fit(x[~test], y[~test], w[~test], c)
        s = np.zeros((test.sum(), len(CLASSES)))
        s[:, m.classes_] = m.decision_function(x[test])
        s[:, [i for i in range(len(CLASSES)) if i not in m.classes_]] = -30.0
        oof[test] = s
    t = temperature(oof[real], y[real])
    z = oof / t
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    acc = float((p[real].argmax(1) == y[real]).mean())
    print(
        f"cv: {folds} folds in {time.time() - t0:.0f}s; temperature {t:.3f}; out-of-fold accuracy {acc:.3f}"
    )
    if oof_path is not None:
        with open(oof_path, "w", encoding="utf-8") as f:
            for it, r, pr in zip(train_items, real, p, strict=True):
                if r:
                    f.write(
                        json.dumps(
                            {
                                "id": it.id,
                                "source": it.source,
                                "p": dict(zip(CLASSES, map(float, pr), strict=False)),
                            }
                        )
                        + "\n"
                    )
    m = fit(x, y, w, c)
    coef = np.zeros((len(CLASSES), BUCKETS))
    coef[m.classes_] = m.coef_
    bias = np.full(len(CLASSES), -30.0)
    bias[m.classes_] = m.intercept_
    wt = coef.T.astype(np.float32)
    rows = np.flatnonzero(np.abs(wt).max(axis=1) > 1e-4)
    return {
        "classes": np.array(CLASSES),
        "rows": rows.astype(np.int32),
        "weights": wt[rows].astype(np.float16),
        "bias": bias.astype(np.float32),
        "temperature": np.float64(t),
        "C": np.float64(c),
        "n_train": np.int64(len(train_items)),
        "fingerprint": np.array(fingerprint(items, c, folds)),
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=str(EVAL_DIR))
    ap.add_argument("--out", default=str(MODEL_PATH))
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--C", type=float, default=10.0)
    ap.add_argument("--sample", type=int, default=0, help="train on this many items only (a quick check)")
    ap.add_argument("--oof", default=None, help="write out-of-fold probabilities here (JSONL)")
    args = ap.parse_args()
    items = all_items(Path(args.eval_dir))
    if args.sample:
        items = items[:: max(1, len(items) // args.sample)][: args.sample]
    by_src: dict[str, int] = {}
    for it in items:
        by_src[it.source] = by_src.get(it.source, 0) + 1
    print(f"{len(items)} items: {by_src}")
    z = train(items, args.folds, args.C, Path(args.oof) if args.oof else None)
    np.savez_compressed(args.out, **z)
    print(f"wrote {args.out}: {len(z['rows'])} non-zero rows, {Path(args.out).stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
