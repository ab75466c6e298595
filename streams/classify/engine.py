"""The classifier: what happened, how urgent, how many casualties, where, and why.

`Classifier.classify(article)` is a pure function of the article text and the
rule files; it returns a `Classification` whose `reasons` list every rule that
fired, every rule that a context (history, negation, ...) vetoed, and where the
counts came from.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

from streams.classify.counts import count_casualties, hint_sentences
from streams.classify.gazetteer import gazetteer
from streams.classify.ruleset import RuleSet
from streams.classify.text import tokenize
from streams.models import Article, Classification, Location, Severity
from streams.settings import CONFIG_DIR, ConfigError, Severities
from streams.taxonomy import Taxonomy

# Offices whose holder makes an event of a head_of_state_flash category (config/categories.yaml)
# a flash event.
SENIOR = re.compile(
    r"\b(?:(?:vice[- ])?president|prime minister|premier|head of state|head of government|chancellor|"
    r"king|queen|crown prince|emir|sultan|supreme leader|(?:foreign|defen[cs]e|interior|finance|justice|"
    r"deputy prime|security|home|oil|energy)? ?minister|governor|army chief|chief of staff|"
    r"chief of (?:the )?(?:army|defen[cs]e|general staff)|speaker of parliament|speaker|senior official|"
    r"presidential candidate|opposition leader|pm)\b",
    re.I,
)
OTHER_TARGET = re.compile(
    r"\b(?:mayor|judge|prosecutor|lawmaker|mp|senator|deputy|councill?or|general|commander|colonel|"
    r"police chief|journalist|activist|imam|cleric|priest|pastor|bishop|chief|tribal leader|"
    r"businessman|candidate|party leader|official|envoy|ambassador|diplomat)\b",
    re.I,
)


class Classifier:
    def __init__(
        self,
        rules_path: Path | None = None,
        categories_path: Path | None = None,
        thresholds: Severities | None = None,
        locate: bool = True,
    ):
        self.taxonomy = Taxonomy.load(categories_path or CONFIG_DIR / "categories.yaml")
        try:
            self.rules = RuleSet.from_yaml(rules_path or CONFIG_DIR / "rules.yaml", set(self.taxonomy))
        except FileNotFoundError as e:
            raise ConfigError(f"{rules_path}: file not found") from e
        except Exception as e:
            raise ConfigError(f"{rules_path or 'config/rules.yaml'}: {e}") from e
        self.thresholds = thresholds or Severities()
        self.locate = locate
        # contexts whose sentences tell no toll of this event (see ContextDef.keeps_counts)
        self.count_blockers = {c for c, d in self.rules.spec.contexts.items() if not d.keeps_counts}

    def family(self, category: str | None) -> str:
        """The category's family (the key of the classified topic); "none" for no category."""
        family = self.taxonomy.family(category)
        return "none" if family is None else family

    def classify(self, article: Article) -> Classification:
        return self.classify_text(article.title, article.body)

    def classify_text(self, title: str, body: str) -> Classification:
        text = f"{title}.\n{body}" if title and body else title or body
        pre = self.rules.pretest
        if not pre.may_match(text):
            # no rule can fire, so no event to report or count (the common case, kept cheap)
            return Classification()
        # every rule that could fire honours a context that marks every sentence here (sport,
        # markets or culture vocabulary throughout): no event, as the full match says. Told
        # first from the pre-test's words where they suffice, else from the tokens
        covering = pre.surely_covering(text)
        if covering and not pre.may_match(text, pre.live_masks(covering)):
            return _no_rule_applies(covering)
        doc = tokenize(text)
        covering = self.rules.covering_contexts(doc)
        if covering and not pre.may_match(text, pre.live_masks(covering)):
            return _no_rule_applies(covering)
        m = self.rules.match(doc, headline=bool(title and body))
        reasons: list[str] = []
        scores: dict[str, float] = defaultdict(float)
        sents_of: dict[str, set[int]] = defaultdict(set)
        lead, late = self.rules.spec.lead_sentences, self.rules.spec.late_weight
        weights: dict[str, list[float]] = defaultdict(list)
        for h in m.hits:
            w = h.weight if h.sentence < lead else h.weight * late
            weights[h.category].append(w)
            sents_of[h.category].add(h.sentence)
            where = "" if h.sentence < lead else f", sentence {h.sentence + 1}, past the lead"
            reasons.append(f"rule {h.rule_id} (+{w:g} {h.category}{where}): '{h.evidence}'")
        # a category's score is its strongest rule plus a quarter of the others: many loose
        # rules of one category must not outvote one precise rule of another
        extra = self.rules.spec.extra_weight
        for cat, ws in weights.items():
            top = max(ws)
            scores[cat] = top + extra * (sum(ws) - top)
        for v in m.vetoed:
            reasons.append(f"vetoed {v}")
        category = None
        if scores:
            best = max(scores.items(), key=lambda kv: (kv[1], -self.taxonomy.order.get(kv[0], 99)))
            if best[1] >= self.rules.threshold:
                category = best[0]
                reasons.append(f"category {category}: score {best[1]:g} >= {self.rules.threshold:g}")
            else:
                reasons.append(f"no category: best score {best[1]:g} ({best[0]}) < {self.rules.threshold:g}")
        # counts of the event, from sentences that no context (history, hypothetical, ...)
        # discounts; with no event there is nothing to count (as on the fast path above)
        fatalities = injured = None
        if category is not None:
            blocked: set[int] = set()
            for c in self.count_blockers:
                blocked |= m.context_sentences.get(c, set())
            hinted = hint_sentences(doc.tokens, doc.sent_of)
            usable = [doc.sentences[i] for i in sorted(hinted - blocked)]
            fatalities, injured, count_reasons = count_casualties(usable)
            reasons.extend(count_reasons)
            cdef = self.taxonomy.get(category)
            if cdef is not None and cdef.kills_target and not fatalities:
                fatalities = 1
                reasons.append(f"fatalities>=1: {_article(category)} {category} kills its target")
        target = None
        senior = False
        if category is not None:
            target, senior = self._target(doc.sentences, sents_of[category])
        severity = self._severity(category, fatalities, senior, reasons)
        loc = Location()
        if self.locate and category is not None:
            country, place, ev = gazetteer().locate(doc.original)
            loc = Location(country=country, place=place)
            if country:
                reasons.append(f"location {country}{' / ' + place if place else ''} from {', '.join(ev)}")
        return Classification(
            category=category,
            severity=severity,
            fatalities=fatalities,
            injured=injured,
            location=loc,
            target=target,
            reasons=reasons,
        )

    def _target(self, sentences: list[str], hit_sents: set[int]) -> tuple[str | None, bool]:
        order = sorted(hit_sents) + [0]
        for i in order:
            if i >= len(sentences):
                continue
            m = SENIOR.search(sentences[i])
            if m:
                return m.group(0).lower(), True
        for i in order:
            if i >= len(sentences):
                continue
            m = OTHER_TARGET.search(sentences[i])
            if m:
                return m.group(0).lower(), False
        return None, False

    def _severity(
        self, category: str | None, fatalities: int | None, senior: bool, reasons: list[str]
    ) -> Severity:
        if category is None:
            return Severity.none
        t = self.thresholds
        cdef = self.taxonomy.get(category)
        if cdef and cdef.head_of_state_flash and senior:
            reasons.append(f"severity flash: {category} aimed at a senior official")
            return Severity.flash
        f = fatalities or 0
        if f >= t.flash_min_fatalities:
            reasons.append(f"severity flash: {f} killed >= {t.flash_min_fatalities}")
            return Severity.flash
        if f >= t.urgent_min_fatalities:
            reasons.append(f"severity urgent: {f} killed")
            return Severity.urgent
        reasons.append("severity alert: no reported death")
        return Severity.alert


def _article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


def _no_rule_applies(covering: frozenset[str]) -> Classification:
    return Classification(
        reasons=[f"no rule applies: {', '.join(sorted(covering))} context throughout the text"]
    )


@lru_cache(maxsize=4)
def default_classifier(config_dir: Path = CONFIG_DIR) -> Classifier:
    return Classifier(config_dir / "rules.yaml", config_dir / "categories.yaml")
