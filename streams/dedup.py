"""Cross-source story deduplication: a pure, in-memory, bounded story index.

``StoryIndex.add(article, classification)`` decides, online and in arrival order, which story
an article belongs to, merges it in and says whether an alert (or an alert update) is due.

Matching, cheapest first (the first that fires wins; every decision carries type and score):

1. ``url``            the same canonical URL (tracking parameters stripped) as a story's report;
2. ``content``        the same normalised text (title + body) as a story's report;
3. ``near_duplicate`` syndicated copies / light rewrites: MinHash (datasketch permutations,
                      64 perms over word 3-shingles, unigrams+bigrams for short texts) looked up
                      in LSH band buckets, verified by the estimated Jaccard;
4. ``same_event``     different wording of one event: candidates from an inverted index over
                      each story's rarest terms and names (posting lists capped), scored by
                      TF-IDF cosine + name overlap, with vetoes on category family, country,
                      time (> same_event_hours apart) and conflicting numbers/years.

State is bounded by a time window (relative to the newest event time seen, so replays are
deterministic) and a maximum number of stories, evicted oldest first. Every lookup touches a
bounded number of buckets/postings, so the cost per article does not grow with the state.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import zlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from operator import itemgetter

import numpy as np
from datasketch import MinHash
from pydantic import BaseModel, Field

from . import stories as st
from .models import Article, Classification, Story, StoryDecision
from .textnorm import canonical_url, fast_dates, fast_entities, fast_numbers, fast_tokens, term_of

__all__ = ["DedupConfig", "StoryIndex", "near_duplicate", "near_duplicate_score", "story_id_for"]


class DedupConfig(BaseModel):
    """Knobs of the story index. Defaults are tuned for precision over recall."""

    window_hours: float = Field(72, gt=0)
    max_stories: int = Field(200_000, ge=1)
    same_event_hours: float = Field(48, gt=0)  # max gap between a report and its story
    # near duplicates (MinHash + LSH)
    num_perm: int = Field(64, ge=16)
    lsh_bands: int = Field(16, ge=1)  # num_perm / lsh_bands rows per band
    near_dup_threshold: float = Field(0.5, gt=0, le=1)  # estimated Jaccard of shingle sets
    short_text_tokens: int = Field(30, ge=1)  # fewer content tokens: unigram+bigram shingles
    minhashes_per_story: int = Field(4, ge=1)  # reports of a story kept in the LSH buckets
    # same event (inverted index + scoring)
    same_event_threshold: float = Field(0.5, gt=0, le=1)
    index_terms: int = Field(12, ge=1)  # rarest terms/names of a story put in the index
    query_terms: int = Field(16, ge=1)  # rarest terms/names of an article looked up
    posting_cap: int = Field(24, ge=1)  # stories kept per term (most recent)
    max_candidates: int = Field(5, ge=1)  # candidates scored in full
    profile_terms: int = Field(80, ge=8)  # terms kept in a story's profile
    entity_boost: float = Field(2.0, ge=1)
    min_shared_entities: int = Field(2, ge=0)  # names shared for a same-event match (when both have names)
    max_reports_indexed: int = Field(8, ge=1)
    salient_terms: int = Field(0, ge=0)  # 0 disables the salient-terms check
    salient_miss: float = Field(0.34, ge=0, lt=1)
    salient_penalty: float = Field(0.5, ge=0, le=1)  # reports whose terms still grow the profile


def story_id_for(article_id: str) -> str:
    """Deterministic story id: a hash of the first report's article id."""
    return "s-" + hashlib.sha1(article_id.encode("utf-8")).hexdigest()[:16]


# --------------------------------------------------------------------------- MinHash

