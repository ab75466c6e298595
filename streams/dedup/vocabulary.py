"""Words to term ids, and the index's statistics per term.

A per-process lexicon (``Lexicon``) maps a token hash (``tokens.hash_tokens``) to a dense term id
(the token's stem, -1 for stopwords) through an open table of 2**22 buckets checked by 32 more
hash bits, so known words never touch Python objects; new words (and bucket collisions) take a
Python path once. Per term id it keeps what depends on the word alone (32-bit hash for the
shingles, year, month, stopword and date-word flags); the statistics that depend on the
documents seen (document frequency, case counts, number of documents) are per index (``Vocab``).
"""

from __future__ import annotations

import zlib

import numpy as np

from streams.textnorm import MONTHS, NOT_NAMES, WEEKDAYS, term_of

_B = 22  # bits of the lexicon's bucket number
_U64 = np.uint64
_ANY = np.logical_or.reduce  # ndarray.any without its Python-level wrapper

# words of datelines and time stamps ("Published Friday, March 8, 2013 at 12:46 PM / Updated ...")
_ORDINAL = ("st", "nd", "rd", "th")
# the full weekday names (their index terms) and their bit numbers; not the abbreviations, which
# are words too ("sun", "sat", "wed")
_DAYS = {
    term_of(d): i
    for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))
}
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


def days_of(mask: int) -> list[str]:
    """The weekdays of a bit mask (``Lexicon.weekday``), Monday first."""
    return [d for d, i in _DAYS.items() if mask >> i & 1]


def days_mask(days: list[str]) -> int:
    """The bit mask of weekdays given by name (names not of a weekday are ignored)."""
    return sum(1 << _DAYS[d] for d in set(days) if d in _DAYS)


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
        self.words: list[str] = []  # term id -> term
        cap = 1 << 14
        self.hash = np.zeros(cap, np.uint32)
        self.year = np.zeros(cap, np.int16)
        self.stop = np.zeros(cap, np.bool_)
        self.month = np.zeros(cap, np.uint16)  # bit of the month a month name stands for
        self.special = np.zeros(cap, np.bool_)  # a year or a month
        self.weekday = np.zeros(cap, np.uint8)  # bit of the weekday a weekday's full name stands for
        self.timew = np.zeros(cap, np.bool_)  # a date or time word (dateline vocabulary) or a number
        self.mark = np.zeros(cap, np.bool_)  # scratch, kept False between uses
        self.n = 0

    def _grow(self) -> None:
        cap = self.hash.shape[0] * 2
        for k in ("hash", "year", "stop", "month", "special", "weekday", "timew", "mark"):
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
            self.words.append(t)
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
            day = _DAYS.get(t)
            if day is not None:
                self.weekday[tid] = 1 << day
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


LEXICON = Lexicon()  # the word table shared by all indexes of the process


class Vocab:
    """Per-index term statistics, indexed by term id: document frequency, documents where the
    term was seen only capitalised (the documents where it was seen in lower case are the rest,
    ``df - upper``: every document counted here is counted in ``df`` by ``weights.weigh``); and
    the number of documents counted."""

    def __init__(self, lexicon: Lexicon | None = None) -> None:
        self.lex = lexicon or LEXICON
        cap = max(1 << 14, self.lex.hash.shape[0])
        self.df = np.zeros(cap, np.int32)
        self.upper = np.zeros(cap, np.int32)
        self.n_docs = 0

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
