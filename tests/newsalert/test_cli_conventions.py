"""The command line follows conventions: global options before or after the command, --version,
a description for every command and action, log levels with choices, `routes test` on the
shipped example subscriptions, `topics list` wording, replay order."""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from alerts.replay import replay_dead_letters
from alerts.routing import Delivery
from alerts.subscriptions import parse_subscriptions
from alerts.topics import DeliveryDeadLetter
from newsalert import __version__
from newsalert.cli import build_parser, log_level, main
from newsalert.cli.common import walk
from newsalert.cli.setup import init_config
from newsalert.cli.stream import worker_logging
from streams.models import Alert, Severity, SourceReport
from streams.settings import CONFIG_DIR, Settings

COMMANDS = [path for path, _ in walk(build_parser())]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in list(os.environ):
        if var.startswith("NEWSALERT_"):
            monkeypatch.delenv(var)


def test_the_walk_finds_every_command_and_action():
    names = {" ".join(p) for p in COMMANDS}
    for expected in (
        "run",
        "worker",
        "ingest",
        "topics",
        "broker",
        "deadletters list",
        "deadletters replay",
        "alerts tail",
        "alerts replay",
        "silence add",
        "config check",
        "routes test",
        "init",
    ):
        assert expected in names


@pytest.mark.parametrize("path", COMMANDS, ids=[" ".join(p) for p in COMMANDS])
def test_every_command_and_action_has_a_description_and_help(path, capsys):
    parser = dict(walk(build_parser()))[path]
    assert parser.description and len(parser.description) > 20, path
    with pytest.raises(SystemExit) as e:
        main([*path, "--help"])
    assert e.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert " ".join(parser.description.split())[:40] in out
    # every option, positional and action says what it is for
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                assert choice.help, f"{' '.join(path)} {choice.dest} has no help"
        else:
            assert action.help, f"{' '.join(path)}: {action.option_strings or action.dest} has no help"


@pytest.mark.parametrize(
    "argv",
    [
        ["--broker", "h:1", "--settings", "s.yaml", "--log-level", "debug", "-q", "topics", "list"],
        ["topics", "list", "--broker", "h:1", "--settings", "s.yaml", "--log-level", "debug", "-q"],
        ["--broker", "h:1", "topics", "--settings", "s.yaml", "list", "--log-level", "DEBUG", "--quiet"],
        ["alerts", "replay", "--broker", "h:1", "--settings", "s.yaml", "--loglevel", "debug", "-q"],
        ["--broker", "h:1", "--settings", "s.yaml", "--log-level", "debug", "-q", "alerts", "replay"],
    ],
)
def test_global_options_work_before_and_after_the_command(argv):
    args = build_parser().parse_args(argv)
    assert (args.broker, args.settings, args.log_level, args.quiet) == ("h:1", "s.yaml", "debug", True)


def test_a_subcommand_does_not_reset_a_global_option():
    args = build_parser().parse_args(["--broker", "h:1", "--namespace", "x", "silence", "list"])
    assert args.broker == "h:1" and args.namespace == "x" and args.quiet is False
    args = build_parser().parse_args(["silence", "list"])
    assert args.broker is None and args.settings is None and args.log_level is None


def test_log_levels_have_choices_and_per_command_defaults(capsys):
    with pytest.raises(SystemExit) as e:
        build_parser().parse_args(["worker", "--log-level", "loud"])
    assert e.value.code == 2
    assert "invalid choice: 'loud'" in capsys.readouterr().err
    assert log_level(build_parser().parse_args(["worker"])) == "info"
    assert log_level(build_parser().parse_args(["run"])) == "warning"
    assert log_level(build_parser().parse_args(["-q", "topics", "list"])) == "error"


def test_worker_default_level_keeps_faust_tables_out():
    cfg = worker_logging("info")
    assert cfg["loggers"]["faust"]["level"] == "WARNING" and cfg["loggers"]["aiokafka"]["level"] == "WARNING"
    assert worker_logging("debug")["loggers"]["faust"]["level"] == "DEBUG"
    assert worker_logging("error")["loggers"]["kafka"]["level"] == "ERROR"


@pytest.mark.parametrize("argv", [["--version"], ["topics", "--version"], ["alerts", "tail", "--version"]])
def test_version(argv, capsys):
    with pytest.raises(SystemExit) as e:
        main(argv)
    assert e.value.code == 0
    assert capsys.readouterr().out.strip() == f"newsalert {__version__}"


