"""Cross-source story deduplication: a pure, in-memory, bounded story index.

``StoryIndex.add(article, classification)`` decides, online and in arrival order, which story
an article belongs to, merges it in and says whether an alert (or an alert update) is due.

Matching, cheapest first (the first that fires wins; every decision carries type and score):

1. ``url``            the same canonical URL (tracking parameters stripped) as a story's report;
2. ``content``        the same normalised text (title + body) as a story's report;
3. ``near_duplicate`` syndicated copies / light rewrites: MinHash (64 perms, datasketch's affine32
                      scheme, over word 3-shingles; unigrams+bigrams for short texts) of the
                      candidate stories, verified by the estimated Jaccard;
4. ``same_event``     different wording of one event: TF-IDF cosine (IDF learned online) between
                      the article and each candidate story's centroid (the mean of all its reports,
                      truncated to its heaviest terms; a higher threshold for short texts),
                      plus shared rare names; vetoes on category family, country, time and
                      disjoint years; a margin over the second-best story; or, for short posts,
                      the classifier's evidence (same family, country, place or target, within
                      hours, and a shared name other than the country's own; with no place or
                      target on either side, a higher cosine instead of the place).

A text with fewer than ``min_content_terms`` distinct terms besides date and time words (a
headline feed whose "headline" is a dateline) is matched only by steps 1-2, and a story it opens
is kept out of the candidate index.

Layout: words are interned to integer term ids once (per process); document frequencies,
term hashes and "seen only capitalised" counts are numpy arrays indexed by term id. Each story is
a slot in struct-of-arrays state (centroid term ids/weights, names, MinHash as uint16) plus a
``_Slot`` with the record (a compact ``stories.StoryRecord``) and the scalars the matcher tests
per candidate (times, codes, years, months), plain Python: with at most ``max_candidates``
candidates, Python comparisons cost less than numpy calls (~1-2 us each). Only whole-article
work (tokens, tf-idf, MinHash over all shingles, cosines against all candidates) goes through
numpy. Candidates come from an inverted index over each story's heaviest terms: one int32 table
(term id x ``posting_cap`` slots, oldest first), so an article's posting lists are gathered in
one step and its hits summed per story in numpy (``np.bincount`` adds them in query order from
0.0, as the plain loop did), with no Python object per posting; the lists are capped, so the cost
per article does not grow with the state. A pydantic ``Story`` (and the
``StoryDecision``) is only built, without re-validation, for the story an ``add`` returns (a
small cache keeps the last ones, so ``get`` returns the same object); the bulk path
``add_many`` builds none.

Batches (``add_batch``, ``decide_batch``, ``add_many``): the articles go in runs of up to 64 whose
ids the index does not hold (``add`` skips a repeat before reading its text, so a possible repeat
ends a run and goes alone). A run's text features (tokens, term ids, counts, shingles, MinHash)
come from one numpy pass over its texts joined, new words getting their term ids in the order
one-by-one processing gives them; its names and tf-idf are computed together too, each article's
statistics being the run's start values plus the counts of the articles before it. Matching and
merging stay per article, in order: the decisions are ``add``'s (``tests/test_dedup_batch.py``).

Speed: ``python bench/dedup_bench.py`` (one core, 10k / 100k / 1M stories, one by one and in batches). Every decision is the same as the
all-numpy version's (same features, scores and ties): checked on a 20k-article trace with
classifications and evictions, ECB+ and the seeds; the numpy candidate lookup is checked against
the plain loop in ``tests/test_dedup_index.py``.

State is bounded by a time window (relative to the newest event time seen, so replays are
deterministic) and a maximum number of stories, evicted oldest first.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import re
import zlib
from array import array
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import islice

import numpy as np
from datasketch import MinHash
from pydantic import BaseModel, Field
from rapidfuzz.utils import default_process

from . import stories as st
from .models import Article, Classification, Story, StoryDecision
from .settings import Settings
from .taxonomy import Taxonomy, load_taxonomy
from .textnorm import MONTHS, NOT_NAMES, WEEKDAYS, canonical_url, term_of

__all__ = ["DedupConfig", "StoryIndex", "near_duplicate", "near_duplicate_score", "story_id_for"]


class DedupConfig(BaseModel):
    """Knobs of the story index. Defaults are tuned for precision over recall."""

    window_hours: float = Field(72, gt=0)
    max_stories: int = Field(200_000, ge=1)
    same_event_hours: float = Field(48, gt=0)  # max gap between a report and its story
    # near duplicates (MinHash)
    num_perm: int = Field(64, ge=16)
    near_dup_threshold: float = Field(0.5, gt=0, le=1)  # estimated Jaccard of shingle sets
    short_text_tokens: int = Field(30, ge=1)  # fewer content tokens: unigram+bigram shingles
    # a text with fewer distinct terms than this besides dates and times (a dateline, "Updated
    # 12:46 PM") is matched only exactly (URL, content), never as near duplicate or same event
    min_content_terms: int = Field(2, ge=0)
    # same event
    same_event_threshold: float = Field(
        0.39, gt=0, le=1
    )  # cosine to the story centroid (+ names), after penalties
    # ... for a short text (fewer than short_text_tokens tokens: a headline, a post, a one-line
    # note): with few words, two shared names alone lift the cosine over the threshold
    short_same_event_threshold: float = Field(0.65, gt=0, le=1)
    margin: float = Field(0.03, ge=0, le=1)  # best story must beat the second best by this much
    entity_weight: float = Field(0.0, ge=0, le=1)  # weight of the shared-names score
    entity_boost: float = Field(2.5, ge=1)  # tf-idf boost of names in the vectors
    years_gap: int = Field(2, ge=1)  # ... and no year named on one side within this many of one on the other
    years_penalty: float = Field(0.3, ge=0, le=1)  # factor when both mention years, none shared
    # a report naming more years than this reads as background (a career, a history): it takes no
    # years penalty and adds no years to its story
    years_max: int = Field(2, ge=1)
    months_penalty: float = Field(0.6, ge=0, le=1)  # factor when both name months, none shared
    months_max: int = Field(2, ge=1)  # ... the same rule as years_max, for the months a report names
    profile_terms: int = Field(32, ge=8)  # centroid terms kept per story
    story_names: int = Field(8, ge=1)  # names kept per story (heaviest in the centroid, then rarest)
    key_names: int = Field(0, ge=0)  # main names compared for the distinct-names penalty (0: off)
    names_penalty: float = Field(0.5, ge=0, le=1)  # factor when neither side has the other's main names
    index_terms: int = Field(12, ge=1)  # heaviest centroid terms put in the inverted index
    query_terms: int = Field(20, ge=1)  # heaviest article terms looked up
    posting_cap: int = Field(16, ge=1)  # stories kept per term (most recent)
    max_candidates: int = Field(6, ge=1)  # candidates scored in full
    reindex_reports: int = Field(4, ge=1)  # reports after which a story's index terms are frozen
    # classifier evidence (short posts, tweets): same family+country+(place|target)+time+a name
    evidence_hours: float = Field(12, gt=0)
    evidence_min_cos: float = Field(0.1, ge=0, le=1)
    # ... when neither side has a place or target: this many shared names and this cosine
    evidence_names_without_place: int = Field(1, ge=1)
    evidence_min_cos_without_place: float = Field(0.25, ge=0, le=1)
    story_cache: int = Field(2048, ge=1)  # Story models kept for get()

    def join_threshold(self, short: bool) -> float:
        """The same-event score a text needs to join a story (``short``: a short text)."""
        return self.short_same_event_threshold if short else self.same_event_threshold

    @classmethod
    def from_settings(cls, settings: Settings) -> DedupConfig:
        """The knobs that the runtime settings set (``dedup_*``); the rest keep their defaults."""
        knobs = {
            "window_hours": settings.dedup_window_hours,
            "max_stories": settings.dedup_max_stories,
            "same_event_threshold": settings.dedup_same_event_threshold,
            "short_same_event_threshold": settings.dedup_short_same_event_threshold,
        }
        return cls(**{k: v for k, v in knobs.items() if v is not None})


def story_id_for(article_id: str) -> str:
    """Deterministic story id: a hash of the first report's article id."""
    return "s-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- MinHash

