"""Tolls in the wording of ACLED's own notes, read beside the grammar of `counts.py`.

- the figure coded for this event when a toll spans several: "15 soldiers were killed over two
  days; 8 coded for this event" = 8, "fatalities coded as 17" = 17;
- deaths coded as another event are not this one's: "58 inmates were killed. Four more were
  strangled the next day (coded separately)" = 58;
- a toll that adds to another told apart: "27 rebels were killed. 4 soldiers also died" = 31,
  "a further 3 died later", "two more were found";
- a side's losses: "6 soldiers were killed; the rebels lost 2 fighters" = 8, "also lost a soldier";
- victims named with their unit: "36 soldiers from the X (Y) operations room were killed";
- a victim named by a pronoun beside a figure: "shooting him and 8 others dead" = 9;
  "beat him to death", "beating him to death" = 1;
- the tally line closing a note: "killing 7 people before being shot dead. Fatalities: 9." = 9.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from streams.classify.count_words import _N, DEATH_VERB, NOT_ACTIVE, NUM, QUAL, VICTIM
from streams.classify.counts_sides import by_side

_Toll = tuple[int, str, bool, bool]

# the figure ACLED gives this event ("8 coded for this event", "[fatalities coded as 183]",
# "coded as 7 fatalities")
_CODED = [
    rf"\b{QUAL}{_N} (?:fatalities |deaths )?(?:(?:were|are|is|was) )?coded (?:(?:for|to|in|under) "
    rf"(?:this|the present|the current|today's|this day's) event|here)\b",
    rf"\b(?:fatalities|deaths|toll) (?:(?:were|was|are|is) )?coded as {QUAL}{_N}\b",
    rf"\bcoded as {QUAL}{_N} (?:fatalities|deaths)\b",
    # the tally line closing a note: "Fatalities: 9" (the note's own total, attackers included)
    rf"(?:^|[.;] )fatalities: {_N}\b(?! (?:injur|wound|hurt|missing|abduct|kidnap|arrest))",
]
CODED_FORMS = [re.compile(p) for p in _CODED]
CODED = re.compile("|".join(_CODED).replace("(?P<n>", "(?:"))
# deaths ACLED codes as another event, told in the same clause after the toll
SEPARATE = re.compile(
    r"\bcoded (?:separately|apart|as (?:a )?separate events?|in (?:a |the )?(?:later|other|separate|"
    r"following|next) events?)\b"
)
# a toll that adds to another: "4 soldiers also died", "four more were strangled", "a further 3"
ADDS = re.compile(r"\b(?:also|further|another|too)\b|\bmore\b(?! than)")
_ARMED = (
    r"(?:fighters|soldiers|troops|militants|combatants|militiam[ae]n|men|personnel|policemen|"
    r"police officers|officers|members|recruits|guards|rebels|insurgents)"
)
# a side's losses: "hts lost 2 fighters", "the army lost at least 5 of its soldiers"
_NOT_DEAD = r"(?! (?:to|through) (?:defection|desertion|retirement|resignation|arrest|capture)s?\b)"
LOST = re.compile(
    rf"\b(?:also )?lost {QUAL}{_N} (?:of (?:its|their|his|her) )?(?:[a-z'\-]+ )?{_ARMED}\b{_NOT_DEAD}"
)
# one: "the army also lost a soldier" (read in sentences without a figure too)
LOST_ONE = re.compile(
    rf"\b(?:also )?lost (?P<n>a|an|one) (?:[a-z'\-]+ )?(?:fighter|soldier|trooper|militant|combatant|"
    rf"militiam[ae]n|policeman|police officer|officer|member|guard|rebel|insurgent)\b{_NOT_DEAD}"
)
# more dead told after a toll: "2 more succumbed to their wounds later", "the bodies of 2 more victims"
MORE_DIED = re.compile(
    rf"\b{QUAL}{_N} more(?: {VICTIM})? (?:(?:were|was|have|had|also|later|subsequently) )*"
    rf"(?:died|succumbed|killed|dead|found dead|perished)\b"
)
MORE_BODIES = re.compile(rf"\bbodies of {QUAL}{_N} (?:more|further)\b")
# a victim told by a pronoun and others counted: "shooting him and 8 others dead" (the 1 added)
HIM_AND_OTHERS = re.compile(
    rf"\b(?:shooting|shot|stabbing|stabbed|hacking|hacked|beating|beat|burning|burned|burnt) "
    rf"(?:him|her) and {QUAL}(?P<plus1>{NUM}) others? (?:dead|to death|alive)\b"
)
# victims named with their unit before the verb: "36 soldiers from the bunyan masrous (solid structure)
# operations room were killed", "12 members of the 5th brigade were killed", "8 members of the barrio
# 18 gang were shot dead" (no clause and no other figure of people between: "2 soldiers from the base
# where 10 civilians were killed" is not 2)
_UNIT_WORD = (
    r"(?!(?:were|was|are|is|and|or|but|while|said|who|that|which|where|when|whose|after|before|as|killed|"
    rf"dead|died|wounded|injured)\b)(?!\d+ (?:{VICTIM}|were|was|have|had)\b)[\w'\-()]+"
)
OF_UNIT = re.compile(
    rf"\b{QUAL}{_N} {VICTIM} (?:from|of|belonging to) (?:{_UNIT_WORD} ){{1,8}}?(?:were|have been|had been) "
    rf"(?:\w+ )?{DEATH_VERB}\b{NOT_ACTIVE}"
)
ACLED_FIRST = [*CODED_FORMS, HIM_AND_OTHERS, MORE_BODIES]  # before the grammar's patterns take their figures
# a lone victim told by a pronoun and a manner of killing: "beat him to death", "burned her alive"
# (not a threat or a plan: "threatened to beat him to death")
SINGLE_HIM = re.compile(
    r"(?<!\bto )(?<!\bwould )(?<!\bcould )(?<!\bwill )(?<!\bthreatened )"
    r"\b(?:beat|hacked|stabbed|stoned|burned|burnt|clubbed|tortured|bludgeoned|kicked|beating|hacking|"
    r"stabbing|stoning|burning|clubbing|torturing|bludgeoning|kicking) (?:him|her) (?:to death|alive)\b|"
    # or a verb of killing itself: "stormed the soldier's house and killed him" (not "nearly killed him")
    r"(?<!\bto )(?<!\bwould )(?<!\bcould )(?<!\bnearly )(?<!\balmost )(?<!\bthreatened )"
    r"\b(?:killed|murdered|executed|beheaded|strangled|lynched) (?:him|her)\b(?! (?:off|over|with kindness))"
)
# a lone victim who died later of the wounds, beside a toll: "and a bystander died later of his
# wounds", "another civilian died of wounds two days later" (not "one", which may be one of the toll:
# "two were killed, one died later of his wounds"; nor "a soldier died of his wounds", told at once)
LATER_VICTIM_DIED = re.compile(
    r"\b(?:a|an|another) (?:(?!(?:who|that|which|of|among)\b)[a-z'\-]+ ){1,3}?(?:(?P<a>later|subsequently) )?"
    r"(?:died|succumbed) "
    r"(?:(?P<b>later|subsequently) )?(?:of|from|to) (?:(?:his|her|their) )?(?:wounds|injuries)\b"
    r"(?P<c>(?: [a-z]+){0,3} later\b)?"
)


def separate(low: str, d: list[_Toll]) -> list[_Toll]:
    """The tolls of one lower-case sentence this event keeps: the figure coded for it alone when the
    note gives one; none that the note codes as another event."""
    if "coded" not in low:
        return d
    coded = [x for x in d if CODED.search(x[1])]
    if coded:
        return coded
    keep = []
    for x in d:
        at = low.find(x[1])
        clause = re.split(r"[;:]", low[at:])[0] if at >= 0 else ""
        if not SEPARATE.search(clause):
            keep.append(x)
    return keep


def settle(
    deaths: list[_Toll],
    choose: Callable[[list[_Toll]], tuple[int, str] | None],
    sentences: list[str] | None = None,
) -> tuple[int, str] | None:
    """The toll of the note: a figure coded for the event; else the one `choose` keeps among the
    reports of one toll, plus the tolls told as adding to it ("4 soldiers also died"); the dead of
    different sides told in different `sentences` add up (`counts_sides.by_side`)."""
    if sentences is not None:
        choose = by_side(choose, sentences)
    coded = [x for x in deaths if " + " not in x[1] and CODED.search(x[1])]
    if coded:
        return choose(coded)
    extra = [x for x in deaths if not x[2] and not x[3] and " + " not in x[1] and ADDS.search(x[1])]
    base = [x for x in deaths if x not in extra]
    chosen = choose(base) if extra and base else None
    if chosen is None:
        return choose(deaths)
    parts: list[_Toll] = []
    for x in extra:  # one figure told twice ("4 soldiers also died ... 4 soldiers also died") adds once
        if all(x[1] != y[1] for y in parts):
            parts.append(x)
    return chosen[0] + sum(x[0] for x in parts), " + ".join([chosen[1], *(x[1] for x in parts)])


def later_one(sentences: list[str], evidence: str) -> tuple[int, str] | None:
    """A victim who died later of the wounds, told beside the toll `evidence` and not in it."""
    for low in sentences:
        spans = [(at, at + len(p)) for p in evidence.split(" + ") if (at := low.find(p)) >= 0]
        for m in LATER_VICTIM_DIED.finditer(low):
            inside = any(a < m.end() and m.start() < b for a, b in spans)
            later = m.group("a") or m.group("b") or m.group("c") or m.group(0).startswith("another")
            if later and not inside:
                return 1, m.group(0)
    return None


ACLED_LAST = [LOST, LOST_ONE, OF_UNIT, MORE_DIED]  # after them: figures the grammar leaves

__all__ = ["ACLED_FIRST", "ACLED_LAST", "SINGLE_HIM", "later_one", "separate", "settle"]