@pytest.mark.parametrize("module", ["newsalert", "newsalert.cli"])
def test_both_module_forms_run_the_command(module):
    out = subprocess.run(
        [sys.executable, "-m", module, "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"newsalert {__version__}"


def test_topics_list_prints_each_topic_once_with_the_right_plural(capsys):
    assert main(["topics", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = [line.split("\t")[0] for line in lines]
    assert len(names) == len(set(names))
    assert "newsalert.alerts\t1 partition" in lines
    assert "newsalert.articles.raw\t4 partitions" in lines
    assert not any(re.search(r"\b1 partitions", line) for line in lines)


# --------------------------------------------------------------------------- routes test


def _uncommented_examples() -> str:
    """config/subscriptions.yaml with its commented example subscriptions turned on."""
    out = []
    for line in (CONFIG_DIR / "subscriptions.yaml").read_text().splitlines():
        m = re.match(r"^  # ( *)(.*)$", line)
        if m and not m.group(2).startswith(("Standard Webhooks", "from this file", "(two secrets")):
            out.append("  " + m.group(1) + m.group(2))
        else:
            out.append(line)
    return "\n".join(out) + "\n"


@pytest.fixture
def examples(tmp_path, monkeypatch):
    init_config(tmp_path)
    (tmp_path / "subscriptions.yaml").write_text(_uncommented_examples())
    monkeypatch.setenv("NEWSALERT_CONFIG_DIR", str(tmp_path))
    monkeypatch.setenv("NEWSALERT_OPS_WEBHOOK_SECRET", "whsec_" + "QUJDREVGR0hJSktMTU5PUFFSU1RVVldY")
    monkeypatch.setenv("NEWSALERT_SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T/B/X")
    monkeypatch.setenv("NEWSALERT_SMTP_USER", "u")
    monkeypatch.setenv("NEWSALERT_SMTP_PASSWORD", "p")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def routes(capsys, *argv: str) -> tuple[int, dict[str, str]]:
    code = main(["routes", "test", *argv])
    out = capsys.readouterr().out.splitlines()
    rows = {}
    for line in out[1:]:
        m = re.match(r"^  (DELIVER|skip) +(\S+?)(?::| \()(.*)$", line)
        if m:
            rows[m.group(2)] = (m.group(1) + m.group(3)).strip()
    return code, rows


def test_routes_test_on_the_shipped_examples(examples, capsys):
    assert main(["config", "check", "--offline"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    code, rows = routes(capsys, "--category", "bombing", "--severity", "urgent", "--country", "ua")
    assert code == 0
    assert set(rows) == {
        "console-all",
        "file-all",
        "kafka-downstream",
        "ops-webhook",
        "newsroom-slack",
        "duty-editor-mail",
    }
    for name in ("console-all", "file-all", "kafka-downstream", "ops-webhook", "newsroom-slack"):
        assert rows[name].startswith("DELIVER"), rows
    assert rows["duty-editor-mail"] == "skip severity urgent < min_severity flash"

    _, rows = routes(capsys, "--category", "disaster", "--severity", "urgent", "--country", "FR")
    assert (
        rows["ops-webhook"] == "skip category disaster not in ['attack', 'bombing', 'assassination_attempt']"
    )
    assert rows["newsroom-slack"] == "skip country FR not in ['IQ', 'SY', 'UA']"
    assert rows["console-all"].startswith("DELIVER")

    _, rows = routes(capsys, "--category", "attack", "--severity", "flash", "--update")
    assert rows["duty-editor-mail"] == "skip update (fatalities_rose, v2) and updates: false"


def test_routes_test_shows_silences_and_refuses_unknown_values(examples, capsys):
    assert main(["silence", "add", "--category", "shelling", "--for", "1h"]) == 0
    capsys.readouterr()
    _, rows = routes(capsys, "--category", "shelling", "--severity", "alert")
    assert rows["console-all"].startswith("skip silenced by s-")
    assert routes(capsys, "--category", "bombng", "--severity", "alert")[0] == 2
    with pytest.raises(SystemExit):
        main(["routes", "test", "--category", "bombing", "--severity", "urgnet"])
    with pytest.raises(SystemExit):
        main(["routes", "test", "--category", "bombing", "--severity", "alert", "--country", "XX"])


# --------------------------------------------------------------------------- replay order


def _dead(story: str, version: int, sub: str = "hook") -> bytes:
    now = datetime(2024, 3, 1, tzinfo=UTC)
    alert = Alert(
        alert_id=f"{story}:{version}",
        story_id=story,
        version=version,
        update_reason="new" if version == 1 else "fatalities_rose",
        category="bombing",
        severity=Severity.urgent,
        title="t",
        first_seen=now,
        emitted_at=now,
        reports=[SourceReport(article_id="a", source="s", published_at=now)],
    )
    d = Delivery(subscription=sub, channel="console", idempotency_key=f"{story}:{version}:{sub}", alert=alert)
    return (
        DeliveryDeadLetter(
            reason="delivery_failed",
            detail="x",
            kind="timeout",
            delivery=d,
            subscription=sub,
            channel="console",
        )
        .model_dump_json()
        .encode()
    )


def test_replay_in_story_version_order_and_latest_only(monkeypatch):
    values = [_dead("s2", 2), _dead("s1", 3), _dead("s2", 1), _dead("s1", 1), _dead("s1", 2), b"junk"]
    monkeypatch.setattr("alerts.replay._read_all", lambda *a: values)
    config = parse_subscriptions({"subscriptions": [{"name": "hook", "channel": {"type": "console"}}]})
    settings = Settings()
    report = replay_dead_letters(settings, config, dry_run=True)
    assert report.replayed_keys == ["s1:1:hook", "s1:2:hook", "s1:3:hook", "s2:1:hook", "s2:2:hook"]
    assert report.by_reason == {"unparseable": 1}
    report = replay_dead_letters(settings, config, dry_run=True, latest_only=True)
    assert report.replayed_keys == ["s1:3:hook", "s2:2:hook"]
    assert report.by_reason == {"unparseable": 1, "superseded": 3}
    report = replay_dead_letters(settings, config, dry_run=True, story_id="s2", limit=1)
    assert report.replayed_keys == ["s2:1:hook"]


def test_an_occupied_metrics_port_is_one_line_naming_port_and_setting(monkeypatch, capsys, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("newsalert.cli.stream.ensure_project_topics", lambda settings: [])
    monkeypatch.setattr("newsalert.cli.stream.create_app", lambda settings: None)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        with pytest.raises(SystemExit) as e:
            main(["worker", "--metrics-port", str(port)])
    assert e.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert len(lines) == 1, lines
    assert f"127.0.0.1:{port}" in lines[0] and "metrics_port" in lines[0] and "Traceback" not in lines[0]
    assert Settings().metrics_host == "127.0.0.1"
