"""What the rules of a classification read of a text (``streams/classify/engine.py``): an
event-log note without its place in parentheses and its key-value tags, a report without what
its protests are about, and the sentences the counts read, joined across semicolons."""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import NamedTuple

from streams.classify import hotscan
from streams.classify.governed import cut_spans, without_governed_clauses
from streams.classify.reading_intl import without_background_clauses
from streams.classify.who_did import victims_by_crime, without_background

# the structured parts of an event-log note that tell no event: the place in parentheses
# "(Kharkiv, Kharkivskyi)" and key-value tags "[size=no report]", "[women targeted: girls]". The
# rules read the note without them (a place's words sit between an office and its verb, a tag's
# "targeted" or "candidates" is no attack); the place is still read from the note as written
NOTE_PARTS = re.compile(
    r"[(\[](?:(?<=\()[A-Z][\w'\-]*(?: [\w'\-]+){0,3}, [A-Z][\w'\-]*(?: [\w'\-]+){0,3}\)|"
    r"(?<=\[)[a-z][a-z ]{0,30}[=:][^\]\n]{0,80}\])"
)


# what a protest is about is not an event of its own: "demonstrated in Amman against the air
# strikes on Gaza", "held a vigil in memory of the civilians killed", "marched to denounce drone
# strikes that killed three". The clause from the word of purpose to the end of its clause is not
# read by the rules (nor its toll counted); a protest that turns violent says so in its own clause
# ("protesters clashed with police over the killing ...": no protest verb before the purpose)
# the verbs (and nouns) of protest; `_PROTEST_VERBS` and `PROTEST_TOKENS` below are quick
# pre-tests for them (tests/streams/test_classify_reading.py ties the three together)
PROTEST_VERB = (
    r"(?:protest(?:ed|ing|s)?|demonstrat(?:ed|ing|ions?)|march(?:ed|ing|es)?|rall(?:ied|ying|y|ies)|"
    r"sit-ins?|sit ins?|vigils?|boycott(?:ed|ing)?|went on strike|gathered)"
)
PROTEST_SUBJECT = re.compile(
    r"\b" + PROTEST_VERB + r"\b"
    r"[^.;!?\n]{0,80}?\b(?P<subject>(?:against|"
    r"to (?:condemn|denounce|protest|mourn|decry|commemorate|honou?r)|"
    r"condemning|denouncing|decrying|in (?:solidarity|support) (?:with|of)|in memory of|"
    r"for (?:the )?victims of|demanding justice for|calling for justice for|"
    r"over the (?:killing|death|murder|abduction|kidnapping|shelling|bombing)s?)\b"
    r"[^.;!?\n]*?)(?=,\s|\s(?:but|while|when|before|until|where|whereupon|then|as)\b|"
    r"(?<!that)(?<!which)(?<!who) (?:were|was) |"
    r"\sand (?:the )?(?:police|security|soldiers|troops|forces|army|riot)\b|"
    # the verb of what the protesters then did ("youths protesting against insecurity blocked the road and
    # set fire to the gendarmerie post"), not of someone the purpose names ("against troops who burned")
    r"(?<!that)(?<!which)(?<!who)(?<!whom) (?:blocked|barricaded|burned|burnt|torched|set fire|set ablaze|"
    r"stormed|looted|ransacked|vandali[sz]ed|smashed|pelted|stoned|threw|hurled|clashed)\b|"
    r"[.;!?\n]|$)",
    re.I,
)


_PROTEST_VERBS = (
    "protest",
    "demonstrat",
    "march",
    "rall",
    "sit-in",
    "sit in",
    "vigil",
    "boycott",
    "strike",
    "gathered",
)
# the tokens one of PROTEST_SUBJECT's verbs of protest holds (a superset: a quick, exact pre-test)
PROTEST_TOKENS = frozenset(
    b"protest protests protested protesting demonstrated demonstrating demonstration demonstrations march "
    b"marched marching marches rally rallies rallied rallying sit vigil vigils boycott boycotted boycotting "
    b"strike gathered".split()
)
_CLAUSE_END = re.compile(r"[.;!?\n]")
_CLAUSE_END_CHARS = ".;!?\n"  # the same, as characters


