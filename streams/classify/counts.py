"""Casualty counts read from text, conservatively, the ACLED way.

- digits and number words: "two protesters were killed", "at least 12 dead";
- vague amounts get ACLED's conventional figures: "a dozen"/"dozens" = 12,
  "tens" = 10, "several"/"many"/"scores" = 10 (scores = 20), "hundreds" = 100;
- coordinated victims add up: "three soldiers and two civilians were killed" = 5;
- when the text gives several figures for the same toll, the lowest is kept,
  except a toll that explicitly "rose to" a new figure;
- "no one was hurt" / "no casualties" gives 0.

`count_casualties(sentences)` returns (fatalities, injured, evidence); either is
None when the text says nothing.
"""

from __future__ import annotations

import re
from itertools import compress

from streams.classify.count_words import (
    _N,
    _NOT_MONTH,
    _NOUNISH,
    _NUM_WORD,
    ALT_FIGURE,
    AND_TOLL,
    AUX,
    DEATH_VERB,
    DISAGREE,
    GAP,
    INJURY_VERB,
    NOT_ACTIVE,
    NUM,
    QUAL,
    UNKNOWN_TOLL,
    VAGUE_DEATHS,
    VAGUE_TOLL,
    VAGUE_WORDS,
    VICTIM,
    _compile,
    parse_number,
    year_like,
)
from streams.classify.counts_acled import ACLED_FIRST, ACLED_LAST, SINGLE_HIM, later_one, separate, settle
from streams.classify.counts_grammar import (
    BARE_VICTIM,
    GRAMMAR_TOLLS,
    GROUPS,
    INJURY_GRAMMAR,
    INTRANSITIVE,
    LATER_EVENT,
    MANNER_SPLIT,
    NEEDS,
    SINGLE_MANNER,
    SINGLE_MANNER_SPLIT,
    SUPERSEDED,
    earlier_spans,
    group_total,
    in_earlier,
    later_died,
    lone_deaths,
    not_own_toll,
    ordinal_more,
    them_killed,
    toll_replaced,
    with_along,
    without_dates,
)

