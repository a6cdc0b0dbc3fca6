"""Serving with waitress: a production WSGI server that also runs on a Windows laptop.

`--workers N` on Linux and macOS: one listening socket, N worker processes forked from a small
supervisor, each a waitress server on that socket. The app keeps no state between requests, so
any worker can answer any request; a worker that dies is started again. On Windows (no fork)
one process serves with N times the threads.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import sys
import time

# Threads per worker: enough that quick requests find a free thread while training requests
# wait for one of training.HEAVY_SLOTS.
THREADS = 16
SWITCH_INTERVAL = 0.001  # s: a quick request gets the GIL from a training thread sooner
RESTART_PAUSE = 0.5  # s between restarts of a crashing worker, so a bad loop cannot spin


def _waitress(wsgi, sock: socket.socket | None, host: str, port: int, threads: int, body_max: int):
    from threadpoolctl import threadpool_limits  # comes with scikit-learn
    from waitress import serve

    sys.setswitchinterval(SWITCH_INTERVAL)
    # One BLAS thread per process: the workers already use every core, and BLAS threads
    # spinning against each other's processes made every request slower under load.
    threadpool_limits(1)

    where = {"sockets": [sock]} if sock is not None else {"host": host, "port": port}
    serve(
        wsgi,
        threads=threads,
        max_request_body_size=body_max,
        ident="tinynet",
        clear_untrusted_proxy_headers=True,
        **where,
    )


def _start_worker(wsgi, sock, threads: int, body_max: int) -> int:
    pid = os.fork()
    if pid == 0:  # the worker
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            _waitress(wsgi, sock, "", 0, threads, body_max)
        finally:
            os._exit(0)
    return pid


def run(wsgi, host: str, port: int, workers: int, body_max: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM); with workers > 1, supervise the workers."""
    if workers <= 1 or not hasattr(os, "fork"):
        if workers > 1:
            print(f"tinynet serve: one process with {workers * THREADS} threads (no fork here)")
        _waitress(wsgi, None, host, port, THREADS * max(workers, 1), body_max)
        return
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.create_server((host, port), family=family, backlog=1024)
    children = {_start_worker(wsgi, sock, THREADS, body_max) for _ in range(workers)}
    stopping = False

    def stop(_signum, _frame):
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):  # it may have just exited
                os.kill(pid, signal.SIGTERM)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    while children:
        try:
            pid, status = os.wait()
        except ChildProcessError:
            break
        except InterruptedError:
            continue
        children.discard(pid)
        if not stopping:
            print(
                f"tinynet serve: worker {pid} stopped ({status}); starting another",
                file=sys.stderr,
                flush=True,
            )
            time.sleep(RESTART_PAUSE)
            children.add(_start_worker(wsgi, sock, THREADS, body_max))
    sock.close()
