"""Which of the server's processes have their heavy slot free, so that new connections go to
an idle worker first (serving/heavy.py, serving/waitress_server.py).

gunicorn's workers all wait on one listening socket, and whichever accepts a connection first
serves its requests. A worker whose heavy slot is busy (or has requests waiting for it) stops
taking new connections while another worker's slot is free: that worker takes them, and the
work does not wait behind a busy worker's queue while another core idles. When every slot is
busy, every worker takes connections as before. (A browser's connection kept open keeps its
worker: this steers new connections, not the requests on one that stays.)

The table is shared memory made before the workers are forked (`tinynet serve` makes the app
first; gunicorn_conf.on_starting imports this module in the master for docs/deploy.md's
command): a (process id, busy) pair for each process, claimed by a process the first time it
says how its slot stands. A worker killed without a word is found dead by its process id.
"""

from __future__ import annotations

import multiprocessing
import os
import time

MAX_PROCESSES = 64
ALIVE_CHECK = 2.0  # s between checks that the other processes still exist

_table = multiprocessing.Array("q", 2 * MAX_PROCESSES)  # pid, busy; with its own lock
_mine: dict[int, int] = {}  # this process's pid -> its row (a forked child finds none)
_alive: dict[int, tuple[bool, float]] = {}  # pid -> (alive, when checked)


def _row() -> int | None:
    """This process's row, claimed on first use: a free row, or one of a process gone."""
    pid = os.getpid()
    if pid in _mine:
        return _mine[pid]
    with _table.get_lock():
        rows = range(MAX_PROCESSES)
        free = next((r for r in rows if _table[2 * r] == pid), None)
        if free is None:
            free = next((r for r in rows if _table[2 * r] == 0 or not _exists(_table[2 * r])), None)
        if free is None:
            return None  # more processes than rows: this one is never steered away from
        _table[2 * free], _table[2 * free + 1] = pid, 0
    _mine.clear()
    _mine[pid] = free
    return free


def _exists(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def set_busy(busy: bool) -> None:
    """This process's heavy slot is taken or has requests waiting (True), or is free."""
    row = _row()
    if row is not None:
        _table[2 * row + 1] = int(busy)


def idle_elsewhere() -> bool:
    """Has another living process of this server a free heavy slot?"""
    me = os.getpid()
    now = time.monotonic()
    for r in range(MAX_PROCESSES):
        pid = _table[2 * r]
        if pid in (0, me) or _table[2 * r + 1]:
            continue
        alive, checked = _alive.get(pid, (False, -ALIVE_CHECK))
        if now - checked >= ALIVE_CHECK:
            alive = _exists(pid)
            _alive[pid] = (alive, now)
        if alive:
            return True
    return False


def leave() -> None:
    """This process stops serving: its row is free again."""
    row = _mine.pop(os.getpid(), None)
    if row is not None:
        with _table.get_lock():
            _table[2 * row], _table[2 * row + 1] = 0, 0
