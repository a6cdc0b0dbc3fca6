"""Two app processes behind nginx (Debian's package, on loopback, started here): one is killed
during load, nginx retries its requests on the other, and no user action fails. (An answer the
dying process had begun to send cannot be retried by nginx; the page sends that request again,
and the test's client does the same, see tests/servers.py.)"""

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from servers import ARTIFACTS, Callbacks, free_port, start_server, stop_server

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"

CONF = """
daemon off;
worker_processes 1;
pid {dir}/nginx.pid;
error_log {dir}/error.log warn;
{user}
events {{ worker_connections 256; }}
http {{
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    upstream tinynet {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=30s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=30s;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 4m;
        location / {{
            proxy_pass http://tinynet;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_connect_timeout 2s;
            proxy_read_timeout 60s;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_next_upstream_tries 3;
        }}
    }}
}}
"""


@pytest.fixture
def nginx_front(tmp_path: Path):
    if not os.path.exists(NGINX):
        pytest.fail("nginx is missing: `make test` installs it (apt-get install -y nginx) as root")
    (app_a, a), (app_b, b) = (start_server(ARTIFACTS / f"nginx-app-{k}.log") for k in "ab")
    apps, port = [app_a, app_b], free_port()
    user = "user root;" if os.geteuid() == 0 else ""
    conf = tmp_path / "nginx.conf"
    conf.write_text(CONF.format(dir=tmp_path, a=a, b=b, port=port, user=user))
    front = subprocess.Popen(
        [NGINX, "-c", str(conf), "-p", str(tmp_path)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 20
    while True:
        try:
            page = Callbacks(f"http://127.0.0.1:{port}")
            break
        except OSError:
            if time.monotonic() > deadline or front.poll() is not None:
                raise RuntimeError((tmp_path / "error.log").read_text()) from None
            time.sleep(0.2)
    yield page, apps
    front.send_signal(signal.SIGQUIT)
    front.wait(timeout=10)
    for app in apps:
        if app.poll() is None:
            stop_server(app)


def test_killing_one_app_process_during_load_fails_no_user_action(nginx_front):
    page, (first, second) = nginx_front
    failures, done = [], []
    stop_at = time.monotonic() + 8

    def student(k: int) -> None:
        n = 0
        while time.monotonic() < stop_at:
            samples = 50 + (k * 37 + n) % 200
            try:
                got = page.make_data(samples)
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
    first.send_signal(signal.SIGKILL)  # one app process dies mid-load
    for s in students:
        s.join()
    assert first.wait(timeout=5) == -signal.SIGKILL
    assert failures == []
    assert len(done) > 50
    # The service carries on with the survivor.
    assert page.make_data(77) == 77
    assert second.poll() is None
