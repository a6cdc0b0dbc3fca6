"""Heavy work (training chunks, restarts, the loss landscape, fits, exports) takes the heavy
slot of its worker process: training holds the GIL most of the time, so a process gains nothing
from running two at once. A request that cannot get the slot within HEAVY_WAIT is refused at
once with 503 and Retry-After ("busy, try again"): the page sends it again after the pause, and
nginx may send it to another machine. So a crowd of heavy requests never holds the threads
that page loads and other quick requests need."""

from __future__ import annotations

import contextlib
import threading

from werkzeug.exceptions import ServiceUnavailable

HEAVY_SLOTS = threading.BoundedSemaphore(1)
HEAVY_WAIT = 0.3  # s
RETRY_AFTER = 1  # s


class Busy(ServiceUnavailable):
    description = "The server is busy training for others: the page tries again in a moment."


@contextlib.contextmanager
def heavy_slot():
    if not HEAVY_SLOTS.acquire(timeout=HEAVY_WAIT):
        raise Busy(retry_after=RETRY_AFTER)
    try:
        yield
    finally:
        HEAVY_SLOTS.release()
