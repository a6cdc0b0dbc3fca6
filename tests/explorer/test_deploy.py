"""docs/deploy.md, followed on Debian's own nginx layout: the service's ExecStart runs gunicorn
exactly as the page gives it, the nginx site is written and enabled with the page's commands in a
copy of /etc/nginx, and then a gunicorn worker is killed during load: no user action fails, and
gunicorn starts a new worker. (An answer a dying worker had begun to send cannot be retried by
nginx; the page sends such a request again, and the test's client does the same.)"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from deploy_doc import blocks, commands, unit_setting
from servers import ARTIFACTS, Callbacks, free_port, wait_for_port

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BIN = Path(sys.executable).parent
DOC = blocks()


def children(pid: int) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True)
    return {int(p) for p in out.stdout.split()}


@pytest.fixture
def app_service(tmp_path: Path):
    """The unit's ExecStart and Environment, with this checkout's venv for /opt/tinynet and a
    free port for 8050."""
    unit = DOC["service"]
    (command,) = unit_setting(unit, "ExecStart")
    port = free_port()
    command = command.replace("/opt/tinynet/bin/", f"{BIN}/").replace(":8050", f":{port}")
    lessons = tmp_path / "lessons"
    lessons.mkdir()
    (lessons / "our-class.toml").write_text(
        'title = "Our class lesson"\n[[steps]]\ntitle = "Look"\ntext = "Just look."\n'
    )
    env = dict(os.environ)
    for setting in unit_setting(unit, "Environment"):
        key, value = setting.split("=", 1)
        env[key] = {
            "TINYNET_LESSONS": str(lessons),
            "TINYNET_CLASS_DB": str(tmp_path / "classes.sqlite3"),  # StateDirectory's file
        }.get(key, value)
    ARTIFACTS.mkdir(exist_ok=True)  # this test may be the first to write there
    log = open(ARTIFACTS / "deploy-gunicorn.log", "w")  # noqa: SIM115  (closed below)
    proc = subprocess.Popen(shlex.split(command), env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for_port(port, proc)
        yield proc, port
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()


def debian_nginx(tmp: Path) -> Path:
    """A copy of Debian's /etc/nginx whose own paths point into tmp (pid, logs, temp files),
    so the real layout (nginx.conf, conf.d, sites-available, sites-enabled with the default
    site) can be started by a test."""
    root = tmp / "etc-nginx"
    shutil.copytree("/etc/nginx", root, symlinks=False)
    conf = (root / "nginx.conf").read_text()
    conf = (
        conf.replace("/etc/nginx/", f"{root}/")
        .replace("/run/nginx.pid", f"{tmp}/nginx.pid")
        .replace("/var/log/nginx/", f"{tmp}/")
    )
    # Worker processes of the test's nginx write temp files into the test's own folder.
    conf = conf.replace("user www-data;", "user root;" if os.geteuid() == 0 else "")
    (root / "nginx.conf").write_text(conf)
    temp = "\n".join(
        f"{kind}_temp_path {tmp}/{kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (root / "conf.d" / "test-temp-paths.conf").write_text(temp + "\n")
    return root


def has_ipv6_loopback() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as probe:
            probe.bind(("::1", 0))
        return True
    except OSError:
        return False


@pytest.fixture
def nginx_front(tmp_path: Path, app_service):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: `make test` installs it (apt-get install -y nginx) as root")
    app, app_port = app_service
    root = debian_nginx(tmp_path)
    port = free_port()
    site = DOC["nginx-site"].replace("127.0.0.1:8050", f"127.0.0.1:{app_port}")
    site = site.replace("listen 80 default_server;", f"listen 127.0.0.1:{port} default_server;")
    # The page's IPv6 line on IPv6's loopback, same port (where the machine has IPv6).
    v6 = f"listen [::1]:{port} default_server;" if has_ipv6_loopback() else ""
    assert "listen [::]:80 default_server;" in site
    site = site.replace("listen [::]:80 default_server;", v6)
    (root / "sites-available" / "tinynet").write_text(site)
    nginx = f"{NGINX} -c {root}/nginx.conf -p {tmp_path}"
    front = None
    for command in commands(DOC["nginx-enable"]):
        command = command.replace("/etc/nginx", str(root))
        if command.startswith("nginx "):
            command = command.replace("nginx", nginx, 1)
        if command == "systemctl reload nginx":  # the test's nginx is not a system service
            front = subprocess.Popen(
                [*shlex.split(nginx), "-g", "daemon off;"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            continue
        done = subprocess.run(command, shell=True, capture_output=True, text=True)
        assert done.returncode == 0, f"{command}: {done.stderr}"
    assert front is not None, "the page never starts nginx"
    deadline = time.monotonic() + 20
    while True:
        try:
            page = Callbacks(f"http://127.0.0.1:{port}")
            break
        except OSError:
            if time.monotonic() > deadline or front.poll() is not None:
                raise RuntimeError((tmp_path / "error.log").read_text()) from None
            time.sleep(0.2)
    yield page, app
    front.send_signal(signal.SIGQUIT)
    front.wait(timeout=10)


def test_the_documented_site_answers_with_the_explorer_and_compresses(nginx_front):
    page, _ = nginx_front
    with urllib.request.urlopen(page.base + "/", timeout=10) as r:
        html = r.read().decode()
    assert "tinynet explorer" in html and "Welcome to nginx" not in html
    ask = urllib.request.Request(page.base + "/_dash-layout", headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(ask, timeout=10) as r:
        assert r.headers["Content-Encoding"] == "gzip"
        layout = gzip.decompress(r.read()).decode()
    assert "Our class lesson" in layout  # TINYNET_LESSONS from the unit's Environment=


def test_killing_a_gunicorn_worker_during_load_fails_no_user_action(nginx_front):
    page, master = nginx_front
    workers = children(master.pid)
    assert len(workers) == 2
    failures, done = [], []
    stop_at = time.monotonic() + 8

    def student(k: int) -> None:
        n = 0
        cookie = page.page_cookie()  # each student's own browser
        while time.monotonic() < stop_at:
            samples = 50 + (k * 37 + n) % 200
            try:
                got = page.make_data(samples, cookie)
                if got != samples:
                    failures.append(f"asked {samples} points, got {got}")
            except Exception as why:  # noqa: BLE001  (every failure counts)
                failures.append(repr(why))
            done.append(1)
            n += 1

    students = [threading.Thread(target=student, args=(k,)) for k in range(8)]
    for s in students:
        s.start()
    time.sleep(2.5)
    killed = min(workers)
    os.kill(killed, signal.SIGKILL)  # one worker dies mid-load
    for s in students:
        s.join()
    assert failures == []
    assert len(done) > 50
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and len(children(master.pid) - {killed}) < 2:
        time.sleep(0.2)
    now = children(master.pid)
    assert len(now) == 2 and killed not in now  # gunicorn started a new worker
    assert page.make_data(77) == 77


def test_the_documented_unit_keeps_classes_and_says_the_teachers_address(nginx_front, tmp_path):
    """The unit's class settings: the teacher's address in the log on TINYNET_PUBLIC_URL, the
    class data in the state directory's file (owner only), join links on the public address,
    and a student joining through nginx."""
    page, _ = nginx_front
    public = dict(s.split("=", 1) for s in unit_setting(DOC["service"], "Environment"))
    public = public["TINYNET_PUBLIC_URL"].rstrip("/")
    log = (ARTIFACTS / "deploy-gunicorn.log").read_text()
    said = re.search(r"teacher's address (\S+)/teacher\?key=(\S+)", log)
    assert said and said.group(1) == public, log[-500:]
    key = said.group(2)
    database = tmp_path / "classes.sqlite3"
    assert database.exists() and database.stat().st_mode & 0o077 == 0

    def call(path: str, body: dict, headers: dict | None = None) -> dict:
        ask = urllib.request.Request(
            page.base + path,
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        with urllib.request.urlopen(ask, timeout=10) as r:
            return json.loads(r.read())

    made = call("/teacher/api/classes", {"name": "Period 5"}, {"X-Teacher-Key": key})
    assert made["join_link"] == f"{public}/?join={made['code']}"
    me = call("/class/join", {"code": made["code"], "nickname": "Alex"})
    assert me["class"]["name"] == "Period 5"


def test_nginx_own_refusals_carry_the_security_headers(nginx_front):
    page, _ = nginx_front
    where = urllib.parse.urlsplit(page.base)
    conn = http.client.HTTPConnection(where.hostname, where.port, timeout=10)
    try:  # a body over the site's 4 MB: nginx refuses it itself, before the app sees it
        conn.putrequest("POST", "/_dash-update-component")
        conn.putheader("Content-Type", "application/json")
        conn.putheader("Content-Length", str(5 * 2**20))
        conn.endheaders()
        refused = conn.getresponse()
        refused.read()
    finally:
        conn.close()
    assert refused.status == 413
    assert refused.headers["X-Frame-Options"] == "DENY"
    assert refused.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in refused.headers["Content-Security-Policy"]
    # The app's own answers keep exactly their own headers (nginx adds none beside them).
    with urllib.request.urlopen(page.base + "/", timeout=10) as r:
        assert len(r.headers.get_all("Content-Security-Policy")) == 1
        assert len(r.headers.get_all("X-Frame-Options")) == 1
        assert "script-src" in r.headers["Content-Security-Policy"]  # the page's, not nginx's