DEATH_PATTERNS = GROUPS + _compile(
    [
        # a list of victim groups: "two police officers, one civil servant and one resident were killed"
        rf"\b{QUAL}(?P<lst>{NUM} {VICTIM}(?:, {QUAL}{NUM} {VICTIM})+,? and {QUAL}{NUM} {VICTIM}),? "
        rf"{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # attackers who die by their own hand: "two suicide bombers blew up, killing only themselves"
        rf"\b{QUAL}{_N} (?:[a-z'\-]+ ){{0,3}}?(?:bombers?|attackers?|assailants?)\b[^.;]{{0,60}}? "
        rf"(?:killing|killed|blowing up|blew up) (?:only )?themselves\b",
        # a range gives its lowest figure: "between 1 and 4 soldiers killed", "6-8 assailants were killed"
        rf"\bbetween {_N} and {NUM} (?:{VICTIM} )?{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        rf"\b(?P<n>\d+) ?(?:-|to) ?\d+ (?:{VICTIM} )?{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        rf"\b{_N} to {NUM} (?:{VICTIM} )?{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # a group the victim words do not name, listed with one they do: "12 palestinians and one
        # israeli soldier were killed"
        rf"\b{QUAL}{_N}(?: {_NOUNISH}){{1,2}}{AND_TOLL}{QUAL}(?P<n2>{NUM}) {VICTIM},? "
        rf"{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # "two protesters were killed", "3 soldiers and 2 civilians were killed"
        rf"\b{QUAL}{_N}(?: {VICTIM})?(?:,? and {QUAL}(?P<n2>{NUM}) {VICTIM}|,? (?:including|among them) "
        rf"{QUAL}{NUM} {VICTIM})?,? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # a short phrase between victims and verb: "five policemen escorting a bus have been killed"
        rf"\b{QUAL}{_N} {VICTIM}{GAP} {AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # an apposition between the victims and the verb: "84 people, mostly police, were killed"
        rf"\b{QUAL}{_N} {VICTIM}(?:, [^,.;()]{{1,60}},| \([^.;()]{{1,40}}\)) {AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # a relative clause: "two militants, who were both killed"
        rf"\b{QUAL}{_N} {VICTIM},? (?:who|which) {AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # a figure and a lone victim joined: "ten guards and the civilian driver were killed" (the 1 added)
        rf"\b{QUAL}(?P<plus1>{NUM}) {VICTIM} and (?:the|a|an|one|their|his|her) {VICTIM},? "
        rf"{AUX}{DEATH_VERB}\b{NOT_ACTIVE}",
        # victims the victim words do not name, told as a toll: "31 taliban were killed", "60 idps died"
        rf"\b{QUAL}{_N}(?: {_NOT_MONTH}{_NOUNISH}){{1,2}} (?:were|have been|had been|was) "
        rf"(?:\w+ )?{DEATH_VERB}\b{NOT_ACTIVE}",
        # "at least 12 dead", "two are killed", "seven boko haram dead"
        rf"\b{QUAL}{_N} (?:(?:are|were|have been|had been|reportedly|reported|feared|confirmed) )*(?:dead|"
        rf"killed|deaths|fatalities|fatality|people dead|people killed)\b{NOT_ACTIVE}",
        rf"\b{QUAL}{_N} (?:[a-z'\-]+ ){{1,3}}?dead\b",
        # "a soldier and a militiaman killed"
        rf"\b(?P<n>a|an|one) {VICTIM}{AND_TOLL}(?P<n2>a|an|one) {VICTIM} {AUX}{DEATH_VERB}\b",
        rf"\b(?P<n>a|an|one)(?: {_NOUNISH}){{1,4}} and (?P<n2>a|an|one) {VICTIM} (?:were|have been|had been) "
        rf"(?:\w+ )?{DEATH_VERB}\b",
        # one victim named and others counted: "killing the mayor and 19 others" (the 1 is added)
        rf"\b(?:killing|killed|kills|shot dead|shooting dead|gunned down)(?: [a-z'\-]+){{1,4}}? and "
        rf"{QUAL}(?P<plus1>{NUM}) others?\b",
        # "killing three", "killed at least 7 people", "left 5 dead", "claiming 9 lives", "shot dead two"
        rf"\b(?:killing|killed|kills|kill|leaving|left|claiming|claimed|murdering|murdered|massacring|"
        rf"massacred|executed|executing|shot dead|shooting dead|shot and killed|gunned down|"
        rf"stabbed to death|hacked to death|beheaded|beheading|lynched(?: and burned| and killed)?|lynching|"
        rf"burned alive|burnt alive|stoned to death|beat to death|beaten to death)"
        rf" {QUAL}{_N}(?: {VICTIM})?(?:{AND_TOLL}(?:\w+ ){{0,3}}?(?P<n2>{NUM}) {VICTIM})?(?: (?:dead|"
        rf"lives))?\b",
        # "death toll rose to 12", "the toll stood at 40"
        r"\b(?:death toll|toll|number of (?:the )?dead|fatalities|deaths)(?: \w+){0,6}? (?:to|at|of|reached|"
        r"hit|is|was|now) "
        rf"{QUAL}{_N}\b",
        # a toll that rose, named by its event: "death toll in West, Texas fertilizer explosion rises to 12"
        rf"\b(?:death toll|number of (?:the )?dead)(?:,? [\w\-]+){{0,8}}? (?:(?:rose|rises|has risen|"
        rf"had risen|climbed|climbs|has climbed|jumped|jumps|stands|stood) (?:to|at)|reached|reaches|"
        rf"has reached|hit|hits) {QUAL}{_N}\b",
        # "the number was eventually raised to sixteen"
        rf"\b(?:the )?(?:number|figure|count)(?: \w+){{0,3}}? (?:was |were |has |had |has been |"
        rf"had been )?(?:\w+ )?(?:raised|revised|rose|risen|climbed|increased) (?:up )?to {QUAL}{_N}\b",
        # "the bodies of 4 ...", "recovered 6 bodies"
        rf"\bbodies of {QUAL}{_N}\b",
        rf"\b{QUAL}{_N} bodies\b",
        # singular victims: "a soldier was killed", "one person died", "killing a policeman"
        rf"\b(?:killing|killed|kill|kills|murdered|murdering|shot dead|gunned down|executed|executing|"
        rf"beheaded|lynched) (?P<n>a|an|one) {VICTIM}\b",
    ]
)
# one figure shared by a list of nouns; an apposition after victims the words do not name
DEATH_PATTERNS[len(GROUPS) : len(GROUPS)] = [*ACLED_FIRST, *GRAMMAR_TOLLS]
# singular subject killed with no number: "a civilian was killed", "the officer died"
SINGLE_DEATH = re.compile(
    rf"\b(?<!no )(?:a|an|one|another) {VICTIM} (?:\w+ ){{0,6}}?{AUX}{DEATH_VERB}\b|"
    # "kill PF member", "shoot the driver dead", "he died the next day", "farmer killed in ..." (headline)
    rf"\b(?:kill|kills|killed|killing|shot and killed|shot dead|gunned down|stabbed to death) "
    rf"(?:the |a |an )?(?:[a-z'\-]+ ){{0,2}}?"
    # or any agent noun: "a polio vaccinator", "a money changer", "a pharmacist"
    rf"(?:[a-z]{{3,}}(?:er|or|ist|ian)|member|officer|official|soldier|"
    rf"policeman|farmer|man|woman|boy|girl|child|chief|leader|activist|driver|trader|imam|priest|pastor|"
    rf"fighter|militant|suspect|civilian|resident|villager|herder|commander|gunman|guard|worker|student|"
    rf"teacher|journalist|businessman|councillor|politician|doctor|nurse)\b|"
    rf"\bsho(?:ot|t) (?:him|her|the [a-z]+|a [a-z]+) dead\b|"
    # a killing told by its manner, then its victim: "beat to death a suspected thief", "lynched a man"
    rf"\b(?:beat|beaten|hacked|burned|burnt|stabbed|stoned|clubbed|tortured) to death (?:a|an|the|one) |"
    rf"\blynched (?:a|an|the|one) |"
    rf"\b(?:he|she) (?:later |subsequently |then )?(?:died|succumbed)\b|"
    # a singular subject: "X, a local chief, was shot and killed", "the son of ... was kidnapped and killed"
    rf"(?<!nobody )(?<!no one )(?<!no-one )(?<!none )(?<!nothing )\bwas (?:[a-z]+ ){{0,3}}?(?:killed|"
    rf"shot dead|murdered|assassinated|stabbed to death|beaten to death|"
    rf"hacked to death|burned to death|burnt to death|found dead|lynched|executed)\b|"
    rf"\bthe (?:death|killing|murder|assassination) of (?:a|an|the) |"
    rf"^(?:[a-z'\-]+ ){{0,2}}?(?:farmer|man|woman|boy|girl|child|soldier|policeman|officer|official|trader|"
    rf"driver|teacher|student|activist|journalist|chief|herder|pastor|priest|imam) (?:was |is |has been )?"
    rf"(?:killed|shot dead|murdered|found dead|dies|died)\b{NOT_ACTIVE}"
)
SINGLE_DEATH = re.compile(
    f"{SINGLE_DEATH.pattern}|{SINGLE_MANNER.pattern}|{BARE_VICTIM.pattern}|{SINGLE_MANNER_SPLIT.pattern}"
    f"|{SINGLE_HIM.pattern}"
)
# the patterns that need no figure ("a soldier ... killed"); the others run only on sentences
# holding digits or a number word
DEATH_PATTERNS.extend([MANNER_SPLIT, INTRANSITIVE, *ACLED_LAST])
SINGULAR_DEATH_PATTERNS = GROUPS + [p for p in DEATH_PATTERNS if "(?P<n>a|an|one)" in p.pattern]
INJURY_PATTERNS = _compile(
    [
        rf"\b{QUAL}{_N}(?: {VICTIM})?(?:,? and {QUAL}(?P<n2>{NUM}) {VICTIM}|,? including {QUAL}{NUM} "
        rf"{VICTIM})?,? {AUX}{INJURY_VERB}\b",
        rf"\b{QUAL}{_N} (?:others )?(?:injured|wounded|hurt|injuries)\b",
        rf"\b(?:injuring|wounding|injured|wounded|hurting|leaving) {QUAL}{_N}(?: {VICTIM})?(?: (?:injured|"
        rf"wounded|hurt))?\b",
    ]
)
INJURY_PATTERNS += INJURY_GRAMMAR
NO_DEATH = re.compile(
    r"\b(?:no one|nobody|no-one|none) (?:\w+ )?(?:was|were|has been|had been|is|got) (?:\w+ )?(?:killed|"
    r"hurt|injured|harmed|wounded)|"
    r"\bno (?:immediate )?(?:reports? of )?(?:casualties|deaths|fatalities|injuries|one hurt|one killed|"
    r"one injured)|\bwithout (?:causing )?(?:any )?(?:casualties|injuries|deaths)|"
    r"\bcaused no (?:casualties|injuries|deaths)|"
    r"\b(?:there were|with) no (?:immediate )?(?:reports? of )?(?:casualties|deaths|injuries|fatalities)"
)
NO_INJURY = re.compile(
    r"\b(?:no one|nobody|none) (?:\w+ )?(?:was|were|has been|got) (?:\w+ )?(?:hurt|injured|harmed|wounded)|"
    r"\bno (?:reports? of )?(?:casualties|injuries)|\bwithout (?:causing )?(?:any )?(?:casualties|injuries)"
)
ROSE = re.compile(
    r"\b(?:rose|risen|climbed|jumped|increased|grew|reached|has risen|now stands|stood|raised|"
    r"revised) (?:\w+ ){0,2}?(?:to|at) "
)
NOT_VICTIM_AFTER = re.compile(
    r"^\s*(?:years?|months?|weeks?|days?|hours?|minutes?|km|kilomet|miles?|meters?|metres?|percent|%|"
    r"per cent|am|pm|a\.m|p\.m|june|july|goats?|cattle|cows?|sheep|camels?|donkeys?|livestock|animals?)\b"
)


# Every count pattern above needs one of these stems; sentences without any are skipped,
# so the costly patterns run on the few sentences that speak of casualties.
COUNT_HINT = re.compile(
    r"\b(?:kill|dead|deaths?\b|die[sd]?\b|dying|murder|slain|execut(?:ed|ing|ion)|massacr|behead|lynch|necklac|"
    r"gunned|perish|drown|electrocut|lost\b|succumb|assassinat|bodies|toll\b|fatalit|casualt|"
    r"neutrali|alive\b|hanged|strangl|decapitat|martyr|shahad|sacrifice\b|body\b|"
    r"causalit|injur|wound|hurt|hospital|harmed|lives\b|themselves)"
)

_NUMERIC = re.compile(rf"\d|\b(?:{_NUM_WORD})\b")
_DEATH_HINT = re.compile(
    r"\b(?:kill|dead|deaths?\b|die[sd]?\b|dying|murder|slain|execut(?:ed|ing|ion)|massacr|behead|lynch|necklac|body\b|"
    r"gunned|perish|drown|electrocut|lost\b|succumb|assassinat|bodies|toll\b|"
    r"fatalit|lives\b|martyr|"
    r"shahad|sacrifice\b|neutrali|alive\b|hanged|strangl|decapitat)"
)
_NO_HINT = re.compile(r"\b(?:no|nobody|none|without)\b")
_INJURY_HINT = re.compile(r"\b(?:injur|wound|hurt|hospital)")

_HINT_CACHE: dict[str, bool] = {}


def hint_sentences(tokens: list[str], sent_of: list[int]) -> set[int]:
    """Sentences with a token where COUNT_HINT could match (a superset of the sentences
    count_casualties reads), found from the lower-cased tokens without a regex pass."""
    cache = _HINT_CACHE
    for t in set(tokens).difference(cache):
        if len(cache) < 200_000:
            cache[t] = COUNT_HINT.match(t) is not None or t == "lost"
    flags = (
        [cache[t] if t in cache else (COUNT_HINT.match(t) is not None or t == "lost") for t in tokens]
        if len(cache) >= 200_000
        else list(map(cache.__getitem__, tokens))
    )
    return {sent_of[i] for i in compress(range(len(tokens)), flags)}


_BACKGROUND_HINT = re.compile(
    r"protest|demonstrat|march|rall[yi]|response to|reaction to|denounce|condemn|mourn|"
    r"anger|outrage|accused|charged|convicted|suspected|arrested|detained|jailed|"
    r"sentenced|tried|acquitted|trial|involved|implicated"
)


_STUTTER = re.compile(r"([a-z])\1{2,}")
# scare quotes around a word or two ("203 'terrorists' were 'neutralised'"): ACLED's notes quote
# their sources' words; an apostrophe inside or after a word ("soldiers' bodies") is not one
_SCARE = re.compile(r"(?<![a-z])['\u2018]([a-z][a-z\- ]{0,30}?)['\u2019](?![a-z])")
# who died, by kind: two figures in one sentence are two tolls (added) when they count different
# kinds of people ("51 soldiers ... 160 assailants" in one battle), one toll told twice (the lowest
# kept) when they count the same kind or say only "people"
_SIDES = (
    re.compile(
        r"\b(?:soldiers?|troops|police\w*|officers?|personnel|servicem[ae]n|security forces|gendarmes?|"
        r"marines|conscripts?|guards?|army|peacekeepers?|recruits?)\b"
    ),
    re.compile(
        r"\b(?:militants?|fighters?|insurgents?|rebels?|jihadists?|gunmen|attackers?|assailants?|"
        r"terrorists?|bandits?|islamists?|combatants?|militiam[ae]n|dissidents?|taliban|members?)\b"
    ),
)


def _below_ten(evidence: str) -> bool:
    """Is this toll only a vague word under ten ("several", "many", "an unknown number of")?"""
    rest = _BELOW_TEN_WORDS.sub(" ", evidence)
    return rest != evidence and _NUMERIC.search(rest) is None


def side_of(evidence: str) -> int | None:
    """0 (state forces), 1 (armed groups) or None (civilians, "people", or not told)."""
    found = [k for k, pat in enumerate(_SIDES) if pat.search(evidence)]
    return found[0] if len(found) == 1 else None


_LIST_ITEM = re.compile(rf"(?P<n>{NUM}) {VICTIM}")
# the toll of an earlier event that the reported one answers or judges: a protest "against the
# killing of a student", "against attacks that killed seven", a trial "for the murder of ..."
BACKGROUND = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|march(?:ed|es|ing)?|rall(?:y|ied|ies|ying)|in response to|in reaction to|"
    r"to (?:denounce|condemn|mourn)|angered by|anger (?:over|at)|outrage (?:over|at))\b(?: \w+){0,3}? "
    r"(?:against |over |at )?(?:the |a |an |recent )?(?:[\w\-']+ ){0,6}?"
    r"(?:(?:that|which|who) (?:had |have |has )?(?:\w+ )?(?:killed|claimed)|"
    r"(?:killing|killings|death|deaths|murder|murders) (?:of|by))|"
    r"\b(?:accused|charged|convicted|suspected|arrested|detained|jailed|sentenced|tried|acquitted|on trial|"
    r"trial)(?: \w+){0,4}? (?:of|for|over|in connection with) (?:\w+ ){0,3}?(?:the )?(?:murders?|killings?|"
    r"deaths?|assassination)|\b(?:involved|implicated) in [^.;]{0,90}?(?:which|that) (?:\w+ )?killed"
)


