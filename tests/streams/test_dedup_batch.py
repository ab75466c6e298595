"""The batch paths of the story stage (``StoryIndex.prepare``, ``assign_batch``) make exactly the
decisions of ``assign`` called on each article in turn, and build the same features."""

from __future__ import annotations

import functools
import random
from datetime import UTC, datetime, timedelta

import numpy as np
import pytest

from bench.dedup_bench import Generator
from streams.assign import assign, assign_batch
from streams.dedup import DedupConfig, StoryIndex
from streams.dedup.features import text_features, text_features_batch
from streams.dedup.minhash import minhash_values
from streams.dedup.vocabulary import Lexicon, Vocab
from streams.models import Article, Classification, Location, Severity, Story, StoryDecision

T0 = datetime(2024, 5, 1, tzinfo=UTC)

ODD_TEXTS = [
    ("", ""),
    ("", "   "),
    ("!!!", "... -- ..."),
    ("The", "a an the of"),
    ("Istanbul", "İstanbul İzmir straße STRASSE Ærø Öland. Über alles, São Paulo"),
    ("Quake", "see https://example.com/a?b=c and www.example.org/x for more, 2019 and 1999 in May, June"),
    ("UPPER CASE HEADLINE HERE", ""),
    ("", "one"),
    ("", "two words"),
    ("Title only with Names Like Kofi Annan", ""),
    ("x", "Body. With Sentences. And Caps Mid Sentence like Paris and Berlin on 12 March 2021."),
    ("Ünïcödé Tïtle", "ﬁ ligature ß and ǅ digraph, Ⅻ numeral, ①② circled, ＡＢＣ fullwidth"),
    ("tab\tseparated\ttitle", "new\nlines\r\nand\u00a0nbsp\u2003em space_under_score"),
    ("Numbers 1,000 and 3.5", "1,000 people; 3.5 million; 2,500; 20 Jan 2020; Jan 20th, 2020"),
    ("Published Friday, March 8, 2013 at 12:46 PM / Updated at 12:48 PM", ""),  # datelines
    ("", "18 September 2013 Last updated at 13:59 GMT"),
    ("Sunday, March 17, 2013 | 5:00 PM", "Riot in Brooklyn"),
]


def _odd_articles() -> list[tuple[str, str, str | None]]:
    out = []
    for k, (t, b) in enumerate(ODD_TEXTS):
        out.append((t, b, None if k % 2 else f"https://www.example.com/n/{k}?utm_source=x"))
    return out


def _fresh_index(cfg: DedupConfig) -> StoryIndex:
    # a lexicon of its own: term ids are numbered as this index's stream first shows the words
    return StoryIndex(cfg, vocab=Vocab(Lexicon()))


def _same_features(fa, fb) -> None:
    for k in ("curl", "chash", "tl", "years", "months", "short", "n_tokens", "n_content"):
        assert getattr(fa, k) == getattr(fb, k), k
    for k in ("tids", "cnt", "ents", "epos", "shingles"):
        a, b = getattr(fa, k), getattr(fb, k)
        assert a.dtype == b.dtype and np.array_equal(a, b), k


def test_batch_features_equal_one_by_one():
    cfg = DedupConfig()
    gen = Generator(5)
    docs = _odd_articles()
    t = T0
    for i in range(300):
        t += timedelta(seconds=30)
        a = gen.article(t, mix=True)
        if i % 7 == 0:
            docs.append(("", a.body[: 40 + i % 60], None))  # short posts
        docs.append((a.title, a.body, str(a.url) if a.url else None))
    docs += _odd_articles()
    lex_one, lex_batch = Lexicon(), Lexicon()
    one = [text_features(ti, b, u, cfg, lex_one) for ti, b, u in docs]
    batch: list = []
    for k in range(0, len(docs), 37):  # several runs, one lexicon
        batch += text_features_batch(docs[k : k + 37], cfg, lex_batch)
    assert lex_one.term == lex_batch.term  # the same words got the same ids
    assert lex_one.n == lex_batch.n
    for (fa, la), (fb, lb) in zip(one, batch, strict=True):
        _same_features(fa, fb)
        assert la.dtype == lb.dtype and np.array_equal(la, lb)
        mh = minhash_values(fa.shingles, cfg.num_perm).astype(np.uint16)
        assert np.array_equal(mh, fb.mh)


