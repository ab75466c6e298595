#!/usr/bin/env python3
"""Measure story deduplication on the labelled files in shared/eval (never copied here).

    python -m tools.eval_dedup [EVAL_DIR] [--out PRED.jsonl]
    python -m tools.eval_dedup --crisis-file tests/corpus/crisis_streams.jsonl

Prints:
- cluster: B-cubed precision/recall/F1 of StoryIndex over ecbplus_dev.jsonl (fed in file order,
  no classification, one fixed event time: the file has no dates), scored by EVAL_DIR/score.py;
- the same over headlines only (each body emptied in memory): a headline-only stream;
- crisislex: B-cubed precision of StoryIndex over crisislex_dev.jsonl (21,650 real tweets on 20
  crises of 2012-2013, fed in publish-time order with their own times): how often posts about
  different crises are put in one story (its recall means little: one crisis is many stories);
- acled: B-cubed precision of StoryIndex over acled2016_africa.jsonl (500 ACLED conflict and
  protest events in Africa, 17 June - 2 July 2016, fed in event-date order with those dates): each
  distinct notes text is its own event (ACLED gives some events one shared text), so every join of
  two different texts counts against precision here, although ACLED codes one incident once per
  place and day; ``--show-acled`` prints those joins to read;
- msrp: precision/recall of ``near_duplicate(a, b)`` over msrp_train_pairs.jsonl
  (paraphrase = positive).

``--merge-folds``: late-merge settings chosen on half of the ECB+ topics, measured on the other;
``--knob-folds months_penalty=0.6,0.8 [--folds 4]``: one knob chosen by k-fold cross-validation
over the ECB+ topics; ``--set KNOB=VALUE`` (repeatable): a knob for every run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

from streams.assign import assign  # noqa: E402
from streams.batch import BATCH_EPOCH, final_stories  # noqa: E402
from streams.classify.engine import Classifier, default_classifier  # noqa: E402
from streams.dedup import DedupConfig, StoryIndex, near_duplicate  # noqa: E402
from streams.models import Article  # noqa: E402

# knobs set for every run of this process (``--set KNOB=VALUE``): the DedupConfig defaults otherwise
SET: dict[str, object] = {}


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def eval_article(r: dict, headlines_only: bool = False) -> Article:
    """An eval row as an Article (no source: "eval"; no time: the batch epoch)."""
    return Article(
        id=r["id"],
        source=r.get("source") or "eval",
        url=r.get("url"),
        title=r.get("title") or "",
        body="" if headlines_only else r.get("body") or "",
        published_at=r.get("published_at") or BATCH_EPOCH,
    )


def note_merges(idx: StoryIndex, merged: dict[str, str]) -> None:
    """Record the late merges of the last ``assign`` (story id -> the story it was merged into)."""
    for r in idx.merged:
        assert r.merged_into is not None
        merged[r.story_id] = r.merged_into


def resolve(pred: list[dict], merged: dict[str, str]) -> list[dict]:
    """The predictions with each story id replaced by the story it ended in after late merges
    (the stories as they stand at the end of the stream)."""

    final = final_stories(merged)
    for p in pred:
        p["story_id"] = final(p["story_id"])
    return pred


def cluster_predictions(
    rows: list[dict], config: DedupConfig | None = None, headlines_only: bool = False
) -> list[dict]:
    idx = StoryIndex(config or DedupConfig(**SET))
    out = []
    merged: dict[str, str] = {}
    for r in rows:
        d, _ = assign(idx, eval_article(r, headlines_only), None)
        note_merges(idx, merged)
        out.append({"id": r["id"], "story_id": d.story_id, "match": d.match, "score": d.score})
    return resolve(out, merged)


def score_module(eval_dir: Path):
    spec = importlib.util.spec_from_file_location("eval_score", eval_dir / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def msrp(pairs: list[dict], config: DedupConfig | None = None) -> dict:
    tp = fp = fn = tn = 0
    for p in pairs:
        hit = near_duplicate(p["a"], p["b"], config)
        if p["paraphrase"]:
            tp += hit
            fn += not hit
        else:
            fp += hit
            tn += not hit
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {
        "n": len(pairs),
        "precision": round(prec, 4),
        "recall": round(rec, 4),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
    }


def acled(eval_dir: Path, scorer, show: bool = False) -> None:
    """ACLED events in date order: how often two different events (different notes) share a story."""
    rows = sorted(load(eval_dir / "acled2016_africa.jsonl"), key=lambda r: r["published_at"])
    for r in rows:
        r["story"] = r["body"]
    pred = cluster_predictions(rows)
    res = scorer.cluster(rows, {p["id"]: p for p in pred})
    texts: dict[str, list[str]] = {}  # story id -> the notes of its reports so far
    joins = 0
    for p, r in zip(pred, rows, strict=True):
        held = texts.setdefault(p["story_id"], [])
        if held and r["body"] not in held:
            joins += 1
            if show:
                print(
                    f"acled join ({p['match']} {p['score']:.2f}, {r['published_at'][:10]}):\n"
                    f"  story: {held[0][:160]}\n  report: {r['body'][:160]}"
                )
        held.append(r["body"])
    print(
        "acled distinct events:",
        json.dumps(
            {
                "n": len(rows),
                "bcubed_precision": res["bcubed_precision"],
                "events": res["gold_stories"],
                "stories": res["predicted_stories"],
                "joins_across_notes": joins,
            }
        ),
    )


def classified_run(rows: list[dict], config: DedupConfig | None = None) -> tuple[list[dict], set[str]]:
    """The rows through the classifier and the story stage (as ``newsalert dedup``): the
    predictions, and the ids of the stories that alerted."""
    clf = default_classifier()
    idx = StoryIndex(config or DedupConfig(**SET))
    out, alerting = [], set()
    merged: dict[str, str] = {}
    for r in rows:
        art = eval_article(r)
        d, _ = assign(idx, art, clf.classify(art))
        note_merges(idx, merged)
        out.append({"id": r["id"], "story_id": d.story_id, "match": d.match, "score": d.score})
        if d.update == "new":
            alerting.add(d.story_id)
    resolve(out, merged)
    return out, {p["story_id"] for p in resolve([{"story_id": s} for s in alerting], merged)}


def acled_alerting(eval_dir: Path, scorer) -> None:
    """ACLED through the classifier: the precision guards on the alerting stories (two countries
    in one, more than 3 days spanned) and the B-cubed precision of all stories."""
    rows = sorted(load(eval_dir / "acled2016_africa.jsonl"), key=lambda r: r["published_at"])
    for r in rows:
        r["story"] = r["body"]
    pred, alerting = classified_run(rows)
    res = scorer.cluster(rows, {p["id"]: p for p in pred})
    countries: dict[str, set[str]] = {}
    days: dict[str, list[str]] = {}
    for p, r in zip(pred, rows, strict=True):
        countries.setdefault(p["story_id"], set()).add(r["country"])
        days.setdefault(p["story_id"], []).append(r["published_at"][:10])
    mixed = sum(len(countries[s]) > 1 for s in alerting)
    span = sum(
        (datetime.fromisoformat(max(days[s])) - datetime.fromisoformat(min(days[s]))).days > 3
        for s in alerting
    )
    n = max(len(alerting), 1)
    print(
        "acled classified:",
        json.dumps(
            {
                "bcubed_precision": res["bcubed_precision"],
                "stories": res["predicted_stories"],
                "alerting_stories": len(alerting),  # (after late merges: the stories that alerted)
                "alerting_two_countries_pct": round(100 * mixed / n, 2),
                "alerting_over_3_days_pct": round(100 * span / n, 2),
            }
        ),
    )


def crisis_posts(path: Path) -> list[dict]:
    """The dated posts of a CrisisLex-style file, in publish-time order."""
    tweets = [r for r in load(path) if r.get("published_at")]
    tweets.sort(key=lambda r: r["published_at"])
    return tweets


def crisis_alerts(
    tweets: list[dict], config: DedupConfig | None = None, clf: Classifier | None = None, quiet: bool = False
) -> dict[str, tuple[int, float | None]]:
    """CrisisLex through the classifier and the story stage, as ``newsalert dedup`` does: the
    alerting stories (``update == "new"``) per crisis, and the delay of each crisis's first alert
    from a post about it (labelled related, informative or not: an alert on another event in the
    stream does not count) after its first informative post (printed unless ``quiet``, and
    returned by crisis)."""
    clf = clf or default_classifier()
    idx = StoryIndex(config or DedupConfig(**SET))
    alerts: dict[str, int] = {}
    first_post: dict[str, str] = {}
    first_alert: dict[str, str] = {}
    crises: dict[str, set[str]] = {}  # story id -> the crises of its reports
    merged: dict[str, str] = {}
    alerting: dict[str, list[str]] = {}  # crisis -> the stories that alerted (their first alert)
    merged_updates = 0  # "merged" updates: a story that had alerted merged into another
    for r in tweets:
        ev = r["event"]
        alerts.setdefault(ev, 0)
        if r.get("informativeness") == "Related and informative":
            first_post.setdefault(ev, r["published_at"])
        art = Article(
            id=r["id"],
            source=r.get("source") or "eval",
            title="",
            body=r["body"],
            published_at=r["published_at"],
        )
        d, _ = assign(idx, art, clf.classify(art))
        note_merges(idx, merged)
        crises.setdefault(d.story_id, set()).add(ev)
        if d.update == "new":
            alerts[ev] += 1
            if str(r.get("informativeness", "")).startswith("Related"):  # a post about the crisis
                first_alert.setdefault(ev, r["published_at"])
            alerting.setdefault(ev, []).append(d.story_id)
        merged_updates += sum(m.version > 0 for m in idx.merged)

    def minutes(a: str, b: str) -> float:
        return round((Article(id="x", source="x", body="x", published_at=b).published_at
                      - Article(id="x", source="x", body="x", published_at=a).published_at
                      ).total_seconds() / 60, 1)  # fmt: skip

    delays = {ev: minutes(first_post[ev], first_alert[ev]) if ev in first_alert and ev in first_post
              else None for ev in alerts}  # fmt: skip
    if quiet:
        return {ev: (alerts[ev], delays[ev]) for ev in alerts}
    for ev in sorted(alerts):
        print(f"crisislex alerts {ev}: {alerts[ev]} alerting stories, first alert after "
              f"{delays[ev]} min")  # fmt: skip
    final: dict[str, set[str]] = {}  # the crises of each story as it ends (after late merges)
    for p in resolve([{"story_id": sid, "crises": v} for sid, v in crises.items()], merged):
        final.setdefault(p["story_id"], set()).update(p["crises"])
    ends = sorted(
        len({p["story_id"] for p in resolve([{"story_id": x} for x in alerting.get(ev, [])], merged)})
        for ev in alerts
    )
    counts = sorted(alerts.values())
    n = len(counts)
    median = (counts[(n - 1) // 2] + counts[n // 2]) / 2
    print("crisislex alerting stories:", json.dumps(
        {"total": sum(counts), "median": median, "max": counts[-1],
         "crises_alerted": sum(c > 0 for c in counts), "crises": n,
         "first_alert_within_15_min": sum(d is not None and d <= 15 for d in delays.values()),
         "stories_mixing_crises": sum(len(v) > 1 for v in final.values()),
         "late_merges": len(merged), "merged_updates": merged_updates,
         "alerting_stories_after_merges": {"total": sum(ends), "max": ends[-1],
                                           "median": (ends[(n - 1) // 2] + ends[n // 2]) / 2}}))  # fmt: skip
    return {ev: (alerts[ev], delays[ev]) for ev in alerts}


MERGE_GRID = [
    {"late_merge": False},
    *(
        {"merge_centroid_cos": c, "merge_bridge_cos": b, "merge_weekdays": w}
        for w in (True, False)  # (False: no weekdays veto)
        for c in (0.3, 0.39, 0.45, 0.5, 0.7, 1.0)
        for b in (0.0, 0.2, 0.39, 1.0)  # (1.0: no bridge)
    ),
]


def _half_figures(args: tuple[str, dict, int]) -> dict:
    """B-cubed figures of one setting on one half of the ECB+ topics (run in a fresh process: the
    term ids, and so the ties between equal scores, depend on what a process has read before)."""
    eval_dir, knobs, k = args
    gold = load(Path(eval_dir) / "ecbplus_dev.jsonl")
    topics = sorted({int(r["story"][3:].split("_")[0]) for r in gold})
    fold = {t: i % 2 for i, t in enumerate(topics)}
    half = [r for r in gold if fold[int(r["story"][3:].split("_")[0])] == k]
    pred = cluster_predictions(half, DedupConfig(**knobs))
    return score_module(Path(eval_dir)).cluster(half, {p["id"]: p for p in pred})


def _fold_figures(args: tuple[str, dict, int, int, bool]) -> dict:
    """B-cubed figures of one setting on the ECB+ topics of fold ``k`` of ``n`` (``test``) or on
    the topics of the other folds (in a fresh process, as ``_half_figures``)."""
    eval_dir, knobs, k, n, test = args
    gold = load(Path(eval_dir) / "ecbplus_dev.jsonl")
    topics = sorted({int(r["story"][3:].split("_")[0]) for r in gold})
    fold = {t: i % n for i, t in enumerate(topics)}
    part = [r for r in gold if (fold[int(r["story"][3:].split("_")[0])] == k) == test]
    pred = cluster_predictions(part, DedupConfig(**knobs))
    return score_module(Path(eval_dir)).cluster(part, {p["id"]: p for p in pred})


def knob_folds(eval_dir: Path, knob: str, values: list, n: int) -> None:
    """One knob chosen by ``n``-fold cross-validation over the ECB+ topics (alternate topics): on
    the topics of all folds but one, the value with the best F1 among those with a B-cubed
    precision of at least 0.95 (the highest precision if none reaches it), then its figures on
    the fold left out, beside every value's figures there. Each run in a fresh process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    keys = [(v, k, test) for v in values for k in range(n) for test in (False, True)]
    jobs = [(str(eval_dir), {**SET, knob: v}, k, n, test) for v, k, test in keys]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=1) as ex:
        out = iter(list(ex.map(_fold_figures, jobs)))
    res = {key: next(out) for key in keys}

    def pf(r: dict) -> list[float]:
        return [r["bcubed_precision"], r["bcubed_f1"]]

    for k in range(n):
        ok = [v for v in values if res[(v, k, False)]["bcubed_precision"] >= 0.95]
        if ok:
            best = max(ok, key=lambda v: res[(v, k, False)]["bcubed_f1"])
        else:
            best = max(values, key=lambda v: pf(res[(v, k, False)]))
        print(
            f"{knob} fold {k}/{n}:",
            json.dumps(
                {
                    "chosen": best,
                    "training_P_F1": {v: pf(res[(v, k, False)]) for v in values},
                    "held_out_P_F1": {v: pf(res[(v, k, True)]) for v in values},
                }
            ),
        )
    print(
        f"{knob} held-out mean P, F1:",
        json.dumps(
            {
                v: [round(sum(pf(res[(v, k, True)])[i] for k in range(n)) / n, 4) for i in (0, 1)]
                for v in values
            }
        ),
    )