def _without_protest_subject(raw: str, low: str, hints: tuple[str, ...]) -> tuple[str, list[str]]:
    """The text with what its protests are about left out, and the clauses left out. The pattern
    runs only around the words of purpose found (`hints`, in the lower-cased text `low`): from a
    little before each (where a verb of protest can be) to the end of its sentence."""
    windows: list[tuple[int, int]] = []
    for h in hints:
        i = low.find(h)
        while i >= 0:
            stop = _CLAUSE_END.search(low, i)
            start = low.rfind(" ", 0, max(0, i - 110)) + 1
            windows.append((start, stop.end() if stop else len(low)))
            i = low.find(h, i + 1)
    merged: list[list[int]] = []
    for w_start, w_end in sorted(windows):
        if merged and w_start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], w_end)
        else:
            merged.append([w_start, w_end])
    cuts: list[tuple[int, int]] = []
    gone: list[str] = []
    for start, end in merged:
        part = low[start:end]
        if not any(o in part for o in _PROTEST_VERBS):
            continue
        for m in PROTEST_SUBJECT.finditer(raw, start, end):
            a, b = m.span("subject")
            if not cuts or a >= cuts[-1][1]:
                cuts.append((a, b))
                gone.append(m.group("subject"))
    if not cuts:
        return raw, gone
    out, last = [], 0
    for a, b in cuts:
        out.append(raw[last:a])
        last = b
    out.append(raw[last:])
    return "".join(out), gone


_PROTEST_HINTS = (
    "against",
    "condemn",
    "denounc",
    "to protest",
    "mourn",
    "decry",
    "commemorat",
    "honour",
    "honor",
    "solidarity",
    "support of",
    "memory of",
    "victims of",
    "justice for",
    "over the ",
)


# a strategic development told with the earlier violence it follows: "signed a ceasefire, after
# fighting that killed 600", "police defused a car bomb, two days after a bomb killed 5 people",
# "detained a commander in connection with an ambush in which seven police officers were killed".
# When the clause before the time reference tells no violence of its own and its verb is one of
# agreement, announcement or protest (`STRATEGIC_VERB`), or one of arrest or disarming
# (`DATED_VERB`) and the text says the violence was earlier, the rules do not read the earlier
# event (the counts leave its toll out already: `counts_grammar.EARLIER`)
STRATEGIC_VERB = re.compile(
    r"\b(?:signed|agreed|announced|extended|declared|created|established|set up|held talks|resumed talks|"
    r"protested|demonstrated|marched|rallied|gathered|held (?:a|an) (?:sit-in|vigil|rally|march|protest|"
    r"demonstration|meeting|press conference|funeral|strike)|appointed|suspended|closed|imposed|"
    r"opened (?:an?|its|their|the) (?:\w+ )?(?:office|base|headquarters|camp|branch|court|checkpoint)|"
    r"attended (?:the|a) (?:funeral|burial|memorial))\b"
)
# acts that may follow the day's own violence ("police arrested 20 after clashes left 2 dead"): that
# violence is earlier only when the text says so ("two days after", "earlier in the month", "in
# connection with", "accused of")
DATED_VERB = re.compile(
    r"\b(?:defused|dismantled|deactivated|neutrali[sz]ed an? (?:ied|explosive|device|bomb|mine)|detained|"
    r"arrested|apprehended|handed over|released|surrendered|sentenced|charged|convicted)\b"
)
EARLIER_MARK = re.compile(
    r",? \b(?:(?P<dist>(?:(?:a|one|two|three|four|five|six|several|a few|\d+) )?"
    r"(?:days?|weeks?|months?|years?) after|shortly after)|after|"
    r"following(?= (?:the|a|an|his|her|their|its|last|recent|deadly|clashes|fighting|attacks|violence|riots|"
    r"protests|days|weeks|months)\b)|"
    r"(?P<rel>in connection with|accused of|suspected of|charged with|wanted for)|"
    # a place the development happens in, taken earlier: "opened an office in Paletwa, which it took
    # control of in January" (dated by a time reference after it, `_EARLIER_TIME`)
    r"(?P<which>which (?:it|they|the \w+) (?:had )?|"
    # people a development is about, told dead earlier: "attended the funeral of two escorts who were
    # killed in an ambush last week"
    r"who (?:were|was|had been|have been|had|died|lost)))\b"
)
_EARLIER_TIME = re.compile(
    r"\b(?:earlier|previous|last (?:week|month|year)|(?:days|weeks|months|years) (?:ago|before)|"
    r"in (?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"(?:19|20)\d\d))\b"
)
_VIOLENT_MAIN = re.compile(
    r"\b(?:kill|attack|clash|fought|fight|shell|bombed|bombing|bombard|explod|blast|shot|shoot|fired|fire on|"
    r"ambush|struck|"
    r"raid|abduct|kidnap|burn|torch|loot|wound|injur|dead|died|death|storm|overr[au]n|captur|seiz|"
    r"violen|riot|teargas|tear gas|beat|stab|hack|lynch|dispers)"
)
# a piece of every word `STRATEGIC_VERB` and `DATED_VERB` match: a text with none of them has no
# clause to cut, and is passed over with a few substring tests instead of its clauses' searches
_VERB_STEMS = (
    "sign",
    "agree",
    "announc",
    "extend",
    "declar",
    "creat",
    "establish",
    "set up",
    "talks",
    "protest",
    "demonstrat",
    "march",
    "rall",
    "gather",
    "held",
    "appoint",
    "suspend",
    "close",
    "impose",
    "defus",
    "dismantl",
    "deactivat",
    "neutrali",
    "detain",
    "arrest",
    "apprehend",
    "handed over",
    "releas",
    "surrender",
    "sentenc",
    "charged",
    "convict",
    "opened",
    "attended",
)
_STRATEGIC_HINTS = (
    "after",
    "following",
    "in connection",
    "accused of",
    "suspected of",
    "charged with",
    "wanted for",
    "which",
    "who ",
)
_N_HINTS = len(_STRATEGIC_HINTS)
_HINT_SCANNER = (
    hotscan.LiteralScanner([x.encode("ascii") for x in _STRATEGIC_HINTS + _VERB_STEMS])
    if hotscan.available()
    else None
)


