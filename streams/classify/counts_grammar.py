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

from streams.classify.count_words import _N, AUX, NOT_ACTIVE, NUM, QUAL, VICTIM, parse_number, year_like
from streams.classify.count_words import DEATH_VERB as _DEATH_VERB

# verbs of death told by the manner of killing: "stoned to death", "burned alive"
MANNER = (
    r"(?:stoned to death|burned alive|burnt alive|burned to death|burnt to death|tortured to death|"
    r"bludgeoned to death|clubbed to death|crushed to death|beaten to death|hacked to death|"
    r"stabbed to death|strangled|decapitated|beheaded|lynched|necklaced|hanged(?! in effigy))"
)
DEATH_VERB = rf"(?:{_DEATH_VERB}|{MANNER})"
# verbs whose object is the dead: "killing a woman and her four children"
KILL_VERB = (
    r"(?:killing|killed|kills|shot dead|shooting dead|shot and killed|gunned down|murdered|murdering|"
    r"executed|executing|massacred|massacring|beheaded|beheading|lynched|lynching|stabbed to death|"
    r"hacked to death|beat to death|beaten to death|stoned to death|burned alive|burnt alive|"
    r"lynched and burned|lynched and killed|necklaced)"
)
# a word of a noun phrase: no verb of a toll, no auxiliary, no conjunction, no preposition
_W = (
    r"(?!(?:were|was|are|is|and|or|have|has|had|been|being|killed|dead|died|wounded|injured|hurt|who|"
    r"which|that|in|on|at|by|from|with|after|during|near|when|while|as|of|to|for|also|all|both|"
    r"killing|wounding|injuring|including|among|them|reportedly|later|the|a|an|january|february|march|april|"
    r"may|june|july|august|september|october|november|december)\b)(?!\d{4}\b)[a-z0-9'\-]+"
)
_POSS = r"(?:his|her|their|its)"
# what may follow an item's noun: "of" and a group ("three members of the egc", "the brother of one
# of them")
_OF = r"(?: of (?:one of them|(?:the )?(?!(?:them|whom|which|those|these|us)\b)[a-z'\-]+))"
_POST = rf"(?:{_OF})?"
# a kinship noun that a list's first determiner serves too: "the father and brother", "his wife and son"
_KIN = (
    r"(?:father|mother|brother|sister|son|daughter|wife|husband|uncle|aunt|nephew|niece|cousin|"
    r"grandson|granddaughter|grandfather|grandmother|child|baby)"
)
# one item of a list: a figure, an article, "both" or a possessive, then one to four words
_ITEM = rf"(?:{QUAL}{NUM}|a|an|one|both|{_POSS}(?: {NUM})?|the {NUM}|the)(?: {_W}){{1,4}}{_POST}"
_LIST = rf"(?P<grp>{_ITEM}(?:, {_ITEM})*,? and (?:{_ITEM}|{_KIN}{_POST}))"
GROUPS = [
    re.compile(rf"\b{_LIST},? {AUX}{DEATH_VERB}\b"),
    re.compile(rf"\b{KILL_VERB} {_LIST}(?=$|[ ,.;:(\[]| (?:in|on|at|near|during|as|while|and|after)\b)"),
]
_ITEM_RE = re.compile(
    rf"^(?P<q>{QUAL})(?:the )?(?P<head>{NUM}|a|an|one|both|{_POSS}(?: {NUM})?|the)"
    rf"(?P<rest>(?: {_W}){{1,4}}){_POST}$"
)
_KIN_RE = re.compile(rf"^{_KIN}{_POST}$")
_PLURAL_NOUN = re.compile(r"(?:s|men|children|people|folk|police|personnel|staff|crew|youth)$")
_NUM_HEAD = re.compile(rf"^(?!(?:a|an|one|his|her|their|its)$){NUM}$")
# a singular item names a person ("a soldier", "her partner", "an afghan"), not a thing ("a bus")
_PERSON = re.compile(
    rf"(?:{VICTIM}|[a-z]+(?:er|or|ist|ian|an|ese|i|ish|ite|ant|ent)|partner|son|daughter|wife|husband|"
    r"brother|sister|father|mother|nephew|niece|cousin|uncle|aunt|grandson|granddaughter|grandmother|"
    r"grandfather|guide|baby|toddler|infant|teen|relative|colleague|friend|companion|bodyguard|escort|"
    r"aide|nun|monk|judge|doctor|nurse|medic|mayor|governor|minister|councillor|deputy|senator|mp|"
    r"official|chief|elder|girl|boy|child|man|woman|"
    # ranks: "a lieutenant colonel, a captain and 5 soldiers were martyred"
    r"colonel|captain|lieutenant|sergeant|corporal|general|brigadier|commandant|cadet|jawan|sepoy|"
    r"constable|rifleman|inspector|subedar|havildar|naik)$"
)
# a collective a list may rename: "2 people, a man and a woman", "three civilians, two women and a boy"
_COLLECTIVE = re.compile(r"(?:people|persons|civilians|individuals|victims)$")
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
    total = first = 0
    for k, item in enumerate(items):
        m = _ITEM_RE.match(item.strip())
        if m is None and k == 1 and len(items) == 2 and _KIN_RE.match(item.strip()):
            # "the father and brother": the determiner serves both; after other items ("two
            # civilians, a father and son") the pair renames them
            total += 1
            continue
        if m is None:
            return None
        head, noun = m.group("head"), m.group("rest").strip().rsplit(" ", 1)[-1]
        counted = _NUM_HEAD.match(head) or head.split(" ")[-1] not in ("his", "her", "their", "its", "the")
        if _THING.match(noun) or (not counted or head in ("a", "an", "one")) and not _PERSON.match(noun):
            return None
        if head == "the":  # "the driver", "the commanding officer": one person, not "the soldiers"
            if _PLURAL_NOUN.search(noun):
                return None
            total += 1
            continue
        if head in ("a", "an", "one", "both"):  # "3 policemen and both bombers" = 5
            total += 2 if head == "both" else 1
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
        if v is None or year_like(item.strip(), m.start("head"), head, v):
            return None
        if k == 0 and v >= 2 and _COLLECTIVE.match(noun):
            first = v
        total += v
    # "2 people, a man and a woman": items after a collective that add up to its figure rename it
    if first and len(items) >= 3 and total == 2 * first:
        return first
    return total


