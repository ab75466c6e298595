"""docker-compose.yml: valid for Debian's docker-compose, config mounted as a volume, secrets from
an optional .env, a health check for every service, /metrics on every interface in the container."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import yaml

from streams.settings import REPO_ROOT

COMPOSE = REPO_ROOT / "docker-compose.yml"


def services() -> dict:
    return yaml.safe_load(COMPOSE.read_text())["services"]


@pytest.mark.skipif(
    shutil.which("docker-compose") is None, reason="no docker-compose (apt-get install docker-compose)"
)
def test_docker_compose_config_is_valid(tmp_path):
    # without a .env: the secrets are optional
    out = subprocess.run(
        ["docker-compose", "-f", str(COMPOSE), "config", "-q"], capture_output=True, text=True, timeout=60
    )
    assert out.returncode == 0, out.stderr


def test_worker_reads_config_from_a_volume_and_secrets_from_the_environment():
    worker = services()["worker"]
    env = worker["environment"]
    assert env["NEWSALERT_CONFIG_DIR"] == "/config"
    assert "./config:/config" in worker["volumes"]
    assert env["NEWSALERT_METRICS_HOST"] == "0.0.0.0"
    assert env["NEWSALERT_SLACK_WEBHOOK_URL"] == "${NEWSALERT_SLACK_WEBHOOK_URL:-}"


def test_every_service_has_a_health_check():
    for name, svc in services().items():
        assert svc.get("healthcheck", {}).get("test"), name
