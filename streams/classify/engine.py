"""The classifier: what happened, how urgent, how many casualties, where, and why.

`Classifier.classify(article)` is a pure function of the article text and the
rule files; it returns a `Classification` whose `reasons` list every rule that
fired, every rule that a context (history, negation, ...) vetoed, and where the
counts came from.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from streams.classify.counts import count_casualties_detail, hint_sentences, side_of
from streams.classify.counts_intl_more import count_casualties_intl_more
from streams.classify.decide import BLENDS, Blend, Decision, decide
from streams.classify.gazetteer import gazetteer, place_tokens, tag_country
from streams.classify.hazard import HazardRules, hazard_rules
from streams.classify.language import SUPPORTED, detect, for_pack, normalise
from streams.classify.model import MODEL_PATH, LinearModel, lead
from streams.classify.reading import (
    DATED_HINT_TOKENS,
    PROTEST_TOKENS,
    YEAR_TOKENS,
    Reading,
    about_reasons,
    count_clauses,
    rules_reading,
)
from streams.classify.ruleset import MatchResult, RuleSet
from streams.classify.target import SENIOR_INTL, target_en, target_intl
from streams.classify.text import Doc, single_spaced, tidy, tokenize
from streams.models import Article, Classification, Location, Severity
from streams.settings import CONFIG_DIR, ConfigError, Severities
from streams.taxonomy import Taxonomy

UNSUPPORTED = "unsupported_language"
# contexts that keep the quiet path (`Classifier._quiet`) open: a text that says no one was hurt still
# tells an event ("soldiers and militants clashed ...; no casualties were reported")
QUIET_SPARED = frozenset({"unharmed"})
NO_RULE_WORDS = "no event: no rule's words occur in the text"


def joined(title: str, body: str) -> str:
    """The text the rules read: the title and the body as two sentences, or the one given."""
    return f"{title}.\n{body}" if title and body else title or body


class Matched(NamedTuple):
    """What `Classifier.match_text` gives: an early answer (or None), the language, how it was
    told, its pack, the tokens, the rules' match, what the rules read of the text (``Reading``),
    whether the early answer is that no rule's words occur (the quiet path's case), and the title
    and body as the rules read them (``text.tidy``; None: as given)."""

    early: Classification | None
    lang: str
    how: str
    pack: Pack | None
    doc: Doc | None
    m: MatchResult | None
    reading: Reading
    no_rule_words: bool = False
    tidied: tuple[str, str] | None = None


class Pack:
    """One language's rules: a RuleSet, and which of its contexts keep no casualty count."""

    def __init__(self, language: str, rules: RuleSet):
        self.language = language
        self.rules = rules
        self.count_blockers = {c for c, d in rules.spec.contexts.items() if not d.keeps_counts}
        self.weights = {cr.rule.id: cr.rule.weight for cr in rules.rules}


def _load_rules(path: Path, categories: set[str]) -> RuleSet:
    try:
        return RuleSet.from_yaml(path, categories)
    except FileNotFoundError as e:
        raise ConfigError(f"{path}: file not found") from e
    except Exception as e:
        raise ConfigError(f"{path}: {e}") from e


_CONVENTIONAL = re.compile(r"\b(?:dozens?|tens|hundreds|thousands|scores|several|many|number of)\b")