def _background_spans(sentence: str) -> list[tuple[int, int]]:
    return [m.span() for m in BACKGROUND.finditer(sentence)]


_NEEDS = {id(p): words for p, words in NEEDS.items()}  # hashing a pattern is slow: key by id
_TOLL_WORD = re.compile(r"(?:the )?(?:death toll|toll|number of (?:the )?dead)\b")
_PART = re.compile(r" of them\b")
_OR_HURT = re.compile(r" or (?:wounded|injured|hurt|missing)\b")


def _scan(sentence: str, patterns: list[re.Pattern[str]]) -> list[tuple[int, str, bool, bool]]:
    """(count, evidence, is_rise, is_vague) for each figure in one lower-cased sentence."""
    out: list[tuple[int, str, bool, bool]] = []
    taken: list[tuple[int, int]] = []
    background = _background_spans(sentence) if _BACKGROUND_HINT.search(sentence) else []
    background += earlier_spans(sentence)
    for pat in patterns:
        need = _NEEDS.get(id(pat))
        if need is not None and not any(w in sentence for w in need):
            continue
        for m in pat.finditer(sentence):
            span = m.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            if any(a <= span[0] < b + 2 for a, b in background):
                continue
            if _OR_HURT.match(sentence, span[1]):  # "hundreds were killed or wounded": no death toll
                continue
            n_at = m.start("n") if m.groupdict().get("n") else -1
            if not_own_toll(sentence, n_at if n_at >= 0 else span[0]):
                continue  # ", including 4 children and 3 women,": a part of the group before it
            if n_at > 1 and sentence[n_at - 2 : n_at] == ", " and _PART.match(sentence, m.end("n")):
                continue  # "ten members of one family, seven of them children, were killed"
            groups = m.groupdict()
            if groups.get("grp"):
                total = group_total(groups["grp"])
                if total is not None:
                    out.append((total, m.group(0), False, False))
                    taken.append(span)
                continue
            if groups.get("lst"):
                parsed = [parse_number(x.group("n")) for x in _LIST_ITEM.finditer(groups["lst"])]
                nums = [v for v in parsed if v is not None]
                if not parsed or len(nums) < len(parsed):
                    continue
                out.append((sum(nums), m.group(0), False, False))
                taken.append(span)
                continue
            if groups.get("plus1"):
                v = parse_number(groups["plus1"])
                if v is not None:
                    out.append((v + 1, m.group(0), False, groups["plus1"].strip() in VAGUE_WORDS))
                    taken.append(span)
                continue
            word = m.group("n")
            n = parse_number(word)
            if n is None:
                continue
            if sentence[max(0, span[0] - 3) : span[0]] == "no ":  # "no one was killed"
                continue
            tail = sentence[m.end("n") : m.end("n") + 12]
            if NOT_VICTIM_AFTER.match(tail) or year_like(sentence, m.start("n"), word, n):
                continue  # "killed 3 years ago", "in 2016" are not counts ("more than 2000 people" is)
            vague = word.strip() in VAGUE_WORDS
            n2 = groups.get("n2")
            if n2:
                v2 = parse_number(n2)
                if v2 is not None:
                    n += v2
                    vague = vague and n2.strip() in VAGUE_WORDS
            rise = bool(ROSE.search(sentence[max(0, span[0] - 30) : span[0] + 40]))
            out.append((n, m.group(0), rise, vague))
            taken.append(span)
    return [with_along(sentence, x) for x in out] if " with " in sentence or " as well" in sentence else out


