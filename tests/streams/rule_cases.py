"""Shared by the rule-case tests (tests/streams/test_classify_*.py): the category an English text
alerts with."""

from __future__ import annotations

from streams.classify.engine import Classifier


def cat(clf: Classifier, body: str) -> str | None:
    """The category of an English text without a title, None when it raises no alert."""
    c = clf.classify_text("", body, "en")
    return c.category if c.severity.value != "none" else None
