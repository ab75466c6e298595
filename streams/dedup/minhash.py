"""MinHash signatures (datasketch's affine32 scheme, computed in numpy) and the shingles they are
taken over."""

from __future__ import annotations

import numpy as np
from datasketch import MinHash

_PERM_CACHE: dict[int, tuple[np.ndarray, np.ndarray]] = {}
_MIN = np.minimum.reduce  # ndarray.min without its Python-level wrapper
_M32 = np.uint32


def _permutations(num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """datasketch's own permutation parameters (scheme affine32, seed 1)."""
    p = _PERM_CACHE.get(num_perm)
    if p is None:
        a, b = MinHash(num_perm=num_perm, scheme="affine32", seed=1).permutations
        p = (
            np.ascontiguousarray(a, dtype=np.uint32)[:, None],
            np.ascontiguousarray(b, dtype=np.uint32)[:, None],
        )
        _PERM_CACHE[num_perm] = p
    return p


def _fmix32(h: np.ndarray) -> np.ndarray:
    # MurmurHash3 32-bit finalizer, the pre-mix datasketch applies before its affine permutations
    h = h ^ (h >> _M32(16))
    h = h * _M32(0x85EBCA6B)
    h = h ^ (h >> _M32(13))
    h = h * _M32(0xC2B2AE35)
    return h ^ (h >> _M32(16))


def minhash_values(hashes: list[int] | np.ndarray, num_perm: int = 64) -> np.ndarray:
    """MinHash signature of a set of 32-bit values, bit-identical to
    ``datasketch.MinHash(num_perm, scheme="affine32", hashfunc=int).update_batch(hashes)``
    but computed in one vectorised numpy pass."""
    a, b = _permutations(num_perm)
    if len(hashes) == 0:
        return np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    if isinstance(hashes, np.ndarray):
        hv = _fmix32(hashes.astype(np.uint32, copy=False))
    else:
        hv = _fmix32(np.fromiter(hashes, dtype=np.uint32, count=len(hashes)))
    phv = a * hv
    phv += b
    return _MIN(phv, axis=1)


def minhash_batch(shingles: list[np.ndarray], num_perm: int = 64) -> list[np.ndarray]:
    """``minhash_values(x, num_perm).astype(np.uint16)`` for each array, in one numpy pass."""
    a, b = _permutations(num_perm)
    lens = np.fromiter(map(len, shingles), np.int64, count=len(shingles))
    nz = (lens > 0).nonzero()[0]
    empty = np.full(num_perm, 0xFFFF, np.uint16)
    out = [empty] * len(shingles)
    if nz.shape[0]:
        offs = np.zeros(nz.shape[0], np.int64)
        np.cumsum(lens[nz][:-1], out=offs[1:])
        hv = _fmix32(np.concatenate([shingles[i] for i in nz.tolist()]).astype(np.uint32, copy=False))
        mins32 = np.empty((num_perm, nz.shape[0]), np.uint32)
        buf = np.empty((8, hv.shape[0]), np.uint32)
        for r in range(0, num_perm, 8):  # 8 permutations at a time: the products stay in cache
            p = buf[: min(8, num_perm - r)]
            np.multiply(a[r : r + 8], hv, out=p)
            np.add(p, b[r : r + 8], out=p)
            mins32[r : r + 8] = np.minimum.reduceat(p, offs, axis=1)
        mins = mins32.T.astype(np.uint16)
        for j, i in enumerate(nz.tolist()):
            out[i] = mins[j]
    return out


_SH_MULT = np.uint32(0x9E3779B1)


def shingles(h: np.ndarray, short: bool) -> np.ndarray:
    """Word 3-gram hashes (long texts) or unigram + bigram hashes (short texts)."""
    n = h.shape[0]
    if n == 0:
        return h
    if short:
        if n == 1:
            return h
        return np.concatenate((h, (h[:-1] * _SH_MULT) ^ h[1:]))
    if n < 3:
        return (h[:1] * _SH_MULT) ^ h[-1:]
    return (((h[:-2] * _SH_MULT) ^ h[1:-1]) * _SH_MULT) ^ h[2:]


# --------------------------------------------------------------------------- vocabulary
