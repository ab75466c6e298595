#!/usr/bin/env python3
"""The chaos suite, long version (issue #16): faults injected against losses and duplicates.

    python -m bench.chaos --rounds 3 --out bench/results/chaos.md     (from the checkout's root)

Each round runs every scenario of newsalert.chaos with the long settings (more messages, more
kills, a 60 s broker outage) on real `newsalert worker` processes: the namespaces on the shared
broker (NEWSALERT_KAFKA_BROKER, default 127.0.0.1:9092), the broker outage on a broker of its own
(scripts/kafka-local on free ports, data in a temp folder; the shared broker is never stopped).
Prints a table (rich) of faults injected against losses, duplicates and failed checks per
scenario and round, then the failed checks' details; writes the same as Markdown to --out (or
stdout with --out -). Every namespace's topics and workers are removed at the end, also on Ctrl-C;
--keep keeps the temp folder (worker logs, JSONL deliveries).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsalert.chaos import (
    FAST_COMMITS,
    Result,
    bad_input_flood,
    broker_outage,
    far_future,
    kill_storm,
    webhook_outage,
)
from newsalert.testing import Namespace, broker_up

console = Console(stderr=True, highlight=False)
if not console.is_terminal:
    console.width = 160
SCENARIOS = ("bad", "kill", "outage", "webhook", "future")
COLUMNS = ("round", "scenario", "faults injected", "lost", "duplicated", "tolerated", "failed checks", "s")


class Namespaces:
    """A factory of namespaces in one folder, all closed by `close`."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.made: list[Namespace] = []

    def __call__(self, **kwargs: Any) -> Namespace:
        ns = Namespace(self.folder / f"ns{len(self.made)}", env_extra=FAST_COMMITS, **kwargs)
        self.made.append(ns)
        return ns

    def close(self) -> None:
        while self.made:
            self.made.pop().close()


def scenario_runs(
    args: argparse.Namespace, folder: Path, make: Namespaces
) -> dict[str, Callable[[], Result]]:
    # a retry budget that outlasts the receiver's outage (the default gives up after ~16 s)
    budget = max(300, 4 * args.webhook_outage)
    retry = f"{{initial: 0.5, max_wait: 5, max_attempts: 60, max_elapsed: {budget:.0f}}}"
    return {
        "bad": lambda: bad_input_flood(make(), per_kind=args.per_kind, good=100),
        "kill": lambda: kill_storm(
            make(), events=args.events, filler=args.filler, kills=args.kills, workers=2, seed=args.seed
        ),
        "outage": lambda: broker_outage(folder / "outage", outage=args.outage, events=40, filler=400),
        "webhook": lambda: asyncio.run(
            webhook_outage(make, outage=args.webhook_outage, events=40, seed=args.seed, retry=retry)
        ),
        "future": lambda: far_future(make(), events=20, filler=200, seed=args.seed),
    }


def row(rnd: int, r: Result) -> list[str]:
    failed = ", ".join(c.name for c in r.failed) or "-"
    return [
        str(rnd),
        r.scenario,
        f"{r.faults} x {r.fault_kind}",
        str(r.losses),
        str(r.duplicates),
        str(r.tolerated),
        failed,
        f"{r.seconds:.0f}",
    ]


def markdown(rows: list[list[str]], results: list[tuple[int, Result]], args: argparse.Namespace) -> str:
    out = [
        f"# Chaos suite, {args.rounds} round(s), {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        "",
        f"`python -m bench.chaos {' '.join(sys.argv[1:])}`",
        "",
        "| " + " | ".join(COLUMNS) + " |",
        "|" + "---|" * len(COLUMNS),
    ]
    out += ["| " + " | ".join(c.replace("|", "\\|") for c in r) + " |" for r in rows]
    failed = [(rnd, r, c) for rnd, r in results for c in r.failed]
    if failed:
        out += ["", "## Failed checks", ""]
        out += [f"- round {rnd}, {r.scenario}: **{c.name}**: {c.detail}" for rnd, r, c in failed]
    return "\n".join(out) + "\n"


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--only", default=",".join(SCENARIOS), help=f"comma-separated subset of {SCENARIOS}")
    p.add_argument("--per-kind", type=int, default=10, help="malformed messages of each kind (45 kinds)")
    p.add_argument("--events", type=int, default=300, help="distinct events in the SIGKILL storm")
    p.add_argument("--filler", type=int, default=2000, help="ordinary articles in the SIGKILL storm")
    p.add_argument("--kills", type=int, default=10, help="SIGKILLs per storm")
    p.add_argument("--outage", type=float, default=60.0, help="seconds the broker is stopped")
    p.add_argument("--webhook-outage", type=float, default=30.0, help="seconds the receiver is off")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--out", default="-", help="Markdown file (- = stdout)")
    p.add_argument("--keep", action="store_true", help="keep the temp folder (worker logs)")
    args = p.parse_args()
    if not broker_up():
        console.print("no Kafka broker answers (start it with scripts/kafka-local start)")
        return 2
    only = [s for s in args.only.split(",") if s]
    rows: list[list[str]] = []
    results: list[tuple[int, Result]] = []
    root = Path(tempfile.mkdtemp(prefix="newsalert-chaos-"))
    try:
        for rnd in range(1, args.rounds + 1):
            for name in only:
                folder = root / f"r{rnd}-{name}"
                make = Namespaces(folder)
                t0 = time.monotonic()
                console.print(f"round {rnd}: {name} ...")
                try:
                    r = scenario_runs(args, folder, make)[name]()
                except Exception as e:  # the run itself failed (no broker, ...): a row that says so
                    r = Result(name, fault_kind="run failed")
                    r.check("the scenario ran", False, f"{type(e).__name__}: {str(e)[:300]}")
                    r.seconds = time.monotonic() - t0
                finally:
                    make.close()
                args.seed += 1
                results.append((rnd, r))
                rows.append(row(rnd, r))
                console.print(r.report() if not r.ok else f"  ok: {r.report().splitlines()[0]}")
    except KeyboardInterrupt:
        console.print("interrupted: the table holds the finished scenarios")
    finally:
        if args.keep:
            console.print(f"kept {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    table = Table(title="chaos: faults injected against losses and duplicates")
    for c in COLUMNS:
        table.add_column(c, overflow="fold")
    for cells in rows:
        table.add_row(*cells)
    console.print(table)
    text = markdown(rows, results, args)
    if args.out == "-":
        sys.stdout.write(text)
    else:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text)
        console.print(f"wrote {args.out}")
    return 0 if all(r.ok for _, r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
