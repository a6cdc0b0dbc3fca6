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
import json
import random
import re
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
# The project first: tests/ has folders named like its packages (tests/datasets, tests/model).
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from servers import ARTIFACTS, Callbacks, start_server, stop_server  # noqa: E402

LINK = "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0&activation=relu&dataset=parabola"
THINK = (2.0, 8.0)  # seconds a student looks at the result before the next action


class App(Callbacks):
    """The page's callback requests, each kind built once: in a real class the students' own
    machines build them, so the simulator should not spend this machine's CPU on it each time."""

    def __init__(self, base: str):
        super().__init__(base)
        self.bodies: dict = {}

    def body(self, input_id: str, changes: dict) -> bytes:
        key = (input_id, tuple(sorted((k, json.dumps(v)) for k, v in changes.items())))
        if key not in self.bodies:
            self.bodies[key] = super().body(input_id, changes)
        return self.bodies[key]


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
    answer = app.post(app.body(input_id, changes))
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
    server, port = start_server(ARTIFACTS / "bench-load-server.log", "--workers", str(args.workers))
    base = f"http://127.0.0.1:{port}"
    try:
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
        stop_server(server)
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
