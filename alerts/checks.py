"""Checks of alert delivery's configuration: subscriptions, silences and channels
(`newsalert config check`, `newsalert routes test`, `silence add` and the worker at start-up).

Each problem is one line (:class:`streams.config_check.Problem`): file, entry, field, value and
what is expected, with "did you mean" for unknown categories, severities, countries, template
fields and subscription names. Beyond what loading the YAML already refuses, it finds:
categories, countries and silence matchers that can never match, JSONL paths the worker cannot
write, webhook/Slack targets on a private or loopback address without ``allow_private`` (the
same rule as the send-time SSRF guard, :func:`alerts.channels._http.forbidden_address`), secrets
whose environment variable is not set, and (a warning) targets that do not answer.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import string
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from pydantic import ValidationError

from alerts.channels._http import forbidden_address
from alerts.channels.configs import CHANNEL_TYPES
from alerts.formatting import country_codes
from alerts.routing import RoutingState, route
from alerts.silences import Silence
from alerts.subscriptions import DEFAULT_JSONL, Subscription, SubscriptionConfig
from alerts.templates import TEMPLATE_FIELDS
from streams.config_check import Problem, did_you_mean, problem, unknown
from streams.models import Alert, Location, Severity, SourceReport
from streams.settings import Settings

SEVERITIES = [s.value for s in Severity]
SECRET_ENV_FIELDS = ("secret_env", "webhook_url_env", "username_env", "password_env")
_ALIASES = {"UK": "GB", "EL": "GR"}  # common non-ISO codes


@dataclass
class Checked:
    """The outcome of checking the subscriptions file: the problems, the config when it loads,
    and the environment variables it names (not NEWSALERT_* misspellings)."""

    problems: list[Problem] = field(default_factory=list)
    config: SubscriptionConfig | None = None
    env_names: set[str] = field(default_factory=set)


# --------------------------------------------------------------------------- single values


def category_problem(value: Any, categories: Iterable[str]) -> str | None:
    cats = list(categories)
    if not cats or value in cats:
        return None
    return unknown("category", str(value), cats)


def country_problem(value: Any) -> str | None:
    code = str(value).upper()
    known = country_codes()
    if not known or code in known:
        return None
    if code in _ALIASES:
        return f"not an ISO 3166-1 alpha-2 code (did you mean {_ALIASES[code]!r}?)"
    return f"not an ISO 3166-1 alpha-2 country code{did_you_mean(code, sorted(known))}"


def severity_problem(value: Any) -> str | None:
    if value in SEVERITIES:
        return None
    return unknown("severity", str(value), SEVERITIES)


def template_problem(template: Any, style: Any) -> str | None:
    """Unknown fields of a template (format or dollar style), or its syntax error."""
    if not isinstance(template, str):
        return "expected a string"
    names: list[str] = []
    try:
        if style == "dollar":
            for m in string.Template.pattern.finditer(template):
                name = m.group("named") or m.group("braced")
                if m.group("invalid") is not None:
                    return "invalid $ placeholder (write $$ for a literal $)"
                if name:
                    names.append(name)
        else:
            for _, name, _, _ in string.Formatter().parse(template):
                if name is not None:
                    if not name.isidentifier():
                        return f"template field {name!r}: only plain names are allowed"
                    names.append(name)
    except ValueError as e:
        return f"invalid template: {e}"
    for name in names:
        if name not in TEMPLATE_FIELDS:
            return f"unknown template field {name!r}{did_you_mean(name, TEMPLATE_FIELDS)}"
    return None


def matcher_problems(
    matcher: Mapping[str, Any], categories: Iterable[str], subscriptions: Iterable[str] | None = None
) -> list[tuple[str, Any, str]]:
    """(field, value, expected) for the fields of a silence matcher that can never match."""
    out = []
    if matcher.get("category") is not None:
        why = category_problem(matcher["category"], categories)
        if why:
            out.append(("category", matcher["category"], why))
    if matcher.get("country") is not None:
        why = country_problem(matcher["country"])
        if why:
            out.append(("country", matcher["country"], why))
    if matcher.get("subscription") is not None and subscriptions is not None:
        names = list(subscriptions)
        if matcher["subscription"] not in names:
            out.append(
                (
                    "subscription",
                    matcher["subscription"],
                    unknown("subscription", matcher["subscription"], names),
                )
            )
    return out


# --------------------------------------------------------------------------- targets


def _host_port(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    return parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True


def resolve(host: str, port: int) -> list[str]:
    return sorted({str(info[4][0]) for info in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)})


def connects(host: str, port: int, timeout: float) -> bool:
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return True
    except OSError:
        return False


@dataclass
class Network:
    """How targets are looked at: off (no DNS, no connection), or with these functions and timeout."""

    enabled: bool = True
    timeout: float = 3.0
    resolve: Callable[[str, int], list[str]] = resolve
    connects: Callable[[str, int, float], bool] = connects


def _bounded(fn: Callable[[], Any], timeout: float) -> Any:
    """fn() in a thread, given up after `timeout` s (getaddrinfo has no timeout of its own)."""
    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(fn).result(timeout=timeout)
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def target_problems(
    url: str, allow_private: bool, net: Network, *, shown: str | None = None
) -> list[tuple[str, str, str]]:
    """(level, value shown, expected) for an HTTP target: a non-public address without
    allow_private (error), a name that does not resolve or a port that does not answer (warning).
    `shown` replaces the URL in messages (a Slack URL is a secret)."""
    host, port = _host_port(url)
    value = shown or url
    if _is_ip(host):
        addrs = [host]
    elif not net.enabled:
        return []
    else:
        try:
            addrs = _bounded(lambda: net.resolve(host, port), net.timeout)
        except (OSError, FutureTimeout):
            return [("warning", value, f"{host} does not resolve now; deliveries will retry")]
    out = []
    private = [a for a in addrs if forbidden_address(a)]
    if private and not allow_private:
        out.append(
            (
                "error",
                value,
                f"{host} is a private/loopback address{'' if private[0] == host else f' ({private[0]})'}: "
                "deliveries would be refused; "
                "set allow_private: true if this is intended",
            )
        )
        return out
    if net.enabled and not net.connects(host, port, net.timeout):
        out.append(("warning", value, f"nothing answers on {host}:{port} now; deliveries will retry"))
    return out


# --------------------------------------------------------------------------- files


def writable_problem(path: Path) -> str | None:
    """Why the worker could not append to `path` (relative to its working directory), or None."""
    if path.exists():
        if path.is_dir():
            return "is a directory, expected a file"
        return None if os.access(path, os.W_OK) else "file is not writable"
    parent = path.parent
    while not parent.exists() and parent != parent.parent:
        parent = parent.parent
    if not parent.is_dir():
        return f"{parent} is not a directory"
    if not os.access(parent, os.W_OK | os.X_OK):
        return f"cannot create it: {parent} is not writable"
    return None


# --------------------------------------------------------------------------- subscriptions


def _env_names(channel: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(field, variable) for every environment variable a channel names."""
    out = []
    for f in SECRET_ENV_FIELDS:
        v = channel.get(f)
        for var in [v] if isinstance(v, str) else v if isinstance(v, list) else []:
            out.append((f, str(var)))
    return out


