"""One process with waitress: `tinynet serve` without --workers, and on Windows (no fork)."""

from __future__ import annotations

import contextlib
import threading
import time

from tinynet.explorer.serving.security import HEADERS
from tinynet.explorer.serving.tuning import THREADS, tune_process

CONNECTIONS = 1000
BODY_MAX = 4 * 1024 * 1024
# A request must arrive whole within this many seconds of its first byte. waitress drops only
# silent connections (channel_timeout); a client sending a byte every few seconds would hold
# its slot, and a body's temporary file, for ever, and 1,000 of them lock a worker out.
# (4 MB, the largest body, in 30 s needs about 1.1 Mbit/s.)
REQUEST_DEADLINE = 30.0
CLEANUP_INTERVAL = 5  # s between waitress's checks of its connections
DEFER_MAX = 2.0  # s a busy worker leaves new connections to one that looks idle, at most


def _error_task():
    from waitress.task import ErrorTask

    class PlainErrorTask(ErrorTask):
        """waitress's own error answers (a body over the limit, a malformed request) with the
        app's security headers and one plain sentence, not waitress's internal names."""

        def execute(self):
            error = self.request.error
            self.status = f"{error.code} {error.reason}"
            self.response_headers.extend(
                [("Content-Type", "text/plain; charset=utf-8"), *HEADERS.items()]
            )
            self.set_close_on_finish()
            body = f"{error.reason}: the request could not be taken.\r\n".encode()
            self.content_length = len(body)
            self.write(body)

    return PlainErrorTask


def make_server(
    wsgi,
    *,
    host=None,
    port=None,
    sockets=None,
    threads=THREADS,
    body_max=BODY_MAX,
    deadline=REQUEST_DEADLINE,
    cleanup_interval=CLEANUP_INTERVAL,
):
    """A waitress server (not yet running) on host:port or on listening `sockets`."""
    from waitress.channel import HTTPChannel
    from waitress.server import create_server

    class Channel(HTTPChannel):
        error_task_class = _error_task()
        arriving_since = None  # time.monotonic() of the first byte of a half-read request

        def received(self, data):
            if data and self.request is None and self.arriving_since is None:
                self.arriving_since = time.monotonic()
            done = super().received(data)
            if self.request is None:  # nothing half-read is left
                self.arriving_since = None
            return done

    where = {"sockets": sockets} if sockets else {"host": host, "port": port}
    server = create_server(
        wsgi,
        threads=threads,
        max_request_body_size=body_max,
        ident="tinynet",
        clear_untrusted_proxy_headers=True,
        # waitress reads requests in its own loop, so a half-sent request holds no thread,
        # only a connection slot: slots for a class many times over, and an idle or half-sent
        # connection is dropped after 20 s (waitress's default is 120 s).
        channel_timeout=20,
        cleanup_interval=cleanup_interval,
        connection_limit=CONNECTIONS,
        # Keep reading a connection while its request runs, so that a client that closes it
        # is noticed (waitress.client_disconnected): its place in the heavy slot's queue is
        # given up instead of its work being done for no one (serving/heavy.py).
        channel_request_lookahead=1,
        **where,
    )
    for dispatcher in listeners(server):
        dispatcher.channel_class = Channel
        dispatcher.maintenance = _with_deadline(dispatcher, deadline)
        dispatcher.readable = _idle_first(dispatcher)
    return server


def _idle_first(dispatcher):
    """Take no new connection while this process's heavy slot is busy and another worker's
    is free (serving/workers.py): that worker takes it. When the slot is taken or comes free,
    the loop is woken to decide again at once (it may be waiting on the sockets it chose
    before)."""
    from tinynet.explorer.serving.heavy import SLOT

    original = dispatcher.readable

    def wake():
        if not dispatcher.accepting:  # stopping or closed: its loop has nothing to decide
            return
        with contextlib.suppress(AttributeError, OSError, ValueError):  # a server closed since
            dispatcher.trigger.pull_trigger()

    SLOT.on_change.append(wake)
    since = [None]  # when this process began to leave new connections to another

    def readable():
        if not SLOT.send_elsewhere():
            since[0] = None
            return original()
        # Never for long: a worker that looks idle may not be taking them (killed and not yet
        # found dead, or stalled); after DEFER_MAX this one takes them again. (The loop looks
        # again at least once a second, its select's timeout.)
        now = time.monotonic()
        since[0] = since[0] if since[0] is not None else now
        return original() and now - since[0] >= DEFER_MAX

    return readable


def listeners(server) -> list:
    """One server per listening socket: the server itself, or those of a MultiSocketServer."""
    from waitress.server import BaseWSGIServer

    dispatchers = [server] if isinstance(server, BaseWSGIServer) else server.map.values()
    return [d for d in list(dispatchers) if isinstance(d, BaseWSGIServer)]


def drain(server, timeout: float) -> bool:
    """A graceful stop (gunicorn's SIGTERM, and SIGHUP's reload): take no new connections
    (another worker, or the new ones, take them from the shared socket) and wait, at most
    `timeout` seconds, until every request already received has been answered and sent.
    True when nothing was left in flight. The caller closes the server afterwards."""
    dispatchers = listeners(server)
    for dispatcher in dispatchers:
        dispatcher.accepting = False
    end = time.monotonic() + timeout
    pause = threading.Event()
    while True:
        busy = any(
            channel.requests or channel.total_outbufs_len
            for dispatcher in dispatchers
            for channel in list(dispatcher.active_channels.values())
        )
        if not busy:
            return True
        if time.monotonic() > end:
            return False
        pause.wait(0.05)


def _with_deadline(dispatcher, deadline: float):
    """waitress's maintenance (silent connections closed) plus: a connection whose request has
    been arriving for longer than `deadline` seconds is closed, its temporary file with it."""
    original = dispatcher.maintenance

    def maintenance(now):
        original(now)
        cutoff = time.monotonic() - deadline
        for channel in list(dispatcher.active_channels.values()):
            since = getattr(channel, "arriving_since", None)
            if since is not None and since < cutoff:
                channel.will_close = True

    return maintenance


def run(wsgi, host: str, port: int, threads: int, body_max: int) -> None:
    """Serve until stopped (Ctrl+C)."""
    tune_process()
    make_server(wsgi, host=host, port=port, threads=threads or THREADS, body_max=body_max).run()
