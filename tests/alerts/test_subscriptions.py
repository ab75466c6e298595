import base64
import logging

import pytest

from alerts.silences import Silence, load_silences_file, save_silences_file
from alerts.subscriptions import load_subscriptions, parse_subscriptions
from streams.models import Severity
from streams.settings import CONFIG_DIR, ConfigError

SECRET = "whsec_" + base64.b64encode(b"0123456789abcdef0123456789abcdef").decode()


def test_default_config_loads():
    cfg = load_subscriptions(CONFIG_DIR / "subscriptions.yaml")
    names = [s.name for s in cfg.subscriptions]
    assert "console-all" in names and "file-all" in names
    assert cfg.by_name("console-all").min_severity == Severity.alert
    assert cfg.by_name("file-all").channel.path.as_posix() == "out/alerts.jsonl"


def test_defaults():
    cfg = parse_subscriptions({"subscriptions": [{"name": "a", "channel": {"type": "console"}}]})
    s = cfg.subscriptions[0]
    assert s.min_severity == Severity.alert and s.updates is True and s.categories == []


@pytest.mark.parametrize(
    "sub, needle",
    [
        ({"name": "x", "channel": {"type": "pigeon"}}, "subscription 'x' (#1), channel"),
        ({"name": "x", "channel": {"type": "jsonl"}}, "subscription 'x' (#1), channel.path"),
        ({"name": "x", "channel": {"type": "console"}, "min_severity": "huge"}, "min_severity"),
        ({"name": "x", "channel": {"type": "console"}, "countries": ["Iraq"]}, "countries"),
        ({"name": "x", "channel": {"type": "console"}, "bogus": 1}, "'x' (#1), bogus"),
        ({"name": "x", "channel": {"type": "console"}, "template": "{nope}"}, "unknown field 'nope'"),
        ({"name": "x", "channel": {"type": "console"}, "template": "{title.__class__}"}, "plain names"),
        (
            {
                "name": "x",
                "channel": {"type": "webhook", "url": "ftp://h/"},
            },
            "channel.url",
        ),
        ({"name": "x", "channel": {"type": "webhook", "url": "https://h/"}}, "no signing secret"),
        (
            {
                "name": "x",
                "channel": {"type": "webhook", "url": "https://h/", "secret_env": "NA_MISSING_VAR"},
            },
            "NA_MISSING_VAR is not set",
        ),
        ({"name": "x", "channel": {"type": "slack"}}, "webhook_url_env is required"),
        (
            {"name": "x", "channel": {"type": "email", "host": "h", "from": "a@b", "to": ["nope"]}},
            "channel.to",
        ),
    ],
)
def test_errors_name_subscription_and_field(sub, needle, monkeypatch):
    monkeypatch.delenv("NA_MISSING_VAR", raising=False)
    with pytest.raises(ConfigError) as ei:
        parse_subscriptions({"subscriptions": [sub]}, "subs.yaml")
    assert needle in str(ei.value), str(ei.value)
    assert str(ei.value).startswith("subs.yaml: ")


def test_duplicate_names():
    with pytest.raises(ConfigError, match="duplicate subscription name 'a'"):
        parse_subscriptions({"subscriptions": [{"name": "a", "channel": {"type": "console"}}] * 2})


def test_bad_yaml_and_missing_file(tmp_path):
    p = tmp_path / "s.yaml"
    p.write_text("subscriptions: [\n")
    with pytest.raises(ConfigError, match="not valid YAML"):
        load_subscriptions(p)
    with pytest.raises(ConfigError, match="cannot read"):
        load_subscriptions(tmp_path / "absent.yaml")


def test_webhook_secrets_from_env_and_file_are_masked(monkeypatch, tmp_path, caplog):
    other = "whsec_" + base64.b64encode(b"fedcba9876543210fedcba9876543210").decode()
    monkeypatch.setenv("NA_HOOK_SECRET", f"{SECRET} {other}")
    f = tmp_path / "secret"
    f.write_text(other + "\n")
    cfg = parse_subscriptions(
        {
            "subscriptions": [
                {
                    "name": "h",
                    "channel": {
                        "type": "webhook",
                        "url": "https://example.org/h",
                        "secret_env": "NA_HOOK_SECRET",
                        "secrets_file": str(f),
                    },
                }
            ]
        }
    )
    ch = cfg.subscriptions[0].channel
    assert [s.get_secret_value() for s in ch.secrets] == [SECRET, other, other]
    with caplog.at_level(logging.DEBUG):
        logging.getLogger("t").info("config: %r / %s", cfg, cfg)
    for text in (repr(cfg), str(cfg), cfg.model_dump_json(), caplog.text):
        assert SECRET not in text and other not in text and "whsec_" not in text


def test_bad_whsec(monkeypatch):
    monkeypatch.setenv("NA_HOOK_SECRET", "not-a-whsec")
    with pytest.raises(ConfigError, match="whsec_"):
        parse_subscriptions(
            {
                "subscriptions": [
                    {
                        "name": "h",
                        "channel": {"type": "webhook", "url": "https://e/", "secret_env": "NA_HOOK_SECRET"},
                    }
                ]
            }
        )


def test_slack_and_email_secrets_masked(monkeypatch):
    url = "https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX"
    monkeypatch.setenv("NA_SLACK", url)
    monkeypatch.setenv("NA_USER", "mailuser")
    monkeypatch.setenv("NA_PASS", "hunter2-pass")
    cfg = parse_subscriptions(
        {
            "subscriptions": [
                {"name": "s", "channel": {"type": "slack", "webhook_url_env": "NA_SLACK"}},
                {
                    "name": "m",
                    "channel": {
                        "type": "email",
                        "host": "smtp.example.org",
                        "from": "a@example.org",
                        "to": "b@example.org",
                        "username_env": "NA_USER",
                        "password_env": "NA_PASS",
                    },
                },
            ]
        }
    )
    assert cfg.subscriptions[0].channel.webhook_url.get_secret_value() == url
    assert cfg.subscriptions[1].channel.password.get_secret_value() == "hunter2-pass"
    for text in (repr(cfg), str(cfg), cfg.model_dump_json()):
        assert "XXXXSECRETXXXX" not in text and "hunter2" not in text


def test_silences_file_roundtrip(tmp_path):
    p = tmp_path / "silences.yaml"
    assert load_silences_file(p) == []
    s = Silence.model_validate(
        {"matcher": {"country": "fr", "category": "protest"}, "expires_at": "2030-01-01T00:00:00Z"}
    )
    save_silences_file(p, [s])
    back = load_silences_file(p)
    assert back[0].id == s.id and back[0].matcher.country == "FR"
    with pytest.raises(ConfigError, match="at least one matcher"):
        parse_subscriptions({"silences": [{"matcher": {}, "expires_at": "2030-01-01T00:00:00Z"}]})
