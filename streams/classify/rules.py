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
stretches between sentence marks) that lets most ordinary texts skip tokenising. See
README, "Classification".
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

TOKEN_RE = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?")
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



@dataclass(slots=True)
class Doc:
    """Tokenised text: lower-case tokens, their sentence numbers, and the sentences."""

    tokens: list[str]
    sent_of: list[int]
    sentences: list[str]
    sent_start: list[int]  # first token index of each sentence
    original: list[str] = field(default_factory=list)  # tokens in original case


def tokenize(text: str) -> Doc:
    tokens: list[str] = []
    original: list[str] = []
    sent_of: list[int] = []
    sentences: list[str] = []
    sent_start: list[int] = []
    findall = TOKEN_RE.findall
    for s in split_sentences(text):
        if not s:
            continue
        words = findall(s)
        if not words:
            continue
        n = len(sentences)
        sentences.append(s.strip())
        sent_start.append(len(tokens))
        original.extend(words)
        # one C-level lower() for the whole sentence; tokens hold no space, so the split
        # gives exactly one lower-cased token per word
        tokens.extend(" ".join(words).lower().split(" "))
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
    """Finds every occurrence of a set of terms in a Doc in one pass."""

    def __init__(self, terms: list[tuple[str, ...]]):
        self.terms = terms
        self._literal: dict[str, list[int]] = defaultdict(list)
        self._prefix: list[tuple[str, int]] = []
        for tid, words in enumerate(terms):
            first = words[0]
            if first.endswith("*"):
                self._prefix.append((first[:-1], tid))
            elif first == "_":
                raise ValueError(f"term {' '.join(words)!r} may not start with _")
            else:
                self._literal[first].append(tid)
        self._cache: dict[str, tuple[int, ...]] = {}

    def _starting(self, token: str):
        """What `token` starts: () or (single-word term ids, {next word: multi-word terms},
        multi-word terms whose second word is a prefix or _). A multi-word term is
        (term id, length, the words after the second, all of those literal)."""
        hit = self._cache.get(token)
        if hit is None:
            ids = list(self._literal.get(token, ()))
            ids.extend(tid for p, tid in self._prefix if token.startswith(p))
            singles: list[int] = []
            by_next: dict[str, list[tuple[int, int, list[str], bool]]] = defaultdict(list)
            wild: list[tuple[int, int, list[str], bool]] = []
            for tid in ids:
                words = self.terms[tid]
                if len(words) == 1:
                    singles.append(tid)
                    continue
                second = words[1]
                if second == "_" or second.endswith("*"):
                    rest = list(words[1:])
                    wild.append((tid, len(words), rest, False))
                else:
                    rest = list(words[2:])
                    literal = all(w != "_" and not w.endswith("*") for w in rest)
                    by_next[second].append((tid, len(words), rest, literal))
            hit = (tuple(singles), {k: tuple(v) for k, v in by_next.items()}, tuple(wild)) if ids else ()
            if len(self._cache) < 200_000:
                self._cache[token] = hit
        return hit

    def find(self, doc: Doc) -> dict[int, list[int]]:
        """term id -> token positions where it starts (the match stays within a sentence)."""
        found: dict[int, list[int]] = {}
        toks, sent_of, n = doc.tokens, doc.sent_of, len(doc.tokens)
        cache = self._cache
        for tok in set(toks).difference(cache):
            self._starting(tok)
        if len(cache) >= 200_000:  # cache full: look up the rest one by one
            entries_of = [cache[t] if t in cache else self._starting(t) for t in toks]
        else:
            entries_of = list(map(cache.__getitem__, toks))
        hits: list[tuple[int, int]] = []
        # only the positions where some term starts (filtered in C)
        for i in compress(range(n), entries_of):
            singles, by_next, wild = entries_of[i]
            for tid in singles:
                hits.append((tid, i))
            if i + 1 < n and sent_of[i + 1] == sent_of[i]:
                cands = by_next.get(toks[i + 1]) if by_next else None
                if cands:
                    for tid, k, rest, literal in cands:
                        j = i + k
                        if j > n or sent_of[j - 1] != sent_of[i]:
                            continue
                        if k > 2:
                            if literal:
                                if toks[i + 2:j] != rest:
                                    continue
                            elif not all(_word_matches(rest[m], toks[i + 2 + m]) for m in range(k - 2)):
                                continue
                        hits.append((tid, i))
                for tid, k, rest, _ in wild:
                    j = i + k
                    if j > n or sent_of[j - 1] != sent_of[i]:
                        continue
                    if all(_word_matches(rest[m], toks[i + 1 + m]) for m in range(k - 1)):
                        hits.append((tid, i))
        for tid, i in hits:
            lst = found.get(tid)
            if lst is None:
                found[tid] = [i]
            else:
                lst.append(i)
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
        self._pre_cache: dict[bytes, tuple[int, tuple[tuple[int, tuple[bytes, ...], bytes | None], ...]]] = {}
        self._pre_hot: set[bytes] = set()  # cached words whose entry is not empty
        self._rule_masks = [_mask(need) for need in self._rule_groups]
        self._first: dict[str, list[int]] = defaultdict(list)  # first word -> groups' term ids
        self._first_prefix: list[tuple[str, int]] = []
        self._term_groups: dict[int, set[int]] = defaultdict(set)
        for gid, g in enumerate(self._group_terms):
            for tid in g:
                self._term_groups[tid].add(gid)
        # a term as the pre-test sees it: its words split at apostrophes, "_" left out,
        # (part, is a prefix) -- the first part indexes the term, literal others are needed
        self._pre_parts: dict[int, list[tuple[str, bool]]] = {}
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
                self._first[first].append(tid)

    @classmethod
    def from_yaml(cls, path: Path, categories: set[str] | None = None) -> RuleSet:
        data: Any = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(RuleFile.model_validate(data), categories)

    def _pre_entry(self, word: bytes):
        """For one text word: (groups opened by single-word terms it matches, and for each
        multi-word term it starts, (its groups, the other literal words it needs))."""
        w = word.decode("ascii")
        tids = list(self._first.get(w, ()))
        tids.extend(t for p, t in self._first_prefix if w.startswith(p))
        single: set[int] = set()
        multi = []
        for tid in tids:
            parts = self._pre_parts[tid]
            rest = tuple(q.encode("ascii") for q, star in parts[1:] if not star)
            if len(parts) > 1:
                # with no "_" and a "*" only at the end, the term is looked for as a phrase in
                # the spaced text (" air strike" also finds "air strikes")
                phrase = None
                if "_" not in self.terms[tid] and not any(st for _, st in parts[:-1]):
                    phrase = b" " + b" ".join(q.encode("ascii") for q, _ in parts) + (b"" if parts[-1][1] else b" ")
                multi.append((_mask(self._term_groups[tid]), rest, phrase))
            else:
                single |= self._term_groups[tid]
        return _mask(single), tuple(multi)

    def may_match(self, text: str) -> bool:
        """False when no rule can fire on this text: a cheap pre-test that never says False
        when `match` could find a hit. A rule needs a term of each of its positive groups in
        one sentence, and a term needs its words. Words are split in C on the ASCII-lower-cased
        bytes, as TOKEN_RE splits them. First the whole text is tested, then (if some rule may
        fire) each stretch between ". ", "! ", "? ", "; " and line breaks -- places where
        `tokenize` always ends a sentence, so a stretch holds one sentence or more."""
        low = text.encode("utf-8", "replace").lower()
        wordlist = low.translate(_PRE_TABLE).split()
        words = set(wordlist)
        cache = self._pre_cache
        for w in words.difference(cache):  # words never seen before (C-level set difference)
            e = self._pre_entry(w)
            if len(cache) < 200_000:
                cache[w] = e
                if e[0] or e[1]:
                    self._pre_hot.add(w)
            elif e[0] or e[1]:  # cache full: keep the answer right without caching it
                return True
        hot = words & self._pre_hot  # only words that start some term
        if not hot:
            return False
        groups = self._pre_groups(hot, words, wordlist)
        cands = [need for need in self._rule_masks if need & groups == need]
        if not cands:
            return False
        for chunk in low.replace(b". ", b"\n").replace(b"! ", b"\n").replace(b"? ", b"\n").replace(b"; ", b"\n").split(b"\n"):
            cw = chunk.translate(_PRE_TABLE).split()
            cws = set(cw)
            chot = cws & hot
            if not chot:
                continue
            g = self._pre_groups(chot, cws, cw)
            for need in cands:
                if need & g == need:
                    return True
        return False

    def _pre_groups(self, hot: set[bytes], words: set[bytes], wordlist: list[bytes]) -> int:
        """Bit mask of the positive groups that have a term in these words."""
        cache = self._pre_cache
        groups = 0
        spaced = None
        for w in hot:
            single, multi = cache[w]
            groups |= single
            for g, rest, phrase in multi:
                if g & groups == g or not all(r in words for r in rest):
                    continue
                if phrase is not None:
                    if spaced is None:
                        spaced = b" " + b" ".join(wordlist) + b" "
                    if phrase not in spaced:
                        continue
                groups |= g
        return groups

    def term_text(self, tid: int) -> str:
        return " ".join(self.terms[tid])

    def match(self, doc: Doc, headline: bool = True) -> MatchResult:
        """`headline`: the first sentence is a headline (lead-sharing contexts then join it
        with the first body sentence)."""
        found = self.matcher.find(doc)
        present = frozenset(found)  # set operations below iterate the smaller side
        # sentences where each term occurs
        sent_of = doc.sent_of
        sents: dict[int, set[int]] = {tid: {sent_of[p] for p in pos} for tid, pos in found.items()}
        ctx_sents: dict[str, set[int]] = {}
        all_sents = set(range(len(doc.sentences)))
        for name, tids in self.context_ids.items():
            cdef = self.spec.contexts[name]
            present_ids = tids & present
            if cdef.scope == "document":
                if len(present_ids) >= cdef.min_distinct:
                    ctx_sents[name] = all_sents
                continue
            if cdef.scope == "lead":
                if len(present_ids) >= cdef.min_distinct:
                    lead = self.spec.lead_sentences
                    in_lead = sum(1 for tid in present_ids if min(sents[tid]) < lead)
                    # the lead of a report on a real event may share a text with other topics;
                    # it is taken as figurative only when it uses that vocabulary itself
                    ctx_sents[name] = all_sents if in_lead >= cdef.lead_min_distinct else \
                        set(range(lead, len(doc.sentences)))
                continue
            s: set[int] = set()
            for tid in present_ids:
                s |= sents[tid]
            if s:
                if cdef.lead and headline and (0 in s or 1 in s):
                    s |= {0, 1}
                ctx_sents[name] = s
        hits: list[RuleHit] = []
        vetoed: list[str] = []
        for cr in self.rules:
            r = cr.rule
            if any(g.isdisjoint(present) for g in cr.required):  # some positive group is absent
                continue
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
            hits.append(RuleHit(r.id, r.category, r.weight, s, self._evidence(doc, found, cr, s)))
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

    def _evidence(self, doc: Doc, found: dict[int, list[int]], cr: CompiledRule, sent: int) -> str:
        words: list[str] = []
        for tid in sorted(cr.any_ids | frozenset().union(*cr.all_ids) | cr.near_a | cr.near_b):
            for p in found.get(tid, ()):
                if doc.sent_of[p] == sent:
                    words.append(" ".join(doc.original[p : p + len(self.terms[tid])]))
                    break
        return ", ".join(dict.fromkeys(words))
