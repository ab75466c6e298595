"""Text normalisation helpers for story deduplication (pure functions, no state).

- ``canonical_url``: one spelling per page (tracking parameters stripped, host lowered,
  fragment and trailing slash dropped, query sorted).
- ``normalize_text`` / ``content_hash``: exact-duplicate key of the text.
- ``tokenize`` / ``content_tokens``: lower-cased word tokens, stopwords removed.
- ``shingle_hashes``: 32-bit hashes of word n-grams (input of the MinHash).
- ``extract_entities`` / ``extract_numbers`` / ``extract_years``: the evidence that tells two
  events of the same kind apart (names, places, counts, dates).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from collections.abc import Iterable, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from rapidfuzz.utils import default_process

# --------------------------------------------------------------------------- URLs

_TRACKING_PARAMS = frozenset(
    {
        "fbclid",
        "gclid",
        "dclid",
        "gbraid",
        "wbraid",
        "msclkid",
        "yclid",
        "twclid",
        "igshid",
        "mc_cid",
        "mc_eid",
        "ref",
        "ref_src",
        "ref_url",
        "referrer",
        "source",
        "src",
        "cmpid",
        "cmp",
        "campaign",
        "ito",
        "ns_mchannel",
        "ns_source",
        "ns_campaign",
        "ns_linkname",
        "ns_fee",
        "_ga",
        "_gl",
        "spm",
        "share",
        "smid",
        "smtyp",
        "sh",
        "s_cid",
        "ocid",
        "rss",
        "feature",
        "at_medium",
        "at_campaign",
        "at_custom1",
        "at_custom2",
        "partner",
        "cid",
        "mbid",
        "xtor",
        "__twitter_impression",
        "amp",
        "outputtype",
    }
)
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "hsa_", "at_", "oly_", "vero_", "_hs")
_DEFAULT_PORTS = {"http": "80", "https": "443"}


def _is_tracking(key: str) -> bool:
    k = key.lower()
    return k in _TRACKING_PARAMS or k.startswith(_TRACKING_PREFIXES)


# Plain URLs (lower-case http(s) scheme, no port, user, fragment or escapes, a query of simple
# key=value pairs) take a string-only path with the same result as the general one.
_SIMPLE_URL_RE = re.compile(r"https?://([A-Za-z0-9.-]+)(/[A-Za-z0-9._~/-]*)?(?:\?([A-Za-z0-9._~=&-]*))?")


def _canonical_simple(m: re.Match) -> str | None:
    host, path, query = m.group(1).lower().rstrip("."), m.group(2) or "", m.group(3)
    if host.startswith("www."):
        host = host[4:]
    if host.startswith(("m.", "amp.")) and host.count(".") >= 2:
        host = host.split(".", 1)[1]
    if "//" in path:
        path = re.sub(r"/{2,}", "/", path)
    if path.endswith("/amp"):
        path = path[: -len("/amp")]
    path = path.rstrip("/")
    if not query:
        return f"https://{host}{path}"
    items = []
    for piece in query.split("&"):
        if not piece:
            continue
        k, eq, v = piece.partition("=")
        if "=" in v:
            return None  # '=' inside a value is escaped by urlencode: the general path
        if not _is_tracking(k):
            items.append((k, v))
    items.sort()
    q = "&".join(f"{k}={v}" for k, v in items)
    return f"https://{host}{path}?{q}" if q else f"https://{host}{path}"


def canonical_url(url: object | None) -> str | None:
    """The canonical spelling of a URL, or None when there is none.

    Scheme http/https are folded together (the same page is served under both), host is
    lower-cased without "www." and default port, the fragment is dropped, tracking
    parameters are removed, the remaining query is sorted, and a trailing slash is dropped.
    """
    if url is None:
        return None
    s = str(url).strip()
    if not s:
        return None
    m = _SIMPLE_URL_RE.fullmatch(s)
    if m is not None:
        out = _canonical_simple(m)
        if out is not None:
            return out
    return _canonical_general(s)


def _canonical_general(s: str) -> str:
    try:
        parts = urlsplit(s)
    except ValueError:
        return s.lower()
    scheme = parts.scheme.lower()
    if scheme in ("http", "https"):
        scheme = "https"
    host = (parts.hostname or "").lower().rstrip(".")
    if host.startswith("www."):
        host = host[4:]
    if host.startswith(("m.", "amp.")) and host.count(".") >= 2:
        host = host.split(".", 1)[1]
    port = None
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host
    if port is not None and str(port) != _DEFAULT_PORTS.get(parts.scheme.lower(), ""):
        netloc = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "")
    if path.endswith("/amp"):
        path = path[: -len("/amp")]
    path = path.rstrip("/")
    query_items = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _is_tracking(k)]
    query = urlencode(sorted(query_items))
    return urlunsplit((scheme, netloc, path, query, ""))


# --------------------------------------------------------------------------- text

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)*", re.UNICODE)
_NON_WORD_RE = re.compile(r"[\W_]+", re.UNICODE)
_URL_IN_TEXT_RE = re.compile(r"https?://\S+|www\.\S+")
_HANDLE_RE = re.compile(r"(?<!\w)[@#](\w+)")

STOPWORDS = frozenset(
    """
    a about above after again against all almost also although am among an and another any are
    aren't around as at be because been before being below between both but by can cannot could
    couldn't did didn't do does doesn't doing don't down during each either else even ever every
    few for from further get gets got had hadn't has hasn't have haven't having he he'd he'll he's
    her here here's hers herself him himself his how how's however i i'd i'll i'm i've if in into
    is isn't it it's its itself just let's like many may me might more most much must mustn't my
    myself neither no nor not now of off often on once one only or other others ought our ours
    ourselves out over own per quite rather really said same say says shall shan't she she'd
    she'll she's should shouldn't since so some still such than that that's the their theirs them
    themselves then there there's therefore these they they'd they'll they're they've this those
    though through thus to too toward towards under until up upon us very via was wasn't we we'd
    we'll we're we've were weren't what what's whatever when when's where where's whether which
    while who who's whom whose why why's will with within without won't would wouldn't yet you
    you'd you'll you're you've your yours yourself yourselves told don doesn didn isn wasn aren
    couldn wouldn shouldn won hasn haven hadn weren ll ve re according new news latest
    update updated report reports reported reporting breaking live video photos photo read
    more click here via amp rt http https www com
    """.split()
)

_MONTHS = {
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun".split()
)
# Capitalised words that are not names: sentence openers, titles, time words.
_NOT_ENTITY = (
    STOPWORDS
    | frozenset(_MONTHS)
    | _WEEKDAYS
    | frozenset(
        """
    mr mrs ms dr st sir gov sen rep prof gen col lt sgt capt president minister police officials
    official authorities today yesterday tonight tomorrow morning afternoon evening night
    week weekend year years day days month months people man woman men women city state
    county sunday's monday's tuesday's wednesday's thursday's friday's saturday's
    but and or so the a an in on at for with from by of to as it he she they we i you
    """.split()
    )
)


def normalize_text(text: str) -> str:
    """NFKC, lower case, URLs removed, punctuation and whitespace collapsed to one space."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = _URL_IN_TEXT_RE.sub(" ", t)
    t = t.replace("’", "'")
    return " ".join(_NON_WORD_RE.sub(" ", t).split())


