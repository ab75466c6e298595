#!/usr/bin/env python3
"""Throughput of the story stage (``streams.assign``) as the state grows (prints figures; asserts
nothing).

    python3 bench/dedup_bench.py [--sizes 10000,100000,1000000] [--n 5000] [--seed 7]
        [--batch 64,256] [--interleave [--baseline] [--call assign]]

For each size S: a fresh index is prefilled with S stories (synthetic ~2 KB articles drawn from
a Zipf vocabulary with per-event names and numbers; the prefill goes through the batch path
``assign_batch``, the same decisions as ``assign`` one by one, fed ``Article.model_construct``
objects: generated input needs no validation), then N more articles are timed one by one
(``assign``, then the story's model, ``StoryIndex.story_of``: what the Faust agent does): 60% new
events, 20% syndicated copies of a recent article (light edits), 10% rewrites of a recent event,
10% exact repeats or URL variants. Prints articles/s, p50/p99 per-article latency, the ratio of
the rate to the 100k run and memory per story (RSS growth over the prefill, divided by the
stories held). Rates and latencies are given in wall-clock time and in this process's CPU time
("cpu": what one core does, whatever else runs on the machine).

The batch path with stories (``assign_stories``: ``assign`` over ``StoryIndex.prepare``, the text
features computed in runs, and each story's model) is timed next, on a copy of the same
prefilled index (pickled after the prefill) fed the same N articles in batches of each
``--batch`` size: one line per size with articles/s, the per-article latency (a batch's time
divided by its size: every article of a batch waits for the whole batch) and the p50/p99 of one
batch call, and whether every decision equals the one-by-one run's; then the same for
``assign_batch`` (decisions only, no ``Story`` built: what ``newsalert dedup`` uses) at the first
size.

With ``--interleave``, ``assign_batch`` (the first ``--batch`` size; ``--call assign`` or
``assign_stories`` for the others) is timed on all sizes in one process, in turns of 5 batches per
size, so a slow or fast spell of the host falls on every size alike: the ratios between sizes are
then read from one run, not from runs minutes apart.
"""

from __future__ import annotations

import argparse
import gc
import os
import pickle
import random
import re
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice

import numpy as np
from datasketch import MinHash, MinHashLSH

from streams.assign import assign, assign_batch  # noqa: E402
from streams.dedup import DedupConfig, StoryIndex  # noqa: E402
from streams.models import Article, Classification  # noqa: E402

T0 = datetime(2024, 1, 1, tzinfo=UTC)
SYL = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "ta",
    "si",
    "vo",
    "de",
    "ba",
    "ri",
    "so",
    "na",
    "te",
    "gu",
    "fa",
    "po",
    "li",
]