# a figure and victims the victim words do not name, dying with no auxiliary: "three separatists
# also died", "nine chinese nationals perished"
INTRANSITIVE = re.compile(
    rf"\b{QUAL}{_N}(?: {_W}){{1,2}} (?:also |later |subsequently )?(?:died|perished|lost their lives|"
    r"laid down their lives|(?:embraced|attained) (?:shahadat|shahadah|martyrdom))\b"
)
# killings told by their manner with the victims inside: "hacked nine farmers to death", or after it in
# the gerund of a clause that tells the raid's toll: "hacking to death six people"
_MANNER_V = (
    r"(?:hack(?:ed|ing)|beat(?:ing)?|ston(?:ed|ing)|club(?:bed|bing)|bludgeon(?:ed|ing)|stab(?:bed|bing)|"
    r"burn(?:ed|t|ing)|tortur(?:ed|ing)|crush(?:ed|ing))"
)
MANNER_SPLIT = re.compile(rf"\b{_MANNER_V} {QUAL}{_N} (?:[a-z'\-]+ ){{0,3}}?{VICTIM} (?:to death|alive)\b")
MANNER_FIRST = re.compile(
    rf"\b(?:hacking|beating|stoning|clubbing|bludgeoning|stabbing|burning|torturing|crushing|shooting) "
    rf"(?:to death|alive) {QUAL}{_N} {VICTIM}\b"
)
# a figure and victims named by three words the victim words do not know: "two suspected drug pushers were
# killed" (no figure, no time word inside: "10 years later two were killed" is two)
_W3 = rf"(?!(?:{NUM}|years?|months?|weeks?|days?|ago|later|earlier)\b){_W}"
THREE_WORD_VICTIMS = re.compile(
    rf"\b{QUAL}{_N}(?: {_W3}){{3}} (?:were|have been|had been) (?:\w+ )?{DEATH_VERB}\b{NOT_ACTIVE}"
)
# a singular victim killed in a manner: "was stoned to death by a mob", "a healer was burned alive"
# or by an accident's death verb, whatever the victim's noun ("a lineman was electrocuted", "a 12-year-old
# boy was electrocuted"), unless the text goes on to tell the person alive or hurt ("... but survived")
ACCIDENT_DEATH = (
    r"(?:electrocuted|drowned)\b(?!,? (?:but|and) (?:\w+ )?(?:survived|"
    r"was (?:taken|rushed|treated|hospitali[sz]ed|injured|hurt|burned|burnt)|"
    r"(?:taken|rushed|treated|hospitali[sz]ed)))"
)
SINGLE_MANNER = re.compile(
    rf"\b(?:was|has been|had been) (?:[a-z]+ ){{0,2}}?{MANNER}\b|"
    # a body found: "the body of a suspected drug courier, hands bound, was found dumped on a road"
    r"\bthe body of (?:a|an) [^.;]{0,100}?\b(?:was|had been|has been) (?:[a-z]+ )?(?:found|recovered|dumped|"
    r"discovered|fished out)\b|"
    rf"\b(?:was|has been|had been) (?:(?!nearly |almost )[a-z]+ ){{0,2}}?{ACCIDENT_DEATH}"
)
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
# the same told by a relative clause after the injured: "4 injured, one of whom later died"
WHOM_DIED = re.compile(
    rf"\b(?:wounded|injured|hurt),? (?P<n>{NUM}) of whom (?:[a-z]+ )?(?:later |subsequently )?"
    rf"(?:died|succumbed|passed away)\b"
)
# a toll that a later figure replaced: "an initial toll of 50", "its earlier figure of 95"
SUPERSEDED = re.compile(
    r"\b(?:initial|earlier|first|preliminary|previous|provisional) (?:death )?(?:toll|figure|count|"
    r"estimate)\b|\b(?:toll|figure) (?:was|had|has)(?: been)? (?:earlier|initially|first|originally)"
    r"(?: been)? (?:put|given|set|reported)\b"
)