_PERM_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_M32 = np.uint32


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own permutation parameters (scheme affine32, seed 1)."""
    p = _PERM_CACHE.get(num_perm)
    if p is None:
        a, b = MinHash(num_perm=num_perm, scheme="affine32", seed=1).permutations
        p = (np.ascontiguousarray(a, dtype=np.uint32)[:, None], np.ascontiguousarray(b, dtype=np.uint32)[:, None])
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
    return phv.min(axis=1)


def make_minhash(hashes: list[int], num_perm: int = 64) -> MinHash:
    """The datasketch MinHash object for these values (for callers that want the library type)."""
    a, b = _permutations(num_perm)
    return MinHash(
        num_perm=num_perm, scheme="affine32", hashvalues=minhash_values(hashes, num_perm),
        permutations=(a[:, 0], b[:, 0]),
    )


_BAND_MULT = np.uint64(0x9E3779B97F4A7C15)


def _band_keys(hv: np.ndarray, bands: int) -> list[int]:
    """One 64-bit bucket key per LSH band (band number mixed in)."""
    rows = hv.shape[0] // bands
    m = hv[: rows * bands].reshape(bands, rows).astype(np.uint64)
    acc = np.arange(1, bands + 1, dtype=np.uint64) * _BAND_MULT
    for j in range(rows):
        acc = (acc ^ m[:, j]) * _BAND_MULT
    return acc.tolist()


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.count_nonzero(a == b)) / a.shape[0]


# --------------------------------------------------------------------------- features


@dataclass(slots=True)
class Features:
    """What the index knows about one article's text."""

    curl: str | None
    chash: str
    tf: dict[str, float]  # stemmed content term -> sublinear tf (title terms count twice)
    ents: frozenset[str]  # stemmed names
    nums: frozenset[str]
    years: frozenset[int]
    dates: frozenset[str]
    shingles: np.ndarray  # uint32 shingle hashes (MinHash input)
    short: bool
    n_tokens: int
    mh: np.ndarray | None = None
    weights: dict[str, float] | None = None  # tf-idf at arrival (set by the index)
    avec: dict[str, float] | None = None  # the heaviest of them (profile_terms)
    ent_w: float | None = None  # idf mass of the names


_LOG_DF = [math.log(c + 0.5) for c in range(65536)]
_LOG_HALF = math.log(0.5)
_BY_VALUE = itemgetter(1)
_LOG1P = [0.0] + [1.0 + math.log(c) for c in range(1, 4096)]
_SH_MULT = np.uint32(0x9E3779B1)


class _Vocab:
    """Per-process caches: word -> index term ('' for stopwords), term -> 32-bit hash (crc32)."""

    __slots__ = ("term", "hash")

    def __init__(self) -> None:
        self.term: dict[str, str] = {}
        self.hash: dict[str, int] = {}

    def terms(self, words: list[str]) -> list[str]:
        tc = self.term
        try:
            return [t for t in map(tc.__getitem__, words) if t]
        except KeyError:
            pass
        if len(tc) > 2_000_000:
            tc.clear()
        for w in set(words).difference(tc):
            tc[w] = term_of(w)
        return [t for t in map(tc.__getitem__, words) if t]

    def hashes(self, terms: list[str]) -> np.ndarray:
        hc = self.hash
        try:
            return np.fromiter(map(hc.__getitem__, terms), dtype=np.uint32, count=len(terms))
        except KeyError:
            pass
        if len(hc) > 2_000_000:
            hc.clear()
        for t in set(terms).difference(hc):
            hc[t] = zlib.crc32(t.encode("utf-8"))
        return np.fromiter(map(hc.__getitem__, terms), dtype=np.uint32, count=len(terms))


_DEFAULT_VOCAB = _Vocab()


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


