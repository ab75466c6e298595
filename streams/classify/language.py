"""Which language an article is in, cheaply, and the text as a language's rule pack reads it.

`detect(title, body)` reads the first `SAMPLE_CHARS` characters and counts the distinct
function words of each language profile it finds there (set intersections, a few
microseconds): English, Spanish and French, which have rule packs, and German, Italian,
Portuguese and Dutch, which have none. A text in another script (Arabic, Cyrillic, CJK, ...)
is told by its letters. With no function word at all (a bare headline, a terse note), the
text is taken as English unless Spanish or French letters (ñ, ¿, ç, è, ...) say otherwise;
that keeps lingua (0.15 ms an article) out of the hot path: `Article.language`, when the feed
sets it, comes first anyway (`normalise`).

`for_pack(text, language)`: Spanish and French text with its accents dropped (the rule
packs are written without them: "explosion" matches "explosión") and, in French, elided
articles split off ("l'armée" -> "l armée" -> "l armee"); English text is left as it is.
"""

from __future__ import annotations

import re
import unicodedata

SAMPLE_CHARS = 400
SUPPORTED = ("en", "es", "fr")

PROFILES: dict[str, frozenset[str]] = {
    "en": frozenset(
        "the of and to in is was were that for on with by at from has have had after said are been this "
        "it an as who which their its they he she his her not but would will through into near during "
        "against between when while where under before without across".split()
    ),
    "es": frozenset(
        "el la los las de del y en que por con para una un se al fue según tras sus su es como más este "
        "esta dijo han ha fueron entre sobre desde hasta cuando también hubo murieron muertos".split()
    ),
    "fr": frozenset(
        "le la les de des du et en une un est au aux dans par pour sur qui que avec ont été selon ses son "
        "sa il elle ils après lors cette ce mais pas ne l d été morts à".split()
    ),
    "de": frozenset(
        "der die das und ist nicht mit von den dem ein eine wurde auf für sich im bei nach zu aus sind "
        "wurden einem einer".split()
    ),
    "it": frozenset(
        "il della delle dei degli che di è per con una sono nel nella alla del gli anche non ha dopo stato "
        "stati sul sulla".split()
    ),
    "pt": frozenset(
        "o os da das do dos em uma um com não para que foi pelo pela ao à são mais seu sua após segundo "
        "também está".split()
    ),
    "nl": frozenset("de het een en van in is op te dat niet met zijn voor werd door naar bij ook".split()),
}
# ASCII marks that may touch a word, made spaces (on the UTF-8 bytes, in C), so that split()
# gives the words
_PUNCT = bytes(32 if chr(c) in ",.;:!?\"()[]'-/" else c for c in range(256))
_PROFILE_BYTES = {lang: frozenset(w.encode() for w in words) for lang, words in PROFILES.items()}
_ANY_PROFILE = frozenset().union(*_PROFILE_BYTES.values())  # a text's words are first cut to these
# the function words in capitals: "UN", "LA", "DE", "EL" alone among lower-case words ("a UN
# school", "in LA") are acronyms, not the Spanish "un" or "la"; among other words in capitals
# ("TODOS A DONAR PARA", "WE NEED TO EVACUATE") they are shouted words
_IN_CAPITALS = {w.decode().upper().encode(): w for w in _ANY_PROFILE if len(w.decode()) > 1}


def _shouted(tok: str | bytes) -> bool:
    return len(tok) > 1 and tok.isalpha() and tok.isupper()


def _acronym(toks: list[str] | list[bytes], i: int) -> bool:
    """Whether the word in capitals at toks[i] stands alone (no neighbour in capitals)."""
    return not ((i > 0 and _shouted(toks[i - 1])) or (i + 1 < len(toks) and _shouted(toks[i + 1])))


# letters beyond Latin Extended-B (other scripts), and Latin letters (both found in C)
_NON_LATIN = re.compile(r"[^\W\d_\x00-\u024f]")
_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
_ES_MARKS = frozenset("ñ¿¡")
_FR_MARKS = frozenset("çèêëîïôûùœâ")
# scripts with no rule pack: a text mostly written in them is unsupported whatever its words
_SCRIPTS = (
    ("ar", 0x0600, 0x06FF),
    ("he", 0x0590, 0x05FF),
    ("ru", 0x0400, 0x04FF),
    ("el", 0x0370, 0x03FF),
    ("hi", 0x0900, 0x097F),
    ("th", 0x0E00, 0x0E7F),
    ("ko", 0xAC00, 0xD7AF),
    ("ja", 0x3040, 0x30FF),
    ("zh", 0x4E00, 0x9FFF),
)


