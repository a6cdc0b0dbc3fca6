"""One process with waitress: `tinynet serve` without --workers, and on Windows (no fork)."""

from __future__ import annotations

from tinynet.explorer.serving.security import HEADERS
from tinynet.explorer.serving.tuning import THREADS, tune_process


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


def run(wsgi, host: str, port: int, threads: int, body_max: int) -> None:
    """Serve until stopped (Ctrl+C)."""
    from waitress.channel import HTTPChannel
    from waitress.server import create_server

    tune_process()

    class Channel(HTTPChannel):
        error_task_class = _error_task()

    server = create_server(
        wsgi,
        host=host,
        port=port,
        threads=threads or THREADS,
        max_request_body_size=body_max,
        ident="tinynet",
        clear_untrusted_proxy_headers=True,
        # Idle or half-sent connections are dropped after this long, so a crowd of them
        # cannot hold every connection slot for minutes (waitress's default is 120 s).
        channel_timeout=20,
    )
    server.channel_class = Channel
    server.run()
