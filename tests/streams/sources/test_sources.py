"""The pure parts of streams/sources (config, OPML, URLs, HTML, language, Retry-After) and the
`newsalert feeds` commands that need no broker."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsalert.cli import build_parser
from streams.settings import ConfigError
from streams.sources.config import FeedConfig, feed_problems, load_feeds, parse_feeds, seconds
from streams.sources.fetch import parse_retry_after
from streams.sources.htmltext import html_to_text
from streams.sources.items import seen_keys, short_language
from streams.sources.language import detect_article_language, detect_language
from streams.sources.opml import OpmlError, parse_opml, to_opml
from streams.sources.urls import canonical_url

ROOT = Path(__file__).resolve().parents[3]
FEEDS = ROOT / "tests" / "streams" / "sources" / "fixtures" / "feeds"


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newsalert", *args], input=stdin, capture_output=True, text=True, cwd=ROOT
    )


# ---------------------------------------------------------------------------- config
def test_the_shipped_feeds_file_validates():
    cfg = load_feeds(ROOT / "config" / "feeds.yaml")
    assert cfg.feeds and all(f.url.startswith("https://") for f in cfg.feeds)
    assert cfg.polling.interval == 300


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"name": "bad name!", "url": "https://x.org/f"}, "feeds[0] 'bad name!', name: letters, digits"),
        ({"name": "a", "url": "ftp://x.org/f"}, "feeds[0] 'a', url: an http:// or https:// URL"),
        ({"name": "a", "url": "https://x.org/f", "interval": "soon"}, "feeds[0] 'a', interval: a duration"),
        ({"name": "a", "url": "https://x.org/f", "colour": "red"}, "feeds[0] 'a', colour: Extra inputs"),
        ({"url": "https://x.org/f"}, "feeds[0], name: Field required"),
    ],
)
def test_a_bad_entry_is_named_in_one_line(entry, message):
    with pytest.raises(ConfigError) as e:
        parse_feeds({"feeds": [entry]}, "feeds.yaml")
    text = str(e.value)
    assert text.startswith(f"feeds.yaml: {message}") and "\n" not in text


def test_duplicate_names_and_bad_yaml_are_refused(tmp_path):
    dup = {"feeds": [{"name": "a", "url": "https://x.org/1"}, {"name": "a", "url": "https://x.org/2"}]}
    with pytest.raises(ConfigError, match="'a': the name is used twice"):
        parse_feeds(dup, "f.yaml")
    bad = tmp_path / "feeds.yaml"
    bad.write_text("feeds: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_feeds(bad)
    with pytest.raises(ConfigError, match="cannot read"):
        load_feeds(tmp_path / "missing.yaml")


def test_durations():
    assert [seconds(v) for v in (300, "300", "30s", "5m", "1.5h", "1d")] == [300, 300, 30, 300, 5400, 86400]
    with pytest.raises(ValueError):
        seconds("five minutes")
    f = FeedConfig(name="a", url="https://x.org/f", interval="10m", language="EN")
    assert (f.interval, f.language) == (600, "en")


# ---------------------------------------------------------------------------- pieces
def test_canonical_urls():
    assert canonical_url("HTTPS://News.Example.COM:443/a?utm_source=x&b=2&fbclid=9#top") == (
        "https://news.example.com/a?b=2"
    )
    assert canonical_url("/story/1?gclid=3", "https://ex.com/feed.xml") == "https://ex.com/story/1"
    assert canonical_url("https://ex.com") == "https://ex.com/"
    assert canonical_url("mailto:desk@ex.com") is None and canonical_url("") is None
    assert canonical_url("https://ex.com/p?id=5&page=2") == "https://ex.com/p?id=5&page=2"


def test_html_to_text():
    html = "<div><p>One &amp; two</p><script>evil()</script><p>Three&nbsp;four</p></div>"
    assert html_to_text(html) == "One & two\n\nThree four"
    assert html_to_text("AT&amp;T  rises") == "AT&T rises"
    assert html_to_text("a < b and c > d") == "a < b and c > d"
    assert html_to_text(None) == ""


def test_language_detection():
    assert detect_language("Car bomb kills 14 at a crowded market in Mogadishu") == "en"
    assert detect_language("Une voiture piégée fait 14 morts sur un marché de Mogadiscio") == "fr"
    assert detect_language("Взрыв на рынке в Могадишо унёс жизни 14 человек") == "ru"
    assert detect_language("انفجار سيارة مفخخة في سوق بمقديشو يقتل 14 شخصا") == "ar"
    assert detect_language("12 345 !!") is None
    assert short_language("en-GB") == "en" and short_language("") is None


def test_retry_after_in_seconds_or_as_a_date():
    now = datetime(2024, 3, 5, 12, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120
    assert parse_retry_after("Tue, 05 Mar 2024 12:02:00 GMT", now) == 120
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_seen_keys_guid_within_a_feed_url_across_feeds_content_otherwise():
    a = seen_keys("f1", "g-1", "https://x.org/1", "t", "b")
    b = seen_keys("f2", "g-1", "https://x.org/1", "t", "b")
    assert a[0] != b[0] and a[1] == b[1]  # the guid counts within its feed, the URL everywhere
    c = seen_keys("f1", None, None, "title", "body")
    assert len(c) == 1 and c[0].startswith("c:")


def test_opml_round_trip():
    feeds = [
        FeedConfig(
            name="wire", url="https://wire.example.com/rss", source="The Wire", tags=["world", "africa"]
        ),
        FeedConfig(name="local", url="https://local.example.com/atom", language="fr"),
    ]
    back = parse_opml(to_opml(feeds))
    assert [(f.url, f.source, f.tags, f.language) for f in back] == [
        ("https://wire.example.com/rss", "The Wire", ["world", "africa"], None),
        ("https://local.example.com/atom", "local", [], "fr"),
    ]
    with pytest.raises(OpmlError, match="not valid XML"):
        parse_opml(b"<opml><body>", "x.opml")
    with pytest.raises(OpmlError, match="not an OPML file"):
        parse_opml(b"<rss/>", "x.opml")


# ---------------------------------------------------------------------------- commands
def test_feeds_read_prints_jsonl_that_classify_reads():
    out = run("feeds", "read", str(FEEDS / "rss20.xml"))
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert len(rows) == 3 and "3 articles from rss20 feed 'Example Wire'" in out.stderr
    classified = run("classify", stdin=out.stdout)
    assert classified.returncode == 0, classified.stderr
    cats = [json.loads(line)["category"] for line in classified.stdout.splitlines()]
    assert cats == ["bombing", None, None]


def test_feeds_read_names_a_bad_input():
    out = run("feeds", "read", str(FEEDS / "notafeed.html"))
    assert out.returncode == 1 and out.stderr.startswith("newsalert: ") and "not a feed" in out.stderr
    out = run("feeds", "read", str(FEEDS / "no-such-file.xml"))
    assert out.returncode == 2 and "cannot read" in out.stderr


def test_feeds_import_export_list(tmp_path):
    target = tmp_path / "feeds.yaml"
    target.write_text("# my feeds\n\nfeeds:\n  - {name: wire, url: 'https://wire.example.com/rss'}\n")
    opml = tmp_path / "reader.opml"
    opml.write_bytes(
        b'<?xml version="1.0"?><opml version="1.0"><head/><body><outline text="News">'
        b'<outline text="The Wire" xmlUrl="https://wire.example.com/rss"/>'
        b'<outline text="Daily Planet" xmlUrl="https://planet.example.com/feed"/></outline>'
        b'<outline text="Gazette" xmlUrl="https://gazette.example.org/atom.xml"/></body></opml>'
    )
    out = run("feeds", "import", str(opml), "--into", str(target))
    assert out.returncode == 0, out.stderr
    assert "2 new feeds, 1 already listed" in out.stderr
    cfg = load_feeds(target)
    assert [(f.name, f.tags) for f in cfg.feeds] == [
        ("wire", []),
        ("daily-planet", ["News"]),
        ("gazette", []),
    ]
    assert target.read_text().startswith("# my feeds\n")
    listed = run("feeds", "list", "--feeds", str(target))
    assert (
        listed.returncode == 0 and "daily-planet" in listed.stdout and "3 feeds, 3 enabled" in listed.stderr
    )
    exported = run("feeds", "export", "--feeds", str(target))
    assert [f.url for f in parse_opml(exported.stdout.encode())] == [f.url for f in cfg.feeds]
    bad = tmp_path / "bad.yaml"
    bad.write_text("feeds:\n  - {name: x, url: 'https://x.org', interval: -5}\n")
    out = run("feeds", "list", "--feeds", str(bad))
    assert out.returncode == 2
    assert out.stderr.strip().startswith(f"newsalert: {bad}: feeds[0] 'x', interval:")
    assert len(out.stderr.strip().splitlines()) == 1


def test_every_new_command_has_a_description(capsys):
    for args in (["feeds"], ["feeds", "read"], ["feeds", "import"], ["feeds", "export"], ["feeds", "list"],
                 ["feeds", "status"], ["poll"], ["serve"]):  # fmt: skip
        with pytest.raises(SystemExit) as e:
            build_parser().parse_args([*args, "--help"])
        assert e.value.code == 0
        usage, _, rest = capsys.readouterr().out.partition("\n\n")
        assert rest.strip() and not rest.lstrip().startswith(("positional", "options")), args


def test_feeds_status_without_a_poller_says_so():
    out = run("feeds", "status", "--poller", "http://127.0.0.1:9")
    assert out.returncode == 1 and "no poller answers" in out.stderr and "newsalert poll" in out.stderr


def test_serve_without_a_token_says_what_to_set():
    env_run = subprocess.run(
        [sys.executable, "-m", "newsalert", "serve"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in __import__("os").environ.items() if k != "NEWSALERT_INGEST_TOKEN"},
    )
    assert env_run.returncode == 2 and "NEWSALERT_INGEST_TOKEN" in env_run.stderr


def test_language_detection_on_the_labelled_corpora():
    """The English, French and Spanish labelled corpora: at most 1 in 200 articles misread."""
    corpus = ROOT / "tests" / "corpus"
    for name, want in (("labelled.jsonl", "en"), ("labelled_fr.jsonl", "fr"), ("labelled_es.jsonl", "es")):
        rows = [json.loads(line) for line in (corpus / name).read_text().splitlines() if line.strip()]
        got = [detect_article_language(r.get("title", ""), r.get("body", "")) for r in rows]
        wrong = sum(1 for g in got if g != want)
        assert len(rows) > 200 and wrong <= len(rows) / 200, (name, wrong)


def test_feed_problems_lists_every_one():
    data = {
        "polling": {"interval": "soon"},
        "feeds": [
            {"name": "wire", "url": "ftp://wire.example/rss"},
            {"url": "https://x.org/f", "category": "bombing"},
        ],
    }
    got = feed_problems(data)
    assert ("", "polling.interval", "soon", "a duration such as 300, 30s, 5m or 1h") in got
    assert ("feed 'wire' (#1)", "url", "ftp://wire.example/rss", "an http:// or https:// URL") in got
    assert ("feed #2", "name", None, "Field required") in got
    assert ("feed #2", "category", "bombing", "Extra inputs are not permitted") in got
    assert feed_problems({"feeds": [{"name": "ok", "url": "https://x.org/f"}]}) == []
