"""Console, JSONL and Kafka channels; the channel registry; the CLI silences; the worker's
silence reload."""

import argparse
import io
import json
import os
import uuid

import pytest

from alerts.channels.base import Channel, build_channel, register_channel
from alerts.delivery import DeliveryPolicy, deliver
from alerts.routing import Delivery
from alerts.subscriptions import parse_subscriptions
from alerts.testing import sample_alert
from alerts.worker import AlertsWorker
from newsalert.cli.delivery import add_parsers
from streams.settings import Settings
from streams.topics import broker_listening, read_from_start

FAST = DeliveryPolicy(initial=0.05, exp_base=2, jitter=0, max_attempts=2, max_elapsed=10, attempt_timeout=10)


def sub_of(channel, **kw):
    return parse_subscriptions({"subscriptions": [{"name": "s", "channel": channel, **kw}]}).subscriptions[0]


async def test_console(capsys):
    sub = sub_of({"type": "console"})
    async with build_channel(sub) as ch:
        out = await deliver(ch, Delivery.for_alert(sample_alert(), sub), FAST)
    assert out.ok
    printed = capsys.readouterr().out
    assert printed.startswith("[FLASH] assassination_attempt · Iraq (Baghdad) · 0 dead · 3 sources — Gunmen")
    assert "    story st-1 v1" in printed


async def test_console_to_stream():
    buf = io.StringIO()
    sub = sub_of({"type": "console", "details": False})
    async with build_channel(sub, stream=buf) as ch:
        await ch.send(Delivery.for_alert(sample_alert(), sub))
    assert buf.getvalue().count("\n") == 1


async def test_jsonl_appends_whole_lines(tmp_path):
    path = tmp_path / "out" / "alerts.jsonl"
    sub = sub_of({"type": "jsonl", "path": str(path)})
    async with build_channel(sub) as ch:
        import asyncio

        await asyncio.gather(
            *(deliver(ch, Delivery.for_alert(sample_alert(f"s{i}"), sub), FAST) for i in range(20))
        )
    lines = path.read_text().splitlines()
    assert len(lines) == 20
    recs = [json.loads(x) for x in lines]
    assert {r["idempotency_key"] for r in recs} == {f"s{i}:1:s" for i in range(20)}
    assert recs[0]["severity"] == "flash" and recs[0]["subscription"] == "s"


async def test_jsonl_writes_a_delivery_once_across_restarts_and_workers_sharing_a_file(tmp_path, monkeypatch):
    """A delivery sent again after a crash (by the restarted worker, or by another worker
    appending to the same file) is not written twice: the file's reader sees each key once."""
    import alerts.channels.jsonl as jsonl

    path = tmp_path / "alerts.jsonl"
    sub = sub_of({"type": "jsonl", "path": str(path)})
    d1, d2, d3 = (Delivery.for_alert(sample_alert(f"s{i}"), sub) for i in (1, 2, 3))

    def keys() -> list[str]:
        return [json.loads(x)["idempotency_key"] for x in path.read_text().splitlines()]

    async with build_channel(sub) as a, build_channel(sub) as b:  # two workers, one file
        await a.send(d1)
        await b.send(d1)  # b took a's partitions over and sends it again
        await b.send(d2)
        await a.send(d2)  # a reads what b appended before writing
        assert keys() == ["s1:1:s", "s2:1:s"]
        assert (a.skipped, b.skipped) == (1, 1)
    # a restart: the new channel reads the file's tail on start (here from inside a line)
    monkeypatch.setattr(jsonl, "TAIL_BYTES", path.stat().st_size - 10)
    async with build_channel(sub) as c:
        await c.send(d2)
        await c.send(d3)
        await c.send(d1)  # its line began before the tail that was read: written again
    assert keys() == ["s1:1:s", "s2:1:s", "s3:1:s", "s1:1:s"]
    # a file truncated under a running channel (rotated) is read again from its start
    d4 = Delivery.for_alert(sample_alert("s4"), sub)
    async with build_channel(sub) as e:
        await e.send(d3)  # in the file: skipped
        path.write_text(json.dumps({"idempotency_key": "s4:1:s"}) + "\n")
        await e.send(d4)  # in the new file: skipped
        await e.send(Delivery.for_alert(sample_alert("s5"), sub))
    assert keys() == ["s4:1:s", "s5:1:s"]


