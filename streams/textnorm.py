"""Text normalisation for story deduplication (pure functions, no state).

- ``canonical_url``: one spelling per page (tracking parameters stripped, host lowered,
  fragment and trailing slash dropped, query sorted).
- ``term_of``: the index term of a word (stopwords dropped, a light stem); ``STOPWORDS``,
  ``MONTHS``, ``WEEKDAYS`` and ``NOT_NAMES`` (capitalised words that are no names).
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

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

MONTHS = {
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
WEEKDAYS = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri sat sun
    """.split()
)
# Capitalised words that are not names: sentence openers, titles, time words.
NOT_NAMES = (
    STOPWORDS
    | frozenset(MONTHS)
    | WEEKDAYS
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


def _strip_possessive(w: str) -> str:
    if w.endswith("'s"):
        return w[:-2]
    return w


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


def term_of(word: str) -> str:
    """The index term of a lower-cased word: '' for stopwords and one-letter words, else its stem."""
    w = _strip_possessive(word)
    if (len(w) < 2 and not w.isdigit()) or w in STOPWORDS:
        return ""
    return stem(w)
