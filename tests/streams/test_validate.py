"""Raw bytes -> Article or DeadLetter (streams/validate.py): every bad input has a reason."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest

from streams.models import Article, DeadLetter
from streams.validate import (
    MAX_MESSAGE_BYTES,
    MAX_ORIGINAL_BYTES,
    dead_letter_bytes,
    original_bytes,
    parse_article,
)

GOOD = {
    "id": "a1",
    "source": "Wire",
    "url": "https://example.com/a1",
    "title": "Blast in city centre",
    "body": "A blast hit the city centre.",
    "published_at": "2024-05-01T08:00:00+02:00",
}
NOW = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)


def enc(d) -> bytes:
    return json.dumps(d).encode()


def test_valid_article_gets_ingested_at_and_keeps_its_time_zone():
    a = parse_article(enc(GOOD), now=NOW)
    assert isinstance(a, Article)
    assert a.ingested_at == NOW
    assert a.published_at.utcoffset().total_seconds() == 7200


def test_producer_ingested_at_is_kept():
    a = parse_article(enc(dict(GOOD, ingested_at="2024-05-01T08:30:00Z")), now=NOW)
    assert a.ingested_at == datetime(2024, 5, 1, 8, 30, tzinfo=UTC)


def test_missing_id_gets_a_stable_one():
    d = {k: v for k, v in GOOD.items() if k != "id"}
    a, b = parse_article(enc(d)), parse_article(enc(d))
    assert a.id == b.id and a.id.startswith("a-")


@pytest.mark.parametrize(
    "raw, reason",
    [
        (b"{not json", "not_json"),
        (b'["a"]', "not_object"),
        (b'"just a string"', "not_object"),
        (b"\xff\xfe\x00", "not_utf8"),
        (enc({k: v for k, v in GOOD.items() if k != "source"}), "missing_field"),
        (enc({k: v for k, v in GOOD.items() if k != "published_at"}), "missing_field"),
        (enc(dict(GOOD, title=12345)), "wrong_type"),
        (enc(dict(GOOD, published_at="soon")), "wrong_type"),
        (enc(dict(GOOD, published_at="2024-05-01T08:00:00")), "naive_datetime"),
        (enc(dict(GOOD, url="not a url")), "invalid_url"),
        (enc(dict(GOOD, title="", body="")), "empty_text"),
        (enc(dict(GOOD, title="x" * 1001)), "oversize"),
        (enc(dict(GOOD, body="x" * (MAX_MESSAGE_BYTES + 1))), "oversize"),
    ],
)
def test_bad_input_is_dead_lettered_with_its_reason(raw, reason):
    d = parse_article(raw, topic="raw", partition=2, offset=7)
    assert isinstance(d, DeadLetter)
    assert d.reason == reason, d.detail
    assert (d.topic, d.partition, d.offset) == ("raw", 2, 7)
    assert d.original_size == len(raw)
    if len(raw) <= MAX_ORIGINAL_BYTES:
        assert original_bytes(d) == raw and not d.original_truncated
    else:  # a dead letter keeps the start of a large message, its size and its hash
        assert d.original_truncated and raw.startswith(original_bytes(d))
        assert d.original_sha256 == hashlib.sha256(raw).hexdigest()


@pytest.mark.parametrize(
    "raw",
    [
        b"[" * 10_000 + b"]" * 10_000,  # deeper than the JSON parser's recursion limit
        b'{"id": "x", "source": "s", "published_at": "2024-01-01T00:00:00Z", "title": "t", "n": '
        + b"9" * 5000
        + b"}",  # an integer longer than int()'s digit limit
        b'{"a":' * 5000 + b"1" + b"}" * 5000,
        bytes(range(32)) * 10_000,  # 320 KB of control bytes
        b"\xff" * 600_000,  # over the size limit, not UTF-8
    ],
)
def test_input_that_breaks_the_parser_is_dead_lettered_and_fits(raw):
    d = parse_article(raw, topic="raw", partition=0, offset=1)
    assert isinstance(d, DeadLetter)
    assert d.reason in (
        "not_json",
        "not_object",
        "oversize",
        "not_utf8",
        "internal_error",
        "invalid",
        "wrong_type",
    )
    assert len(dead_letter_bytes(d)) < 1024 * 1024 // 2  # always fits in one message
    assert d.original_size == len(raw)


def test_non_utf8_original_is_kept_as_base64():
    raw = b"\xff\xfe\x00garbage"
    d = parse_article(raw)
    assert d.original_encoding == "base64"
    assert base64.b64decode(d.original) == raw


def test_none_value_is_dead_lettered():
    d = parse_article(None)
    assert isinstance(d, DeadLetter) and d.reason == "missing_field"


def test_an_article_dated_far_ahead_of_its_ingest_is_dead_lettered():
    now = datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
    future = dict(GOOD, published_at="2099-01-01T00:00:00+00:00")
    d = parse_article(enc(future), now=now)
    assert isinstance(d, DeadLetter) and d.reason == "future_date"
    assert "2099-01-01" in d.detail and "clock" in d.detail
    # a few hours ahead (a time zone slip) is kept; the limit is a setting
    soon = dict(GOOD, published_at="2024-05-01T20:00:00+00:00")
    assert isinstance(parse_article(enc(soon), now=now), Article)
    assert parse_article(enc(soon), now=now, max_future=timedelta(hours=2)).reason == "future_date"
    # a producer's own far-future ingested_at does not excuse it
    both = dict(future, ingested_at="2099-01-01T00:00:00+00:00")
    assert parse_article(enc(both), now=now).reason == "future_date"