class Classifier:
    """`rules_path` is the English pack (config/rules.yaml); the Spanish and French packs are
    rules.es.yaml and rules.fr.yaml beside it, else the shipped ones (or `packs`): a config folder
    made before a pack existed still reads Spanish and French. `model`: the statistical layer
    (streams/classify/model.py; None: rules only), combined with the rules as `blend` says."""

    def __init__(
        self,
        rules_path: Path | None = None,
        categories_path: Path | None = None,
        thresholds: Severities | None = None,
        locate: bool = True,
        packs: dict[str, Path] | None = None,
        model: LinearModel | None | bool = True,
        blend: Blend | dict[str, Blend] | None = None,
        hazards: HazardRules | None = None,
    ):
        self.taxonomy = Taxonomy.load(categories_path or CONFIG_DIR / "categories.yaml")
        rules_path = rules_path or CONFIG_DIR / "rules.yaml"
        cats = set(self.taxonomy)
        self.rules = _load_rules(rules_path, cats)
        if packs is None:  # rules.<lang>.yaml beside the rules, else the shipped one
            packs = {}
            for lang in SUPPORTED:
                if lang == "en":
                    continue
                own = rules_path.parent / f"rules.{lang}.yaml"
                shipped = CONFIG_DIR / f"rules.{lang}.yaml"
                path = own if own.exists() else shipped
                if path.exists():
                    packs[lang] = path
        self.packs = {"en": Pack("en", self.rules)}
        for lang, p in packs.items():
            self.packs[lang] = Pack(lang, _load_rules(p, cats))
        self.thresholds = thresholds or Severities()
        if hazards is None:  # config/hazards.yaml beside the rules, else the shipped one
            path = rules_path.parent / "hazards.yaml"
            hazards = hazard_rules(path if path.exists() else CONFIG_DIR / "hazards.yaml")
        self.hazards = hazards
        self.locate = locate
        if model is True:
            model = default_model()
        self.model: LinearModel | None = model or None
        if isinstance(blend, Blend):
            blend = {lang: blend for lang in self.packs}
        self.blends = {**BLENDS, **(blend or {})}
        # contexts whose sentences tell no toll of this event (see ContextDef.keeps_counts)
        self.count_blockers = self.packs["en"].count_blockers

    def family(self, category: str | None) -> str:
        """The category's family (the key of the classified topic); "none" for no category."""
        family = self.taxonomy.family(category)
        return "none" if family is None else family

    def classify(self, article: Article) -> Classification:
        return self.classify_text(
            article.title, article.body, article.language, year=article.published_at.year
        )

    def language_of(self, title: str, body: str, language: str | None = None) -> tuple[str, str]:
        """(language, how it was told): the article's own tag first, else `detect`."""
        lang = normalise(language)
        if lang is not None:
            return lang, "the article's language tag"
        return detect(title, body)

    def match_text(
        self, title: str, body: str, language: str | None = None, year: int | None = None
    ) -> Matched:
        """The rules' part (see `Matched`). The early answer is the whole classification when the
        text is in no pack's language, or no rule can fire on it (no model needed either). `year`:
        the year the text was published, when known (a year it names from then on dates no earlier
        event)."""
        tidied = None
        tt, tb = tidy(title), tidy(body)  # quotes, entities, odd spaces, wrapped lines: cheap tests
        if tt != title or tb != body:
            tidied = title, body = tt, tb
        lang, how = self.language_of(title, body, language)
        pack = self.packs.get(lang)
        raw = joined(title, body)
        as_written = Reading(raw, [])
        if pack is None:
            early = Classification(
                reasons=[f"{UNSUPPORTED}: {lang} ({how}); no rule pack or model for it, so no category"]
            )
            return Matched(early, lang, how, None, None, None, as_written, tidied=tidied)
        text = for_pack(raw, lang)
        rules = pack.rules
        pre = rules.pretest
        if not pre.may_match(text):
            # no rule can fire, so no event to report or count (the common case, kept cheap)
            early = Classification(reasons=[NO_RULE_WORDS])
            return Matched(early, lang, how, pack, None, None, as_written, no_rule_words=True, tidied=tidied)
        # runs of spaces as one, for the patterns that read words one space apart (the pre-test reads
        # tokens, which runs of spaces do not change: a test done only for the texts past it)
        st, sb = single_spaced(title), single_spaced(body)
        if st != title or sb != body:
            tidied = title, body = st, sb
            raw = joined(title, body)
            text = for_pack(raw, lang)
        # the rules read an event-log note without its place and tags, and a report without what
        # its protests are about (both only remove words), with a sports result's score marked by a word
        # no rule needs (streams/classify/reading.py): the pre-test above stays a superset
        years = pre.has_word(text, YEAR_TOKENS)
        if years:
            years = pre.has_word(text, DATED_HINT_TOKENS)
        reading = rules_reading(raw, lang, pre.has_word(text, PROTEST_TOKENS), years, year)
        if reading.text != raw:
            text = for_pack(reading.text, lang)
            if not pre.may_match(text):
                early = Classification(
                    reasons=[*about_reasons(reading.about, reading.earlier), NO_RULE_WORDS]
                )
                return Matched(early, lang, how, pack, None, None, reading, no_rule_words=True, tidied=tidied)
        # every rule that could fire honours a context that marks every sentence here (sport,
        # markets or culture vocabulary throughout): no event, as the full match says. Told
        # first from the pre-test's words where they suffice, else from the tokens
        # A headline that reads a death toll with a figure ("Nine Fans Killed in Crush at Stadium
        # Gate") tells the page's event: the figurative context then marks no more than the
        # sentences past the lead (`lifted`)
        lifted: frozenset[str] = frozenset()
        covering = pre.surely_covering(text)
        if FIGURATIVE in covering and _headline_toll(
            title, body, lang, self.blends.get(lang, Blend()).quiet_chars
        ):
            covering, lifted = covering - LIFTED, LIFTED
        if covering and not pre.may_match(text, pre.live_masks(covering)):
            return Matched(_no_rule_applies(covering), lang, how, pack, None, None, reading, tidied=tidied)
        doc = tokenize(text)
        covering = rules.covering_contexts(doc)
        if FIGURATIVE in covering and (
            lifted or _headline_toll(title, body, lang, self.blends.get(lang, Blend()).quiet_chars)
        ):
            covering, lifted = covering - LIFTED, LIFTED
        if covering and not pre.may_match(text, pre.live_masks(covering)):
            return Matched(_no_rule_applies(covering), lang, how, pack, None, None, reading, tidied=tidied)
        m = rules.match(doc, headline=bool(title and body), lifted=lifted)
        if lifted and any(0 in s for c, s in m.context_sentences.items() if c != FIGURATIVE):
            # the headline's toll is itself marked (a yearly toll, an anniversary): no lift
            m = rules.match(doc, headline=bool(title and body))
        return Matched(None, lang, how, pack, doc, m, reading, tidied=tidied)

    def classify_text(
        self,
        title: str,
        body: str,
        language: str | None = None,
        model_proba: dict[str, float] | None = None,
        year: int | None = None,
    ) -> Classification:
        """`model_proba`: the model's probabilities when the caller has them (cross-validation);
        `year`: the year the text was published, when known (`match_text`)."""
        matched = self.match_text(title, body, language, year)
        early, lang, how, pack, doc, m, reading, _, tidied = matched
        if tidied is not None:
            title, body = tidied
        blend = self.blends.get(lang, Blend())
        proba = model_proba
        quiet_why: list[str] = []
        if early is not None:
            quiet = self._quiet(title, body, matched, blend, proba)
            if quiet is None:
                return early
            doc, m, proba = quiet
            blend = replace(blend, raise_min=blend.quiet_raise)
            n = len(title) + len(body)
            quiet_why = [
                f"quiet path: no rule's words occur; a short text ({n} <= {blend.quiet_chars} characters) "
                f"with no context in its lead goes to the model alone"
            ]
        assert pack is not None and doc is not None and m is not None
        rules = pack.rules
        spec = rules.spec
        if proba is None and self.model is not None:
            proba = self.model.proba(lead(title, body))
        d = decide(
            m,
            proba,
            blend,
            rules.threshold,
            spec.lead_sentences,
            spec.late_weight,
            spec.extra_weight,
            self.taxonomy.order,
            pack.weights,
        )
        reasons = (
            ([f"language {lang} ({how})"] if lang != "en" else [])
            + about_reasons(reading.about, reading.earlier)
            + quiet_why
            + d.reasons
        )
        category = d.category
        # in Spanish and French, where the model learnt from far fewer texts, a toll outweighs its
        # first tier too (in English that veto was right on 9 of 9 corpus texts it would have overruled)
        if category is None and (d.weak_veto or (d.model_veto and lang != "en")):
            category = self._toll_outweighs_veto(doc, m, pack, d, reasons, lang)
        if category is None and (d.weak_veto or d.model_veto):
            category = self._magnitude_outweighs_veto(joined(title, body), d, rules.threshold, reasons)
        # counts of the event, from sentences that no context (history, hypothetical, ...)
        # discounts; with no event there is nothing to count (as on the fast path above)
        fatalities = injured = None
        vague = False
        if category is not None:
            blocked = _count_blocked(m, pack)
            if lang == "en":
                hinted = hint_sentences(doc.tokens, doc.sent_of)
                usable = count_clauses(doc.sentences, hinted, blocked)
                fatalities, injured, count_reasons, vague = count_casualties_detail(usable)
            else:
                usable = [s for i, s in enumerate(doc.sentences) if i not in blocked]
                fatalities, injured, count_reasons, vague_words = count_casualties_intl_more(usable, lang)
                vague = vague_words is not None
            reasons.extend(count_reasons)
            if d.switched_from and category == "armed_clash" and not _armed_victims(count_reasons):
                # the model reads the actors, the count reads the victims: civilians hurt make an attack
                reasons.append(f"category {d.switched_from}: a battle's dead are armed, this toll's are not")
                category = d.switched_from
            cdef = self.taxonomy.get(category)
            if cdef is not None and cdef.kills_target and not fatalities:
                fatalities = 1
                reasons.append(f"fatalities>=1: {_article(category)} {category} kills its target")
        target = None
        senior = False
        if category is not None and lang == "en":
            target, senior = target_en(doc.sentences, d.hit_sentences.get(category, set()))
        elif category is not None and lang in SENIOR_INTL:
            target, senior = target_intl(
                SENIOR_INTL[lang], doc.sentences, d.hit_sentences.get(category, set())
            )
        severity = self._severity(category, fatalities, senior, reasons, vague)
        if category is not None and self.taxonomy.family(category) == "disaster":
            raw = f"{title}.\n{body}"
            mag = self.hazards.routine_quake(raw, fatalities, injured)
            later = None if mag is not None else self.hazards.aftermath_of(raw, fatalities, injured)
            named = None
            if mag is None and later is None and title and body:
                ids = {h.rule_id for h in m.hits if h.category == category and h.weight > 0}
                named = self.hazards.unharmed_hazard(raw, fatalities, injured, ids)
            if mag is not None:
                severity = Severity.none
                reasons.append(
                    f"severity none: a magnitude {mag} quake with no toll and no damage is a routine "
                    f"bulletin (under {self.hazards.quake_min_magnitude}, config/hazards.yaml)"
                )
            elif later is not None:
                severity = Severity.none
                reasons.append(
                    f'severity none: an aftermath post ("{later}") with no toll is no new event '
                    "(config/hazards.yaml)"
                )
            elif named is not None:
                severity = Severity.none
                reasons.append(
                    f"severity none: a natural hazard named ({named}) with no toll, damage or impact "
                    "told is background, not an event (config/hazards.yaml)"
                )
        loc = Location()
        confirmed = False
        if self.locate and category is not None:
            raw = joined(title, body)
            words = place_tokens(doc.text if reading.text == raw and doc.text else for_pack(raw, lang))
            gaz = gazetteer()
            dateline = gaz.dateline(body or title)
            country, place, ev, confirmed = gaz.locate_confirmed(words, lang, dateline)
            if country is None and (title.isupper() or body.isupper()):
                # a headline or a post in capitals ("EXPLOSION IN KABUL KILLS 5"): its names read as
                # names once its words are capitalised as names are (codes such as "LAX" read first)
                cased = [t.title() if t.isupper() else t for t in (title, body)]
                words = place_tokens(for_pack(joined(*cased), lang))
                country, place, ev, confirmed = gaz.locate_confirmed(words, lang, dateline)
            tag = tag_country(raw)  # a hashtag's country code ("#MaringPH")
            if country is None:  # no place named: the hashtag's country
                country = tag
                ev = ["a hashtag's country code"] if country else ev
            elif tag is not None and tag != country:
                confirmed = False  # a hashtag of another country: the place is not confirmed
            loc = Location(country=country, place=place)
            if country:
                reasons.append(f"location {country}{' / ' + place if place else ''} from {', '.join(ev)}")
            elif ev:  # only a name of several countries, which the text does not settle
                reasons.append(f"location none: {', '.join(ev)}, a name of several countries")
        return Classification(
            category=category,
            severity=severity,
            fatalities=fatalities,
            injured=injured,
            location=loc,
            place_confirmed=bool(loc.place) and confirmed,
            target=target,
            reasons=reasons,
        )

    def _quiet(
        self, title: str, body: str, matched: Matched, blend: Blend, proba: dict[str, float] | None
    ) -> tuple[Doc, MatchResult, dict[str, float]] | None:
        """The quiet path (`Blend.quiet_raise`): a short text in which no rule's words occur, that the
        model alone reads as an event with a high probability, and in whose lead no context (threat,
        arrest, history, peaceful, ...) marks a sentence. Returns the tokens, the (empty) match and
        the probabilities for `decide`, else None: the fast path's answer stands."""
        pack, lang = matched.pack, matched.lang
        if pack is None or not matched.no_rule_words or matched.reading.about:
            return None
        if blend.quiet_raise > 1 or len(title) + len(body) > blend.quiet_chars:
            return None
        if proba is None:
            if self.model is None:
                return None
            proba = self.model.proba(lead(title, body))
        top = max((c for c in proba if c != "none"), key=lambda c: proba[c], default=None)
        if top is None or proba[top] < blend.quiet_raise:
            return None
        doc = tokenize(for_pack(joined(title, body), lang))
        m = pack.rules.match(doc, headline=bool(title and body))
        lead_n = pack.rules.spec.lead_sentences
        if any(min(s) < lead_n for c, s in m.context_sentences.items() if s and c not in QUIET_SPARED):
            return None
        if top in blend.quiet_skip:  # only with a toll with a figure in the lead ("three people drowned")
            fat, inj, _, vague = count_casualties_detail(doc.sentences[:3]) if lang == "en" else (0, 0, [], 0)
            if not (fat or inj) or vague:
                return None
        return doc, m, proba

    def _toll_outweighs_veto(self, doc, m, pack, d, reasons: list[str], lang: str = "en") -> str | None:
        """A rules' event that the model vetoed (its second tier; in Spanish and French its first too)
        still stands when the lead reads a death toll with a figure ("a car bomb killed seven people",
        "l'attentat a coûté la vie à neuf civils"): a toll is no loose use of a word. Returns the rules'
        category, or None."""
        cat = max(d.rule_scores, key=d.rule_scores.__getitem__, default="")
        if not cat or d.rule_scores[cat] < pack.rules.threshold:  # the rules found an event
            return None
        blocked = _count_blocked(m, pack)
        lead = range(min(len(doc.sentences), 3))  # the title and the first sentences tell the event
        usable = [doc.sentences[i] for i in lead if i not in blocked]
        why = _figured_toll(tuple(usable), lang)
        if why is None:
            return None
        reasons[-1] += f"; but the lead reads a toll ({why}): {cat}"
        return cat

    def _magnitude_outweighs_veto(
        self, raw: str, d: Decision, threshold: float, reasons: list[str]
    ) -> str | None:
        """The rules' disaster that the model vetoed stands when the text gives a quake magnitude that
        alerts by itself (config/hazards.yaml): a figure, not a loose word. Else None."""
        cat = max(d.rule_scores, key=d.rule_scores.__getitem__, default="")
        ok = cat and d.rule_scores[cat] >= threshold and self.taxonomy.family(cat) == "disaster"
        mag = self.hazards.alerting_quake(raw) if ok else None
        if mag is None:
            return None
        reasons[-1] += f"; but a quake of magnitude {mag:g} (>= {self.hazards.quake_min_magnitude:g}): {cat}"
        return cat

    def _severity(
        self,
        category: str | None,
        fatalities: int | None,
        senior: bool,
        reasons: list[str],
        vague: bool = False,
    ) -> Severity:
        if category is None:
            return Severity.none
        t = self.thresholds
        cdef = self.taxonomy.get(category)
        if cdef and cdef.head_of_state_flash and senior:
            reasons.append(f"severity flash: {category} aimed at a senior official")
            return Severity.flash
        f = fatalities or 0
        if f >= t.flash_min_fatalities and vague:
            reasons.append(
                f"severity urgent: the toll {f} is a conventional figure for a vague one; flash needs a "
                "figure (or a second source)"
            )
            return Severity.urgent
        if vague and f < t.urgent_min_fatalities:
            reasons.append(
                "severity urgent: people were killed, the text gives no figure; flash needs a figure"
            )
            return Severity.urgent
        if f >= t.flash_min_fatalities:
            reasons.append(f"severity flash: {f} killed >= {t.flash_min_fatalities}")
            return Severity.flash
        if f >= t.urgent_min_fatalities:
            reasons.append(f"severity urgent: {f} killed")
            return Severity.urgent
        reasons.append("severity alert: no reported death")
        return Severity.alert


