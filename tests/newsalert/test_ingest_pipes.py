"""`newsalert ingest -` (NDJSON on stdin) and `--follow` (tail a growing file)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from newsalert.testing import Namespace, article, broker_up
from streams.ingest import follow_lines, jsonl_records
from streams.topics import read_from_start

ROOT = Path(__file__).resolve().parents[2]


def test_jsonl_records_stamp_good_lines_and_pass_bad_ones_through():
    recs = list(jsonl_records([b'{"source": "s", "title": "t", "published_at": "2024-01-01T00:00:00Z"}\n',
                               b"\n", b"not json\n"], "stdin"))  # fmt: skip
    assert [r.origin for r in recs] == ["stdin:1", "stdin:3"]
    good = json.loads(recs[0].value)
    assert good["id"].startswith("a-") and good["ingested_at"] and recs[0].key == good["id"].encode()
    assert recs[1].value == b"not json" and recs[1].key == b"stdin:3"


def test_follow_reads_appended_lines_across_truncation_and_rotation(tmp_path):
    path = tmp_path / "live.jsonl"
    path.write_bytes(b"one\n")
    got: list[bytes] = []
    done = threading.Event()

    def reader() -> None:
        for line in follow_lines(path, poll=0.02, stop=done.is_set):
            got.append(line)

    t = threading.Thread(target=reader)
    t.start()

    def wait_for(n: int) -> None:
        deadline = time.monotonic() + 5
        while len(got) < n and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(got) >= n, got

    try:
        wait_for(1)
        with path.open("ab") as fh:
            fh.write(b"two\nthr")
            fh.flush()
            time.sleep(0.1)  # half a line waits for its end
            assert got == [b"one\n", b"two\n"]
            fh.write(b"ee\n")
        wait_for(3)
        path.write_bytes(b"four\n")  # truncated and rewritten
        wait_for(4)
        os.rename(path, tmp_path / "live.jsonl.1")  # rotated
        with (tmp_path / "live.jsonl.1").open("ab") as fh:
            fh.write(b"five\n")  # the old file's last words are still read
        path.write_bytes(b"six\n")
        wait_for(6)
    finally:
        done.set()
        t.join(5)
    assert got == [b"one\n", b"two\n", b"three\n", b"four\n", b"five\n", b"six\n"]


@pytest.mark.broker
@pytest.mark.skipif(not broker_up(), reason="no Kafka broker")
def test_ingest_dash_reads_ndjson_from_a_pipe(make_namespace):
    ns: Namespace = make_namespace()
    feed = subprocess.run(
        [
            sys.executable,
            "-m",
            "newsalert",
            "feeds",
            "read",
            "tests/streams/sources/fixtures/feeds/rss20.xml",
        ],
        capture_output=True,
        cwd=ROOT,
        check=True,
    )
    out = subprocess.run(
        [sys.executable, "-m", "newsalert", "ingest", "-"],
        input=feed.stdout + b"a line that is no json\n",
        capture_output=True,
        cwd=ROOT,
        env=ns.env,
    )
    assert out.returncode == 0, out.stderr
    assert b"ingested 4 messages" in out.stderr
    values = [m.value for m in read_from_start(ns.broker, ns.raw)]
    assert len(values) == 4 and b"a line that is no json" in values
    titles = sorted(json.loads(v)["title"] for v in values if v.startswith(b"{"))
    assert titles[0] == "Car bomb kills 14 at market in Mogadishu"


@pytest.mark.broker
@pytest.mark.skipif(not broker_up(), reason="no Kafka broker")
def test_ingest_follow_tails_a_growing_file_until_sigterm(make_namespace, tmp_path):
    ns: Namespace = make_namespace()
    live = tmp_path / "live.jsonl"
    live.write_text(json.dumps(article("f-1", "First", "first body")) + "\n")
    p = subprocess.Popen(
        [sys.executable, "-m", "newsalert", "ingest", "--follow", str(live)],
        cwd=ROOT,
        env=ns.env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:

        def ids() -> list[str]:
            return sorted(a["id"] for a in ns.read_topic(ns.raw, timeout=1.0))

        deadline = time.monotonic() + 60
        while ids() != ["f-1"] and time.monotonic() < deadline:
            time.sleep(0.3)
        with live.open("a") as fh:
            fh.write(json.dumps(article("f-2", "Second", "second body")) + "\n")
            fh.write(json.dumps(article("f-3", "Third", "third body")) + "\n")
        deadline = time.monotonic() + 30
        while ids() != ["f-1", "f-2", "f-3"] and time.monotonic() < deadline:
            time.sleep(0.3)
        assert ids() == ["f-1", "f-2", "f-3"]
    finally:
        p.send_signal(signal.SIGTERM)
        _, err = p.communicate(timeout=30)
    assert p.returncode == 0, err
    assert b"ingested 3 messages" in err


@pytest.mark.broker
@pytest.mark.skipif(not broker_up(), reason="no Kafka broker")
def test_ingest_goes_on_past_unreadable_and_oversize_lines(make_namespace, tmp_path):
    """Lines that break a JSON parser are produced as they are (the worker dead-letters them); a
    line too large to send is named, with the reason, and the lines after it still go out."""
    ns: Namespace = make_namespace()
    good = [json.dumps(article(f"g{i}", "t", "b")).encode() for i in range(3)]
    lines = [
        good[0],
        b"[" * 10_000 + b"]" * 10_000,
        b'{"n": ' + b"9" * 5000 + b"}",
        good[1],
        json.dumps(article("huge", "t", "x" * 3_000_000)).encode(),
        good[2],
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines) + b"\n")
    out = subprocess.run(
        [sys.executable, "-m", "newsalert", "ingest", str(path)], capture_output=True, cwd=ROOT, env=ns.env
    )
    assert out.returncode == 1, out.stderr
    err = out.stderr.decode()
    assert "Traceback" not in err
    assert f"{path}:5: not sent" in err and "ingested 5 messages" in err and "1 not accepted" in err
    values = [m.value for m in read_from_start(ns.broker, ns.raw)]
    assert len(values) == 5
    assert {json.loads(v)["id"] for v in values if v.startswith(b'{"id"')} == {"g0", "g1", "g2"}
