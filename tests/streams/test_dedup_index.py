"""Internals of the story index that its speed relies on, checked against plain-Python references."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import numpy as np

from streams.assign import assign
from streams.dedup import DedupConfig, StoryIndex
from streams.models import Article

T0 = datetime(2024, 5, 1, tzinfo=UTC)
WORDS = [f"w{i}" for i in range(300)]
NAMES = [f"Name{c}{d}" for c in "ABCDEFGHIJ" for d in "klmnopqrst"]


def _articles(n: int, seed: int = 3) -> list[Article]:
    rnd = random.Random(seed)
    out: list[Article] = []
    for i in range(n):
        if out and rnd.random() < 0.3:  # a rewrite of a recent article
            base = rnd.choice(out[-20:])
            body = " ".join(base.body.split()[: rnd.randint(10, 40)] + rnd.sample(WORDS, 5))
            title = base.title
        else:
            names = rnd.sample(NAMES, 3)
            words = [rnd.choice(WORDS[: rnd.choice((30, 300))]) for _ in range(rnd.randint(8, 60))]
            for k in range(0, len(words), 7):
                words[k] = names[k % 3]
            body = " ".join(words) + "."
            title = " ".join(names[:2]) if rnd.random() < 0.7 else ""
        out.append(
            Article(
                id=f"a{i}",
                source=f"s{i % 7}",
                title=title,
                body=body,
                published_at=T0 + timedelta(minutes=3 * i),
            )
        )
    return out


def _reference_candidates(idx: StoryIndex, f) -> list[int]:
    """The candidate rule as a plain loop: the article's top terms (and names) in order, each
    term's stories oldest first, weights summed per story; best sums first, ties by first hit."""
    cfg = idx.config
    w = f.w
    if w is None or w.shape[0] == 0:
        return []
    k = cfg.query_terms
    if w.shape[0] > k:
        top = np.argpartition(w, -k)[-k:].tolist()
        if f.epos.shape[0]:
            top = sorted(set(top).union(f.epos.tolist()))
    else:
        top = range(w.shape[0])
    hits: dict[int, float] = {}
    for i in top:
        t = f.tl[i]
        if t >= idx.postings.plen.shape[0]:
            continue
        for s in idx.postings.post[t][: idx.postings.plen[t]].tolist():
            hits[s] = hits.get(s, 0.0) + float(w[i])
    if len(hits) <= cfg.max_candidates:
        return list(hits)
    return sorted(hits, key=hits.__getitem__, reverse=True)[: cfg.max_candidates]


def _check_postings(idx: StoryIndex) -> None:
    post, plen = idx.postings.post, idx.postings.plen
    for t in np.flatnonzero(plen).tolist():
        row = post[t]
        n = int(plen[t])
        assert (row[:n] >= 0).all() and (row[n:] == -1).all()
        assert len(set(row[:n].tolist())) == n  # a story at most once per term
        for slot in row[:n].tolist():
            s = idx.table.slots[slot]
            assert s is not None and t in s.terms  # only live stories, under their own terms
    assert ((plen == 0) | (post[:, 0] >= 0)).all()


def test_candidates_equal_the_plain_loop_with_full_lists_and_evictions():
    cfg = DedupConfig(
        posting_cap=3, max_candidates=3, index_terms=5, query_terms=6, window_hours=2, max_stories=60
    )
    idx = StoryIndex(cfg)
    checked = 0
    orig = idx.matcher.candidates

    def candidates(f):
        nonlocal checked
        got = orig(f)
        assert got == _reference_candidates(idx, f)
        checked += 1
        return got

    idx.matcher.candidates = candidates  # type: ignore[method-assign]
    for a in _articles(600):
        assign(idx, a)
    assert checked > 400
    assert (idx.postings.plen == cfg.posting_cap).sum() > 0  # full lists were exercised
    _check_postings(idx)


def test_posting_lists_stay_consistent_after_drops_and_restore():
    cfg = DedupConfig(posting_cap=4, max_stories=40)
    idx = StoryIndex(cfg)
    for a in _articles(300, seed=5):
        assign(idx, a)
    _check_postings(idx)
    again = StoryIndex(cfg)
    again.restore(list(idx.stories()))
    _check_postings(again)
    assert sorted(s.story_id for s in again.stories()) == sorted(s.story_id for s in idx.stories())
