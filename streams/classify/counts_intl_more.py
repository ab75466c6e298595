"""More of the grammar of Spanish and French tolls (2026-12-07, blind batch es-0463.., fr-0550..).

`count_casualties_intl` (streams/classify/counts_intl.py) reads the figures; this module reads
three wordings around them, by the grammar, not by the words of any one report:

- a **range** gives its lowest figure ("entre doce y quince muertos" = 12, "entre quinze et
  vingt civils tués" = 15, "de 10 à 15 morts" = 10), as the English counts do; it read as the
  highest or as the sum;
- **a couple** is two ("un couple de septuagénaires a perdu la vie", "una pareja de ancianos
  murió");
- **no one hurt** is no one killed either ("no hay heridos", "no hubo personas lesionadas", "pas
  de blessés": 0 dead and 0 injured, as tests/corpus/README.md counts it);
- a lone victim **and a companion** told after the verb of death ("murió junto a uno de sus
  escoltas", "a été tué par balles ainsi que son chauffeur") are two; a killing told with its
  manner between the verb and its object ("asesinan a balazos al comunicador") names one victim;
- a **second count** of the same toll by another source, told bare ("le gouvernement en reconnaît
  sept", "el Gobierno reconoce siete"), takes the noun of the toll before it, so the lowest is read
  (2026-12-07 evening, batch es-0523.., fr-0610..);
- the victims' **owner named** after their noun is left out ("huit membres du gang de Village de
  Dieu ont ete tues" = 8), so the verb is within the figure's reach (2026-12-07 late night, batch
  es-0676.., fr-0776..);
- **burnt alive or beaten to death** is a death, read as a killing's participle ("un homme brule
  vif par la foule" = 1, "dos hombres quemados vivos" = 2), unless a near miss is told just before
  (2026-12-07 late night 2, batch es-0711.., fr-0801..).
"""

from __future__ import annotations

import re
from functools import lru_cache

from streams.classify.counts_intl import LEXICONS, _num_re, count_casualties_intl, parse_number_intl

_COUPLE = {
    "es": (re.compile(r"\b(?:una pareja|un matrimonio) de (?=[a-z])"), "dos "),
    "fr": (re.compile(r"\bun couple (?:de |d )(?=[a-z])"), "deux "),
}
# the manner of a killing between its verb and its object: "asesinan a balazos al comunicador"
_MANNER_ES = re.compile(
    r"\b(asesinan|asesinaron|asesina|asesino|matan|mataron|mata|mato|ultiman|ultimaron|acribillan|acribillaron)"
    r" (?:a balazos|a tiros|a punaladas|a machetazos|a golpes|a pedradas|de un disparo|de varios disparos|"
    r"de un balazo|de varios balazos) (?=a |al |a la )"
)
_ONE_VICTIM_ES = re.compile(
    r"\b(asesinan|asesinaron|asesina|asesino|matan|mataron|mata|mato|ultiman|ultimaron|acribillan|acribillaron)"
    r" (?:al|a la) (?=[a-z])"
)
# a lone victim's verb of death, then (a few words on) a companion who died with them
_COMPANION = {
    "es": re.compile(
        r"\b(?:murio|fallecio|perdio la vida|fue asesinado|fue asesinada|fue abatido|fue abatida|"
        r"fue ejecutado|fue ejecutada|asesinado|asesinada|muerto|muerta)(?: [a-z0-9]+){0,6}? "
        r"(?:junto a|junto con|asi como|al igual que) "
        r"(?:(?P<one>uno de sus|una de sus|su)|(?P<n>[a-z0-9]+) de sus|sus (?P<m>[a-z0-9]+)) [a-z]+\b"
        r"(?![ ,;]+(?:[a-z]+ ){0,2}?(?:herid|lesionad|ilesos?|ilesas?|sobreviv))"
    ),
    "fr": re.compile(
        r"\b(?:a ete tue|a ete tuee|a ete abattu|a ete abattue|a ete assassine|a ete assassinee|est mort|"
        r"est morte|a peri|a perdu la vie|a trouve la mort|tue|tuee|abattu|abattue|assassine|assassinee)"
        r"(?: [a-z0-9]+){0,6}? (?:ainsi que|de meme que|en meme temps que) "
        r"(?:(?P<one>son|sa|un de ses|une de ses|l un de ses|l une de ses)|(?P<n>[a-z0-9]+) de ses|"
        r"ses (?P<m>[a-z0-9]+)) [a-z]+\b"
        r"(?![ ,;]+(?:[a-z]+ ){0,2}?(?:blesse|indemne|surviv|sain))"
    ),
}


