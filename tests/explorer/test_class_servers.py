"""A class on real servers: two app processes behind nginx sharing one PostgreSQL, where reports
through either reach the board; a gunicorn worker killed mid-class, after which nothing a page
was told is stored is missing; a server restarted, after which the board is as it was."""

from __future__ import annotations

import dataclasses
import http.client
import json
import os
import shutil
import signal
import subprocess
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from servers import ARTIFACTS, TEACHER_KEY, free_port, start_server, stop_server, wait_for_port

from tinynet.explorer.lessons.files import LESSONS
from tinynet.explorer.sharing.url import to_query

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
STEP = LESSONS["linear-maps"].steps[1]


def call(base: str, path: str, body=None, method=None, key: bool = False, tries: int = 20):
    """A request as a page makes it: JSON, sent again when the server is away for a moment
    (a connection refused or cut, an answer cut off by a worker's death, a 502/503), answered
    status and JSON otherwise."""
    data = None if body is None else json.dumps(body).encode()
    headers = {"Content-Type": "application/json"}
    if key:
        headers["X-Teacher-Key"] = TEACHER_KEY
    request = urllib.request.Request(base + path, data=data, headers=headers, method=method)
    for attempt in range(tries):
        try:
            with urllib.request.urlopen(request, timeout=30) as r:
                return r.status, json.loads(r.read() or b"null")
        except urllib.error.HTTPError as error:
            if error.code in (502, 503) and attempt < tries - 1:
                threading.Event().wait(0.2 * (attempt + 1))
                continue
            return error.code, json.loads(error.read() or b"null")
        except (OSError, http.client.HTTPException):
            if attempt == tries - 1:
                raise
            threading.Event().wait(0.2 * (attempt + 1))
    raise AssertionError("unreachable")


def new_class(base: str) -> dict:
    status, made = call(
        base, "/teacher/api/classes", {"name": "P", "lesson": "linear-maps"}, key=True
    )
    assert status == 200, made
    return made


def check(seq: int, right: bool) -> dict:
    state = STEP.state
    if right:
        state = dataclasses.replace(state, params=state.params.replace(w21=1.0))
    return {"seq": seq, "kind": "check", "lesson": "linear-maps", "step": 2,
            "state": to_query(state, STEP.train)}  # fmt: skip


class Student:
    """A page in a class: reports wait until the server says they are stored."""

    def __init__(self, base: str, code: str, nickname: str):
        self.base = base
        status, me = call(base, "/class/join", {"code": code, "nickname": nickname})
        assert status == 200, me
        self.me, self.queue, self.seq, self.acked = me, [], 0, 0

    def add(self, report: dict) -> None:
        self.seq += 1
        self.queue.append({**report, "seq": self.seq})

    def send(self, base: str | None = None) -> None:
        while self.queue:
            status, said = call(base or self.base, "/class/report", {
                "student": self.me["student"], "secret": self.me["secret"], "reports": self.queue,
            })  # fmt: skip
            assert status == 200, said
            self.acked = said["acked"]
            self.queue = [r for r in self.queue if r["seq"] > self.acked]


def nginx_in_front(tmp: Path, ports: list[int]) -> tuple[subprocess.Popen, int]:
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: `make test` installs it (apt-get install -y nginx) as root")
    port = free_port()
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (tmp / name).mkdir()
    servers = "\n".join(f"server 127.0.0.1:{p};" for p in ports)
    conf = tmp / "nginx.conf"
    conf.write_text(f"""
{"user root;" if os.geteuid() == 0 else ""}
worker_processes 1; pid {tmp}/nginx.pid; error_log {tmp}/error.log;
events {{}}
http {{
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy;
  fastcgi_temp_path {tmp}/fastcgi; uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  upstream app {{ {servers} }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://app;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
    }}
  }}
}}
""")
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp), "-g", "daemon off;"])
    wait_for_port(port, proc)
    return proc, port


