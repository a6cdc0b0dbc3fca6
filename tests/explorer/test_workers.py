"""`tinynet serve --workers N`: waitress workers on one socket; a killed worker is replaced and
the service answers throughout; a stopped and restarted server reopens a link identically."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

LINK = "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0&activation=relu"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(workers: int, port: int, name: str) -> subprocess.Popen:
    ARTIFACTS.mkdir(exist_ok=True)
    log = open(ARTIFACTS / f"{name}.log", "w")  # noqa: SIM115  (the child keeps it open)
    cmd = [sys.executable, "-m", "explorer.cli", "serve", "--no-browser", "--port", str(port)]
    proc = subprocess.Popen([*cmd, "--workers", str(workers)], stdout=log, stderr=log)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("the server did not answer")


def stop(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def workers_of(proc: subprocess.Popen) -> set[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(proc.pid)], capture_output=True)
    return {int(p) for p in out.stdout.split()}


def make_data(port: int, samples: int) -> dict:
    """A real callback request, as the page sends it when the sample count changes."""
    body = {
        "output": "..data.data...samples.value...noise.value...data-seed.value..."
        "data-description.children...data-message.children..",
        "outputs": [
            {"id": i, "property": p}
            for i, p in [
                ("data", "data"),
                ("samples", "value"),
                ("noise", "value"),
                ("data-seed", "value"),
                ("data-description", "children"),
                ("data-message", "children"),
            ]
        ],
        "inputs": [
            {"id": "dataset", "property": "value", "value": "moons"},
            {"id": "samples", "property": "value", "value": samples},
            {"id": "noise", "property": "value", "value": 0.1},
            {"id": "data-seed", "property": "value", "value": 0},
        ],
        "changedPropIds": ["samples.value"],
        "state": [{"id": "data", "property": "data", "value": None}],
    }
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/_dash-update-component",
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as r:
        return json.load(r)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="worker processes need fork")
def test_a_killed_worker_is_replaced_and_requests_keep_succeeding():
    port = free_port()
    proc = start(2, port, "workers")
    try:
        first = workers_of(proc)
        assert len(first) == 2
        answer = make_data(port, 120)
        assert len(answer["response"]["data"]["data"]["y"]) == 120
        os.kill(min(first), signal.SIGKILL)
        for k in range(30):  # the other worker answers while the supervisor replaces this one
            assert len(make_data(port, 100 + k)["response"]["data"]["data"]["y"]) == 100 + k
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and len(workers_of(proc)) < 2:
            time.sleep(0.2)
        now = workers_of(proc)
        assert len(now) == 2 and min(first) not in now
    finally:
        stop(proc)
    assert proc.returncode == 0 and workers_of(proc) == set()


def test_a_restarted_server_reopens_a_link_with_the_same_state():
    port = free_port()
    answers = []
    for round_ in range(2):
        proc = start(1, port, f"restart-{round_}")
        try:
            answers.append(make_data(port, 321))
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{LINK}", timeout=10) as r:
                assert r.status == 200
        finally:
            stop(proc)
    assert answers[0] == answers[1]  # the server kept nothing that a restart could lose
