"""New connections go to an idle worker first (serving/workers.py): a process whose heavy slot
is busy takes none while another process of the server has its slot free, and listens again
the moment its own slot comes free. The table is the real shared memory; "another process" is
this test's parent (alive) or a process that has ended."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request

import pytest
from servers import run_in_thread

from tinynet.explorer.serving import heavy, waitress_server, workers


def wait_for(condition, seconds: float = 10.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < end, "the condition never held"
        time.sleep(0.005)


@contextlib.contextmanager
def other_process(pid: int, busy: bool):
    """A row of the table for process `pid`, as its own worker would write it."""
    row = next(r for r in range(workers.MAX_PROCESSES) if workers._table[2 * r] == 0)
    workers._table[2 * row], workers._table[2 * row + 1] = pid, int(busy)
    workers._alive.pop(pid, None)
    try:
        yield
    finally:
        workers._table[2 * row], workers._table[2 * row + 1] = 0, 0


def ended_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_another_process_with_its_slot_free_is_idle_elsewhere():
    workers.set_busy(False)  # this process's own row never counts
    assert not workers.idle_elsewhere()
    with other_process(os.getppid(), busy=False):
        assert workers.idle_elsewhere()
    with other_process(os.getppid(), busy=True):
        assert not workers.idle_elsewhere()
    with other_process(ended_pid(), busy=False):  # killed without a word
        assert not workers.idle_elsewhere()


def hello(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]


@contextlib.contextmanager
def watched_server():
    """A waitress loop in this process, steered as a worker's is, whose listening socket's
    decisions are recorded; the heavy slot is given back and the server closed at the end.
    Yields its URL, the decisions (what the loop decided each time it looked) and the
    listening dispatcher."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    server = waitress_server.make_server(hello, sockets=[listener], threads=2)
    run_in_thread(server)
    (dispatcher,) = waitress_server.listeners(server)
    decided = []
    steered = dispatcher.readable
    dispatcher.readable = lambda: decided.append(steered()) or decided[-1]
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/", decided, dispatcher
    finally:
        if heavy.SLOT._busy:
            heavy.SLOT.release("holder", 0.0)
        server.close()


def test_a_busy_process_takes_no_connection_while_another_is_idle_then_takes_it(monkeypatch):
    answers = []
    with watched_server() as (url, decided, dispatcher):
        heavy.SLOT.acquire("holder")
        with other_process(os.getppid(), busy=False):
            assert heavy.SLOT.send_elsewhere()
            decided.clear()
            heavy.SLOT.release("holder", 0.0)
            heavy.SLOT.acquire("holder")  # the loop is woken, and looks again
            wait_for(lambda: decided and decided[-1] is False)
            asking = threading.Thread(
                target=lambda: answers.append(urllib.request.urlopen(url, timeout=30).read())
            )
            asking.start()
            asking.join(timeout=0.5)  # left in the backlog for the idle worker: no answer here
            assert answers == []
        with other_process(os.getppid(), busy=True):  # every slot busy: this one takes it
            assert heavy.SLOT.send_elsewhere() is False and dispatcher.readable()
            heavy.SLOT.release("holder", 0.0)
            asking.join(timeout=30)
    assert answers == [b"ok"]


def test_a_worker_that_looks_idle_but_takes_nothing_is_not_waited_for_long():
    """The other process's row says idle, but it takes no connection (killed and not yet found
    dead, or stalled): after DEFER_MAX this busy process takes it, though its slot is still
    busy (before, nginx's 504s when a worker was killed under load)."""

    answers = []
    with watched_server() as (url, decided, dispatcher):
        heavy.SLOT.acquire("holder")
        with other_process(os.getppid(), busy=False):  # alive, idle, and never accepting
            heavy.SLOT.release("holder", 0.0)
            heavy.SLOT.acquire("holder")  # the loop is woken, and leaves new ones to the other
            wait_for(lambda: decided and decided[-1] is False)
            answer = urllib.request.urlopen(url, timeout=30).read()
            assert heavy.SLOT.send_elsewhere()  # still steered away, and answered all the same
            answers.append(answer)
    assert answers == [b"ok"]


@pytest.mark.parametrize("busy", [False, True])
def test_a_process_with_its_slot_free_always_takes_connections(busy):
    workers.set_busy(False)
    with other_process(os.getppid(), busy=busy):
        assert heavy.SLOT.send_elsewhere() is False