_PERM_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}
# the reductions behind ndarray.sum/min/any, without their Python-level wrappers
_SUM, _MIN, _ANY = np.add.reduce, np.minimum.reduce, np.logical_or.reduce
_M32 = np.uint32


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own permutation parameters (scheme affine32, seed 1)."""
    p = _PERM_CACHE.get(num_perm)
    if p is None:
        a, b = MinHash(num_perm=num_perm, scheme="affine32", seed=1).permutations
        p = (
            np.ascontiguousarray(a, dtype=np.uint32)[:, None],
            np.ascontiguousarray(b, dtype=np.uint32)[:, None],
        )
        _PERM_CACHE[num_perm] = p
    return p


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3 32-bit finalizer, the pre-mix datasketch applies before its affine permutations
    h = h ^ (h >> _M32(16))
    h = h * _M32(0x85EBCA6B)
    h = h ^ (h >> _M32(13))
    h = h * _M32(0xC2B2AE35)
    return h ^ (h >> _M32(16))


def minhash_values(hashes: list[int] | np.ndarray, num_perm: int = 64) -> np.ndarray:
    """MinHash signature of a set of 32-bit values, bit-identical to
    ``datasketch.MinHash(num_perm, scheme="affine32", hashfunc=int).update_batch(hashes)``
    but computed in one vectorised numpy pass."""
    a, b = _permutations(num_perm)
    if len(hashes) == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if isinstance(hashes, np.ndarray):
        hv = _fmix32(hashes.astype(np.uint32, copy=False))
    else:
        hv = _fmix32(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))
    phv = a * hv
    phv += b
    return _MIN(phv, axis=1)


_SH_MULT = np.uint32(0x9E3779B1)


def _shingles(h: np.ndarray, short: bool) -> np.ndarray:
    """Word 3-gram hashes (long texts) or unigram + bigram hashes (short texts)."""
    n = h.shape[0]
    if n == 0:
        return h
    if short:
        if n == 1:
            return h
        return np.concatenate((h, (h[:-1] * _SH_MULT) ^ h[1:]))
    if n < 3:
        return (h[:1] * _SH_MULT) ^ h[-1:]
    return (((h[:-2] * _SH_MULT) ^ h[1:-1]) * _SH_MULT) ^ h[2:]


# --------------------------------------------------------------------------- vocabulary
# Tokens are hashed in one vectorised numpy pass (polynomial hash over the code points of the
# lower-cased text); a per-process lexicon maps a token hash to a dense term id (the token's stem,
# -1 for stopwords) through an open table of 2**22 buckets checked by 32 more hash bits, so known
# words never touch Python objects. New words (and bucket collisions) take a Python path once.

_B = 22
_P = 0x100000001B3
_PINV = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_U64 = np.uint64


def _powers(base: int, n: int) -> np.ndarray:
    a = np.full(n, base, dtype=np.uint64)
    a[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(a, dtype=np.uint64)


_POW = _powers(_P, 1 << 12)
_INV = _powers(_PINV, 1 << 12)


def _ensure_pow(n: int) -> None:
    global _POW, _INV
    if n >= _POW.shape[0]:
        m = max(n + 1, 2 * _POW.shape[0])
        _POW, _INV = _powers(_P, m), _powers(_PINV, m)


_FIRST_WORD_RE = re.compile(r"[^\W_]")
_URL_RE = re.compile(r"https?://\S+|www\.\S+")


def _tokenize(text: str) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(lower-cased text, token starts, token ends, 64-bit token hashes, capitalised flags) of a text.
    Tokens are runs of letters/digits (rapidfuzz's ``default_process`` does the case folding)."""
    if "http" in text or "www." in text:
        text = _URL_RE.sub(" ", text)
    s = default_process(text)
    n = len(s)
    if n == 0:
        z = np.zeros(0, np.int64)
        return s, z, z, z.astype(np.uint64), z.astype(np.bool_)
    cp = np.frombuffer(s.encode("utf-32-le"), np.uint32)
    isw = cp != 32
    x = np.zeros(n + 2, np.bool_)
    x[1:-1] = isw
    edge = (x[1:] != x[:-1]).nonzero()[0]
    starts, ends = edge[0::2], edge[1::2]
    _ensure_pow(n + 1)
    # (uint64 array arithmetic wraps around silently: no errstate needed)
    hp = np.empty(n + 1, np.uint64)
    hp[0] = 0
    np.add.accumulate(np.multiply(cp, _POW[:n]), out=hp[1:])  # prefix sums; uint32 * uint64 -> uint64
    h = (hp[ends] - hp[starts]) * _INV[starts]
    h ^= (ends - starts).view(np.uint64)  # lengths (> 0) as uint64
    h *= _MIX
    h ^= h >> _U64(29)
    # capitalised: the original character differs from its lower-cased form
    m = _FIRST_WORD_RE.search(text)
    lead = m.start() if m is not None else 0
    ocp = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    if lead + n <= ocp.shape[0]:
        caps = ocp[lead + starts] != cp[starts]
    else:
        caps = np.zeros(starts.shape[0], np.bool_)
    return s, starts, ends, h, caps


# words of datelines and time stamps ("Published Friday, March 8, 2013 at 12:46 PM / Updated ...")
_ORDINAL = ("st", "nd", "rd", "th")
_DATELINE = frozenset(
    term_of(w) or w
    for w in (
        *MONTHS,
        *WEEKDAYS,
        *"""
    published updated posted last modified gmt utc est edt cst cdt pst pdt cet cest bst ist am pm
    """.split(),
    )
)


class Lexicon:
    """Per-process word table (pure functions of the words, shared by all indexes): token hash ->
    term id of its stem (-1: stopword). Per term id: 32-bit hash (shingles), year value,
    never-a-name flag."""

    def __init__(self) -> None:
        size = 1 << _B
        self.slot_tid = np.zeros(size, np.int32)
        self.slot_chk = np.zeros(size, np.uint32)  # 0: empty
        self.overflow: dict[int, int] = {}
        self.term: dict[str, int] = {}
        cap = 1 << 14
        self.hash = np.zeros(cap, np.uint32)
        self.year = np.zeros(cap, np.int16)
        self.stop = np.zeros(cap, np.bool_)
        self.month = np.zeros(cap, np.uint16)  # bit of the month a month name stands for
        self.special = np.zeros(cap, np.bool_)  # a year or a month
        self.timew = np.zeros(cap, np.bool_)  # a date or time word (dateline vocabulary) or a number
        self.mark = np.zeros(cap, np.bool_)  # scratch, kept False between uses
        self.n = 0

    def _grow(self) -> None:
        cap = self.hash.shape[0] * 2
        for k in ("hash", "year", "stop", "month", "special", "timew", "mark"):
            a = getattr(self, k)
            b = np.zeros(cap, a.dtype)
            b[: a.shape[0]] = a
            setattr(self, k, b)

    def term_id(self, t: str) -> int:
        tid = self.term.get(t)
        if tid is None:
            tid = self.n
            if tid >= self.hash.shape[0]:
                self._grow()
            self.term[t] = tid
            self.hash[tid] = zlib.crc32(t.encode("utf-8"))
            if len(t) == 4 and t.isdigit() and t[:2] in ("18", "19", "20"):
                self.year[tid] = int(t)
                self.special[tid] = True
            self.stop[tid] = t in NOT_NAMES or t.isdigit()
            self.timew[tid] = t in _DATELINE or t.isdigit() or (t[:-2].isdigit() and t[-2:] in _ORDINAL)
            mo = MONTHS.get(t)
            if mo is not None and t not in ("may", "march", "mar", "jan", "sat", "sun"):
                self.month[tid] = 1 << (mo - 1)
                self.special[tid] = True
            self.n += 1
        return tid

    def ids(self, s: str, h: np.ndarray, bounds: tuple[np.ndarray, np.ndarray] | None = None) -> np.ndarray:
        """Term ids (-1: stopword) of the tokens of ``s`` with hashes ``h``. ``bounds``: the
        tokens' (starts, ends) in ``s``, if known (new words are then sliced out of ``s``, not split)."""
        bucket = (h >> _U64(64 - _B)).astype(np.intp)
        chk = h.astype(np.uint32) | np.uint32(1)  # the low 32 bits, never 0
        tids = self.slot_tid[bucket]
        miss = self.slot_chk[bucket] != chk
        if _ANY(miss):
            mi = miss.nonzero()[0]
            # each distinct hash once, in the order of its first occurrence: its later occurrences
            # would get the same id (from the table or the overflow map), with no other effect
            # (a few misses: not worth the sort)
            if mi.shape[0] > 16:
                u, first, inv = np.unique(h[mi], return_index=True, return_inverse=True)
                sel = np.sort(first)
                pos = mi[sel]
            else:
                pos, inv = mi, None
            if bounds is None:
                words = s.split()
                wl = [words[i] for i in pos.tolist()]
            else:
                wl = [s[a:e] for a, e in zip(bounds[0][pos].tolist(), bounds[1][pos].tolist(), strict=True)]
            ov = self.overflow
            slot_chk, slot_tid = self.slot_chk, self.slot_tid
            out = []
            for word, hi, b, c in zip(
                wl, h[pos].tolist(), bucket[pos].tolist(), chk[pos].tolist(), strict=True
            ):
                tid = ov.get(hi)
                if tid is None:
                    if slot_chk[b] == c:  # a new word seen earlier in this text, now in the table
                        tid = int(slot_tid[b])
                    else:
                        t = term_of(word)
                        tid = self.term_id(t) if t else -1
                        if slot_chk[b] == 0:
                            slot_chk[b] = c
                            slot_tid[b] = tid
                        else:
                            if len(ov) > 2_000_000:
                                ov.clear()
                            ov[hi] = tid
                out.append(tid)
            if inv is None:
                tids[mi] = out
            else:
                res = np.empty(u.shape[0], np.int32)
                res[inv[sel]] = out
                tids[mi] = res[inv]
        return tids


_LEXICON = Lexicon()
_PAIR_VOCAB: Vocab | None = None  # statistics-free use (near_duplicate)