def _pydantic_lines(
    err: ValidationError, file: str, entry: str, skip: set[str], prefix: tuple[str, ...] = ()
) -> list[Problem]:
    out = []
    for e in err.errors():
        loc = [str(p) for p in (*prefix, *e["loc"])]
        if len(loc) >= 2 and loc[0] == "channel" and loc[1] in CHANNEL_TYPES:
            loc = [loc[0], *loc[2:]]  # drop the discriminator tag: channel.webhook.url -> channel.url
        msg = e["msg"].removeprefix("Value error, ")
        if (loc and loc[0] in skip) or ("environment variable" in msg and "is not set" in msg):
            continue  # reported by the checks here, with "did you mean"
        value = e.get("input")
        shown = None if isinstance(value, dict | list) or e["type"] == "missing" else value
        out.append(problem(file, entry, ".".join(loc) or "(whole entry)", shown, msg))
    return out


def check_subscription(
    raw: Any,
    index: int,
    file: str,
    categories: Iterable[str],
    settings: Settings | None,
    net: Network,
    environ: Mapping[str, str],
) -> tuple[list[Problem], set[str]]:
    """One entry of ``subscriptions:``: its problems and the environment variables it names."""
    if not isinstance(raw, dict):
        return [problem(file, f"subscription #{index + 1}", "", None, "expected a mapping")], set()
    name = raw.get("name")
    entry = f"subscription {name!r} (#{index + 1})" if name else f"subscription #{index + 1}"
    out: list[Problem] = []

    def err(field_: str, value: Any, expected: str, level: Any = "error") -> None:
        out.append(problem(file, entry, field_, value, expected, level))

    cats = list(categories)
    for i, c in enumerate(raw.get("categories") or []):
        why = category_problem(c, cats)
        if why:
            err(f"categories[{i}]", c, why)
    for i, c in enumerate(raw.get("countries") or []):
        why = country_problem(c)
        if why:
            err(f"countries[{i}]", c, why)
    if "min_severity" in raw:
        why = severity_problem(raw["min_severity"])
        if why:
            err("min_severity", raw["min_severity"], why)
    if raw.get("template") is not None:
        why = template_problem(raw["template"], raw.get("template_style", "format"))
        if why:
            err("template", raw["template"], why)

    ch_raw = raw.get("channel")
    channel: dict[str, Any] = ch_raw if isinstance(ch_raw, dict) else {}
    env_names = set()
    for f, var in _env_names(channel):
        env_names.add(var)
        if not environ.get(var, "").strip():
            err(f"channel.{f}", var, "environment variable is not set (export it, or put it in the env file)")
    if channel.get("secrets_file") is not None and not os.access(str(channel["secrets_file"]), os.R_OK):
        err("channel.secrets_file", str(channel["secrets_file"]), "file is missing or not readable")

    out.extend(_channel_problems(channel, file, entry, settings, net, environ))
    skip = {"categories", "countries", "min_severity", "template"}
    try:
        Subscription.model_validate(raw)
    except ValidationError as e:
        out.extend(_pydantic_lines(e, file, entry, skip))
    return out, env_names


