"""Shared by the rule-case tests (tests/streams/test_classify_*.py): the category an English text
alerts with; a Spanish or French sentence's toll, and a text's alerting category and severity."""

from __future__ import annotations

from streams.classify.counts_intl import count_casualties_intl
from streams.classify.counts_intl_more import count_casualties_intl_more
from streams.classify.engine import Classifier, default_classifier
from streams.classify.language import for_pack
from streams.models import Classification


def cat(clf: Classifier, body: str) -> str | None:
    """The category of an English text without a title, None when it raises no alert."""
    c = clf.classify_text("", body, "en")
    return c.category if c.severity.value != "none" else None


def toll(text: str, lang: str) -> int | None:
    """The fatalities the Spanish or French count reads in one sentence."""
    return count_casualties_intl([for_pack(text, lang)], lang)[0]


def toll_read(text: str, lang: str) -> int | None:
    """The fatalities the classifier reads in one Spanish or French sentence (with the rewrites of
    counts_intl_more.py: ranges, couples, a killing's manner, the victims' owner)."""
    return count_casualties_intl_more([for_pack(text, lang)], lang)[0]


def classify(title: str, body: str, lang: str) -> tuple[str | None, str]:
    """The category a text alerts with (None when it raises no alert) and its severity."""
    c = default_classifier().classify_text(title, body, lang)
    return (c.category if c.severity.value != "none" else None), c.severity.value


def read(text: str, title: str = "") -> tuple[str | None, Classification]:
    """The category a text alerts with (None when it raises no alert; its language detected) and the
    whole classification."""
    c = default_classifier().classify_text(title, text)
    return (c.category if c.severity.value != "none" else None), c


def category(text: str, title: str = "") -> str | None:
    """The category a text alerts with (its language detected), None when it raises no alert."""
    return read(text, title)[0]
