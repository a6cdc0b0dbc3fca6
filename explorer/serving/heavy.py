"""Heavy work (training chunks, restarts, the loss landscape, fits, exports, making a data set,
reading an uploaded CSV, grading a lesson's Check) takes the heavy slot of its worker process:
that work holds the GIL most of the time, so a process gains nothing from running two at once,
and page loads and other quick requests keep the rest of its time.

Requests queue for the slot, but only a few at a time: a queue of QUEUE_MAX is at most about
half a second of chunks, and leaves most of the process's threads to page loads and other quick
requests. A request that finds the queue full, or waits longer than HEAVY_WAIT, is refused at
once: with 503 and Retry-After ("busy, try again"), which the page sends again after the pause
(and nginx may send to another machine); a training chunk answers "busy" instead, and the page
asks again after the pause for as long as it takes (a live run just waits). So a crowd of heavy
requests never holds the threads everyone else needs, and an ordinary class is queued, not
turned away.
"""

from __future__ import annotations

import contextlib
import threading

from werkzeug.exceptions import ServiceUnavailable

HEAVY_SLOTS = threading.BoundedSemaphore(1)
QUEUE_MAX = 8  # requests waiting for the slot, per process (of tuning.THREADS threads)
HEAVY_WAIT = 1.0  # s: the longest wait in the queue (a chunk holds the slot about 0.1 s)
RETRY_AFTER = 1  # s

_queue = threading.Lock()
_waiting = 0


class Busy(ServiceUnavailable):
    description = "The server is busy training for others: the page tries again in a moment."


@contextlib.contextmanager
def heavy_slot():
    global _waiting
    if not HEAVY_SLOTS.acquire(blocking=False):
        with _queue:
            if _waiting >= QUEUE_MAX:
                raise Busy(retry_after=RETRY_AFTER)
            _waiting += 1
        try:
            got = HEAVY_SLOTS.acquire(timeout=HEAVY_WAIT)
        finally:
            with _queue:
                _waiting -= 1
        if not got:
            raise Busy(retry_after=RETRY_AFTER)
    try:
        yield
    finally:
        HEAVY_SLOTS.release()