def content_hash(title: str, body: str) -> str:
    """Key of the exact-duplicate check: the same words in the same order, whatever the markup."""
    basis = normalize_text(f"{title}\n{body}")
    return hashlib.blake2b(basis.encode("utf-8"), digest_size=12).hexdigest()


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens, URLs removed; '@'/'#' prefixes dropped, words kept."""
    t = _URL_IN_TEXT_RE.sub(" ", text)
    t = t.replace("’", "'")
    return [w.lower() for w in _WORD_RE.findall(t)]


def _strip_possessive(w: str) -> str:
    if w.endswith("'s"):
        return w[:-2]
    return w


def content_tokens(tokens: Iterable[str]) -> list[str]:
    """Tokens that carry meaning: stopwords and one-letter words dropped, possessives folded."""
    out = []
    for w in tokens:
        w = _strip_possessive(w)
        if len(w) < 2 and not w.isdigit():
            continue
        if w in STOPWORDS:
            continue
        out.append(w)
    return out


def stem(w: str) -> str:
    """A very light English suffix folding (plural, -ed, -ing) so that 'shootings' ~ 'shooting'."""
    if len(w) <= 4 or w.isdigit():
        return w
    if w.endswith("ies") and len(w) > 5:
        return w[:-3] + "y"
    if w.endswith(("sses", "shes", "ches", "xes")):
        return w[:-2]
    if w.endswith("s") and not w.endswith(("ss", "us", "is")):
        return w[:-1]
    return w


def token_hash32(token: str) -> int:
    """Stable 32-bit hash of a token (crc32: same value in every process, unlike hash())."""
    return zlib.crc32(token.encode("utf-8"))


def shingle_hashes(tokens: Sequence[str], k: int = 3, cache: dict[str, int] | None = None) -> list[int]:
    """Distinct 32-bit hashes of the word k-grams of ``tokens`` (fewer than k tokens: one gram)."""
    if not tokens:
        return []
    if cache is None:
        hs = [zlib.crc32(t.encode("utf-8")) for t in tokens]
    else:
        hs = []
        for t in tokens:
            h = cache.get(t)
            if h is None:
                h = zlib.crc32(t.encode("utf-8"))
                if len(cache) < 500_000:
                    cache[t] = h
            hs.append(h)
    n = len(hs)
    if n < k:
        acc = 0
        for h in hs:
            acc = ((acc * 0x01000193) ^ h) & 0xFFFFFFFF
        return [acc]
    out = set()
    if k == 1:
        return list(set(hs))
    if k == 2:
        for i in range(n - 1):
            out.add(((hs[i] * 0x9E3779B1) ^ hs[i + 1]) & 0xFFFFFFFF)
    else:
        for i in range(n - k + 1):
            acc = hs[i]
            for j in range(1, k):
                acc = ((acc * 0x9E3779B1) ^ hs[i + j]) & 0xFFFFFFFF
            out.add(acc)
    return list(out)


# --------------------------------------------------------------------------- evidence

_CAP_RE = re.compile(r"(?<![\w'’])([A-Z][\w'’\-]*[\w]|[A-Z])(?![\w])")
_SENT_START_RE = re.compile(r"(?:^|[.!?:;\"“”\n]\s*)$")
_NUMBER_RE = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w])")
_YEAR_RE = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_NUMBER_WORDS = {
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
    "hundred": 100,
    "dozens": None,
    "hundreds": None,
}


def extract_entities(text: str, max_entities: int = 64) -> set[str]:
    """Lower-cased capitalised words that look like names (people, places, organisations).

    A capitalised word at a sentence start counts only when the same word also appears
    capitalised elsewhere in the text. Common words (stopwords, months, titles) never count.
    All-caps headlines (more than half the words capitalised) give no evidence from case.
    """
    words = _CAP_RE.findall(text)
    if not words:
        return set()
    n_words = len(_WORD_RE.findall(text[:2000])) or 1
    caps_head = len(_CAP_RE.findall(text[:2000]))
    mid: set[str] = set()
    start: set[str] = set()
    headline_like = caps_head > 0.6 * n_words
    for m in _CAP_RE.finditer(text):
        w = m.group(1)
        lw = _strip_possessive(w.lower().replace("’", "'"))
        if len(lw) < 2 or lw in _NOT_ENTITY or lw.isdigit():
            continue
        pre = text[max(0, m.start() - 3) : m.start()]
        if m.start() == 0 or _SENT_START_RE.search(pre) or headline_like:
            start.add(lw)
        else:
            mid.add(lw)
        if len(mid) >= max_entities:
            break
    if headline_like:
        # case carries no information; keep the non-stopword words as weak names
        return {w for w in start if w not in _NOT_ENTITY}
    return mid | (start & mid)


def extract_numbers(text: str, max_numbers: int = 32) -> set[str]:
    """Numbers mentioned (counts, scores, amounts) as canonical strings, years excluded."""
    out: set[str] = set()
    for m in _NUMBER_RE.finditer(text):
        s = m.group(1).replace(",", "")
        if _YEAR_RE.fullmatch(s):
            continue
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        out.add(s)
        if len(out) >= max_numbers:
            break
    return out


def extract_years(text: str) -> set[int]:
    return {int(y) for y in _YEAR_RE.findall(text)}


def extract_dates(text: str) -> set[str]:
    """Month-day mentions ('Dec 12', '12 December') as 'MM-DD' strings."""
    out: set[str] = set()
    low = text.lower()
    for m in re.finditer(r"\b([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b", low):
        mon = _MONTHS.get(m.group(1))
        if mon and 1 <= int(m.group(2)) <= 31:
            out.add(f"{mon:02d}-{int(m.group(2)):02d}")
    for m in re.finditer(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3,9})\b", low):
        mon = _MONTHS.get(m.group(2))
        if mon and 1 <= int(m.group(1)) <= 31:
            out.add(f"{mon:02d}-{int(m.group(1)):02d}")
    return out


# --------------------------------------------------------------------------- fast path
# The index calls these on every article: regexes run in C, Python work is per distinct word.

_FAST_TOKEN_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
_MID_CAP_RE = re.compile(r"(?<=[a-z0-9,;)%] )[A-Z][\w'’\-]*\w|(?<=[a-z0-9,;)%] )[A-Z]")
_ANY_CAP_RE = re.compile(r"(?<![\w'’])[A-Z][\w'’\-]*\w")
_FAST_NUM_RE = re.compile(r"\d[\d,.]*")
_CAP_WORD_RE = re.compile(r"[A-Z][\w'’\-]*")
_SENTENCE_END = frozenset('.!?"“”\n:;|—-•')
_MONTH_ALT = "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec"
_DATE_MD_RE = re.compile(r"\b(" + _MONTH_ALT + r")[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b")
_DATE_DM_RE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + _MONTH_ALT + r")[a-z]*\b")
_MONTH_NUM = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}


def fast_tokens(text: str) -> list[str]:
    """Lower-cased alphanumeric word tokens (URLs removed; punctuation, apostrophes included,
    split words: "obama's" -> "obama", "s"). rapidfuzz's C++ ``default_process`` does the work."""
    if "http" in text or "www." in text:
        text = _URL_IN_TEXT_RE.sub(" ", text)
    return default_process(text).split()


