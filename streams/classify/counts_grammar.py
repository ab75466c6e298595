"""The grammar of tolls that the figure patterns of ``streams/classify/counts.py`` do not cover
(issue 18, ACLED notes of another period). Each is a kind of wording, not a list of texts:

- **coordinated victims**: a list of noun phrases, each with its own figure, article or
  possessive, subject of a verb of death or object of a verb of killing, adds up whatever the
  nouns ("17 soldiers and 36 VDP were killed" = 53, "killing a woman and her four children" = 5,
  "six French aid workers, their guide and their driver were killed" = 8);
- **killings told by their manner** with the victims inside ("hacked nine farmers to death",
  "lynched and burned 13 ..."), or a singular victim ("was stoned to death", "was burned alive");
- **a headline's bare victim noun** ("CRPF jawan killed, two others injured", "Civilian killed");
- **the wounded who died later** add to the toll ("one of the wounded died later in hospital");
- **a toll that a figure superseded** ("after an initial toll of 50", "revising its initial toll
  of 95") is no second toll;
- **an earlier event's toll** named as a time reference ("a week after 7 residents were
  killed", "the raid came two days after strikes killed 10 people") is not the event's.
"""

from __future__ import annotations

import re

from streams.classify.count_words import _N, AUX, NOT_ACTIVE, NUM, QUAL, VICTIM, parse_number
from streams.classify.count_words import DEATH_VERB as _DEATH_VERB

# verbs of death told by the manner of killing: "stoned to death", "burned alive"
MANNER = (
    r"(?:stoned to death|burned alive|burnt alive|burned to death|burnt to death|tortured to death|"
    r"bludgeoned to death|clubbed to death|crushed to death|beaten to death|hacked to death|"
    r"stabbed to death|strangled|decapitated|beheaded|lynched|hanged(?! in effigy))"
)
DEATH_VERB = rf"(?:{_DEATH_VERB}|{MANNER})"
# verbs whose object is the dead: "killing a woman and her four children"
KILL_VERB = (
    r"(?:killing|killed|kills|shot dead|shooting dead|shot and killed|gunned down|murdered|murdering|"
    r"executed|executing|massacred|massacring|beheaded|beheading|lynched|lynching|stabbed to death|"
    r"hacked to death|beat to death|beaten to death|stoned to death|burned alive|burnt alive|"
    r"lynched and burned|lynched and killed)"
)
# a word of a noun phrase: no verb of a toll, no auxiliary, no conjunction, no preposition
_W = (
    r"(?!(?:were|was|are|is|and|or|have|has|had|been|being|killed|dead|died|wounded|injured|hurt|who|"
    r"which|that|in|on|at|by|from|with|after|during|near|when|while|as|of|to|for|also|all|both|"
    r"killing|wounding|injuring|including|among|them|reportedly|later|the|a|an|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b)(?!\d{4}\b)[a-z0-9'\-]+"
)
_POSS = r"(?:his|her|their|its)"
# one item of a list: a figure, an article or a possessive, then one to four words
_ITEM = rf"(?:{QUAL}{NUM}|a|an|one|{_POSS}(?: {NUM})?|the {NUM})(?: {_W}){{1,4}}"
_LIST = rf"(?P<grp>{_ITEM}(?:, {_ITEM})*,? and {_ITEM})"
GROUPS = [
    re.compile(rf"\b{_LIST},? {AUX}{DEATH_VERB}\b"),
    re.compile(rf"\b{KILL_VERB} {_LIST}(?=$|[ ,.;:(\[]| (?:in|on|at|near|during|as|while|and|after)\b)"),
]
_ITEM_RE = re.compile(
    rf"^(?P<q>{QUAL})(?:the )?(?P<head>{NUM}|a|an|one|{_POSS}(?: {NUM})?)(?P<rest>(?: {_W}){{1,4}})$"
)
_PLURAL_NOUN = re.compile(r"(?:s|men|children|people|folk|police|personnel|staff|crew|youth)$")
_NUM_HEAD = re.compile(rf"^(?!(?:a|an|one|his|her|their|its)$){NUM}$")
# a singular item names a person ("a soldier", "her partner", "an afghan"), not a thing ("a bus")
_PERSON = re.compile(
    rf"(?:{VICTIM}|[a-z]+(?:er|or|ist|ian|an|ese|i|ish|ite|ant|ent)|partner|son|daughter|wife|husband|"
    r"brother|sister|father|mother|nephew|niece|cousin|uncle|aunt|grandson|granddaughter|grandmother|"
    r"grandfather|guide|baby|toddler|infant|teen|relative|colleague|friend|companion|bodyguard|escort|"
    r"aide|nun|monk|judge|doctor|nurse|medic|mayor|governor|minister|councillor|deputy|senator|mp|"
    r"official|chief|elder|girl|boy|child|man|woman)$"
)
# a counted item names people, not things ("two vehicles", "three hours")
_THING = re.compile(
    r"(?:vehicles?|cars?|trucks?|tanks?|houses?|homes?|buildings?|shops?|drones?|rockets?|shells?|"
    r"missiles?|bombs?|mortars?|rounds?|hours?|days?|weeks?|months?|years?|km|kilometres?|metres?|"
    r"villages?|towns?|schools?|mosques?|churches?|weapons?|rifles?|guns?|motorcycles?|bikes?|animals?|"
    r"cattle|cows?|goats?|sheep|camels?)$"
)


