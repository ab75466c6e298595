"""The hashing tokenizer: tokens and their 64-bit hashes in one vectorised numpy pass.

Tokens are runs of letters/digits of the case-folded text (rapidfuzz's ``default_process``);
a token's hash is a polynomial hash of its code points (prefix sums, so every token costs the
same few array operations whatever its length), mixed with its length. The lexicon
(``vocabulary.Lexicon``) maps these hashes to term ids.
"""

from __future__ import annotations

import re

import numpy as np
from rapidfuzz.utils import default_process

_P = 0x100000001B3
_PINV = pow(_P, -1, 1 << 64)
_MIX = np.uint64(0x9E3779B97F4A7C15)
_U64 = np.uint64
_SUM = np.add.reduce  # ndarray.sum without its Python-level wrapper

FIRST_WORD_RE = re.compile(r"[^\W_]")
URL_RE = re.compile(r"https?://\S+|www\.\S+")


def _powers(base: int, n: int) -> np.ndarray:
    a = np.full(n, base, dtype=np.uint64)
    a[0] = 1
    with np.errstate(over="ignore"):
        return np.cumprod(a, dtype=np.uint64)


_POW = _powers(_P, 1 << 12)
_INV = _powers(_PINV, 1 << 12)


def _ensure_pow(n: int) -> None:
    global _POW, _INV
    if n >= _POW.shape[0]:
        m = max(n + 1, 2 * _POW.shape[0])
        _POW, _INV = _powers(_P, m), _powers(_PINV, m)


def powers(n: int) -> np.ndarray:
    """P**i (mod 2**64) for i in range(n): the position weights of the content hash."""
    _ensure_pow(n)
    return _POW[:n]


def hash_tokens(s: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(code points, token starts, token ends, 64-bit token hashes) of a case-folded text (tokens
    separated by spaces)."""
    n = len(s)
    cp = np.frombuffer(s.encode("utf-32-le"), np.uint32)
    x = np.zeros(n + 2, np.bool_)
    np.not_equal(cp, 32, out=x[1:-1])
    edge = (x[1:] != x[:-1]).nonzero()[0]
    starts, ends = edge[0::2], edge[1::2]
    _ensure_pow(n + 1)
    # (uint64 array arithmetic wraps around silently: no errstate needed)
    hp = np.empty(n + 1, np.uint64)
    hp[0] = 0
    if n <= 1 << 14:  # (a short text: a temporary is cheaper than accumulating in place)
        np.add.accumulate(np.multiply(cp, _POW[:n]), out=hp[1:])  # prefix sums; uint32 * uint64 -> uint64
    else:
        np.multiply(cp, _POW[:n], out=hp[1:])
        np.add.accumulate(hp[1:], out=hp[1:])
    h = (hp[ends] - hp[starts]) * _INV[starts]
    h ^= (ends - starts).view(np.uint64)  # lengths (> 0) as uint64
    h *= _MIX
    h ^= h >> _U64(29)
    return cp, starts, ends, h


def content_hash(h: np.ndarray) -> int:
    """The exact-content key of a text from its token hashes: the same tokens in the same order."""
    return int(_SUM(h * powers(h.shape[0]))) ^ h.shape[0]


def tokenize(text: str) -> tuple[str, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(case-folded text, token starts, token ends, 64-bit token hashes, capitalised flags) of a
    text, URLs removed."""
    if "http" in text or "www." in text:
        text = URL_RE.sub(" ", text)
    s = default_process(text)
    n = len(s)
    if n == 0:
        z = np.zeros(0, np.int64)
        return s, z, z, z.astype(np.uint64), z.astype(np.bool_)
    cp, starts, ends, h = hash_tokens(s)
    # capitalised: the original character differs from its lower-cased form
    m = FIRST_WORD_RE.search(text)
    lead = m.start() if m is not None else 0
    ocp = np.frombuffer(text.encode("utf-32-le"), np.uint32)
    if lead + n <= ocp.shape[0]:
        caps = ocp[lead + starts] != cp[starts]
    else:
        caps = np.zeros(starts.shape[0], np.bool_)
    return s, starts, ends, h, caps
