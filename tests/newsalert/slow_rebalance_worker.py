"""`newsalert worker` with a widened rebalance window, for tests/newsalert/test_pipeline_broker.py.

Faust takes a worker's partitions out of its fetch set a moment after a new assignment (after
`AgentManager.on_rebalance`), while the flow is stopped. A fetch that returns records of a
just-assigned partition in that moment is dropped, and Faust seeks back to the committed offsets
to read them again. The moment is a few milliseconds long, so a test hits it rarely; this worker
sleeps `NEWSALERT_TEST_REBALANCE_DELAY` seconds (default 0.4) at the start of that step, which
makes the race happen on nearly every rebalance. Everything else is the real worker.

Run as `python -m tests.newsalert.slow_rebalance_worker worker ...` (the same arguments as `newsalert`).
"""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Any

from faust.agents.manager import AgentManager

from newsalert.cli import main

_on_rebalance = AgentManager.on_rebalance


async def _slow_on_rebalance(self: AgentManager, revoked: Any, newly_assigned: Any) -> None:
    await asyncio.sleep(float(os.environ.get("NEWSALERT_TEST_REBALANCE_DELAY", "0.4")))
    await _on_rebalance(self, revoked, newly_assigned)


AgentManager.on_rebalance = _slow_on_rebalance  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main())
