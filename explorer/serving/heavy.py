"""Heavy work (training chunks, restarts, the loss landscape, fits, exports, making a data set,
reading an uploaded CSV, grading a lesson's Check) takes the heavy slot of its worker process:
that work holds the GIL most of the time, so a process gains nothing from running two at once,
and page loads and other quick requests keep the rest of its time.

The slot is shared fairly between clients (serving/clients.py: a page's signed cookie, else
the address). Each client may have a few requests waiting; when the slot
comes free it goes to the waiting client that has had the least of it lately (slot time,
halving every HALF_LIFE seconds), the earliest of equals first. So a student's live run is
served between a flooding client's chunks, not after them: the flooder's own requests queue
behind each other.

Only a few wait at a time: a queue of QUEUE_MAX leaves most of the process's threads to page
loads and other quick requests. A full queue makes room for a newcomer that has used the slot
less lately than the heaviest user waiting, who is refused instead. A request that finds no
place, or its client already waiting, or waits longer than HEAVY_WAIT, is refused: with 503
and Retry-After ("busy, try again"), which the page sends again after the pause (and nginx may
send to another machine); a training chunk answers "busy" instead, and the page asks again
after the pause for as long as it takes (a live run just waits). A client gone before its
turn (the page closed) loses its place: its work is not done for no one.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time

from flask import has_request_context, request
from werkzeug.exceptions import ServiceUnavailable

from tinynet.explorer.serving import workers
from tinynet.explorer.serving.clients import client_key

QUEUE_MAX = 8  # requests waiting for the slot, per process (of tuning.THREADS threads)
# Of them from one client: a page may ask for a few things at once (a Check as a lesson step's
# data is made, restarts beside a live run); from one address without cookies, a few more.
PER_CLIENT = 3
PER_ADDRESS = 4
HEAVY_WAIT = 1.0  # s: the longest wait in the queue (a chunk holds the slot about 0.1 s)
RETRY_AFTER = 1  # s
HALF_LIFE = 10.0  # s: how fast a client's use of the slot is forgotten
CLIENTS_KEPT = 2000  # clients whose use is remembered (the least used are forgotten first)


class Busy(ServiceUnavailable):
    description = "The server is busy training for others: the page tries again in a moment."


class Gone(ServiceUnavailable):
    description = "The page that asked for this has gone: the work was not done."


class _Ticket:
    __slots__ = ("client", "order", "granted", "event", "gone")

    def __init__(self, client: str, order: int, gone):
        self.client, self.order, self.gone = client, order, gone
        self.granted = False
        self.event = threading.Event()


class FairSlot:
    """One slot, handed on to the waiting client that has used it least lately."""

    def __init__(self, shared: bool = False):
        """`shared`: this process's slot, whose state the other workers see (workers.py)."""
        self._lock = threading.Lock()
        self._shared = shared
        self.on_change: list = []  # called when the slot is taken, and when it comes free
        self._busy = False
        self._waiting: list[_Ticket] = []
        self._used: dict[str, tuple[float, float]] = {}  # client -> (slot seconds, as of when)
        self._order = itertools.count()

    def _use(self, client: str, now: float) -> float:
        amount, when = self._used.get(client, (0.0, now))
        return amount * 0.5 ** ((now - when) / HALF_LIFE)

    def acquire(self, client: str, gone=None) -> None:
        """Take the slot for `client` (waiting at most HEAVY_WAIT), or raise Busy; `gone()`
        says whether the client has left (then Gone)."""
        with self._lock:
            ticket = None if not self._busy and not self._waiting else self._queue(client, gone)
            if ticket is None:
                self._busy = True
                self._tell(True)
        if ticket is None:
            for hook in list(self.on_change):
                hook()
            return
        ticket.event.wait(HEAVY_WAIT)
        with self._lock:
            if not ticket.granted:
                if ticket in self._waiting:  # else release() dropped it: its client had gone
                    self._waiting.remove(ticket)
                raise Busy(retry_after=RETRY_AFTER)
        if gone is not None and gone():
            self.release(client, 0.0)
            raise Gone()

    def _queue(self, client: str, gone) -> _Ticket:
        """A place in the queue for `client` (under the lock), or Busy."""
        mine = sum(t.client == client for t in self._waiting)
        if mine >= (PER_ADDRESS if client.startswith("address:") else PER_CLIENT):
            raise Busy(retry_after=RETRY_AFTER)
        if len(self._waiting) >= QUEUE_MAX:
            if not self._waiting:
                raise Busy(retry_after=RETRY_AFTER)
            # Full: the place goes to whichever has used the slot less lately, the newcomer
            # or the heaviest user waiting (who is told "busy").
            now = time.monotonic()
            worst = max(self._waiting, key=lambda t: (self._use(t.client, now), t.order))
            if self._use(worst.client, now) <= self._use(client, now):
                raise Busy(retry_after=RETRY_AFTER)
            self._waiting.remove(worst)
            worst.event.set()  # not granted: it answers busy
        ticket = _Ticket(client, next(self._order), gone)
        self._waiting.append(ticket)
        return ticket

    def waiting(self) -> int:
        with self._lock:
            return len(self._waiting)

    def release(self, client: str, seconds: float) -> None:
        """Give the slot back after `seconds` of use: to the next client in fair order."""
        now = time.monotonic()
        with self._lock:
            self._used[client] = (self._use(client, now) + seconds, now)
            if len(self._used) > CLIENTS_KEPT:
                for name, _ in sorted(self._used.items(), key=lambda kv: kv[1][0])[
                    : CLIENTS_KEPT // 4
                ]:
                    del self._used[name]
            while self._waiting:
                ticket = min(self._waiting, key=lambda t: (self._use(t.client, now), t.order))
                self._waiting.remove(ticket)
                if ticket.gone is not None and ticket.gone():
                    ticket.event.set()  # it finds itself not granted: Busy, to no one
                    continue
                ticket.granted = True
                ticket.event.set()
                return
            self._busy = False
            self._tell(False)
        for hook in list(self.on_change):
            hook()

    def _tell(self, busy: bool) -> None:
        if self._shared:
            workers.set_busy(busy)

    def send_elsewhere(self) -> bool:
        """Should new connections go to another worker? This slot is taken, and another
        process of the server has its own free."""
        with self._lock:
            mine = self._busy or bool(self._waiting)
        return mine and self._shared and workers.idle_elsewhere()


SLOT = FairSlot(shared=True)


def _asker():
    """The requesting client and how to tell that it has gone (waitress says, when its
    connection closes), or a client of its own outside a request (a script, a test)."""
    if not has_request_context():
        return "local", None
    gone = request.environ.get("waitress.client_disconnected")
    return client_key(), gone if callable(gone) else None


@contextlib.contextmanager
def heavy_slot():
    client, gone = _asker()
    SLOT.acquire(client, gone)
    start = time.monotonic()
    try:
        yield
    finally:
        SLOT.release(client, time.monotonic() - start)
