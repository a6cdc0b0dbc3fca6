"""A class on one server: N simulated students for S seconds against `tinynet serve --workers W`.

Each student acts like a real one, with think time between actions: load the page and all its
scripts, change the data set, train the default run and watch it live, fit the output layer,
open a shared link. Watching a run is what the page does (assets/training/live.js): the first
chunk of epochs is asked for at once, the views then move at the default speed (16 epochs a
second), and the next chunk is asked for when fewer than 48 epochs (3 s) are left in hand; whenever
the views have caught up with what has arrived, the run is behind its pace, and for how long is
measured. The requests are the ones the page sends (built from the app's own
/_dash-dependencies); a "busy" answer (503) is retried after a pause, as the page does.

With --hostile H, H more clients post the heaviest training chunk the page allows (20,000
points, 5,000 epochs, batch 667, GELU, Adam, squared error, L2) again and again with no think
time (pausing only when told "busy", as a page does): their answers are counted apart; the
students' actions must still all succeed.

Prints requests, errors and p50/p95/max per action, and the bars: 0 errors; p95 of every
non-training action <= 0.2 s (<= 0.5 s beside hostile clients); p95 of a training chunk
<= 0.5 s; and how far the live runs fall behind their pace.

    .venv/bin/python benchmarks/bench_load.py [--students 100] [--seconds 60] [--workers 2]
    .venv/bin/python benchmarks/bench_load.py --students 20 --hostile 40 [--hostile-pages]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import resource
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

from tinynet.explorer.data.points import load_for  # noqa: E402
from tinynet.explorer.state import State, TrainOptions  # noqa: E402
from tinynet.model import NAMES  # noqa: E402

LINK = "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0&activation=relu&dataset=parabola"
THINK = (1.0, 4.0)  # seconds a student looks at the result before the next action
PACE = 16.0  # epochs a second: the page's default speed ("Normal")
LOOKAHEAD = 48  # epochs in hand below which the page asks for the next chunk (live.js)
TRAINING = "train: chunk"
BUSY = "train: busy answer"


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


def get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=60) as r:
        if r.status != 200:
            raise RuntimeError(f"HTTP {r.status}")
        return r.read()


def post(app: App, browser, input_id: str, changes: dict, expect: bytes = b'"response"') -> None:
    """A callback request; the answer must be a callback response holding `expect` (checked
    on the bytes: parsing every answer here would cost the simulator more than the server)."""
    answer = app.post(app.body(input_id, changes), headers=browser.headers())
    if b'"response"' not in answer[:200] or expect not in answer:
        raise RuntimeError("not the expected answer: " + answer[:120].decode(errors="replace"))


class Browser:
    """A student's browser cache: fingerprinted scripts (max-age) are kept, the rest is
    revalidated with its ETag (a 304 answer), as Chromium does."""

    def __init__(self):
        self.kept: set[str] = set()
        self.etags: dict[str, str] = {}
        self.cookie: str | None = None  # the page's client cookie, sent back as a browser does

    def headers(self) -> dict:
        return {"Cookie": self.cookie} if self.cookie else {}

    def fetch(self, url: str) -> None:
        if url in self.kept:
            return
        request = urllib.request.Request(url, headers={"Accept-Encoding": "br, gzip"})
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
    with urllib.request.urlopen(
        urllib.request.Request(app.base + "/", headers=browser.headers()), timeout=60
    ) as r:
        html = r.read().decode()
        given = r.headers.get("Set-Cookie")
    if given:
        browser.cookie = given.split(";", 1)[0]
    for path in re.findall(r'(?:src|href)="(/[^"]+)"', html):
        browser.fetch(app.base + path)
    get(app.base + "/_dash-layout")
    get(app.base + "/_dash-dependencies")


# -- training, chunk by chunk ---------------------------------------------------------------


def run_request(options: dict, activation: str, recipe: dict) -> dict:
    """What live.js posts for a new run (before the id and the goal)."""
    state = State(activation=activation)
    return {
        "options": options,
        "activation": activation,
        "act_param": None,
        "data": {"made_by": recipe},
        "start": [getattr(state.params, n) for n in NAMES],
        "count": 1,
    }


def default_request() -> dict:
    state = State()
    options = {k: str(v) for k, v in vars(TrainOptions()).items()}
    return run_request(options, state.activation, load_for(state)["made_by"])


def heavy_request() -> dict:
    recipe = dict(load_for(State())["made_by"], samples=20_000)
    options = {
        **{k: str(v) for k, v in vars(TrainOptions()).items()},
        "optimizer": "adam",
        "loss": "mse",
        "l2": "0.01",
        "epochs": "5000",
        "batch_size": "667",
    }
    return run_request(options, "gelu", recipe)


def chunk(app: App, browser, request: dict) -> dict:
    """One chunk request, as the page's store change sends it; the chunk answer."""
    # Not kept: every chunk request differs (the runs' state goes with it).
    body = Callbacks.body(app, "chunk-request", {("chunk-request", "data"): request})
    answer = json.loads(app.post(body, headers=browser.headers()))["response"]["chunk-answer"]
    answer = answer["data"]
    if answer.get("error"):
        raise RuntimeError(answer["error"])
    return answer