def _count_blocked(m: MatchResult, pack: Pack) -> set[int]:
    """The sentences whose contexts (history, hypothetical, ...) tell no toll of this event."""
    blocked: set[int] = set()
    for c in pack.count_blockers:
        blocked |= m.context_sentences.get(c, set())
    return blocked


_TOLL_EVIDENCE = re.compile(r"\bfatalities=\d+ from '([^']*)'")


def _armed_victims(count_reasons: list[str]) -> bool:
    """Are the dead of every death toll read armed (state forces or armed groups)? True with no toll."""
    return all(side_of(e) is not None for r in count_reasons for e in _TOLL_EVIDENCE.findall(r))


def _article(word: str) -> str:
    return "an" if word[:1] in ("a", "e", "i", "o", "u") else "a"


FIGURATIVE = "figurative"
LIFTED = frozenset({FIGURATIVE})


def _headline_toll(title: str, body: str, lang: str, snippet: int = 600) -> bool:
    """A news item's headline (a titleless snippet's first sentence; a snippet: at most ``snippet``
    characters, the quiet path's short text) reads a death toll with a figure ("Mine Collapse Kills
    Seven Miners"), not a conventional one ("dozens killed")."""
    if lang != "en" or not body or not title and len(body) > snippet:
        return False
    return _figured_toll((for_pack(title or body.split(". ", 1)[0], lang),), lang) is not None


