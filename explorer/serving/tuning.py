"""Settings every serving process takes, whichever server runs it."""

from __future__ import annotations

import sys

# Threads per process: enough that quick requests (page loads, data sets, links) find a free
# thread while training requests wait for one of training.actions.HEAVY_SLOTS.
THREADS = 16
SWITCH_INTERVAL = 0.001  # s: a quick request gets the GIL from a training thread sooner


def tune_process() -> None:
    """One BLAS thread per process (the processes already use every core, and BLAS threads of
    two processes spinning against each other made every request slower under load), and a
    short GIL switch interval."""
    from threadpoolctl import threadpool_limits  # comes with scikit-learn

    threadpool_limits(1)
    sys.setswitchinterval(SWITCH_INTERVAL)