class Watch:
    """One live run as a student sees it: epochs shown at PACE, chunks arriving."""

    def __init__(self):
        self.have = 0.0  # last epoch that has arrived
        self.shown = 0.0  # epoch on the screen
        self.clock = None  # when `shown` was last brought up to date
        self.behind = 0.0  # seconds the views stood still, waiting for epochs

    def advance(self, now: float) -> None:
        if self.clock is None:  # the first frame: the run starts showing now
            self.clock = now
            return
        wanted = self.shown + PACE * (now - self.clock)
        if wanted > self.have:
            self.behind += (wanted - self.have) / PACE
        self.shown, self.clock = min(wanted, self.have), now


def watch_run(app: App, browser, request: dict, times: dict, rng: random.Random) -> dict:
    """Train and watch one run to its end; the chunk times go to `times`."""
    ident = f"run-{rng.getrandbits(32)}"
    ask = dict(request, id=ident, goal="run", ahead=LOOKAHEAD)
    watch, chunks, first = Watch(), 0, None
    pressed = time.perf_counter()
    busy = 0
    while True:
        start = time.perf_counter()
        answer = chunk(app, browser, ask)
        now = time.perf_counter()
        if answer.get("busy"):  # as live.js: ask again after the server's pause
            busy += 1
            times[BUSY].append(now - start)
            time.sleep(answer["busy"] * rng.uniform(0.75, 1.25))
            continue
        times[TRAINING].append(now - start)
        first = first if first is not None else now - pressed
        chunks += 1
        watch.advance(now)
        watch.have = answer["records"][0][-1]["at"] if answer["records"][0] else watch.have
        if answer["done"]:
            break
        ask = dict(request, id=ident, goal="run", runs=answer["runs"], ahead=2 * LOOKAHEAD)
        # The page asks again once fewer than LOOKAHEAD epochs are left to show.
        wait = (watch.have - LOOKAHEAD - watch.shown) / PACE
        if wait > 0:
            time.sleep(wait)
            watch.advance(time.perf_counter())
    time.sleep(max(0.0, (watch.have - watch.shown) / PACE))  # the rest of the run plays
    return {"first": first, "behind": watch.behind, "chunks": chunks, "busy": busy}


# -- the class ------------------------------------------------------------------------------


def student(app: App, until: float, results, runs: list, rng: random.Random) -> None:
    browser, request = Browser(), default_request()
    actions = {
        "load page + scripts": lambda: load_page(app, browser),
        "change data set": lambda: post(
            app, browser, "dataset", {("dataset", "value"): rng.choice(["moons", "circles", "xor"])}
        ),
        "train (watch live)": lambda: runs.append(watch_run(app, browser, request, results, rng)),
        "fit output layer": lambda: post(
            app, browser, "fit-output", {("fit-output", "n_clicks"): 1}
        ),
        "open shared link": lambda: post(app, browser, "url", {("url", "search"): LINK}),
    }
    time.sleep(rng.uniform(0, THINK[1]))  # students do not all start in the same second
    while time.monotonic() < until:
        for name, action in actions.items():
            if time.monotonic() >= until:
                return
            start = time.perf_counter()
            try:
                action()
                error = None
            except Exception as why:  # noqa: BLE001  (every failure is counted and shown)
                error = f"{type(why).__name__}: {why}"[:160]
            results[name].append((time.perf_counter() - start, error))
            time.sleep(rng.uniform(*THINK))