def _choose(found: list[tuple[int, str, bool, bool]]) -> tuple[int, str] | None:
    if not found:
        return None
    rises = [f for f in found if f[2]]
    if rises:
        best = max(rises, key=lambda f: f[0])
    else:
        # a conventional figure ("dozens" = 12) is a floor, not a second report: a real figure wins
        precise = [f for f in found if not f[3]] or found
        best = min(precise, key=lambda f: f[0])
    return best[0], best[1]


_OTHERS = re.compile(r"\b(?:other|others)\b")


def _lone_victim_beside_others(evidence: str, sentences: list[str]) -> str | None:
    """The singular victim that a toll of "N other people" / "N others" is counted beside ("the
    governor was shot dead ... five other people were also killed" = 6), else None."""
    if not _OTHERS.search(evidence) or " and " in evidence:
        return None
    for low in sentences:
        rest = low.replace(evidence, " ")
        m = SINGLE_DEATH.search(rest)
        if m is not None and not _OTHERS.search(m.group(0)):
            return m.group(0)
    return None


_Toll = tuple[int, str, bool, bool]


def _with_lone_other_side(low: str, d: list[_Toll]) -> list[_Toll]:
    """A singular victim of another side beside figures in one sentence adds one: "soldier killed;
    three separatists also died" = 4 (not when the figures' victims are of its kind)."""
    sides = {side_of(x[1]) for x in d}
    spans = _background_spans(low) + earlier_spans(low)  # "protesting the killing of a trader": the cause
    for part in (p for x in d for p in x[1].split(" + ")):
        at = low.find(part)
        spans.append((at, at + len(part)) if at >= 0 else (0, len(low)))
    for m in SINGLE_DEATH.finditer(low):
        if any(a < m.end() and m.start() < b for a, b in spans) or "number of" in m.group(0):
            continue
        if LATER_EVENT.match(low, m.end()):  # "... the following night": another day's event
            continue
        side = side_of(m.group(0))
        if side not in sides and (side is not None or None not in sides) and not _OTHERS.search(m.group(0)):
            total = sum(x[0] for x in d) + 1
            return [(total, " + ".join([*(x[1] for x in d), m.group(0)]), False, all(x[3] for x in d))]
    return d