def normalise(language: str | None) -> str | None:
    """ "es-ES", "ES", "spa" -> "es"; None or "" -> None."""
    if not language:
        return None
    code = language.strip().lower().replace("_", "-").split("-")[0]
    return {"eng": "en", "spa": "es", "fra": "fr", "fre": "fr"}.get(code, code) or None


# how far another language may lead English before the words inside names are set aside
_NAME_MARGIN = 2
_WORD = re.compile(r"[^\W\d_]+")


def _outside_names(sample: str) -> set[bytes]:
    """The lower-cased words of a sample without the lower-case words between two capitalised ones
    (the "de" of "Rio de Janeiro", the "au" of "Port-au-Prince"): a name's words, not the text's;
    nor acronyms ("UN")."""
    toks = _WORD.findall(sample)
    keep = {
        t.lower().encode()
        for i, t in enumerate(toks)
        if not (
            t.islower() and 0 < i < len(toks) - 1 and toks[i - 1][0].isupper() and toks[i + 1][0].isupper()
        )
        and not (_shouted(t) and _acronym(toks, i))
    }
    return keep


def detect(title: str, body: str) -> tuple[str, str]:
    """(language code, how it was told) for a text."""
    sample = (f"{title}\n{body[:SAMPLE_CHARS]}" if title else body)[:SAMPLE_CHARS]
    if not sample.isascii() and _NON_LATIN.search(sample):
        foreign = _NON_LATIN.findall(sample)
        if len(foreign) * 2 > len(foreign) + len(_LATIN.findall(sample)):
            cp = ord(foreign[len(foreign) // 2])
            for code, lo, hi in _SCRIPTS:
                if lo <= cp <= hi:
                    return code, "script"
            return "xx", "script"
    low = sample.lower()
    words: frozenset[bytes] | set[bytes] = _ANY_PROFILE.intersection(low.encode().translate(_PUNCT).split())
    hits = {lang: len(words & prof) for lang, prof in _PROFILE_BYTES.items()}
    best = max(hits, key=lambda k: hits[k])
    if best != "en" and (
        capitals := _IN_CAPITALS.keys() & (toks := sample.encode().translate(_PUNCT).split())
    ):
        # a function word written only as an acronym is not counted (English texts, most of
        # the traffic, never come here)
        written = set(toks)
        for w in capitals:
            low_w = _IN_CAPITALS[w]
            if (
                low_w not in written
                and low_w.capitalize() not in written
                and all(_acronym(toks, i) for i, t in enumerate(toks) if t == w)
            ):
                words = words - {low_w}
        hits = {lang: len(words & prof) for lang, prof in _PROFILE_BYTES.items()}
        best = max(hits, key=lambda k: hits[k])
    if hits[best] == 0:
        if not sample.isascii():
            chars = set(low)
            if chars & _ES_MARKS:
                return "es", "letters"
            if chars & _FR_MARKS:
                return "fr", "letters"
        return "en", "default"
    if best != "en" and hits["en"] and hits[best] - hits["en"] <= _NAME_MARGIN:
        # an English text may hold a name with another language's function words ("Rio de
        # Janeiro", "Port-au-Prince"): counted without the words inside capitalised names
        words = _outside_names(sample)
        hits = {lang: len(words & prof) for lang, prof in _PROFILE_BYTES.items()}
        best = max(hits, key=lambda k: hits[k])
    ranked = sorted(hits.values(), reverse=True)
    if ranked[1] == ranked[0]:  # a tie: the packs' languages first, English before them
        for lang in ("en", "es", "fr"):
            if hits[lang] == ranked[0]:
                return lang, "function words (tie)"
    return best, "function words"


_APOSTROPHES = str.maketrans({"'": " ", "\u2019": " ", "\u02bc": " "})
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]+")


def _drop_accents(run: re.Match[str]) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", run.group()) if not unicodedata.combining(c))


def for_pack(text: str, language: str) -> str:
    """The text as the language's rule pack reads it (accents dropped for es and fr, French
    elisions split; in English the accents only, so that a place such as "Lac-Mégantic" stays one
    name and not the tokens "Lac M gantic")."""
    if text.isascii() and language != "fr":
        return text
    if language == "en":  # the accents only ("Lac-Mégantic", "Québec"): the letters stay tokens
        # NFKD acts on each character alone (ASCII ones are their own form), so only the runs
        # of other characters are decomposed: the same text, without a pass over every letter
        return _NON_ASCII_RUN.sub(_drop_accents, text)
    out = text.replace("œ", "oe").replace("Œ", "Oe")
    if language == "fr":
        out = out.translate(_APOSTROPHES)
    # NFKD splits a letter from its accent (dropped with every other non-ASCII character) and
    # makes the thin spaces of "4 000" plain ones
    return unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode("ascii")
