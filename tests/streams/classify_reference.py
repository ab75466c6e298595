"""Plain definitions that the classifier's fast paths are held to (tests only)."""

from __future__ import annotations

from streams.classify.terms import word_matches
from streams.classify.text import Doc


class TermMatcherReference:
    """The plain matcher (every term tried at every position), the definition of `find`."""

    def __init__(self, terms: list[tuple[str, ...]]):
        self.terms = terms

    def find(self, doc: Doc) -> dict[int, list[int]]:
        toks, sent_of, n = doc.tokens, doc.sent_of, len(doc.tokens)
        found: dict[int, list[int]] = {}
        for i in range(n):
            for tid, words in enumerate(self.terms):
                k = len(words)
                if i + k > n or sent_of[i + k - 1] != sent_of[i]:
                    continue
                if all(word_matches(words[m], toks[i + m]) for m in range(k)):
                    found.setdefault(tid, []).append(i)
        return found