def toll_replaced(low: str, evidence: str) -> bool:
    """Is the toll `evidence` in a lower-case sentence one a later figure replaced (`SUPERSEDED`)?"""
    at = low.find(evidence)
    return SUPERSEDED.search(low[max(0, at - 30) : at + len(evidence)]) is not None


# an earlier event named as a time reference: "a week after 7 residents were killed in ..."
EARLIER = re.compile(
    r"\b(?:(?:a|one|two|three|four|five|six|several|few|some|\d+) (?:days?|weeks?|months?|years?)|days|weeks|"
    r"months|a day|shortly|soon|hours|a month|a year|a week) after\b[^.;,]*|"
    r"\bcame (?:\w+ ){0,3}?after\b[^.;,]*|"
    # the killing a riot or a protest followed: "burned shops after the killing of a singer"
    r"\b(?:after|following|over) the (?:killing|death|murder|assassination|lynching) of\b[^.;,]*|"
    # a death in custody that a riot or a protest answered: "torched a police van after a teenager died in
    # police custody"
    r"\b(?:after|following|over) (?:a|an|the|his|her|their) (?:[a-z\-']+ ){0,3}?(?:died|death) in "
    r"(?:police |judicial |army |military |jail |prison )?custody\b[^.;,]*"
)


def earlier_spans(sentence: str) -> list[tuple[int, int]]:
    """Spans of a sentence that name an earlier event as a time reference."""
    if "after" not in sentence and "following the" not in sentence and "over the" not in sentence:
        return []
    return [m.span() for m in EARLIER.finditer(sentence)]


def in_earlier(sentence: str, start: int, end: int) -> bool:
    """Does a lone victim's match at sentence[start:end] begin in a span that names an earlier event,
    or end in one (its verb is the earlier event's: "torched a van after a teenager died in custody")?"""
    return any(a <= start < b + 2 or a < end <= b for a, b in earlier_spans(sentence))


def later_died(sentences: list[str]) -> tuple[int, str] | None:
    """How many died beside the toll: the wounded who died later, or the attacker told after the
    victims; and the words that say so."""
    for low in sentences:
        a = ATTACKER_DIED.search(low)
        if a is not None:
            return 1, a.group(0)
        m = LATER_DIED.search(low) or WHOM_DIED.search(low)
        if m is not None:
            v = parse_number(m.group("n"))
            if v:
                return v, m.group(0)
        w = WOUNDED_DIED.search(low)
        if w is not None:
            return 1, w.group(0)
    return None


