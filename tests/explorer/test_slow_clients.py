"""Slow clients cannot hold the server: a request that keeps arriving a byte at a time (a
slow-loris client, or a body trickled in) is dropped once it has been arriving longer than the
deadline, with its temporary file, while everyone else is answered. waitress's own loop on a
loopback socket, with a short deadline so the test is quick; `tinynet serve` and gunicorn's
workers make their servers with the same function."""

import socket
import threading
import urllib.request

import pytest
from servers import run_in_thread

from tinynet.explorer.serving import waitress_server

DEADLINE = 1.5


def hello(environ, start_response):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    environ["wsgi.input"].read(length)
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


def serving(app, threads: int, **options):
    """A waitress server of `app` on a loopback socket, running in a thread: (server, port)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    server = waitress_server.make_server(app, sockets=[listener], threads=threads, **options)
    run_in_thread(server)
    return server, listener.getsockname()[1]


@pytest.fixture
def port():
    server, port = serving(hello, 2, deadline=DEADLINE, cleanup_interval=1)
    yield port
    server.close()


def trickle(port: int, start: bytes, more: bytes, most: int = 400) -> bool:
    """Send `start`, then `more` whenever the server has said nothing for a quarter second;
    True once the server closes the connection (it never answers a half-sent request)."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.settimeout(0.25)
    try:
        sock.sendall(start)
        for _ in range(most):
            try:
                if sock.recv(1) == b"":
                    return True
            except TimeoutError:
                sock.sendall(more)
            except ConnectionResetError:
                return True
        return False
    finally:
        sock.close()


def test_headers_trickled_in_are_dropped_after_the_deadline(port):
    results = []
    slow = [
        threading.Thread(
            target=lambda: results.append(
                trickle(port, b"GET / HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n")
            )
        )
        for _ in range(20)
    ]
    for t in slow:
        t.start()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as answer:
        assert answer.read() == b"ok"  # everyone else is answered meanwhile
    for t in slow:
        t.join()
    assert results == [True] * 20


def test_a_body_trickled_in_is_dropped_after_the_deadline(port):
    start = b"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4000000\r\n\r\n" + b"a" * 600_000
    assert trickle(port, start, b"a" * 10)


def test_a_request_sent_whole_is_answered_on_a_connection_kept_open(port):
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    try:
        for _ in range(3):  # keep-alive: idle time between requests is not arrival time
            sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
            answer = b""
            while not answer.endswith(b"ok"):
                answer += sock.recv(4096)
            assert answer.startswith(b"HTTP/1.1 200")
    finally:
        sock.close()


def test_a_graceful_stop_answers_the_requests_in_flight_and_takes_no_new_ones():
    release = threading.Event()
    started = threading.Event()

    def slow_app(environ, start_response):
        started.set()
        release.wait(30)
        start_response("200 OK", [("Content-Type", "text/plain")])
        return [b"done"]

    server, port = serving(slow_app, 2)
    answers = []
    client = threading.Thread(
        target=lambda: answers.append(
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30).read()
        )
    )
    client.start()
    assert started.wait(30)
    drained = []
    stopping = threading.Thread(target=lambda: drained.append(waitress_server.drain(server, 30)))
    stopping.start()
    stopping.join(0.5)
    assert stopping.is_alive() and not drained  # still waiting for the request in flight
    release.set()
    stopping.join()
    client.join()
    server.close()
    assert drained == [True] and answers == [b"done"]


def test_a_graceful_stop_gives_up_after_its_timeout():
    release = threading.Event()
    started = threading.Event()

    def stuck_app(environ, start_response):
        started.set()
        release.wait(30)
        start_response("200 OK", [])
        return [b""]

    server, port = serving(stuck_app, 1)
    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
    sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert started.wait(30)
    assert waitress_server.drain(server, 0.3) is False
    release.set()
    sock.close()
    server.close()