class Generator:
    def __init__(self, seed: int):
        self.rng = np.random.default_rng(seed)
        self.py = random.Random(seed)
        words = set()
        while len(words) < 40_000:
            n = self.py.randint(2, 4)
            words.add("".join(self.py.choice(SYL) for _ in range(n)))
        self.vocab = np.array(sorted(words))
        self.vocab_list = self.vocab.tolist()  # the same words, as Python strings (faster to pick)
        ranks = np.arange(1, len(self.vocab) + 1)
        p = 1.0 / ranks**1.05
        self.p = p / p.sum()
        self.cdf = np.cumsum(self.p)
        names = set()
        while len(names) < 300_000:
            names.add(
                "".join(self.py.choice(SYL) for _ in range(self.py.randint(2, 4))).capitalize()
                + self.py.choice(SYL)
            )
        self.names = sorted(names)
        self.recent: list[tuple[str, str, list[str]]] = []
        self.i = 0

    def event(self) -> tuple[str, str, list[str]]:
        names = self.py.sample(self.names, 4)
        n_words = 320
        pick = np.minimum(np.searchsorted(self.cdf, self.rng.random(n_words)), len(self.vocab) - 1)
        vl = self.vocab_list
        words = [vl[i] for i in pick.tolist()]
        for k in range(0, n_words, 25):
            words[k] = names[(k // 25) % 4]
            if k % 50 == 0:
                words[k + 1] = str(self.py.randint(2, 999))
        sents = [" ".join(words[k : k + 16]) + "." for k in range(0, n_words, 16)]
        body = " ".join(s[0].upper() + s[1:] for s in sents)
        title = f"{names[0]} {words[3]} {words[5]} {names[1]} {words[9]}"
        return title, body, names

    def article(self, t: datetime, mix: bool, trusted: bool = False) -> Article:
        self.i += 1
        aid = f"b-{self.i}"
        r = self.py.random() if mix else 0.0
        if r < 0.6 or not self.recent:
            title, body, names = self.event()
            self.recent.append((title, body, names))
            if len(self.recent) > 200:
                self.recent.pop(0)
            url = f"https://news{self.i % 50}.example/{aid}?utm_source=rss"
        elif r < 0.8:  # syndicated copy, light edit
            title, body, names = self.py.choice(self.recent)
            body = body[: int(len(body) * 0.9)] + " Reporting by staff."
            url = None
        elif r < 0.9:  # rewrite of the same event
            _, _, names = self.py.choice(self.recent)
            title, body, _ = self.event()
            body = body.replace(body.split()[0], names[0], 1)
            title = f"{names[0]} {names[1]} {title}"
            url = None
        else:  # repeat or URL variant
            title, body, names = self.py.choice(self.recent)
            url = f"https://news1.example/b-{max(1, self.i - self.py.randint(1, 100))}?fbclid=1"
        fields = dict(
            id=aid, source=f"src{self.py.randint(0, 99)}", url=url, title=title, body=body, published_at=t
        )
        if trusted:  # prefill: generated values are valid by construction, skip pydantic validation
            return Article.model_construct(**fields)
        return Article(**fields)


def rss_bytes() -> int:
    """Resident set size of this process (Linux /proc; 0 elsewhere)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


STEP = timedelta(milliseconds=50)


class Stream:
    """The bench's articles, 50 ms apart, the same for a given seed: ``prefill()`` new events without
    end (the state), then ``timed(n)``, the mix that is measured."""

    def __init__(self, seed: int) -> None:
        self.gen = Generator(seed)
        self.t = T0 - STEP

    def prefill(self) -> Iterator[Article]:
        while True:
            self.t += STEP
            yield self.gen.article(self.t, mix=False, trusted=True)

    def timed(self, n: int) -> list[Article]:
        out = []
        for _ in range(n):
            self.t += STEP
            out.append(self.gen.article(self.t, mix=True))
        return out


def prefilled(size: int, n: int, seed: int) -> tuple[StoryIndex, list[Article], float, float]:
    """A fresh index prefilled with ``size`` stories, the ``n`` articles to time after them, the
    prefill's seconds and the memory per story (RSS growth over the prefill / stories held)."""
    stream = Stream(seed)
    idx = StoryIndex(DedupConfig(window_hours=24 * 365, max_stories=size + n + 10))
    gc.collect()
    m0 = rss_bytes()
    t_pre = time.perf_counter()
    it = ((a, None) for a in stream.prefill())  # the batch path: the decisions of assign(), no models
    while len(idx) < size:
        assign_batch(idx, islice(it, min(10_000, size - len(idx))))
    prefill_s = time.perf_counter() - t_pre
    gc.collect()
    per_story = (rss_bytes() - m0) / max(1, len(idx))
    return idx, stream.timed(n), prefill_s, per_story


def run(size: int, n: int, seed: int, batches: tuple[int, ...] = ()) -> dict:
    idx, arts, prefill_s, per_story = prefilled(size, n, seed)
    snapshot = pickle.dumps(idx, protocol=pickle.HIGHEST_PROTOCOL) if batches else b""
    gc.collect()
    lat = np.empty(n)
    cpu_lat = np.empty(n)
    matches: dict[str, int] = {}
    decisions = []
    clock, cpu = time.perf_counter, time.process_time
    t_all, c_all = clock(), cpu()
    for k, a in enumerate(arts):
        t1, c1 = clock(), cpu()
        d, rec = assign(idx, a)
        idx.story_of(rec)
        lat[k] = clock() - t1
        cpu_lat[k] = cpu() - c1
        matches[d.match] = matches.get(d.match, 0) + 1
        decisions.append(d)
    wall = clock() - t_all
    cpu_s = cpu() - c_all
    del idx
    batch_results = []
    items = [(a, None) for a in arts]
    modes = [("assign_stories", b) for b in batches] + [("assign_batch", b) for b in batches[:1]]
    for how, b in modes:
        bidx = pickle.loads(snapshot)  # the same prefilled state (its own copy of the word table)
        call = batch_call(bidx, how)
        gc.collect()
        nb = (n + b - 1) // b
        blat = np.empty(nb)
        t_all, c_all = clock(), cpu()
        got = []
        for k in range(nb):
            t1 = clock()
            got += call(items[k * b : (k + 1) * b])
            blat[k] = clock() - t1
        bwall = clock() - t_all
        bcpu = cpu() - c_all
        if how == "assign_stories":
            got = [d for d, _ in got]
        batch_results.append(
            {
                "how": how,
                "batch": b,
                "rate": n / bwall,
                "cpu_rate": n / bcpu,
                "per_article_p50_us": float(np.percentile(blat, 50) / b * 1e6),
                "per_article_p99_us": float(np.percentile(blat, 99) / b * 1e6),
                "batch_p50_us": float(np.percentile(blat, 50) * 1e6),
                "batch_p99_us": float(np.percentile(blat, 99) * 1e6),
                "same": got == decisions,
            }
        )
        del bidx, got
    return {
        "stories": size,
        "n": n,
        "rate": n / wall,
        "p50_us": float(np.percentile(lat, 50) * 1e6),
        "p99_us": float(np.percentile(lat, 99) * 1e6),
        "cpu_rate": n / cpu_s,
        "cpu_p50_us": float(np.percentile(cpu_lat, 50) * 1e6),
        "cpu_p99_us": float(np.percentile(cpu_lat, 99) * 1e6),
        "bytes_per_story": per_story,
        "prefill_s": prefill_s,
        "prefill_rate": size / prefill_s if prefill_s else 0.0,
        "matches": matches,
        "batches": batch_results,
    }


def assign_stories(idx: StoryIndex, items: list) -> list:
    """``assign`` over ``idx.prepare(items)`` (text features in runs), with each story's model."""
    out = []
    for a, c, p in idx.prepare(items):
        d, rec = assign(idx, a, c, p)
        out.append((d, idx.story_of(rec)))
    return out


def batch_call(idx: StoryIndex, how: str) -> Callable[[list], list]:
    """The batch path ``how`` on ``idx``: assign_stories (decisions and stories) or assign_batch
    (decisions only)."""
    if how == "assign_stories":
        return lambda chunk: assign_stories(idx, chunk)
    return lambda chunk: assign_batch(idx, chunk)


class LshBaseline:
    """The textbook near-duplicate dedup with datasketch, the baseline the ratio is taken against:
    lower-cased word 3-shingles, a 64-permutation ``MinHash`` (``update_batch``), a
    ``MinHashLSH`` at Jaccard 0.5 queried then inserted; an article joins the story of the first
    hit, else opens one. No same-event matching, no names, no time: less work than the index."""

    _WORD = re.compile(r"\w+")

    def __init__(self) -> None:
        self.lsh = MinHashLSH(threshold=0.5, num_perm=64)
        self.story: dict[str, str] = {}

    def add(self, a: Article) -> str:
        w = self._WORD.findall(f"{a.title} {a.body}".lower())
        m = MinHash(num_perm=64)
        m.update_batch([" ".join(w[i : i + 3]).encode() for i in range(max(1, len(w) - 2))])
        hits = self.lsh.query(m)
        sid = self.story[hits[0]] if hits else a.id
        if a.id not in self.story:
            self.lsh.insert(a.id, m)
            self.story[a.id] = sid
        return sid


def baseline_prefilled(size: int, n: int, seed: int) -> tuple[LshBaseline, list[Article]]:
    """The baseline fed ``size`` articles of the prefill stream and the same timed articles as
    ``prefilled`` (same seed)."""
    stream = Stream(seed)
    base = LshBaseline()
    for a in islice(stream.prefill(), size):
        base.add(a)
    return base, stream.timed(n)


def interleaved(
    sizes: list[int],
    n: int,
    seed: int,
    batch: int,
    chunk_batches: int = 5,
    baseline: bool = False,
    call: str = "assign_batch",
) -> list[dict]:
    """``assign_batch(batch)`` (or ``call``: ``assign`` one by one, ``assign_stories(batch)``) on every
    size's prefilled index, timed in turns: a chunk of
    ``chunk_batches`` batches on one size, then the next size, round after round, so that a slow
    or fast spell of the host falls on all sizes alike and the ratios between sizes hold even
    when the absolute rates drift. The order of the sizes is rotated each round. With ``baseline``,
    ``LshBaseline`` (prefilled like the 100k index, or the first size) takes its turn too."""

    def one(idx: StoryIndex, a: Article, c: Classification | None) -> str:
        d, rec = assign(idx, a, c)
        idx.story_of(rec)
        return d.match

    def index_call(idx: StoryIndex) -> Callable[[list], list[str]]:
        if call == "assign":  # one by one, as the Faust agent calls it
            return lambda chunk: [one(idx, a, c) for a, c in chunk]
        fn = batch_call(idx, call)
        pick = (lambda r: r[0].match) if call == "assign_stories" else (lambda r: r.match)
        return lambda chunk: [pick(r) for j in range(0, len(chunk), batch) for r in fn(chunk[j : j + batch])]

    state = []
    for size in sizes:
        idx, arts, prefill_s, per_story = prefilled(size, n, seed)
        print(
            f"stories={size:>9,}  prefilled in {prefill_s:.0f}s  mem/story={per_story / 1024:6.2f} KiB",
            flush=True,
        )
        state.append(
            {
                "stories": size,
                "baseline": False,
                "decide": index_call(idx),
                "items": [(a, None) for a in arts],
            }
        )
    if baseline:
        bsize = 100_000 if 100_000 in sizes else sizes[0]
        t0 = time.perf_counter()
        lsh, barts = baseline_prefilled(bsize, n, seed)
        print(
            f"baseline (datasketch MinHashLSH) prefilled with {bsize:,} in {time.perf_counter() - t0:.0f}s",
            flush=True,
        )
        state.append(
            {
                "stories": bsize,
                "baseline": True,
                "items": barts,  # one article at a time
                "decide": lambda chunk: ["new" if lsh.add(a) == a.id else "joined" for a in chunk],
            }
        )
    for s in state:
        s.update(secs=0.0, cpu=0.0, done=0, matches={})
    step = batch * chunk_batches
    clock, cpu = time.perf_counter, time.process_time
    gc.collect()
    for r, k in enumerate(range(0, n, step)):
        for s in state[r % len(state) :] + state[: r % len(state)]:
            chunk = s["items"][k : k + step]
            t0, c0 = clock(), cpu()
            got = s["decide"](chunk)
            s["secs"] += clock() - t0
            s["cpu"] += cpu() - c0
            s["done"] += len(chunk)
            for m in got:
                s["matches"][m] = s["matches"].get(m, 0) + 1
    return [
        {
            "stories": s["stories"],
            "baseline": s["baseline"],
            "rate": s["done"] / s["secs"],
            "cpu_rate": s["done"] / s["cpu"],
            "matches": s["matches"],
        }
        for s in state
    ]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--batch", default="64,256", help="batch sizes for assign_stories ('' or 0: none)")
    ap.add_argument(
        "--interleave",
        action="store_true",
        help="time --call (first --batch size) on all sizes in turns, chunk by chunk, "
        "in one process: ratios between sizes that a drifting host does not bias",
    )
    ap.add_argument(
        "--baseline",
        action="store_true",
        help="with --interleave: also time datasketch's MinHashLSH near-duplicate dedup on the same "
        "stream (prefilled like the 100k index) and print assign_batch's rate as a ratio of it",
    )
    ap.add_argument(
        "--call",
        default="assign_batch",
        choices=["assign_batch", "assign_stories", "assign"],
        help="with --interleave: the path timed (assign: one article at a time, as the Faust agent calls it)",
    )
    args = ap.parse_args()
    if args.interleave:
        b = next((int(x) for x in args.batch.split(",") if x.strip() and int(x) > 0), 64)
        res = interleaved(
            [int(x) for x in args.sizes.split(",")],
            args.n,
            args.seed,
            b,
            baseline=args.baseline,
            call=args.call,
        )
        how = args.call if args.call == "assign" else f"{args.call}({b})"
        lsh = next((r for r in res if r["baseline"]), None)
        res = [r for r in res if not r["baseline"]]
        base = next((r for r in res if r["stories"] == 100_000), res[0])
        if lsh is not None:
            print(
                f"stories={lsh['stories']:>9,}  baseline, datasketch MinHashLSH one by one, interleaved:"
                f" {lsh['rate']:8.0f} articles/s  (cpu: {lsh['cpu_rate']:8.0f})  {how} at this size:"
                f" {base['rate'] / lsh['rate']:.2f}x the baseline"
                f" (cpu: {base['cpu_rate'] / lsh['cpu_rate']:.2f}x)"
                f"  new stories: {lsh['matches'].get('new', 0)}",
                flush=True,
            )
        for r in res:
            print(
                f"stories={r['stories']:>9,}  {how}, interleaved: {r['rate']:8.0f} articles/s"
                f"  (cpu: {r['cpu_rate']:8.0f})  ratio vs {base['stories']:,}: {r['rate'] / base['rate']:.2f}"
                f"  (cpu: {r['cpu_rate'] / base['cpu_rate']:.2f})  matches={r['matches']}",
                flush=True,
            )
        return 0
    batches = tuple(int(b) for b in args.batch.split(",") if b.strip() and int(b) > 0)
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        r = run(size, args.n, args.seed, batches)
        results.append(r)
        print(
            f"stories={r['stories']:>9,}  adds={r['n']}  {r['rate']:8.0f} articles/s"
            f"  p50={r['p50_us']:7.1f} us  p99={r['p99_us']:7.1f} us"
            f"  | cpu: {r['cpu_rate']:8.0f} articles/s  p50={r['cpu_p50_us']:7.1f} us"
            f"  p99={r['cpu_p99_us']:7.1f} us  | mem/story={r['bytes_per_story'] / 1024:6.2f} KiB"
            f"  prefill={r['prefill_s']:.0f}s ({r['prefill_rate']:.0f}/s)  matches={r['matches']}",
            flush=True,
        )
        for b in r["batches"]:
            print(
                f"stories={r['stories']:>9,}  {b['how']}({b['batch']}): {b['rate']:8.0f} articles/s"
                f"  per article (batch time / {b['batch']}): p50={b['per_article_p50_us']:7.1f} us"
                f"  p99={b['per_article_p99_us']:7.1f} us"
                f"  | one batch: p50={b['batch_p50_us'] / 1000:6.1f} ms"
                f"  p99={b['batch_p99_us'] / 1000:6.1f} ms  | cpu: {b['cpu_rate']:8.0f} articles/s"
                f"  | same decisions as assign: {'yes' if b['same'] else 'NO'}",
                flush=True,
            )
    base = next((r for r in results if r["stories"] == 100_000), results[0])
    for r in results:
        print(
            f"stories={r['stories']:>9,}  rate ratio vs {base['stories']:,}: {r['rate'] / base['rate']:.2f}"
            f"  (cpu: {r['cpu_rate'] / base['cpu_rate']:.2f})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