class Vocab:
    """Per-index term statistics, indexed by term id: document frequency, documents where the
    term was seen only capitalised (the documents where it was seen in lower case are the rest,
    ``df - upper``: every document counted here is counted in ``df`` by ``StoryIndex._weigh``)."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or _LEXICON
        cap = max(1 << 14, self.lex.hash.shape[0])
        self.df = np.zeros(cap, np.int32)
        self.upper = np.zeros(cap, np.int32)

    def fit(self) -> None:
        n = self.lex.n
        if n > self.df.shape[0]:
            cap = max(2 * self.df.shape[0], n)
            for k in ("df", "upper"):
                a = getattr(self, k)
                b = np.zeros(cap, a.dtype)
                b[: a.shape[0]] = a
                setattr(self, k, b)

    @property
    def n(self) -> int:
        return self.lex.n

    @property
    def term(self) -> dict[str, int]:
        return self.lex.term


# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class Features:
    """What the index knows about one article's text."""

    curl: str | None
    chash: int
    tids: np.ndarray  # distinct term ids (int32, sorted)
    tl: list[int]  # the same, as a list
    cnt: np.ndarray  # their sublinear tf (title terms count once more), float32
    ents: np.ndarray  # term ids of the names (int32)
    epos: np.ndarray  # positions of the names in tids
    years: frozenset[int]
    months: int  # bit mask of the months named
    shingles: np.ndarray  # uint32 shingle hashes (MinHash input)
    short: bool
    n_tokens: int
    n_content: int = 0  # distinct terms that are not date or time words
    mh: np.ndarray | None = None  # MinHash, low 16 bits (set when candidates were checked, or by the batch)
    w: np.ndarray | None = None  # L2-normalised tf-idf of tids (set by the index)


_F32 = np.zeros(0, np.float32)
_NOPOS = np.zeros(0, np.intp)
_NOSH = np.zeros(0, np.uint32)
_NOPOS32 = np.zeros(0, np.int32)
_LOG1P = np.array([0.0] + [1.0 + math.log(c) for c in range(1, 4096)], dtype=np.float32)


def extract_features(
    title: str,
    body: str,
    url: object | None,
    cfg: DedupConfig,
    vocab: Vocab | None = None,
    count: bool = False,
) -> Features:
    """Features of a text. ``count``: fold the article into the vocabulary's case statistics."""
    if vocab is None:
        global _PAIR_VOCAB
        if _PAIR_VOCAB is None:
            _PAIR_VOCAB = Vocab()
        vocab = _PAIR_VOCAB
    f, low = text_features(title, body, url, cfg, vocab.lex)
    vocab.fit()
    find_names(f, low, vocab, count)
    return f


def text_features(
    title: str, body: str, url: object | None, cfg: DedupConfig, lex: Lexicon
) -> tuple[Features, np.ndarray]:
    """The features that depend on the text alone (not on the index's statistics): everything but
    the names. Also returns the term ids with an occurrence not capitalised (``find_names``)."""
    text = f"{title}\n{body}" if title else body
    s, starts, ends, h, caps = _tokenize(text)
    chash = int(_SUM(h * _POW[: h.shape[0]])) ^ h.shape[0]
    ids = lex.ids(s, h, (starts, ends))
    keep = ids >= 0
    seq = ids[keep]
    ns = seq.shape[0]
    curl = canonical_url(url)
    if ns == 0:
        return Features(
            curl=curl,
            chash=chash,
            tids=seq,
            tl=[],
            cnt=_F32,
            ents=seq,
            epos=_NOPOS,
            years=frozenset(),
            months=0,
            shingles=_NOSH,
            short=ns < cfg.short_text_tokens,
            n_tokens=0,
        ), seq
    # distinct term ids (sorted) and their counts
    srt = seq.copy()
    srt.sort()
    f = np.empty(ns + 1, np.bool_)
    f[0] = f[ns] = True
    np.not_equal(srt[1:], srt[:-1], out=f[1:ns])
    bnd = f.nonzero()[0]
    tids = srt[bnd[:-1]]
    counts = bnd[1:] - bnd[:-1]
    if title and body:
        nt = int(starts.searchsorted(len(title)))  # tokens of the title
        tt = ids[:nt]
        tt = tt[tt >= 0]
        if tt.shape[0]:
            counts[tids.searchsorted(tt)] += 1  # repeated indices add once
    cnt = _LOG1P[counts] if ns < 4095 else _LOG1P[np.minimum(counts, 4095)]
    short = ns < cfg.short_text_tokens
    sh = _shingles(lex.hash[seq], short)
    low = seq[~caps[keep]]  # terms with an occurrence not capitalised
    years: frozenset[int] = frozenset()
    months = 0
    sp = lex.special[tids]
    if _ANY(sp):
        st_ = tids[sp]
        yv = lex.year[st_]
        years = frozenset(yv[yv > 0].tolist())
        months = int(np.bitwise_or.reduce(lex.month[st_]))
    return Features(
        curl=curl,
        chash=chash,
        tids=tids,
        tl=tids.tolist(),
        cnt=cnt,
        ents=_NOPOS32,
        epos=_NOPOS,
        years=years,
        months=months,
        shingles=sh,
        short=short,
        n_tokens=ns,
        n_content=int(tids.shape[0] - np.count_nonzero(lex.timew[tids])),
    ), low


def text_features_batch(
    docs: list[tuple[str, str, object | None]], cfg: DedupConfig, lex: Lexicon
) -> list[tuple[Features, np.ndarray]]:
    """``text_features`` of several texts at once, in order: the same features (and the same
    new term ids, assigned in the same order as one call per text would) from one numpy pass over
    the texts joined by spaces; per text, only slicing. Every feature also gets its MinHash
    (``Features.mh``)."""
    return _text_run(docs, cfg, lex).out


@dataclass(slots=True)
class _Run:
    """The text features of a run of articles, and the same as flat arrays over the (text, term)
    pairs, text by text, terms sorted (``StoryIndex._weigh_run`` works on those)."""

    out: list[tuple[Features, np.ndarray]]
    tids: np.ndarray  # term of each pair (int32)
    goff: list[int]  # first pair of each text (and the end)
    cnt: np.ndarray  # sublinear tf of each pair (float32)
    low: np.ndarray  # the pair's term has an occurrence not capitalised in the text (bool)