async def test_new_channel_type_is_one_class():
    seen = []

    @register_channel("memory_test")
    class Memory(Channel):
        async def send(self, delivery):
            seen.append(delivery.idempotency_key)

    class FakeSub:
        name = "m"

        class channel:  # noqa: N801
            type = "memory_test"

    ch = build_channel(FakeSub)
    assert isinstance(ch, Memory) and repr(ch) == "<Memory 'm'>"
    await ch.send(Delivery.for_alert(sample_alert(), sub_of({"type": "console"})))
    assert seen == ["st-1:1:s"]


@pytest.mark.broker
@pytest.mark.skipif(
    not broker_listening("127.0.0.1:9092", timeout=1), reason="no Kafka broker at 127.0.0.1:9092"
)
async def test_kafka_channel_produces_alert_json():
    from kafka.admin import KafkaAdminClient, NewTopic

    topic = f"t.{uuid.uuid4().hex[:8]}.downstream"
    admin = KafkaAdminClient(bootstrap_servers="127.0.0.1:9092")
    admin.create_topics([NewTopic(topic, 1, 1)])
    admin.close()
    sub = sub_of({"type": "kafka", "topic": topic})
    d = Delivery.for_alert(sample_alert(), sub)
    async with build_channel(sub, bootstrap_servers="127.0.0.1:9092") as ch:
        out = await deliver(ch, d, FAST)
    assert out.ok
    msgs = list(read_from_start("127.0.0.1:9092", topic, timeout=5))
    assert len(msgs) == 1 and msgs[0].key == b"st-1"
    assert json.loads(msgs[0].value)["alert_id"] == "st-1:1"
    assert dict(msgs[0].headers)["idempotency-key"] == b"st-1:1:s"


def run_cli(tmp_path, *argv):
    parser = argparse.ArgumentParser(prog="newsalert")
    add_parsers(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    (tmp_path / "subscriptions.yaml").write_text("subscriptions: []\n")
    args.settings = Settings(config_dir=tmp_path)
    return args.func(args)


def test_cli_silence_add_list_expire(tmp_path, capsys):
    assert (
        run_cli(
            tmp_path,
            "silence",
            "add",
            "--country",
            "fr",
            "--category",
            "deadly_unrest",
            "--for",
            "2h",
            "--comment",
            "march",
        )
        == 0
    )
    sid = capsys.readouterr().out.split()[0]
    assert (tmp_path / "silences.yaml").exists()
    run_cli(tmp_path, "silence", "list")
    out = capsys.readouterr().out
    assert sid in out and "active" in out and "country=FR" in out and "march" in out
    assert run_cli(tmp_path, "silence", "expire", sid) == 0
    capsys.readouterr()
    run_cli(tmp_path, "silence", "list")
    assert capsys.readouterr().out.strip() == "no silences"
    run_cli(tmp_path, "silence", "list", "--all")
    assert "expired" in capsys.readouterr().out
    assert run_cli(tmp_path, "silence", "expire", "s-nope") == 1
    with pytest.raises(SystemExit):
        run_cli(tmp_path, "silence", "add", "--country", "FR")  # no --for/--until


def test_cli_silence_without_matcher_is_an_error(tmp_path, capsys):
    assert run_cli(tmp_path, "silence", "add", "--for", "1h") == 2
    assert "at least one matcher" in capsys.readouterr().err


def test_worker_reads_cli_silences(tmp_path, capsys):
    cfg = parse_subscriptions({"subscriptions": [{"name": "c", "channel": {"type": "console"}}]})
    w = AlertsWorker(Settings(config_dir=tmp_path), cfg)
    assert [d.subscription for d in w.route(sample_alert())] == ["c"]
    run_cli(tmp_path, "silence", "add", "--story-id", "st-1", "--for", "1h")
    w.silences_file._checked = 0  # skip the 2 s re-check interval
    os.utime(tmp_path / "silences.yaml")
    assert w.route(sample_alert()) == []
    assert len(w.route(sample_alert("other"))) == 1


def test_settings_jsonl_override(tmp_path):
    cfg = parse_subscriptions(
        {"subscriptions": [{"name": "f", "channel": {"type": "jsonl", "path": "out/alerts.jsonl"}}]}
    )
    w = AlertsWorker(Settings(config_dir=tmp_path, alerts_jsonl=tmp_path / "x.jsonl"), cfg)
    assert w.config.subscriptions[0].channel.path == tmp_path / "x.jsonl"
    assert cfg.subscriptions[0].channel.path.as_posix() == "out/alerts.jsonl"  # input untouched
