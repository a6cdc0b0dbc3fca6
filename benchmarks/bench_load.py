"""A class on one server: N simulated students for S seconds against `tinynet serve --workers W`.

Each student acts like a real one, with think time between actions: load the page and all its
scripts, change the data set, train the default run, fit the output layer, open a shared link.
The requests are the ones the page sends (built from the app's own /_dash-dependencies).
Prints requests, errors and p50/p95/max latency per action, and the bar:
0 errors, p95 of every non-training action <= 0.5 s, p95 of training <= 5 s.

    .venv/bin/python benchmarks/bench_load.py [--students 100] [--seconds 60] [--workers 2]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict

import numpy as np

from explorer.data import load_for
from explorer.state import State, TrainOptions
from model import NAMES, Params

LINK = "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0&activation=relu&dataset=parabola"
THINK = (2.0, 8.0)  # seconds a student looks at the result before the next action


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def page_values() -> dict[tuple[str, str], object]:
    """What the page holds at start, by (component id, property)."""
    state, train = State(), TrainOptions()
    values = {(n, "value"): getattr(Params.default(), n) for n in NAMES}
    values.update(
        {
            ("activation", "value"): "tanh",
            ("act-param", "value"): 0.0,
            ("dataset", "value"): "parabola",
            ("samples", "value"): state.samples,
            ("noise", "value"): state.noise,
            ("data-seed", "value"): state.data_seed,
            ("stage", "value"): 3.0,
            ("view-options", "value"): [],
            ("data", "data"): load_for(state),
            ("link-opened", "data"): False,
            ("run", "data"): None,
        }
    )
    for f in dataclasses.fields(TrainOptions):
        values[(f"train-{f.name}", "value")] = getattr(train, f.name)
    return values


class App:
    """Builds callback requests the way the page does, from the app's dependency list."""

    def __init__(self, base: str):
        self.base = base
        with urllib.request.urlopen(base + "/_dash-dependencies", timeout=30) as r:
            self.deps = [d for d in json.load(r) if not d.get("clientside_function")]
        self.values = page_values()
        self.bodies: dict = {}

    def find(self, input_id: str) -> dict:
        return next(d for d in self.deps if any(i["id"] == input_id for i in d["inputs"]))

    def body(self, input_id: str, changes: dict) -> bytes:
        # Made once per kind of request: on a real class the students' own machines build
        # them, so the simulator should not spend this machine's CPU on it each time.
        key = (input_id, tuple(sorted((k, json.dumps(v)) for k, v in changes.items())))
        if key not in self.bodies:
            self.bodies[key] = self._body(input_id, changes)
        return self.bodies[key]

    def _body(self, input_id: str, changes: dict) -> bytes:
        dep = self.find(input_id)
        values = {**self.values, **changes}
        parts = dep["output"].strip(".").split("...")
        outputs = [dict(zip(("id", "property"), p.rsplit(".", 1))) for p in parts]

        def filled(items):
            return [{**i, "value": values.get((i["id"], i["property"]))} for i in items]

        return json.dumps(
            {
                "output": dep["output"],
                "outputs": outputs if len(outputs) > 1 else outputs[0],
                "inputs": filled(dep["inputs"]),
                "changedPropIds": [f"{input_id}.{next(iter(changes))[1]}"],
                "state": filled(dep["state"]),
            }
        ).encode()


def timed(fn) -> tuple[float, str | None]:
    start = time.perf_counter()
    try:
        fn()
        return time.perf_counter() - start, None
    except Exception as why:  # noqa: BLE001  (every failure is counted and shown)
        return time.perf_counter() - start, f"{type(why).__name__}: {why}"[:160]


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as r:
        if r.status != 200:
            raise RuntimeError(f"HTTP {r.status}")
        return r.read()


def post(app: App, input_id: str, changes: dict, expect: bytes = b'"response"') -> None:
    """A callback request; the answer must be a callback response holding `expect` (checked
    on the bytes: parsing every answer here would cost the simulator more than the server)."""
    request = urllib.request.Request(
        app.base + "/_dash-update-component",
        data=app.body(input_id, changes),
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=60) as r:
        answer = r.read()
    if b'"response"' not in answer[:200] or expect not in answer:
        raise RuntimeError("not the expected answer: " + answer[:120].decode(errors="replace"))


