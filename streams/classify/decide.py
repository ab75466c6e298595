"""How rule hits and the model's probabilities become one category, and the reasons that say so.

Scores add up as printed: each rule's line shows what it adds to its category (its weight;
times `late_weight` past the lead; times `extra_weight` when another rule of the category
is stronger), the model's line what it adds (``model_weight`` times its probability), and
the category's line the sum.

The combination (`Blend`, tuned by cross-validation over the training data only, see
docs/classification.md):

- a category the rules reach (score >= threshold) stands, but the model's evidence is added to
  every category, so that it can settle a close call (shelling or air strike, clash or attack);
- the model raises a category no rule reached only when its probability is at least
  `raise_min` and no context (negation, denial, seized, claim, ...) vetoed a rule in the text
  (that did not fire elsewhere in it): the rules' vetoes win;
- the model calls a text no event when it gives "none" at least `veto_min` and the rules'
  score stays under `strong_rules` (a precise rule is trusted over the model); and, a second
  tier, when it gives "none" at least `weak_veto` and the rules' score stays under `weak_rules`
  (one weak rule hit, "a rocket from 30 yards", "massacre on court", against a model sure the
  text is sport or markets);
- a rule of weight 0 (a pack's `*.casualty_words`: killed, dead, shot, kidnapped, ...) adds
  nothing: it only lets a text that no precise rule covers reach the model, which may then
  raise a category as above (its contexts still veto).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from streams.classify.evidence import harm_read
from streams.classify.ruleset import MatchResult


@dataclass(frozen=True)
class Blend:
    model_weight: float = 1.0
    raise_min: float = 0.6
    veto_min: float = 0.8
    strong_rules: float = 2.5
    weak_veto: float = 1.01  # the second tier: a weak rules' score (< weak_rules) yields to
    weak_rules: float = 0.0  # a model that gives "none" at least weak_veto (off by default)
    # categories the second tier leaves to the rules: English disasters, which the model knows
    # thinly (a hurricane "tearing roofs off homes" gets p none 0.93-0.96) and whose background uses
    # the hazard rules and the `markets` context tell from the text (config/hazards.yaml, rules.yaml)
    weak_spare: tuple[str, ...] = ()
    # a spared category still yields, in a news item (a headline and a body), to a model surer than
    # this (off above 1): a hazard named in passing in business or science news. Posts and bulletins
    # keep their category (a small quake's bulletin joins the quake's story, with no severity)
    spare_veto: float = 1.01
    floor: float = 0.05  # a model probability under this adds nothing (keeps reasons short)
    # the quiet path: a text in which no rule's words occur (the pre-test's fast path) still gets a
    # category when the model alone gives it at least this (off above 1), no context marks a sentence
    # of its lead, and the text is no longer than `quiet_chars` (a snippet, a headline, a post: an
    # event told in words no rule has, "an assault halted", "lathi-charged"). Long news keeps the
    # fast path, so the ordinary news mix stays as fast as before
    quiet_raise: float = 1.01
    quiet_chars: int = 0
    # categories the quiet path raises only when the lead reads a toll with a figure ("three people
    # drowned"): English disasters, which the model learnt largely from the hashtags of CrisisLex posts
    # (it gives "#HighParkFire map" p disaster > 0.85)
    quiet_skip: tuple[str, ...] = ()
    # a weak rules' reading (under `weak_rules`) names the event, not always its kind: the model's
    # category wins over it when the model gives that category at least this (off above 1)
    switch_min: float = 1.01
    # categories the model never switches away from: the weapon's (explosives, aircraft, artillery make
    # their category whoever the victims; the model reads the victims, "a bomb on a military convoy")
    switch_keep: tuple[str, ...] = ()
    # a rule's own exception words (`not`, `not_doc`) that kept it off in a text with no word of harm also
    # keep the model from raising its category alone ("fire code violations found at a garment factory")
    exceptions_hold: bool = False
    # categories the model alone raises only in a text that tells harm the rules can read (a word of
    # death, injury, toll or damage: evidence.py): not "Investors flooded into property stocks"
    raise_evidence: tuple[str, ...] = ()


# per language, as tools/tune_blend.py chose them on the training split (docs/classification.md);
# the second tier (weak_rules, weak_veto) is on for Spanish and French, where it was the grid's best,
# and for English since the short wire items of 2026-12-07, disasters spared (docs/accuracy.md)
BLENDS: dict[str, Blend] = {
    "en": Blend(
        model_weight=1.5,
        raise_min=0.7,
        veto_min=0.9,
        strong_rules=1.5,
        weak_veto=0.9,
        weak_rules=2.0,
        weak_spare=("disaster",),
        spare_veto=0.97,
        # blind event snippets of 2026-12-07 (batch 3): events told in words no rule has, and a
        # weak rule naming the wrong kind (docs/accuracy.md, "Event snippets")
        quiet_raise=0.85,
        quiet_chars=600,
        quiet_skip=("disaster",),
        switch_min=0.8,
        switch_keep=("bombing", "air_strike", "shelling", "chemical_attack"),
        exceptions_hold=True,
        raise_evidence=("disaster",),
    ),
    "es": Blend(
        model_weight=0.5, raise_min=0.5, veto_min=0.95, strong_rules=2.5, weak_veto=0.9, weak_rules=2.0
    ),
    "fr": Blend(
        model_weight=0.5, raise_min=0.5, veto_min=0.95, strong_rules=2.5, weak_veto=0.9, weak_rules=2.0
    ),
}


YIELD_MIN = 2.0  # the weight of a rule that tells a weapon plainly (see rule_contributions)


@dataclass
class Decision:
    category: str | None
    score: float
    rule_scores: dict[str, float]
    reasons: list[str]
    hit_sentences: dict[str, set[int]]
    by_model: bool = False  # the category is the model's alone (no rule reached it)
    weak_veto: bool = False  # the model's second tier vetoed a weak rules' score
    model_veto: bool = False  # the model's first tier vetoed the rules (p none >= veto_min)
    switched_from: str | None = None  # the rules' category, when the model's category won over it


def _r(x: float) -> float:
    return round(x, 3)


def rule_contributions(
    m: MatchResult, lead: int, late: float, extra: float, threshold: float | None = None
) -> tuple[dict[str, float], list[str], dict[str, set[int]]]:
    """Each category's rule score and one reason per hit with what it adds. With `threshold`, a
    generic rule (people hurt, not how) adds nothing when a specific rule of another category
    reaches the threshold: the toll is that event's; nor does a rule that `yields_to` a category
    one of whose rules reaches it (armed victims of an air strike)."""
    specific: set[str] = set()
    if threshold is not None:
        specific = {
            h.category
            for h in m.hits
            if not h.generic and (h.weight if h.sentence < lead else h.weight * late) >= threshold
        }
    # a weapon told plainly (a rule of weight YIELD_MIN or more: "aircraft struck", "air strike",
    # "dropped explosives from a drone"), not only named beside a battle ("attacked positions with
    # drones"), takes the rules that yield to its category
    plain = max(YIELD_MIN, threshold or 0.0)
    weapons = {
        h.category
        for h in m.hits
        if not h.generic and (h.weight if h.sentence < lead else h.weight * late) >= plain
    }
    per_cat: dict[str, list[tuple[float, int]]] = defaultdict(list)
    yielded: dict[int, str] = {}
    for k, h in enumerate(m.hits):
        if h.generic and specific - {h.category}:
            yielded[k] = ", ".join(sorted(specific - {h.category}))
        elif threshold is not None and weapons.intersection(h.yields_to):
            yielded[k] = ", ".join(sorted(weapons.intersection(h.yields_to)))
        elif h.weight > 0:  # a rule of weight 0 only opens the text to the model (see `decide`)
            per_cat[h.category].append((h.weight if h.sentence < lead else h.weight * late, k))
    adds: dict[int, tuple[float, str]] = {}
    scores: dict[str, float] = {}
    for cat, ws in per_cat.items():
        top = max(ws)
        total = 0.0
        for w, k in ws:
            if (w, k) == top:
                a, how = _r(w), ""
            else:
                a, how = _r(extra * w), f" = {extra:g} x {w:g}, not the strongest"
            adds[k] = (a, how)
            total += a
        scores[cat] = _r(total)
    reasons = []
    sents: dict[str, set[int]] = defaultdict(set)
    for k, h in enumerate(m.hits):
        if k in yielded:
            kind = "a generic rule" if h.generic else "it yields to a weapon"
            why = f"no score: {kind}, and a rule of {yielded[k]} tells what happened"
            reasons.append(f"rule {h.rule_id} ({why}): '{h.evidence}'")
            continue
        if k not in adds:
            why = "no score: its words let the model read the text"
            reasons.append(f"rule {h.rule_id} ({why}): '{h.evidence}'")
            continue
        a, how = adds[k]
        sents[h.category].add(h.sentence)
        where = "" if h.sentence < lead else f", sentence {h.sentence + 1}, past the lead (x {late:g})"
        reasons.append(f"rule {h.rule_id} (+{a:g} {h.category}{how}{where}): '{h.evidence}'")
    return scores, reasons, sents


def nearest_veto(m: MatchResult, weights: dict[str, float]) -> str | None:
    """The strongest rule that a context vetoed, as "rule (weight) vetoed by ...", else the strongest
    rule whose words all occur but that one of its own exception terms kept off."""
    best: tuple[float, str] | None = None
    for v in m.vetoed or m.excepted:
        rid = v.split(" ", 1)[0]
        w = weights.get(rid, 0.0)
        if best is None or w > best[0]:
            best = (w, v)
    if best is None:
        return None
    rid, _, rest = best[1].partition(" ")
    return f"{rid} (weight {best[0]:g}) vetoed by {rest.strip('()')}"


def decide(
    m: MatchResult,
    proba: dict[str, float] | None,
    blend: Blend,
    threshold: float,
    lead: int,
    late: float,
    extra: float,
    order: dict[str, int],
    rule_weights: dict[str, float],
) -> Decision:
    scores, reasons, sents = rule_contributions(m, lead, late, extra, threshold)
    for v in m.vetoed:
        reasons.append(f"vetoed {v}")
    # a rule a context kept off in one sentence but that fired in another still lets the model
    # raise a category there (a yearly toll in a background sentence, the event in the headline)
    fired = {h.rule_id for h in m.hits}
    vetoed = any(v.split(" ", 1)[0] not in fired for v in m.vetoed)
    total = dict(scores)
    model_add: dict[str, float] = {}
    p_none = 0.0
    if proba is not None:
        p_none = proba.get("none", 0.0)
        for cat, p in proba.items():
            if cat == "none" or p < blend.floor or cat not in order:
                continue
            model_add[cat] = _r(blend.model_weight * p)
            total[cat] = _r(total.get(cat, 0.0) + model_add[cat])
    rule_best = max(scores.values(), default=0.0)
    if not total:
        return Decision(None, 0.0, scores, reasons + [_non_event(m, rule_weights, None)], sents)
    if rule_best >= threshold:
        # the rules found an event: the model only weighs between the categories they found
        pool = {c: v for c, v in total.items() if c in scores}
    else:
        # no rule reached the threshold: the model's own best category, if any
        pool = {c: v for c, v in total.items() if c in model_add} or total
    best_cat, best = max(pool.items(), key=lambda kv: (kv[1], -order.get(kv[0], 99)))
    if proba is not None:
        for cat, a in sorted(model_add.items(), key=lambda kv: -kv[1]):
            if cat == best_cat or cat in scores:
                reasons.append(f"model (+{a:g} {cat} = {blend.model_weight:g} x p {proba[cat]:.2f})")
    parts = _parts(scores.get(best_cat, 0.0), model_add.get(best_cat, 0.0))
    if proba is not None and p_none >= blend.veto_min and rule_best < blend.strong_rules:
        why = f"model: no event (p none {p_none:.2f} >= {blend.veto_min:g}; rules' best {rule_best:g} < "
        why += f"{blend.strong_rules:g})"
        return Decision(None, best, scores, reasons + [f"no event: {why}"], sents, model_veto=True)
    rule_cat = max(scores, key=lambda c: scores[c]) if scores else None
    if (
        proba is not None
        and p_none >= blend.weak_veto
        and threshold <= rule_best < blend.weak_rules
        and (rule_cat not in blend.weak_spare or (m.headline and p_none >= blend.spare_veto))
    ):
        why = f"model: no event (p none {p_none:.2f} >= {blend.weak_veto:g}; "
        why += f"a weak rules' score {rule_best:g} < {blend.weak_rules:g})"
        return Decision(None, best, scores, reasons + [f"no event: {why}"], sents, weak_veto=True)
    if rule_best < threshold:
        p = proba.get(best_cat, 0.0) if proba is not None else 0.0
        if (
            p >= blend.raise_min
            and not vetoed
            and blend.exceptions_hold
            and best_cat in m.excepted_categories
        ):
            # a rule of the model's category had all its words but its own exceptions kept it off
            # ("fire code violations found at a garment factory": an inspection): the rule's reading wins
            why = f"no event: the model's {best_cat} (p {p:.2f}) is a rule's that its own exceptions kept off"
            return Decision(None, best, scores, reasons + [why, _non_event(m, rule_weights, None)], sents)
        if p >= blend.raise_min and not vetoed and best_cat in blend.raise_evidence and not harm_read(m.doc):
            why = f"no event: the model's {best_cat} (p {p:.2f}) with no word of harm or damage in the text"
            return Decision(None, best, scores, reasons + [why, _non_event(m, rule_weights, None)], sents)
        if p >= blend.raise_min and not vetoed:
            reasons.append(
                f"category {best_cat} raised by the model: p {p:.2f} >= {blend.raise_min:g} and no context "
                f"vetoes a rule here; score {best:g} = {parts}"
            )
            return Decision(best_cat, best, scores, reasons, sents, by_model=True)
        return Decision(
            None, best, scores, reasons + [_non_event(m, rule_weights, (best_cat, best, threshold, p))], sents
        )
    alive = _told_alive(m, best_cat, scores.get("assassination_attempt", 0.0), threshold)
    if alive is not None:
        reasons.append(
            f"category assassination_attempt: the target is told alive ('{alive}'), over {best_cat} {best:g}"
        )
        return Decision("assassination_attempt", total["assassination_attempt"], scores, reasons, sents)
    if proba is not None and rule_best < blend.weak_rules and model_add:
        top = max(model_add, key=lambda c: (proba[c], -order.get(c, 99)))
        if top != best_cat and proba[top] >= blend.switch_min and best_cat not in blend.switch_keep:
            reasons.append(
                f"category {top} by the model: p {proba[top]:.2f} >= {blend.switch_min:g} over a weak rules' "
                f"reading ({best_cat}, rules {scores.get(best_cat, 0.0):g} < {blend.weak_rules:g})"
            )
            return Decision(top, total[top], scores, reasons, sents, switched_from=best_cat)
    killed = scores.get("assassination", 0.0)
    if best_cat == "assassination_attempt" and killed >= threshold and _died_later(m):
        # the shots told as an attempt, then the target told killed in a later sentence that tells no
        # attempt ("dispararon contra el concejal ... El edil murio"): an attempt whose target died
        # is an assassination
        reasons.append(
            f"category assassination: the attempt's target is told killed (rules {scores['assassination']:g} "
            f">= {threshold:g}, over assassination_attempt {best:g})"
        )
        return Decision("assassination", total["assassination"], scores, reasons, sents)
    reasons.append(f"category {best_cat}: score {best:g} = {parts} >= {threshold:g}")
    return Decision(best_cat, best, scores, reasons, sents)


# a person of note told alive: the words of an attempt's rules that say so
ALIVE = re.compile(
    r"\b(?:survived|survives|escaped|escapes|unhurt|unharmed|narrow escape|not hurt|not harmed|"
    # in hospital with wounds (attempt.notable_hospitalised): "the governor was taken to hospital"
    r"rushed to hospital|taken to hospital|admitted to hospital|hospitali[sz]ed|"
    r"with (?:gunshot |bullet )?wounds)\b"
)
# the readings an attempt on a person of note told alive takes over: the person killed (the dead were
# others, "two bodyguards of the governor were killed"), or the attack told by its victims or its actors
TOLD_ALIVE_OVER = ("assassination", "armed_clash", "attack")


def _told_alive(m: MatchResult, best_cat: str, attempt: float, threshold: float) -> str | None:
    """The evidence of an attempt's rule that tells its target alive ("the governor survived"), in the
    sentence of the reading it takes over or a later one, when that reading is an assassination, a
    battle or an attack, a rule of attempt fires in its first sentence and the attempt's rules reach
    the threshold; else None."""
    if best_cat not in TOLD_ALIVE_OVER or attempt < threshold:
        return None
    first = min((h.sentence for h in m.hits if h.category == best_cat), default=None)
    if first is None:
        return None
    # the attack aimed at the person: a rule of attempt in that sentence (attempt.entourage_hit: "two
    # bodyguards of the governor were killed"), not a survivor of another event named beside it
    if not any(h.category == "assassination_attempt" and h.sentence == first for h in m.hits):
        return None
    for h in m.hits:
        if h.category == "assassination_attempt" and h.sentence >= first and ALIVE.search(h.evidence):
            return h.evidence
    return None


def _died_later(m: MatchResult) -> bool:
    """Does a rule of assassination fire in a sentence after the first that tells an attempt, and
    in which no rule of attempt fires?"""
    tried: set[int] = set()
    killed: set[int] = set()
    for h in m.hits:
        if h.category in ("assassination_attempt", "assassination"):
            (tried if h.category == "assassination_attempt" else killed).update((h.sentence, *h.later))
    return bool(tried) and any(s > min(tried) and s not in tried for s in killed)


def _parts(rules: float, model: float) -> str:
    if not model:
        return f"rules {rules:g}"
    if not rules:
        return f"model {model:g}"
    return f"rules {rules:g} + model {model:g}"


def _non_event(
    m: MatchResult, rule_weights: dict[str, float], best: tuple[str, float, float, float] | None
) -> str:
    near = nearest_veto(m, rule_weights)
    if best is None:
        return f"no event: nearest rule {near}" if near else "no event: no rule fired"
    cat, score, threshold, p = best
    out = f"no event: no rule reached {threshold:g} (best {cat}, score {score:g}; the model's p {p:.2f})"
    return out + (f"; nearest rule {near}" if near else "")
