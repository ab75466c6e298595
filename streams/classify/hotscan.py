"""Where the words that may start a rule term occur in a text, found in one pass by Hyperscan.

The pre-test (streams/classify/pretest.py) first needs the text's *hot* words: those equal to
a term's literal anchor or beginning with a prefix term's first part. In plain Python that
means making a bytes object of every word of the text and a set of them, which was most of
the pre-test's time on ordinary news (a 2 KB article has some 350 words, of which a few dozen
are hot). Hyperscan (Intel's multi-pattern regex engine, `hyperscan` on PyPI) finds the hot
words' offsets in C in one pass, so only they become Python objects.

The scanner reads the pre-test's translated bytes (lower case, every byte that is not
[a-z0-9] made a space), where Hyperscan's ``\\b`` is exactly the pre-test's word edge, so the
words it reports are the words that `bytes.split` would give. When the package is missing the
pre-test keeps its own way (`available()` is False); tests check that both give the same.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable

try:  # an optional speed-up: the pre-test works without it
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform's wheels
    hyperscan = None  # type: ignore[assignment]

_WORD = re.compile(rb"[a-z0-9]+")


def available() -> bool:
    return hyperscan is not None


class HotScanner:
    """Offsets of the words that equal one of `literal` or begin with one of `prefixes`
    (lower-case ASCII bytes), in a pre-test text.

    The patterns are plain literals (Hyperscan's literal mode compiles a thousand in some
    20 ms, where the same as regular expressions with word edges took a second and scanned
    five times slower): " word " for a literal and " prefix" for a prefix, looked for in the
    text with a space added at each end. A word's start follows from where its pattern ends;
    a prefix's word ends at the next space."""

    def __init__(self, literal: Iterable[bytes], prefixes: Iterable[bytes]):
        if hyperscan is None:
            raise RuntimeError("hyperscan is not installed")
        # a word of a pre-test text holds [a-z0-9] only: other words and prefixes match none
        self._literal = sorted({w for w in literal if _WORD.fullmatch(w)})
        self._prefixes = sorted({p for p in prefixes if _WORD.fullmatch(p)})
        exprs = [b" " + w + b" " for w in self._literal] + [b" " + p for p in self._prefixes]
        # pattern id -> (length of the word or prefix, is a prefix)
        self._kind = [(len(w), False) for w in self._literal] + [(len(p), True) for p in self._prefixes]
        self.size = len(exprs)
        self._db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        if exprs:
            self._db.compile(
                expressions=exprs,
                ids=list(range(len(exprs))),
                elements=len(exprs),
                flags=[0] * len(exprs),
                literal=True,
            )
        self._local = threading.local()  # a Hyperscan scratch space per thread

    def spans(self, text: bytes) -> list[tuple[int, int]]:
        """(start, end) of every hot word of `text` (bytes of [a-z0-9] and spaces), by start; a
        word that several patterns match is given once."""
        if not self.size:
            return []
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        ends: list[tuple[int, int]] = []
        add = ends.append

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            add((pid, end))

        self._db.scan(b" " + text + b" ", match_event_handler=on_match, scratch=scratch)
        found: set[tuple[int, int]] = set()
        kind = self._kind
        n = len(text)
        for pid, end in ends:
            size, prefix = kind[pid]
            if prefix:  # " prefix" ends `end` in the padded text: the word starts size + 1 before
                a = end - size - 1
                b = text.find(b" ", a)
                found.add((a, n if b < 0 else b))
            else:  # " word " ends one past the word's last byte
                a = end - size - 2
                found.add((a, a + size))
        return sorted(found)
