"""The rule language (config/rules.yaml), compiled once into a token matcher.

A *term* is one or more words; a word ending in ``*`` matches any word with that
prefix ("assassinat*"). A word ``_`` matches any single word ("attempt on _ life").
Text is split into sentences and lower-cased tokens; every term is found with one
dictionary look-up per token, so the cost grows with the text, not the rule count.

A rule (all keys but ``id`` and ``category`` optional)::

    - id: air_strike.drone_on_building
      category: air_strike
      weight: 1.5            # added to the category's score when the rule fires
      any: [airstrike*, air strike*, air raid*]   # OR: one of these terms
      all: [[drone*], [strike*, hit, attack*]]    # AND of OR-groups, same sentence
      near: {a: [drone*], b: [residence, home], within: 8}  # proximity, in words
      not: [exercise*, drill*]                    # NOT: veto in the same sentence
      not_doc: [video game*]                      # NOT: veto anywhere in the text
      contexts: [history, hypothetical]           # which global contexts veto it
                                                  # (default: all of them)

A rule fires in a sentence when its any / all / near parts (those given) all hold
there and no veto applies. ``near: {ordered: true}`` wants b after a ("soldiers ...
killed" but not "killed ... soldiers"). Global *contexts* (negation, denial, history,
hypothetical, ...) are term lists; a sentence holding one of them does not count
as evidence for rules that honour that context. A context with ``lead: true`` joins
a headline and the first body sentence (a bare headline, qualified by its lede); one
with ``scope: document`` marks the whole text once ``min_distinct`` of its terms occur,
``scope: lead`` the same but the lead only if the lead itself holds
``lead_min_distinct`` of them.

Scoring (engine): a rule first found past ``lead_sentences`` adds ``late_weight`` times
its weight; a category scores its strongest rule plus ``extra_weight`` times the others.

Speed: ``RuleSet.may_match`` is an exact-safe pre-test (C-level word sets, then the
stretches between sentence marks) that lets most ordinary texts skip tokenising; it ORs the
groups each word may open before it checks any multi-word term, and indexes a multi-word
term by its rarest-looking word ("a bomb" by "bomb"). ``TermMatcher`` indexes terms the same
way, so frequent words ("the", "in") are never looked at. ``tokenize`` finds sentence breaks
with one class-led regex and reads the original-case tokens and sentence texts only when
asked. Each fast path has a plain reference (``tokenize_reference``,
``TermMatcherReference``) that tests/test_classify_speed.py holds it to. See README,
"Classification".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from functools import reduce
from itertools import compress, repeat
from operator import is_, itemgetter, or_
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
# the pre-test's stretches: cut at ". ", "! ", "? ", "; " and at line breaks (led by a
# character class, so the regex engine skips in C to the candidates)
_CHUNK_RE = re.compile(rb"[.!?;\n](?:(?<=\n)|(?<!\n) )")
# bytes that are not [a-z0-9] -> space (for the pre-test's C-level word split)
_PRE_TABLE = bytes(c if (48 <= c <= 57 or 97 <= c <= 122) else 32 for c in range(256))
SENTENCE_RE = re.compile(r"(?<=[.!?;])[\"')\]]*\s+|\n+|(?<=:)\s+(?=[A-Z])")


class Near(BaseModel):
    model_config = ConfigDict(extra="forbid")
    a: list[str]
    b: list[str]
    within: int = Field(8, ge=1, le=50)
    ordered: bool = False  # true: b must come after a ("soldiers ... killed", "killing ... soldiers")


class Rule(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    category: str
    weight: float = 1.0
    any: list[str] = Field(default_factory=list)
    all: list[list[str]] = Field(default_factory=list)
    near: Near | None = None
    not_: list[str] = Field(default_factory=list, alias="not")
    not_doc: list[str] = Field(default_factory=list)
    contexts: list[str] | None = None
    description: str = ""

    @model_validator(mode="after")
    def _has_positive_part(self) -> Rule:
        if not (self.any or self.all or self.near):
            raise ValueError(f"rule {self.id!r} needs at least one of any / all / near")
        return self


class ContextDef(BaseModel):
    """A context marks sentences (scope: sentence) or the whole text (scope: document,
    when at least `min_distinct` different terms of it occur) as not reporting a new event."""

    model_config = ConfigDict(extra="forbid")
    terms: list[str]
    description: str = ""
    # sentence: marks the sentences holding a term; document: marks the whole text when
    # `min_distinct` different terms occur in it; lead: the same, but the first
    # `lead_sentences` sentences only when `lead_min_distinct` of the terms occur there
    scope: Literal["sentence", "document", "lead"] = "sentence"
    min_distinct: int = Field(1, ge=1)
    # headline and lede share it: a headline states the event bare and the first sentence
    # qualifies it ("... reports were false"), or the other way round
    lead: bool = False
    lead_min_distinct: int = Field(1, ge=1)  # scope lead: terms needed within the lead itself


class RuleFile(BaseModel):
    model_config = ConfigDict(extra="forbid")
    threshold: float = 1.0
    # News puts the event in the title and first sentences; a rule whose first hit lies
    # past `lead_sentences` (title included) adds only `late_weight` times its weight.
    lead_sentences: int = Field(1000, ge=1)
    late_weight: float = Field(1.0, ge=0, le=1)
    # a category scores its strongest rule plus `extra_weight` times the sum of its other rules
    extra_weight: float = Field(1.0, ge=0, le=1)
    contexts: dict[str, ContextDef] = Field(default_factory=dict)
    rules: list[Rule]

    @field_validator("rules")
    @classmethod
    def _unique_ids(cls, rules: list[Rule]) -> list[Rule]:
        seen: set[str] = set()
        for r in rules:
            if r.id in seen:
                raise ValueError(f"duplicate rule id {r.id!r}")
            seen.add(r.id)
        return rules


# --------------------------------------------------------------------------- text

# frequent words: a multi-word term is indexed by another of its words when it can
_COMMON_WORDS = frozenset(
    "a an the of in on at to for by with from into over after before and or but not no nor is was were are "
    "be been being am has have had do does did it its as that this these those there he she they his her "
    "their them him we our you your i me my who which what when where while than then so if out up off "
    "about all any some one two more most can could would should will may might must s t".split()
)

_MOST_COMMON = frozenset("the a an of in to and is was for on that said s t".split())


def _rarity(word: str) -> tuple[int, int]:
    """How frequent a term word is likely to be in text (lower: rarer): plain words, then
    prefixes, then frequent words, then the most frequent; longer first within each."""
    if word.endswith("*"):
        return (1, -len(word))
    return (3 if word in _MOST_COMMON else 2 if word in _COMMON_WORDS else 0, -len(word))


_BREAK_CAND = re.compile(r"[\n.!?;:]")
_QUOTES = "\"')]"


def split_sentences(text: str) -> list[str]:
    """The same pieces as ``SENTENCE_RE.split(text)``, several times faster: a C scan finds
    the few candidate marks and Python checks each (a regex led by a look-behind is tried at
    every character)."""
    out = []
    start = 0
    pos = 0  # scanning resumes here (matches do not overlap)
    n = len(text)
    for m in _BREAK_CAND.finditer(text):
        i = m.start()
        if i < pos:
            continue
        c = text[i]
        if c == "\n":
            j = i + 1
            while j < n and text[j] == "\n":
                j += 1
            out.append(text[start:i])
            start = pos = j
            continue
        # the break starts after the punctuation mark
        j = i + 1
        if c == ":":
            if j < n and text[j] == "\n":
                continue  # the line break is the break (handled at its own position)
            k = j
            while k < n and text[k].isspace():
                k += 1
            if k > j and k < n and "A" <= text[k] <= "Z":
                out.append(text[start:j])
                start = pos = k
            continue
        k = j
        while k < n and text[k] in _QUOTES:
            k += 1
        w = k
        while w < n and text[w].isspace():
            w += 1
        if w > k:
            out.append(text[start:j])
            start = pos = w
    out.append(text[start:])
    return out


# The sentence breaks of SENTENCE_RE, each led here by the mark that SENTENCE_RE's look-behind
# wants ("." then quotes then spaces; a line-break run; ":" then spaces before a capital, unless
# a line break comes first: that break is the "\n+"). Led by a character class, the regex engine
# skips in C to the few candidate characters; one-character look-behinds then tell them apart.
_BREAK_RE = re.compile(r"""[.!?;:\n](?:(?<=[.!?;])["')\]]*\s+|(?<=\n)\n*|(?<=:)(?!\n)\s+(?=[A-Z]))""")
# the only characters whose lower() holds ASCII or is not one character long: without them,
# lower-casing the text keeps every token (TOKEN_RE is ASCII) and every index
# how many leading bytes of a word the pre-test compares with the prefix terms' stems
_STEM = 4
# how many words the pre-test remembers as starting no term: enough for the frequent words of
# news, small enough to stay in the CPU's cache (a set of all words seen was slower)
_COLD_MAX = 8192
_UPPER = itemgetter(2)  # a pre-test entry's "all the groups it may open"
_PLAIN_WORD = re.compile(r"[a-z0-9]+")
_WORD_BYTES = b"abcdefghijklmnopqrstuvwxyz0123456789"  # what the pre-test's words are made of
_first_bytes = itemgetter(slice(0, _STEM))
_LOWER_UNSAFE = ("\u0130", "\u212a")


class Doc:
    """Tokenised text: lower-case tokens, their sentence numbers, and (computed when first
    read) the sentences and the tokens in original case."""

    __slots__ = (
        "tokens",
        "sent_of",
        "sent_start",
        "n_sentences",
        "_text",
        "_spans",
        "_sentences",
        "_original",
    )

    def __init__(
        self,
        tokens: list[str],
        sent_of: list[int],
        sentences: list[str] | None = None,
        sent_start: list[int] | None = None,
        original: list[str] | None = None,
        text: str = "",
        spans: list[tuple[int, int]] | None = None,
    ):
        self.tokens = tokens
        self.sent_of = sent_of
        self.sent_start = sent_start if sent_start is not None else []
        self.n_sentences = sent_of[-1] + 1 if sent_of else 0
        self._text = text
        self._spans = spans or []  # (start, end) in text of each sentence
        self._sentences = sentences
        self._original = original

    @property
    def sentences(self) -> list[str]:
        if self._sentences is None:
            t = self._text
            self._sentences = [t[a:b].strip() for a, b in self._spans]
        return self._sentences

    @property
    def original(self) -> list[str]:
        """Tokens in original case."""
        if self._original is None:
            # the stretches between sentences hold only marks and spaces, never a token, so
            # one pass over the whole text gives the tokens of every sentence
            self._original = TOKEN_RE.findall(self._text) if self._spans else []
        return self._original


def tokenize(text: str) -> Doc:
    """The same as `tokenize_reference`, faster: breaks found in C, tokens read from the
    lower-cased text sentence by sentence, the original-case tokens and the sentence texts
    only when asked for."""
    if _LOWER_UNSAFE[0] in text or _LOWER_UNSAFE[1] in text:
        return tokenize_reference(text)
    low = text.lower()
    findall = TOKEN_RE.findall
    tokens: list[str] = []
    sent_of: list[int] = []
    sent_start: list[int] = []
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BREAK_RE.finditer(text):
        i, j = m.span()
        end = i if text[i] == "\n" else i + 1  # the mark stays with its sentence
        words = findall(low, start, end)
        if words:
            sent_start.append(len(tokens))
            sent_of.extend([len(spans)] * len(words))
            spans.append((start, end))
            tokens.extend(words)
        start = j
    words = findall(low, start)
    if words:
        sent_start.append(len(tokens))
        sent_of.extend([len(spans)] * len(words))
        spans.append((start, len(text)))
        tokens.extend(words)
    return Doc(tokens, sent_of, None, sent_start, None, text, spans)


def tokenize_reference(text: str) -> Doc:
    """The plain tokenizer (sentence by sentence), the definition `tokenize` must match."""
    tokens: list[str] = []
    original: list[str] = []
    sent_of: list[int] = []
    sentences: list[str] = []
    sent_start: list[int] = []
    for s in SENTENCE_RE.split(text):
        words = TOKEN_RE.findall(s)
        if not words:
            continue
        n = len(sentences)
        sentences.append(s.strip())
        sent_start.append(len(tokens))
        original.extend(words)
        tokens.extend(w.lower() for w in words)
        sent_of.extend([n] * len(words))
    return Doc(tokens, sent_of, sentences, sent_start, original)


# ---------------------------------------------------------------------- matching


def _split_term(term: str) -> tuple[str, ...]:
    words = tuple(w for w in re.split(r"[\s\-]+", term.lower().strip()) if w)
    if not words:
        raise ValueError(f"empty term {term!r}")
    for w in words:
        if w != "_" and not re.fullmatch(r"[a-z0-9']+\*?", w):
            raise ValueError(f"term {term!r}: word {w!r} may hold only letters, digits, ' and a final *")
    return words


def _mask(ids) -> int:
    m = 0
    for i in ids:
        m |= 1 << i
    return m


def _word_matches(pattern: str, token: str) -> bool:
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
        self._literal: dict[str, list[tuple]] = defaultdict(list)
        self._prefix: list[tuple[str, tuple]] = []
        for tid, words in enumerate(terms):
            if words[0] == "_":
                raise ValueError(f"term {' '.join(words)!r} may not start with _")
            k = len(words)
            lits = [m for m, w in enumerate(words) if w != "_" and not w.endswith("*")]
            # what to check besides the anchor: the literal words (compared as a slice) when
            # every word is literal, else each (position, word) with a prefix or _ test
            if k == 1:
                entry: tuple = (tid, 0, 1, None)
            elif len(lits) == k:
                entry = (tid, 0, k, list(words))
            else:
                entry = (tid, 0, k, None)
            anchor = min((m for m, w in enumerate(words) if w != "_"), key=lambda m: (_rarity(words[m]), m))
            entry = (tid, anchor, *entry[2:])
            if anchor in lits:
                self._literal[words[anchor]].append(entry)
            else:
                self._prefix.append((words[anchor][:-1], entry))
        self._cache: dict[str, tuple] = {}

    def _starting(self, token: str) -> tuple:
        """The terms anchored on `token`: (term id, anchor index, length, the words as a list
        when all are literal, else None)."""
        hit = self._cache.get(token)
        if hit is None:
            ids = list(self._literal.get(token, ()))
            ids.extend(e for p, e in self._prefix if token.startswith(p))
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
        entries_of = list(map(cache.get, toks))
        if None in entries_of:  # tokens never seen before
            for tok in set(compress(toks, map(is_, entries_of, repeat(None)))):
                self._starting(tok)
            if len(cache) >= 200_000:  # cache full: look up the rest one by one
                entries_of = [cache[t] if t in cache else self._starting(t) for t in toks]
            else:
                entries_of = list(map(cache.__getitem__, toks))
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
                        if not all(_word_matches(words[m], toks[i + m]) for m in range(k) if m != a):
                            continue
                lst = found.get(tid)
                if lst is None:
                    found[tid] = [i]
                else:
                    lst.append(i)
        return found


class TermMatcherReference:
    """The plain matcher (every term tried at every position), the definition of `find`."""

    def __init__(self, terms: list[tuple[str, ...]]):
        self.terms = terms

    def find(self, doc: Doc) -> dict[int, list[int]]:
        toks, sent_of, n = doc.tokens, doc.sent_of, len(doc.tokens)
        found: dict[int, list[int]] = {}
        for i in range(n):
            for tid, words in enumerate(self.terms):
                k = len(words)
                if i + k > n or sent_of[i + k - 1] != sent_of[i]:
                    continue
                if all(_word_matches(words[m], toks[i + m]) for m in range(k)):
                    found.setdefault(tid, []).append(i)
        return found


# ------------------------------------------------------------------- compilation


@dataclass(slots=True)
class CompiledRule:
    rule: Rule
    any_ids: frozenset[int]
    all_ids: list[frozenset[int]]
    near_a: frozenset[int]
    near_b: frozenset[int]
    not_ids: frozenset[int]
    not_doc_ids: frozenset[int]
    contexts: tuple[str, ...]
    required: tuple[frozenset[int], ...] = ()  # the positive groups (each needs a term present)


@dataclass(slots=True)
class RuleHit:
    rule_id: str
    category: str
    weight: float
    sentence: int
    evidence: str


@dataclass(slots=True)
class MatchResult:
    doc: Doc
    hits: list[RuleHit]
    vetoed: list[str]  # "rule_id: context" for explanations
    context_sentences: dict[str, set[int]]  # context name -> sentences holding it


class _SentsOf(dict):
    """term id -> the sentences holding it, computed on first look-up."""

    __slots__ = ("found", "sent_of")

    def __init__(self, found: dict[int, list[int]], sent_of: list[int]):
        super().__init__()
        self.found = found
        self.sent_of = sent_of

    def __missing__(self, tid: int) -> set[int]:
        s = set(map(self.sent_of.__getitem__, self.found[tid]))
        self[tid] = s
        return s


class RuleSet:
    """All rules and contexts, compiled into one TermMatcher."""

    def __init__(self, spec: RuleFile, categories: set[str] | None = None):
        self.spec = spec
        self.threshold = spec.threshold
        if categories is not None:
            for r in spec.rules:
                if r.category not in categories:
                    raise ValueError(
                        f"rule {r.id!r}: category {r.category!r} is not in config/categories.yaml"
                    )
        for r in spec.rules:
            for c in r.contexts or []:
                if c not in spec.contexts:
                    raise ValueError(f"rule {r.id!r}: unknown context {c!r}")
        term_ids: dict[tuple[str, ...], int] = {}

        def ids(terms: list[str]) -> frozenset[int]:
            out = set()
            for t in terms:
                words = _split_term(t)
                out.add(term_ids.setdefault(words, len(term_ids)))
            return frozenset(out)

        self.context_ids = {name: ids(c.terms) for name, c in spec.contexts.items()}
        self.rules: list[CompiledRule] = []
        for r in spec.rules:
            self.rules.append(
                CompiledRule(
                    rule=r,
                    any_ids=ids(r.any),
                    all_ids=[ids(g) for g in r.all],
                    near_a=ids(r.near.a) if r.near else frozenset(),
                    near_b=ids(r.near.b) if r.near else frozenset(),
                    not_ids=ids(r.not_),
                    not_doc_ids=ids(r.not_doc),
                    # in the order of the file's contexts, so that reasons read the same every run
                    contexts=tuple(c for c in spec.contexts if r.contexts is None or c in r.contexts),
                )
            )
        for cr in self.rules:
            cr.required = tuple(g for g in [cr.any_ids, *cr.all_ids, cr.near_a, cr.near_b] if g)
        self.terms = sorted(term_ids, key=term_ids.__getitem__)
        self.matcher = TermMatcher(self.terms)
        # Pre-test: a rule can fire only if a word that starts a term of each of its positive
        # groups occurs somewhere in the text. One regex finds all such words; a set test per
        # rule then tells whether any rule may fire, so most ordinary texts are never tokenised.
        self._group_terms: list[frozenset[int]] = []
        self._rule_groups: list[tuple[int, ...]] = []
        for cr in self.rules:
            gids = []
            for g in [cr.any_ids, *cr.all_ids, cr.near_a, cr.near_b]:
                if g:
                    gids.append(len(self._group_terms))
                    self._group_terms.append(g)
            self._rule_groups.append(tuple(gids))
        self._pre_cold: set[bytes] = set()  # words that start no term (at most _COLD_MAX)
        self._pre_cache: dict[bytes, tuple[int, tuple[tuple[int, tuple[bytes, ...], bytes | None], ...]]] = {}
        self._rule_masks = [_mask(need) for need in self._rule_groups]
        self._first: dict[str, list[int]] = defaultdict(list)  # first word -> groups' term ids
        self._first_prefix: list[tuple[str, int]] = []
        self._term_groups: dict[int, set[int]] = defaultdict(set)
        for gid, g in enumerate(self._group_terms):
            for tid in g:
                self._term_groups[tid].add(gid)
        # a term as the pre-test sees it: its words split at apostrophes, "_" left out,
        # (part, is a prefix). A term whose first part is a prefix is indexed by it; any other
        # by its rarest-looking literal part (its anchor: "a bomb" by "bomb", so that "a"
        # opens nothing), and needs its other literal parts
        self._pre_parts: dict[int, list[tuple[str, bool]]] = {}
        self._pre_anchor: dict[int, str] = {}
        for tid in self._term_groups:
            parts: list[tuple[str, bool]] = []
            for x in self.terms[tid]:
                if x == "_":
                    continue
                star = x.endswith("*")
                sub = [q for q in x.rstrip("*").split("'") if q]
                parts.extend((q, star and k == len(sub) - 1) for k, q in enumerate(sub))
            self._pre_parts[tid] = parts
            first, star = parts[0]
            if star:
                self._first_prefix.append((first, tid))
            else:
                anchor = min((q for q, st in parts if not st), key=_rarity)
                self._pre_anchor[tid] = anchor
                self._first[anchor].append(tid)
        # the words that may start a term: literal anchors, and words beginning with a prefix
        # term's first part (told by their first _STEM bytes, then by startswith)
        self._pre_literal = frozenset(w.encode("ascii") for w in self._first)
        prefixes = sorted({p.encode("ascii") for p, _ in self._first_prefix})
        self._pre_prefixes = tuple(prefixes)
        stems = {p[:_STEM] for p in prefixes if len(p) >= _STEM}
        for p in prefixes:  # a shorter prefix ("rpg*") stands for itself and its completions
            if 2 <= len(p) < _STEM:
                ends = [b""]
                for _ in range(_STEM - len(p)):
                    ends = ends + [
                        e + bytes([c]) for e in ends if len(e) == len(ends[-1]) for c in _WORD_BYTES
                    ]
                stems.update(p + e for e in ends)
        self._pre_stems = frozenset(stems)
        # one-letter prefixes (unlikely) by their own pass: (first n bytes getter, prefixes)
        self._pre_short = (
            [(itemgetter(slice(0, 1)), frozenset(p for p in prefixes if len(p) == 1))]
            if any(len(p) == 1 for p in prefixes)
            else []
        )

        # for `match`: the positive groups of each term (bit mask), each rule's evidence terms,
        # and the contexts' settings as plain tuples
        self._tid_gmask = [_mask(self._term_groups.get(tid, ())) for tid in range(len(self.terms))]
        self._evidence_tids = [
            tuple(
                (tid, len(self.terms[tid]))
                for tid in sorted(cr.any_ids | frozenset().union(*cr.all_ids) | cr.near_a | cr.near_b)
            )
            for cr in self.rules
        ]
        self._ctx_plan = [
            (name, tids, c.scope, c.min_distinct, c.lead, c.lead_min_distinct)
            for (name, tids), c in zip(self.context_ids.items(), spec.contexts.values(), strict=True)
        ]
        # contexts that can mark every sentence of a text (scope document or lead), with their
        # own small matcher, so that `covering_contexts` can tell it before the full match
        self._wide = [
            (name, frozenset(tids), c.scope, c.min_distinct, c.lead_min_distinct)
            for (name, tids), c in zip(self.context_ids.items(), spec.contexts.values(), strict=True)
            if c.scope in ("document", "lead")
        ]
        wide_tids = sorted(frozenset().union(*(w[1] for w in self._wide))) if self._wide else []
        self._wide_matcher = TermMatcher([self.terms[t] for t in wide_tids])
        self._wide_tid = wide_tids  # local term id -> global term id
        self._live_masks: dict[frozenset[str], list[int]] = {}
        # the same contexts' one-word literal terms as the pre-test's words, for `surely_covering`
        self._wide_words = [
            (
                name,
                scope,
                min_distinct,
                lead_min_distinct,
                frozenset(
                    self.terms[t][0].encode("ascii")
                    for t in tids
                    if len(self.terms[t]) == 1 and _PLAIN_WORD.fullmatch(self.terms[t][0])
                ),
            )
            for name, tids, scope, min_distinct, lead_min_distinct in self._wide
        ]
        # a run of non-word bytes holding a mark that may end a sentence: every break of
        # `tokenize` (and of the reference) starts at such a mark, and a sentence with a word
        # in it ends in a run of its own (sentences without words are not counted)
        self._lead_marks = re.compile(rb"(?:[.!?;:](?![a-z0-9])|\n)[^a-z0-9]*")
        self._pre_last: tuple | None = None

    @classmethod
    def from_yaml(cls, path: Path, categories: set[str] | None = None) -> RuleSet:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(RuleFile.model_validate(data), categories)

    def _pre_entry(self, word: bytes):
        """For one text word: (groups opened by single-word terms it matches, and for each
        multi-word term it starts, (its groups, the other literal words it needs, the phrase
        to find or None), and all the groups it may open)."""
        w = word.decode("ascii")
        tids = list(self._first.get(w, ()))
        tids.extend(t for p, t in self._first_prefix if w.startswith(p))
        single: set[int] = set()
        multi = []
        upper = 0
        for tid in tids:
            parts = self._pre_parts[tid]
            anchor = self._pre_anchor.get(tid)
            if anchor is None:  # indexed by its first part, a prefix
                rest = frozenset(q.encode("ascii") for q, star in parts[1:] if not star)
            else:
                rest = frozenset(q.encode("ascii") for q, star in parts if not star) - {
                    anchor.encode("ascii")
                }
            g = _mask(self._term_groups[tid])
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
                multi.append((g, rest, phrase))
            else:
                single |= self._term_groups[tid]
        return _mask(single), tuple(multi), upper, reduce(or_, (m[0] for m in multi), 0)

    def may_match(self, text: str, masks: list[int] | None = None) -> bool:
        """False when no rule can fire on this text: a cheap pre-test that never says False
        when `match` could find a hit. A rule needs a term of each of its positive groups in
        one sentence, and a term needs its words. Words are split in C on the ASCII-lower-cased
        bytes, as TOKEN_RE splits them. First the whole text is tested, then (if some rule may
        fire) each stretch between ". ", "! ", "? ", "; " and line breaks -- places where
        `tokenize` always ends a sentence, so a stretch holds one sentence or more.
        Each test first takes the groups its words may open (one OR per word) and checks
        multi-word terms only for groups that a rule still in the race needs.
        `masks`: test only the rules with these group masks (see `live_masks`)."""
        last = self._pre_last
        if last is not None and last[0] is text:  # the same text again (other rules)
            low, wordlist, words, hot = last[1]
        else:
            low = text.encode("utf-8", "replace").lower()
            wordlist = low.translate(_PRE_TABLE).split()
            words = set(wordlist)
            # only words that start some term: the literal ones (the intersection runs over
            # the smaller set, in C), then the words whose first letters a prefix term starts.
            # Words already known to start none (a small set of frequent words) are left out
            # first, in C, so that the per-word prefix test runs on the rarer words only
            cold = self._pre_cold
            rest = words - cold
            hot = rest & self._pre_literal
            stems = self._pre_stems
            prefixes = self._pre_prefixes
            hot.update(
                w
                for w in compress(rest, map(stems.__contains__, map(_first_bytes, rest)))
                if w.startswith(prefixes)
            )
            for first, short in self._pre_short:  # prefixes shorter than a stem ("rpg*")
                hot.update(
                    w
                    for w in compress(rest, map(short.__contains__, map(first, rest)))
                    if w.startswith(prefixes)
                )
            if len(cold) < _COLD_MAX:
                cold.update(rest - hot)
            cache = self._pre_cache
            for w in hot.difference(cache):  # hot words never seen before
                e = self._pre_entry(w)
                if len(cache) < 200_000:
                    cache[w] = e
                else:  # cache full: keep the answer right without caching it
                    return True
            self._pre_last = (text, (low, wordlist, words, hot))
        if not hot:
            return False
        entry = self._pre_cache.__getitem__
        upper = reduce(or_, map(_UPPER, map(entry, hot)))  # all the groups the hot words may open
        cands = [need for need in (self._rule_masks if masks is None else masks) if need & upper == need]
        if not cands:
            return False
        want = reduce(or_, cands)
        groups = self._pre_groups(hot, words, wordlist, want)
        cands = [need for need in cands if need & groups == need]
        if not cands:
            return False
        want = reduce(or_, cands)
        for chunk in _CHUNK_RE.split(low):
            cw = chunk.translate(_PRE_TABLE).split()
            chot = hot.intersection(cw)
            if not chot:
                continue
            cu = reduce(or_, map(_UPPER, map(entry, chot)))
            if cu & want == 0 or not any(need & cu == need for need in cands):
                continue
            g = self._pre_groups(chot, set(cw), cw, want)
            for need in cands:
                if need & g == need:
                    return True
        return False

    def _pre_groups(self, hot: set[bytes], words: set[bytes], wordlist: list[bytes], want: int = -1) -> int:
        """Bit mask of the positive groups that have a term in these words (exact on the
        groups in `want`; others may be left out)."""
        entries = list(map(self._pre_cache.__getitem__, hot))
        groups = reduce(or_, map(itemgetter(0), entries))  # single-word terms
        want &= ~groups
        if not want:
            return groups
        spaced = None
        for e in entries:
            if not e[3] & want:  # none of its multi-word terms opens a wanted group
                continue
            for g, rest, phrase in e[1]:
                if not g & want & ~groups or not rest <= words:
                    continue
                if phrase is not None:
                    if spaced is None:
                        spaced = b" " + b" ".join(wordlist) + b" "
                    if phrase not in spaced:
                        continue
                groups |= g
        return groups

    def covering_contexts(self, doc: Doc) -> frozenset[str]:
        """The document- or lead-scoped contexts that mark every sentence of this text, decided
        as `match` decides them (from these contexts' terms alone)."""
        if not self._wide:
            return frozenset()
        found = self._wide_matcher.find(doc)
        if not found:
            return frozenset()
        sent_of, g = doc.sent_of, self._wide_tid
        first = {g[t]: sent_of[ps[0]] for t, ps in found.items()}  # global term id -> first sentence
        lead = self.spec.lead_sentences
        out = []
        for name, tids, scope, min_distinct, lead_min_distinct in self._wide:
            present_ids = tids.intersection(first)
            if len(present_ids) < min_distinct:
                continue
            if scope == "document" or sum(1 for t in present_ids if first[t] < lead) >= lead_min_distinct:
                out.append(name)
        return frozenset(out)

    def surely_covering(self, text: str) -> frozenset[str]:
        """Document- or lead-scoped contexts that surely mark every sentence of `text`, told from
        the words of the last `may_match(text)` call, without tokenising: a subset of what
        `covering_contexts` finds. Only one-word terms count, and only words that no apostrophe
        joins to another ("team's" is one token); a word is surely in the lead when fewer than
        `lead_sentences` runs of non-word bytes holding a mark that may end a sentence precede it
        ([.!?;:] not followed by a letter or digit, or a line break)."""
        last = self._pre_last
        if last is None or last[0] is not text or not self._wide_words:
            return frozenset()
        low, _, words, _ = last[1]
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
                    for k, m in enumerate(self._lead_marks.finditer(low), 1):
                        if k == self.spec.lead_sentences:
                            cut = m.start()
                            break
                    lead_words = set(low[:cut].translate(_PRE_TABLE).split())
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
                for m, cr in zip(self._rule_masks, self.rules, strict=True)
                if vetoing.isdisjoint(cr.contexts)
            ]
            self._live_masks[vetoing] = masks
        return masks

    def term_text(self, tid: int) -> str:
        return " ".join(self.terms[tid])

    def match(self, doc: Doc, headline: bool = True) -> MatchResult:
        """`headline`: the first sentence is a headline (lead-sharing contexts then join it
        with the first body sentence)."""
        found = self.matcher.find(doc)
        present = frozenset(found)  # set operations below iterate the smaller side
        # sentences where each term occurs (each computed when first needed)
        sents = _SentsOf(found, doc.sent_of)
        ctx_sents: dict[str, set[int]] = {}
        n_sent = doc.n_sentences
        all_sents = set(range(n_sent))
        for name, tids, scope, min_distinct, lead_ctx, lead_min_distinct in self._ctx_plan:
            present_ids = tids & present
            if not present_ids:
                continue
            if scope == "document":
                if len(present_ids) >= min_distinct:
                    ctx_sents[name] = all_sents
                continue
            if scope == "lead":
                if len(present_ids) >= min_distinct:
                    lead = self.spec.lead_sentences
                    in_lead = sum(1 for tid in present_ids if min(sents[tid]) < lead)
                    # the lead of a report on a real event may share a text with other topics;
                    # it is taken as figurative only when it uses that vocabulary itself
                    ctx_sents[name] = all_sents if in_lead >= lead_min_distinct else set(range(lead, n_sent))
                continue
            s: set[int] = set()
            for tid in present_ids:
                s |= sents[tid]
            if s:
                if lead_ctx and headline and (0 in s or 1 in s):
                    s |= {0, 1}
                ctx_sents[name] = s
        hits: list[RuleHit] = []
        vetoed: list[str] = []
        # the positive groups that have a term here: a rule needs all of its own
        groups = reduce(or_, map(self._tid_gmask.__getitem__, found), 0)
        for k, cr in enumerate(self.rules):
            need = self._rule_masks[k]
            if need & groups != need:  # some positive group is absent
                continue
            r = cr.rule
            if cr.not_doc_ids and not cr.not_doc_ids.isdisjoint(present):
                continue
            cand: set[int] | None = None
            if cr.any_ids:
                cand = set()
                for tid in cr.any_ids & present:
                    cand |= sents[tid]
                if not cand:
                    continue
            for group in cr.all_ids:
                g: set[int] = set()
                for tid in group & present:
                    g |= sents[tid]
                cand = g if cand is None else cand & g
                if not cand:
                    break
            if cand is not None and not cand:
                continue
            if r.near:
                near_s = self._near_sentences(doc, found, cr, r.near.within)
                cand = near_s if cand is None else cand & near_s
                if not cand:
                    continue
            assert cand is not None
            if cr.not_ids:
                for tid in cr.not_ids & present:
                    cand -= sents[tid]
                if not cand:
                    continue
            kept = set()
            for s in sorted(cand):
                blocking = [c for c in cr.contexts if s in ctx_sents.get(c, ())]
                if blocking:
                    vetoed.append(f"{r.id} (sentence {s + 1}: {', '.join(blocking)})")
                else:
                    kept.add(s)
            if not kept:
                continue
            s = min(kept)
            hits.append(RuleHit(r.id, r.category, r.weight, s, self._evidence(doc, found, k, s)))
        return MatchResult(doc, hits, vetoed, ctx_sents)

    @staticmethod
    def _near_sentences(doc: Doc, found: dict[int, list[int]], cr: CompiledRule, within: int) -> set[int]:
        pa = sorted(p for tid in cr.near_a if tid in found for p in found[tid])
        pb = sorted(p for tid in cr.near_b if tid in found for p in found[tid])
        out: set[int] = set()
        if not pa or not pb:
            return out
        j = 0
        lo = 1 if cr.rule.near is not None and cr.rule.near.ordered else -within
        for p in pa:
            while j < len(pb) and pb[j] < p + lo:
                j += 1
            k = j
            while k < len(pb) and pb[k] <= p + within:
                if doc.sent_of[pb[k]] == doc.sent_of[p]:
                    out.add(doc.sent_of[p])
                    break
                k += 1
        return out

    def _evidence(self, doc: Doc, found: dict[int, list[int]], k: int, sent: int) -> str:
        """The words of rule k's terms in sentence `sent` (first occurrence of each term)."""
        words: list[str] = []
        sent_of = doc.sent_of
        for tid, length in self._evidence_tids[k]:
            for p in found.get(tid, ()):
                if sent_of[p] == sent:
                    words.append(" ".join(doc.original[p : p + length]))
                    break
        return ", ".join(dict.fromkeys(words))
