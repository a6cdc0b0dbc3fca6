"""A class on one server, as the teacher's board sees it: N students join by code and work
through a lesson for S seconds against `tinynet serve --workers W`, on SQLite (the default) or
on a real PostgreSQL (Debian's, started here on a socket in a temporary folder).

Each student acts as a joined page does (assets/classroom/report.js): with think time between
actions it drags weights (its picture, sent at most every 2 s), moves between steps, presses
Check (right or wrong), ends a run; reports are queued and sent in batches, a busy answer (503)
or a dropped connection is sent again after a pause, and a quiet page asks how its class stands
every 5 s. The teacher's board asks what changed every second (static/board.js).

Prints per request kind p50/p95/max, the board's answer size, how long a Check takes to show on
the board (from the student pressing it to the first board answer holding it: what a teacher
waits), events lost (every event the server acknowledged is in the database afterwards), and
the server's CPU time per stored event. The bars: 0 lost, 0 errors; p95 of a report <= 50 ms;
p95 of a board refresh <= 300 ms; p95 of Check -> board <= 2 s.

    .venv/bin/python benchmarks/bench_class.py [--students 100] [--seconds 60] [--workers 2]
    .venv/bin/python benchmarks/bench_class.py --database postgresql
"""

from __future__ import annotations

import argparse
import dataclasses
import http.client
import json
import os
import random
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from contextlib import ExitStack
from pathlib import Path

import numpy as np
from sqlalchemy import create_engine, func, select

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from servers import ARTIFACTS, TEACHER_KEY, start_server, stop_server  # noqa: E402

from tinynet.explorer.classroom.database import database_url  # noqa: E402
from tinynet.explorer.classroom.tables import classes, events, students  # noqa: E402
from tinynet.explorer.lessons.files import LESSONS  # noqa: E402
from tinynet.explorer.sharing.url import to_query  # noqa: E402

LESSON = "linear-maps"
CHECKED = 2  # the step with a check the students press
THINK = (1.0, 4.0)  # seconds between a student's actions
PICTURE_EVERY = 2.0  # report.js: PICTURE_EVERY_MS
STATUS_EVERY = 5.0  # report.js: POLL_MS, for a quiet page
BOARD_EVERY = 1.0  # board.js: POLL_MS
RETRY = (1.0, 15.0)  # report.js: the first pause after a failure, and the longest


