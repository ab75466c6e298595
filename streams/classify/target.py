"""Who an event was aimed at: the office named where the category's rules fired.

A senior official (config/categories.yaml `head_of_state_flash`) makes a flash event; other
offices name the target without raising the severity.
"""

from __future__ import annotations

import re

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
# The same offices in Spanish and French, as the packs read them (accents dropped, elisions split).
# A town's "presidente municipal" is its mayor, and a club's or a party branch's president is no
# official of the state.
SENIOR_INTL = {
    "es": re.compile(
        r"\b(?:(?:ex|vice)?president[ae](?! (?:municipal|del club|de la junta|de la asociacion|del sindicato|"
        r"de la comunidad|de la cooperativa|del comite|de (?:una |la )?junta|de (?:la |una )?accion comunal|"
        r"del barrio|de la federacion|de la camara)\b)|primer ministro|primera ministra|jefe de estado|"
        r"jefa de estado|jefe de gobierno|jefa de gobierno|(?:vice)?ministr[oa]|gobernador[a]?|"
        r"(?:pre)?candidat[oa] (?:presidencial|a la presidencia)|jefe del ejercito|"
        r"jefe de las fuerzas armadas|comandante en jefe|director de la policia|jefe de la policia nacional|"
        r"rey|reina|principe heredero)\b",
        re.I,
    ),
    "fr": re.compile(
        r"\b(?:(?:ex |vice )?presidente?"
        r"(?! (?:du club|de l association|du conseil municipal|de la federation)\b)|"
        r"premier ministre|premiere ministre|chef de l etat|chef du gouvernement|ministre|gouverneure?|"
        r"candidate? a (?:la presidentielle|l election presidentielle)|chef d etat major|chef de la junte|"
        r"directeur general de la police|directeur general de la pnh|roi|reine|prince heritier)\b",
        re.I,
    ),
}

OTHER_TARGET = re.compile(
    r"\b(?:mayor|judge|prosecutor|lawmaker|mp|senator|deputy|councill?or|general|commander|colonel|"
    r"police chief|journalist|activist|imam|cleric|priest|pastor|bishop|chief|tribal leader|"
    r"businessman|candidate|party leader|official|envoy|ambassador|diplomat)\b",
    re.I,
)


def target_en(sentences: list[str], hit_sents: set[int]) -> tuple[str | None, bool]:
    """The senior office named where the category's rules fired (or in the title), else another
    target's office (a mayor, a judge, a journalist), with whether it is senior."""
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


# a person's name: two or more capitalised words ("Assimi Goita", "Jean-Marc Ayrault")
_NAME = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+)+\b")
_NAME_LEAD = 4  # sentences in which an office given to a name of the hit sentence is sought


def target_intl(
    senior: re.Pattern[str], sentences: list[str], hit_sents: set[int]
) -> tuple[str | None, bool]:
    """The senior office named where the category's rules fired (or in the title), if any; or
    the office given to a person those sentences name, in the lead ("le colonel Assimi Goita vise
    par ..." and then "le president de la transition, le colonel Assimi Goita")."""
    seen = [i for i in sorted(hit_sents) + [0] if i < len(sentences)]
    for i in seen:
        # "chef d'etat-major", "vice-president", "ex-ministre": a hyphen joins the words of an office
        m = senior.search(sentences[i].replace("-", " "))
        if m:
            return m.group(0).lower(), True
    names = {n for i in seen for n in _NAME.findall(sentences[i])}
    for s in sentences[:_NAME_LEAD]:
        for n in names:
            at = s.find(n)
            if at < 0:
                continue
            # the office just before the name, or in apposition after it
            before = " ".join(s[:at].replace("-", " ").split()[-8:])
            after = " ".join(s[at + len(n) :].replace("-", " ").split()[:5])
            m = senior.search(before) or (senior.search(after) if after.startswith(",") else None)
            if m:
                return m.group(0).lower(), True
    return None, False
