"""`tinynet serve` in its own process, and talking to it the way the page does.

Shared by the browser tests, the serving tests (workers, nginx, fuzz) and the benchmarks: a
callback request is built from the app's own /_dash-dependencies, so it is the request the page
would send, not a hand-written copy that could drift from it.
"""

from __future__ import annotations

import dataclasses
import errno
import http.client
import json
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from tinynet.explorer.data.points import load_for
from tinynet.explorer.state import State, TrainOptions
from tinynet.model import NAMES

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
TEACHER_KEY = "test-teacher-key-0123456789abcdef"  # the test servers' teacher key
RETRY_TRIES, RETRY_PAUSE = 3, 0.15  # as assets/page/retry.js does
RETRY_STATUS = {502, 503, 504}  # a gateway or a busy server: the request was not done


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_port(port: int, proc: subprocess.Popen, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited early (exit code {proc.returncode})")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not listen on port {port}")


def start_server(log_path: Path, *options: str) -> tuple[subprocess.Popen, int]:
    """`tinynet serve [options]` on a free port; its log goes to a file (a pipe nobody reads
    would fill up and stall the server). Its class database is a new file of its own unless
    the options name one (never the user's data folder)."""
    port = free_port()
    cmd = [sys.executable, "-m", "tinynet", "serve", "--no-browser", "--port", str(port)]
    if "--class-db" not in options:
        folder = Path(tempfile.mkdtemp(prefix="tinynet-classes-"))
        cmd += ["--class-db", str(folder / "classes.sqlite3"), "--teacher-key", TEACHER_KEY]
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with open(log_path, "w") as log:
        proc = subprocess.Popen([*cmd, *options], stdout=log, stderr=subprocess.STDOUT)
    wait_for_port(port, proc)
    return proc, port


def stop_server(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()


def page_values(state: State | None = None) -> dict[tuple[str, str], object]:
    """What the page's controls and stores hold for a state, by (component id, property)."""
    state, train = state or State(), TrainOptions()
    values = {(n, "value"): getattr(state.params, n) for n in NAMES}
    values.update(
        {
            ("activation", "value"): state.activation,
            ("act-param", "value"): state.act_param or 0.0,
            ("dataset", "value"): state.dataset,
            ("samples", "value"): state.samples,
            ("noise", "value"): state.noise,
            ("data-seed", "value"): state.data_seed,
            ("stage", "value"): state.stage,
            ("view-options", "value"): [],
            ("data", "data"): load_for(state),
            ("url", "search"): "",
            ("link-opened", "data"): False,
            ("run", "data"): None,
        }
    )
    for f in dataclasses.fields(TrainOptions):
        values[(f"train-{f.name}", "value")] = getattr(train, f.name)
    return values


def server_callbacks(deps: list[dict]) -> list[dict]:
    return [d for d in deps if not d.get("clientside_function")]


def find_callback(deps: list[dict], input_id: str) -> dict:
    """The server callback that the component `input_id` triggers."""
    return next(d for d in server_callbacks(deps) if any(i["id"] == input_id for i in d["inputs"]))


def callback_body(dep: dict, values: dict, changed: str | None = None) -> dict:
    """The request the page sends for callback `dep` when input `changed` (an id; default the
    first input) changes, with every input and state taken from `values`."""
    parts = dep["output"].strip(".").split("...")
    outputs = [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in parts]
    trigger = next((i for i in dep["inputs"] if i["id"] == changed), dep["inputs"][0])

    def filled(items):
        return [{**i, "value": values.get((i["id"], i["property"]))} for i in items]

    return {
        "output": dep["output"],
        "outputs": outputs if len(outputs) > 1 else outputs[0],
        "inputs": filled(dep["inputs"]),
        "changedPropIds": [f"{trigger['id']}.{trigger['property']}"],
        "state": filled(dep["state"]),
    }


class Callbacks:
    """Callback requests to a running server at `base`, as its page would send them."""

    def __init__(self, base: str, values: dict | None = None):
        self.base = base
        with urllib.request.urlopen(base + "/_dash-dependencies", timeout=30) as r:
            self.deps = json.load(r)
        self.values = page_values() if values is None else values

    def body(self, input_id: str, changes: dict) -> bytes:
        """`changes` maps (id, property) to the values that differ from the page's."""
        dep = find_callback(self.deps, input_id)
        return json.dumps(callback_body(dep, {**self.values, **changes}, input_id)).encode()

    def post(self, body: bytes, timeout: float = 60, headers: dict | None = None) -> bytes:
        """Like the page (assets/page/retry.js): a request broken on the way, an answer cut
        off, or a gateway's 502/503/504 is sent again, up to 3 times; other HTTP errors are
        answers and are not. `headers`: a browser's own (its cookie)."""
        request = urllib.request.Request(
            self.base + "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json", **(headers or {})},
        )
        for attempt in range(RETRY_TRIES):
            try:
                with urllib.request.urlopen(request, timeout=timeout) as r:
                    return r.read()
            except urllib.error.HTTPError as error:
                if error.code not in RETRY_STATUS or attempt == RETRY_TRIES - 1:
                    raise
                time.sleep(RETRY_PAUSE)
            except (OSError, http.client.HTTPException):
                if attempt == RETRY_TRIES - 1:
                    raise
                time.sleep(RETRY_PAUSE)
        raise AssertionError("unreachable")

    def page_cookie(self) -> dict:
        """Open the page as a browser does: the headers that send its client cookie back (a
        fair share of the heavy work goes by it, serving/clients.py)."""
        with urllib.request.urlopen(self.base + "/", timeout=30) as r:
            given = r.headers.get("Set-Cookie")
        return {"Cookie": given.split(";", 1)[0]} if given else {}

    def make_data(self, samples: int, headers: dict | None = None) -> int:
        """Change the number of samples on the moons, as the page does; how many came back."""
        body = self.body(
            "samples",
            {("dataset", "value"): "moons", ("samples", "value"): samples, ("noise", "value"): 0.1},
        )
        answer = self.post(body, headers=headers)
        return len(json.loads(answer)["response"]["data"]["data"]["y"])


def run_in_thread(server) -> threading.Thread:
    """A waitress server's loop in a thread of this process. A test closes the server under
    the running loop, which then finds its sockets gone (EBADF): that is the end of the loop,
    not an error of the server's."""

    def run():
        try:
            server.run()
        except OSError as why:
            if why.errno != errno.EBADF:
                raise

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread
