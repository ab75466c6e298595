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
_APOSTROPHES = str.maketrans({"'": " ", "\u2019": " ", "\u02bc": " ", "`": " "})
_CACHE_MAX = 200_000


def fold(text: str) -> str:
    """Lower-case ASCII: accents dropped ("explosión" -> "explosion"), apostrophes made spaces
    ("l'armée" -> "l armee")."""
    low = text.lower()
    if not low.isascii():
        low = unicodedata.normalize("NFKD", low).encode("ascii", "ignore").decode("ascii")
    return low.translate(_APOSTROPHES)


def lead(title: str, body: str) -> str:
    """The part of an article the model reads: the title and the start of the body."""
    return f"{title}.\n{body[:LEAD_CHARS]}" if title else body[:LEAD_CHARS]


def words(text: str) -> list[str]:
    """The model's words: folded, digits as "0" (a figure is a figure, whatever its value)."""
    return ["0" if w.isdigit() else w for w in _WORD.findall(fold(text))]


def _h(s: str) -> int:
    return crc32(s.encode("ascii")) & (BUCKETS - 1)


def word_features(w: str) -> tuple[int, ...]:
    """The buckets of one word: the word itself and its character 4- and 5-grams (of "<word>")."""
    out = [_h("w " + w)]
    if len(w) > 3:
        p = f"<{w}>"
        for n in (4, 5):
            out.extend(_h(f"c{n}{p[i : i + n]}") for i in range(len(p) - n + 1))
    return tuple(out)


def pair_feature(a: str, b: str) -> int:
    return _h(f"b {a} {b}")


def features(text: str) -> list[int]:
    """Every feature of the text, as bucket numbers (a bucket may repeat: counts add up)."""
    ws = words(text)
    out: list[int] = []
    for w in ws:
        out.extend(word_features(w))
    out.extend(pair_feature(a, b) for a, b in zip(ws, ws[1:], strict=False))
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
        self._word_cache: dict[str, tuple[int, ...]] = {}

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

    def _features(self, text: str) -> list[int]:
        """`features(text)`, with each word's buckets cached."""
        ws = words(text)
        cache = self._word_cache
        out: list[int] = []
        for w in ws:
            f = cache.get(w)
            if f is None:
                f = word_features(w)
                if len(cache) < _CACHE_MAX:
                    cache[w] = f
            out.extend(f)
        out.extend(pair_feature(a, b) for a, b in zip(ws, ws[1:], strict=False))
        return out

    def scores(self, text: str) -> npt.NDArray[np.float32]:
        """The raw (uncalibrated) class scores of the text."""
        idx = self._features(text)
        if not idx:
            return self.bias.copy()
        return self.W[idx].sum(axis=0) / np.float32(len(idx) ** 0.5) + self.bias

    def proba(self, text: str) -> dict[str, float]:
        """Calibrated probability of each class (they add up to 1)."""
        z = self.scores(text).astype(np.float64) / self.temperature
        z -= z.max()
        e = np.exp(z)
        p = e / e.sum()
        return {c: float(p[i]) for i, c in enumerate(self.classes)}