def count_casualties(sentences: list[str]) -> tuple[int | None, int | None, list[str]]:
    fat, inj, reasons, _ = count_casualties_detail(sentences)
    return fat, inj, reasons


# vague words whose conventional figure does not say that ten or more died ("several", "many")
_BELOW_TEN_WORDS = re.compile(
    r"\b(?:several|many|a number of|an (?:unknown|unspecified|undisclosed|undetermined) number of|"
    r"unknown number of)\b(?! dozens?\b)"
)


def count_casualties_detail(sentences: list[str]) -> tuple[int | None, int | None, list[str], bool]:
    """`count_casualties`, and whether the death toll is only a conventional figure for a vague
    one ("many dead", "heavy casualties", "several were killed"), which makes no flash alone."""
    deaths: list[tuple[int, str, bool, bool]] = []
    superseded: list[str] = []
    injuries: list[tuple[int, str, bool, bool]] = []
    no_death = no_injury = unknown = False
    single_death: str | None = None
    no_figure: list[str] = []
    with_death: list[str] = []
    for s in sentences:
        low = s.lower()
        if COUNT_HINT.search(low) is None:
            continue
        if " IS " in s or " IS-" in s or "(IS)" in s:  # the Islamic State, not the verb
            low = re.sub(r"\bIS\b", "islamic state", s).lower()
        if _STUTTER.search(low):  # "killled", "deadd": social posts stretch or mistype words
            low = _STUTTER.sub(r"\1\1", low)
        if '"' in low or "\u201c" in low:
            low = re.sub('["\u201c\u201d]', "", low)
        if "'" in low or "\u2018" in low:
            low = _SCARE.sub(r"\1", low)
        low = without_dates(low)  # "aged 14 to 16", "nov 16 - one soldier was killed": no toll
        if UNKNOWN_TOLL.search(low):
            unknown = True
        if _NO_HINT.search(low):
            if NO_DEATH.search(low):
                no_death = True
            if NO_INJURY.search(low):
                no_injury = True
        numeric = _NUMERIC.search(low) is not None
        d = (
            _scan(low, DEATH_PATTERNS if numeric else SINGULAR_DEATH_PATTERNS)
            if _DEATH_HINT.search(low)
            else []
        )
        if not d and numeric and (" them" in low or " whom " in low):  # "burned them alive", "of whom"
            d = [(t[0], t[1], False, False) for t in [them_killed(low)] if t is not None]
        d = separate(low, d)  # the figure coded for this event; none coded as another
        if d and SUPERSEDED.search(low):  # "after an initial toll of 50": replaced by the figure beside it
            old = [x for x in d if toll_replaced(low, x[1])]
            d = [x for x in d if x not in old] or d
            superseded.extend(x[1] for x in old if x in d)
        plain = [x for x in d if not x[2]]
        sides = {side_of(x[1]) for x in plain}
        # a figure of "the toll" restates the toll beside it ("killing 46 ...; the toll had first been
        # put at 43"): never a second group
        told_twice = (
            DISAGREE.search(low) or ALT_FIGURE.search(low) or any(_TOLL_WORD.match(x[1]) for x in plain)
        )
        if len(plain) > 1 and (not told_twice or (None not in sides and len(sides) == len(plain))):
            # different sides' dead add up whoever reported them: "51 soldiers were killed, according
            # to the army; 160 assailants were neutralised"
            # several victim groups in one sentence add up: "10 militants were killed and 4 soldiers died"
            # a group told only as "several" or "an unknown number" adds no conventional figure to
            # groups given a figure ("two soldiers died and an unknown number of rebels were killed" = 2)
            counted = [x for x in plain if not _below_ten(x[1])] or plain
            d = [x for x in d if x[2]] + [
                (
                    sum(x[0] for x in counted),
                    " + ".join(x[1] for x in counted),
                    False,
                    all(x[3] for x in counted),
                )
            ]
        if len(d) == 1 and not d[0][2]:
            d = _with_lone_other_side(low, d)
        deaths.extend(d)
        if d:
            # a second source's figure for the same toll ("...; the taliban said 25"): the lowest is kept
            for m in ALT_FIGURE.finditer(low):
                word = m.group("n")
                n = parse_number(word)
                if (
                    n is not None
                    and not year_like(low, m.start("n"), word, n)
                    and word.strip() not in VAGUE_WORDS
                ):
                    deaths.append((n, m.group(0), False, False))
        if not d:
            no_figure.append(low)
        else:
            with_death.append(low)
        if numeric and _INJURY_HINT.search(low):
            injuries.extend(_scan(low, INJURY_PATTERNS))
    if superseded and len(deaths) > len(superseded):
        deaths = [x for x in deaths if x[1] not in superseded]
    vague: str | None = None
    if not deaths:  # a lone victim counts only when no sentence gives a figure
        for low in no_figure:
            for m in SINGLE_DEATH.finditer(low):
                if "number of" in m.group(0):  # "an unspecified number of ...": no lone victim
                    continue
                if not in_earlier(low, m.start(), m.end()) and not (
                    _BACKGROUND_HINT.search(low)
                    and any(a <= m.start() < b + 2 for a, b in _background_spans(low))
                ):
                    single_death = m.group(0)
                    break
            if single_death is not None:
                break
        if single_death is None:
            for low in no_figure:
                # "no casualties were reported" is no toll
                vm = next(
                    (
                        v
                        for v in VAGUE_DEATHS.finditer(low)
                        if low[max(0, v.start() - 3) : v.start()] != "no "
                    ),
                    None,
                )
                if vm:
                    vague = vm.group(0)
                    break
    reasons: list[str] = []
    fat: int | None = None
    vague_toll = False
    chosen = settle(deaths, _choose, with_death)
    if chosen:
        fat = chosen[0]
        reasons.append(f"fatalities={fat} from '{chosen[1]}'")
        lone = _lone_victim_beside_others(chosen[1], no_figure + with_death)
        if lone is not None:
            fat += 1
            reasons.append(f"fatalities={fat}: '{chosen[1]}' are others beside the victim of '{lone}'")
        later = later_died(no_figure + with_death) or later_one(no_figure + with_death, chosen[1])
        if later is not None and later[1] not in chosen[1]:
            fat += later[0]
            reasons.append(f"fatalities={fat}: '{later[1]}' adds the wounded who died later")
        vague_toll = _below_ten(chosen[1])
        if vague_toll and unknown:
            # "several fighters were killed. fatalities unknown": people died, the figure is unknown
            reasons[-1] = (
                f"fatalities unknown: '{chosen[1]}' gives no figure and the text says the toll is unknown"
            )
            fat = None
    elif single_death:
        fat, why = lone_deaths(no_figure, single_death)
        reasons.extend(why)
    elif vague and unknown:
        vague_toll = True
        reasons.append(f"fatalities unknown: '{vague}' gives no figure and the text says the toll is unknown")
    elif vague:
        fat = VAGUE_TOLL
        vague_toll = True
        reasons.append(
            f"fatalities={VAGUE_TOLL} (ACLED convention for a toll without a figure) from '{vague}'"
        )
    elif no_death:
        fat = 0
        reasons.append("fatalities=0: text says no one was killed")
    more = ordinal_more(no_figure + with_death, fat) if fat else None
    if more is not None:
        fat = more[0]
        reasons.append(f"fatalities={fat}: '{more[1]}' names one more victim")
    inj: int | None = None
    chosen = _choose(injuries)
    if chosen:
        inj = chosen[0]
        reasons.append(f"injured={inj} from '{chosen[1]}'")
    elif no_injury:  # "no one was hurt", "no casualties"; "nobody was killed" alone says nothing of injuries
        inj = 0
    return fat, inj, reasons, vague_toll
