"""The alert ledger: each (story_id, version) once on the alerts topic."""

from __future__ import annotations

import json

from streams.ledger import AlertLedger


def alert(story: str, version: int) -> bytes:
    return json.dumps({"alert_id": f"{story}:v{version}", "story_id": story, "version": version}).encode()


def test_the_topic_says_what_is_due():
    ledger = AlertLedger()
    assert (
        ledger.load([alert("s1", 1), alert("s1", 2), alert("s2", 1), b"not json", b'{"story_id": "x"}']) == 3
    )
    assert not ledger.due("s1", 2) and not ledger.due("s1", 1)  # written before a crash: not again
    assert ledger.due("s1", 3) and ledger.due("s3", 1)
    assert ledger.emitted("s1") == 2 and ledger.emitted("s9") == 0
    ledger.record("s1", 3)
    assert not ledger.due("s1", 3)
    ledger.record("s1", 1)  # an older version never lowers it
    assert ledger.emitted("s1") == 3
    ledger.forget(["s1"])
    assert ledger.due("s1", 1) and len(ledger) == 1