def extract_features(title: str, body: str, url: object | None, cfg: DedupConfig,
                     vocab: _Vocab | None = None) -> Features:
    vocab = vocab or _DEFAULT_VOCAB
    text = f"{title}\n{body}" if title else body
    words = fast_tokens(text)
    chash = hashlib.blake2b(" ".join(words).encode("utf-8"), digest_size=12).hexdigest()
    terms = vocab.terms(words)
    cnt = Counter(terms)
    if title and body:
        cnt.update(set(vocab.terms(fast_tokens(title))))
    lg = _LOG1P
    tf = {t: lg[c] if c < 4096 else 1.0 + math.log(c) for t, c in cnt.items()}
    short = len(terms) < cfg.short_text_tokens
    sh = _shingles(vocab.hashes(terms), short)
    nums, years = fast_numbers(text)
    return Features(
        curl=canonical_url(url),
        chash=chash,
        tf=tf,
        ents=frozenset(fast_entities(title, body)),
        nums=frozenset(nums),
        years=frozenset(years),
        dates=frozenset(fast_dates(words)),
        shingles=sh,
        short=short,
        n_tokens=len(terms),
    )


def near_duplicate_score(text_a: str, text_b: str, config: DedupConfig | None = None) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets (the index's near-dup score)."""
    cfg = config or DedupConfig()
    fa = extract_features("", text_a, None, cfg)
    fb = extract_features("", text_b, None, cfg)
    if fa.chash == fb.chash:
        return 1.0
    return _jaccard(minhash_values(fa.shingles, cfg.num_perm), minhash_values(fb.shingles, cfg.num_perm))


def near_duplicate(text_a: str, text_b: str, config: DedupConfig | None = None) -> bool:
    """The index's near-duplicate decision for two texts."""
    cfg = config or DedupConfig()
    return near_duplicate_score(text_a, text_b, cfg) >= cfg.near_dup_threshold


# --------------------------------------------------------------------------- index


@dataclass(slots=True, eq=False)
class _Entry:
    story: Story
    t_first: float
    t_last: float
    tf: dict[str, float] = field(default_factory=dict)  # accumulated term weights (bounded)
    vec: dict[str, float] = field(default_factory=dict)  # tf-idf profile used for scoring
    vnorm: float = 0.0
    ents: dict[str, int] = field(default_factory=dict)
    ent_w: float = 0.0  # idf mass of the names (when last indexed)
    nums: set[str] = field(default_factory=set)
    years: set[int] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)
    index_terms: list[str] = field(default_factory=list)
    band_keys: list[int] = field(default_factory=list)
    mhs: list[np.ndarray] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    chashes: list[str] = field(default_factory=list)
    article_ids: list[str] = field(default_factory=list)
    family: str | None = None
    country: str | None = None
    n_reports: int = 0


def _ts(dt: datetime) -> float:
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.timestamp()