def _classification(rnd: random.Random) -> Classification | None:
    r = rnd.random()
    if r < 0.3:
        return None
    cats = ["attack", "bombing", "armed_clash", "disaster", "assassination", "assassination_attempt", None]
    return Classification(
        category=rnd.choice(cats),
        severity=rnd.choice(list(Severity)),
        fatalities=rnd.choice([None, 0, 1, 3, 10]),
        injured=rnd.choice([None, 2]),
        location=Location(
            country=rnd.choice([None, "CZ", "FR", "NG"]), place=rnd.choice([None, "Ostrava", "Lagos"])
        ),
        target=rnd.choice([None, "embassy", "school"]),
    )


@functools.cache
def _stream(n: int, seed: int, step: timedelta) -> list[tuple[Article, Classification | None]]:
    """A mixed stream: the bench's articles (new events, syndicated copies, rewrites, URL
    variants), short posts, odd texts, classifications, and redeliveries of earlier articles
    (the same id: a repeat), some of them within a few articles."""
    gen = Generator(seed)
    rnd = random.Random(seed)
    out: list[tuple[Article, Classification | None]] = []
    t = T0
    odd = _odd_articles()
    for i in range(n):
        t += step
        r = rnd.random()
        if r < 0.05 and out:  # redelivery
            a, c = out[-rnd.randint(1, min(len(out), 40 if r < 0.03 else 400))]
            if r < 0.02:  # a corrected copy under the same id: its new words must not count
                a = Article(
                    id=a.id,
                    source=a.source,
                    title=a.title,
                    body=f"{a.body} Corrected zq{i}x wv{i}y.",
                    published_at=a.published_at,
                )
            out.append((a, c))
            continue
        a = gen.article(t, mix=True)
        if r < 0.12:  # a short post about a recent event
            words = a.body.split()
            a = Article(
                id=a.id, source=a.source, title="", body=" ".join(words[: rnd.randint(3, 25)]), published_at=t
            )
        elif r < 0.14:
            ti, b, u = odd[rnd.randrange(len(odd))]
            a = Article(
                id=a.id, source=a.source, title=ti, body=b if b.strip() else "x" + b, url=u, published_at=t
            )
        out.append((a, _classification(rnd)))
    return out


def _record_features(idx: StoryIndex) -> list:
    """Make the index record what its matcher sees of each article (tf-idf, names, MinHash...)."""
    seen: list = []
    match = idx.matcher.match

    def rec(f, *args):
        out = match(f, *args)
        seen.append(
            (
                f.chash,
                f.tl,
                f.w.tobytes() if f.w is not None else None,
                f.w.dtype if f.w is not None else None,
                f.ents.tolist(),
                f.ents.dtype,
                f.epos.tolist(),
                f.epos.dtype,
                f.years,
                f.months,
                out,
            )
        )
        return out

    idx.matcher.match = rec  # type: ignore[method-assign]
    return seen


def _same_state(a: StoryIndex, b: StoryIndex) -> None:
    n = a.vocab.n
    assert a.vocab.n_docs == b.vocab.n_docs
    assert np.array_equal(a.vocab.df[:n], b.vocab.df[:n])
    assert np.array_equal(a.vocab.upper[:n], b.vocab.upper[:n])
    for k in ("pt", "pw", "et", "mh"):
        m = min(getattr(a.table, k).shape[0], getattr(b.table, k).shape[0])
        assert np.array_equal(getattr(a.table, k)[:m], getattr(b.table, k)[:m]), k


def _dump(idx: StoryIndex) -> dict:
    return {s.story_id: s.model_dump() for s in idx.stories()}


def _assign_prepared(
    idx: StoryIndex, items: list[tuple[Article, Classification | None]]
) -> list[tuple[StoryDecision, Story]]:
    """``assign`` on each item of ``idx.prepare(items)`` (the features computed in runs), with
    each report's story right after it."""
    out = []
    for a, c, p in idx.prepare(items):
        d, rec = assign(idx, a, c, p)
        out.append((d, idx.story_of(rec)))
    return out


