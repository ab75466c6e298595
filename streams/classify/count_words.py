"""The words and number phrases the casualty counts are built of (``streams/classify/counts.py``):
number words and their values, qualifiers ("at least"), victims, verbs of death and injury,
auxiliaries, and the small patterns that join them."""

from __future__ import annotations

import re

UNITS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "single": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a dozen": 12,
    "dozen": 12,
    "dozens": 12,
    "tens": 10,
    "several": 10,
    "many": 10,
    "scores": 20,
    "hundreds": 100,
    "a hundred": 100,
    "one hundred": 100,
    "thousands": 1000,
    "a couple": 2,
    "a couple of": 2,
    "both": 2,
    "two dozen": 24,
    # ACLED codes "dozens" as 12; "several dozen" or "a few dozen" is no more precise
    "several dozen": 12,
    "a few dozen": 12,
    "three dozen": 36,
    # ACLED codes a reported but unknown toll as 10, like "several"
    "an unknown number of": 10,
    "unknown number of": 10,
    "an unspecified number of": 10,
    "an undisclosed number of": 10,
    "an undetermined number of": 10,
    "a number of": 10,
    "scores of": 20,
    "dozens of": 12,
    "hundreds of": 100,
    "tens of": 10,
}
_WORDS = sorted(UNITS, key=len, reverse=True)
_NUM_WORD = "|".join(re.escape(w) for w in _WORDS if w not in ("a", "an", "both"))
# a number: digits (1,200) or words ("twenty-three", "a dozen")
NUM = (
    r"(?:\d{1,3}(?:,\d{3})+|\d+|"
    r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)[- ]"
    r"(?:one|two|three|four|five|six|seven|eight|nine)|"
    rf"{_NUM_WORD})"
)
QUAL = (
    r"(?:at least |as many as |up to |some |about |around |nearly |almost |approximately |roughly |"
    r"more than |over |an estimated |a total of |another |a further |further |all )?"
)
VICTIM = (
    # up to 4 modifiers ("alleged islamic state militants"), never a verb or a determiner
    r"(?:(?!(?:were|was|are|is|and|or|a|an|the|have|has|had|been|killed|dead|wounded|"
    r"injured)\b)[a-z'\-]+ ){0,4}?"
    r"(?:people|persons|person|civilians?|soldiers?|troops|policem[ae]n|police officers?|officers?|"
    r"militants?|fighters?|insurgents?|rebels?|protesters?|demonstrators?|students?|children|child|"
    r"women|woman|men|man|villagers?|residents?|worshipp?ers?|passengers?|miners?|workers?|"
    r"members?|guards?|gunmen|attackers?|assailants?|suspects?|farmers?|herders?|pupils?|"
    r"migrants?|refugees?|tourists?|others?|individuals?|victims?|bodies|casualties|"
    r"combatants?|security forces|personnel|militiam[ae]n|jihadists?|recruits?|staff|"
    r"journalists?|teachers?|pilgrims?|patients?|family members|relatives|inmates|prisoners|"
    r"shoppers|crew|crew members|firefighters|rescuers|boys?|girls?|babies|infants|"
    r"gendarmes|conscripts|servicemen|marines|guests|fans|spectators|voters|traders|youths?|"
    r"police|gendarmes?|peacekeepers?|conscripts?|officials?|activists?|islamists?|terrorists?|bandits?|"
    r"drivers?|motorists?|herdsmen|fishermen|pastoralists?|traders?|imams?|priests?|pastors?|chiefs?|"
    r"leaders?|cadres?|supporters?|servants?|commanders?|members of [a-z\- ]+?|boko haram|shabaab|"
    # armed actors of other names
    r"separatists?|secessionists?|guerrill?as?|dissidents?|vigilantes?|mercenaries|paramilitar(?:y|ies)|"
    r"extremists?|hitm[ae]n|kidnappers?|smugglers?|poachers?|gangsters?|gang members?|cartel members?)"
)
DEATH_VERB = (
    r"(?:killed|dead|died|murdered|slain|executed|massacred|beheaded|lynched|shot dead|martyred|"
    # South Asian and Middle Eastern wordings of a death in service: "embraced shahadat"
    r"embraced (?:shahadat|shahadah|martyrdom)|attained (?:shahadat|martyrdom)|"
    r"laid down (?:their|his|her) lives?|"
    r"made the (?:supreme|ultimate) sacrifice|"
    r"neutrali[sz]ed|"
    r"gunned down|hacked to death|burned to death|burnt to death|stabbed to death|beaten to death|"
    r"perished|drowned|electrocuted|lost their lives|lost his life|lost her life|were confirmed dead|"
    r"confirmed dead|found dead|have died|had died|died of|succumbed|assassinated|"
    # the manner of killing: "stoned to death", "burned alive"
    r"stoned to death|burned alive|burnt alive|tortured to death|bludgeoned to death|clubbed to death|"
    r"crushed to death|strangled|decapitated|hanged(?! in effigy))"
)
INJURY_VERB = (
    r"(?:injured|wounded|hurt|hospitali[sz]ed|sustained injur\w+|suffered injur\w+|treated for injur\w+)"
)
AUX = (
    r"(?:(?:were|was|are|is|have been|has been|had been|got|reportedly|reported|allegedly|also|later|been|"
    r"being|left|all|both|feared|believed|confirmed|now|either|initially|thought) ){0,3}"
)
# a verb followed by its object is active ("two gunmen killed three people"): not a toll
NOT_ACTIVE = (
    r"(?! (?:at least |some |about )?(?:\d|a |an |the |his |her |their |its |one |two |three |four |five |"
    r"six |seven |eight |nine |ten |several |dozens |many |scores ))"
)

