"""`tinynet serve --workers N`: gunicorn workers on one socket; a killed worker is replaced and
the service answers throughout; Ctrl+C (SIGTERM) stops them all; a stopped and restarted
server answers exactly as before."""

import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest
from servers import ARTIFACTS, Callbacks, start_server, stop_server

from tinynet.explorer.limits import REQUEST_MAX_BYTES

LINK = "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0&activation=relu"


def workers_of(proc: subprocess.Popen) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True)
    return {int(p) for p in out.stdout.split()}


@pytest.mark.skipif(not hasattr(os, "fork"), reason="gunicorn's workers need fork")
def test_a_killed_worker_is_replaced_and_requests_keep_succeeding():
    proc, port = start_server(ARTIFACTS / "workers.log", "--workers", "2")
    try:
        page = Callbacks(f"http://127.0.0.1:{port}")
        first = workers_of(proc)
        assert len(first) == 2
        assert page.make_data(120) == 120
        os.kill(min(first), signal.SIGKILL)
        for k in range(30):  # the other worker answers while gunicorn replaces this one
            assert page.make_data(100 + k) == 100 + k
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and len(workers_of(proc)) < 2:
            time.sleep(0.2)
        now = workers_of(proc)
        assert len(now) == 2 and min(first) not in now
    finally:
        stop_server(proc)
    assert proc.returncode == 0 and workers_of(proc) == set()


def test_a_restarted_server_answers_a_link_and_a_request_exactly_as_before():
    answers = []
    for round_ in range(2):
        proc, port = start_server(ARTIFACTS / f"restart-{round_}.log")
        try:
            page = Callbacks(f"http://127.0.0.1:{port}")
            answers.append(page.post(page.body("samples", {("samples", "value"): 321})))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{LINK}", timeout=10) as r:
                assert r.status == 200
        finally:
            stop_server(proc)
    assert answers[0] == answers[1]  # the server kept nothing that a restart could lose


@pytest.mark.parametrize("workers", ["1", "2"])
def test_an_oversized_body_gets_413_with_the_security_headers(workers):
    """Whichever server answers (waitress itself, or the app under gunicorn), a body over the
    limit is refused with the app's headers and without the server's internal names."""
    proc, port = start_server(ARTIFACTS / f"oversized-{workers}.log", "--workers", workers)
    try:
        # The headers announce the body; the server must refuse before it is sent.
        with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
            sock.sendall(
                b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
                b"Content-Type: application/json\r\n"
                + f"Content-Length: {REQUEST_MAX_BYTES + 1}\r\n\r\n".encode()
            )
            answer = http.client.HTTPResponse(sock)
            answer.begin()
            text = answer.read().decode()
        assert answer.status == 413
        assert answer.getheader("X-Content-Type-Options") == "nosniff"
        assert "frame-ancestors 'none'" in answer.getheader("Content-Security-Policy")
        assert "max_body" not in text and "waitress" not in text.lower()
    finally:
        stop_server(proc)


def _still_open(sock: socket.socket) -> bool:
    """True while the server has not closed the connection (nothing to read, no EOF)."""
    sock.setblocking(False)
    try:
        return sock.recv(1) != b""
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        sock.setblocking(True)


@pytest.mark.parametrize("workers", ["1", "2"])
def test_half_sent_requests_do_not_lock_out_the_class(workers):
    """Many more half-sent requests than the server has threads (a slow or hostile client):
    the page still answers while every one of them is still open, so none had to be dropped
    to make room."""
    proc, port = start_server(ARTIFACTS / f"half-sent-{workers}.log", "--workers", workers)
    slow = []
    try:
        for _ in range(200):
            sock = socket.create_connection(("127.0.0.1", port), timeout=30)
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            slow.append(sock)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=60) as answer:
            assert answer.status == 200 and b"tinynet" in answer.read().lower()
        assert all(_still_open(sock) for sock in slow)
    finally:
        for sock in slow:
            sock.close()
        stop_server(proc)