def _text_run(docs: list[tuple[str, str, object | None]], cfg: DedupConfig, lex: Lexicon) -> _Run:
    texts: list[str] = []
    procs: list[str] = []
    leads: list[int] = []
    for title, body, _ in docs:
        text = f"{title}\n{body}" if title else body
        if "http" in text or "www." in text:
            text = _URL_RE.sub(" ", text)
        texts.append(text)
        procs.append(default_process(text))
        m = _FIRST_WORD_RE.search(text)
        leads.append(m.start() if m is not None else 0)
    nd = len(docs)
    slen = np.fromiter(map(len, procs), np.int64, count=nd)
    soff = np.zeros(nd + 1, np.int64)  # start of each text in the joined string (+1: its space)
    np.cumsum(slen + 1, out=soff[1:])
    s = " ".join(procs)
    n = len(s)
    cp = np.frombuffer(s.encode("utf-32-le"), np.uint32)
    x = np.zeros(n + 2, np.bool_)
    np.not_equal(cp, 32, out=x[1:-1])
    edge = (x[1:] != x[:-1]).nonzero()[0]
    starts, ends = edge[0::2], edge[1::2]
    _ensure_pow(n + 1)
    hp = np.empty(n + 1, np.uint64)
    hp[0] = 0
    np.multiply(cp, _POW[:n], out=hp[1:])
    np.add.accumulate(hp[1:], out=hp[1:])
    h = (hp[ends] - hp[starts]) * _INV[starts]
    h ^= (ends - starts).view(np.uint64)
    h *= _MIX
    h ^= h >> _U64(29)
    nt = starts.shape[0]
    toff = starts.searchsorted(soff)  # first token of each text (and the end)
    ntok = np.diff(toff)
    tix = np.repeat(np.arange(nd), ntok)  # the text of each token
    # content hashes: per text, sum of h * P**(token index in the text), + the token count
    ph = h * _POW[np.arange(nt) - toff[:-1].repeat(ntok)]
    nz = ntok > 0
    csum = np.zeros(nd, np.uint64)
    if nt:
        csum[nz] = np.add.reduceat(ph, toff[:-1][nz])
    chashes = (csum ^ ntok.view(np.uint64)).tolist()
    # capitalised: the original character differs from its lower-cased form
    o = "".join(texts)
    ocp = np.frombuffer(o.encode("utf-32-le"), np.uint32)
    olen = np.fromiter(map(len, texts), np.int64, count=nd)
    ooff = np.zeros(nd, np.int64)
    np.cumsum(olen[:-1], out=ooff[1:])
    lead = np.array(leads, np.int64)
    okc = lead + slen <= olen
    pos = starts + (ooff + lead - soff[:-1])[tix]
    caps = ocp[np.where(okc[tix], pos, 0)] != cp[starts]
    caps &= okc[tix]
    ids = lex.ids(s, h, (starts, ends))
    keep = ids >= 0
    seq = ids[keep]
    stix = tix[keep]
    koff = np.zeros(nd + 1, np.int64)  # kept tokens per text
    np.cumsum(np.bincount(stix, minlength=nd), out=koff[1:])
    # title tokens: those before len(title) in the text's own positions
    tmark = np.zeros(nt + 1, np.int32)
    for i, (title, body, _) in enumerate(docs):
        if title and body and ntok[i]:
            a = int(toff[i])
            e = min(int(starts.searchsorted(soff[i] + len(title))), int(toff[i + 1]))
            if e > a:
                tmark[a] += 1
                tmark[e] -= 1
    tflag = tmark.cumsum()[:nt][keep] > 0
    # distinct terms per text and their counts: one sort of (text, term, title flag, lower-case flag)
    lowflag = ~caps[keep]
    key = (stix.astype(np.int64) << 34) | (seq.astype(np.int64) << 2) | (tflag.view(np.int8) << 1) | lowflag
    key.sort()
    gk = key >> 2
    ns = key.shape[0]
    f = np.empty(ns + 1, np.bool_)
    f[0] = f[ns] = True
    np.not_equal(gk[1:], gk[:-1], out=f[1:ns])
    bnd = f.nonzero()[0]
    flags = np.bitwise_or.reduceat(key & 3, bnd[:-1]) if ns else key
    tids_all = (gk[bnd[:-1]] & 0xFFFFFFFF).astype(np.int32)
    counts = bnd[1:] - bnd[:-1] + (flags >> 1)  # title terms count once more
    cnt_all = _LOG1P[np.minimum(counts, 4095)]
    goff = np.zeros(nd + 1, np.int64)
    np.cumsum(np.bincount((gk[bnd[:-1]] >> 32), minlength=nd), out=goff[1:])
    low_all = seq[lowflag]
    loff = np.zeros(nd + 1, np.int64)
    np.cumsum(np.bincount(stix[lowflag], minlength=nd), out=loff[1:])
    # years and months
    yrs: dict[int, set[int]] = {}
    mos: dict[int, int] = {}
    sp = lex.special[tids_all].nonzero()[0]
    if sp.shape[0]:
        gt = (gk[bnd[:-1]] >> 32)[sp].tolist()
        for i, y, mo in zip(
            gt, lex.year[tids_all[sp]].tolist(), lex.month[tids_all[sp]].tolist(), strict=True
        ):
            if y > 0:
                yrs.setdefault(i, set()).add(y)
            mos[i] = mos.get(i, 0) | mo
    # shingles (word 3-grams of the kept tokens, or unigrams + bigrams for short texts)
    hs = lex.hash[seq]
    tri = (((hs[:-2] * _SH_MULT) ^ hs[1:-1]) * _SH_MULT) ^ hs[2:] if ns > 2 else _NOSH
    short_n = cfg.short_text_tokens
    kl = koff.tolist()
    # date and time words per text (n_content = distinct terms - those)
    tw = np.zeros(tids_all.shape[0] + 1, np.int64)
    np.cumsum(lex.timew[tids_all], out=tw[1:])
    twl = tw.tolist()
    shs: list[np.ndarray] = []
    out: list[tuple[Features, np.ndarray]] = []
    gl, ll = goff.tolist(), loff.tolist()
    for i, (_, _, url) in enumerate(docs):
        a, e = kl[i], kl[i + 1]
        k = e - a
        curl = canonical_url(url)
        short = k < short_n
        if k == 0:
            fe = Features(
                curl=curl,
                chash=chashes[i],
                tids=_NOPOS32,
                tl=[],
                cnt=_F32,
                ents=_NOPOS32,
                epos=_NOPOS,
                years=frozenset(),
                months=0,
                shingles=_NOSH,
                short=short,
                n_tokens=0,
            )
            out.append((fe, _NOPOS32))
            shs.append(_NOSH)
            continue
        if not short and k >= 3:
            sh = tri[a : e - 2]
        else:
            sh = _shingles(hs[a:e], short)
        shs.append(sh)
        ga, ge = gl[i], gl[i + 1]
        tids = tids_all[ga:ge]
        y = yrs.get(i)
        fe = Features(
            curl=curl,
            chash=chashes[i],
            tids=tids,
            tl=tids.tolist(),
            cnt=cnt_all[ga:ge],
            ents=_NOPOS32,
            epos=_NOPOS,
            years=frozenset(y) if y else frozenset(),
            months=mos.get(i, 0),
            shingles=sh,
            short=short,
            n_tokens=k,
            n_content=(ge - ga) - (twl[ge] - twl[ga]),
        )
        out.append((fe, low_all[ll[i] : ll[i + 1]]))
    mhs = minhash_batch(shs, cfg.num_perm)
    for (fe, _), mh in zip(out, mhs, strict=True):
        fe.mh = mh
    return _Run(out=out, tids=tids_all, goff=gl, cnt=cnt_all, low=(flags & 1).astype(np.bool_))


def minhash_batch(shingles: list[np.ndarray], num_perm: int = 64) -> list[np.ndarray]:
    """``minhash_values(x, num_perm).astype(np.uint16)`` for each array, in one numpy pass."""
    a, b = _permutations(num_perm)
    lens = np.fromiter(map(len, shingles), np.int64, count=len(shingles))
    nz = (lens > 0).nonzero()[0]
    empty = np.full(num_perm, 0xFFFF, np.uint16)
    out = [empty] * len(shingles)
    if nz.shape[0]:
        offs = np.zeros(nz.shape[0], np.int64)
        np.cumsum(lens[nz][:-1], out=offs[1:])
        hv = _fmix32(np.concatenate([shingles[i] for i in nz.tolist()]).astype(np.uint32, copy=False))
        mins32 = np.empty((num_perm, nz.shape[0]), np.uint32)
        buf = np.empty((8, hv.shape[0]), np.uint32)
        for r in range(0, num_perm, 8):  # 8 permutations at a time: the products stay in cache
            p = buf[: min(8, num_perm - r)]
            np.multiply(a[r : r + 8], hv, out=p)
            np.add(p, b[r : r + 8], out=p)
            mins32[r : r + 8] = np.minimum.reduceat(p, offs, axis=1)
        mins = mins32.T.astype(np.uint16)
        for j, i in enumerate(nz.tolist()):
            out[i] = mins[j]
    return out