_N = rf"(?P<n>{NUM})"
# a word that can be part of a noun phrase: no verb of a toll, no auxiliary, no conjunction
_NOUNISH = (
    r"(?!(?:were|was|are|is|and|or|a|an|the|have|has|had|been|being|killed|dead|died|wounded|injured|hurt|"
    r"people)\b)[a-z'\-]+"
)

_NOT_MONTH = (
    r"(?!(?:january|february|march|april|may|june|july|august|september|october|november|december|"
    r"and|or|of|in|on|at|to|from|by|with)\b)"
)


def _compile(patterns: list[str]) -> list[re.Pattern[str]]:
    return [re.compile(p) for p in patterns]


# up to 4 words that are neither a verb of saying nor a clause break
GAP = (
    r"(?: (?!(?:said|says|say|told|and|but|while|as|when|after|who|that|which|killed|dead|died|wounded|"
    r"injured|were|was|are|is|have|has|had|been)\b)[a-z'\-]+){1,4}?"
)
# "and" that joins a second toll, not an injury or capture ("killed six and wounded several")
AND_TOLL = r" and (?!(?:\w+ ){0,2}?(?:injur|wound|hurt|captur|arrest|abduct|kidnap|rescu|detain))"


# a toll without a figure: ACLED codes "many", "several", "heavy" or unknown casualties as 10
VAGUE_DEATHS = re.compile(
    r"\b(?:heavy|many|several|numerous|scores of|multiple|an unknown number of|unknown number of) "
    r"(?:casualties|causalities|deaths|fatalities|dead|people (?:were |have been )?killed)\b|"
    r"\b(?:many|several|numerous|a number of|an (?:unknown|unspecified|undetermined|undisclosed) number of|"
    r"scores of) [^.;]{0,60}?\b(?:were|"
    r"have been|had been) (?:\w+ )?(?:killed|dead)\b|"
    r"\b(?:casualties|causalities) (?:of|in) (?:an )?unknown number|"
    # casualties reported without a figure; "casualties not known" says nothing of whether any fell
    r"\b(?:casualties|causalities) (?:were |have been |had been )?(?:also )?reported|"
    # "without causing casualties" negates the toll (NO_DEATH reads it)
    r"(?<!without )\b(?:causing|caused|inflicting|inflicted|suffering|suffered|sustaining|"
    r"sustained) (?!no\b)(?:\w+ )?(?:casualties|causalities)\b|"
    r"\bkilled all\b|"
    # victims named only as a plural, no figure: "the strikes killed militants and civilians"
    r"\b(?:killed|killing) (?:(?:unarmed|innocent|fleeing|local) )?"
    r"(?:civilians|people|villagers|militants|fighters|insurgents|soldiers|troops|protesters|"
    r"demonstrators|residents|passengers|worshippers|policemen|children)"
    r"(?: (?:and|as well as) (?:\w+ )?[a-z]+s)?(?=[ ,.;]*(?:$|and\b|in\b|on\b|at\b|near\b|during\b|while\b))"
)
VAGUE_TOLL = 10
# number words that stand for a conventional figure rather than a count
VAGUE_WORDS = frozenset(
    {
        "dozens",
        "tens",
        "several",
        "several dozen",
        "a few dozen",
        "many",
        "scores",
        "hundreds",
        "thousands",
        "an unknown number of",
        "unknown number of",
        "an unspecified number of",
        "an undisclosed number of",
        "an undetermined number of",
        "a number of",
        "scores of",
        "dozens of",
        "hundreds of",
        "tens of",
    }
)


