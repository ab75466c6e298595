"""Every concrete command the docs give parses: its module exists and takes the options as
written. Command lines with placeholders (FILE, N, [--opt], a|b, ...) are templates and are left
out; the rest are parsed by the command's own argparse parser, which is stopped before it runs.
Prose names a command without its required values ("`newsalert ingest` them"): a missing
argument passes, an unknown option or a value outside the choices fails."""

from __future__ import annotations

import argparse
import re
import runpy
import shlex
from pathlib import Path

import pytest

from newsalert.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
DOCS = [*sorted((ROOT / "docs").glob("*.md")), ROOT / "README.md", ROOT / "bench" / "README.md"]
SCRIPT = re.compile(r"python (?:-m ((?:tools|bench)\.\w+)|(bench/\w+)\.py)((?: [^`|#\n]*)?)")
PLACEHOLDER = re.compile(r"^[A-Z][A-Z_]*(\.\w+)?$")  # FILE, N, OOF.jsonl
CLI = re.compile(r"`(newsalert(?: [^`]*)?)`")


def template(args: str) -> bool:
    """A command line with placeholders or alternatives, not one to run as written."""
    if any(s in args for s in ("[", "|", "...", "…", "<")):
        return True
    return any(PLACEHOLDER.match(w) for w in args.split())


def script_commands() -> list[tuple[str, str, list[str]]]:
    out = set()
    for doc in DOCS:
        for m in SCRIPT.finditer(doc.read_text(encoding="utf-8")):
            mod = m.group(1) or m.group(2).replace("/", ".")
            args = m.group(3).strip().rstrip(".,;:)")
            if not template(args):
                out.add((doc.name, mod, args))
    return sorted((d, mod, shlex.split(a)) for d, mod, a in out)


def label(v: object) -> str:
    return " ".join(v) if isinstance(v, list) else str(v)


def cli_commands() -> list[tuple[str, list[str]]]:
    out = set()
    for doc in DOCS:
        for m in CLI.finditer(doc.read_text(encoding="utf-8")):
            line = m.group(1)
            if not template(line.removeprefix("newsalert")):
                out.add((doc.name, line))
    return sorted((d, shlex.split(c)[1:]) for d, c in out)


MENTION = ("the following arguments are required", "expected one argument")


def fails(err: str) -> bool:
    """argparse's message is more than a bare mention of the command missing its values."""
    return not any(m in err for m in MENTION)


class Parsed(Exception):
    """Raised in place of running the command, once its arguments parsed."""


def test_the_docs_hold_commands_of_both_kinds():
    assert len(script_commands()) > 20
    assert len(cli_commands()) > 10
    assert not template("--split frozen --kinds")
    assert template("--rounds N") and template("[--no-model]") and template("list|replay")
    assert fails("error: argument --call: invalid choice: 'add'")
    assert fails("error: unrecognized arguments: --nope")
    assert not fails("error: the following arguments are required: paths")


@pytest.mark.parametrize(("doc", "module", "argv"), script_commands(), ids=label)
def test_a_script_command_in_the_docs_parses(doc, module, argv, monkeypatch, capsys):
    def stop(self, args=None, namespace=None):
        ns, extra = self.parse_known_args(args, namespace)
        if extra:
            self.error(f"unrecognized arguments: {' '.join(extra)}")
        raise Parsed(ns)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", stop)
    monkeypatch.setattr("sys.argv", [module, *argv])
    try:
        runpy.run_module(module, run_name="__main__")
    except Parsed:
        return
    except SystemExit:
        err = capsys.readouterr().err
        assert not fails(err), f"{doc}: `python -m {module} {' '.join(argv)}` does not parse: {err}"
        return
    pytest.fail(f"{module} ran without parsing its arguments with argparse")


@pytest.mark.parametrize(("doc", "argv"), cli_commands(), ids=label)
def test_a_newsalert_command_in_the_docs_parses(doc, argv, capsys):
    try:
        build_parser().parse_args(argv)
    except SystemExit:
        err = capsys.readouterr().err
        assert not fails(err), f"{doc}: `newsalert {' '.join(argv)}` does not parse: {err}"
