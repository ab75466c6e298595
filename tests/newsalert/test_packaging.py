"""newsalert installs anywhere: a wheel built from this tree, installed into a fresh virtualenv,
runs from another folder with no checkout on its path, with the configs it ships."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def test_the_package_list_matches_the_tree():
    """pyproject lists the packages by hand (three are mapped data folders): none is forgotten."""
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(conf["packages"])
    mapped = set(conf["package-dir"])
    found = {
        ".".join(p.parent.relative_to(ROOT).parts)
        for top in ("newsalert", "streams", "alerts")
        for p in (ROOT / top).rglob("__init__.py")
    }
    assert listed - mapped == found
    for pkg, folder in conf["package-dir"].items():
        assert (ROOT / folder).is_dir(), pkg


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv (no system site-packages) with the wheel `pip wheel .` builds."""
    tmp = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp), str(ROOT)],
        capture_output=True,
        text=True,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = tmp.glob("newsalert-*.whl")
    env_dir = tmp / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    inst = subprocess.run(
        [str(py), "-m", "pip", "install", "-q", "--disable-pip-version-check", str(wheel)],
        capture_output=True,
        text=True,
    )
    assert inst.returncode == 0, inst.stderr[-3000:]
    return env_dir


def run_installed(
    env_dir: Path, cwd: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "NEWSALERT_", "VIRTUAL_ENV"))}
    env["PATH"] = f"{env_dir / 'bin'}:{env['PATH']}"
    return subprocess.run(
        [str(env_dir / "bin" / "newsalert"), *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )


def test_wheel_classifies_a_seed_from_another_folder(installed: Path, tmp_path: Path):
    seed = tmp_path / "seed.jsonl"
    seed.write_bytes((ROOT / "seeds" / "articles.jsonl").read_bytes())
    out = run_installed(installed, tmp_path, "classify", str(seed))
    assert out.returncode == 0, out.stderr
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    by_id = {r["id"]: r for r in rows}
    kadhimi = [r for i, r in by_id.items() if "kadhimi" in i]
    assert kadhimi and all(r["category"] == "assassination_attempt" for r in kadhimi)
    assert any(r["category"] is None for r in rows)  # the ordinary news raises nothing
    # the code that ran is the installed copy, not this checkout
    where = subprocess.run(
        [
            str(installed / "bin" / "python"),
            "-c",
            "import streams, newsalert; print(streams.__file__, newsalert.__file__)",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert str(installed) in where.stdout and str(ROOT) not in where.stdout, where.stdout


def test_wheel_dedups_and_writes_editable_configs(installed: Path, tmp_path: Path):
    seed = ROOT / "seeds" / "articles.jsonl"
    out = run_installed(installed, tmp_path, "dedup", stdin=seed.read_text())
    assert out.returncode == 0, out.stderr
    stories = {json.loads(line)["story_id"] for line in out.stdout.splitlines()}
    assert 1 < len(stories) < len(out.stdout.splitlines())  # the Kadhimi reports share one story

    out = run_installed(installed, tmp_path, "init", "conf")
    assert out.returncode == 0, out.stderr
    names = sorted(p.name for p in (tmp_path / "conf").iterdir())
    assert names == [
        "categories.yaml",
        "feeds.yaml",
        "hazards.yaml",
        "rules.es.yaml",
        "rules.fr.yaml",
        "rules.yaml",
        "settings.yaml",
        "subscriptions.yaml",
    ]
    assert (tmp_path / "conf" / "rules.yaml").read_bytes() == (ROOT / "config" / "rules.yaml").read_bytes()
    again = run_installed(installed, tmp_path, "init", "conf")
    assert again.returncode != 0 and "--force" in again.stderr

    version = run_installed(installed, tmp_path, "--version")
    assert version.returncode == 0 and version.stdout.startswith("newsalert ")


def test_wheel_ships_the_broker_script(installed: Path, tmp_path: Path):
    out = run_installed(installed, tmp_path, "broker", "--help")
    assert out.returncode == 0 and "fetch" in out.stdout
    (script,) = installed.glob("lib/python*/site-packages/newsalert/scripts/kafka-local")
    assert (script.parent / "kafka" / "pom.xml").is_file()
