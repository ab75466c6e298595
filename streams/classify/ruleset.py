"""All rules and contexts of config/rules.yaml, compiled into one TermMatcher, and the match
of a Doc against them: which rules fire in which sentence, which contexts vetoed which.

The language itself is described in streams/classify/schema.py; the pre-test that lets most
texts skip tokenising is streams/classify/pretest.py.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import reduce
from operator import or_
from pathlib import Path

from streams.classify.counts import hint_sentences
from streams.classify.pretest import PreTest, WideContext, bit_mask
from streams.classify.schema import Rule, RuleFile
from streams.classify.terms import TermMatcher, split_term
from streams.classify.text import Doc


@dataclass(slots=True)
class CompiledRule:
    rule: Rule
    any_ids: frozenset[int]
    all_ids: list[frozenset[int]]
    near_a: frozenset[int]
    near_b: frozenset[int]
    not_ids: frozenset[int]
    not_doc_ids: frozenset[int]
    need_doc_ids: frozenset[int]
    contexts: tuple[str, ...]


@dataclass(slots=True)
class RuleHit:
    rule_id: str
    category: str
    weight: float
    sentence: int
    evidence: str
    generic: bool = False  # the rule's `generic` flag
    yields_to: tuple[str, ...] = ()  # the rule's `yields_to` categories
    later: tuple[int, ...] = ()  # the other sentences it fired in, after `sentence`


@dataclass(slots=True)
class MatchResult:
    hits: list[RuleHit]
    vetoed: list[str]  # "rule_id: context" for explanations
    context_sentences: dict[str, set[int]]  # context name -> sentences holding it
    # rules whose words all occur but that one of their own exception terms (`not`, `not_doc`) kept
    # off, "rule_id (sentence N: the words 'x')": for the explanation of a non-event; they keep the model
    # from raising those rules' categories only (`excepted_categories`, see decide.py)
    excepted: list[str] = field(default_factory=list)
    headline: bool = False  # the text was a headline and a body (a news item), not a post or a note
    # the categories of `excepted`, in a text with no word of harm or toll (`counts.hint_sentences`)
    excepted_categories: set[str] = field(default_factory=set)
    doc: Doc | None = None  # the tokens matched (what a category the model raises alone is read from)


# determiners of a definite description: an event named before ("the quake", "that blast"); a
# subject that refers back ("they", "the three"); the day of a new event
_DEFINITE = frozenset("the that this those these".split())
_BACK_SUBJECT = frozenset("they he she".split())
_NUMBERS = [[w] for w in "two three four five six seven eight nine ten".split()]
_RENEWED = frozenset("new another again fresh renewed".split())
_EARLIER = frozenset("last ago earlier previously yesteryear".split())
_FRESH_DAY = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday today yesterday tonight overnight".split()
)

# words that open a verb's object: a figure, an article, a determiner, a pronoun
_OBJECT_START = frozenset(
    "a an the his her their its this that these those one two three four five six seven eight nine ten "
    "several dozens dozen scores hundreds many some all at least him them".split()
)


def _object_at(tokens: list[str], i: int) -> bool:
    """Does an object start at token i ("killed [two] traders", "shot dead [the] driver")?"""
    return i < len(tokens) and (tokens[i] in _OBJECT_START or tokens[i].isdigit())


_PASSIVE = frozenset("was were been being is are be get got gets".split())


def _active_at(tokens: list[str], p: int, end: int) -> bool:
    """Is the verb at tokens[p:end] in the active voice (no auxiliary of the passive right
    before it, no agent's "by" right after it)?"""
    return not (p > 0 and tokens[p - 1] in _PASSIVE) and not (end < len(tokens) and tokens[end] == "by")


def _passive_after(tokens: list[str], i: int) -> bool:
    """Does a passive auxiliary follow at tokens[i] ("villagers [were] burnt")?"""
    return i < len(tokens) and tokens[i] in _PASSIVE


# verbs of saying or reacting: their subject speaks of an event, it is not its victim
_SPEAKS = frozenset(
    "said says say told tells condemned condemns urged urges announced announces ordered orders vowed vows "
    "warned warns expressed expresses directed described added stated promised demanded assured appealed "
    "blamed visited chaired addressed noted pledged declared asked lamented mourned praised welcomed "
    "spoke tweeted wrote insisted deplored denounced regretted sympathised sympathized".split()
)
_SPEAKS_GAP = frozenset("also has had strongly later publicly".split())
# the head of a compound office after the noun matched ("the chief minister announced"): the office speaks
_SPEAKS_GAP_OR_OFFICE = _SPEAKS_GAP | frozenset(
    "minister secretary justice executive commissioner spokesman spokesperson adviser".split()
)
_NOT_OF_PHRASE = frozenset("was were is are been and killed shot died dead murdered".split())


def _speaker_at(tokens: list[str], end: int) -> bool:
    """Is the noun ending at tokens[end] the subject of a verb of saying or reacting, right after
    it, after an adverb or auxiliary, or after an "of" phrase ("the governor of Borno condemned")?"""
    nxt = tokens[end : end + 5]
    if not nxt:
        return False
    if nxt[0] in _SPEAKS or (nxt[0] in _SPEAKS_GAP_OR_OFFICE and nxt[1:2] and nxt[1] in _SPEAKS):
        return True
    if nxt[0] != "of":
        return False
    for w in nxt[1:]:
        if w in _SPEAKS:
            return True
        if w in _NOT_OF_PHRASE:
            return False
    return False


def _agent_at(tokens: list[str], p: int) -> bool:
    """Is the noun at tokens[p] the agent of a passive or a nominal ("by [a] police officer")?"""
    return (p > 0 and tokens[p - 1] == "by") or (
        p > 1 and tokens[p - 1] in ("a", "an", "the") and tokens[p - 2] == "by"
    )


# capitalised words that name no place: determiners and pronouns of a title-case headline, days, months
_NO_NAME = frozenset(
    "the a an this that these those his her their its our my your he she they it we i "
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july "
    "august september october november december".split()
)


def _named_after(doc: Doc, positions: list[int], length: int) -> set[int]:
    """The sentences where a term at one of `positions` (`length` words) is followed by a name: a word
    capitalised in the original text, no determiner, pronoun, day or month (`Rule.named_after`)."""
    orig, toks, sent_of = doc.original, doc.tokens, doc.sent_of
    if len(orig) != len(toks):
        return set()
    out = set()
    for p in positions:
        e = p + length
        if e < len(toks) and sent_of[e] == sent_of[p] and orig[e][:1].isupper() and toks[e] not in _NO_NAME:
            out.add(sent_of[p])
    return out


def _near(doc: Doc, pa: list[int], pb: list[int], within: int, ordered: bool) -> set[int]:
    """The sentences where a position of `pa` has one of `pb` within `within` words (after it
    only, when `ordered`); both lists sorted."""
    out: set[int] = set()
    if not pa or not pb:
        return out
    j = 0
    lo = 1 if ordered else -within
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


def _pair_sentences(
    doc: Doc, found: dict[int, list[int]], a: frozenset[int], b: frozenset[int], within: int, ordered: bool
) -> set[int]:
    pa = sorted(p for tid in a if tid in found for p in found[tid])
    pb = sorted(p for tid in b if tid in found for p in found[tid])
    return _near(doc, pa, pb, within, ordered)


class _SentsOf(dict[int, set[int]]):
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
    """All rules and contexts, compiled into one TermMatcher; `pretest` tells from a text's
    bytes which of them may fire at all (streams/classify/pretest.py)."""

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
                words = split_term(t)
                out.add(term_ids.setdefault(words, len(term_ids)))
            return frozenset(out)

        context_ids = {name: ids(c.terms + c.decisive) for name, c in spec.contexts.items()}
        # terms one of which marks a wide context alone (`ContextDef.decisive`)
        self._decisive = {name: ids(c.decisive) for name, c in spec.contexts.items() if c.decisive}
        # contexts that also mark a sentence by a pair of terms near each other
        self._ctx_pairs = {
            name: [(ids(p.a), ids(p.b), p.within, p.ordered) for p in c.pairs]
            for name, c in spec.contexts.items()
            if c.pairs
        }
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
                    need_doc_ids=ids(r.need_doc),
                    # in the order of the file's contexts, so that reasons read the same every run
                    contexts=tuple(c for c in spec.contexts if r.contexts is None or c in r.contexts),
                )
            )
        # sentences a context leaves unmarked whatever else they hold (`ContextDef.unless`)
        self._unless = {name: ids(c.unless) for name, c in spec.contexts.items() if c.unless}
        self._told_before = {name: ids(c.told_before) for name, c in spec.contexts.items() if c.told_before}
        self._ctx_pair_tids = {
            name: frozenset().union(*(a | b for a, b, _, _ in pairs))
            for name, pairs in self._ctx_pairs.items()
        }
        self.terms = sorted(term_ids, key=term_ids.__getitem__)
        self.matcher = TermMatcher(self.terms)
        # the positive groups, numbered: a rule can fire only if each of its groups has a term
        # in the sentence (`match` tests this first, the pre-test from the text's words)
        group_terms: list[frozenset[int]] = []
        rule_groups: list[tuple[int, ...]] = []
        for cr in self.rules:
            gids = []
            for g in [cr.any_ids, *cr.all_ids, cr.near_a, cr.near_b]:
                if g:
                    gids.append(len(group_terms))
                    group_terms.append(g)
            rule_groups.append(tuple(gids))
        self._rule_masks = [bit_mask(need) for need in rule_groups]
        term_groups: dict[int, set[int]] = defaultdict(set)
        for gid, g in enumerate(group_terms):
            for tid in g:
                term_groups[tid].add(gid)
        # for `match`: the positive groups of each term (bit mask), each rule's evidence terms,
        # and the contexts' settings as plain tuples
        self._tid_gmask = [bit_mask(term_groups.get(tid, ())) for tid in range(len(self.terms))]
        self._evidence_tids = [
            tuple(
                (tid, len(self.terms[tid]))
                for tid in sorted(cr.any_ids | frozenset().union(*cr.all_ids) | cr.near_a | cr.near_b)
            )
            for cr in self.rules
        ]
        self._carries = frozenset(name for name, c in spec.contexts.items() if c.carries)
        self._ctx_plan = [
            (name, tids, c.scope, c.min_distinct, c.lead, c.lead_min_distinct)
            for (name, tids), c in zip(context_ids.items(), spec.contexts.values(), strict=True)
        ]
        # contexts whose terms do not mark a sentence when they follow a word of cause
        self._not_after = {
            name: (frozenset(c.not_after), c.not_after_gap + 1)
            for name, c in spec.contexts.items()
            if c.not_after
        }
        # contexts whose terms do not mark a sentence when a word of another sense follows them
        self._not_before = {
            name: (frozenset(c.not_before), c.not_before_gap + 1)
            for name, c in spec.contexts.items()
            if c.not_before
        }
        # contexts that can mark every sentence of a text (scope document or lead), with their
        # own small matcher, so that `covering_contexts` can tell it before the full match
        self._wide: list[WideContext] = [
            (name, frozenset(tids), c.scope, c.min_distinct, c.lead_min_distinct)
            for (name, tids), c in zip(context_ids.items(), spec.contexts.values(), strict=True)
            if c.scope in ("document", "lead")
        ]
        wide_tids = sorted(frozenset().union(*(w[1] for w in self._wide))) if self._wide else []
        self._wide_matcher = TermMatcher([self.terms[t] for t in wide_tids])
        self._wide_tid = wide_tids  # local term id -> global term id
        self.pretest = PreTest(
            self.terms,
            term_groups,
            self._rule_masks,
            [cr.contexts for cr in self.rules],
            self._wide,
            spec.lead_sentences,
        )

    @classmethod
    def from_yaml(cls, path: Path, categories: set[str] | None = None) -> RuleSet:
        return cls(RuleFile.from_yaml(path), categories)

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
            decisive = present_ids & self._decisive.get(name, frozenset())
            if len(present_ids) < min_distinct and not decisive:
                continue
            in_lead = [t for t in present_ids if first[t] < lead]
            if scope == "document" or len(in_lead) >= lead_min_distinct or not decisive.isdisjoint(in_lead):
                out.append(name)
        return frozenset(out)

    def match(self, doc: Doc, headline: bool = True, lifted: frozenset[str] = frozenset()) -> MatchResult:
        """`headline`: the first sentence is a headline (lead-sharing contexts then join it
        with the first body sentence). `lifted`: lead-scoped contexts that mark only the sentences
        past the lead here (a headline that tells a toll, engine.py)."""
        found = self.matcher.find(doc)
        present = frozenset(found)  # set operations below iterate the smaller side
        # sentences where each term occurs (each computed when first needed)
        sents = _SentsOf(found, doc.sent_of)
        ctx_sents: dict[str, set[int]] = {}
        n_sent = doc.n_sentences
        all_sents = set(range(n_sent))
        for name, tids, scope, min_distinct, lead_ctx, lead_min_distinct in self._ctx_plan:
            present_ids = tids & present
            paired: set[int] = set()
            if name in self._ctx_pairs and not self._ctx_pair_tids[name].isdisjoint(present):
                told = [p for t in self._told_before.get(name, frozenset()) & present for p in found[t]]
                for a, b, within, ordered in self._ctx_pairs[name]:
                    got = _pair_sentences(doc, found, a, b, within, ordered)
                    if got and told:  # a pair told after the harm, as a term is (`told_before`)
                        at = [p for tid in a if tid in found for p in found[tid]]
                        # each sentence's first place of an `a` term
                        first_at = {doc.sent_of[p]: p for p in sorted(at, reverse=True)}
                        got = {
                            s
                            for s in got
                            if not any(doc.sent_of[q] == s and q < first_at.get(s, -1) for q in told)
                        }
                    paired |= got
            if not present_ids and not paired:
                continue
            if scope in ("document", "lead"):
                decisive = present_ids & self._decisive.get(name, frozenset())
                if len(present_ids) < min_distinct and not decisive:
                    continue
            if scope == "document":
                ctx_sents[name] = all_sents
                continue
            if scope == "lead":
                lead = self.spec.lead_sentences
                in_lead = [tid for tid in present_ids if min(sents[tid]) < lead]
                # the lead of a report on a real event may share a text with other topics;
                # it is taken as figurative only when it uses that vocabulary itself
                marks = len(in_lead) >= lead_min_distinct or not decisive.isdisjoint(in_lead)
                marks = marks and name not in lifted
                ctx_sents[name] = all_sents if marks else set(range(lead, n_sent))
                continue
            s: set[int] = paired
            after = self._not_after.get(name)
            ahead = self._not_before.get(name)
            told_at = [p for t in self._told_before.get(name, frozenset()) & present for p in found[t]]
            for tid in present_ids:
                if after is None and ahead is None and not told_at:
                    s |= sents[tid]
                    continue
                toks, sent_of = doc.tokens, doc.sent_of
                end = len(self.terms[tid])
                for p in found[tid]:
                    if after is not None and not after[0].isdisjoint(toks[max(0, p - after[1]) : p]):
                        continue
                    if ahead is not None and not ahead[0].isdisjoint(toks[p + end : p + end + ahead[1]]):
                        continue
                    if any(q < p and sent_of[q] == sent_of[p] for q in told_at):
                        continue
                    s.add(sent_of[p])
            for tid in self._unless.get(name, frozenset()) & present:
                s -= sents[tid]
            if s:
                if lead_ctx and headline and (0 in s or 1 in s):
                    s |= {0, 1}
                ctx_sents[name] = s
        hits: list[RuleHit] = []
        vetoed: list[str] = []
        excepted: list[str] = []
        excepted_cats: set[str] = set()
        told_again: dict[str, set[int]] = {}  # sentences a carrying context marks besides its own
        # the headline or the lede tells a new event of a kind told before ("New Tremor Kills Five",
        # "flooded the valley again"): no sentence is the old event told again
        renewed = bool(self._carries) and not _RENEWED.isdisjoint(
            doc.tokens[: next((i for i, s in enumerate(doc.sent_of) if s > 1), len(doc.sent_of))]
        )
        # the positive groups that have a term here: a rule needs all of its own
        groups = reduce(or_, map(self._tid_gmask.__getitem__, found), 0)
        for k, cr in enumerate(self.rules):
            need = self._rule_masks[k]
            if need & groups != need:  # some positive group is absent
                continue
            r = cr.rule
            if cr.not_doc_ids and not cr.not_doc_ids.isdisjoint(present):
                tid = min(cr.not_doc_ids & present)
                excepted.append(f"{r.id} (the text: the words '{' '.join(self.terms[tid])}')")
                excepted_cats.add(r.category)
                continue
            if cr.need_doc_ids and cr.need_doc_ids.isdisjoint(present):
                excepted.append(f"{r.id} (the text: none of the words it needs besides)")
                continue
            cand: set[int] | None = None
            if cr.any_ids:
                cand = set()
                for tid in cr.any_ids & present:
                    cand |= (
                        _named_after(doc, found[tid], len(self.terms[tid])) if r.named_after else sents[tid]
                    )
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
                before = set(cand)
                for tid in cr.not_ids & present:
                    cand -= sents[tid]
                if not cand:
                    sent = min(before)
                    tid = min(t for t in cr.not_ids & present if sent in sents[t])
                    excepted.append(f"{r.id} (sentence {sent + 1}: the words '{' '.join(self.terms[tid])}')")
                    excepted_cats.add(r.category)
                    continue
            kept: set[int] = set()
            carried: list[str] = []  # contexts that kept the rule off where it first occurs
            for sent in sorted(cand):
                blocking = [c for c in cr.contexts if sent in ctx_sents.get(c, ())]
                if blocking:
                    vetoed.append(f"{r.id} (sentence {sent + 1}: {', '.join(blocking)})")
                    if not kept:
                        carried += [c for c in blocking if c in self._carries and c not in carried]
                elif carried and not kept and self._told_again(doc, found, k, sent, renewed):
                    again = f"{', '.join(carried)}, the same event told again"
                    vetoed.append(f"{r.id} (sentence {sent + 1}: {again})")
                    for c in carried:
                        told_again.setdefault(c, set()).add(sent)
                else:
                    kept.add(sent)
            if not kept:
                continue
            first = min(kept)
            evidence = self._evidence(doc, found, k, first)
            later = tuple(sorted(kept - {first})) if len(kept) > 1 else ()
            hits.append(
                RuleHit(r.id, r.category, r.weight, first, evidence, r.generic, tuple(r.yields_to), later)
            )
        for c, extra in told_again.items():  # counts skip them too (after the rules: order-free)
            ctx_sents[c] = ctx_sents.get(c, set()) | extra
        if excepted_cats and hint_sentences(doc.tokens, doc.sent_of):
            excepted_cats = set()  # a word of harm or a toll: the model may read what the rule did not
        return MatchResult(hits, vetoed, ctx_sents, excepted, headline, excepted_cats, doc)

    def _told_again(self, doc: Doc, found: dict[int, list[int]], k: int, sent: int, renewed: bool) -> bool:
        """Rule k's words in sentence `sent` name its event by a definite description ("The quake",
        "the floods", "that blast"), or the sentence's subject refers back and it dates its event
        earlier ("The three ... were kidnapped ... last year"): the event of an earlier sentence, told
        again. Not when the sentence dates its own event ("on Sunday", "today"), nor when the lead
        tells a new event of the kind (`renewed`)."""
        if renewed:
            return False
        toks, sent_of = doc.tokens, doc.sent_of
        first = sent_of.index(sent)
        end = first
        while end < len(sent_of) and sent_of[end] == sent:
            end += 1
        words = toks[first:end]
        if not _FRESH_DAY.isdisjoint(words):
            return False
        if toks[first] in _BACK_SUBJECT or (toks[first] == "the" and toks[first + 1 : first + 2] in _NUMBERS):
            return not _EARLIER.isdisjoint(words) or any(len(w) == 4 and w.isdigit() for w in words)
        for tid, _ in self._evidence_tids[k]:
            for p in found.get(tid, ()):
                if sent_of[p] == sent and p > first and toks[p - 1] in _DEFINITE:
                    return True
        return False

    def _near_sentences(
        self, doc: Doc, found: dict[int, list[int]], cr: CompiledRule, within: int
    ) -> set[int]:
        near, toks = cr.rule.near, doc.tokens
        # the subject of a passive is no agent: "villagers were burnt alive when herders set fire"
        a_keep = (lambda p, end: not _passive_after(toks, end)) if near and near.b_active else None
        b_keep = None
        if near and near.b_without_object:
            b_keep = lambda p, end: not _object_at(toks, end)  # noqa: E731
        elif near and near.b_active:
            b_keep = lambda p, end: _active_at(toks, p, end)  # noqa: E731
        elif near and near.b_not_speaker:
            b_keep = lambda p, end: not _speaker_at(toks, end) and not _agent_at(toks, p)  # noqa: E731
        pa = self._positions(found, cr.near_a, a_keep)
        pb = self._positions(found, cr.near_b, b_keep)
        return _near(doc, pa, pb, within, near is not None and near.ordered)

    def _positions(
        self, found: dict[int, list[int]], tids: frozenset[int], keep: Callable[[int, int], bool] | None
    ) -> list[int]:
        """Where the terms `tids` start, sorted; only those where `keep(start, end)` holds, if given."""
        if keep is None:
            return sorted(p for tid in tids if tid in found for p in found[tid])
        terms = self.terms
        return sorted(p for tid in tids if tid in found for p in found[tid] if keep(p, p + len(terms[tid])))

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
