"""Where the rule terms occur in a text, found in one pass by Hyperscan.

The pre-test (streams/classify/pretest.py) needs to know which of the rules' positive groups
have a term in a text, and in which of its stretches. In plain Python that means making a
bytes object of every word, picking the words that may start a term, and checking each
multi-word term's other words and phrase: most of the pre-test's time on ordinary news,
and more with every rule whose groups hold frequent words ("government", "people").
Hyperscan (Intel's multi-pattern regex engine, `hyperscan` on PyPI) finds every term of
every group in C in one pass; the pre-test then ORs the groups of the terms it reports.

A term is looked for in the pre-test's padded bytes (lower case, every byte that is not
[a-z0-9] made a space, a space at each end; see `pretest._Text`) as a pattern that matches
wherever the tokens hold it (`term_pattern`): a superset, never a miss. When the package is
missing the pre-test keeps its own way (`available()` is False); tests check that the two
agree with the full match.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Sequence

try:  # an optional speed-up: the pre-test works without it
    import hyperscan
except ImportError:  # pragma: no cover - depends on the platform's wheels
    hyperscan = None  # type: ignore[assignment]

# a wildcard inside a term: one token, which is one pre-test word or two joined by an
# apostrophe ("team's" is the words "team s"); at a term's end one byte of it is enough
_ANY_TOKEN = rb"[a-z0-9]+(?: [a-z]+)?"
# compiled databases by their patterns: every rule set of the same pack shares one (the
# compile takes some 0.3 s for the English pack; tests build many rule sets)
_DATABASES: dict[tuple[bool, bool, tuple[bytes, ...]], hyperscan.Database] = {}
_LOCK = threading.Lock()


def available() -> bool:
    return hyperscan is not None


def term_pattern(words: Sequence[str]) -> tuple[bytes, bool, int]:
    """(the pattern of a term over a padded pre-test text, whether it spans several words,
    how many bytes before the match's end the term's last byte lies).

    Every place where `TermMatcher` finds the term in the tokens is matched: a literal word is
    itself (an apostrophe in it is a space: "chief's" is "chief s"); a prefix word is its
    letters, followed inside a term by the rest of its token; ``_`` is one token; words are
    parted by one space or more (punctuation between tokens is spaces here). The pattern
    starts with a space, and ends with one after a literal word, so that it holds whole
    words; a final prefix or wildcard ends at its first byte, so that one place gives one
    match."""
    parts: list[bytes] = []
    last = len(words) - 1
    for k, w in enumerate(words):
        if w == "_":
            parts.append(rb"[a-z0-9]" if k == last else _ANY_TOKEN)
            continue
        core = re.escape(w.rstrip("*").replace("'", " ").strip().encode("ascii")).replace(rb"\ ", b" ")
        if w.endswith("*"):
            parts.append(core if k == last else core + rb"[a-z0-9]*(?: [a-z]+)?")
        else:
            parts.append(core)
    tail = not (words[-1] == "_" or words[-1].endswith("*"))
    pattern = b" " + b" +".join(parts) + (b" " if tail else b"")
    return pattern, len(parts) > 1 or b" " in parts[0], 2 if tail else 1


class _Scanner:
    """A compiled database (None when it has no pattern) and a Hyperscan scratch space per thread."""

    def __init__(self, patterns: tuple[bytes, ...], literal: bool = False, single: bool = True):
        if hyperscan is None:
            raise RuntimeError("hyperscan is not installed")
        self._db = _database(patterns, literal, single) if patterns else None
        self._local = threading.local()

    def _scan(self, data: bytes, on_match: Callable[[int, int, int, int, object], bool | None]) -> None:
        """Call `on_match(id, from, to, flags, context)` on every match in `data`, until it returns True."""
        if self._db is None:
            return
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._db)
        try:
            self._db.scan(data, match_event_handler=on_match, scratch=scratch)
        except hyperscan.ScanTerminated:
            pass


class TermScanner(_Scanner):
    """The terms found in a padded pre-test text: (where the term's last byte lies, the
    term's index in `terms`), by place."""

    def __init__(self, terms: Sequence[Sequence[str]]):
        made = [term_pattern(t) for t in terms]
        self.patterns = tuple(p for p, _, _ in made)
        super().__init__(self.patterns)
        # for each term: the plain-regex search of its pattern when it spans several words
        # (the pre-test checks that such a match lies within one stretch), else None
        self.spanning: list[Callable[[bytes], object] | None] = [
            re.compile(p).search if multi else None for p, multi, _ in made
        ]
        self._back = [back for _, _, back in made]
        self.size = len(made)

    def found(self, padded: bytes) -> list[tuple[int, int]]:
        """(offset in `padded` of the term's last byte, term index) of every match, by offset."""
        out: list[tuple[int, int]] = []
        add, back = out.append, self._back

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            add((end - back[pid], pid))

        self._scan(padded, on_match)
        out.sort()
        return out


class WordScanner(_Scanner):
    """Which of some words (lower-case ASCII [a-z0-9] runs) a padded pre-test text holds, each
    told once (Hyperscan's literal mode, one match per pattern)."""

    def __init__(self, words: Sequence[bytes]):
        self.words = tuple(words)
        super().__init__(tuple(b" " + w + b" " for w in self.words), literal=True)

    def present(self, padded: bytes) -> set[bytes]:
        out: set[bytes] = set()
        add, words = out.add, self.words

        def on_match(pid: int, _start: int, _end: int, _flags: int, _ctx: object) -> None:
            add(words[pid])

        self._scan(padded, on_match)
        return out

    def any(self, padded: bytes) -> bool:
        """Does the text hold one of the words (the scan stops at the first)?"""
        hit: list[int] = []

        def on_match(pid: int, _start: int, _end: int, _flags: int, _ctx: object) -> bool:
            hit.append(pid)
            return True  # stop

        self._scan(padded, on_match)
        return bool(hit)


class LiteralScanner(_Scanner):
    """Where some byte strings occur, anywhere (Hyperscan's literal mode, no word edges)."""

    def __init__(self, literals: Sequence[bytes]):
        self._size = [len(x) for x in literals]
        super().__init__(tuple(literals), literal=True, single=False)

    def starts(self, data: bytes) -> list[tuple[int, int]]:
        """(start, index of the string) of every occurrence, by start."""
        out: list[tuple[int, int]] = []
        add, size = out.append, self._size

        def on_match(pid: int, _start: int, end: int, _flags: int, _ctx: object) -> None:
            add((end - size[pid], pid))

        self._scan(data, on_match)
        out.sort()
        return out


def _database(patterns: tuple[bytes, ...], literal: bool = False, single: bool = True) -> hyperscan.Database:
    with _LOCK:
        key = (literal, single, patterns)
        db = _DATABASES.get(key)
        if db is None:
            db = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            db.compile(
                expressions=list(patterns),
                ids=list(range(len(patterns))),
                elements=len(patterns),
                flags=[hyperscan.HS_FLAG_SINGLEMATCH if literal and single else 0] * len(patterns),
                literal=literal,
            )
            _DATABASES[key] = db
        return db
