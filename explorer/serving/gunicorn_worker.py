"""A gunicorn worker that serves with waitress. gunicorn supervises the processes (replaces a
worker that dies or stops answering, restarts them gracefully); in each process waitress's own
loop reads requests before a thread runs the app, so a crowd of slow or half-sent requests
holds connection slots (1,000 a worker, dropped after 20 s of silence), never the threads
that answer everyone else. (gunicorn's threaded worker gives a thread to every request it has
started to read: 230 half-sent requests locked out every user.)"""

from __future__ import annotations

import threading

from gunicorn.workers.base import Worker

from tinynet.explorer.limits import REQUEST_MAX_BYTES
from tinynet.explorer.serving import waitress_server


class WaitressWorker(Worker):
    def run(self) -> None:
        server = waitress_server.make_server(
            self.wsgi,
            sockets=[s.sock for s in self.sockets],
            threads=self.cfg.threads,
            body_max=REQUEST_MAX_BYTES,
        )
        loop = threading.Thread(target=server.run, name="waitress", daemon=True)
        loop.start()
        # gunicorn's heartbeat: a worker that stops calling notify() is replaced.
        while self.alive and loop.is_alive():
            self.notify()
            loop.join(timeout=min(1.0, self.timeout / 2))
        # Told to stop (SIGTERM, or a reload's SIGHUP to the master): the requests in flight
        # are answered first, within gunicorn's graceful timeout.
        if loop.is_alive():
            waitress_server.drain(server, max(0.5, self.cfg.graceful_timeout - 1.0))
        server.close()