@pytest.mark.parametrize(
    "cfg_kw, n, step",
    [
        ({}, 1500, timedelta(seconds=40)),
        ({"window_hours": 3, "max_stories": 150}, 1500, timedelta(seconds=40)),  # evictions, size and window
        ({"max_stories": 25, "posting_cap": 3, "max_candidates": 3}, 600, timedelta(seconds=5)),
    ],
)
def test_batch_paths_decide_as_one_by_one(cfg_kw, n, step):
    cfg = DedupConfig(**cfg_kw)
    items = _stream(n, seed=11, step=step)
    one = _fresh_index(cfg)
    seen_one = _record_features(one)
    ref = []
    for a, c in items:
        d, rec = assign(one, a, c)
        ref.append((d.model_dump(), one.story_of(rec).model_dump()))
    ref_evicted = one.drain_evicted()
    assert {d["match"] for d, _ in ref} >= {"new", "near_duplicate", "content", "url"}

    bat = _fresh_index(cfg)
    seen_bat = _record_features(bat)
    got = []
    k = 0
    rnd = random.Random(3)
    while k < len(items):  # batches of varied sizes, from 1 to 300
        m = rnd.choice([1, 2, 7, 64, 300])
        got += [(d.model_dump(), s.model_dump()) for d, s in _assign_prepared(bat, items[k : k + m])]
        k += m
    assert got == ref
    assert seen_bat == seen_one  # the same features, bit for bit, went to the matcher
    assert bat.drain_evicted() == ref_evicted
    assert _dump(bat) == _dump(one)
    assert one.vocab.lex.term == bat.vocab.lex.term
    _same_state(one, bat)

    dec = _fresh_index(cfg)
    got_d = []
    k = 0
    while k < len(items):
        m = rnd.choice([1, 5, 64, 100])
        got_d += [d.model_dump() for d in assign_batch(dec, items[k : k + m])]
        k += m
    assert got_d == [d for d, _ in ref]
    assert dec.drain_evicted() == ref_evicted
    assert _dump(dec) == _dump(one)
    _same_state(one, dec)

    bulk = _fresh_index(cfg)
    assert len(assign_batch(bulk, iter(items))) == len(items)
    assert bulk.drain_evicted() == ref_evicted
    assert _dump(bulk) == _dump(one)
    assert one.vocab.lex.term == bulk.vocab.lex.term
    _same_state(one, bulk)


def test_prepared_assign_returns_the_stories_get_returns():
    items = _stream(200, seed=4, step=timedelta(seconds=30))
    idx = _fresh_index(DedupConfig())
    res = _assign_prepared(idx, items)
    assert len(res) == len(items)
    last: dict = {}
    for d, s in res:
        assert d.story_id == s.story_id
        last[s.story_id] = s
    for sid, s in last.items():
        assert idx.get(sid) is s


def test_batch_cli_output_does_not_depend_on_the_batch_size():
    import io
    import json

    from streams.batch import dedup_records

    lines = []
    for k, (a, _) in enumerate(_stream(600, seed=11, step=timedelta(seconds=40))[:300]):
        rec = {
            "id": a.id,
            "source": a.source,
            "title": a.title,
            "body": a.body,
            "published_at": a.published_at.isoformat(),
        }
        if a.url is not None:
            rec["url"] = str(a.url)
        lines.append(json.dumps(rec))
        if k % 37 == 5:
            lines.append("{not json")
        if k % 41 == 7:
            lines.append(json.dumps({"id": f"bad{k}", "title": "", "body": ""}))  # invalid, has an id
    text = "\n".join(lines) + "\n"
    outs = []
    for batch, classify in ((1, False), (64, False), (7, False), (1, True), (64, True)):
        out = io.StringIO()
        res = dedup_records(io.StringIO(text), out, io.StringIO(), classify=classify, batch=batch)
        outs.append((res, out.getvalue()))
    assert outs[0] == outs[1] == outs[2]
    assert outs[3] == outs[4]
    rows = [json.loads(x) for x in outs[0][1].splitlines()]
    assert sum("error" in r for r in rows) == len([k for k in range(300) if k % 41 == 7])
    assert {r["match"] for r in rows if "match" in r} >= {"new", "near_duplicate"}