class Browser:
    """A student's browser cache: fingerprinted scripts (max-age) are kept, the rest is
    revalidated with its ETag (a 304 answer), as Chromium does."""

    def __init__(self):
        self.kept: set[str] = set()
        self.etags: dict[str, str] = {}

    def fetch(self, url: str) -> None:
        if url in self.kept:
            return
        request = urllib.request.Request(url)
        if url in self.etags:
            request.add_header("If-None-Match", self.etags[url])
        try:
            with urllib.request.urlopen(request, timeout=60) as r:
                r.read()
                if "max-age=" in (r.headers.get("Cache-Control") or ""):
                    self.kept.add(url)
                elif r.headers.get("ETag"):
                    self.etags[url] = r.headers["ETag"]
        except urllib.error.HTTPError as answer:
            if answer.code != 304:
                raise


def load_page(app: App, browser: Browser) -> None:
    html = get(app.base + "/").decode()
    for path in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        browser.fetch(app.base + path)
    get(app.base + "/_dash-layout")
    get(app.base + "/_dash-dependencies")


def train(app: App) -> None:
    post(app, "train", {("train", "n_clicks"): 1}, expect=b'"trajectory"')


ACTIONS = {
    "load page + scripts": load_page,  # with the student's own browser cache
    "change data set": lambda app: post(
        app, "dataset", {("dataset", "value"): random.choice(["moons", "circles", "xor"])}
    ),
    "train (default run)": train,
    "fit output layer": lambda app: post(app, "fit-output", {("fit-output", "n_clicks"): 1}),
    "open shared link": lambda app: post(app, "url", {("url", "search"): LINK}),
}


def student(app: App, until: float, results, rng: random.Random) -> None:
    browser = Browser()
    time.sleep(rng.uniform(0, THINK[1]))  # students do not all start in the same second
    while time.monotonic() < until:
        for name, action in ACTIONS.items():
            if time.monotonic() >= until:
                return
            run = (
                (lambda: load_page(app, browser))
                if action is load_page
                else (lambda a=action: a(app))
            )
            seconds, error = timed(run)
            results[name].append((seconds, error))
            time.sleep(rng.uniform(*THINK))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    port = free_port()
    cmd = [sys.executable, "-m", "explorer.cli", "serve", "--no-browser", "--port", str(port)]
    server = subprocess.Popen(
        [*cmd, "--workers", str(args.workers)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                get(base + "/")
                break
            except OSError:
                time.sleep(0.2)
        app = App(base)
        results = defaultdict(list)
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=student, args=(app, until, results, random.Random(k)))
            for k in range(args.students)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(
        f"{args.students} students for {args.seconds:.0f} s, think time {THINK[0]}-{THINK[1]} s, "
        f"server: waitress, {args.workers} workers"
    )
    print(f"{'action':22s} {'actions':>8s} {'errors':>6s} {'p50':>8s} {'p95':>8s} {'max':>8s}")
    met = True
    for name in ACTIONS:
        rows = results[name]
        seconds = np.array([s for s, _ in rows]) if rows else np.zeros(1)
        errors = [e for _, e in rows if e]
        p50, p95 = np.percentile(seconds, [50, 95])
        print(
            f"{name:22s} {len(rows):8d} {len(errors):6d} {p50:7.3f}s {p95:7.3f}s "
            f"{seconds.max():7.3f}s"
        )
        limit = 5.0 if name.startswith("train") else 0.5
        met &= not errors and p95 <= limit
        for e in sorted(set(errors))[:3]:
            print(f"    e.g. {e}")
    total = sum(len(r) for r in results.values())
    print(f"requests (actions) in all: {total}")
    print("bar: 0 errors, p95 <= 0.5 s (training <= 5 s) -> " + ("met" if met else "NOT met"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