def call(base: str, path: str, body=None, key: str | None = None) -> tuple[int, bytes]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method="POST" if data else "GET")
    request.add_header("Content-Type", "application/json")
    if key:
        request.add_header("X-Teacher-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=60) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as answer:
        return answer.code, answer.read()


def picture(rng: random.Random, right: bool = False) -> str:
    step = LESSONS[LESSON].steps[CHECKED - 1]
    moved = {"w11": round(rng.uniform(-3, 3), 2), "w21": 1.0 if right else rng.uniform(-3, 0)}
    state = dataclasses.replace(step.state, params=step.state.params.replace(**moved))
    return to_query(state, step.train)


@dataclasses.dataclass
class Timings:
    lock: threading.Lock = dataclasses.field(default_factory=threading.Lock)
    times: dict = dataclasses.field(default_factory=lambda: defaultdict(list))
    errors: dict = dataclasses.field(default_factory=lambda: defaultdict(int))
    checks: dict = dataclasses.field(default_factory=dict)  # (student, attempts) -> pressed at
    seen: dict = dataclasses.field(default_factory=dict)  # (student, attempts) -> on the board
    sizes: list = dataclasses.field(default_factory=list)

    def add(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.times[kind].append(seconds)


class Student:
    """One joined page: its queue of reports, sent in order until the server has them."""

    def __init__(self, base: str, code: str, name: str, t: Timings, rng: random.Random):
        self.base, self.t, self.rng = base, t, rng
        status, said = call(base, "/class/join", {"code": code, "nickname": name})
        if status != 200:
            raise RuntimeError(f"join: {status} {said[:200]!r}")
        self.me = json.loads(said)
        self.seq, self.acked, self.queue = 0, 0, []
        self.events_acked = 0  # events (not pictures) the server said it has
        self.attempts, self.last_sent = 0, time.monotonic()

    def add(self, kind: str, **fields) -> None:
        self.seq += 1
        self.queue.append({"seq": self.seq, "kind": kind, "at": time.time(), **fields})

    def send(self, kind: str, until: float) -> None:
        pause = RETRY[0]
        while self.queue and time.monotonic() < until + 30:
            body = {"student": self.me["student"], "secret": self.me["secret"]}
            start = time.perf_counter()
            try:
                status, said = call(self.base, "/class/report", {**body, "reports": self.queue})
            except (OSError, http.client.HTTPException):  # no answer, or one cut off
                status, said = 0, b""
            self.t.add(kind, time.perf_counter() - start)
            if status != 200:
                with self.t.lock:
                    self.t.errors[f"report: HTTP {status}"] += 1
                time.sleep(pause)
                pause = min(RETRY[1], 2 * pause)
                continue
            self.acked = json.loads(said)["acked"]
            self.events_acked += sum(
                1 for r in self.queue if r["seq"] <= self.acked and r["kind"] != "picture"
            )
            self.queue = [r for r in self.queue if r["seq"] > self.acked]
        self.last_sent = time.monotonic()

    def check(self, until: float) -> None:
        right = self.rng.random() < 0.4
        self.add("check", lesson=LESSON, step=CHECKED, state=picture(self.rng, right))
        self.attempts += 1
        with self.t.lock:
            self.t.checks[(self.me["student"], self.attempts)] = time.monotonic()
        self.send("report: check", until)

    def status(self) -> None:
        start = time.perf_counter()
        body = {"student": self.me["student"], "secret": self.me["secret"]}
        status, _ = call(self.base, "/class/status", body)
        self.t.add("status (quiet page)", time.perf_counter() - start)
        if status != 200:
            with self.t.lock:
                self.t.errors[f"status: HTTP {status}"] += 1
        self.last_sent = time.monotonic()

    def work(self, until: float) -> None:
        rng = self.rng
        time.sleep(rng.uniform(0, THINK[1]))
        self.add("step", lesson=LESSON, step=1)
        self.send("report: step", until)
        while time.monotonic() < until:
            action = rng.choices(["drag", "step", "check", "run"], [6, 1, 2, 1])[0]
            if action == "drag":  # a drag of a few seconds: a picture every 2 s of it
                for _ in range(rng.randint(1, 3)):
                    self.add("picture", state=picture(rng))
                    self.send("report: picture", until)
                    time.sleep(PICTURE_EVERY)
            elif action == "step":
                self.add("step", lesson=LESSON, step=rng.randint(1, len(LESSONS[LESSON].steps)))
                self.send("report: step", until)
            elif action == "check":
                self.check(until)
            else:
                accuracy, loss = round(rng.uniform(0.5, 1.0), 3), round(rng.uniform(0, 0.7), 3)
                self.add("run", epochs=150, accuracy=accuracy, loss=loss)
                self.send("report: run", until)
            think = rng.uniform(*THINK)
            while think > 0:  # a quiet page asks how its class stands
                nap = min(think, STATUS_EVERY)
                time.sleep(nap)
                think -= nap
                if time.monotonic() - self.last_sent >= STATUS_EVERY:
                    self.status()


def teacher(base: str, class_id: int, until: float, t: Timings) -> None:
    """The board: what changed every second, marks noted the first time they show."""
    version = -1
    while time.monotonic() < until + 3:
        start = time.perf_counter()
        status, said = call(
            base, f"/teacher/api/classes/{class_id}/board?since={version}", key=TEACHER_KEY
        )
        now = time.monotonic()
        t.add("board refresh", time.perf_counter() - start)
        if status != 200:
            with t.lock:
                t.errors[f"board: HTTP {status}"] += 1
        else:
            answer = json.loads(said)
            version = answer["version"]
            if not answer.get("unchanged"):
                t.sizes.append(len(said))
            with t.lock:
                for tile in answer.get("students", []):
                    for mark in tile["marks"]:
                        for n in range(1, mark["attempts"] + 1):
                            t.seen.setdefault((tile["id"], n), now)
        time.sleep(max(0.0, BOARD_EVERY - (time.perf_counter() - start)))


def percentiles(values) -> tuple[float, float, float]:
    arr = np.asarray(values, float) if len(values) else np.zeros(1)
    p50, p95 = np.percentile(arr, [50, 95])
    return float(p50), float(p95), float(arr.max())


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def cpu_of_tree(pid: int | None) -> float:
    """CPU seconds (user + system) of a process and all its descendants now (Linux /proc):
    sampled before and after the load, so the server's start is not counted."""
    if pid is None:
        return 0.0
    parents, used = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        me = int(stat.parent.name)
        parents[me] = int(fields[1])
        used[me] = (int(fields[11]) + int(fields[12])) / TICK
    tree, grew = {pid}, True
    while grew:
        more = {p for p, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return sum(used.get(p, 0.0) for p in tree)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.database == "postgresql":
            from postgres import Postgres

            database = stack.enter_context(Postgres())
            where, db_pid = database.url("bench_class"), database.proc.pid
        else:
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            where, db_pid = str(folder / "classes.sqlite3"), None
        report(args, **run(args, where, db_pid))
    return 0


def run(args, where: str, db_pid: int | None) -> dict:
    server, port = start_server(
        ARTIFACTS / "bench-class-server.log",
        "--workers", str(args.workers), "--class-db", where, "--teacher-key", TEACHER_KEY,
    )  # fmt: skip
    base, t = f"http://127.0.0.1:{port}", Timings()
    try:
        _, said = call(
            base, "/teacher/api/classes", {"name": "Bench", "lesson": LESSON}, key=TEACHER_KEY
        )
        made = json.loads(said)
        pupils = [
            Student(base, made["code"], f"Student {k}", t, random.Random(k))
            for k in range(args.students)
        ]
        app_cpu, db_cpu = cpu_of_tree(server.pid), cpu_of_tree(db_pid)
        until = time.monotonic() + args.seconds
        threads = [threading.Thread(target=p.work, args=(until,)) for p in pupils]
        threads.append(threading.Thread(target=teacher, args=(base, made["id"], until, t)))
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        app_cpu, db_cpu = cpu_of_tree(server.pid) - app_cpu, cpu_of_tree(db_pid) - db_cpu
        start = time.perf_counter()
        _, said = call(base, f"/teacher/api/classes/{made['id']}/board", key=TEACHER_KEY)
        full = (time.perf_counter() - start, len(said))
    finally:
        stop_server(server)
    engine = create_engine(database_url(where))
    with engine.connect() as conn:
        stored = dict(
            conn.execute(
                select(students.c.id, func.count(events.c.id))
                .join(events, events.c.student_id == students.c.id, isouter=True)
                .join(classes, classes.c.id == students.c.class_id)
                .where(classes.c.id == made["id"])
                .group_by(students.c.id)
            ).all()
        )
    engine.dispose()
    acked = {p.me["student"]: p.events_acked for p in pupils}
    lost = sum(max(0, acked[s] - stored.get(s, 0)) for s in acked)
    unsent = sum(len(p.queue) for p in pupils)
    return {
        "t": t, "full": full, "lost": lost, "unsent": unsent, "stored": sum(stored.values()),
        "app_cpu": app_cpu, "db_cpu": db_cpu,
    }  # fmt: skip


def report(args, t: Timings, full, lost, unsent, stored, app_cpu, db_cpu) -> None:
    print(
        f"{args.students} students for {args.seconds:.0f} s on {args.database}, "
        f"{args.workers} workers; think {THINK[0]}-{THINK[1]} s, board every {BOARD_EVERY} s"
    )
    print(f"{'request':22s} {'count':>7s} {'p50':>9s} {'p95':>9s} {'max':>9s}")
    reports = []
    for kind in sorted(t.times):
        p50, p95, most = percentiles(t.times[kind])
        print(f"{kind:22s} {len(t.times[kind]):7d} {1e3 * p50:7.1f}ms {1e3 * p95:7.1f}ms "
              f"{1e3 * most:7.1f}ms")  # fmt: skip
        if kind.startswith("report"):
            reports += t.times[kind]
    delays = [t.seen[k] - pressed for k, pressed in t.checks.items() if k in t.seen]
    not_shown = sum(1 for k in t.checks if k not in t.seen)
    p50, p95, most = percentiles(delays)
    print(
        f"Check -> board: {len(delays)} checks, p50 {p50:.2f} s p95 {p95:.2f} s max {most:.2f} s"
        f" ({not_shown} not shown)"
    )
    sizes = percentiles(t.sizes)
    print(
        f"board answers with changes: p50 {sizes[0] / 1024:.1f} KiB, max {sizes[2] / 1024:.1f} "
        f"KiB; the whole board of {args.students} students {full[1] / 1024:.0f} KiB in "
        f"{1e3 * full[0]:.0f} ms"
    )
    print(
        f"events stored {stored}, lost {lost} (acknowledged but not stored), {unsent} still "
        f"queued; errors: {dict(t.errors) or 'none'}"
    )
    cpu, requests = app_cpu + db_cpu, sum(map(len, t.times.values()))
    print(
        f"server CPU under load {cpu:.1f} s (the app's {args.workers} workers {app_cpu:.1f} s, "
        + (f"PostgreSQL {db_cpu:.1f} s" if args.database == "postgresql" else "SQLite in them")
        + f"): {1e3 * cpu / max(1, stored):.1f} ms per stored event, "
        f"{1e3 * cpu / max(1, requests):.1f} ms per request"
    )
    report_p95, board_p95 = percentiles(reports)[1], percentiles(t.times["board refresh"])[1]
    met = (
        lost == 0
        and not t.errors
        and not_shown == 0
        and report_p95 <= 0.05
        and board_p95 <= 0.3
        and p95 <= 2.0
    )
    print(
        "bar: 0 lost, 0 errors, report p95 <= 50 ms, board p95 <= 300 ms, Check -> board p95 "
        "<= 2 s -> " + ("met" if met else "NOT met")
    )


if __name__ == "__main__":
    sys.exit(main())