class StoryIndex:
    """In-memory story index. Not thread-safe: one per worker/partition."""

    def __init__(self, config: DedupConfig | None = None):
        self.config = config or DedupConfig()
        if self.config.num_perm % self.config.lsh_bands:
            raise ValueError("num_perm must be a multiple of lsh_bands")
        self._entries: dict[str, _Entry] = {}
        self._by_article: dict[str, str] = {}
        self._by_url: dict[str, str] = {}
        self._by_content: dict[str, str] = {}
        self._buckets: dict[int, str | list[str]] = {}
        self._postings: dict[str, list[str]] = {}
        self._df: dict[str, int] = {}
        self._ldf: dict[str, float] = {}
        self._n_docs = 0
        self._log_n = 0.0
        self._heap: list[tuple[float, int, str]] = []
        self._seq = 0
        self._newest: float | None = None
        self._vocab = _Vocab()
        self._evicted_in_add: list[str] = []

    # ------------------------------------------------------------------ public API

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, story_id: object) -> bool:
        return story_id in self._entries

    def get(self, story_id: str) -> Story | None:
        e = self._entries.get(story_id)
        return e.story if e is not None else None

    def stories(self) -> Iterable[Story]:
        return (e.story for e in self._entries.values())

    def add(self, article: Article, classification: Classification | None = None) -> tuple[StoryDecision, Story]:
        """Assign the article to a story (online, no look-ahead) and merge it in.

        Returns the decision and the story after merging. ``decision.update`` is set when an
        alert or alert update is due now; the story's ``version`` is then already incremented,
        so ``make_alert(story, decision.update, ...)`` gives the alert to emit.
        """
        cfg = self.config
        t = _ts(st.event_time(article))
        if self._newest is None or t > self._newest:
            self._newest = t
        self._evicted_in_add.extend(self.evict_ts(self._newest))

        # a repeat of an article already held changes nothing
        sid = self._by_article.get(article.id)
        if sid is not None:
            e = self._entries[sid]
            return (
                StoryDecision(article_id=article.id, story_id=sid, duplicate=True,
                              match="url" if article.url is not None else "content", score=1.0, update=None),
                e.story,
            )

        f = extract_features(article.title, article.body, article.url, cfg, self._vocab)
        f.weights = self._count_df(f)
        family = st.category_family(classification.category) if classification else None
        country = classification.location.country if classification and classification.location else None

        match, score, entry, why = self._match(f, t, family, country)
        if entry is None:
            sid = story_id_for(article.id)
            if sid in self._entries:  # same article id after eviction of its story: a new story
                sid = story_id_for(f"{article.id}@{t}")
            story = st.new_story(sid, article, classification)
            st.add_reason(story, f"{article.id}: new story")
            entry = _Entry(story=story, t_first=t, t_last=t)
            self._entries[sid] = entry
            self._absorb(entry, article, f, t, family, country)
            if len(self._entries) > cfg.max_stories:
                self._evicted_in_add.extend(self.evict_ts(self._newest))
            update = st.decide_update(None, story)
            if update is not None:
                st.mark_alerted(story, update)
            decision = StoryDecision(article_id=article.id, story_id=sid, duplicate=False, match="new",
                                     score=None, update=update)
            return decision, story

        before = entry.story
        after = st.merge_report(before, article, classification)
        st.add_reason(after, f"{article.id}: {match} {score:.2f}{(' ' + why) if why else ''}")
        entry.story = after
        self._absorb(entry, article, f, t, family, country)
        update = st.decide_update(before, after)
        if update is not None:
            st.mark_alerted(after, update)
        decision = StoryDecision(article_id=article.id, story_id=after.story_id, duplicate=True, match=match,
                                 score=round(score, 4), update=update)
        return decision, after

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
        cfg = self.config
        for story in stories:
            if story.story_id in self._entries:
                self._drop(story.story_id)
            t_first, t_last = _ts(story.first_seen), _ts(story.last_seen)
            entry = _Entry(story=story, t_first=t_first, t_last=t_last)
            entry.family = st.category_family(story.category)
            entry.country = story.location.country
            self._entries[story.story_id] = entry
            if self._newest is None or t_last > self._newest:
                self._newest = t_last
            for r in story.reports:
                f = extract_features(r.title, "", r.url, cfg, self._vocab)
                f.weights = self._count_df(f)
                self._index_report(entry, r.article_id, f, st_family=entry.family, country=entry.country)
            self._reindex_terms(entry)
            self._push_heap(entry)
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
        while heap:
            ts, _, sid = heap[0]
            e = self._entries.get(sid)
            if e is None or e.t_last != ts:
                heapq.heappop(heap)  # stale entry
                continue
            if ts < cutoff or len(self._entries) > self.config.max_stories:
                heapq.heappop(heap)
                self._drop(sid)
                out.append(sid)
                continue
            break
        if len(heap) > 4 * len(self._entries) + 1024:
            self._heap = [(e.t_last, i, sid) for i, (sid, e) in enumerate(self._entries.items())]
            heapq.heapify(self._heap)
        return out

    # ------------------------------------------------------------------ matching

    def _idf(self, term: str) -> float:
        return self._log_n - self._ldf.get(term, _LOG_HALF)

    def _count_df(self, f: Features) -> dict[str, float]:
        """Count the article's terms in the document frequencies; return its tf-idf weights
        (names boosted), all terms."""
        self._n_docs += 1
        log_n = self._log_n = math.log(self._n_docs + 1.0)
        df = self._df
        ldf = self._ldf
        dg = df.get
        ents = f.ents
        boost = self.config.entity_boost
        logt = _LOG_DF
        out = {}
        for t, x in f.tf.items():
            c = dg(t, 0) + 1
            df[t] = c
            lc = logt[c] if c < 65536 else math.log(c + 0.5)
            ldf[t] = lc
            v = x * (log_n - lc)
            if v > 0:
                out[t] = v * boost if t in ents else v
        if len(df) > 4_000_000:  # bound the vocabulary: forget hapaxes
            self._df = {k: v for k, v in df.items() if v > 1}
            self._ldf = {k: ldf[k] for k in self._df}
        return out

    def _top(self, w: dict[str, float], k: int) -> dict[str, float]:
        if len(w) <= k:
            return w
        return dict(sorted(w.items(), key=_BY_VALUE, reverse=True)[:k])

    def _weights(self, tf: dict[str, float], ents: Iterable[str], k: int) -> dict[str, float]:
        """The k heaviest tf-idf weights (names boosted) of a term vector."""
        log_n = self._log_n
        lg = self._ldf.get
        boost = self.config.entity_boost
        w = {}
        for t, x in tf.items():
            v = x * (log_n - lg(t, _LOG_HALF))
            if v > 0:
                w[t] = v * boost if t in ents else v
        return self._top(w, k)

    def _match(self, f: Features, t: float, family: str | None, country: str | None):
        cfg = self.config
        if f.curl is not None:
            sid = self._by_url.get(f.curl)
            if sid is not None:
                return "url", 1.0, self._entries[sid], ""
        sid = self._by_content.get(f.chash)
        if sid is not None:
            return "content", 1.0, self._entries[sid], ""
        # near duplicates: LSH buckets, verified by the estimated Jaccard
        f.mh = minhash_values(f.shingles, cfg.num_perm)
        best, best_j = None, 0.0
        seen: set[str] = set()
        buckets = self._buckets
        for k in _band_keys(f.mh, cfg.lsh_bands):
            v = buckets.get(k)
            if v is None:
                continue
            for sid in (v,) if isinstance(v, str) else v:
                if sid in seen:
                    continue
                seen.add(sid)
                e = self._entries.get(sid)
                if e is None:
                    continue
                j = max(_jaccard(f.mh, m) for m in e.mhs)
                if j > best_j or (j == best_j and best is not None and sid < best.story.story_id):
                    best, best_j = e, j
        if best is not None and best_j >= cfg.near_dup_threshold:
            return "near_duplicate", best_j, best, ""
        # same event: inverted index over rare terms/names, then full scoring of the best few
        avec = f.avec = self._top(f.weights or {}, cfg.profile_terms)
        if not avec:
            return "new", 0.0, None, ""
        cand = self._candidates(avec)
        best, best_s, best_why = None, 0.0, ""
        for e in cand:
            sc, why = self._same_event_score(f, avec, t, family, country, e)
            if sc > best_s:
                best, best_s, best_why = e, sc, why
        if best is not None and best_s >= cfg.same_event_threshold:
            return "same_event", best_s, best, best_why
        return "new", 0.0, None, ""

    def _candidates(self, avec: dict[str, float]) -> list[_Entry]:
        cfg = self.config
        terms = sorted(avec.items(), key=_BY_VALUE, reverse=True)[: cfg.query_terms]
        hits: dict[str, float] = {}
        postings = self._postings
        hg = hits.get
        for term, w in terms:
            p = postings.get(term)
            if not p:
                continue
            for sid in p:
                hits[sid] = hg(sid, 0.0) + w
        if not hits:
            return []
        top = heapq.nlargest(cfg.max_candidates, hits.items(), key=lambda kv: (kv[1], kv[0]))
        ents = self._entries
        return [ents[sid] for sid, _ in top if sid in ents]

    def _same_event_score(self, f: Features, avec: dict[str, float], t: float, family: str | None,
                          country: str | None, e: _Entry) -> tuple[float, str]:
        cfg = self.config
        # vetoes: category family, country, time
        if family is not None and e.family is not None and family != e.family:
            return 0.0, ""
        if country is not None and e.country is not None and country != e.country:
            return 0.0, ""
        if t - e.t_last > cfg.same_event_hours * 3600.0 or e.t_first - t > cfg.same_event_hours * 3600.0:
            return 0.0, ""
        vec = e.vec
        vg = vec.get
        dot = 0.0
        na = 0.0
        for term, x in avec.items():
            na += x * x
            y = vg(term)
            if y is not None:
                dot += x * y
        cos = dot / math.sqrt(na * e.vnorm) if na > 0 and e.vnorm > 0 else 0.0
        # names: idf-weighted overlap coefficient
        ents_s = e.ents
        ent_sc = 0.0
        shared = [x for x in f.ents if x in ents_s]
        if f.ents and ents_s:
            idf = self._idf
            sw = sum(idf(x) for x in shared)
            if f.ent_w is None:
                f.ent_w = sum(idf(x) for x in f.ents)
            wa = f.ent_w
            wb = e.ent_w
            m = min(wa, wb)
            ent_sc = sw / m if m > 0 else 0.0
        score = 0.6 * cos + 0.4 * ent_sc
        why = f"cos={cos:.2f} names={ent_sc:.2f} shared={','.join(sorted(shared)[:6])}"
        if f.ents and ents_s and len(shared) < min(cfg.min_shared_entities, len(f.ents), len(ents_s)):
            return score * 0.5, why + " few-names"
        # the article's most salient terms (its own event's names/words) missing from the story,
        # and the story's most salient terms missing from the article: two events of one kind
        if cfg.salient_terms:
            a_top = sorted(avec.items(), key=_BY_VALUE, reverse=True)[: cfg.salient_terms]
            s_top = e.index_terms[: cfg.salient_terms]
            miss_a = sum(1 for t_, _ in a_top if t_ not in e.tf) / max(1, len(a_top))
            miss_s = sum(1 for t_ in s_top if t_ not in f.tf) / max(1, len(s_top))
            miss = min(miss_a, miss_s)
            if miss > cfg.salient_miss:
                score *= 1.0 - cfg.salient_penalty * (miss - cfg.salient_miss) / (1.0 - cfg.salient_miss)
                why += f" salient-missing={miss:.2f}"
        if f.years and e.years and not (f.years & e.years):
            score *= 0.6
            why += " years-differ"
        return score, why

    # ------------------------------------------------------------------ bookkeeping

    def _absorb(self, e: _Entry, article: Article, f: Features, t: float, family: str | None,
                country: str | None) -> None:
        if t > e.t_last:
            e.t_last = t
        if t < e.t_first:
            e.t_first = t
        self._index_report(e, article.id, f, family, country)
        self._reindex_terms(e)
        self._push_heap(e)

    def _index_report(self, e: _Entry, article_id: str, f: Features, st_family: str | None,
                      country: str | None) -> None:
        cfg = self.config
        sid = e.story.story_id
        e.n_reports += 1
        self._by_article[article_id] = sid
        e.article_ids.append(article_id)
        if f.curl is not None and f.curl not in self._by_url:
            self._by_url[f.curl] = sid
            e.urls.append(f.curl)
        if f.chash not in self._by_content:
            self._by_content[f.chash] = sid
            e.chashes.append(f.chash)
        if e.story.category is not None:
            e.family = st.category_family(e.story.category)
        elif e.family is None:
            e.family = st_family
        if e.country is None:
            e.country = e.story.location.country or country
        if len(e.mhs) < cfg.minhashes_per_story:
            mh = f.mh if f.mh is not None else minhash_values(f.shingles, cfg.num_perm)
            e.mhs.append(mh)
            buckets = self._buckets
            for k in _band_keys(mh, cfg.lsh_bands):
                v = buckets.get(k)
                if v is None:
                    buckets[k] = sid
                elif isinstance(v, str):
                    if v != sid:
                        buckets[k] = [v, sid]
                elif sid not in v:
                    v.append(sid)
                    if len(v) > cfg.posting_cap:
                        del v[0]
                e.band_keys.append(k)
        if e.n_reports <= cfg.max_reports_indexed:
            tf = e.tf
            if not tf:
                e.tf = dict(f.tf)
                e.ents = dict.fromkeys(f.ents, 1)
                e.nums.update(f.nums)
                e.years.update(f.years)
                e.dates.update(f.dates)
                e.vec = f.avec if f.avec is not None else self._top(f.weights or {}, cfg.profile_terms)
                e.vnorm = sum(x * x for x in e.vec.values())
                idf = self._idf
                e.ent_w = f.ent_w if f.ent_w is not None else sum(idf(x) for x in f.ents)
                return
            else:
                for term, w in f.tf.items():
                    tf[term] = tf.get(term, 0.0) + w
            ents = e.ents
            for x in f.ents:
                ents[x] = ents.get(x, 0) + 1
            e.nums.update(f.nums)
            e.years.update(f.years)
            e.dates.update(f.dates)
            if len(tf) > cfg.profile_terms * 3:
                keep = self._weights(tf, ents, cfg.profile_terms * 2)
                e.tf = {k: tf[k] for k in keep}
                if len(ents) > cfg.profile_terms:
                    e.ents = dict(sorted(ents.items(), key=lambda kv: (-kv[1], kv[0]))[: cfg.profile_terms])
            e.vec = self._weights(e.tf, e.ents, cfg.profile_terms)
            e.vnorm = sum(x * x for x in e.vec.values())
            idf = self._idf
            e.ent_w = sum(idf(x) for x in e.ents)

    def _reindex_terms(self, e: _Entry) -> None:
        cfg = self.config
        if e.n_reports > cfg.max_reports_indexed and e.index_terms:
            return
        new_terms = [t for t, _ in sorted(e.vec.items(), key=_BY_VALUE, reverse=True)[: cfg.index_terms]]
        sid = e.story.story_id
        old = e.index_terms
        postings = self._postings
        if old:
            new_set = set(new_terms)
            for term in old:
                if term in new_set:
                    continue
                p = postings.get(term)
                if p is not None:
                    try:
                        p.remove(sid)
                    except ValueError:
                        pass
                    if not p:
                        del postings[term]
        old_set = set(old)
        for term in new_terms:
            if term in old_set:
                continue
            p = postings.get(term)
            if p is None:
                postings[term] = [sid]
            else:
                p.append(sid)
                if len(p) > cfg.posting_cap:
                    del p[0]
        e.index_terms = new_terms

    def _push_heap(self, e: _Entry) -> None:
        self._seq += 1
        heapq.heappush(self._heap, (e.t_last, self._seq, e.story.story_id))

    def _drop(self, sid: str) -> None:
        e = self._entries.pop(sid, None)
        if e is None:
            return
        for a in e.article_ids:
            if self._by_article.get(a) == sid:
                del self._by_article[a]
        for u in e.urls:
            if self._by_url.get(u) == sid:
                del self._by_url[u]
        for c in e.chashes:
            if self._by_content.get(c) == sid:
                del self._by_content[c]
        for k in e.band_keys:
            v = self._buckets.get(k)
            if v is None:
                continue
            if isinstance(v, str):
                if v == sid:
                    del self._buckets[k]
            else:
                try:
                    v.remove(sid)
                except ValueError:
                    pass
                if len(v) == 1:
                    self._buckets[k] = v[0]
                elif not v:
                    del self._buckets[k]
        for term in e.index_terms:
            p = self._postings.get(term)
            if p is None:
                continue
            try:
                p.remove(sid)
            except ValueError:
                pass
            if not p:
                del self._postings[term]


def default_time() -> datetime:
    """The fixed event time used for inputs without one (batch evaluation)."""
    return datetime(2000, 1, 1, tzinfo=UTC)


_ = timedelta  # re-exported for callers computing windows