def _without_earlier_events(raw: str) -> tuple[str, list[str]]:
    """The text without the earlier events its strategic developments are told after, and those
    clauses (from the time reference to the end of its clause). Only the clauses that hold a hint
    and a verb's stem are read: they are found from the hints' offsets, not by walking every
    clause (a clause without a stem holds no verb of `STRATEGIC_VERB` or `DATED_VERB`)."""
    low = raw.lower()
    if len(low) != len(raw):  # a letter whose lower case is longer: no offsets to share
        return _without_earlier_events_slow(raw)
    if _HINT_SCANNER is not None:
        # the hints and stems in one pass in C (a character beyond ASCII is one "?", so that
        # the offsets are the text's)
        places = _HINT_SCANNER.starts(low.encode("ascii", "replace"))
        hints = [p for p, k in places if k < _N_HINTS]
        stems = [p for p, k in places if k >= _N_HINTS]
        if not hints or not stems:
            return raw, []
    else:
        if not (any(h in low for h in _STRATEGIC_HINTS) and any(v in low for v in _VERB_STEMS)):
            return raw, []
        hints = sorted(p for h in _STRATEGIC_HINTS for p in _places(low, h))
        stems = sorted(p for v in _VERB_STEMS for p in _places(low, v))
    clauses: set[tuple[int, int]] = set()
    for p in hints:
        stop = _CLAUSE_END.search(raw, p)
        end = stop.start() if stop is not None else len(raw)
        start = max(raw.rfind(c, 0, p) for c in _CLAUSE_END_CHARS) + 1
        clauses.add((start, end))
    cuts: list[tuple[int, int]] = []
    for start, end in sorted(clauses):
        i = bisect_left(stems, start)
        if i == len(stems) or stems[i] >= end:  # no verb's stem in the clause
            continue
        cut = _earlier_in(low[start:end])
        if cut is not None:
            cuts.append((start + cut, end))
    return cut_spans(raw, cuts)


