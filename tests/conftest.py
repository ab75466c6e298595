"""Fixtures and constants shared by the tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from newsalert.testing import Namespace

# workers in broker tests commit every 0.5 s (default 1 s), so "processed" is seen sooner
FAST_COMMITS = {"NEWSALERT_COMMIT_INTERVAL": "0.5"}


@pytest.fixture
def make_namespace(tmp_path: Path) -> Iterator[Callable[..., Namespace]]:
    """Namespaces (own app id, topics, subscriptions) for real workers; closed after the test."""
    made: list[Namespace] = []

    def make(**kwargs: Any) -> Namespace:
        ns = Namespace(tmp_path / f"ns{len(made)}", env_extra=FAST_COMMITS, **kwargs)
        made.append(ns)
        return ns

    yield make
    for ns in made:
        ns.close()


@pytest.fixture
def pipeline(make_namespace: Callable[..., Namespace]) -> Namespace:
    return make_namespace()
