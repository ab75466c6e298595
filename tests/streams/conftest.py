"""Fixtures shared by the stream tests."""

from __future__ import annotations

import pytest

from streams.classify.engine import Classifier


@pytest.fixture(scope="module")
def rules_clf() -> Classifier:
    """The classifier with its rules alone (no model): what the rule-case tests hold the rules to."""
    return Classifier(model=False)
