"""The statistical layer: a linear model over hashed word and character n-grams.

`features(text)` is the one definition of the model's input, used by the training script
(tools/train_classifier.py) and at run time: the text's lead (title and the first
`LEAD_CHARS` characters of the body) folded to lower-case ASCII, its words, word pairs and the
character 4- and 5-grams of each word, each hashed (CRC-32) into `BUCKETS` buckets. A text's
vector holds each feature's count divided by the square root of the number of features, so the
model's score for a class is a plain sum of weight rows, ``sum(W[f]) / sqrt(n) + b``.

The weights ship as streams/classify/model.npz (numpy only: no scikit-learn at run time):
the non-zero rows of W (float16), their bucket numbers, the biases, the class names and the
temperature that calibrates the probabilities (fitted on out-of-fold scores by the training
script). `LinearModel.proba(text)` gives the calibrated probability of each class.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from zlib import crc32

import numpy as np
import numpy.typing as npt

BUCKETS = 1 << 18
LEAD_CHARS = 800
MODEL_PATH = Path(__file__).resolve().parent / "model.npz"
NONE = "none"  # the class of texts that report no event

_WORD = re.compile(r"[a-z0-9]+")
_CACHE_MAX = 200_000


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped ("explosión" -> "explosion"), apostrophes made spaces
    ("l'armée" -> "l armee")."""
    low = text.lower().replace("'", " ").replace("\u2019", " ").replace("\u02bc", " ").replace("`", " ")
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode("ascii")
    return low


def lead(title: str, body: str) -> str:
    """The part of an article the model reads: the title and the start of the body."""
    return f"{title}.\n{body[:LEAD_CHARS]}" if title else body[:LEAD_CHARS]


def words(text: str) -> list[str]:
    """The model's words: folded, digits as "0" (a figure is a figure, whatever its value)."""
    return ["0" if w.isdigit() else w for w in _WORD.findall(fold(text))]


def _h32(s: str) -> int:
    return crc32(s.encode("ascii"))


def word_features(w: str) -> tuple[int, ...]:
    """The buckets of one word: the word itself and its character 4- and 5-grams (of "<word>")."""
    mask = BUCKETS - 1
    out = [_h32("w " + w) & mask]
    if len(w) > 3:
        p = f"<{w}>"
        for n in (4, 5):
            out.extend(_h32(f"c{n}{p[i : i + n]}") & mask for i in range(len(p) - n + 1))
    return tuple(out)


_PAIR_MUL = np.uint64(0x01000193)


def pair_features(hashes: npt.NDArray[np.uint64]) -> npt.NDArray[np.int64]:
    """The buckets of each pair of neighbouring words, from the words' 32-bit hashes."""
    if len(hashes) < 2:
        return np.zeros(0, dtype=np.int64)
    mixed = (hashes[:-1] * _PAIR_MUL) ^ (hashes[1:] << np.uint64(1))
    return (mixed & np.uint64(BUCKETS - 1)).astype(np.int64)


def features(text: str) -> list[int]:
    """Every feature of the text, as bucket numbers (a bucket may repeat: counts add up). The
    definition: `LinearModel.scores` computes the same sum faster."""
    ws = words(text)
    out: list[int] = []
    for w in ws:
        out.extend(word_features(w))
    h = np.array([_h32("w " + w) for w in ws], dtype=np.uint64)
    out.extend(pair_features(h).tolist())
    return out


class LinearModel:
    """Calibrated class probabilities from the shipped weights."""

    def __init__(
        self,
        classes: list[str],
        rows: npt.NDArray[np.int64],
        weights: npt.NDArray[np.float32],
        bias: npt.NDArray[np.float32],
        temperature: float,
    ):
        self.classes = classes
        self.index = {c: i for i, c in enumerate(classes)}
        self.W = np.zeros((BUCKETS, len(classes)), dtype=np.float32)
        self.W[rows] = weights
        self.bias = bias.astype(np.float32)
        self.temperature = float(temperature)
        # per word seen: its row in `_vec` (the sum of its buckets' weights), its bucket count and
        # its 32-bit hash (for the pairs)
        self._wid: dict[str, int] = {}
        self._vec = np.zeros((1024, len(classes)), dtype=np.float32)
        self._cnt = np.zeros(1024, dtype=np.int64)
        self._h = np.zeros(1024, dtype=np.uint64)

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LinearModel:
        with np.load(path, allow_pickle=False) as z:
            return cls(
                [str(c) for c in z["classes"]],
                z["rows"].astype(np.int64),
                z["weights"].astype(np.float32),
                z["bias"],
                float(z["temperature"]),
            )

    def _word_id(self, w: str) -> int:
        i = len(self._wid)
        if i >= len(self._cnt):
            n = len(self._cnt) * 2
            self._vec = np.resize(self._vec, (n, len(self.classes)))
            self._cnt = np.resize(self._cnt, n)
            self._h = np.resize(self._h, n)
        f = word_features(w)
        self._vec[i] = self.W[list(f)].sum(axis=0)
        self._cnt[i] = len(f)
        self._h[i] = _h32("w " + w)
        self._wid[w] = i
        return i

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """The raw (uncalibrated) class scores of the text: ``sum(W[f]) / sqrt(n) + b`` over the
        `features` f of the text, summed word by word from cached per-word sums."""
        ws = words(text)
        if not ws:
            return self.bias.copy()
        get = self._wid.get
        ids = [get(w) for w in ws]
        if None in ids:
            if len(self._wid) + len(ws) > _CACHE_MAX:  # full: start again (the cache only saves time)
                self._wid.clear()
            ids = [get(w) for w in ws]
            ids = [
                self._word_id(w) if i is None and get(w) is None else get(w)
                for w, i in zip(ws, ids, strict=True)
            ]
        idx = np.array(ids, dtype=np.int64)
        pairs = pair_features(self._h[idx])
        total = self._vec[idx].sum(axis=0) + self.W[pairs].sum(axis=0)
        n = int(self._cnt[idx].sum()) + len(pairs)
        return total / np.float32(n**0.5) + self.bias

    def proba(self, text: str) -> dict[str, float]:
        """Calibrated probability of each class (they add up to 1)."""
        z = self.scores(text).astype(np.float64) / self.temperature
        z -= z.max()
        e = np.exp(z)
        p = e / e.sum()
        return {c: float(p[i]) for i, c in enumerate(self.classes)}
