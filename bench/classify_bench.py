#!/usr/bin/env python3
"""Throughput and latency of the classifier on one core (prints figures, asserts nothing).

    python bench/classify_bench.py [--eval-dir DIR] [--n N] [--size BYTES] [--repeat R]

Articles of about --size bytes (default 2,000) are built from real text: the BBC and
ACLED files of the shared evaluation directory when it exists (read at run time, never
copied), else the project's own seeds and labelled corpus. Long texts are cut at a
sentence end; short ones (ACLED notes, tweets) keep their text as the lead and continue
with paragraphs of ordinary news from the same sources. Three mixes are timed:

- ``news``: every article of the sources, in order (mostly ordinary news, as in a feed);
- ``violent``: only articles in which some rule can fire (the slow path, the worst case);
- ``baselines``: in the same process, on the same texts, (a) one regex pass
  (``TOKEN_RE.findall`` on the lower-cased text) and (b) the rule tokenizer alone.

For each: articles/s (the best and the median of --repeat runs), p50 and p99 latency per article, and the
ratio classify / baseline. The classifier is the shipped one, rules and model
(streams/classify/model.npz); ``--no-model`` times the rules alone.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from streams.classify import TOKEN_RE, Classifier, tokenize  # noqa: E402


def load_texts(eval_dir: Path) -> list[tuple[str, str]]:
    files = [eval_dir / "bbc_dev.jsonl", eval_dir / "acled2016_africa.jsonl"]
    if not all(f.exists() for f in files):
        files = [ROOT / "seeds" / "articles.jsonl", ROOT / "tests" / "corpus" / "labelled.jsonl"]
    out = []
    for f in files:
        if not f.exists():
            continue
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                out.append((r.get("title") or "", r.get("body") or ""))
    return out


def sized(title: str, body: str, size: int, filler: list[str] | None = None, k: int = 0) -> tuple[str, str]:
    """Cut a long body at a sentence end; lengthen a short one with paragraphs of ordinary
    news (`filler`, taken in turn from position k), as a report continues past its lead;
    without filler the body repeats itself."""
    if len(body) < size:
        parts = [body] if body else []
        i = k
        while sum(map(len, parts)) < size:
            parts.append(filler[i % len(filler)] if filler else (body or title))
            i += 1
        body = "\n\n".join(parts)
    if len(body) > size:
        cut = body.rfind(". ", 0, size)
        body = body[: cut + 1] if cut > size // 2 else body[:size]
    return title, body


def ordinary_paragraphs(texts: list[tuple[str, str]], clf: Classifier) -> list[str]:
    """Paragraphs of the texts on which no rule can fire (the filler of short reports)."""
    out = []
    for t, b in texts:
        if not clf.rules.pretest.may_match(f"{t}.\n{b}"):
            out.extend(p for p in b.split("\n\n") if len(p) > 80)
    return out


def timed_rounds(jobs: list[tuple], repeat: int) -> list[tuple[float, float, list[float], float]]:
    """For each (fn, items): (articles/s by wall clock, articles/s by this process's CPU time,
    latencies of the fastest run), the best of `repeat` runs. The jobs take turns, round by
    round, so that a slow spell of the machine (other processes, a busy host) weighs on all of
    them alike and the ratios between them hold."""
    best: list[float | None] = [None] * len(jobs)
    best_cpu: list[float | None] = [None] * len(jobs)
    best_lat: list[list[float]] = [[] for _ in jobs]
    runs: list[list[float]] = [[] for _ in jobs]
    pc = time.perf_counter
    for _ in range(repeat):
        for j, (fn, items) in enumerate(jobs):
            lat = []
            t0, c0 = pc(), time.process_time()
            for it in items:
                a = pc()
                fn(it)
                lat.append(pc() - a)
            dt, dc = pc() - t0, time.process_time() - c0
            runs[j].append(dt)
            if best[j] is None or dt < best[j]:
                best[j], best_lat[j] = dt, lat
            if best_cpu[j] is None or dc < best_cpu[j]:
                best_cpu[j] = dc
    return [
        (len(items) / b, len(items) / max(c, 1e-9), lat, len(items) / statistics.median(r))
        for (_, items), b, c, lat, r in zip(jobs, best, best_cpu, best_lat, runs, strict=True)
    ]


def pct(lat: list[float], q: float) -> float:
    s = sorted(lat)
    return s[min(len(s) - 1, int(q * len(s)))] * 1e6


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval-dir", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--n", type=int, default=3000, help="articles per mix (cycled)")
    ap.add_argument("--size", type=int, default=2000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--no-model", action="store_true", help="the rules alone")
    args = ap.parse_args()

    clf = Classifier(model=not args.no_model)
    print(f"model: {'none (rules alone)' if clf.model is None else 'streams/classify/model.npz'}")
    raw = load_texts(Path(args.eval_dir))
    filler = ordinary_paragraphs(raw, clf)
    texts = [sized(t, b, args.size, filler, 7 * k) for k, (t, b) in enumerate(raw)]
    if not texts:
        print("no texts found")
        return 1
    violent = [tb for tb in texts if clf.rules.pretest.may_match(f"{tb[0]}.\n{tb[1]}")]
    mixes = {"news": texts, "violent": violent or texts}
    avg = statistics.mean(len(t) + len(b) for t, b in texts)
    print(
        f"{len(texts)} source articles, mean size {avg:.0f} chars; {len(violent)} with a possible rule match"
    )
    print(
        f"{'mix':<9} {'what':<22} {'art/s':>9} {'median':>9} {'cpu art/s':>10} {'p50 us':>8} {'p99 us':>8} "
        f"{'ratio':>7}"
    )
    for name, base in mixes.items():
        items = [base[i % len(base)] for i in range(args.n)]
        joined = [f"{t}.\n{b}" for t, b in items]
        clf.classify_text(*items[0])  # warm caches
        (rate, crate, lat, med), (b1, c1, lat1, m1), (b2, c2, lat2, m2) = timed_rounds(
            [
                (lambda tb: clf.classify_text(*tb), items),
                (lambda s: TOKEN_RE.findall(s.lower()), joined),
                (tokenize, joined),
            ],
            args.repeat,
        )
        print(
            f"{name:<9} {'classify':<22} {rate:>9.0f} {med:>9.0f} {crate:>10.0f} {pct(lat, 0.5):>8.0f} "
            f"{pct(lat, 0.99):>8.0f}"
        )
        print(
            f"{'':<9} {'baseline: 1 regex pass':<22} {b1:>9.0f} {m1:>9.0f} {c1:>10.0f} "
            f"{pct(lat1, 0.5):>8.0f} {pct(lat1, 0.99):>8.0f} {c1 / crate:>6.1f}x"
        )
        print(
            f"{'':<9} {'baseline: tokenize':<22} {b2:>9.0f} {m2:>9.0f} {c2:>10.0f} {pct(lat2, 0.5):>8.0f} "
            f"{pct(lat2, 0.99):>8.0f} {c2 / crate:>6.1f}x"
        )
    print(
        "bar: >= 5,000 articles/s (news mix), the median of the runs; art/s is the best run, by the "
        "wall clock; ratio = baseline / classify, in CPU-time articles/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