def _channel_problems(
    ch: Mapping[str, Any],
    file: str,
    entry: str,
    settings: Settings | None,
    net: Network,
    environ: Mapping[str, str],
) -> list[Problem]:
    """Targets and paths of a ``channel:`` mapping (checked even when another field is wrong)."""
    out = []
    allow_private = ch.get("allow_private") is True
    kind = ch.get("type")
    if kind == "jsonl" and isinstance(ch.get("path"), str):
        path = Path(ch["path"])
        if settings is not None and settings.alerts_jsonl is not None and path == DEFAULT_JSONL:
            path = Path(settings.alerts_jsonl)
        why = writable_problem(path)
        if why:
            out.append(problem(file, entry, "channel.path", str(path), why))
    elif kind == "webhook" and isinstance(ch.get("url"), str) and urlsplit(ch["url"]).hostname:
        for level, value, why in target_problems(ch["url"], allow_private, net):
            out.append(problem(file, entry, "channel.url", value, why, level))  # type: ignore[arg-type]
    elif kind == "slack" and environ.get(str(ch.get("webhook_url_env")), "").strip():
        var = str(ch["webhook_url_env"])
        url = environ[var].strip()
        shown = f"${var} (host {urlsplit(url).hostname})"
        for level, value, why in target_problems(url, allow_private, net, shown=shown):
            out.append(problem(file, entry, "channel.webhook_url_env", value, why, level))  # type: ignore[arg-type]
    elif kind == "email" and isinstance(ch.get("host"), str) and net.enabled:
        port = ch.get("port", 587)
        if isinstance(port, int) and not net.connects(ch["host"], port, net.timeout):
            out.append(
                problem(
                    file,
                    entry,
                    "channel.host",
                    f"{ch['host']}:{port}",
                    "the SMTP server does not answer now; deliveries will retry",
                    "warning",
                )
            )
    return out


def check_silence(
    raw: Any, label: str, file: str, categories: Iterable[str], subscriptions: Iterable[str] | None
) -> list[Problem]:
    if not isinstance(raw, dict):
        return [problem(file, label, "", None, "expected a mapping with matcher and expires_at")]
    out = []
    m_raw = raw.get("matcher")
    matcher: dict[str, Any] = m_raw if isinstance(m_raw, dict) else {}
    for f, value, why in matcher_problems(matcher, categories, subscriptions):
        out.append(problem(file, label, f"matcher.{f}", value, why))
    try:
        Silence.model_validate(raw)
    except ValidationError as e:
        out.extend(_pydantic_lines(e, file, label, set()))
    return out