# no one hurt, in wordings counts_intl.py does not list
_NO_HARM = re.compile(
    r"\b(?:no hay (?:heridos|lesionados|victimas)|no hubo personas (?:heridas|lesionadas)|"
    r"no se report(?:aron|an) (?:personas )?(?:heridas|heridos|lesionados)|no resultaron heridos|"
    r"no resultaron heridas|pas de blesses|aucune personne (?:n a ete )?blessee|personne n a ete blesse)\b"
)


@lru_cache(maxsize=2)
def _range(language: str) -> re.Pattern[str]:
    n = _num_re(LEXICONS[language])
    joiner = "y|a" if language == "es" else "et|a"
    return re.compile(rf"\b(?:entre|de) (?P<lo>{n}) (?:{joiner}) (?P<hi>{n})\b")


# a toll that rose "from X to Y" is no range: "el balance paso de tres a siete muertos"
_ROSE = re.compile(
    r"\b(?:paso|pasa|subio|sube|aumento|ascendio|se elevo|passe|est passe|a grimpe|s est alourdi|a augmente)"
    r"(?: [a-z]+){0,3}? $"
)


def _lowest(m: re.Match[str], language: str) -> str:
    lo, hi = parse_number_intl(m.group("lo"), language), parse_number_intl(m.group("hi"), language)
    if lo is None or hi is None or not lo < hi or hi >= 1900:
        return m.group(0)  # no range of people: "de una a otra", "entre 2010 y 2015"
    if m.group(0).startswith("de ") and _ROSE.search(m.string[max(0, m.start() - 40) : m.start()]):
        return m.group(0)
    return m.group("lo")


# a complement naming the victims' owner by a proper name, right after their noun: "huit membres du
# gang de Village de Dieu ont ete tues", "ocho integrantes de la banda de Los Lobos murieron" (the
# name, capitalised in the text, is no word of the toll and kept the verb out of the figure's reach)
_OWNER = re.compile(
    r"(?<=[a-z]) (?:de la|de los|de las|del|de|du|des|d )\s?"
    r"(?P<name>[A-Z][\w-]*(?: (?:(?:de|del|du|la|le|los|las|les|d) )?[A-Z][\w-]*){0,4})(?= [a-z])"
)
_WORD = re.compile(r"[\w-]+")


def _owner_left_out(sentence: str, language: str) -> str:
    """`sentence` without the owner's name after a figure's noun; as it was when no figure comes
    in the five words before, or when the name holds one ("Barrio 18", "Ocho" in title case)."""

    def drop(m: re.Match[str]) -> str:
        before = _WORD.findall(sentence[max(0, m.start() - 60) : m.start()])[-5:]
        if not any(parse_number_intl(w.lower(), language) is not None for w in before):
            return m.group(0)
        if any(parse_number_intl(w.lower(), language) is not None for w in _WORD.findall(m.group("name"))):
            return m.group(0)
        return ""

    return _OWNER.sub(drop, sentence)


# burnt alive or beaten to death is a way of dying, told as a participle ("brule vif par la
# foule", "quemados vivos por pobladores"): read as the participle of a killing, so that the
# figure patterns and the lone victim's participle read it; a near miss told just before ("a
# failli etre brule vif", "estuvo a punto de ser quemado vivo") is left as written
_BURNT_ALIVE = {
    "es": (re.compile(r"\b(?:quemad([oa]s?) viv[oa]s?|golpead([oa]s?) hasta la muerte)\b"), r"asesinad\1\2"),
    "fr": (re.compile(r"\b(?:brule(e?s?) vi(?:f|ve|fs|ves)|battu(e?s?) a mort)\b"), r"tue\1\2"),
}

# a near miss told just before: "a failli etre brule vif", "estuvo a punto de ser quemado vivo"
_NEAR_MISS = re.compile(r"\b(?:failli|faillit|manque d|a punto de|casi|intentaron|tente de|menace d)\b")


def rewrite_tolls(sentence: str, language: str) -> str:
    """The sentence with a range told by its lowest figure, a couple as two, a killing's manner and
    the victims' owner named after their noun left out, so that the figure patterns of
    counts_intl.py read them."""
    low = _owner_left_out(sentence, language).lower()
    if language == "fr":
        low = low.replace("-", " ")
    if "entre " in low or "de " in low:
        low = _range(language).sub(lambda m: _lowest(m, language), low)
    pat, two = _COUPLE[language]
    low = pat.sub(two, low)
    burnt, killed = _BURNT_ALIVE[language]
    if " viv" in low or " vif" in low or " a mort" in low or "hasta la muerte" in low:
        low = burnt.sub(
            lambda m: (
                m.group(0) if _NEAR_MISS.search(low, max(0, m.start() - 24), m.start()) else m.expand(killed)
            ),
            low,
        )
    if language == "es":
        low = _MANNER_ES.sub(lambda m: m.group(1) + " ", low)
        low = _ONE_VICTIM_ES.sub(lambda m: m.group(1) + " a un ", low)
    return low