def merge_folds(eval_dir: Path) -> None:
    """Late-merge settings chosen on half of the ECB+ topics, measured on the other half (2-fold,
    alternate topics): on each training half, the best F1 among the settings of ``MERGE_GRID``
    with a B-cubed precision of at least 0.95 (the issue's bar), then its figures on the held-out
    half. Each setting and half runs in a fresh process."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    jobs = [(str(eval_dir), {**SET, **knobs}, k) for knobs in MERGE_GRID for k in (0, 1)]
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=ctx, max_tasks_per_child=1) as ex:
        out = list(ex.map(_half_figures, jobs))
    res = [out[2 * i : 2 * i + 2] for i in range(len(MERGE_GRID))]
    for k in (0, 1):
        ok = [i for i in range(len(MERGE_GRID)) if res[i][k]["bcubed_precision"] >= 0.95]
        i = max(ok, key=lambda j: res[j][k]["bcubed_f1"])
        fig = {
            name: {m: res[i][h][f"bcubed_{m}"] for m in ("precision", "recall", "f1")}
            for name, h in (("chosen_on", k), ("held_out", 1 - k))
        }
        print(f"merge fold {k}:", json.dumps({"settings": MERGE_GRID[i], **fig}))
    d = DedupConfig()
    default = MERGE_GRID.index(
        {
            "merge_centroid_cos": d.merge_centroid_cos,
            "merge_bridge_cos": d.merge_bridge_cos,
            "merge_weekdays": d.merge_weekdays,
        }
    )
    for k in (0, 1):
        print(
            f"merge fold {k} default and off:",
            json.dumps(
                {
                    name: {m: res[i][k][f"bcubed_{m}"] for m in ("precision", "recall", "f1")}
                    for name, i in (("default", default), ("off", 0))
                }
            ),
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("eval_dir", nargs="?", default=str(ROOT.parent / "shared" / "eval"))
    ap.add_argument("--out", help="write the cluster predictions (JSONL) here")
    ap.add_argument(
        "--show-acled",
        action="store_true",
        help="print each ACLED report joined to a story that holds no report with its text",
    )
    ap.add_argument(
        "--merge-folds",
        action="store_true",
        help="only the late-merge settings chosen on half of the ECB+ topics, measured on the other half",
    )
    ap.add_argument(
        "--knob-folds",
        metavar="KNOB=V1,V2,...",
        help="only: the DedupConfig knob's value chosen by k-fold cross-validation over the ECB+ topics",
    )
    ap.add_argument("--folds", type=int, default=4, help="folds of --knob-folds (default 4)")
    ap.add_argument(
        "--crisis-file",
        metavar="JSONL",
        help="only: the CrisisLex alert figures (alerting stories and first-alert delay per crisis) "
        "of these posts instead (CrisisLex fields: event, informativeness, published_at, body)",
    )
    ap.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="KNOB=VALUE",
        help="a DedupConfig knob for every run (repeatable; JSON values: 0.6, false)",
    )
    args = ap.parse_args(argv)
    for kv in args.set:
        knob, _, value = kv.partition("=")
        SET[knob] = json.loads(value)
    DedupConfig(**SET)  # (fails here on an unknown knob or a bad value)
    if args.crisis_file:
        crisis_alerts(crisis_posts(Path(args.crisis_file)))
        return 0
    eval_dir = Path(args.eval_dir)
    scorer = score_module(eval_dir)

    gold = load(eval_dir / "ecbplus_dev.jsonl")
    if args.knob_folds:
        knob, _, vals = args.knob_folds.partition("=")
        knob_folds(eval_dir, knob, [json.loads(v) for v in vals.split(",")], args.folds)
        return 0
    if args.merge_folds:
        merge_folds(eval_dir)
        return 0
    t = time.perf_counter()
    pred = cluster_predictions(gold)
    dt = time.perf_counter() - t
    if args.out:
        with open(args.out, "w", encoding="utf-8") as fh:
            for p in pred:
                fh.write(json.dumps(p) + "\n")
    res = scorer.cluster(gold, {p["id"]: p for p in pred})
    matches: dict[str, int] = {}
    for p in pred:
        matches[p["match"]] = matches.get(p["match"], 0) + 1
    res["matches"] = matches
    res["seconds"] = round(dt, 2)
    print("ecbplus cluster:", json.dumps(res))
    heads = cluster_predictions(gold, headlines_only=True)
    res = scorer.cluster(gold, {p["id"]: p for p in heads})
    print(
        "ecbplus headlines only:",
        json.dumps(
            {k: res[k] for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "predicted_stories")}
        ),
    )

    tweets = crisis_posts(eval_dir / "crisislex_dev.jsonl")
    for r in tweets:
        r["story"] = r["event"]
    pred = cluster_predictions(tweets)
    res = scorer.cluster(tweets, {p["id"]: p for p in pred})
    mixed: dict[str, set] = {}
    for p, r in zip(pred, tweets, strict=True):
        mixed.setdefault(p["story_id"], set()).add(r["event"])
    print(
        "crisislex cross-event:",
        json.dumps(
            {
                "n": len(tweets),
                "bcubed_precision": res["bcubed_precision"],
                "stories": len(mixed),
                "stories_mixing_crises": sum(len(v) > 1 for v in mixed.values()),
            }
        ),
    )

    crisis_alerts(tweets)
    pred, _ = classified_run(gold)
    res = scorer.cluster(gold, {p["id"]: p for p in pred})
    print(
        "ecbplus classified:",
        json.dumps(
            {k: res[k] for k in ("bcubed_precision", "bcubed_recall", "bcubed_f1", "predicted_stories")}
        ),
    )
    acled_alerting(eval_dir, scorer)

    acled(eval_dir, scorer, args.show_acled)

    pairs = load(eval_dir / "msrp_train_pairs.jsonl")
    print("msrp near_duplicate:", json.dumps(msrp(pairs)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