def hostile(app: App, until: float, answers: dict, page: bool) -> None:
    """The heaviest chunk there is, asked again the moment an answer arrives (after a busy
    answer, after the pause the server asks for, as a page takes it; a client that does not
    wait is a flood, for nginx's limit_req in front of the app). `page`: it loads the page
    first and sends its cookie back, as a page left open in a loop would (each is a client of
    its own); else it is a script with no cookie (all of them one client, their address)."""
    browser = Browser()
    if page:
        load_page(app, browser)
    request = dict(heavy_request(), id="hostile", goal="run")
    body = app.body("chunk-request", {("chunk-request", "data"): request})
    while time.monotonic() < until:
        try:
            with urllib.request.urlopen(
                urllib.request.Request(
                    app.base + "/_dash-update-component",
                    data=body,
                    headers={"Content-Type": "application/json", **browser.headers()},
                ),
                timeout=60,
            ) as r:
                busy = b'"busy"' in r.read()
            answers["busy" if busy else "trained a chunk"] += 1
            if busy:  # the pause the server asks for, as the page takes it
                time.sleep(0.5)
        except urllib.error.HTTPError as error:
            answers[f"HTTP {error.code}"] += 1
        except OSError as error:
            answers[type(error).__name__] += 1


def percentiles(values) -> tuple[float, float, float]:
    arr = np.asarray(values, float) if len(values) else np.zeros(1)
    p50, p95 = np.percentile(arr, [50, 95])
    return p50, p95, arr.max()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--hostile", type=int, default=0, help="clients posting heavy chunks")
    parser.add_argument(
        "--hostile-pages",
        action="store_true",
        help="each hostile client loads the page first and keeps its cookie (a client each)",
    )
    args = parser.parse_args()
    server, port = start_server(ARTIFACTS / "bench-load-server.log", "--workers", str(args.workers))
    base = f"http://127.0.0.1:{port}"
    results, runs, answers = defaultdict(list), [], defaultdict(int)
    try:
        app = App(base)
        until = time.monotonic() + args.seconds
        threads = [
            threading.Thread(target=student, args=(app, until, results, runs, random.Random(k)))
            for k in range(args.students)
        ] + [
            threading.Thread(target=hostile, args=(app, until, answers, args.hostile_pages))
            for _ in range(args.hostile)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.monotonic() - (until - args.seconds)
    finally:
        stop_server(server)
    mine = resource.getrusage(resource.RUSAGE_SELF)
    theirs = resource.getrusage(resource.RUSAGE_CHILDREN)
    kind = " (each with its page cookie)" if args.hostile_pages else ""
    print(
        f"{args.students} students for {args.seconds:.0f} s, think time {THINK[0]}-{THINK[1]} s, "
        f"{args.hostile} hostile clients{kind}; "
        f"server: gunicorn + waitress, {args.workers} workers"
    )
    print(f"{'action':22s} {'actions':>8s} {'errors':>6s} {'p50':>8s} {'p95':>8s} {'max':>8s}")
    limit = 0.5 if args.hostile else 0.2
    met = True
    names = ["load page + scripts", "change data set", "train (watch live)", TRAINING, BUSY]
    for name in names + ["fit output layer", "open shared link"]:
        rows = results[name]
        if name in (TRAINING, BUSY):
            rows = [(s, None) for s in rows]
        errors = [e for _, e in rows if e]
        p50, p95, most = percentiles([s for s, _ in rows])
        print(f"{name:22s} {len(rows):8d} {len(errors):6d} {p50:7.3f}s {p95:7.3f}s {most:7.3f}s")
        met &= not errors
        if name == TRAINING:
            met &= p95 <= 0.5
        elif name not in ("train (watch live)", BUSY):
            met &= p95 <= limit
        for e in sorted(set(errors))[:3]:
            print(f"    e.g. {e}")
    if runs:
        first = percentiles([r["first"] for r in runs])
        behind = percentiles([r["behind"] for r in runs])
        chunks = np.mean([r["chunks"] for r in runs])
        late = sum(r["behind"] > 0 for r in runs)
        busy = sum(r["busy"] for r in runs)
        print(
            f"live runs: {len(runs)} watched to the end, {chunks:.1f} chunks each; first frame "
            f"p50 {first[0]:.3f} s p95 {first[1]:.3f} s; behind the default pace: {late} runs, "
            f"p50 {behind[0]:.2f} s p95 {behind[1]:.2f} s max {behind[2]:.2f} s "
            f"(a run shows in {150 / PACE:.1f} s); {busy} busy answers waited out"
        )
    print(
        f"CPU over the {wall:.0f} s: server {theirs.ru_utime + theirs.ru_stime:.0f} s "
        f"(user {theirs.ru_utime:.0f}, system {theirs.ru_stime:.0f}), this simulator "
        f"{mine.ru_utime + mine.ru_stime:.0f} s, of {os.cpu_count()} cores x {wall:.0f} s"
    )
    if args.hostile:
        print("hostile answers: " + ", ".join(f"{k} {v}" for k, v in sorted(answers.items())))
    print(
        f"bar: 0 errors, p95 of non-training actions <= {limit} s, p95 of a chunk <= 0.5 s -> "
        + ("met" if met else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