# a second count of the same toll by another source, told with a pronoun or a bare figure ("le
# gouvernement en reconnait sept", "l armee en compte 35", "el Gobierno reconoce siete"): the figure
# takes the noun of the toll told before it, so that the lowest of the two is read
_OTHER_COUNT = {
    "fr": r"\ben (?:reconnait|reconnaissent|a reconnu|ont reconnu|compte|comptent|a compte|denombre|"
    r"denombrent|a denombre|recense|recensent|a recense|admet|admettent|evoque|evoquent|annonce|annoncent|"
    r"rapporte|retient)",
    "es": r"\b(?:reconoce|reconocen|reconocio|reconocieron|cifra en|cifran en|cifro en|contabiliza|"
    r"contabilizan|contabilizo|habla de|hablan de|admite|admiten|admitio)",
}
_NOUN = {"es": ("muertos", "heridos"), "fr": ("morts", "blesses")}


@lru_cache(maxsize=2)
def _other_count(language: str) -> re.Pattern[str]:
    n = _num_re(LEXICONS[language])
    q = r"(?:(?:seulement|au moins|solo|al menos|unos|unas) )?"
    # ... or a bare figure with its source after a comma: "onze morts selon l opposition, quatre selon le
    # gouvernement", "doce muertos segun las ONG y siete segun el Gobierno"
    by = r"(?:selon|d apres|segun|de acuerdo con)"
    return re.compile(
        rf"{_OTHER_COUNT[language]} {q}(?:{n})(?=\s*(?:[.;,)]|$))|"
        rf"(?:(?<=[,;] )|(?<= y )|(?<= et )){q}(?:{n})(?= {by} )"
    )


@lru_cache(maxsize=2)
def _kinds(language: str) -> tuple[re.Pattern[str], re.Pattern[str]]:
    lex = LEXICONS[language]
    return re.compile(rf"\b{lex.death}\b"), re.compile(rf"\b{lex.injury}\b")


def _last_kind(text: str, language: str) -> int | None:
    """0 when the last toll word of the text is one of death, 1 of injury, None with neither."""
    death, injury = _kinds(language)
    d = max((m.end() for m in death.finditer(text)), default=-1)
    i = max((m.end() for m in injury.finditer(text)), default=-1)
    return None if d == i == -1 else (0 if d > i else 1)


def second_counts(sentences: list[str], language: str) -> list[str]:
    """The sentences with a bare second count given the noun of the toll before it."""
    out, last = [], None
    for s in sentences:
        pieces, pos = [], 0
        for m in _other_count(language).finditer(s):
            kind = _last_kind(s[: m.start()], language)
            kind = last if kind is None else kind
            if kind is not None:
                pieces.append(f"{s[pos : m.end()]} {_NOUN[language][kind]}")
                pos = m.end()
        s = "".join(pieces) + s[pos:]
        last = _last_kind(s, language) if _last_kind(s, language) is not None else last
        out.append(s)
    return out


def _companions(sentences: list[str], language: str) -> tuple[int, str] | None:
    for s in sentences:
        m = _COMPANION[language].search(s)
        if m is None:
            continue
        if m.group("one"):
            return 1, m.group(0)
        v = parse_number_intl(m.group("n") or m.group("m"), language)
        if v is not None and 0 < v < 100:
            return v, m.group(0)
    return None


def count_casualties_intl_more(
    sentences: list[str], language: str
) -> tuple[int | None, int | None, list[str], str | None]:
    """`count_casualties_intl` over the sentences rewritten by `rewrite_tolls`, and a lone victim's
    companions added to a toll of one."""
    usable = second_counts([rewrite_tolls(s, language) for s in sentences], language)
    fat, inj, reasons, vague = count_casualties_intl(usable, language)
    if inj is None and any(_NO_HARM.search(s) for s in usable):
        inj = 0
    if inj == 0 and fat is None and vague is None:
        fat = 0
        reasons.append("fatalities=0: no one was hurt")
    if fat == 1:
        more = _companions(usable, language)
        if more is not None:
            fat += more[0]
            reasons.append(f"fatalities={fat}: {more[0]} more with the victim, '{more[1]}'")
    return fat, inj, reasons, vague
