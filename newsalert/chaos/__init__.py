"""The chaos suite's engine (issue #16: nothing lost, nothing repeated, nothing destroyed).

Scenarios run real `newsalert worker` processes on a real broker, inject faults and check the
outcome against ground truth:

- ``bad_input_flood``: malformed messages of 45 kinds (corpus.MALFORMED);
- ``kill_storm``: SIGKILLs of the workers while distinct events stream in;
- ``broker_outage``: a broker of the scenario's own stopped and started again under a worker;
- ``webhook_outage``: a signed webhook receiver switched off and on again;
- ``far_future``: one article published in 2099 among ongoing events.

Each returns a ``Result`` (faults injected, losses, duplicates, checks). tests/test_chaos.py runs the
short version, bench/chaos.py the long one.
"""

from newsalert.chaos.checks import Check, Result
from newsalert.chaos.scenarios import (
    FAST_COMMITS,
    bad_input_flood,
    broker_outage,
    far_future,
    kill_storm,
    webhook_outage,
)

__all__ = [
    "FAST_COMMITS",
    "Check",
    "Result",
    "bad_input_flood",
    "broker_outage",
    "far_future",
    "kill_storm",
    "webhook_outage",
]