def group_total(group: str) -> int | None:
    """The sum of a list's items ("17 soldiers, 36 vdp" -> 53), or None when an item has no
    figure that can be read ("his children")."""
    items = re.split(r",? and |, ", group)
    total = 0
    for item in items:
        m = _ITEM_RE.match(item.strip())
        if m is None:
            return None
        head, noun = m.group("head"), m.group("rest").strip().rsplit(" ", 1)[-1]
        counted = _NUM_HEAD.match(head) or head.split(" ")[-1] not in ("his", "her", "their", "its")
        if _THING.match(noun) or (not counted or head in ("a", "an", "one")) and not _PERSON.match(noun):
            return None
        if head in ("a", "an", "one"):
            total += 1
            continue
        parts = head.split(" ", 1)
        if parts[0] in ("his", "her", "their", "its"):
            if len(parts) == 2:
                v = parse_number(parts[1])
                if v is None:
                    return None
                total += v
            elif _PLURAL_NOUN.search(m.group("rest").strip()):
                return None  # "their children": a plural without a figure
            else:
                total += 1
            continue
        v = parse_number(head)
        if v is None or (1900 <= v <= 2100 and head.isdigit()):
            return None
        total += v
    return total


# a figure and victims the victim words do not name, dying with no auxiliary: "three separatists
# also died", "nine chinese nationals perished"
INTRANSITIVE = re.compile(
    rf"\b{QUAL}{_N}(?: {_W}){{1,2}} (?:also |later |subsequently )?(?:died|perished|lost their lives)\b"
)
# killings told by their manner with the victims inside: "hacked nine farmers to death"
MANNER_SPLIT = re.compile(
    rf"\b(?:hack(?:ed|ing)|beat(?:ing)?|ston(?:ed|ing)|club(?:bed|bing)|bludgeon(?:ed|ing)|stab(?:bed|bing)|"
    rf"burn(?:ed|t|ing)|tortur(?:ed|ing)|crush(?:ed|ing)) {QUAL}{_N} (?:[a-z'\-]+ ){{0,3}}?{VICTIM} "
    rf"(?:to death|alive)\b"
)
# a singular victim killed in a manner: "was stoned to death by a mob", "a healer was burned alive"
SINGLE_MANNER = re.compile(rf"\b(?:was|has been|had been) (?:[a-z]+ ){{0,2}}?{MANNER}\b")
# a headline's bare victim noun: "crpf jawan killed, two others injured", "civilian killed"
_RANKS = (
    r"(?:jawan|constable|sepoy|soldier|policeman|policewoman|officer|civilian|villager|farmer|herder|"
    r"trader|student|teacher|journalist|activist|worker|guard|gendarme|militant|fighter|rebel|"
    r"commander|chief|leader|cleric|imam|priest|pastor|driver|child|woman|man|boy|girl|resident|"
    r"[a-z]{3,}(?:er|or|ist|ian))"
)
BARE_VICTIM = re.compile(
    rf"(?:^|[;:] )(?:[a-z'\-]+ ){{0,2}}?{_RANKS} (?:was |is )?(?:killed|shot dead|dead|died|"
    rf"{MANNER})\b(?! (?:by|in) (?:a |an )?(?:accident|crash)){NOT_ACTIVE}"
)
# a toll told as another day's ("... the following night", "the next day"): ACLED codes one event
# per place and day
LATER_EVENT = re.compile(
    r"[^.;]{0,40}?\b(?:the (?:following|next) (?:day|night|morning|evening|week)|the day after|"
    r"days? later|coded separately)\b"
)
# the attacker among the dead, told after the victims: "killing nine policemen; the bomber also died"
ATTACKER_DIED = re.compile(
    r"\bthe (?:suicide )?(?:bomber|attacker|assailant|gunman|shooter) (?:also |himself )?(?:died|was killed|"
    r"blew himself up|was shot dead)\b"
)
# the wounded who died later: "one of the wounded died later in hospital"
LATER_DIED = re.compile(
    rf"\b(?P<n>{NUM}) of the (?:[a-z]+ )?(?:wounded|injured)(?: [a-z]+)? (?:later |subsequently |also )?"
    rf"(?:died|succumbed)\b"
)
# a toll that a later figure replaced: "an initial toll of 50", "its earlier figure of 95"
SUPERSEDED = re.compile(
    r"\b(?:initial|earlier|first|preliminary|previous|provisional) (?:death )?(?:toll|figure|count|"
    r"estimate)\b|\b(?:toll|figure) (?:was|had|has)(?: been)? (?:earlier|initially|first|originally)"
    r"(?: been)? (?:put|given|set|reported)\b"
)
# an earlier event named as a time reference: "a week after 7 residents were killed in ..."
EARLIER = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|several|few|some|\d+) (?:days?|weeks?|months?|years?)|days|weeks|"
    r"months|a day|shortly|soon|hours|a month|a year|a week) after\b[^.;,]*|"
    r"\bcame (?:\w+ ){0,3}?after\b[^.;,]*|"
    # the killing a riot or a protest followed: "burned shops after the killing of a singer"
    r"\b(?:after|following|over) the (?:killing|death|murder|assassination|lynching) of\b[^.;,]*"
)


def earlier_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of a sentence that name an earlier event as a time reference."""
    if "after" not in sentence and "following the" not in sentence and "over the" not in sentence:
        return []
    return [m.span() for m in EARLIER.finditer(sentence)]


def later_died(sentences: list[str]) -> tuple[int, str] | None:
    """How many died beside the toll: the wounded who died later, or the attacker told after the
    victims; and the words that say so."""
    for low in sentences:
        a = ATTACKER_DIED.search(low)
        if a is not None:
            return 1, a.group(0)
        m = LATER_DIED.search(low)
        if m is not None:
            v = parse_number(m.group("n"))
            if v:
                return v, m.group(0)
    return None


# the words each pattern of this module needs, so that it runs only on the sentences that have them
NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    GROUPS[0]: (" and ",),
    GROUPS[1]: (" and ",),
    MANNER_SPLIT: ("to death", "alive"),
    INTRANSITIVE: ("died", "perished", "lost their"),
}
