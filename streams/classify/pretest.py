"""The pre-test: which rules may fire on a text, told from its bytes, before any tokenising.

A rule can fire only if a word that starts a term of each of its positive groups (its
``any``, each ``all`` group, each side of its ``near``) occurs in one sentence. `PreTest`
answers that exactly-safely (never "no" where the full match would find a hit) with C-level
word sets, then the stretches between sentence marks, so that most ordinary texts are never
tokenised. It ORs the groups each word may open before it checks any multi-word term, and
indexes a multi-word term by its rarest-looking word ("a bomb" by "bomb"), as `TermMatcher`
does.

Groups are numbered by the rule set (streams/classify/ruleset.py); a rule's *mask* has one
bit per group it needs.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from functools import reduce
from itertools import compress
from operator import itemgetter, or_

from streams.classify import hotscan
from streams.classify.terms import rarity

# the pre-test's stretches: cut at "! ", "? ", "; ", at line breaks, and at ". " where `tokenize`
# surely ends a sentence there (the next word not in lower case nor "(", the stop closing no
# initialism such as "U.S."); found in the original-case bytes, whose offsets the lower-cased
# bytes share. One character class leads the whole pattern, look-behinds after it telling the
# marks apart, so that the regex engine skips in C to the five marks (a pattern led by two
# branches is tried at every byte: 2.2x slower)
_CHUNK_RE = re.compile(rb"[!?;\n.](?:(?<=\n)|(?<=[!?;]) |(?<=\.)(?<!\b[A-Z]\.[A-Z]\.) (?![a-z(\s]))")
# bytes that are not [a-z0-9] -> space (for the pre-test's C-level word split)
_PRE_TABLE = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))
# how many leading bytes of a word the pre-test compares with the prefix terms' stems
_STEM = 4
# how many words the pre-test remembers as starting no term: enough for the frequent words of
# news, small enough to stay in the CPU's cache (a set of all words seen was slower)
_COLD_MAX = 8192
_UPPER = itemgetter(2)  # a pre-test entry's "all the groups it may open"
_SECOND = itemgetter(1)
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789"  # what the pre-test's words are made of
_first_bytes = itemgetter(slice(0, _STEM))
# a run of non-word bytes holding a mark that may end a sentence: every break of
# `tokenize` (and of the reference) starts at such a mark, and a sentence with a word
# in it ends in a run of its own (sentences without words are not counted)
_LEAD_MARKS = re.compile(rb"[.!?;:\n](?:(?<=\n)|(?![a-z0-9]))[^a-z0-9]*")  # (led by one class: fast)

# a multi-word term that a word starts: (its groups, the other literal words it needs, the
# phrase to find or None), the words and the phrase as searches of the padded text (see `_Text`)
Multi = tuple[int, tuple[bytes, ...], Callable[[bytes], object] | None]
# what the pre-test knows of one word: (groups opened by the single-word terms it matches, the
# multi-word terms it starts, all the groups it may open, the groups of those multi-word terms)
Entry = tuple[int, tuple[Multi, ...], int, int]
# a context that may mark a whole text: (name, term ids, scope, min_distinct, lead_min_distinct)
WideContext = tuple[str, frozenset[int], str, int, int]


class _Text:
    """A text as the pre-test reads it: its lower-cased bytes; the same with every byte that is
    not [a-z0-9] made a space and a space added at each end (`padded`: a word w is in the text
    when " w " is in it, and a phrase when its words follow each other with only spaces
    between); its hot words (those that start some term), when found the plain way; the terms
    Hyperscan found, (offset in `padded` of the term's last byte, term index), and the groups
    they open, when found that way; its words as a list and a set, made when first needed
    (most texts are told apart without them)."""

    __slots__ = ("low", "padded", "hot", "found", "groups", "wide", "_list", "_set", "_stretches")

    def __init__(
        self,
        low: bytes,
        padded: bytes,
        hot: set[bytes],
        found: list[tuple[int, int]] | None = None,
        groups: int = 0,
        wordlist: list[bytes] | None = None,
        words: set[bytes] | None = None,
    ):
        self.low, self.padded, self.hot, self.found, self.groups = low, padded, hot, found, groups
        self._list, self._set = wordlist, words
        self._stretches: tuple[list[int], list[int]] | None = None
        self.wide: set[bytes] | None = None  # the wide contexts' words it holds (`surely_covering`)

    def stretches(self, text: str) -> tuple[list[int], list[int]]:
        """(starts, ends) of the text's stretches (see `PreTest.may_match`), found once."""
        if self._stretches is None:
            cuts = [m.span() for m in _CHUNK_RE.finditer(text.encode("utf-8", "replace"))]
            self._stretches = [0] + [j for _, j in cuts], [i for i, _ in cuts] + [len(self.low)]
        return self._stretches

    @property
    def wordlist(self) -> list[bytes]:
        if self._list is None:
            self._list = self.padded.split()
        return self._list

    @property
    def words(self) -> set[bytes]:
        if self._set is None:
            self._set = set(self.wordlist)
        return self._set


def _phrase_search(phrase: bytes) -> Callable[[bytes], object]:
    """The search for a phrase (" air strike " or, its last word a prefix, " air strik") in a
    padded text, where words may be parted by several spaces."""
    words = phrase.split()
    end = b" " if phrase.endswith(b" ") else b""
    return re.compile(b" " + b" +".join(map(re.escape, words)) + end).search


def bit_mask(ids: Iterable[int]) -> int:
    m = 0
    for i in ids:
        m |= 1 << i
    return m


class PreTest:
    """`may_match`, `surely_covering` and `live_masks` for one compiled rule set.

    `terms`: the rule set's terms by id; `term_groups`: term id -> the positive groups it is
    in; `rule_masks` / `rule_contexts`: each rule's group mask and the contexts it honours;
    `wide`: the document- and lead-scoped contexts."""

    def __init__(
        self,
        terms: list[tuple[str, ...]],
        term_groups: dict[int, set[int]],
        rule_masks: list[int],
        rule_contexts: list[tuple[str, ...]],
        wide: list[WideContext],
        lead_sentences: int,
    ):
        self.terms = terms
        self._term_groups = term_groups
        self._rule_masks = rule_masks
        self._rule_contexts = rule_contexts
        self._lead_sentences = lead_sentences
        self._cold: set[bytes] = set()  # words that start no term (at most _COLD_MAX)
        self._cache: dict[bytes, Entry] = {}
        self._first: dict[str, list[int]] = defaultdict(list)  # first word -> groups' term ids
        self._first_prefix: list[tuple[str, int]] = []
        # a term as the pre-test sees it: its words split at apostrophes, "_" left out,
        # (part, is a prefix). A term whose first part is a prefix is indexed by it; any other
        # by its rarest-looking literal part (its anchor: "a bomb" by "bomb", so that "a"
        # opens nothing), and needs its other literal parts
        self._parts: dict[int, list[tuple[str, bool]]] = {}
        self._anchor: dict[int, str] = {}
        for tid in term_groups:
            parts: list[tuple[str, bool]] = []
            for x in terms[tid]:
                if x == "_":
                    continue
                star = x.endswith("*")
                sub = [q for q in x.rstrip("*").split("'") if q]
                parts.extend((q, star and k == len(sub) - 1) for k, q in enumerate(sub))
            self._parts[tid] = parts
            first, star = parts[0]
            if star:
                self._first_prefix.append((first, tid))
            else:
                anchor = min((q for q, st in parts if not st), key=rarity)
                self._anchor[tid] = anchor
                self._first[anchor].append(tid)
        # the words that may start a term: literal anchors, and words beginning with a prefix
        # term's first part (told by their first _STEM bytes, then by startswith)
        self._literal = frozenset(w.encode("ascii") for w in self._first)
        prefixes = sorted({p.encode("ascii") for p, _ in self._first_prefix})
        self._prefixes = tuple(prefixes)
        stems = {p[:_STEM] for p in prefixes if len(p) >= _STEM}
        for p in prefixes:  # a shorter prefix ("rpg*") stands for itself and its completions
            if 2 <= len(p) < _STEM:
                ends = [b""]
                for _ in range(_STEM - len(p)):
                    ends = ends + [
                        e + bytes([c]) for e in ends if len(e) == len(ends[-1]) for c in _WORD_BYTES
                    ]
                stems.update(p + e for e in ends)
        self._stems = frozenset(stems)
        # one-letter prefixes (unlikely) by their own pass: (first n bytes getter, prefixes)
        self._short: list[tuple[Callable[[bytes], bytes], frozenset[bytes]]] = (
            [(itemgetter(slice(0, 1)), frozenset(p for p in prefixes if len(p) == 1))]
            if any(len(p) == 1 for p in prefixes)
            else []
        )
        self._live_masks: dict[frozenset[str], list[int]] = {}
        # the wide contexts' one-word literal terms as the pre-test's words, for `surely_covering`
        self._wide_words = [
            (
                name,
                scope,
                min_distinct,
                lead_min_distinct,
                frozenset(
                    terms[t][0].encode("ascii")
                    for t in tids
                    if len(terms[t]) == 1 and _PLAIN_WORD.fullmatch(terms[t][0])
                ),
            )
            for name, tids, scope, min_distinct, lead_min_distinct in wide
        ]
        self._wide_all = frozenset().union(*(w[4] for w in self._wide_words))
        self._wide_scanner = hotscan.WordScanner(sorted(self._wide_all)) if hotscan.available() else None
        self._word_scanners: dict[frozenset[bytes], hotscan.WordScanner] = {}  # for `has_word`
        self._last: tuple[str, _Text] | None = None  # the last text and its words
        # the terms found by Hyperscan when it is installed (see hotscan.py): the terms of the
        # positive groups, and the groups each one opens
        self._scan_tids = sorted(term_groups)
        self._scan_groups = [bit_mask(term_groups[t]) for t in self._scan_tids]
        self._scanner = (
            hotscan.TermScanner([terms[t] for t in self._scan_tids]) if hotscan.available() else None
        )

    def _entry(self, word: bytes) -> Entry:
        """For one text word: (groups opened by single-word terms it matches, and for each
        multi-word term it starts, (its groups, the other literal words it needs, the phrase
        to find or None), and all the groups it may open)."""
        w = word.decode("ascii")
        tids = list(self._first.get(w, ()))
        tids.extend(t for p, t in self._first_prefix if w.startswith(p))
        single: set[int] = set()
        multi: list[Multi] = []
        upper = 0
        for tid in tids:
            parts = self._parts[tid]
            anchor = self._anchor.get(tid)
            if anchor is None:  # indexed by its first part, a prefix
                rest = frozenset(q.encode("ascii") for q, star in parts[1:] if not star)
            else:
                rest = frozenset(q.encode("ascii") for q, star in parts if not star) - {
                    anchor.encode("ascii")
                }
            g = bit_mask(self._term_groups[tid])
            upper |= g
            if len(parts) > 1:
                # with no "_" and a "*" only at the end, the term is looked for as a phrase in
                # the spaced text (" air strike" also finds "air strikes")
                phrase = None
                if "_" not in self.terms[tid] and not any(st for _, st in parts[:-1]):
                    phrase = (
                        b" "
                        + b" ".join(q.encode("ascii") for q, _ in parts)
                        + (b"" if parts[-1][1] else b" ")
                    )
                multi.append(
                    (
                        g,
                        tuple(b" " + q + b" " for q in sorted(rest)),
                        None if phrase is None else _phrase_search(phrase),
                    )
                )
            else:
                single |= self._term_groups[tid]
        return bit_mask(single), tuple(multi), upper, reduce(or_, (m[0] for m in multi), 0)

    def has_word(self, text: str, words: frozenset[bytes]) -> bool | None:
        """Does the text last tested by `may_match` hold one of these (lower-case ASCII) words?
        None when `text` is not that text."""
        last = self._last
        if last is None or last[0] is not text:
            return None
        if self._wide_scanner is None:  # the plain way
            return not last[1].words.isdisjoint(words)
        scanner = self._word_scanners.get(words)
        if scanner is None:
            scanner = self._word_scanners[words] = hotscan.WordScanner(sorted(words))
        return scanner.any(last[1].padded)

    def may_match(self, text: str, masks: list[int] | None = None) -> bool:
        """False when no rule can fire on this text: a cheap pre-test that never says False
        when `RuleSet.match` could find a hit. A rule needs a term of each of its positive groups in
        one sentence, and a term needs its words. Words are split in C on the ASCII-lower-cased
        bytes, as TOKEN_RE splits them. First the whole text is tested, then (if some rule may
        fire) each stretch between "! ", "? ", "; ", line breaks and the ". " that end a sentence
        (see `_CHUNK_RE`) -- places where `tokenize` always ends one, so a stretch holds one
        sentence or more.
        Each test first takes the groups its words may open (one OR per word) and checks
        multi-word terms only for groups that a rule still in the race needs.
        `masks`: test only the rules with these group masks (see `live_masks`)."""
        last = self._last
        if last is not None and last[0] is text:  # the same text again (other rules)
            t = last[1]
        else:
            low = text.encode("utf-8", "replace").lower()
            trans = low.translate(_PRE_TABLE)
            if self._scanner is not None:
                t = self._scanned(low, trans)
            else:
                t = self._split(low, trans)
                if not self._entries_known(t.hot):
                    return True
            self._last = (text, t)
        if t.found is not None:
            return self._found_match(text, t, self._rule_masks if masks is None else masks)
        hot = t.hot
        if not hot:
            return False
        entry = self._cache.__getitem__
        upper = reduce(or_, map(_UPPER, map(entry, hot)))  # all the groups the hot words may open
        cands = [need for need in (self._rule_masks if masks is None else masks) if need & upper == need]
        if not cands:
            return False
        want = reduce(or_, cands)
        groups = self._groups(hot, t.padded, want)
        cands = [need for need in cands if need & groups == need]
        if not cands:
            return False
        want = reduce(or_, cands)
        starts, ends = t.stretches(text)
        padded = t.padded
        for a, b in zip(starts, ends, strict=True):
            # the stretch is padded[a + 1 : b + 1]
            chot = hot.intersection(padded[a + 1 : b + 1].split())
            if not chot:
                continue
            cu = reduce(or_, map(_UPPER, map(entry, chot)))
            if cu & want == 0 or not any(need & cu == need for need in cands):
                continue
            g = self._groups(chot, b" " + padded[a + 1 : b + 1] + b" ", want)
            for need in cands:
                if need & g == need:
                    return True
        return False

    def _scanned(self, low: bytes, trans: bytes) -> _Text:
        """The text's terms, found by Hyperscan (see hotscan.py), and the groups they open."""
        assert self._scanner is not None
        padded = b" " + trans + b" "
        found = self._scanner.found(padded)
        groups = reduce(or_, map(self._scan_groups.__getitem__, map(_SECOND, found)), 0)
        return _Text(low, padded, set(), found, groups)

    def _found_match(self, text: str, t: _Text, masks: list[int]) -> bool:
        """`may_match` from the terms Hyperscan found: a rule may fire when its groups all have a
        term in the text, then in one of its stretches (see `may_match`). A term of several
        words is reported where it ends; in a stretch that would let a rule fire, it counts
        only if its words are all in the stretch."""
        groups = t.groups
        cands = [need for need in masks if need & groups == need]
        if not cands:
            return False
        found, scanner = t.found, self._scanner
        assert found is not None and scanner is not None
        starts, ends = t.stretches(text)
        opens, spanning, padded = self._scan_groups, scanner.spanning, t.padded
        k, n = 0, len(found)
        for a, b in zip(starts, ends, strict=True):
            # the stretch is padded[a + 1 : b + 1]
            while k < n and found[k][0] <= a:
                k += 1
            j = k
            while j < n and found[j][0] <= b:
                j += 1
            if j == k:
                continue
            here = [p for _, p in found[k:j]]
            k = j
            g = reduce(or_, map(opens.__getitem__, here))
            if not any(need & g == need for need in cands):
                continue
            if any(map(spanning.__getitem__, here)):
                piece = b" " + padded[a + 1 : b + 1] + b" "
                g = 0
                for p in here:
                    search = spanning[p]
                    if search is None or search(piece) is not None:
                        g |= opens[p]
            if any(need & g == need for need in cands):
                return True
        return False

    def _split(self, low: bytes, trans: bytes) -> _Text:
        """The text's hot words, found by splitting it into words (without Hyperscan)."""
        wordlist = trans.split()
        words = set(wordlist)
        # only words that start some term: the literal ones (the intersection runs over
        # the smaller set, in C), then the words whose first letters a prefix term starts.
        # Words already known to start none (a small set of frequent words) are left out
        # first, in C, so that the per-word prefix test runs on the rarer words only
        cold = self._cold
        rest = words - cold
        hot = rest & self._literal
        stems = self._stems
        prefixes = self._prefixes
        hot.update(
            w
            for w in compress(rest, map(stems.__contains__, map(_first_bytes, rest)))
            if w.startswith(prefixes)
        )
        for first, short in self._short:  # prefixes shorter than a stem ("rpg*")
            hot.update(
                w for w in compress(rest, map(short.__contains__, map(first, rest))) if w.startswith(prefixes)
            )
        if len(cold) < _COLD_MAX:
            cold.update(rest - hot)
        return _Text(low, b" " + trans + b" ", hot, wordlist=wordlist, words=words)

    def _entries_known(self, hot: set[bytes]) -> bool:
        """Make the entries of hot words never seen before; False when the cache is full and
        one could not be kept (the caller then answers "may match", which is always right)."""
        cache = self._cache
        for w in hot.difference(cache):
            if len(cache) >= 200_000:
                return False
            cache[w] = self._entry(w)
        return True

    def _groups(self, hot: set[bytes], padded: bytes, want: int = -1) -> int:
        """Bit mask of the positive groups that have a term in a padded text (see `_Text`)
        whose hot words are `hot` (exact on the groups in `want`; others may be left out)."""
        entries = list(map(self._cache.__getitem__, hot))
        groups = reduce(or_, map(itemgetter(0), entries))  # single-word terms
        want &= ~groups
        if not want:
            return groups
        has = padded.__contains__  # " w " in the padded text: w is one of its words
        for e in entries:
            if not e[3] & want:  # none of its multi-word terms opens a wanted group
                continue
            for g, rest, phrase in e[1]:
                if not g & want & ~groups or not all(map(has, rest)):
                    continue
                if phrase is not None and phrase(padded) is None:
                    continue
                groups |= g
        return groups

    def surely_covering(self, text: str) -> frozenset[str]:
        """Document- or lead-scoped contexts that surely mark every sentence of `text`, told from
        the words of the last `may_match(text)` call, without tokenising: a subset of what
        `RuleSet.covering_contexts` finds. Only one-word terms count, and only words that no apostrophe
        joins to another ("team's" is one token); a word is surely in the lead when fewer than
        `lead_sentences` runs of non-word bytes holding a mark that may end a sentence precede it
        ([.!?;:] not followed by a letter or digit, or a line break)."""
        last = self._last
        if last is None or last[0] is not text or not self._wide_words:
            return frozenset()
        t = last[1]
        low = t.low
        if t.wide is None:
            scanner = self._wide_scanner
            t.wide = scanner.present(t.padded) if scanner is not None else t.words & self._wide_all
        words = t.wide
        out = []
        lead_words: set[bytes] | None = None
        for name, scope, min_distinct, lead_min_distinct, terms in self._wide_words:
            present = words & terms
            if len(present) < min_distinct:
                continue
            if b"'" in low:
                present = {w for w in present if b"'" + w not in low and w + b"'" not in low}
                if len(present) < min_distinct:
                    continue
            if scope == "lead":
                if lead_words is None:
                    cut = len(low)
                    for k, m in enumerate(_LEAD_MARKS.finditer(low), 1):
                        if k == self._lead_sentences:
                            cut = m.start()
                            break
                    # the wide words whose first place ends before the cut (" w " in the padded
                    # text starts one byte before w in `low`)
                    padded = t.padded
                    lead_words = {w for w in words if padded.find(b" " + w + b" ") + len(w) <= cut}
                if len(present & lead_words) < lead_min_distinct:
                    continue
            out.append(name)
        return frozenset(out)

    def live_masks(self, vetoing: frozenset[str]) -> list[int]:
        """The group masks of the rules that honour none of these contexts."""
        masks = self._live_masks.get(vetoing)
        if masks is None:
            masks = [
                m
                for m, contexts in zip(self._rule_masks, self._rule_contexts, strict=True)
                if vetoing.isdisjoint(contexts)
            ]
            self._live_masks[vetoing] = masks
        return masks