def _places(low: str, s: str) -> list[int]:
    out, p = [], low.find(s)
    while p >= 0:
        out.append(p)
        p = low.find(s, p + 1)
    return out


def _without_earlier_events_slow(raw: str) -> tuple[str, list[str]]:
    """`_without_earlier_events` clause by clause, each lowered on its own: for a text whose lower
    case is longer than itself, and the definition the other is tested against."""
    cuts: list[tuple[int, int]] = []
    start = 0
    for end_m in [*_CLAUSE_END.finditer(raw), None]:
        end = end_m.start() if end_m is not None else len(raw)
        clause = raw[start:end].lower()
        cut = _earlier_in(clause) if any(h in clause for h in _STRATEGIC_HINTS) else None
        if cut is not None:
            cuts.append((start + cut, end))
        start = end_m.end() if end_m is not None else len(raw)
    return cut_spans(raw, cuts)


def _earlier_in(clause: str) -> int | None:
    """Where an earlier event starts in a lower-case clause (its time reference), when the clause
    before it tells a strategic development and no violence of its own; else None."""
    mark = EARLIER_MARK.search(clause)
    if mark is None:
        return None
    head = clause[: mark.start()]
    dated = mark.group("dist") or mark.group("rel") or _EARLIER_TIME.search(clause, mark.end())
    if mark.group("which") and not _EARLIER_TIME.search(clause, mark.end()):
        dated = None
        head = ""  # a relative clause of the day's own event
    if (STRATEGIC_VERB.search(head) or dated and DATED_VERB.search(head)) and not _VIOLENT_MAIN.search(head):
        return mark.start()
    return None


# a sports result: a score after a verb of result ("beat the Spurs 101-94", "lost 96-81") or
# before a noun of result ("a 2-2 draw", "a 27-10 loss"). The rules read it with a word of its
# own, `SCORELINE`, that marks the text as sport (the `figurative` context's `decisive` term). A
# range of figures is no score: it is followed by what it counts ("killed 10-15 people")
SCORELINE = "scoreline"
# before the score: a verb of result and up to six words ("beat the San Antonio Spurs 101-94"),
# none of them ending a clause
_RESULT_VERBS = frozenset(
    "beat beats beating defeated defeats defeating edged edges edging routed routs routing crushed crushes "
    "thrashed thrashes downed downs blanked whipped trounced outlasted outscored won wins winning lost "
    "loses losing drew draws tied ties".split()
)
# or a determiner before it and a noun of result after it ("a 2-2 draw", "a 27-10 loss")
_DETERMINERS = frozenset("a an the their its his her".split())
_RESULT_NOUN = re.compile(
    r"\s+(?:win|victory|loss|defeat|draw|tie|triumph|rout|thrashing|drubbing|home win|away win|road win|"
    r"shootout|overtime)\b",
    re.I,
)
# after a verb's score: the end of a clause, a preposition or a day, not a noun it counts
# ("killed 10-15 people")
_AFTER_SCORE = re.compile(
    r"\s*(?:[.,;:)]|$)|\s+(?:on|in|at|to|with|after|before|for|over|against|and|as|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|last|this|tonight|victory|win|loss|defeat|draw|tie|"
    r"lead|triumph|rout|thrashing|drubbing|aggregate|home|away|overtime|shootout)\b",
    re.I,
)
# a text that tells deaths is left as it is: a bomb outside a stadium "after City beat United 2-1,
# killing three fans" is no sport page's figure of speech
_DEATH_HINTS = ("kill", "died", "dies", "dead", "deaths", "bodies", "to death")
_DEATHS = re.compile(
    r"\b(?:killed|killing|kills|died|dies|dead|deaths|bodies|to death)\b(?! off\b| heat\b| ball\b)", re.I
)
_CLAUSE_MARKS = frozenset(".;,")


