"""The stories an index holds, one slot each, and what it folds of each report into them.

Struct-of-arrays state indexed by slot (centroid term ids and weights, names, MinHash as uint16)
plus a ``Slot`` with the record (a compact ``stories.StoryRecord``) and the scalars the matcher
tests per candidate (times, codes, years, months), plain Python: with a handful of candidates,
Python comparisons cost less than numpy calls (~1-2 us each). A freed slot is reused.
"""

from __future__ import annotations

from array import array

import numpy as np

from streams.dedup.config import DedupConfig
from streams.dedup.features import EMPTY_F32, Features
from streams.dedup.minhash import minhash_values
from streams.dedup.vocabulary import Vocab
from streams.stories import StoryRecord

_OR = np.bitwise_or.reduce

Key = str | int  # an article id, "\x00u:" + a canonical URL, or a content hash


class Slot:
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
        "region",
        "wide",
        "target",
        "months",
        "years",
        "days",
    )

    def __init__(self, rec: StoryRecord, t_first: float, t_last: float) -> None:
        self.rec = rec
        self.keys: list[Key] = []  # article ids, canonical URLs, content hashes held in the key map
        self.terms = array("i")  # term ids indexed in the postings
        self.n = 0  # reports folded into the centroid
        self.t_first = t_first
        self.t_last = t_last
        self.fam = self.ctry = self.place = self.target = 0  # codes (0: none)
        self.region = 0  # code of the place's region (places.region_of; 0: none)
        self.wide = False  # the place is a whole region (places.whole_region)
        self.months = 0  # bit mask of the months named
        self.years: tuple[int, ...] = ()  # up to 4 years named
        self.days = 0  # bit mask of the weekdays named (full names; a late merge's veto)