def _load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), []
    except OSError as e:
        return None, [problem(path, "", "", None, f"cannot read: {e.strerror}")]
    except yaml.YAMLError as e:
        return None, [problem(path, "", "", None, f"not valid YAML: {' '.join(str(e).split())}")]


def check_subscriptions(
    path: Path,
    categories: Iterable[str],
    settings: Settings | None = None,
    net: Network | None = None,
    environ: Mapping[str, str] | None = None,
) -> Checked:
    """The subscriptions file: every entry, its silences and the delivery section."""
    net = net or Network(enabled=False)
    env = os.environ if environ is None else environ
    file = str(path)
    result = Checked()
    data, result.problems = _load_yaml(path)
    if result.problems:
        return result
    data = data or {}
    if not isinstance(data, dict):
        result.problems.append(problem(file, "", "", None, "expected a mapping at the top level"))
        return result
    cats = list(categories)
    subs = data.get("subscriptions") or []
    if not isinstance(subs, list):
        result.problems.append(problem(file, "", "subscriptions", None, "expected a list"))
        subs = []
    names: list[str] = []
    for i, raw in enumerate(subs):
        found, env_names = check_subscription(raw, i, file, cats, settings, net, env)
        result.problems.extend(found)
        result.env_names |= env_names
        name = raw.get("name") if isinstance(raw, dict) else None
        if isinstance(name, str):
            if name in names:
                result.problems.append(
                    problem(
                        file, f"subscription {name!r} (#{i + 1})", "name", name, "duplicate subscription name"
                    )
                )
            names.append(name)
    silences = data.get("silences") or []
    for i, raw in enumerate(silences if isinstance(silences, list) else []):
        result.problems.extend(check_silence(raw, f"silence #{i + 1}", file, cats, names))
    try:
        SubscriptionConfig.model_validate({**data, "subscriptions": [], "silences": []})
    except ValidationError as e:
        result.problems.extend(_pydantic_lines(e, file, "", set()))
    if not any(p.level == "error" for p in result.problems):
        result.config = SubscriptionConfig.model_validate(data)
    return result


def check_silences_file(
    path: Path, categories: Iterable[str], subscriptions: Iterable[str] | None
) -> list[Problem]:
    """``<config_dir>/silences.yaml`` (written by `newsalert silence add`), when present."""
    if not path.exists():
        return []
    data, found = _load_yaml(path)
    if found:
        return found
    items = (data or {}).get("silences", []) if isinstance(data or {}, dict) else None
    if not isinstance(items, list):
        return [problem(path, "", "silences", None, "expected 'silences: [...]'")]
    cats = list(categories)
    out = []
    for i, raw in enumerate(items):
        sid = raw.get("id") if isinstance(raw, dict) else None
        out.extend(check_silence(raw, f"silence {sid or '#' + str(i + 1)}", str(path), cats, subscriptions))
    return out


# --------------------------------------------------------------------------- routes test


def synthetic_alert(
    category: str,
    severity: str,
    *,
    country: str | None = None,
    keyword: str | None = None,
    source: str | None = None,
    version: int = 1,
    now: datetime,
) -> Alert:
    """An alert as the pipeline would emit it, with the given fields (for `routes test`)."""
    title = f"Test alert: {category}" + (f" ({keyword})" if keyword else "")
    return Alert(
        alert_id=f"routes-test:{version}",
        story_id="routes-test",
        version=version,
        update_reason="new" if version == 1 else "fatalities_rose",
        category=category,
        severity=Severity(severity),
        location=Location(country=country.upper() if country else None),
        title=title,
        first_seen=now,
        emitted_at=now,
        reports=[
            SourceReport(
                article_id="routes-test", source=source or "routes-test", title=title, published_at=now
            )
        ],
    )


def explain_routes(
    alert: Alert, config: SubscriptionConfig, now: datetime, silences: Iterable[Silence] = ()
) -> tuple[list[str], list[tuple[str, str]]]:
    """(subscriptions that would get `alert`, [(subscription, what stops it)]) with an empty
    routing memory (no cooldown or rate limit has been used yet)."""
    deliveries, _, reasons = route(alert, config, RoutingState(), now, extra_silences=silences)
    chosen = [d.subscription for d in deliveries]
    stopped = []
    for line in reasons:
        name, _, why = line.partition(": ")
        if name not in chosen:
            stopped.append((name, why.removeprefix("skipped: ")))
    return chosen, stopped
