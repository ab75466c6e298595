"""Terms (one or more words, ``word*`` a prefix, ``_`` any one word) and the matcher that
finds them all in a Doc in one pass.

Each term is indexed by one of its words, its anchor: the rarest-looking literal word ("the
late" by "late", "a bomb" by "bomb"), so frequent words ("the", "in") are never looked at.
tests/streams/classify_reference.py holds the plain matcher (every term tried at every position)
that `TermMatcher.find` must equal.
"""

from __future__ import annotations

import re
from collections import defaultdict
from itertools import compress, repeat
from operator import is_
from typing import cast

from streams.classify.text import Doc

# a term as indexed by its anchor: (term id, anchor index, length, the words as a list when
# all are literal, else None)
Anchored = tuple[int, int, int, list[str] | None]

# frequent words: a multi-word term is indexed by another of its words when it can
_COMMON_WORDS = frozenset(
    "a an the of in on at to for by with from into over after before and or but not no nor is was were are "
    "be been being am has have had do does did it its as that this these those there he she they his her "
    "their them him we our you your i me my who which what when where while than then so if out up off "
    "about all any some one two more most can could would should will may might must s t".split()
)

_MOST_COMMON = frozenset("the a an of in to and is was for on that said s t".split())


def rarity(word: str) -> tuple[int, int]:
    """How frequent a term word is likely to be in text (lower: rarer): plain words, then
    prefixes, then frequent words, then the most frequent; longer first within each."""
    if word.endswith("*"):
        return (1, -len(word))
    return (3 if word in _MOST_COMMON else 2 if word in _COMMON_WORDS else 0, -len(word))


def split_term(term: str) -> tuple[str, ...]:
    words = tuple(w for w in re.split(r"[\s\-]+", term.lower().strip()) if w)
    if not words:
        raise ValueError(f"empty term {term!r}")
    for w in words:
        if w != "_" and not re.fullmatch(r"[a-z0-9']+\*?", w):
            raise ValueError(f"term {term!r}: word {w!r} may hold only letters, digits, ' and a final *")
    return words


def word_matches(pattern: str, token: str) -> bool:
    if pattern == "_":
        return True
    if pattern.endswith("*"):
        return token.startswith(pattern[:-1])
    return token == pattern


class TermMatcher:
    """Finds every occurrence of a set of terms in a Doc in one pass.

    Each term is indexed by one of its words, its anchor: the rarest-looking literal word
    ("the late" by "late", so that the frequent "the" leads nowhere), or its first word (a
    prefix) when it has no literal word. Only tokens that some term is anchored on are looked
    at; there the term's other words are checked around the anchor."""

    def __init__(self, terms: list[tuple[str, ...]]):
        self.terms = terms
        self._literal: dict[str, list[Anchored]] = defaultdict(list)
        self._prefix: list[tuple[str, Anchored]] = []
        for tid, words in enumerate(terms):
            if words[0] == "_":
                raise ValueError(f"term {' '.join(words)!r} may not start with _")
            k = len(words)
            lits = [m for m, w in enumerate(words) if w != "_" and not w.endswith("*")]
            anchor = min((m for m, w in enumerate(words) if w != "_"), key=lambda m: (rarity(words[m]), m))
            # what to check besides the anchor: the literal words (compared as a slice) when
            # every word is literal, else each (position, word) with a prefix or _ test
            entry: Anchored = (tid, anchor, k, list(words) if k > 1 and len(lits) == k else None)
            if anchor in lits:
                self._literal[words[anchor]].append(entry)
            else:
                self._prefix.append((words[anchor][:-1], entry))
        # the prefixes by length, then by text: a new token looks up its own first L characters
        # once per length, instead of testing every prefix (the ranks keep the terms' order)
        by_len: dict[int, dict[str, list[tuple[int, Anchored]]]] = defaultdict(lambda: defaultdict(list))
        for rank, (p, entry) in enumerate(self._prefix):
            by_len[len(p)][p].append((rank, entry))
        self._prefix_lens = sorted((n, dict(d)) for n, d in by_len.items())
        self._cache: dict[str, tuple[Anchored, ...]] = {}

    def _starting(self, token: str) -> tuple[Anchored, ...]:
        """The terms anchored on `token`."""
        hit = self._cache.get(token)
        if hit is None:
            ids = list(self._literal.get(token, ()))
            found = [
                ranked for n, d in self._prefix_lens if n <= len(token) for ranked in d.get(token[:n], ())
            ]
            if found:
                found.sort(key=lambda ranked: ranked[0])
                ids.extend(e for _, e in found)
            hit = tuple(ids)
            if len(self._cache) < 200_000:
                self._cache[token] = hit
        return hit

    def find(self, doc: Doc) -> dict[int, list[int]]:
        """term id -> token positions where it starts, ascending (the match stays within a
        sentence)."""
        found: dict[int, list[int]] = {}
        toks, sent_of, n = doc.tokens, doc.sent_of, len(doc.tokens)
        cache = self._cache
        cached = list(map(cache.get, toks))
        entries_of: list[tuple[Anchored, ...]]
        if None in cached:  # tokens never seen before
            for tok in set(compress(toks, map(is_, cached, repeat(None)))):
                self._starting(tok)
            if len(cache) >= 200_000:  # cache full: look up the rest one by one
                entries_of = [cache[t] if t in cache else self._starting(t) for t in toks]
            else:
                entries_of = list(map(cache.__getitem__, toks))
        else:
            entries_of = cast("list[tuple[Anchored, ...]]", cached)
        terms = self.terms
        # only the positions of anchors (filtered in C)
        for j in compress(range(n), entries_of):
            for tid, a, k, lit in entries_of[j]:
                if k == 1:
                    i = j
                else:
                    i = j - a
                    e = i + k
                    if i < 0 or e > n:
                        continue
                    s = sent_of[j]
                    if sent_of[i] != s or sent_of[e - 1] != s:
                        continue
                    if lit is not None:
                        if toks[i:e] != lit:
                            continue
                    else:
                        words = terms[tid]
                        if not all(word_matches(words[m], toks[i + m]) for m in range(k) if m != a):
                            continue
                lst = found.get(tid)
                if lst is None:
                    found[tid] = [i]
                else:
                    lst.append(i)
        return found
