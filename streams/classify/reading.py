"""What the rules of a classification read of a text (``streams/classify/engine.py``): an
event-log note without its place in parentheses and its key-value tags, a report without what
its protests are about, and the sentences the counts read, joined across semicolons."""

from __future__ import annotations

import re
from typing import NamedTuple

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


# a sports result: a score after a verb of result ("beat the Spurs 101-94", "lost 96-81") or
# before a noun of result ("a 2-2 draw", "a 27-10 loss"). The rules read it with a word of its
# own, `SCORELINE`, that marks the text as sport (the `figurative` context's `decisive` term). A
# range of figures is no score: it is followed by what it counts ("killed 10-15 people")
SCORELINE = "scoreline"
_SCORE = r"\d{1,3}-\d{1,3}(?![-\w])"
_AFTER_SCORE = (
    r"(?=\s*(?:[.,;:)]|$)|\s+(?:on|in|at|to|with|after|before|for|over|against|and|as|"
    r"(?:mon|tues|wednes|thurs|fri|satur|sun)day|last|this|tonight|victory|win|loss|defeat|draw|tie|"
    r"lead|triumph|rout|thrashing|drubbing|aggregate|home|away|overtime|shootout)\b)"
)
SPORTS_RESULT = re.compile(
    r"\b(?:beat|beats|beating|defeated|defeats|defeating|edged|edges|edging|routed|routs|routing|"
    r"crushed|crushes|thrashed|thrashes|downed|downs|blanked|whipped|trounced|outlasted|outscored|"
    r"won|wins|winning|lost|loses|losing|drew|draws|tied|ties)\b(?:\s+[^\s.;,]+){0,6}?\s+"
    r"(?P<a>" + _SCORE + r")" + _AFTER_SCORE + r"|"
    r"\b(?:a|an|the|their|its|his|her)\s+(?P<b>" + _SCORE + r")\s+(?:win|victory|loss|defeat|draw|tie|"
    r"triumph|rout|thrashing|drubbing|home win|away win|road win|shootout|overtime)\b",
    re.I,
)
_DIGIT_DASH = re.compile(r"\d-\d")
# a text that tells deaths is left as it is: a bomb outside a stadium "after City beat United 2-1,
# killing three fans" is no sport page's figure of speech
_DEATHS = re.compile(
    r"\b(?:killed|killing|kills|died|dies|dead|deaths|bodies|to death)\b(?! off\b| heat\b| ball\b)", re.I
)


def _with_scorelines(raw: str) -> str:
    """The text with `SCORELINE` after each sports result's score, unless it tells deaths."""
    if _DIGIT_DASH.search(raw) is None or _DEATHS.search(raw) is not None:
        return raw
    out, last = [], 0
    for m in SPORTS_RESULT.finditer(raw):
        end = m.end("a") if m.group("a") else m.end("b")
        out.append(raw[last:end])
        out.append(" " + SCORELINE)
        last = end
    if not out:
        return raw
    out.append(raw[last:])
    return "".join(out)


class Reading(NamedTuple):
    """What the rules read of a text: ``text`` (the text without an event-log note's place and
    tags and, in English, without what its protests are about, a sports result's score marked),
    and ``about``, the clauses left out for the protests."""

    text: str
    about: list[str]


def rules_reading(raw: str, lang: str, verbs: bool | None = None) -> Reading:
    """The text the rules read, and the clauses left out (``Reading``). `verbs`: whether the text
    holds a word of protest, when the caller knows (`PROTEST_TOKENS`)."""
    bare = _without_note_parts(raw)
    about: list[str] = []
    if lang == "en":
        bare = _with_scorelines(bare)
        low = bare.lower()
        if verbs is None:
            verbs = any(v in low for v in _PROTEST_VERBS)
        hints = tuple(h for h in _PROTEST_HINTS if h in low) if verbs else ()
        if hints:
            cut, about = _without_protest_subject(bare, low, hints)
            if about:
                bare = cut
    return Reading(bare, about)


def about_reasons(about: list[str]) -> list[str]:
    return [f"not read: '{a}' (what a protest is about, not an event of its own)" for a in about]


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