# markers of one toll told two ways in one sentence ("police said 4, witnesses 7"): keep the lowest
DISAGREE = re.compile(
    r"\b(?:while|whereas|but|or|either|between|other reports?|others said|differ\w*|conflicting|"
    r"according to)\b"
)


# the same toll told by a second source as a bare figure: "the un recorded 53 dead; the taliban
# said 25", "the opposition counted 23 dead while the prime minister acknowledged 11"
ALT_FIGURE = re.compile(
    rf"\b(?:said|says|put (?:it|the toll|the figure|the number) at|counted|acknowledged|admitted|"
    rf"recorded|reported|confirmed|gave|cited|spoke of|estimated|claimed|mentioned) {QUAL}{_N}"
    rf"(?= ?(?:[.;,)\[]|$| according\b| in all\b| dead\b| deaths\b))"
)
# the toll is said to be unknown: a vague "several were killed" beside it gives no figure
UNKNOWN_TOLL = re.compile(
    r"\b(?:fatalities|casualties|deaths|death toll|toll|number of (?:the )?(?:dead|fatalities|casualties))"
    r"(?: (?:is|are|was|were|remain|remains|remained|coded as|reported as|still))? "
    r"(?:unknown|not known|unclear|not reported|unreported|unconfirmed)\b|"
    r"\bno (?:figure|toll|number) (?:was|has been|had been|were) (?:given|reported|released|provided)\b"
)


# a quantity word just before a figure: "more than 2000 people" is a count, not the year 2000
_QUANTIFIED = re.compile(
    r"(?:more than|at least|over|some|about|nearly|almost|around|up to|mas de|más de|al menos|cerca de|"
    r"unos|unas|plus de|au moins|pres de|près de|environ) $"
)


# a number inside a name: an article or "of" and a word before it, a singular noun after it ("members of
# the barrio 18 gang were shot dead", "troops of the brigade 17 unit"), where a figure of people would
# take a plural ("the remaining 3 soldiers", "the 18 gang members")
_NAME_BEFORE = re.compile(
    r"\b(?:the|of|an?) (?!(?:other|last|first|remaining|same|next|past|final|further|additional|"
    r"estimated|total|reported|recent|latest|initial|official|confirmed|new|only|dead|slain)\b)"
    r"[a-z][a-z\-]* $"
)
_SINGULAR_AFTER = re.compile(
    r" (?![a-z\-]*(?:s|men|children|people|folk|police|personnel|staff|crew|youth)\b)"
    r"(?!(?:dead|killed|wounded|injured|hurt|missing|more|others?|in|on|at|and|or)\b)[a-z][a-z\-]*\b"
)


def year_like(text: str, at: int, word: str, n: int) -> bool:
    """Does the figure ``word`` (value ``n``) at ``at`` in ``text`` read as a year (1900-2100 in digits,
    no quantity word before it: "in 2016", not "more than 2000 dead") or as a number inside a name
    ("the barrio 18 gang")?"""
    if not word.isdigit():
        return False
    if 1900 <= n <= 2100 and not _QUANTIFIED.search(text, max(0, at - 14), at):
        return True
    return (
        n > 1
        and not _QUANTIFIED.search(text, max(0, at - 14), at)
        and _NAME_BEFORE.search(text, max(0, at - 30), at) is not None
        and _SINGULAR_AFTER.match(text, at + len(word)) is not None
    )


def parse_number(s: str) -> int | None:
    s = s.strip().lower().replace(",", "")
    if s.isdigit():
        v = int(s)
        return v if v < 1_000_000 else None
    if s in UNITS:
        return UNITS[s]
    parts = re.split(r"[- ]", s)
    if len(parts) == 2 and parts[0] in UNITS and parts[1] in UNITS:
        return UNITS[parts[0]] + UNITS[parts[1]]
    return None
