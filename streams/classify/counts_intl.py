"""Casualty counts in Spanish and French, read as streams/classify/counts.py reads English.

The text comes as the rule packs read it (streams/classify/language.py `for_pack`: no
accents, French elisions split), lower-cased here. Figures: digits ("4 000", "4.000",
"1,200"), number words ("doce", "vingt-trois", "quatre-vingt-dix", "treinta y dos") and
approximate nouns with their conventional figure ("una docena" = 12, "decenas" = 10, "une
vingtaine" = 20, "un centenar" = 100, "des milliers" = 1000). Vague words ("varios",
"plusieurs", "de nombreux") give no figure. The lowest of several figures is kept, unless a
toll rises ("ascendió a", "s'élève à"); "no hubo víctimas" / "aucun blessé" give 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from streams.classify.count_words import year_like

UNITS_ES = {
    "un": 1,
    "una": 1,
    "uno": 1,
    "dos": 2,
    "tres": 3,
    "cuatro": 4,
    "cinco": 5,
    "seis": 6,
    "siete": 7,
    "ocho": 8,
    "nueve": 9,
    "diez": 10,
    "once": 11,
    "doce": 12,
    "trece": 13,
    "catorce": 14,
    "quince": 15,
    "dieciseis": 16,
    "diecisiete": 17,
    "dieciocho": 18,
    "diecinueve": 19,
    "veinte": 20,
    "veintiun": 21,
    "veintiuno": 21,
    "veintiuna": 21,
    "veintidos": 22,
    "veintitres": 23,
    "veinticuatro": 24,
    "veinticinco": 25,
    "veintiseis": 26,
    "veintisiete": 27,
    "veintiocho": 28,
    "veintinueve": 29,
    "treinta": 30,
    "cuarenta": 40,
    "cincuenta": 50,
    "sesenta": 60,
    "setenta": 70,
    "ochenta": 80,
    "noventa": 90,
    "cien": 100,
    "ciento": 100,
    "doscientos": 200,
    "doscientas": 200,
    "trescientos": 300,
    "trescientas": 300,
    "cuatrocientos": 400,
    "quinientos": 500,
    "mil": 1000,
    # approximate nouns (the corpus's conventions, tests/corpus/README.md)
    "una docena": 12,
    "docena": 12,
    "docenas": 12,
    "una decena": 10,
    "decenas": 10,
    "una veintena": 20,
    "una treintena": 30,
    "una cuarentena": 40,
    "una cincuentena": 50,
    "medio centenar": 50,
    "un centenar": 100,
    "centenares": 100,
    "cientos": 100,
    "un millar": 1000,
    "miles": 1000,
    "ambos": 2,
}
UNITS_FR = {
    "un": 1,
    "une": 1,
    "deux": 2,
    "trois": 3,
    "quatre": 4,
    "cinq": 5,
    "six": 6,
    "sept": 7,
    "huit": 8,
    "neuf": 9,
    "dix": 10,
    "onze": 11,
    "douze": 12,
    "treize": 13,
    "quatorze": 14,
    "quinze": 15,
    "seize": 16,
    "dix sept": 17,
    "dix huit": 18,
    "dix neuf": 19,
    "vingt": 20,
    "trente": 30,
    "quarante": 40,
    "cinquante": 50,
    "soixante": 60,
    "soixante dix": 70,
    "quatre vingt": 80,
    "quatre vingts": 80,
    "quatre vingt dix": 90,
    "cent": 100,
    "cents": 100,
    "mille": 1000,
    "une dizaine": 10,
    "dizaine": 10,
    "des dizaines": 10,
    "dizaines": 10,
    "une douzaine": 12,
    "douzaine": 12,
    "une quinzaine": 15,
    "une vingtaine": 20,
    "une trentaine": 30,
    "une quarantaine": 40,
    "une cinquantaine": 50,
    "une soixantaine": 60,
    "une centaine": 100,
    "des centaines": 100,
    "centaines": 100,
    "des milliers": 1000,
    "milliers": 1000,
    "un millier": 1000,
}
_TENS_ES = ("treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa")
_TENS_FR = ("vingt", "trente", "quarante", "cinquante", "soixante", "quatre vingt")


@dataclass(frozen=True)
class Lexicon:
    units: dict[str, int]
    victims: str
    death: str  # words or phrases after the figure: "12 muertos", "12 personas murieron"
    death_before: str  # verbs before the figure: "murieron 12 personas", "faisant 12 morts"
    injury: str
    injury_before: str
    no_death: re.Pattern[str]
    no_injury: re.Pattern[str]
    rise: re.Pattern[str]
    qual: str


ES = Lexicon(
    UNITS_ES,
    victims=r"(?:personas|civiles|soldados|militares|policias|agentes|uniformados|combatientes|guerrilleros|"
    r"manifestantes|ninos|ninas|menores|mujeres|hombres|trabajadores|obreros|mineros|pasajeros|campesinos|"
    r"estudiantes|jovenes|vecinos|migrantes|rebeldes|yihadistas|miembros|integrantes|efectivos|victimas|"
    r"indigenas|fieles|comerciantes|pescadores|presos|reclusos|insurgentes|milicianos|infantes|marinos|"
    r"disidentes|sicarios|atacantes|agresores|bomberos|turistas|aldeanos|pobladores|ciudadanos)",
    death=r"(?:muertos|muertas|fallecidos|fallecidas|victimas mortales|asesinados|asesinadas|murieron|"
    r"fallecieron|perdieron la vida|resultaron muertos|resultaron muertas|fueron asesinados|"
    r"fueron asesinadas|"
    r"han muerto|han fallecido|habian muerto|muertos en|cadaveres|calcinados|ahogados|ejecutados|decesos|"
    r"(?:fueron |son )?(?:hallad|encontrad)[oa]s (?:sin vida|muert[oa]s)|"
    # one victim: "un manifestante murio", "una mujer fue asesinada"
    r"murio|fallecio|perdio la vida|resulto muerto|resulto muerta|fue asesinado|fue asesinada|"
    r"fue abatido|fue abatida|fue ejecutado|fue ejecutada|muerto|muerta|"
    # the present of a headline: "tres militares y dos guerrilleros mueren", "muere un minero"
    r"mueren|muere|fallecen|fallece|pierden la vida|pierde la vida|son asesinad[oa]s|"
    r"resultan muert[oa]s|son abatidos|son ejecutados|es asesinad[oa]|resulta muert[oa])",
    death_before=r"(?:murieron|fallecieron|perdieron la vida|mueren|muere|fallecen|pierden la vida|"
    r"mato a|mataron a|asesinaron a|asesino a|"
    r"mata a|matan a|asesina a|asesinan a|"
    r"dejo|dejaron|deja|dejan|causo|causaron|saldo de|saldo es de|se cobro la vida de|cobro la vida de|"
    r"costo la vida a|"
    r"acabo con la vida de|ejecutaron a|hallaron los cuerpos de|cuerpos de|matando a|abatio a|abatieron a|"
    r"fueron (?:hallad|encontrad)[oa]s sin vida|"
    r"acribillaron a|acribillo a|ultimaron a|la muerte de|"
    # the present of a headline: "sicarios ejecutan a tres jovenes", "se cobra la vida de"
    r"ejecutan a|ejecuta a|acribillan a|abaten a|ultiman a|causa|causan|cobra la vida de|cuesta la vida a)",
    injury=r"(?:heridos|heridas|lesionados|lesionadas|resultaron heridos|resultaron heridas|"
    r"resultaron lesionados|fueron heridos|hospitalizados|resultan herid[oa]s|resultan lesionad[oa]s)",
    injury_before=r"(?:resultaron heridos|resultaron heridas|resultaron lesionados|hirio a|hirieron a|"
    r"dejo|dejaron|causo|ademas de|resultan herid[oa]s|hiere a|hieren a|deja|dejan|causa|causan)",
    no_death=re.compile(
        r"\b(?:no hubo (?:victimas|muertos|fallecidos|bajas|decesos)|"
        r"sin (?:victimas|muertos|bajas|fallecidos)|"
        r"ningun muerto|ningun fallecido|ninguna victima mortal|sin victimas mortales|"
        r"nadie murio|no se registraron (?:victimas|muertos)|no se reportaron (?:victimas|muertos)|"
        r"no dejo (?:victimas|muertos)|no causo (?:victimas|muertos)|no hay (?:victimas|muertos|fallecidos)|"
        r"no se registran (?:victimas|muertos)|no deja (?:victimas|muertos)|nadie muere)"
    ),
    no_injury=re.compile(
        r"\b(?:no hubo (?:victimas|heridos|lesionados)|sin (?:victimas|heridos|lesionados)|"
        r"nadie resulto herido|ningun herido|no se registraron (?:victimas|heridos)|"
        r"no se reportaron (?:victimas|heridos|lesionados)|no hubo muertos ni heridos|ni heridos|"
        r"no hay (?:victimas|heridos|lesionados)|nadie resulta herido|no se registran (?:victimas|heridos))"
    ),
    rise=re.compile(r"\b(?:ascendio|asciende|se eleva|se elevo|aumento|subio|sube) (?:\w+ ){0,2}?a\b"),
    qual=r"(?:al menos |por lo menos |cerca de |unos |unas |mas de |casi |alrededor de |hasta |otros |"
    r"otras )?",
)
FR = Lexicon(
    UNITS_FR,
    victims=r"(?:personnes|civils|soldats|militaires|policiers|gendarmes|agents|combattants|manifestants|"
    r"enfants|femmes|hommes|ouvriers|mineurs|passagers|villageois|habitants|eleves|etudiants|jeunes|migrants|"
    r"rebelles|jihadistes|djihadistes|terroristes|assaillants|membres|elements|victimes|orpailleurs|fideles|"
    r"commercants|pecheurs|detenus|casques bleus|miliciens|insurges|pompiers|touristes|ressortissants)",
    death=r"(?:morts|mortes|tues|tuees|decedes|decedees|victimes|ont ete tues|ont ete tuees|sont morts|"
    # "corps": bodies, not "gardes du corps" (bodyguards) nor "un corps d armee"
    r"sont mortes|ont peri|ont trouve la mort|ont perdu la vie|trouve la mort|"
    r"(?<!du )corps(?! d armee)|cadavres|noyes|calcines|"
    r"executes|assassines|deces|"
    # one victim: "un manifestant a ete tue", "une femme est morte"
    r"a ete tue|a ete tuee|a ete abattu|a ete abattue|a ete assassine|a ete assassinee|est mort|est morte|"
    r"a peri|a perdu la vie|meurent|meurt|perissent|perdent la vie|trouvent la mort|sont tues|sont tuees|"
    r"succombent|ont succombe|(?:ont ete |sont )?retrouve(?:e)?s (?:sans vie|morts|mortes))",
    death_before=r"(?:faisant|a fait|ont fait|fait|tuant|a tue|ont tue|tuent|tue|bilan de|bilan est de|"
    r"bilan s eleve a|coute la vie a|coute la vie de|ont peri|sont morts|morts|decedes|la mort de|corps de|"
    r"corps sans vie de|a abattu|ont abattu|abattant|abattu|font|abattent|abat|coutent la vie a)",
    injury=r"(?:blesses|blessees|ont ete blesses|ont ete blessees|sont blesses|hospitalises|"
    r"legerement blesses|grievement blesses)",
    injury_before=r"(?:blessant|a blesse|ont blesse|faisant|a fait|ont fait|ainsi que|blessent|blesse|font)",
    no_death=re.compile(
        r"\b(?:aucune victime|sans faire de victime|sans victime|pas de victime|aucun mort|pas de mort|"
        r"n a fait aucune victime|n a fait aucun mort|aucune perte|aucun deces|pas de deces|"
        r"sans faire de mort|aucune victime mortelle|aucun tue|ne fait aucune victime|ne fait aucun mort)"
    ),
    no_injury=re.compile(
        r"\b(?:aucune victime|sans faire de victime|sans victime|pas de victime|aucun blesse|pas de blesse|"
        r"sans faire de blesse|sans blesse|n a fait aucun blesse|n a fait aucune victime|"
        r"ne fait aucun blesse)"
    ),
    rise=re.compile(
        r"\b(?:s eleve a|s est alourdi a|s alourdit a|est passe a|atteint|a grimpe a|grimpe a|passe a)\b"
    ),
    qual=r"(?:au moins |environ |pres de |plus de |quelque |quelques |une |jusqu a |au total |encore |"
    r"autres )?",
)
LEXICONS = {"es": ES, "fr": FR}
_NOT_VICTIM_AFTER = re.compile(
    r"\s*(?:anos|ans|dias|jours|horas|heures|meses|mois|km|kilo|metr|%|por ciento)"
)
_POSSESSIVE_DEATH = re.compile(
    r"\b(?:tuant|a tue|ont tue|abattant|a abattu|ont abattu|matando a|mato a|mataron a|asesino a|"
    r"asesinaron a) (?:son|sa|su) [a-z]+"
)
_NEG_BEFORE = re.compile(r"(?:ningun|ninguna|aucun|aucune|sin|sans|ni|pas de|no hubo)\s*$")

# A toll without a figure ("varios muertos", "matando a varias personas", "plusieurs soldats tues",
# "faisant plusieurs morts"): someone died, how many is not said. It makes an urgent event, never a
# flash one (as "many dead" in English); the fatalities stay unknown (tests/corpus/README.md).
_VAGUE_Q = {
    "es": r"(?:varios|varias|numerosos|numerosas|muchos|muchas|un numero (?:indeterminado|no precisado|"
    r"desconocido|no determinado) de)",
    "fr": r"(?:plusieurs|de nombreux|de nombreuses|nombreux|nombreuses|quelques|"
    r"un nombre (?:indetermine|inconnu|non precise) de)",
}
_VAGUE_DEATH = {
    "es": r"(?:muertos|muertas|fallecidos|fallecidas|victimas mortales|cadaveres|murieron|fallecieron|"
    r"perdieron la vida|fueron asesinados|fueron asesinadas|resultaron muertos|resultaron muertas|"
    r"han muerto|fueron abatidos|mueren|fallecen|pierden la vida|son asesinados|resultan muertos)",
    "fr": r"(?:morts|mortes|tues|tuees|decedes|decedees|victimes mortelles|ont ete tues|ont ete tuees|"
    r"sont morts|sont mortes|ont peri|ont perdu la vie|ont trouve la mort|ont ete abattus|meurent|perissent|"
    r"sont tues|perdent la vie|trouvent la mort)",
}
_VAGUE_BEFORE = {
    "es": r"(?:matando a|mato a|mataron a|mata a|matan a|asesinaron a|asesino a|dejo|dejaron|deja|dejan|"
    r"dejando|causo|causaron|causando|provoco|provocando|con)",
    "fr": r"(?:faisant|a fait|ont fait|fait|font|tuant|a tue|ont tue|tuent|tue|causant|provoquant|avec)",
}
# a verb of killing before the quantifier: whoever it names died ("mataron a varios campesinos",
# "ont tue plusieurs villageois"); the other verbs need a word of death after it ("faisant plusieurs
# blesses" is no toll)
_VAGUE_KILL = {
    "es": r"(?:matando a|mato a|mataron a|matan? a|asesinaron a|asesino a|asesinando a|asesinan a|"
    r"ejecutan a)",
    "fr": r"(?:tuant|a tue|ont tue|tuent|ont massacre|a massacre|massacrant|massacrent|abattent)",
}
_VAGUE_TOLL = {
    lang: re.compile(
        rf"\b(?:{_VAGUE_Q[lang]}(?: [a-z]+){{0,2}}? {_VAGUE_DEATH[lang]}|"
        rf"{_VAGUE_KILL[lang]} {_VAGUE_Q[lang]} [a-z]+|"
        rf"{_VAGUE_BEFORE[lang]} (?:a )?{_VAGUE_Q[lang]} (?:[a-z]+ )?"
        r"(?:muertos|muertas|personas|civiles|morts|personnes|civils|victimes)|"
        + (
            r"(?:hubo|deja|dejo|dejaron|causo|con) muertos"
            if lang == "es"
            else r"(?:^|[:;,] |faisant |fait |y a eu |causant |provoquant )des morts"
        )
        + r")\b"
    )
    for lang in ("es", "fr")
}
# One death told without a figure: "su chofer murio en el lugar", "le prefet a ete tue",
# "1 garde tue", "une personne decedee" (counted when no sentence gives a figure)
_SINGLE_DEATH = {
    "es": re.compile(
        r"\b(?:murio|fallecio|perdio la vida|fue asesinado|fue asesinada|resulto muerto|resulto muerta|"
        r"fue abatido|fue abatida|fue ultimado|fue ultimada|fue ejecutado|fue ejecutada|"
        r"fue (?:hallad|encontrad)[oa] (?:sin vida|muert[oa])|"
        r"(?:un|una|1) [a-z]+(?: (?!(?:a|ha|fue|es|que|de|del|el|la)\b)[a-z]+)?(?: de \d+ anos)? "
        r"(?:muerto|muerta)|"
        # a headline's participle: "alcalde asesinado en", "periodista abatido por"
        r"(?:asesinado|asesinada|abatido|abatida|ultimado|ultimada) (?:en|por|a|al|frente|cerca|dentro))\b"
    ),
    "fr": re.compile(
        r"\b(?:a ete tue|a ete tuee|a ete abattu|a ete abattue|a ete assassine|a ete assassinee|est mort|"
        r"est morte|est decede|est decedee|a succombe|a peri|a perdu la vie|a trouve la mort|"
        r"a ete retrouvee? (?:sans vie|mort|morte)|"
        r"(?:un|une|1) [a-z]+(?: (?!(?:a|ont|est|qui|de|d|du|l|le|la)\b)[a-z]+)?(?: de \d+ ans)? "
        r"(?:tue|tuee|decede|decedee|mort|morte)(?! [a-z]+ (?:et|a) )"
        r"(?! (?:l|le|la|les|des|un|une|son|sa|ses|leur|leurs|\d)\b)|"
        # a headline's participle: "l ancien premier ministre tue dans une explosion", "un maire abattu par"
        r"(?:tue|tuee|abattu|abattue|assassine|assassinee) (?:dans|par|lors|a|au|en|pres|devant|sur|chez))\b"
    ),
}
# an adverb of addition inside a toll ("ont egalement peri", "tambien murieron"): those dead are
# besides the ones told before
_ALSO = re.compile(r" (?:egalement|aussi|tambien|ademas)(?= )")
# "murio en 2010", "est mort il y a dix ans": a past death, not this event's
# verbs of toll that also take other objects ("dejaron una nota", "a fait une declaration"): their
# figure counts only with victims or a word of death after it
_WEAK_BEFORE = re.compile(
    r"(?:dejo|dejaron|deja|dejan|causo|causaron|causan?|faisant|a fait|ont fait|fait|font) "
)
_DEATH_NOUN = re.compile(r" (?:muert|fallec|victima|mort|tue|decede|deces|cadaver|corps)")
# the attackers' own dead are set aside when the text gives another toll (tests/corpus/README.md)
_PERPETRATORS = re.compile(
    r"\b(?:assaillants?|attaquants?|agresseurs?|atacantes?|agresores?|asaltantes?|tireurs?|pistoleros?|"
    r"kamikazes?|ravisseurs?|secuestradores?)\b"
)
# plural approximate nouns are conventional figures ("decenas" = 10): a real figure overrides them
_CONVENTIONAL = re.compile(
    r"\b(?:decenas|docenas|centenares|cientos|miles|des dizaines|dizaines|des centaines|centaines|"
    r"des milliers|milliers)\b"
)
_PAST_AFTER = re.compile(
    r" (?:en|el|le|au|in|a|hace|il y a|depuis)(?: \w+){0,2}? (?:\d{4}|anos|ans|annees)\b"
)
_SINGLE_NEG = re.compile(
    r"(?:nadie|ninguno|ninguna|no|casi|personne|aucun|aucune|n a|n est|ne|pas|failli)\s+$"
)
_DEATH_WORD = re.compile(r"muert|fallec|asesin|\bmort|\btue|decede|cadaver")


def _num_re(lex: Lexicon) -> str:
    words = sorted(lex.units, key=len, reverse=True)
    tens = _TENS_ES if lex is ES else _TENS_FR
    compound = (
        rf"(?:{'|'.join(tens)}) y (?:uno|una|un|dos|tres|cuatro|cinco|seis|siete|ocho|nueve)"
        if lex is ES
        else rf"(?:{'|'.join(tens)})(?: et un| et une|[ -](?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|"
        r"dix|onze|douze|treize|quatorze|quinze|seize))"
    )
    hundreds = (
        r"(?:ciento|doscientos|trescientos|cuatrocientos|quinientos) \w+" if lex is ES else r"(?:\w+ )?cents?"
    )
    return (
        rf"(?:\d{{1,3}}(?:[ .,]\d{{3}})+|\d+|{compound}|{hundreds}|{'|'.join(re.escape(w) for w in words)})"
    )


def parse_number_intl(s: str, language: str) -> int | None:
    lex = LEXICONS[language]
    s = s.strip().lower().replace("-", " ")
    digits = re.sub(r"[ .,]", "", s)
    if digits.isdigit():
        v = int(digits)
        return v if v < 1_000_000 else None
    if s in lex.units:
        return lex.units[s]
    s = re.sub(r"\bquatre vingts?\b", "quatrevingt", s)
    parts = [p for p in re.split(r" y | et | ", s) if p]
    units = {**lex.units, "quatrevingt": 80}
    if parts and all(p in units for p in parts):
        total = 0
        for p in parts:
            v = units[p]
            total = total * v if v in (100, 1000) and total else total + v
        return total
    return None


_PATTERNS: dict[str, tuple[list[re.Pattern[str]], list[re.Pattern[str]]]] = {}


def _patterns(language: str) -> tuple[list[re.Pattern[str]], list[re.Pattern[str]]]:
    got = _PATTERNS.get(language)
    if got is None:
        lex = LEXICONS[language]
        n = rf"(?P<n>{_num_re(lex)})"
        # "soldados colombianos", "civils maliens", "vdp et soldats"; never a second figure
        # ... and "de una misma familia", "d une meme famille" (a complement, not a second figure)
        mod = rf"(?: (?:d une|d un|de una|de un)| (?:[ld] )?(?!(?:{_num_re(lex)})\b)[a-z]+){{0,3}}?"
        n2 = rf"(?P<n2>{_num_re(lex)})"
        # a second group joined to the first ("un soldado y dos civiles", "une femme et ses trois
        # petites-filles"): the two add up
        also = rf"(?: (?:y|et) (?:sus |ses |leurs |otros |otras |autres )?{n2}(?: [a-z]+){{1,2}}?)?"
        # a clause naming some of them: "seis civiles, entre ellos tres ninos, murieron"
        among = r"(?:, (?:entre ellos|entre ellas|entre los que|incluidos|incluidas|dont|parmi eux|"
        among += r"parmi lesquels) [a-z0-9 ]{1,40},)?"
        deaths = [
            rf"\b{lex.qual}{n}(?: {lex.victims})?{mod}{also}{among} "
            rf"(?:(?:que )?(?:fueron|han sido|ont ete|sont|resultaron) )?{lex.death}\b",
            rf"\b{lex.death_before} (?:a )?{lex.qual}{n}(?: [a-z]+){{1,2}}? (?:y|et) "
            rf"(?:a )?(?:sus |ses |leurs |otros |otras |autres )?{n2}\b",
            # the killer's verb, a short phrase, then its victims: "mato con un cuchillo a un turista"
            rf"\b(?:mato|mataron|asesino|asesinaron|abatio|abatieron)(?: [a-z]+){{1,4}}? a {lex.qual}{n}"
            rf"(?: {lex.victims}| [a-z]+)\b",
            # victims massacred: "une quarantaine de villageois massacres" (never "trois massacres")
            rf"\b{lex.qual}{n}{mod} {lex.victims} (?:(?:ont ete|fueron) )?(?:massacre|masacrad)[eoa]?s\b",
            rf"\b{lex.death_before} (?:a )?{lex.qual}{n}(?: {lex.victims})?"
            r"(?: (?:muertos|morts|victimas))?\b",
        ]
        if language == "fr":
            # one dead told by the bare noun: "un mort et six blesses", "bilan : un mort"
            deaths.append(
                r"\b(?P<n>un|une|1) (?:mort|morte|tue|tuee)\b(?! (?:de|d|du|des|en|dans|il|le|la|a)\b)"
            )
        injuries = [
            rf"\b{lex.qual}{n}(?: {lex.victims})?{mod} "
            rf"(?:(?:que )?(?:fueron|ont ete|sont|resultaron) )?{lex.injury}\b",
            rf"\b{lex.injury_before} (?:a )?{lex.qual}{n}(?: {lex.victims})? (?:heridos|heridas|lesionados|"
            rf"blesses|blessees)\b",
            # a verb that wounds by itself, then its victims: "hieren a seis pasajeros", "blesse huit gens"
            rf"\b(?:hieren? a|hirio a|hirieron a|blessent|blesse|a blesse|ont blesse|blessant) {lex.qual}{n}"
            rf" {lex.victims}\b",
        ]
        got = ([re.compile(p) for p in deaths], [re.compile(p) for p in injuries])
        _PATTERNS[language] = got
    return got


# a figure followed by the injured ("deja cuatro heridos", "faisant treize blesses") is no death toll
_INJURED_AFTER = re.compile(r"(?: [a-z]+){0,2}? (?:heridos|heridas|lesionados|lesionadas|blesses|blessees)\b")


def _scan(
    low: str, patterns: list[re.Pattern[str]], language: str, deaths: bool = False
) -> list[tuple[int, str, bool]]:
    lex = LEXICONS[language]
    out: list[tuple[int, str, bool]] = []
    taken: list[tuple[int, int]] = []
    for pat in patterns:
        for m in pat.finditer(low):
            a, b = m.span()
            if any(x < b and a < y for x, y in taken):
                continue
            if _NEG_BEFORE.search(low[max(0, a - 12) : a]):
                continue
            if (
                a == m.start("n")
                and m.group("n") in ("un", "une", "una", "uno")
                and low[max(0, a - 3) : a]
                in (
                    " d ",
                    "de ",
                )
            ):
                continue  # a complement, not a toll: "d une meme famille", "de una misma familia"
            if (
                deaths
                and _WEAK_BEFORE.match(m.group(0))
                and not _DEATH_NOUN.search(low[m.end("n") : m.end() + 12])
            ):
                if not re.search(lex.victims, low[m.end("n") : m.end()]):
                    continue
            word = m.group("n")
            v = parse_number_intl(word, language)
            if v is None or year_like(low, m.start("n"), word, v):
                continue
            tail = low[m.end("n") : m.end("n") + 10]
            if re.match(
                r"\s*(?:anos|ans|dias|jours|horas|heures|meses|mois|km|kilo|metros|metres|%|por ciento)", tail
            ):
                continue
            if deaths:
                # the figure's people are the injured: "deja cinco trabajadores heridos"
                inj = _INJURED_AFTER.match(low, m.end("n"))
                if inj is not None and not _DEATH_WORD.search(inj.group(0)):
                    continue
            w2 = m.groupdict().get("n2")
            if w2 and deaths and _INJURED_AFTER.match(low, m.end("n2")):
                # "un mort et six blesses": the second figure is of the injured; the first is a toll
                # only when a word of death names it
                if not _DEATH_NOUN.search(low[m.end("n") : m.start("n2")]):
                    continue
                w2 = None
            if w2:
                v2 = parse_number_intl(w2, language)
                if v2 is None:
                    continue
                v += v2
            rise = bool(lex.rise.search(low[max(0, a - 30) : a + 5]))
            out.append((v, m.group(0), rise))
            taken.append((a, b))
    return out


def _choose(found: list[tuple[int, str, bool]]) -> tuple[int, str] | None:
    if not found:
        return None
    victims = [f for f in found if not _PERPETRATORS.search(f[1])]
    found = victims or found
    real = [f for f in found if not _CONVENTIONAL.search(f[1])]
    found = real or found
    rises = [f for f in found if f[2]]
    best = max(rises, key=lambda f: f[0]) if rises else min(found, key=lambda f: f[0])
    return best[0], best[1]


def count_casualties_intl(
    sentences: list[str], language: str
) -> tuple[int | None, int | None, list[str], str | None]:
    """(fatalities, injured, evidence, vague) from Spanish or French sentences (as the pack reads
    them); `vague` is the words of a toll without a figure ("varios muertos") when no figure is
    given: the fatalities are then unknown (None), and the event is urgent, never flash."""
    lex = LEXICONS[language]
    deaths_p, injuries_p = _patterns(language)
    deaths: list[tuple[int, str, bool]] = []
    injuries: list[tuple[int, str, bool]] = []
    no_death = no_injury = False
    also: list[tuple[int, str, bool]] = []
    for s in sentences:
        low = s.lower()
        if language == "fr":
            low = low.replace("-", " ")  # "quatre-vingt-dix", "vingt-trois"
        no_death = no_death or lex.no_death.search(low) is not None
        no_injury = no_injury or lex.no_injury.search(low) is not None
        plain = _ALSO.sub("", low)
        found = _scan(plain, deaths_p, language, deaths=True)
        if plain != low:
            # "deux de ses gardes ont egalement peri": dead besides those told before, added to them
            also.extend(f for f in found if f[1] not in low)
            found = [f for f in found if f[1] in low]
        deaths.extend(found)
        injuries.extend(_scan(low, injuries_p, language))
    if not deaths:  # one victim named by a possessive: "tuant son conducteur", "matando a su hijo"
        for s in sentences:
            m = _POSSESSIVE_DEATH.search(s.lower())
            if m is not None:
                deaths.append((1, m.group(0), False))
                break
    single: str | None = None
    vague: str | None = None
    if not deaths:
        for s in sentences:
            low = s.lower().replace("-", " ") if language == "fr" else s.lower()
            for m in _SINGLE_DEATH[language].finditer(low):
                if not _SINGLE_NEG.search(low[max(0, m.start() - 12) : m.start()]) and not _PAST_AFTER.match(
                    low, m.end()
                ):
                    single = m.group(0)
                    break
            if single is not None:
                break
        if single is None:
            for s in sentences:
                low = s.lower().replace("-", " ") if language == "fr" else s.lower()
                vm = _VAGUE_TOLL[language].search(low)
                if vm is not None and not re.search(
                    r"(?:\bno|\bni|\bsin|\bsans|\bpas de|\baucun|\baucune|\bningun|\bninguna)\s*$",
                    low[max(0, vm.start() - 12) : vm.start()],
                ):
                    vague = vm.group(0).strip(" :;,")
                    break
    reasons: list[str] = []
    fat: int | None = None
    chosen = _choose(deaths)
    if chosen:
        fat = chosen[0]
        reasons.append(f"fatalities={fat} from '{chosen[1]}'")
    elif single is not None:
        fat = 1
        reasons.append(f"fatalities=1 from '{single}'")
    more = _choose(also)
    if more is not None and fat:
        fat += more[0]
        reasons.append(f"fatalities={fat}: {more[0]} more from '{more[1]}'")
    elif more is not None:
        fat, vague = more[0], None
        reasons = [f"fatalities={fat} from '{more[1]}'"]
    elif vague is not None:
        reasons.append(f"fatalities unknown: a toll without a figure, '{vague}'")
    elif no_death:
        fat = 0
        reasons.append("fatalities=0: text says no one was killed")
    inj: int | None = None
    chosen = _choose(injuries)
    if chosen:
        inj = chosen[0]
        reasons.append(f"injured={inj} from '{chosen[1]}'")
    elif no_injury:
        inj = 0
    return fat, inj, reasons, vague
