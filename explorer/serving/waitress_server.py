"""One process with waitress: `tinynet serve` without --workers, and on Windows (no fork)."""

from __future__ import annotations

from tinynet.explorer.serving.security import HEADERS
from tinynet.explorer.serving.tuning import THREADS, tune_process

CONNECTIONS = 1000
BODY_MAX = 4 * 1024 * 1024


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


def make_server(wsgi, *, host=None, port=None, sockets=None, threads=THREADS, body_max=BODY_MAX):
    """A waitress server (not yet running) on host:port or on listening `sockets`."""
    from waitress.channel import HTTPChannel
    from waitress.server import BaseWSGIServer, create_server

    class Channel(HTTPChannel):
        error_task_class = _error_task()

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
        connection_limit=CONNECTIONS,
        **where,
    )
    # One server per listening socket: the server itself, or those of a MultiSocketServer.
    dispatchers = [server] if isinstance(server, BaseWSGIServer) else server.map.values()
    for dispatcher in list(dispatchers):
        if isinstance(dispatcher, BaseWSGIServer):
            dispatcher.channel_class = Channel
    return server


def run(wsgi, host: str, port: int, threads: int, body_max: int) -> None:
    """Serve until stopped (Ctrl+C)."""
    tune_process()
    make_server(wsgi, host=host, port=port, threads=threads or THREADS, body_max=body_max).run()
