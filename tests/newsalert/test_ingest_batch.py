"""Readers of `newsalert ingest` and the batch commands `classify` / `dedup` (no Kafka)."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

from streams.batch import classify_records, dedup_records, replay_order
from streams.ingest import count_records, read_records

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO / "seeds"


def test_seed_folder_yields_every_record_with_stable_keys():
    recs = list(read_records([str(SEEDS)]))
    assert len(recs) == count_records([str(SEEDS)])
    # articles.jsonl (8) + bad.jsonl (5) + plain/*.txt (2)
    assert len(recs) == 15
    again = list(read_records([str(SEEDS)]))
    assert [r.key for r in recs] == [r.key for r in again]
    good = [json.loads(r.value) for r in recs if r.origin.startswith(str(SEEDS / "articles.jsonl"))]
    assert {g["id"] for g in good} >= {"seed-wire-kadhimi", "seed-social-kadhimi", "seed-regional-kadhimi"}
    assert all("ingested_at" in g for g in good)


def test_plain_text_first_line_is_the_title(tmp_path):
    (tmp_path / "a.txt").write_text("Quiet day at the port\nShips came and went.\nNothing else.")
    (rec,) = read_records([str(tmp_path)])
    d = json.loads(rec.value)
    assert d["title"] == "Quiet day at the port"
    assert d["body"] == "Ships came and went.\nNothing else."
    assert d["published_at"] and d["source"].startswith("file:")


def test_json_file_with_a_list_and_bad_lines_pass_through_unchanged(tmp_path):
    (tmp_path / "x.json").write_text(json.dumps([{"id": "1", "title": "t"}, {"id": "2", "title": "u"}]))
    (tmp_path / "y.jsonl").write_text('{"id": "3", "title": "v"}\nnot json at all\n')
    recs = list(read_records([str(tmp_path)]))
    assert [r.key for r in recs[:2]] == [b"1", b"2"]
    assert recs[-1].value == b"not json at all"  # the worker dead-letters it with the reason


def test_batch_classify_keeps_order_and_reports_bad_lines_by_number():
    lines = [
        json.dumps(
            {
                "id": "k1",
                "title": "Gunmen kill 5 villagers in raid",
                "body": "Gunmen raided a village, killing five villagers.",
            }
        ),
        "{broken",
        json.dumps(
            {"id": "k2", "title": "Shares shot up", "body": "The firm's shares shot up 5% on strong sales."}
        ),
        json.dumps({"title": "no id here"}),
    ]
    out, err = io.StringIO(), io.StringIO()
    ok, bad = classify_records(io.StringIO("\n".join(lines) + "\n"), out, err)
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert (ok, bad) == (2, 2)
    assert [r["id"] for r in rows] == ["k1", "k2"]
    assert rows[0]["category"] == "attack" and rows[0]["severity"] == "urgent" and rows[0]["fatalities"] == 5
    assert rows[1]["category"] is None and rows[1]["severity"] == "none"
    assert set(rows[0]) >= {"id", "category", "severity", "fatalities", "injured", "reasons"}
    assert "line 2" in err.getvalue() and "line 4" in err.getvalue()


def test_batch_dedup_uses_only_earlier_articles():
    a = {
        "id": "d1",
        "source": "A",
        "title": "Earthquake of magnitude 6.1 strikes off the coast of Chile",
        "body": "An earthquake of magnitude 6.1 struck off the coast of central Chile on Monday, "
        "the seismology service said.",
    }
    b = dict(a, id="d2", source="B")
    out = io.StringIO()
    dedup_records(io.StringIO(json.dumps(a) + "\n" + json.dumps(b) + "\n"), out, io.StringIO())
    rows = [json.loads(x) for x in out.getvalue().splitlines()]
    assert rows[0]["duplicate"] is False and rows[1]["duplicate"] is True
    assert rows[0]["story_id"] == rows[1]["story_id"]
    # the first decision is the same without the second article: no look-ahead
    out1 = io.StringIO()
    dedup_records(io.StringIO(json.dumps(a) + "\n"), out1, io.StringIO())
    assert json.loads(out1.getvalue())["story_id"] == rows[0]["story_id"]


def test_cli_help_and_classify_from_stdin():
    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "--help"], capture_output=True, text=True, cwd=REPO
    )
    assert r.returncode == 0 and "run" in r.stdout and "classify" in r.stdout and "ingest" in r.stdout
    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "classify"],
        input=(SEEDS / "articles.jsonl").read_text(),
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 0
    assert len(r.stdout.splitlines()) == 8


def test_bad_settings_stop_with_a_clear_error(tmp_path):
    bad = tmp_path / "settings.yaml"
    bad.write_text("metrics_port: lots\n")
    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "--settings", str(bad), "topics", "list"],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 2
    assert "metrics_port" in r.stderr


HEADLINES = [  # one event, two outlets; the second scores 0.34 against the first's story
    {
        "id": "h1",
        "title": "Gunmen storm a market in Kano, killing five traders",
        "body": "",
        "source": "wire",
        "published_at": "2026-03-01T08:00:00Z",
    },
    {
        "id": "h2",
        "title": "Kano market attack: traders describe the gunmen who shot five dead",
        "body": "",
        "source": "local",
        "published_at": "2026-03-01T09:00:00Z",
    },
]


def test_dedup_follows_the_short_text_threshold_of_the_settings(tmp_path):
    src = tmp_path / "h.jsonl"
    src.write_text("".join(json.dumps(h) + "\n" for h in HEADLINES))

    def dedup(settings_text: str | None) -> subprocess.CompletedProcess[str]:
        args = [sys.executable, "-m", "newsalert"]
        if settings_text is not None:
            (tmp_path / "settings.yaml").write_text(settings_text)
            args += ["--settings", str(tmp_path / "settings.yaml")]
        return subprocess.run(
            [*args, "dedup", "--no-classify", str(src)], capture_output=True, text=True, cwd=REPO
        )

    def lines(r: subprocess.CompletedProcess[str]) -> list[dict]:
        assert r.returncode == 0, r.stderr
        return [json.loads(line) for line in r.stdout.splitlines()]

    out = lines(dedup(None))  # the shipped settings: 0.65
    assert out[1]["story_id"] != out[0]["story_id"], out
    assert out[1]["reason"].endswith("below the short-text same-event threshold 0.65")
    out = lines(dedup("dedup_short_same_event_threshold: 0.3\n"))
    assert out[1]["story_id"] == out[0]["story_id"] and out[1]["match"] == "same_event", out
    r = dedup("dedup_short_same_event_threshold: 1.5\n")
    assert r.returncode == 2 and "dedup_short_same_event_threshold" in r.stderr, r.stderr


def test_dedup_summary_prints_alerting_stories_per_hour_and_the_largest_stories():
    seeds = REPO / "seeds" / "articles.jsonl"
    r = subprocess.run(
        [sys.executable, "-m", "newsalert", "dedup", "--summary", str(seeds)],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    assert r.returncode == 0, r.stderr
    assert len(r.stdout.splitlines()) == 8  # the decisions alone on stdout
    err = r.stderr.splitlines()
    assert "alerting stories: 2 of 6 stories" in err
    hours = err[err.index("alerting stories opened per hour:") + 1 : err.index("largest stories:")]
    assert [h.split()[-1] for h in hours] == ["1", "1"]
    largest = err[err.index("largest stories:") + 1]
    # decided in publish-time order: the social post (00:52) opened the story before the wire (01:40)
    assert "3 reports, alerted: BREAKING: drone attack on PM Kadhimi" in largest


def test_dedup_summary_lists_late_merges_and_counts_alerting_stories_after_them():
    from newsalert.cli.batch import Summary
    from streams.assign import assign
    from streams.dedup import StoryIndex
    from tests.streams.test_story_merge import A, B, C

    idx, summary = StoryIndex(), Summary()
    decisions = []
    for a, c in (A, B, C):
        d = assign(idx, a, c)[0]
        summary(a, d)
        decisions.append(d)
    da, db, _ = decisions
    out = io.StringIO()
    summary.print(out)
    err = out.getvalue().splitlines()
    # two alerts went out before the bridging report showed the two stories to be one
    assert "alerting stories: 2 of 2 stories; 1 after 1 late merge(s)" in err, err
    merges = err[err.index("late merges (1 joined two alerted stories: a 'merged' update each):") + 1 :]
    assert merges == [f"  {db.story_id} (alerted: {B[0].body[:80]}) -> {da.story_id}"], merges
    largest = err[err.index("largest stories:") + 1]
    # the merged story's reports count for the survivor
    assert largest.startswith(f"  {da.story_id}  3 reports, alerted"), largest


def test_dedup_lines_give_the_story_each_article_ends_in_after_a_late_merge():
    """A bridging report (C) shows two stories to be one event: every line of ``newsalert dedup``
    gives the survivor as ``story_id`` (what a scorer of the file's grouping reads), and
    ``story_on_arrival`` the story the article joined or opened when it was decided."""
    from tests.streams.test_story_merge import A, B, C

    recs = [{"id": a.id, "source": a.source, "body": a.body, "published_at": a.published_at.isoformat()}
            for a, _ in (A, B, C)]  # fmt: skip
    for classify in (True, False):
        out = io.StringIO()
        dedup_records(
            io.StringIO("".join(json.dumps(r) + "\n" for r in recs)), out, io.StringIO(), classify=classify
        )
        a, b, c = (json.loads(x) for x in out.getvalue().splitlines())
        assert c["merged"] == [b["story_on_arrival"]] != [a["story_on_arrival"]], (a, b, c)
        assert a["story_id"] == b["story_id"] == c["story_id"] == a["story_on_arrival"], (a, b, c)
        assert b["story_on_arrival"] != b["story_id"] and b["match"] == "new"


def test_final_stories_follows_chains_of_merges_and_stops_on_a_loop():
    from streams.batch import final_stories

    final = final_stories({"s1": "s2", "s2": "s3", "x": "y", "y": "x"})
    assert [final(s) for s in ("s1", "s2", "s3", "other")] == ["s3", "s3", "s3", "other"]
    assert final("x") in {"x", "y"}  # a loop (never made by the index) cannot hang the run


def test_replay_order_is_stable_and_a_record_without_time_keeps_the_one_before():
    assert replay_order([3.0, 1.0, 2.0, 1.0]) == [1, 3, 2, 0]
    # leading records without a time stay first; later ones ride with the record before them
    assert replay_order([None, 5.0, None, 1.0, None]) == [0, 3, 4, 1, 2]
    assert replay_order([]) == []


def _crisis_block(prefix: str, template: str, start: str, n: int) -> list[dict]:
    return [
        {
            "id": f"{prefix}{k}",
            "source": "social",
            "title": "",
            "body": template.format(k=k, n=10 * k + 7),
            "published_at": f"{start}:{10 + 2 * k:02d}:00Z",
        }  # fmt: skip
        for k in range(n)
    ]


def test_a_file_of_crises_in_blocks_is_replayed_in_publish_time_order():
    """A file holding one crisis after another, each in its own time order, the later block
    earlier in time (months before): read in file order, each report of that block would fall
    out of the window at once and alert alone. Replayed in publish-time order, each crisis is
    decided as in a file sorted by time; the output stays in input order."""
    june = _crisis_block(
        "cl-",
        "Strong earthquake of magnitude 6.{k} shakes Chile, buildings damaged in Valparaiso",
        "2013-06-20T12",
        6,
    )
    march = _crisis_block(
        "pe-", "Floods in Peru: the river burst its banks in Piura, {n} houses swept away", "2013-03-02T08", 6
    )
    text = "".join(json.dumps(r) + "\n" for r in june + march)
    ordered = "".join(json.dumps(r) + "\n" for r in sorted(june + march, key=lambda r: r["published_at"]))

    def run(t: str, arrival: bool = False) -> dict[str, dict]:
        out = io.StringIO()
        dedup_records(io.StringIO(t), out, io.StringIO(), arrival_order=arrival)
        rows = [json.loads(x) for x in out.getvalue().splitlines()]
        return {r["id"]: r for r in rows}, [r["id"] for r in rows]

    blocks, ids = run(text)
    assert ids == [r["id"] for r in june + march]  # input order out
    srt, _ = run(ordered)
    assert {k: v["story_id"] for k, v in blocks.items()} == {k: v["story_id"] for k, v in srt.items()}
    alerts = sum(r["update"] == "new" for r in blocks.values())
    assert alerts == 2, blocks  # one per crisis
    assert len({r["story_id"] for r in blocks.values()}) == 2
    # in file order the story stage's window (72 h behind the newest time seen) drops each March
    # story at once: every March report opens its own story
    arrival, _ = run(text, arrival=True)
    assert len({arrival[r["id"]]["story_id"] for r in march}) == len(march)
