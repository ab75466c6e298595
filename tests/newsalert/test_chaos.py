"""Issue #16, the short chaos suite: faults injected into real workers on a real broker, and the
outcome checked against ground truth (newsalert/chaos/). The long version is bench/chaos.py.

Each scenario returns a Result whose checks are asserted here; a failure prints the whole report
(counts, offending keys, the worker log lines that matter).
"""

from __future__ import annotations

import shutil

import pytest

from newsalert.chaos import Result, bad_input_flood, broker_outage, far_future, kill_storm, webhook_outage
from newsalert.chaos.corpus import MALFORMED
from newsalert.paths import broker_script
from newsalert.testing import broker_up

pytestmark = [
    pytest.mark.broker,
    pytest.mark.skipif(not broker_up(), reason="no Kafka broker (start it with scripts/kafka-local start)"),
]


def assert_checks(r: Result) -> None:
    """Every check of the scenario passed (else the whole report: counts, keys, log lines)."""
    assert r.checks, f"no checks ran:\n{r.report()}"
    assert r.ok, f"{len(r.failed)} checks failed:\n{r.report()}"


def test_bad_input_flood_is_dead_lettered_without_harm(pipeline):
    assert len(MALFORMED) >= 30
    r = bad_input_flood(pipeline, per_kind=2, good=20)
    assert r.faults == 2 * len(MALFORMED)
    assert_checks(r)


def test_sigkill_storm_loses_and_repeats_nothing(pipeline):
    """Five SIGKILLs of one of two workers while 120 events and 400 filler articles go through at
    full speed: every report ends in a story, every alert decided reaches the alerts topic once,
    and every alert is delivered (under one idempotency key)."""
    r = kill_storm(pipeline, events=120, filler=400, kills=5)
    assert len(r.details["kills"]) == 5
    assert_checks(r)
    assert r.losses == 0 and r.duplicates == 0


def test_broker_outage_is_quiet_and_loses_nothing(tmp_path):
    """A broker of the test's own is stopped for 15 s (the shared one is never stopped)."""
    if shutil.which("java") is None or not broker_script().exists():
        pytest.skip("no java or no scripts/kafka-local: cannot run a broker of our own")
    r = broker_outage(tmp_path, outage=15.0, events=15, filler=150)
    assert_checks(r)


async def test_webhook_outage_delivers_everything_once_signed(make_namespace):
    r = await webhook_outage(make_namespace, outage=8.0, events=15)
    assert_checks(r)


def test_far_future_article_changes_no_story(pipeline):
    r = far_future(pipeline, events=8, filler=60)
    assert_checks(r)