# one figure shared by a list of bare nouns: "at least 40 soldiers, vdp and civilians died" = 40
SHARED_FIGURE = re.compile(
    rf"\b{QUAL}{_N} {_W}(?:, {_W}){{0,3}},? and {_W},? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}"
)
# what stands before a list that is no toll of its own: a part of a group counted before it ("9
# foreign nationals, including 4 children and 3 women, were killed")
_NOT_OWN_TOLL = re.compile(r", (?:including|among them|mostly|most of them|many of them) $")


def not_own_toll(sentence: str, start: int) -> bool:
    """Is the figure or list that starts at `start` a part of a group counted before it?"""
    return _NOT_OWN_TOLL.search(sentence, max(0, start - 20), start) is not None


# the dead named before their bodies: "took off 9 passengers, whose bullet-riddled bodies were found"
WHOSE_BODIES = re.compile(
    rf"\b{QUAL}{_N}(?: {_W}){{1,3}},? whose (?:[a-z'\-]+ ){{0,2}}?(?:bodies|remains|corpses) "
    r"(?:were|had been|have been) (?:later |then )?(?:found|discovered|recovered|dumped|retrieved)\b"
)
# an age is no count: "12 children and teenagers aged 10 to 16 were killed", "two boys aged 12 and 14"
AGES = re.compile(r",? \b(?:aged|ages) (?:between )?\d{1,3}(?:(?: to | and |-)\d{1,3})?\b,?")
# the day of a dateline or a date, before a dash or a comma: "yerevan, nov 16 - one soldier was killed"
DATE_DAY = re.compile(
    r"\b((?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?) "
    r"(?:[1-9]|[12]\d|3[01])(?= ?[-\u2013\u2014,])"
)


def without_dates(low: str) -> str:
    """A lower-case sentence without ages ("aged 14 to 16") and days of dates: numbers that are no toll."""
    low = AGES.sub("", low) if " age" in low else low
    return DATE_DAY.sub(r"\1", low)


# a group of dead told after the verb: "... were killed, as well as about 50 assailants"
ALONG_WITH = re.compile(
    rf",? (?:along with|together with|as well as|in addition to) {QUAL}(?P<n>{NUM})"
    rf"(?P<rest>(?: {_W}){{1,3}}| of (?:his|her|their|its) {_W})"
)


def along_with(sentence: str, end: int) -> tuple[int, str] | None:
    """The dead a toll's sentence adds after its verb ("... were killed along with 4 riflemen"):
    (count, words), or None (no such group, or things: "along with two vehicles")."""
    m = ALONG_WITH.match(sentence, end)
    if m is None:
        return None
    noun = m.group("rest").strip().rsplit(" ", 1)[-1]
    v = parse_number(m.group("n"))
    if v is None or _THING.match(noun) or not (_PLURAL_NOUN.search(noun) or _PERSON.match(noun)):
        return None
    if year_like(sentence, m.start("n"), m.group("n"), v):
        return None
    return v, m.group(0)