def term_of(word: str) -> str:
    """The index term of a lower-cased word: '' for stopwords and one-letter words, else its stem."""
    w = _strip_possessive(word)
    if (len(w) < 2 and not w.isdigit()) or w in STOPWORDS:
        return ""
    return stem(w)


def _mid_caps(text: str) -> list[str]:
    out = []
    for m in _CAP_WORD_RE.finditer(text):
        i = m.start()
        if i >= 2 and text[i - 1] == " " and text[i - 2] not in _SENTENCE_END:
            out.append(m.group())
    return out


def fast_entities(title: str, body: str) -> set[str]:
    """Names (lower-cased, stemmed) from capitalised words that are not sentence openers.

    Body: capitalised words right after a lower-case word, digit or comma (mid-sentence).
    Title: in Title Case or all caps every word is capitalised, so a title word counts only
    when the body also has it capitalised, or, for a headline without body, when it is not a
    common word.
    """
    found: set[str] = set()
    if body:
        found.update(_mid_caps(body))
    if title:
        words = _ANY_CAP_RE.findall(title)
        n = len(_FAST_TOKEN_RE.findall(title)) or 1
        if len(words) > 0.6 * n:  # title case / all caps: case says little
            if body:
                body_caps = {w.lower() for w in found}
                found.update(w for w in words if w.lower() in body_caps)
            else:
                found.update(words)
        else:
            found.update(_mid_caps(title))
            if not body:
                found.update(words[1:])
    out: set[str] = set()
    for w in found:
        lw = _strip_possessive(w.lower().replace("’", "'"))
        if len(lw) < 2 or lw in _NOT_ENTITY or lw.isdigit():
            continue
        out.add(stem(lw))
    return out