def _names_rule(lex: Lexicon, tids: np.ndarray, df: np.ndarray, upper: np.ndarray) -> np.ndarray:
    """Which of these capitalised terms are names: not a common word, and the documents with the
    term in lower case (``df - upper``) at most a third of those with it only capitalised."""
    return ~lex.stop[tids] & (df - upper <= upper // 3)


def _drop_background_dates(f: Features, cfg: DedupConfig) -> None:
    """A report naming more than ``years_max`` years (a career, a history) or ``months_max`` months
    (a timeline) is not dated by them: it takes no years or months penalty and gives its story
    none."""
    if len(f.years) > cfg.years_max:
        f.years = frozenset()
    if f.months.bit_count() > cfg.months_max:
        f.months = 0


def find_names(f: Features, low: np.ndarray, vocab: Vocab, count: bool) -> None:
    """Set the article's names: words capitalised wherever they occur in this text and rarely seen
    in lower case in the index's documents. ``count``: fold the article into those statistics."""
    tids = f.tids
    if not tids.shape[0]:
        return
    lex = vocab.lex
    mark = lex.mark
    mark[low] = True
    epos = (~mark[tids]).nonzero()[0]
    mark[low] = False
    ct = tids[epos]
    if ct.shape[0]:
        up = vocab.upper[ct]
        if count:
            up += 1
            vocab.upper[ct] = up
        keep = _names_rule(lex, ct, vocab.df[ct] + int(count), up)
        epos = epos[keep]
        ct = ct[keep]
    f.ents, f.epos = ct, epos


def near_duplicate_score(text_a: str, text_b: str, config: DedupConfig | None = None) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (the index's near-dup score)."""
    cfg = config or DedupConfig()
    fa = extract_features("", text_a, None, cfg)
    fb = extract_features("", text_b, None, cfg)
    if fa.chash == fb.chash:
        return 1.0
    ma = minhash_values(fa.shingles, cfg.num_perm)
    mb = minhash_values(fb.shingles, cfg.num_perm)
    return float(np.count_nonzero(ma == mb)) / cfg.num_perm


def near_duplicate(text_a: str, text_b: str, config: DedupConfig | None = None) -> bool:
    """The index's near-duplicate decision for two texts."""
    cfg = config or DedupConfig()
    return near_duplicate_score(text_a, text_b, cfg) >= cfg.near_dup_threshold


# --------------------------------------------------------------------------- index


def _idf_of(df: np.ndarray, n1: float | np.ndarray) -> np.ndarray:
    """The smoothed idf, log(n1 / (df + 0.5)) with n1 = documents + 1 (a scalar, or one per
    element), as a new float64 array (computed in place in it)."""
    x = df + 0.5
    np.divide(n1, x, out=x)
    np.log(x, out=x)
    return x


def _ts(dt: datetime) -> float:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class _Codes:
    """Small interning table: value -> int code (0 = None)."""

    def __init__(self) -> None:
        self.code: dict[str, int] = {}
        self.value: list[str] = [""]  # code -> value

    def __call__(self, v: str | None) -> int:
        if not v:
            return 0
        v = v.strip().lower()
        c = self.code.get(v)
        if c is None:
            c = self.code[v] = len(self.code) + 1
            self.value.append(v)
        return c


@lru_cache(maxsize=1)
def _country_words() -> dict[str, frozenset[str]]:
    """Lower-case ISO code -> the index terms of the words that name the country or its people
    (the gazetteer's country names and demonyms: "costa", "rica", "russian"...)."""
    from .classify.gazetteer import gazetteer

    words: dict[str, set[str]] = {}
    for key, place in gazetteer().index.items():
        if place.kind in ("country", "demonym"):
            words.setdefault(place.country.lower(), set()).update(t for w in key if (t := term_of(w.lower())))
    return {iso: frozenset(ws) for iso, ws in words.items()}


class _Slot:
    """Per-story state that is not in the arrays: the record, the keys and index terms to remove
    on eviction, and the scalars the matcher reads per candidate (plain Python: a handful of
    candidates are cheaper to test in Python than through numpy)."""

    __slots__ = (
        "rec",
        "keys",
        "terms",
        "n",
        "t_first",
        "t_last",
        "fam",
        "ctry",
        "place",
        "target",
        "months",
        "years",
    )

    def __init__(self, rec: st.StoryRecord, t_first: float, t_last: float) -> None:
        self.rec = rec
        self.keys: list = []  # article ids, canonical URLs, content hashes held in the key map
        self.terms = array("i")  # term ids indexed in the postings
        self.n = 0  # reports folded into the centroid
        self.t_first = t_first
        self.t_last = t_last
        self.fam = self.ctry = self.place = self.target = 0  # codes (0: none)
        self.months = 0  # bit mask of the months named
        self.years: tuple[int, ...] = ()  # up to 4 years named


_NO_SLOT_MSG = "slot is free"


def _veto(s: _Slot, t: float, fam: int, ctry: int, hs: float) -> str | None:
    """What rules a story out as the same event before any scoring (None: nothing): another event
    family, another country (each only when both sides have one), or more than ``hs`` seconds
    between the report and the story's reports."""
    if fam and s.fam and s.fam != fam:
        return "another event family"
    if ctry and s.ctry and s.ctry != ctry:
        return "another country"
    if t - s.t_last > hs or s.t_first - t > hs:
        return _apart(hs)
    return None


@lru_cache(maxsize=8)
def _apart(hs: float) -> str:
    """The time veto's reason: formatted once per window, not once per candidate ruled out."""
    return f"more than {hs / 3600:g} h apart"


# why an article opened a new story (StoryDecision.reason), when no candidate story was scored
_WHY_DATELINE = "too few words beyond dates and times: matched by URL or content only"
_WHY_NO_CANDIDATE = "no held story shares its heaviest terms or names"
_RUN = 64  # at most this many articles per run of text features (larger runs: larger temporaries, no faster)


class StoryIndex:
    """In-memory story index. Not thread-safe: one per worker/partition."""

    def __init__(
        self, config: DedupConfig | None = None, vocab: Vocab | None = None, taxonomy: Taxonomy | None = None
    ):
        self.config = cfg = config or DedupConfig()
        # the categories' families (reports of different families are never one event) and ranks
        # (a story carries its highest-ranked category); default: the shipped categories.yaml
        self.taxonomy = taxonomy or load_taxonomy()
        self._vocab = vocab or Vocab()  # per index: df and case statistics are state
        self._sid: dict[str, int] = {}  # story id -> slot
        self._slots: list[_Slot | None] = []
        self._free: list[int] = []
        self._keys: dict = {}  # article id / "u:"+url / content hash (int) -> slot
        # inverted index: per term id, up to posting_cap slots, oldest first, -1 after them
        self._post = np.full((1 << 14, cfg.posting_cap), -1, np.int32)
        self._plen = np.zeros(1 << 14, np.int32)
        self._heap: list[tuple[float, int]] = []
        self._newest: float | None = None
        self._n_docs = 0
        self._evicted_in_add: list[str] = []
        self._cache: OrderedDict[str, Story] = OrderedDict()  # oldest first (popitem: O(1))
        self._fam = _Codes()
        self._ctry = _Codes()
        self._place = _Codes()
        cap = 1024
        K, E = cfg.profile_terms, cfg.story_names
        self._pt = np.full((cap, K), -1, np.int32)
        self._pw = np.zeros((cap, K), np.float32)
        self._et = np.full((cap, E), -1, np.int32)
        self._mh = np.zeros((cap, cfg.num_perm), np.uint16)
        self._scratch = np.zeros(1 << 14, np.float32)
        self._escratch = np.zeros(1 << 14, np.float32)
        self._mark = np.zeros(1 << 14, np.bool_)
        # thresholds compared with float32 cosines, as numpy compares them (in float32)
        self._ev_cos = float(np.float32(cfg.evidence_min_cos))
        self._ev_cos_np = float(np.float32(cfg.evidence_min_cos_without_place))

    # ------------------------------------------------------------------ public API

    def __len__(self) -> int:
        return len(self._sid)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._sid

    def get(self, story_id: str) -> Story | None:
        s = self._cache.get(story_id)
        if s is not None:
            return s
        slot = self._sid.get(story_id)
        if slot is None:
            return None
        return self._materialize(self._slots[slot].rec)  # type: ignore[union-attr]

    def stories(self) -> Iterable[Story]:
        return (self.get(sid) for sid in list(self._sid))  # type: ignore[misc]

    def add(
        self, article: Article, classification: Classification | None = None
    ) -> tuple[StoryDecision, Story]:
        """Assign the article to a story (online, no look-ahead) and merge it in.

        Returns the decision and the story after merging. ``decision.update`` is set when an
        alert or alert update is due now; the story's ``version`` is then already incremented,
        so ``make_alert(story, decision.update, ...)`` gives the alert to emit.
        """
        return self._result(article, self._add(article, classification))

    def _result(self, article: Article, res: tuple) -> tuple[StoryDecision, Story]:
        if res[0] is None:  # a repeat of an article already held changes nothing
            return self._decision(article, res), self.get(res[1].story_id)  # type: ignore[return-value]
        return self._decision(article, res), self._materialize(res[2])

    @staticmethod
    def _decision(article: Article, res: tuple) -> StoryDecision:
        if res[0] is None:  # a repeat of an article already held
            return st.decision(
                article.id, res[1].story_id, True, "url" if article.url is not None else "content", 1.0, None
            )
        match, score, rec, update, why = res
        return st.decision(
            article.id,
            rec.story_id,
            match != "new",
            match,
            None if match == "new" else round(score, 4),
            update,
            why,
        )

    def add_many(self, items: Iterable[tuple[Article, Classification | None]]) -> int:
        """Bulk path (prefill, replay): ``add`` for each item without building the returned models.
        The decisions are the same as ``add``'s. Returns the number of articles added.

        The articles are only read (``id``, ``source``, ``url``, ``title``, ``body``,
        ``published_at``, ``ingested_at``): trusted input may come as ``Article.model_construct``
        objects, without validation."""
        n = 0
        add = self._add
        it = iter(items)
        while chunk := list(islice(it, _RUN)):
            for a, c, pre in self._with_features(chunk):
                add(a, c, False, pre)
                n += 1
        return n

    def add_batch(
        self, items: Iterable[tuple[Article, Classification | None]]
    ) -> list[tuple[StoryDecision, Story]]:
        """``add`` for each item, in order: the same decisions and stories as calling ``add`` on
        each in turn, with the text features of the articles computed together (one numpy pass
        per run of articles, see ``text_features_batch``)."""
        add, result = self._add, self._result
        return [result(a, add(a, c, True, pre)) for a, c, pre in self._with_features(list(items))]

    def decide_batch(self, items: Iterable[tuple[Article, Classification | None]]) -> list[StoryDecision]:
        """``add_batch`` for a caller that only needs the decisions: the same decisions, no
        ``Story`` built (``get`` still gives a story's current state)."""
        add, decision = self._add, self._decision
        return [decision(a, add(a, c, False, pre)) for a, c, pre in self._with_features(list(items))]

    def _with_features(self, items: list[tuple[Article, Classification | None]]):
        """(article, classification, precomputed text features or None), in order. The features
        come in runs of articles that cannot be repeats of an article held (their id is not in the
        index when the run starts, nor earlier in the run): ``add`` skips a repeat before its
        features, so a run stops before a possible repeat, which takes the one-by-one path. New
        words then get their term ids in the order one-by-one processing gives them."""
        keys = self._keys
        cfg, vocab = self.config, self._vocab
        i, n = 0, len(items)
        while i < n:
            j = i
            seen: set[str] = set()
            while j < n and j - i < _RUN:
                aid = items[j][0].id
                if aid in keys or aid in seen or aid[:1] == "\x00":  # ("\x00u:": a URL key)
                    break
                seen.add(aid)
                j += 1
            if j == i:
                a, c = items[i]
                yield a, c, None
                i += 1
                continue
            run = items[i:j]
            tr = _text_run([(a.title, a.body, a.url) for a, _ in run], cfg, vocab.lex)
            vocab.fit()
            dfs = self._weigh_run(tr)
            for (a, c), (f, _), d in zip(run, tr.out, dfs, strict=True):
                yield a, c, (f, d)
            i = j

    def _weigh_run(self, tr: _Run) -> list[np.ndarray]:
        """``find_names`` (counting) and ``_weigh`` for each article of a run, in order, computed
        together: every article of a run takes both steps, one after the other and nothing else
        reads the case counts or changes the document frequencies in between, so each article's
        values are the run's start values plus the counts of the articles before it in the run.
        Sets each article's names and tf-idf, folds the run into the case counts and returns,
        per article, its terms' document frequencies after it (``_add`` stores them as it goes:
        the matcher reads them)."""
        vocab = self._vocab
        lex = vocab.lex
        tids = tr.tids
        npair = tids.shape[0]
        nd = len(tr.out)
        goff = tr.goff
        if npair == 0:
            return [_NOPOS32] * nd
        tix = np.repeat(np.arange(nd), np.diff(goff))
        # per pair: how many earlier texts of the run have its term (and have it as a candidate name)
        order = np.sort((tids.astype(np.int64) << 32) | np.arange(npair)) & 0xFFFFFFFF  # by term, then text
        ts = tids[order]
        g = np.empty(npair, np.bool_)
        g[0] = True
        np.not_equal(ts[1:], ts[:-1], out=g[1:])
        gstart = np.maximum.accumulate(np.where(g, np.arange(npair), 0))
        prior = np.empty(npair, np.int32)
        prior[order] = np.arange(npair) - gstart
        cand = ~tr.low  # terms only capitalised in the text: the candidate names
        cs = cand[order].astype(np.int32)
        cc = cs.cumsum(dtype=np.int32)
        cprior = np.empty(npair, np.int32)
        cprior[order] = cc - cs - (cc - cs)[gstart]
        df0 = vocab.df[tids] + prior  # df when the article comes (int32)
        up = vocab.upper[tids] + cprior + 1
        cidx = cand.nonzero()[0]
        if cidx.shape[0]:
            np.add.at(vocab.upper, tids[cidx], 1)
        isname = cand & _names_rule(lex, tids, df0 + 1, up)
        d = df0 + 1
        w = _idf_of(d, (self._n_docs + 1.0 + 1.0) + tix).astype(np.float32)  # each article's own count
        np.maximum(w, 0.0, out=w)
        w *= tr.cnt
        npos = isname.nonzero()[0]
        if npos.shape[0]:
            w[npos] *= self.config.entity_boost
        nrm = np.ones(nd, np.float32)
        dfs: list[np.ndarray] = []
        nb = npos.searchsorted(goff).tolist()  # each text's names
        epos = npos - np.array(goff)[tix[npos]]
        ents = tids[npos]
        for i, (f, _) in enumerate(tr.out):
            a, e = goff[i], goff[i + 1]
            dfs.append(d[a:e])
            if a == e:
                f.w = _F32
                continue
            wi = w[a:e]
            v = float(np.sqrt(np.dot(wi, wi)))  # per article, as _weigh does (the same sum order)
            if v > 0:
                nrm[i] = v
            f.w = wi
            if nb[i] < nb[i + 1]:
                f.epos = epos[nb[i] : nb[i + 1]]
                f.ents = ents[nb[i] : nb[i + 1]]
        w /= nrm.repeat(np.diff(goff))  # (in place: the articles' views see it)
        return dfs

    def drain_evicted(self) -> list[str]:
        """Story ids that ``add`` evicted by itself (window or size) since the last call, so a
        caller that mirrors the stories in a table can delete them there too."""
        out, self._evicted_in_add = self._evicted_in_add, []
        return out

    def restore(self, stories: Iterable[Story]) -> None:
        """Rebuild the index from persisted stories (e.g. a Faust changelog table on recovery).

        Stories keep no article bodies, so a restored story is indexed by its reports' article
        ids, URLs and titles (headline-level near-duplicate and same-event matching).
        """
        for story in stories:
            if story.story_id in self._sid:
                self._drop(self._sid[story.story_id])
            rec = st.record_of_story(story)
            t_last = _ts(story.last_seen)
            slot = self._new_slot(rec, _ts(story.first_seen), t_last)
            self._set_codes(slot, story.category, story.location.country, story.location.place, story.target)
            if self._newest is None or t_last > self._newest:
                self._newest = t_last
            for r in story.reports:
                f = extract_features(r.title, "", r.url, self.config, self._vocab, count=True)
                self._weigh(f)
                _drop_background_dates(f, self.config)
                self._index_report(slot, r.article_id, f)
            heapq.heappush(self._heap, (t_last, slot))
        if self._newest is not None:
            self.evict_ts(self._newest)

    def evict(self, now: datetime) -> list[str]:
        """Drop stories whose last report is older than the window before ``now`` (and, beyond
        ``max_stories``, the oldest ones). Returns the evicted story ids."""
        return self.evict_ts(_ts(now))

    def evict_ts(self, now_ts: float) -> list[str]:
        cutoff = now_ts - self.config.window_hours * 3600.0
        out: list[str] = []
        heap = self._heap
        slots = self._slots
        while heap:
            ts, slot = heap[0]
            s = slots[slot]
            if s is None or s.t_last != ts:
                heapq.heappop(heap)  # stale entry
                continue
            if ts < cutoff or len(self._sid) > self.config.max_stories:
                heapq.heappop(heap)
                out.append(s.rec.story_id)
                self._drop(slot)
                continue
            break
        if len(heap) > 4 * len(self._sid) + 1024:
            self._heap = [(s.t_last, i) for i, s in enumerate(slots) if s is not None]
            heapq.heapify(self._heap)
        return out

    # ------------------------------------------------------------------ core

    def _materialize(self, rec: st.StoryRecord) -> Story:
        s = st.story_of_record(rec)
        cache = self._cache
        cache.pop(rec.story_id, None)
        cache[rec.story_id] = s
        if len(cache) > self.config.story_cache:
            cache.popitem(last=False)
        return s

    def _add(
        self,
        article: Article,
        classification: Classification | None,
        build: bool = True,
        pre: tuple[Features, np.ndarray] | None = None,
    ):
        cfg = self.config
        t = _ts(st.event_time(article))
        if self._newest is None or t > self._newest:
            self._newest = t
        if self._heap and self._heap[0][0] < self._newest - cfg.window_hours * 3600.0:
            self._evicted_in_add.extend(self.evict_ts(self._newest))
        slot = self._keys.get(article.id)
        if slot is not None:
            return None, self._slots[slot].rec, None, None, None  # type: ignore[union-attr]

        if pre is None:
            f = extract_features(article.title, article.body, article.url, cfg, self._vocab, count=True)
            self._weigh(f)
        else:  # features, names and tf-idf computed with the run (_with_features), the counts stored now
            f = pre[0]
            self._n_docs += 1
            if f.tl:
                self._vocab.df[f.tids] = pre[1]
        _drop_background_dates(f, cfg)
        c = classification
        if c is not None:
            fam = self._fam(self.taxonomy.family(c.category))
            loc = c.location
            ctry = self._ctry(loc.country) if loc is not None else 0
            place = self._place(loc.place) if loc is not None else 0
            target = self._place(c.target)
        else:
            fam = ctry = place = target = 0

        match, score, slot, why = self._match(f, t, fam, ctry, place, target)
        if slot is None:
            sid = story_id_for(article.id)
            if sid in self._sid:  # same article id after eviction of its story: a new story
                sid = story_id_for(f"{article.id}@{t}")
            rec = st.new_record(sid, article, classification, self.taxonomy)
            st.add_reason(rec, f"{article.id}: new story ({why})")  # type: ignore[arg-type]
            slot = self._new_slot(rec, t, t)
            s = self._slots[slot]
            # the record's codes are the classification's (a new record takes them as they are)
            s.fam, s.ctry, s.place, s.target = fam, ctry, place, target  # type: ignore[union-attr]
            self._index_report(slot, article.id, f)
            heapq.heappush(self._heap, (t, slot))
            if len(self._sid) > cfg.max_stories:
                self._evicted_in_add.extend(self.evict_ts(self._newest))
            update = st.decide_update(None, rec)  # type: ignore[arg-type]
            if update is not None:
                st.mark_alerted(rec, update)  # type: ignore[arg-type]
            return "new", 0.0, rec, update, why

        s = self._slots[slot]
        rec = s.rec  # type: ignore[union-attr]
        before = st.Snapshot(rec)
        st.merge_into_record(rec, article, classification, self.taxonomy)
        st.add_reason(rec, f"{article.id}: {match} {score:.2f}")  # type: ignore[arg-type]
        if not build:
            self._cache.pop(rec.story_id, None)  # the cached model is out of date
        if t > s.t_last:  # type: ignore[union-attr]
            s.t_last = t  # type: ignore[union-attr]
            heapq.heappush(self._heap, (t, slot))
        if t < s.t_first:  # type: ignore[union-attr]
            s.t_first = t  # type: ignore[union-attr]
        if c is not None:
            self._set_codes(slot, rec.category, rec.country, rec.place, rec.target)
        self._index_report(slot, article.id, f)
        update = st.decide_update(before, rec)  # type: ignore[arg-type]
        if update is not None:
            st.mark_alerted(rec, update)  # type: ignore[arg-type]
        return match, score, rec, update, None

    def _scratch_for(self) -> np.ndarray:
        """Dense per-term scratch arrays (kept zero between uses), sized to the lexicon."""
        n_v = self._vocab.n
        if self._scratch.shape[0] < n_v + 1:
            self._scratch = np.zeros(2 * n_v + 2, np.float32)
            self._escratch = np.zeros(2 * n_v + 2, np.float32)
            self._mark = np.zeros(2 * n_v + 2, np.bool_)
        return self._scratch

    def _set_codes(
        self, slot: int, category: str | None, country: str | None, place: str | None, target: str | None
    ) -> None:
        s = self._slots[slot]
        s.fam = self._fam(self.taxonomy.family(category))  # type: ignore[union-attr]
        s.ctry = self._ctry(country)  # type: ignore[union-attr]
        s.place = self._place(place)  # type: ignore[union-attr]
        s.target = self._place(target)  # type: ignore[union-attr]

    def _weigh(self, f: Features) -> None:
        """Count the article in the document frequencies and set its normalised tf-idf."""
        self._n_docs += 1
        if not f.tl:
            f.w = _F32
            return
        df = self._vocab.df
        tids = f.tids
        d = df[tids] + 1
        df[tids] = d
        w = _idf_of(d, self._n_docs + 1.0).astype(np.float32)
        np.maximum(w, 0.0, out=w)
        w *= f.cnt
        if f.epos.shape[0]:
            w[f.epos] *= self.config.entity_boost
        nrm = float(np.sqrt(np.dot(w, w)))
        f.w = w / nrm if nrm > 0 else w

    def _idf(self, tids: np.ndarray) -> np.ndarray:
        return _idf_of(self._vocab.df[tids], self._n_docs + 1.0)

    def _fit_postings(self) -> None:
        n = self._vocab.lex.n
        if n > self._plen.shape[0]:
            cap = max(2 * self._plen.shape[0], n)
            post = np.full((cap, self._post.shape[1]), -1, np.int32)
            post[: self._post.shape[0]] = self._post
            plen = np.zeros(cap, np.int32)
            plen[: self._plen.shape[0]] = self._plen
            self._post, self._plen = post, plen

    def _candidates(self, f: Features) -> list[int]:
        """The stories sharing the most weight with the article's heaviest terms (and names): the
        sum of the article's weights of the shared index terms; at most ``max_candidates``, best
        first, ties in the order of the first hit (the order of all when there are no more)."""
        cfg = self.config
        w = f.w
        if w is None or w.shape[0] == 0:
            return []
        k = cfg.query_terms
        if w.shape[0] > k:
            top = w.argpartition(-k)[-k:]
            if f.epos.shape[0]:  # the article's names too: a short post shares little else
                sel = np.zeros(w.shape[0], np.bool_)  # (the union, in index order)
                sel[top] = True
                sel[f.epos] = True
                top = sel.nonzero()[0]
            q, wq = f.tids[top], w[top]
        else:
            q, wq = f.tids, w
        self._fit_postings()
        rows = self._post[q]
        flat = rows[rows >= 0]  # every posting list in query order, oldest first: one hit each
        m = flat.shape[0]
        if m == 0:
            return []
        order = flat.argsort(kind="stable")
        fs = flat[order]
        brk = np.empty(m + 1, np.bool_)
        brk[0] = brk[m] = True
        np.not_equal(fs[1:], fs[:-1], out=brk[1:m])
        st = brk.nonzero()[0][:-1]  # first position of each story in fs
        first = order[st]  # its first hit in query order
        kc = cfg.max_candidates
        if st.shape[0] <= kc:
            first.sort()
            return flat[first].tolist()
        # per story, the weights of its hits added in query order, one by one from 0.0 in float64
        # (bincount's loop; the stable sort keeps each story's hits in query order), as a Python
        # loop over the hits would
        grp = np.add.accumulate(brk[:m].view(np.int8), dtype=np.intp)
        grp -= 1
        sums = np.bincount(grp, weights=wq.repeat(self._plen[q])[order], minlength=st.shape[0])
        fo = first.argsort()  # stories in first-hit order
        pick = fo[(-sums[fo]).argsort(kind="stable")[:kc]]  # highest sum first, ties: first hit first
        return fs[st[pick]].tolist()

    def _match(self, f: Features, t: float, fam: int, ctry: int, place: int, target: int):
        cfg = self.config
        keys = self._keys
        if f.curl is not None:
            slot = keys.get("\x00u:" + f.curl)
            if slot is not None:
                return "url", 1.0, slot, None
        slot = keys.get(f.chash)
        if slot is not None:
            return "content", 1.0, slot, None
        if f.n_content < cfg.min_content_terms:
            return "new", 0.0, None, _WHY_DATELINE
        cand = self._candidates(f)
        if not cand:
            return "new", 0.0, None, _WHY_NO_CANDIDATE
        nc = len(cand)
        ca = np.array(cand, dtype=np.intp)
        # near duplicates: MinHash of the candidates' first reports
        mh = f.mh
        if mh is None:
            f.mh = mh = minhash_values(f.shingles, cfg.num_perm).astype(np.uint16)  # the stored width
        eq = _SUM(self._mh[ca] == mh, axis=1)
        j = int(eq.argmax())
        jac = int(eq[j]) / cfg.num_perm
        if jac >= cfg.near_dup_threshold:
            return "near_duplicate", jac, cand[j], None
        # same event: vetoes first (family, country, time), per candidate in Python
        slots = self._slots
        ss = [slots[c] for c in cand]
        hs = cfg.same_event_hours * 3600.0
        vetoed = [_veto(s, t, fam, ctry, hs) for s in ss]  # type: ignore[arg-type]
        if all(vetoed):
            return "new", 0.0, None, f"nearest story {ss[0].rec.story_id}: {vetoed[0]}"  # type: ignore[union-attr]
        sc = self._scratch_for()
        tids = f.tids
        sc[tids] = f.w
        cos32 = _SUM(sc[self._pt[ca]] * self._pw[ca], axis=1)
        sc[tids] = 0.0
        cos = cos32.tolist()
        ents = f.ents
        ew = cfg.entity_weight
        if ew:
            ent_sc = self._entity_scores(f, ca).tolist()
            score = [((1.0 - ew) * cos32[i] + ew * ent_sc[i]).item() for i in range(nc)]
        else:
            score = list(cos)  # (1 - 0) * cos + 0 * names: the cosine
        if cfg.key_names and ents.shape[0]:
            conflict = self._names_conflict(f, ca)
            score = [x * cfg.names_penalty if c else x for x, c in zip(score, conflict, strict=True)]
        fy = f.years
        fm = f.months
        if fy or fm:
            yp, mp = cfg.years_penalty, cfg.months_penalty
            for i, s in enumerate(ss):
                if fy:
                    yrs = s.years  # type: ignore[union-attr]
                    if (
                        yrs
                        and fy.isdisjoint(yrs)
                        and min(abs(a - b) for a in fy for b in yrs) >= cfg.years_gap
                    ):
                        score[i] *= yp
                if fm:  # both name months, none in common
                    sm = s.months  # type: ignore[union-attr]
                    if sm and not sm & fm:
                        score[i] *= mp
        for i in range(nc):
            if vetoed[i]:
                score[i] = 0.0
        best = max(score)
        b = score.index(best)
        second = max(score[:b] + score[b + 1 :]) if nc > 1 else 0.0
        if best >= cfg.join_threshold(f.short) and best - second >= cfg.margin:
            return "same_event", best, cand[b], None
        # classifier evidence: same family, country, place or target, close in time, a shared name
        if fam and ctry:
            # same place or target office and a shared name; without place/target on either
            # side, evidence_names_without_place shared names and a higher cosine
            eh = cfg.evidence_hours * 3600.0
            eset = set(ents.tolist()) if ents.shape[0] else None
            if eset:  # the country's own name is no evidence: both sides already name it
                term = self._vocab.term
                eset -= {term.get(w) for w in _country_words().get(self._ctry.value[ctry], ())}
            et = self._et[ca].tolist() if eset else None
            e = -1
            for i, s in enumerate(ss):
                if vetoed[i] or not (s.fam == fam and s.ctry == ctry and abs(t - s.t_last) <= eh):  # type: ignore[union-attr]
                    continue
                n_shared = sum(1 for x in et[i] if x in eset) if eset else 0  # type: ignore[index]
                same_pt = (place > 0 and s.place == place) or (target > 0 and s.target == target)  # type: ignore[union-attr]
                no_pt = (place == 0 and target == 0) or (s.place == 0 and s.target == 0)  # type: ignore[union-attr]
                if (same_pt and n_shared >= 1 and cos[i] >= self._ev_cos) or (
                    no_pt and n_shared >= cfg.evidence_names_without_place and cos[i] >= self._ev_cos_np
                ):
                    if e < 0 or score[i] > score[e]:
                        e = i
            if e >= 0:
                return "same_event", float(max(score[e], cfg.same_event_threshold)), cand[e], None
        return "new", 0.0, None, self._why_new(ss, score, cos, b, second, f.short)

    def _why_new(
        self, ss: list, score: list[float], cos: list[float], b: int, second: float, short: bool
    ) -> str:
        """Why the best-scoring candidate story was not joined: below the threshold (after the
        years and months penalties; the short-text one for a short text), or too close to the
        second best."""
        cfg = self.config
        best = score[b]
        head = f"nearest story {ss[b].rec.story_id} scored {best:.2f}"
        th = cfg.join_threshold(short)
        if best < th:
            pen = f", cosine {cos[b]:.2f} before the years/months penalty" if best < cos[b] else ""
            return f"{head}{pen}, below the {'short-text ' if short else ''}same-event threshold {th:g}"
        return f"{head}, within the margin {cfg.margin:g} of another story ({second:.2f})"

    def _entity_scores(self, f: Features, ca: np.ndarray) -> np.ndarray:
        """Overlap coefficient of the names, idf weighted (only when ``entity_weight`` > 0)."""
        ents = f.ents
        if not ents.shape[0]:
            return np.zeros(ca.shape[0])
        self._scratch_for()
        es = self._escratch
        eidf = self._idf(ents).astype(np.float32)
        es[ents] = eidf
        et = self._et[ca]
        shared = es[et]
        es[ents] = 0.0
        sw = shared.sum(axis=1)
        story_w = np.where(et >= 0, self._idf(np.maximum(et, 0)), 0.0).sum(axis=1)
        denom = np.minimum(story_w, float(eidf.sum()))
        return np.where(denom > 0, sw / np.maximum(denom, 1e-9), 0.0)

    def _names_conflict(self, f: Features, ca: np.ndarray) -> list[bool]:
        """Two events of one kind: the article's main names are nowhere in the story and the
        story's main names nowhere in the article (only when ``key_names`` > 0)."""
        cfg = self.config
        ents = f.ents
        ew = f.w[f.epos]  # type: ignore[index]
        a_key = ents[np.argsort(-ew)[: cfg.key_names]]
        pt, et = self._pt[ca], self._et[ca]
        hit_a = np.isin(pt, a_key).any(axis=1) | np.isin(et, a_key).any(axis=1)
        self._scratch_for()
        mark = self._mark
        mark[f.tids] = True
        s_key = et[:, : cfg.key_names]
        hit_s = mark[s_key].any(axis=1)
        mark[f.tids] = False
        return (~hit_a & ~hit_s & (s_key[:, 0] >= 0)).tolist()

    # ------------------------------------------------------------------ bookkeeping

    def _new_slot(self, rec: st.StoryRecord, t_first: float, t_last: float) -> int:
        if self._free:
            slot = self._free.pop()
            self._slots[slot] = _Slot(rec, t_first, t_last)
            self._pt[slot] = -1
            self._pw[slot] = 0.0
            self._et[slot] = -1
        else:
            slot = len(self._slots)
            self._slots.append(_Slot(rec, t_first, t_last))
            if slot >= self._pt.shape[0]:
                self._grow(2 * self._pt.shape[0])
        self._sid[rec.story_id] = slot
        return slot

    def _grow(self, cap: int) -> None:
        for k in ("_pt", "_pw", "_et", "_mh"):
            a = getattr(self, k)
            fill = -1 if k in ("_pt", "_et") else 0
            b = np.full((cap, *a.shape[1:]), fill, a.dtype)
            b[: a.shape[0]] = a
            setattr(self, k, b)

    def _index_report(self, slot: int, article_id: str, f: Features) -> None:
        cfg = self.config
        s = self._slots[slot]
        keys = self._keys
        keys[article_id] = slot
        sk = s.keys  # type: ignore[union-attr]
        sk.append(article_id)
        if f.curl is not None:
            k = "\x00u:" + f.curl
            if k not in keys:
                keys[k] = slot
                sk.append(k)
        if f.chash not in keys:
            keys[f.chash] = slot
            sk.append(f.chash)
        n = s.n  # type: ignore[union-attr]
        s.n = n + 1  # type: ignore[union-attr]
        K = cfg.profile_terms
        w = f.w if f.w is not None else _F32
        if n == 0:
            self._mh[slot] = (
                f.mh if f.mh is not None else minhash_values(f.shingles, cfg.num_perm)
            )  # (low 16 bits)
            if w.shape[0] > K:
                top = w.argpartition(-K)[-K:]
                tt, tw = f.tids[top], w[top]
            else:
                tt, tw = f.tids, w
            m = tt.shape[0]
            if m:
                nrm = float(np.sqrt(np.dot(tw, tw)))
                self._pt[slot, :m] = tt
                self._pw[slot, :m] = tw / nrm if nrm > 0 else tw
        else:
            # running mean of the reports' vectors, truncated to the K heaviest terms
            pt = self._pt[slot]
            pt = pt[pt >= 0]
            sc = self._scratch_for()
            sc[pt] = self._pw[slot][: pt.shape[0]] * (n / (n + 1.0))
            sc[f.tids] += w / (n + 1.0)
            mark = self._mark
            mark[pt] = True
            u = np.concatenate((pt, f.tids[~mark[f.tids]]))
            mark[pt] = False
            acc = sc[u]
            sc[u] = 0.0
            if u.shape[0] > K:
                top = acc.argpartition(-K)[-K:]
                u, acc = u[top], acc[top]
            nrm = float(np.sqrt(np.dot(acc, acc)))
            self._pt[slot] = -1
            self._pw[slot] = 0.0
            self._pt[slot, : u.shape[0]] = u
            self._pw[slot, : u.shape[0]] = acc / nrm if nrm > 0 else acc
        # names: the rarest ones seen (lowest df)
        if f.ents.shape[0]:
            et = self._et[slot]
            if n == 0:
                alle = f.ents
            else:
                cur = et[et >= 0].tolist()
                alle = np.array(sorted(set(cur).union(f.ents.tolist())), np.int32) if cur else f.ents
            E = cfg.story_names
            if alle.shape[0] > E:  # keep the names that weigh most in the centroid, then the rarest
                cw = dict(zip(self._pt[slot].tolist(), self._pw[slot].tolist(), strict=True))
                key = np.array([cw.get(x, 0.0) for x in alle.tolist()], np.float32)
                alle = alle[np.lexsort((self._vocab.df[alle], -key))[:E]]
            if n:
                et[:] = -1
            et[: alle.shape[0]] = alle
        s.months |= f.months  # type: ignore[union-attr]
        if f.years:
            yr = s.years  # type: ignore[union-attr]
            if len(yr) < 4:
                add = [y for y in sorted(f.years) if y not in yr]
                if add:
                    s.years = (yr + tuple(add))[:4]  # type: ignore[union-attr]
        if n < cfg.reindex_reports and f.n_content >= cfg.min_content_terms:
            self._reindex(slot)

    def _reindex(self, slot: int) -> None:
        cfg = self.config
        s = self._slots[slot]
        pw = self._pw[slot]
        k = cfg.index_terms
        top = pw.argpartition(-k)[-k:] if pw.shape[0] > k else np.arange(pw.shape[0])
        new = [t for t in self._pt[slot][top].tolist() if t >= 0]
        # names are indexed too (the rarest ones): a short post shares little else
        new += [t for t in self._et[slot][:4].tolist() if t >= 0]
        old = s.terms  # type: ignore[union-attr]
        add = list(set(new).difference(old))
        if not add:
            return
        old.extend(add)
        self._fit_postings()
        post, plen = self._post, self._plen
        cap = post.shape[1]
        tt = np.array(add, np.intp)
        n = plen[tt]
        full = n >= cap
        if _ANY(full):  # a full list drops its oldest slot
            tf = tt[full]
            post[tf, :-1] = post[tf, 1:]
            n[full] = cap - 1
        post[tt, n] = slot
        plen[tt] = n + 1

    def _drop(self, slot: int) -> None:
        s = self._slots[slot]
        if s is None:
            return
        self._slots[slot] = None
        self._free.append(slot)
        sid = s.rec.story_id
        self._sid.pop(sid, None)
        self._cache.pop(sid, None)
        keys = self._keys
        for k in s.keys:
            if keys.get(k) == slot:
                del keys[k]
        if s.terms:
            tt = np.frombuffer(s.terms, np.intc)
            rows = self._post[tt]
            hit = rows == slot
            has = hit.any(axis=1)  # not pushed out of a full list already
            if _ANY(has):
                tt, rows, hit = tt[has], rows[has], hit[has]
                # drop the slot from each list, keeping the order: the others move up by one
                rows = np.take_along_axis(rows, hit.argsort(axis=1, kind="stable"), axis=1)
                rows[:, -1] = -1
                self._post[tt] = rows
                self._plen[tt] -= 1


def default_time() -> datetime:
    """The fixed event time used for inputs without one (batch evaluation)."""
    return datetime(2000, 1, 1, tzinfo=UTC)


_ = timedelta  # re-exported for callers computing windows