# one more victim named by an ordinal: "two herders were killed; the body of a third was found",
# "a third victim died in hospital"
ORDINALS = ("second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
ORDINAL_DEATH = re.compile(
    r"\b(?P<body>(?:the )?bod(?:y|ies) of )?(?:a|the) (?P<o>" + "|".join(ORDINALS) + r")"
    r"(?: (?P<noun>(?!(?:was|were|has|had|later|also|subsequently|then)\b)[a-z'\-]+))?"
    r"(?: (?:was|were|has been|had been|later|also|subsequently|then))* "
    r"(?P<v>found dead|found|recovered|discovered|retrieved|died|succumbed|killed|dead)\b"
)
_FOUND = ("found", "recovered", "discovered", "retrieved")


def ordinal_more(sentences: list[str], toll: int) -> tuple[int, str] | None:
    """A toll raised by one victim told as an ordinal after it: (the new toll, words), when the
    ordinal is the toll's next number ("two ... killed; the body of a third was found" = 3)."""
    for low in sentences:
        for m in ORDINAL_DEATH.finditer(low):
            k = ORDINALS.index(m.group("o")) + 2
            if k != toll + 1:
                continue
            noun, verb = m.group("noun"), m.group("v")
            body = m.group("body") is not None or noun == "body"
            if verb in _FOUND and not body:
                continue
            if noun not in (None, "body", "one", "victim", "person") and not (
                _PERSON.match(noun) or re.match(rf"^{VICTIM}$", noun)
            ):
                continue
            return k, m.group(0)
    return None


# two lone victims of one sentence, each with its own verb of death: "a policeman was beaten to
# death and a bnp activist later died of his injuries"
TWO_SINGLE = re.compile(
    rf"\b(?:a|an|one) (?:[a-z'\-]+ ){{0,3}}?(?:was |has been |had been )?(?:[a-z]+ )?{DEATH_VERB}\b"
    rf"[^.;]{{0,60}}?(?:,? and|;) (?:a|an|another|one) (?!(?:{_THING.pattern[3:-2]})\b)(?:[a-z'\-]+ ){{0,3}}?"
    rf"(?:was |has been |had been |also |later |subsequently |then )*{DEATH_VERB}\b"
)
# a lone victim killed in a manner, the victim inside: "burned an officer to death"
SINGLE_MANNER_SPLIT = re.compile(
    r"\b(?:hack(?:ed|ing)|beat(?:ing)?|ston(?:ed|ing)|club(?:bed|bing)|bludgeon(?:ed|ing)|stab(?:bed|bing)|"
    r"burn(?:ed|t|ing)|tortur(?:ed|ing)|crush(?:ed|ing)) (?:a|an|one|the) (?:[a-z'\-]+ ){0,2}?[a-z'\-]+ "
    r"(?:to death|alive)\b"
)
# the wounded told one by one who died later: "a worker injured in the attack died days later"
WOUNDED_DIED = re.compile(
    r"\b(?:a|an|one|another) (?:[a-z'\-]+ ){0,3}?(?:injured|wounded) (?:in|during|by) (?:the|that) "
    r"(?:[a-z]+ ){1,2}?(?:later |subsequently |also )?(?:died|succumbed)\b"
)
# an apposition after victims the victim words do not name: "9 palestinians, among them an elderly
# woman, were killed"
APPOSITION = re.compile(
    rf"\b{QUAL}{_N}(?: {_W}){{1,2}}, (?:among them|including|mostly|most of them|many of them|all of them) "
    rf"[^,.;()]{{1,90}}, {AUX}{DEATH_VERB}\b{NOT_ACTIVE}"
)
# victims named once and then as "them": "a crowd stopped a minibus carrying 14 suspected gang
# members, took them from the police and burned them alive" = 14
THEM_KILLED = re.compile(
    r"\b(?:killed|killing|executed|executing|murdered|massacred|beheaded|lynched|slaughtered) "
    r"(?:all of )?them\b|"
    r"\b(?:shot|burned|burnt|hacked|beat|stoned|clubbed|set fire to) them (?:all )?(?:dead|alive|to death)\b"
)
_THEM_ANTECEDENT = re.compile(rf"\b{QUAL}(?P<n>{NUM})(?P<rest>(?: {_W}){{1,4}})")
_PART_BEFORE = re.compile(
    r", (?:among them|among whom|including|of whom|mostly|most of them) (?:at least )?$"
)
# victims named, then some of them dead in a relative clause: "trapping five workers, two of whom died"
# (the injured of whom some later died are WHOM_DIED's)
OF_WHOM_DIED = re.compile(
    rf"(?<!wounded)(?<!injured)(?<!hurt),? (?P<n>{NUM}) of whom (?:were |was )?(?:later |subsequently )?"
    r"(?:died|perished|were killed|was killed|were dead|drowned|suffocated)\b"
)


def them_killed(sentence: str) -> tuple[int, str] | None:
    """The victims a killing names as "them", counted where the sentence first gave their number, or
    those "of whom" some died: (count, words); None when the sentence holds no such verb or not
    exactly one group of people."""
    w = OF_WHOM_DIED.search(sentence)
    if w is not None and (v := parse_number(w.group("n"))) is not None:
        return v, w.group(0).lstrip(", ")
    m = THEM_KILLED.search(sentence)
    if m is None:
        return None
    groups = []
    for g in _THEM_ANTECEDENT.finditer(sentence, 0, m.start()):
        if _PART_BEFORE.search(sentence, 0, g.start()):
            continue  # a part of the group named just before: "11 villagers, among them five teenagers"
        nouns = g.group("rest").strip().split(" ")
        people = [i for i, w in enumerate(nouns) if _PLURAL_NOUN.search(w) and not _THING.match(w)]
        v = parse_number(g.group("n"))
        if people and v is not None and not year_like(sentence, g.start("n"), g.group("n"), v):
            groups.append((v, g.group(0)))
    if len(groups) != 1:
        return None
    return groups[0][0], f"{groups[0][1]} ... {m.group(0)}"


# one person and some of his or her party, dead together: "the former chairman of the municipal council and
# two of his associates were gunned down" = 3, "a woman and two of her children were killed" = 3
ONE_AND_PART = re.compile(
    rf"\b(?:the|a|an) (?:[a-z\-']+ ){{1,8}}?and (?P<plus1>{NUM}) of (?:his|her) (?:[a-z\-']+ ){{0,2}}?"
    rf"[a-z\-']+,? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}"
)
# a part of a group named before: "scores of the gunmen were neutralised", "dozens of the fighters were
# killed" (the figure of the part, not of the group)
PART_OF_GROUP = re.compile(rf"\b{QUAL}{_N} of the {VICTIM},? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}")
# the same part as the object of a verb of killing in the gerund: "neutralising 13 of the terrorists",
# "eliminating scores of the bandits" (the verbs the toll patterns of counts.py do not know)
PART_OF_GROUP_KILLED = re.compile(
    rf"\b(?:neutrali[sz]ing|neutrali[sz]ed|eliminating|eliminated|liquidating|liquidated) {QUAL}{_N} of "
    rf"(?:the|their) {VICTIM}\b"
)


# the words each pattern of this module needs, so that it runs only on the sentences that have them
NEEDS: dict[re.Pattern[str], tuple[str, ...]] = {
    GROUPS[0]: (" and ",),
    GROUPS[1]: (" and ",),
    MANNER_SPLIT: ("to death", "alive"),
    INTRANSITIVE: ("died", "perished", "lost their", "laid down", "embraced", "attained"),
    SHARED_FIGURE: (" and ",),
    APPOSITION: (", ",),
    ONE_AND_PART: (" of his ", " of her "),
    PART_OF_GROUP: (" of the ",),
    PART_OF_GROUP_KILLED: (" of the ", " of their "),
}


def with_along(sentence: str, found: tuple[int, str, bool, bool]) -> tuple[int, str, bool, bool]:
    """A toll with the group its sentence adds after the verb ("killed, as well as 50 assailants")."""
    at = sentence.find(found[1])
    extra = along_with(sentence, at + len(found[1])) if at >= 0 else None
    return (found[0] + extra[0], f"{found[1]}{extra[1]}", found[2], False) if extra else found


def lone_deaths(sentences: list[str], single: str) -> tuple[int, list[str]]:
    """The toll of a text that gives its dead one by one, with no figure (`single`: the first
    lone victim found): two lone victims in one sentence ("a policeman was beaten to death and an
    activist later died"), the dead told with the victim ("along with three of his officers"), and
    one of the wounded who died later; and the reasons."""
    two = next((m.group(0) for low in sentences if (m := TWO_SINGLE.search(low))), None)
    fat = 2 if two else 1
    reasons = [f"fatalities={fat} from '{two or single}'"]
    # "the commander was killed along with three of his officers" = 4
    for low in sentences if two is None else []:
        at = low.find(single)
        more = along_with(low, at + len(single)) if at >= 0 else None
        if more is not None:
            fat += more[0]
            reasons.append(f"fatalities={fat}: '{more[1]}' died with the victim")
            break
    later = later_died(sentences)
    if later is not None and later[1] not in (two or single) and single not in later[1]:
        fat += later[0]
        reasons.append(f"fatalities={fat}: '{later[1]}' adds the wounded who died later")
    return fat, reasons


# a toll with an apposition before its figure: "the toll, first given as 103, was revised to 95" (the
# apposition's figure is the one replaced, inside the match)
TOLL_APPOSED = re.compile(
    rf"\b(?:death toll|toll|number of (?:the )?dead|fatalities),(?: [\w\-]+){{1,6}}, (?:\w+ ){{0,3}}?"
    rf"(?:to|at|reached|was|is) {QUAL}{_N}\b"
)
# a range told as the sources' spread: "fatality figures vary between 3 and 5" (the lowest)
FIGURES_VARY = re.compile(
    rf"\b(?:fatality|fatalities|death toll|toll)(?: figures?| estimates?| counts?| reports?)? "
    rf"(?:vary|varies|varied|range|ranges|ranged)(?: widely)? (?:between|from) {QUAL}{_N} (?:and|to) {NUM}\b"
)
# a toll told by the lives it took, or as a total: "claimed the lives of 8 people", "11 in total were
# killed"
LIVES_OF = re.compile(rf"\b(?:claimed|claiming|cost|costing|took|taking) the lives of {QUAL}{_N}\b")
IN_TOTAL = re.compile(
    rf"\b{QUAL}{_N}(?: [a-z]+)? (?:in total|in all|altogether),? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}"
)
# a household counted by its size: "shot dead a family of four", "a family of five was killed"
FAMILY_KILLED = re.compile(
    rf"\b{KILL_VERB} (?:a|an|the|all of a) (?:[a-z\-]+ )?family of {_N}\b(?! (?:children|members|people))"
)
FAMILY_DIED = re.compile(rf"\b(?:a|the) (?:[a-z\-]+ )?family of {_N},? {AUX}{DEATH_VERB}\b{NOT_ACTIVE}")
# a figure of people named by their tie to someone ("two bodyguards of the governor were killed", "three
# sons of the chief died"): the head noun is the victims', whatever it is
TIED_TO = re.compile(
    rf"\b{QUAL}{_N} (?:[a-z\-]+ )?[a-z]+s of (?:the|a|an|his|her|their|its) (?:[a-z'\-]+ ){{1,4}}?"
    rf"{AUX}{DEATH_VERB}\b{NOT_ACTIVE}"
)
# drowning as a verb with its victims for object, and an absolute clause of dying: "capsized, drowning at
# least 26 passengers", "burst into flames, with 13 people perishing"
DROWNING = re.compile(
    rf"\b(?:drowning|drowned) {QUAL}{_N}(?: {VICTIM})?\b(?! (?:cattle|goats|sheep|cows|animals))"
)
WITH_DYING = re.compile(
    rf"\bwith {QUAL}{_N}(?: {_W}){{0,2}} (?:perishing|dying|losing their lives|killed|dead)\b"
)
# the injured told by the hospital or by what left them hurt: "sent 25 workers to hospital", "14 people were
# treated in hospital", "left 20 of them injured" (counts.INJURY_PATTERNS takes these); a vague number
# ("dozens of workers were taken to hospital") is not read as the injured
_EXACT = r"(?!(?:several|dozens|scores|many|numerous|hundreds|thousands|tens)\b)"
INJURY_GRAMMAR = [
    re.compile(rf"\bsent {QUAL}{_EXACT}{_N} {VICTIM} to (?:the |a )?(?:local )?hospitals?\b"),
    re.compile(
        rf"\b{QUAL}{_EXACT}{_N} {VICTIM} (?:were|have been|had been) (?:treated|admitted|taken) (?:in|at|to) "
        r"(?:a |the )?(?:local |nearby )?hospitals?\b"
    ),
    re.compile(rf"\bleft {QUAL}{_N}(?: of them| {VICTIM})? (?:injured|wounded|hurt)\b"),
]
# the patterns that counts.DEATH_PATTERNS takes from here, after the lists (GROUPS)
GRAMMAR_TOLLS = [
    MANNER_FIRST,
    THREE_WORD_VICTIMS,
    ONE_AND_PART,
    PART_OF_GROUP,
    PART_OF_GROUP_KILLED,
    TIED_TO,
    SHARED_FIGURE,
    APPOSITION,
    WHOSE_BODIES,
    TOLL_APPOSED,
    FIGURES_VARY,
    FAMILY_KILLED,
    FAMILY_DIED,
    LIVES_OF,
    IN_TOTAL,
    DROWNING,
    WITH_DYING,
]