class SlotTable:
    """The held stories: ``slots`` (None: free), the story id and key maps, and per slot the
    centroid (``pt`` term ids, -1 after them, and ``pw`` weights: the mean of the reports'
    tf-idf vectors, truncated to the ``profile_terms`` heaviest), the names (``et``, rarest
    first) and the first report's MinHash (``mh``). Dense per-term scratch arrays (kept zero
    between uses) serve the centroid updates and the matcher."""

    def __init__(self, cfg: DedupConfig) -> None:
        self.config = cfg
        self.slots: list[Slot | None] = []
        self.free: list[int] = []
        self.sid: dict[str, int] = {}  # story id -> slot
        self.keys: dict[Key, int] = {}  # article id / "\x00u:"+url / content hash -> slot
        cap = 1024
        self.pt = np.full((cap, cfg.profile_terms), -1, np.int32)
        self.pw = np.zeros((cap, cfg.profile_terms), np.float32)
        self.et = np.full((cap, cfg.story_names), -1, np.int32)
        self.mh = np.zeros((cap, cfg.num_perm), np.uint16)
        self.scratch = np.zeros(1 << 14, np.float32)
        self.escratch = np.zeros(1 << 14, np.float32)
        self.mark = np.zeros(1 << 14, np.bool_)

    def __len__(self) -> int:
        return len(self.sid)

    def new(self, rec: StoryRecord, t_first: float, t_last: float) -> int:
        """A slot for a new story."""
        if self.free:
            slot = self.free.pop()
            self.slots[slot] = Slot(rec, t_first, t_last)
        else:
            slot = len(self.slots)
            self.slots.append(Slot(rec, t_first, t_last))
            if slot >= self.pt.shape[0]:
                self._grow(2 * self.pt.shape[0])
        # a row is written when its slot is taken (a fresh one too: the rows past the last slot are
        # left unwritten, so the memory they reserve is not resident until a story needs it)
        self.pt[slot] = -1
        self.pw[slot] = 0.0
        self.et[slot] = -1
        self.sid[rec.story_id] = slot
        return slot

    def _grow(self, cap: int) -> None:
        # np.empty: the new rows stay unwritten (and, for large arrays, not resident) until
        # ``new`` takes their slot and ``fold`` writes the MinHash
        for k in ("pt", "pw", "et", "mh"):
            a = getattr(self, k)
            b = np.empty((cap, *a.shape[1:]), a.dtype)
            b[: a.shape[0]] = a
            setattr(self, k, b)

    def record(self, slot: int) -> StoryRecord:
        """The record of a held story."""
        s = self.slots[slot]
        assert s is not None, "a free slot"
        return s.rec

    def drop(self, slot: int) -> Slot | None:
        """Free the slot and its keys; returns what it held (None: it was free)."""
        s = self.slots[slot]
        if s is None:
            return None
        self.slots[slot] = None
        self.free.append(slot)
        self.sid.pop(s.rec.story_id, None)
        keys = self.keys
        for k in s.keys:
            if keys.get(k) == slot:
                del keys[k]
        return s

    def scratch_for(self, n_terms: int) -> np.ndarray:
        """The scratch arrays sized for term ids below ``n_terms``; returns ``scratch`` (the
        other two may have been replaced too: read them after this call)."""
        if self.scratch.shape[0] < n_terms + 1:
            self.scratch = np.zeros(2 * n_terms + 2, np.float32)
            self.escratch = np.zeros(2 * n_terms + 2, np.float32)
            self.mark = np.zeros(2 * n_terms + 2, np.bool_)
        return self.scratch

    def fold(self, slot: int, article_id: str, f: Features, vocab: Vocab) -> int:
        """Fold a report into its story's slot: its keys, its vector into the centroid, its names,
        years, months and weekdays. Returns the number of reports folded in before it."""
        cfg = self.config
        s = self.slots[slot]
        assert s is not None
        keys = self.keys
        keys[article_id] = slot
        sk = s.keys
        sk.append(article_id)
        if f.curl is not None:
            k = "\x00u:" + f.curl
            if k not in keys:
                keys[k] = slot
                sk.append(k)
        if f.chash not in keys:
            keys[f.chash] = slot
            sk.append(f.chash)
        n = s.n
        s.n = n + 1
        K = cfg.profile_terms
        w = f.w if f.w is not None else EMPTY_F32
        if n == 0:
            self.mh[slot] = (
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
                self.pt[slot, :m] = tt
                self.pw[slot, :m] = tw / nrm if nrm > 0 else tw
        else:
            # running mean of the reports' vectors, truncated to the K heaviest terms
            pt = self.pt[slot]
            pt = pt[pt >= 0]
            sc = self.scratch_for(vocab.n)
            sc[pt] = self.pw[slot][: pt.shape[0]] * (n / (n + 1.0))
            sc[f.tids] += w / (n + 1.0)
            mark = self.mark
            mark[pt] = True
            u = np.concatenate((pt, f.tids[~mark[f.tids]]))
            mark[pt] = False
            self._set_centroid(slot, u, sc)
        # names: the rarest ones seen (lowest df)
        if f.ents.shape[0]:
            et = self.et[slot]
            if n == 0:
                alle = f.ents
            else:
                cur = et[et >= 0].tolist()
                alle = np.array(sorted(set(cur).union(f.ents.tolist())), np.int32) if cur else f.ents
            self._set_names(slot, alle, vocab)
        s.months |= f.months
        if f.tids.shape[0]:
            s.days |= int(_OR(vocab.lex.weekday[f.tids]))
        if f.years:
            yr = s.years
            if len(yr) < 4:
                add = [y for y in sorted(f.years) if y not in yr]
                if add:
                    s.years = (yr + tuple(add))[:4]
        return n

    def merge(self, into: int, other: int, vocab: Vocab) -> None:
        """Fold the story at ``other`` into the one at ``into`` (a late merge): the centroids'
        mean weighted by their reports (truncated to the ``profile_terms`` heaviest), the names
        (the heaviest in the new centroid, then the rarest), months, weekdays, years, times and report
        count; ``other``'s keys now lead to ``into`` (``other`` is left for ``drop``)."""
        a, b = self.slots[into], self.slots[other]
        assert a is not None and b is not None
        na, nb = max(a.n, 1), max(b.n, 1)
        pa = self.pt[into]
        pa = pa[pa >= 0]
        pb = self.pt[other]
        pb = pb[pb >= 0]
        sc = self.scratch_for(vocab.n)
        sc[pa] += self.pw[into][: pa.shape[0]] * (na / (na + nb))
        sc[pb] += self.pw[other][: pb.shape[0]] * (nb / (na + nb))
        self._set_centroid(into, np.union1d(pa, pb).astype(np.int32), sc)
        ea, eb = self.et[into], self.et[other]
        alle = np.array(sorted(set(ea[ea >= 0].tolist()).union(eb[eb >= 0].tolist())), np.int32)
        self._set_names(into, alle, vocab)
        a.months |= b.months
        a.days |= b.days
        if b.years:
            a.years = (a.years + tuple(y for y in b.years if y not in a.years))[:4]
        a.n += b.n
        a.t_first = min(a.t_first, b.t_first)
        a.t_last = max(a.t_last, b.t_last)
        keys = self.keys
        for k in b.keys:
            if keys.get(k) == other:
                keys[k] = into
                a.keys.append(k)
        b.keys = []

    def _set_centroid(self, slot: int, u: np.ndarray, sc: np.ndarray) -> None:
        """The slot's centroid: the terms ``u`` with their weights in the scratch ``sc`` (cleared
        after), truncated to the ``profile_terms`` heaviest and L2-normalised."""
        acc = sc[u]
        sc[u] = 0.0
        K = self.config.profile_terms
        if u.shape[0] > K:
            top = acc.argpartition(-K)[-K:]
            u, acc = u[top], acc[top]
        nrm = float(np.sqrt(np.dot(acc, acc)))
        self.pt[slot] = -1
        self.pw[slot] = 0.0
        self.pt[slot, : u.shape[0]] = u
        self.pw[slot, : u.shape[0]] = acc / nrm if nrm > 0 else acc

    def profile(self, slot: int) -> tuple[list[int], list[float], list[int]]:
        """The slot's centroid (term ids, weights) and names (term ids)."""
        pt = self.pt[slot]
        m = int((pt >= 0).sum())
        et = self.et[slot]
        return pt[:m].tolist(), self.pw[slot][:m].tolist(), et[et >= 0].tolist()

    def set_profile(self, slot: int, tids: list[int], weights: list[float], names: list[int]) -> None:
        """Put back a centroid and names kept by `profile` (a story rebuilt from its stored state)."""
        K = self.config.profile_terms
        t = np.array(tids[:K], np.int32)
        w = np.array(weights[:K], np.float32)
        nrm = float(np.sqrt(np.dot(w, w)))
        self.pt[slot] = -1
        self.pw[slot] = 0.0
        self.pt[slot, : t.shape[0]] = t
        self.pw[slot, : t.shape[0]] = w / nrm if nrm > 0 else w
        e = np.array(names[: self.config.story_names], np.int32)
        self.et[slot] = -1
        self.et[slot, : e.shape[0]] = e

    def _set_names(self, slot: int, names: np.ndarray, vocab: Vocab) -> None:
        """The slot's names: beyond ``story_names``, those that weigh most in the centroid, then
        the rarest (lowest df)."""
        E = self.config.story_names
        if names.shape[0] > E:
            cw = dict(zip(self.pt[slot].tolist(), self.pw[slot].tolist(), strict=True))
            key = np.array([cw.get(x, 0.0) for x in names.tolist()], np.float32)
            names = names[np.lexsort((vocab.df[names], -key))[:E]]
        self.et[slot] = -1
        self.et[slot, : names.shape[0]] = names

    def new_index_terms(self, slot: int) -> list[int]:
        """The story's terms to put in the inverted index that are not there yet (its heaviest
        centroid terms and rarest names), now counted in its ``terms``."""
        s = self.slots[slot]
        assert s is not None
        pw = self.pw[slot]
        k = self.config.index_terms
        top = pw.argpartition(-k)[-k:] if pw.shape[0] > k else np.arange(pw.shape[0])
        new = [t for t in self.pt[slot][top].tolist() if t >= 0]
        # names are indexed too (the rarest ones): a short post shares little else
        new += [t for t in self.et[slot][:4].tolist() if t >= 0]
        old = s.terms
        add = list(set(new).difference(old))
        old.extend(add)
        return add