def _scores(raw: str) -> list[tuple[int, int]]:
    """Spans of one to three digits, a hyphen and one to three digits, standing alone."""
    out = []
    n = len(raw)
    i = raw.find("-", 1)
    while i > 0:
        if raw[i - 1].isdigit() and raw[i + 1 : i + 2].isdigit():
            a = i - 1
            while a > 0 and raw[a - 1].isdigit():
                a -= 1
            b = i + 2
            while b < n and raw[b].isdigit():
                b += 1
            alone = (a == 0 or not (raw[a - 1].isalnum() or raw[a - 1] in "-_")) and (
                b == n or not (raw[b].isalnum() or raw[b] in "-_")
            )
            if alone and i - a <= 3 and b - i - 1 <= 3:
                out.append((a, b))
        i = raw.find("-", i + 1)
    return out


def _after_result_verb(before: str) -> bool:
    if not before[-1:].isspace():
        return False
    words = before.split()[-7:]
    for k, w in enumerate(reversed(words)):
        if w.lower() in _RESULT_VERBS:
            return True
        if k == 6 or _CLAUSE_MARKS.intersection(w):
            return False
    return False


def _with_scorelines(raw: str) -> str:
    """The text with `SCORELINE` after each sports result's score, unless it tells deaths."""
    ends = []
    for start, end in _scores(raw):
        before = raw[max(0, start - 90) : start]
        if _after_result_verb(before) and _AFTER_SCORE.match(raw, end):
            ends.append(end)
        elif before[-1:].isspace() and before.split()[-1:] and before.split()[-1].lower() in _DETERMINERS:
            if _RESULT_NOUN.match(raw, end):
                ends.append(end)
    if not ends:
        return raw
    low = raw.lower()
    if any(h in low for h in _DEATH_HINTS) and _DEATHS.search(raw) is not None:
        return raw
    out, last = [], 0
    for end in ends:
        out.append(raw[last:end])
        out.append(" " + SCORELINE)
        last = end
    out.append(raw[last:])
    return "".join(out)


# an earlier event dated by its year: a year before the event's noun ("the 2021 earthquake", "the
# 1984 gas leak", "Settles Over 2015 Port Explosion"), or a year before 1900 ("killed in a battle
# ... in 1632"). The rules read it with a word of its own before the year, `DATED`, a term of the
# `history` context (the nouns of single events, not of a war or an offensive that may still go
# on: "troops killed 20 militants in the 2024 offensive"). Not after a word of comparison: the lead
# of a new event may measure it against an old one ("the deadliest since the 2015 attacks")
DATED = "yesteryear"
_EVENT_NOUNS = frozenset(
    "earthquake earthquakes quake quakes flood floods flooding explosion explosions blast blasts "
    "collapse collapses attack attacks bombing bombings siege sieges fire fires crash crashes "
    "disaster disasters tsunami tsunamis hurricane hurricanes storm storms typhoon typhoons cyclone "
    "cyclones eruption eruptions landslide landslides mudslide mudslides wildfire wildfires bushfire "
    "bushfires massacre massacres shooting shootings leak leaks spill spills derailment derailments "
    "stampede stampedes crush riot riots uprising uprisings killing killings hijacking hijackings "
    "kidnapping kidnappings ambush ambushes tornado tornadoes avalanche avalanches".split()
)
# quick pre-tests (the pre-test's words, engine.py): a year's token, and an event noun or an old year
YEAR_TOKENS = frozenset(str(y).encode() for y in range(1000, 2100))
DATED_HINT_TOKENS = frozenset(w.encode() for w in _EVENT_NOUNS) | frozenset(
    str(y).encode() for y in range(1000, 1900)
)
_YEAR = re.compile(r"(?<![\d,.$])(1[0-9]\d\d|20\d\d)(?![\d,%])")
_OLD_YEAR_BEFORE = frozenset("in of during from".split())
_COMPARISON = frozenset("since than like as worst deadliest biggest largest".split())


