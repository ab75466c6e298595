"""The dead of different sides told in different sentences add up, as ACLED counts every death.

`counts.py` adds the figures of one sentence when they count different kinds of people ("6 soldiers
and 10 militants were killed"), and keeps the lowest of figures told in different sentences (one toll
told twice: "police said 4 were killed. Witnesses said 7"). A note often tells each side's dead in a
sentence of its own:

- "... killing 6 soldiers. The army said 10 assailants were neutralised" = 16;
- "... killing 11 civilians. Residents later caught and killed 3 of the militants" = 14 (the victims
  of a figure told after it: "killed 3 of the militants").

Figures add up only when every figure names its kind (state forces, armed groups, civilians) and at
least two kinds are told, each in sentences of its own; a figure of "people", a second source's
figure ("the taliban said 25"), a figure said to be unverified, a rise, a vague word, or two kinds
in one sentence that the sentence did not add (one toll told two ways) leave the choice to `choose`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.classify.count_words import ALT_FIGURE

_Toll = tuple[int, str, bool, bool]

KINDS = (
    re.compile(
        r"\b(?:soldiers?|troops|police(?:m[ae]n|wom[ae]n)?|officers?|personnel|servicem[ae]n|"
        r"security forces|gendarmes?|marines|conscripts?|guards?|peacekeepers?|recruits?|"
        r"policem[ae]n|troopers?)\b"
    ),
    re.compile(
        r"\b(?:militants?|fighters?|insurgents?|rebels?|jihadists?|gunmen|attackers?|assailants?|"
        r"terrorists?|bandits?|islamists?|combatants?|militiam[ae]n|dissidents?|separatists?|"
        r"kidnappers?|raiders?|bombers?)\b"
    ),
    re.compile(
        r"\b(?:civilians?|villagers?|residents?|passengers?|worshippers?|students?|pupils?|farmers?|"
        r"herders?|traders?|miners?|children|displaced|refugees?|fishermen|travell?ers?)\b"
    ),
)
# a figure its own sentence says is unverified ("a figure that could not be verified") adds nothing
HEDGED = re.compile(
    r"\b(?:could not|cannot|can't|couldn't) (?:be )?(?:independently )?(?:verif|confirm)\w*|"
    r"\b(?:unverified|unconfirmed|not (?:been )?(?:independently )?(?:verified|confirmed))\b"
)
# the victims named after the figure: "killed 3 of the militants", "killed 3 of them" (no kind)
_OF_WHOM = re.compile(r" of (?:the|its|their|his|her) (?:[a-z'\-]+ ){0,2}?([a-z'\-]+)")


def kind_of(evidence: str, sentence: str) -> int | None:
    """0 (state forces), 1 (armed groups), 2 (civilians) or None (people, mixed, not told)."""
    text = evidence
    at = sentence.find(evidence)
    if at >= 0:
        m = _OF_WHOM.match(sentence, at + len(evidence))
        if m is not None:
            text = f"{evidence} {m.group(0)}"
    found = [k for k, pat in enumerate(KINDS) if pat.search(text)]
    return found[0] if len(found) == 1 else None


def _sentence_of(evidence: str, sentences: list[str]) -> int | None:
    return next((i for i, s in enumerate(sentences) if evidence in s), None)


def by_side(
    choose: Callable[[list[_Toll]], tuple[int, str] | None], sentences: list[str]
) -> Callable[[list[_Toll]], tuple[int, str] | None]:
    """`choose`, but figures of different kinds told in different sentences add up (the lowest
    figure of each kind kept)."""

    def pick(found: list[_Toll]) -> tuple[int, str] | None:
        if len(found) < 2 or any(x[2] or x[3] or " + " in x[1] or ALT_FIGURE.match(x[1]) for x in found):
            return choose(found)
        where = [_sentence_of(x[1], sentences) for x in found]
        if None in where:
            return choose(found)
        if any(HEDGED.search(sentences[i]) for i in where if i is not None):
            return choose(found)
        kinds = [kind_of(x[1], sentences[i]) for x, i in zip(found, where, strict=True) if i is not None]
        if None in kinds or len(set(kinds)) < 2:
            return choose(found)
        if len(set(zip(where, kinds, strict=True))) > len(set(where)):
            return choose(found)  # two kinds in one sentence that it did not add: one toll told twice
        parts: list[tuple[int, str]] = []
        for k in sorted({k for k in kinds if k is not None}):
            best = choose([x for x, kk in zip(found, kinds, strict=True) if kk == k])
            if best is not None:
                parts.append(best)
        return sum(p[0] for p in parts), " + ".join(p[1] for p in parts)

    return pick


__all__ = ["KINDS", "by_side", "kind_of"]