def fast_numbers(text: str) -> tuple[set[str], set[int]]:
    """(numbers other than years, years) mentioned in the text."""
    nums: set[str] = set()
    years: set[int] = set()
    for s in set(_FAST_NUM_RE.findall(text)):
        s = s.rstrip(".,").replace(",", "")
        if not s or s.count(".") > 1:
            continue
        if len(s) == 4 and s.isdigit() and (s.startswith("19") or s.startswith("20") or s.startswith("18")):
            years.add(int(s))
        else:
            if "." in s:
                s = s.rstrip("0").rstrip(".")
            nums.add(s)
    return nums, years


def fast_dates(words: list[str]) -> set[str]:
    """Month-day mentions ('Dec 12', '12th of December') in a token list, as 'MM-DD'."""
    out: set[str] = set()
    if _MONTH_WORDS.keys().isdisjoint(words):
        return out
    n = len(words)
    for i, w in enumerate(words):
        mon = _MONTH_WORDS.get(w)
        if mon is None:
            continue
        for j in (i + 1, i - 1, i - 2):
            if 0 <= j < n:
                d = words[j]
                if d.endswith(("st", "nd", "rd", "th")):
                    d = d[:-2]
                if d.isdigit() and 1 <= int(d) <= 31 and (j != i - 2 or words[i - 1] == "of"):
                    out.add(f"{mon:02d}-{int(d):02d}")
                    break
    return out


_MONTH_WORDS = {k: v for k, v in _MONTHS.items() if k != "may" and k != "mar"} | {"may": 5, "march": 3}