def test_two_app_processes_behind_nginx_share_one_postgresql(postgres, tmp_path):
    url = postgres.url("behind_nginx")
    apps = [
        start_server(
            ARTIFACTS / f"class-pg-{k}.log", "--class-db", url, "--teacher-key", TEACHER_KEY
        )  # fmt: skip
        for k in (1, 2)
    ]
    front, port = nginx_in_front(tmp_path, [p for _, p in apps])
    try:
        base = f"http://127.0.0.1:{port}"
        made = new_class(base)
        students = [Student(base, made["code"], f"S{n}") for n in range(12)]
        for n, s in enumerate(students):
            s.add(check(1, right=n % 3 == 0))
            s.add({"kind": "step", "lesson": "linear-maps", "step": 2})
            # Half straight to each app process, the rest through nginx's round robin.
            s.send(f"http://127.0.0.1:{apps[n % 2][1]}" if n < 6 else None)
        boards = [
            call(f"http://127.0.0.1:{p}", f"/teacher/api/classes/{made['id']}/board", key=True)[1]
            for _, p in apps
        ]
        assert boards[0] == boards[1]
        step2 = next(s for s in boards[0]["summary"] if s["step"] == 2)
        assert (step2["students"], step2["tried"], step2["passed"]) == (12, 12, 4)
        assert step2["stuck"] == [["w21 about 1", 8]]
        assert all(s.acked == 2 for s in students)
    finally:
        front.terminate()
        front.wait(timeout=10)
        for proc, _ in apps:
            stop_server(proc)


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True)
    return [int(p) for p in out.stdout.split()]


def test_a_worker_killed_mid_class_loses_nothing_a_page_was_told_is_stored(tmp_path):
    db = tmp_path / "classes.sqlite3"
    proc, port = start_server(
        ARTIFACTS / "class-kill.log", "--workers", "2", "--class-db", str(db), "--teacher-key",
        TEACHER_KEY,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        made = new_class(base)
        students = [Student(base, made["code"], f"K{n}") for n in range(20)]
        killed = threading.Event()

        def work(s: Student) -> None:
            for k in range(15):
                s.add({"kind": "step", "lesson": "linear-maps", "step": 1 + k % 6})
                s.send()

        threads = [threading.Thread(target=work, args=(s,)) for s in students]
        for t in threads:
            t.start()
        while not killed.is_set() and any(t.is_alive() for t in threads):
            workers = children(proc.pid)  # mid-class: kill -9 one worker
            if workers and any(s.seq >= 5 for s in students):
                os.kill(workers[0], signal.SIGKILL)
                killed.set()
            killed.wait(0.01)
        assert killed.is_set()
        for t in threads:
            t.join(timeout=120)
        status, board = call(base, f"/teacher/api/classes/{made['id']}/board", key=True)
        assert status == 200 and len(board["students"]) == 20
        assert all(s.acked == 15 and not s.queue for s in students)
        # What the pages were told is stored, is stored: 15 step reports each, once.
        import sqlite3

        with sqlite3.connect(db) as conn:
            per = dict(conn.execute("SELECT student_id, count(*) FROM events GROUP BY 1"))
        assert sorted(per.values()) == [15] * 20
    finally:
        stop_server(proc)


def test_a_restarted_server_shows_the_board_as_it_was(tmp_path):
    db = str(tmp_path / "classes.sqlite3")
    options = ("--class-db", db, "--teacher-key", TEACHER_KEY)
    proc, port = start_server(ARTIFACTS / "class-restart-1.log", *options)
    base = f"http://127.0.0.1:{port}"
    try:
        made = new_class(base)
        students = [Student(base, made["code"], f"R{n}") for n in range(3)]
        for n, s in enumerate(students):
            s.add(check(1, right=n == 0))
            s.send()
        before = call(base, f"/teacher/api/classes/{made['id']}/board", key=True)[1]
    finally:
        stop_server(proc)
    proc, port = start_server(ARTIFACTS / "class-restart-2.log", *options)
    try:
        base = f"http://127.0.0.1:{port}"
        after = call(base, f"/teacher/api/classes/{made['id']}/board", key=True)[1]
        assert after == before
        # The pages carry on where they were: their ids and secrets still work.
        students[1].add(check(2, right=True))
        students[1].send(base)
        assert students[1].acked == 2
    finally:
        stop_server(proc)
