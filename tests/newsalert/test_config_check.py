"""`newsalert config check`: one line per problem naming file, entry and field; exit 0 on the
shipped config, 1 on each kind of bad config; the worker runs the same check at start-up."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml

from newsalert.cli import main
from newsalert.cli.config import check_all
from newsalert.cli.setup import init_config
from streams.settings import CONFIG_DIR, REPO_ROOT
from streams.taxonomy import load_taxonomy

Mutation = Callable[[Path], None]


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch):
    for var in list(__import__("os").environ):
        if var.startswith("NEWSALERT_"):
            monkeypatch.delenv(var)


def edit_yaml(name: str, change: Callable[[dict], None]) -> Mutation:
    def apply(d: Path) -> None:
        data = yaml.safe_load((d / name).read_text()) or {}
        change(data)
        (d / name).write_text(yaml.safe_dump(data, sort_keys=False))

    return apply


def write(name: str, text: str) -> Mutation:
    def apply(d: Path) -> None:
        (d / name).write_text(text)

    return apply


def subs(*entries: dict, silences: list | None = None) -> Mutation:
    return write(
        "subscriptions.yaml", yaml.safe_dump({"subscriptions": list(entries), "silences": silences or []})
    )


def console(name: str = "ops", **kw: object) -> dict:
    return {"name": name, "channel": {"type": "console"}, **kw}


SILENCE_UNTIL = "2099-01-01T00:00:00Z"

# (id, mutation of a copy of the shipped config, environment, substrings of ONE line of the output)
CASES: list[tuple[str, Mutation, dict[str, str], list[str]]] = [
    (
        "unknown category",
        subs(console(categories=["bombng"])),
        {},
        [
            "subscriptions.yaml",
            "subscription 'ops' (#1)",
            "categories[0] = 'bombng'",
            "did you mean 'bombing'",
        ],
    ),
    (
        "unknown severity",
        subs(console(min_severity="urgnet")),
        {},
        ["subscriptions.yaml", "subscription 'ops' (#1)", "min_severity = 'urgnet'", "did you mean 'urgent'"],
    ),
    (
        "unknown country",
        subs(console(countries=["UK"])),
        {},
        ["subscriptions.yaml", "subscription 'ops' (#1)", "countries[0] = 'UK'", "did you mean 'GB'"],
    ),
    (
        "unknown template field",
        subs(console(template="{SEVERITY} {titel}")),
        {},
        [
            "subscriptions.yaml",
            "subscription 'ops' (#1)",
            "template = ",
            "unknown template field 'titel'",
            "'title'",
        ],
    ),
    (
        "missing secret",
        subs(
            {
                "name": "hook",
                "channel": {
                    "type": "webhook",
                    "url": "https://8.8.8.8/h",
                    "secret_env": "NEWSALERT_T_SECRET",
                },
            }
        ),
        {},
        [
            "subscriptions.yaml",
            "subscription 'hook' (#1)",
            "channel.secret_env = 'NEWSALERT_T_SECRET'",
            "not set",
        ],
    ),
    (
        "private webhook target",
        subs(
            {
                "name": "hook",
                "channel": {"type": "webhook", "url": "http://10.0.0.7/h", "allow_unsigned": True},
            }
        ),
        {},
        [
            "subscriptions.yaml",
            "subscription 'hook' (#1)",
            "channel.url = 'http://10.0.0.7/h'",
            "allow_private",
        ],
    ),
    (
        "unwritable jsonl path",
        subs({"name": "file", "channel": {"type": "jsonl", "path": "/etc/hostname/alerts.jsonl"}}),
        {},
        [
            "subscriptions.yaml",
            "subscription 'file' (#1)",
            "channel.path = '/etc/hostname/alerts.jsonl'",
            "directory",
        ],
    ),
    (
        "duplicate subscription",
        subs(console(), console()),
        {},
        ["subscriptions.yaml", "subscription 'ops' (#2)", "name = 'ops'", "duplicate"],
    ),
    (
        "bad field value",
        subs(console(rate_limit={"max": 0, "window_seconds": 60})),
        {},
        ["subscriptions.yaml", "subscription 'ops' (#1)", "rate_limit.max = 0", "greater than or equal to 1"],
    ),
    (
        "unknown channel field",
        subs({"name": "c", "channel": {"type": "console", "colour": True}}),
        {},
        ["subscriptions.yaml", "subscription 'c' (#1)", "channel.colour", "not permitted"],
    ),
    (
        "silence with unknown category",
        subs(console(), silences=[{"matcher": {"category": "bombng"}, "expires_at": SILENCE_UNTIL}]),
        {},
        ["subscriptions.yaml", "silence #1", "matcher.category = 'bombng'", "did you mean 'bombing'"],
    ),
    (
        "silence of an unknown subscription",
        subs(console(), silences=[{"matcher": {"subscription": "opz"}, "expires_at": SILENCE_UNTIL}]),
        {},
        ["subscriptions.yaml", "silence #1", "matcher.subscription = 'opz'", "did you mean 'ops'"],
    ),
    (
        "silences.yaml with an unknown country",
        write(
            "silences.yaml",
            f"silences:\n  - {{id: s-1, matcher: {{country: XX}}, expires_at: '{SILENCE_UNTIL}'}}\n",
        ),
        {},
        ["silences.yaml", "silence s-1", "matcher.country = 'XX'", "ISO 3166-1"],
    ),
    (
        "settings: unknown key",
        edit_yaml("settings.yaml", lambda d: d.update(metrics_prot=9)),
        {},
        ["settings.yaml", "metrics_prot", "unknown setting", "did you mean 'metrics_port'"],
    ),
    (
        "settings: out of range",
        edit_yaml("settings.yaml", lambda d: d.update(metrics_port=70000)),
        {},
        ["settings.yaml", "metrics_port = 70000", "less than or equal to 65535"],
    ),
    (
        "settings: inconsistent thresholds",
        edit_yaml(
            "settings.yaml", lambda d: d["severity"].update(flash_min_fatalities=1, urgent_min_fatalities=5)
        ),
        {},
        ["settings.yaml", "severity", "flash_min_fatalities (1) is below urgent_min_fatalities (5)"],
    ),
    (
        "environment: misspelled variable",
        lambda d: None,
        {"NEWSALERT_METRICS_PROT": "9200"},
        ["environment", "NEWSALERT_METRICS_PROT", "did you mean 'NEWSALERT_METRICS_PORT'"],
    ),
    (
        "environment: bad value",
        lambda d: None,
        {"NEWSALERT_METRICS_PORT": "abc"},
        ["environment NEWSALERT_METRICS_PORT", "metrics_port = 'abc'", "integer"],
    ),
    (
        "categories.yaml: bad rank",
        edit_yaml("categories.yaml", lambda d: d["categories"]["bombing"].update(rank=0)),
        {},
        ["categories.yaml", "bombing", "rank"],
    ),
    (
        "rules.yaml: unknown category",
        lambda d: (d / "rules.yaml").write_text(
            (d / "rules.yaml").read_text().replace("category: armed_clash", "category: armed_clsh", 1)
        ),
        {},
        ["rules.yaml", "armed_clsh"],
    ),
    (
        "feeds.yaml: not a URL",
        write("feeds.yaml", "feeds:\n  - {name: wire, url: ftp://wire.example/rss}\n"),
        {},
        ["feeds.yaml", "feed 'wire' (#1)", "url = 'ftp://wire.example/rss'", "http:// or https:// URL"],
    ),
    (
        "subscriptions.yaml: not YAML",
        write("subscriptions.yaml", "subscriptions: [\n"),
        {},
        ["subscriptions.yaml", "not valid YAML"],
    ),
]


def run_check(capsys, *argv: str) -> tuple[int, list[str], str]:
    code = main(["config", "check", "--offline", *argv])
    out = capsys.readouterr()
    return code, out.err.splitlines(), out.out


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_each_kind_of_bad_config_is_one_line_naming_file_entry_and_field(case, tmp_path, monkeypatch, capsys):
    _, mutate, env, wanted = case
    d = tmp_path / "cfg"
    init_config(d)
    mutate(d)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.chdir(tmp_path)
    code, lines, _ = run_check(capsys, "--dir", str(d))
    assert code == 1, lines
    hits = [line for line in lines if all(w in line for w in wanted)]
    assert hits, "\n".join(lines)
    assert hits[0].startswith("error: ")
    assert all("errors.pydantic.dev" not in line for line in lines)
    assert lines[-1].startswith("config check: ") and "error(s)" in lines[-1]


def test_at_least_twelve_kinds():
    assert len(CASES) >= 12


def test_the_shipped_config_passes(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)  # the jsonl channel writes out/alerts.jsonl here
    code, lines, out = run_check(capsys)
    assert code == 0, lines
    assert [line for line in lines if line.startswith("error")] == []
    assert out.startswith("config check: OK")
    _, problems = check_all(config_dir=CONFIG_DIR)
    assert [str(p) for p in problems if p.level == "error"] == []


def test_shipped_examples_and_docs_use_only_real_categories():
    """Also the commented-out examples: an operator uncomments them."""
    categories = set(load_taxonomy())
    texts = {p: p.read_text() for p in [CONFIG_DIR / "subscriptions.yaml", REPO_ROOT / "README.md"]}
    texts |= {p: p.read_text() for p in (REPO_ROOT / "docs").glob("*.md")}
    used = []
    for path, text in texts.items():
        for m in re.finditer(r"categories: \[([^\]]*)\]", text):
            used += [(path.name, c.strip()) for c in m.group(1).split(",") if c.strip()]
        for m in re.finditer(r"(?:category: |--category )([a-z_]+)", text):
            used.append((path.name, m.group(1)))
    assert used, "no example found"
    assert [(f, c) for f, c in used if c not in categories] == []


def test_a_missing_settings_file_is_an_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as e:
        main(["--settings", str(tmp_path / "missing.yaml"), "topics", "list"])
    assert e.value.code == 2
    err = capsys.readouterr().err
    assert err.strip() == f"newsalert: {tmp_path / 'missing.yaml'}: settings file not found"
    code, lines, _ = run_check(capsys, "--settings", str(tmp_path / "missing.yaml"))
    assert code == 1 and any("missing.yaml: settings file not found" in line for line in lines)


def test_the_worker_refuses_to_start_on_a_config_error(tmp_path, monkeypatch, capsys):
    d = tmp_path / "cfg"
    init_config(d)
    subs(console(categories=["bombng"]))(d)
    monkeypatch.setenv("NEWSALERT_CONFIG_DIR", str(d))
    monkeypatch.setenv("NEWSALERT_KAFKA_BROKER", "127.0.0.1:1")  # never reached
    with pytest.raises(SystemExit) as e:
        main(["worker"])
    assert e.value.code == 2
    lines = capsys.readouterr().err.splitlines()
    assert any("categories[0] = 'bombng'" in line and "did you mean 'bombing'" in line for line in lines), (
        lines
    )
    assert lines[-1].startswith("newsalert: the configuration has errors")


def test_unreachable_target_is_a_warning_not_an_error(tmp_path, monkeypatch, capsys):
    d = tmp_path / "cfg"
    init_config(d)
    hook = {"type": "webhook", "url": "http://127.0.0.1:9/h", "allow_unsigned": True, "allow_private": True}
    subs({"name": "hook", "channel": hook})(d)
    monkeypatch.chdir(tmp_path)
    code = main(["config", "check", "--dir", str(d), "--timeout", "1"])
    lines = capsys.readouterr().err.splitlines()
    assert code == 0
    assert any(
        line.startswith("warning: ")
        and "subscription 'hook' (#1), channel.url" in line
        and "127.0.0.1:9" in line
        for line in lines
    ), lines


def test_silence_add_refuses_an_unknown_category_and_country(tmp_path, monkeypatch, capsys):
    init_config(tmp_path)
    monkeypatch.setenv("NEWSALERT_CONFIG_DIR", str(tmp_path))
    assert main(["silence", "add", "--category", "bombng", "--for", "1h"]) == 2
    assert "--category 'bombng': unknown category (did you mean 'bombing'?)" in capsys.readouterr().err
    assert main(["silence", "add", "--country", "UK", "--for", "1h"]) == 2
    assert "did you mean 'GB'" in capsys.readouterr().err
    assert not (tmp_path / "silences.yaml").exists()
    assert main(["silence", "add", "--category", "bombing", "--country", "GB", "--for", "1h"]) == 0