def _with_dated_years(raw: str, year: int | None = None) -> str:
    """The text with `DATED` before each year that dates an earlier event. `year`: the year the text
    was published, when known: a year from then on dates no earlier event ("the 2026 floods have
    killed 12" in a report of 2026)."""
    starts = []
    for m in _YEAR.finditer(raw):
        if year is not None and int(m.group(1)) >= year:
            continue
        start = m.start()
        before = raw[max(0, start - 30) : start].lower().split()[-2:]
        if m.group(1) < "1900":
            if before[-1:] and before[-1] in _OLD_YEAR_BEFORE:
                starts.append(start)
            continue
        after = raw[m.end() : m.end() + 40]
        if after[:1] not in (" ", "-"):
            continue
        for w in after.lower().replace("-", " ").split()[:3]:
            core = w.strip('.,;:!?"()')
            core = core[:-2] if core.endswith("'s") else core
            if core in _EVENT_NOUNS:
                if _COMPARISON.isdisjoint(before):
                    starts.append(start)
                break
            if core != w or not core.isalpha():
                break  # a clause mark or a figure: "in 2021, floods ..." is no year of the floods
    if not starts:
        return raw
    out, last = [], 0
    for start in starts:
        out.append(raw[last:start])
        out.append(DATED + " ")
        last = start
    out.append(raw[last:])
    return "".join(out)


class Reading(NamedTuple):
    """What the rules read of a text: ``text`` (the text without an event-log note's place and
    tags and, in English, without what its protests are about and the earlier events its
    strategic developments follow, a sports result's score marked), ``about``, the clauses left
    out for the protests, and ``earlier``, those left out as earlier events."""

    text: str
    about: list[str]
    earlier: tuple[str, ...] = ()


def rules_reading(
    raw: str, lang: str, verbs: bool | None = None, years: bool | None = None, year: int | None = None
) -> Reading:
    """The text the rules read, and the clauses left out (``Reading``). `verbs`: whether the text
    holds a word of protest, when the caller knows (`PROTEST_TOKENS`); `years`: whether it may hold
    a dated earlier event (`YEAR_TOKENS` and `DATED_HINT_TOKENS`); `year`: the year it was
    published, when known (`_with_dated_years`)."""
    bare = _without_note_parts(raw)
    about: list[str] = []
    if lang == "en":
        bare = _with_scorelines(bare)
        if years is not False:
            bare = _with_dated_years(bare, year)
        bare, _ = without_governed_clauses(bare)  # a hypothetical's own clause (governed.py)
        bare = victims_by_crime(without_background(bare)[0])  # who did what (who_did.py)
        low = bare.lower()
        if verbs is None:
            verbs = any(v in low for v in _PROTEST_VERBS)
        hints = tuple(h for h in _PROTEST_HINTS if h in low) if verbs else ()
        if hints:
            cut, about = _without_protest_subject(bare, low, hints)
            if about:
                bare = cut
        bare, earlier = _without_earlier_events(bare)
        return Reading(bare, about, tuple(earlier))
    bare, _ = without_background_clauses(bare, lang)  # a relative clause of background (French)
    return Reading(bare, about)


def about_reasons(about: list[str], earlier: tuple[str, ...] = ()) -> list[str]:
    return [f"not read: '{a}' (what a protest is about, not an event of its own)" for a in about] + [
        f"not read: '{e}' (an earlier event a strategic development follows)" for e in earlier
    ]


def count_clauses(sentences: list[str], hinted: set[int], blocked: set[int]) -> list[str]:
    """The sentences to count from: the hinted ones that no context blocks, each joined with the
    clauses a semicolon splits off it ("51 soldiers were killed, per the army; 160 assailants were
    neutralised"; "the un recorded 53 dead; the taliban said 25"), so that a second side's toll or
    a second source's figure is read with the first."""
    if not any(s.endswith(";") for s in sentences):
        return [sentences[i] for i in sorted(hinted - blocked)]
    out: list[str] = []
    group: list[int] = []
    for i, s in enumerate(sentences):
        group.append(i)
        if s.endswith(";") and i + 1 < len(sentences):
            continue
        keep = [j for j in group if j not in blocked]
        if any(j in hinted for j in keep):
            out.append(" ".join(sentences[j] for j in keep))
        group = []
    return out


def _without_note_parts(raw: str) -> str:
    return NOTE_PARTS.sub("", raw) if ("(" in raw or "[" in raw) else raw