@lru_cache(maxsize=1024)
def _figured_toll(sentences: tuple[str, ...], lang: str) -> str | None:
    """Where these sentences read a death toll with a figure (its count's reason), or None: no toll,
    or a vague or conventional one ("dozens killed"; "decenas", "des dizaines" are vague words in
    the Spanish and French counts)."""
    if not sentences:
        return None
    if lang == "en":
        fat, _, why, vague = count_casualties_detail(list(sentences))
        vague = vague or bool(fat and _CONVENTIONAL.search(why[0]))
    else:
        fat, _, why, vague_words = count_casualties_intl_more(list(sentences), lang)
        vague = vague_words is not None
    return why[0] if fat and not vague else None


def _no_rule_applies(covering: frozenset[str]) -> Classification:
    return Classification(
        reasons=[f"no event: no rule applies, {', '.join(sorted(covering))} context throughout the text"]
    )


def unsupported_language(c: Classification) -> str | None:
    """The language of an article that no pack covers (for the metric), else None."""
    if c.category is None and c.reasons and c.reasons[0].startswith(UNSUPPORTED):
        code = c.reasons[0].split(":", 1)[1].split("(", 1)[0].strip()
        return code if code.isalpha() and len(code) <= 3 else "other"
    return None


@lru_cache(maxsize=1)
def default_model() -> LinearModel | None:
    """The shipped weights (streams/classify/model.npz), or None when they are missing."""
    return LinearModel.load() if MODEL_PATH.exists() else None


@lru_cache(maxsize=4)
def default_classifier(config_dir: Path = CONFIG_DIR) -> Classifier:
    return Classifier(config_dir / "rules.yaml", config_dir / "categories.yaml")
