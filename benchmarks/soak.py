"""A soak: a class at work for many minutes while every abuse of the class server we know of
runs beside it, against `tinynet serve --workers 2` (gunicorn, as a class is served).

Beside S students (benchmarks/bench_load.py's: load the page, change the data, train and
watch live, fit, open a link, with think time), at the same time and all the time:
- flooders posting the heaviest training chunk in a loop, and the costliest restarts (200 GELU
  runs on 20,000 points, one batch), each a page with its cookie;
- clients asking for the page's scripts under ever new addresses (`?q=1`, `?q=2`, ...), which
  once grew the compression cache without bound;
- slow clients: connections sending a byte every few seconds, and bodies of 3.5 MB (under the
  4 MB limit) trickled in (held bodies go to temporary files);
- heavy requests whose client hangs up at once; data sets of 20,000 points made again and
  again; the heaviest replay export with every network's template and made-up template names;
  requests that are not JSON, or ask for nonsense.

Every SAMPLE seconds it measures the server's processes' memory (RSS, from /proc), the
temporary files they hold open (their size), and how long `/` takes to answer. It prints how
the memory and temporary space went (from the end of the first minute, once every cache is
warm, to the end), `/`'s p50/p95/max, the students' actions and any that failed, and the bar:
memory and temporary space flat (RSS grows by less than 40 MB or 10%, whichever is more;
temporary space no more than the slow bodies in flight can hold), `/` answered every time, 0
failed ordinary actions.

    .venv/bin/python benchmarks/soak.py [--minutes 10] [--students 20]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import socket
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_load  # noqa: E402  (the students, the flooders, the server)
import bench_requests  # noqa: E402  (the heaviest export)

from tinynet.explorer.training.download import template_path  # noqa: E402
from tinynet.model import architecture  # noqa: E402

SAMPLE = 5.0  # s between measurements
BODY_MB = 3.5  # a slow body: as large as a request may be (waitress refuses 4 MB and more)
WARM = 60.0  # s before the baseline: caches filled, every worker has served everything once
FLAT_SHARE, FLAT_MB = 0.10, 40.0


def processes(master: int) -> list[int]:
    """The server's process and its workers (gunicorn's children)."""
    pids = [master]
    try:
        with open(f"/proc/{master}/task/{master}/children") as f:
            pids += [int(p) for p in f.read().split()]
    except OSError:
        pass
    return pids


def rss_mb(pid: int) -> float:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def temp_bytes(pids: list[int], folder: str) -> int:
    """The size of the files under `folder` that the processes hold open (waitress's buffers
    for large bodies are such files, unlinked at once, so only their open handles show them)."""
    total = 0
    for pid in pids:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
                if target.startswith(folder):
                    total += os.stat(f"/proc/{pid}/fd/{fd}").st_size
            except OSError:
                continue
    return total


def page_time(base: str) -> float | None:
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(base + "/", timeout=30) as r:
            r.read()
        return time.perf_counter() - start
    except (OSError, urllib.error.URLError):
        return None


# -- the abuses -----------------------------------------------------------------------------


def loop(until: float, counts: dict, name: str, action) -> None:
    """`action` again and again until `until`; its outcomes counted by name."""
    while time.monotonic() < until:
        try:
            counts[f"{name}: {action()}"] += 1
        except urllib.error.HTTPError as error:
            counts[f"{name}: HTTP {error.code}"] += 1
        except OSError as error:
            counts[f"{name}: {type(error).__name__}"] += 1


def raw_post(app, body: bytes, headers: dict) -> str:
    with urllib.request.urlopen(
        urllib.request.Request(
            app.base + "/_dash-update-component",
            data=body,
            headers={"Content-Type": "application/json", **headers},
        ),
        timeout=60,
    ) as r:
        answer = r.read()
    if b'"busy"' in answer:
        time.sleep(0.5)  # the pause the server asks for, as a page takes it
        return "busy"
    return "answered"


def restarts_flooder(app, until: float, counts: dict) -> None:
    browser = bench_load.Browser()
    bench_load.load_page(app, browser)
    request = dict(bench_load.heavy_request(), id="flood", goal="run", count=200)
    request["options"] = dict(request["options"], epochs="10", batch_size="20000")
    body = app.body("restarts-request", {("restarts-request", "data"): request})
    loop(until, counts, "restarts flood", lambda: raw_post(app, body, browser.headers()))


def chunk_flooder(app, until: float, counts: dict) -> None:
    browser = bench_load.Browser()
    bench_load.load_page(app, browser)
    request = dict(bench_load.heavy_request(), id="flood", goal="run")
    body = app.body("chunk-request", {("chunk-request", "data"): request})
    loop(until, counts, "chunk flood", lambda: raw_post(app, body, browser.headers()))


def cache_buster(app, until: float, counts: dict, script: str) -> None:
    n = iter(range(10**9))

    def ask():
        with urllib.request.urlopen(
            urllib.request.Request(
                f"{app.base}{script}?q={next(n)}", headers={"Accept-Encoding": "br"}
            ),
            timeout=60,
        ) as r:
            r.read()
        return "answered"

    loop(until, counts, "new script addresses", ask)


def trickler(port: int, until: float, counts: dict, body_mb: float) -> None:
    """A connection that sends its request a few bytes at a time: headers only, or a body of
    `body_mb` MB; it starts again once the server drops it."""
    rng = random.Random()
    while time.monotonic() < until:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
                if body_mb:
                    size = int(body_mb * 2**20)
                    s.sendall(
                        b"POST /_dash-update-component HTTP/1.1\r\nHost: x\r\n"
                        b"Content-Type: application/json\r\n"
                        + f"Content-Length: {size}\r\n\r\n".encode()
                        + b"[" * (size // 2)  # half at once: a temporary file for it
                    )
                else:
                    s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
                while time.monotonic() < until:
                    time.sleep(rng.uniform(2, 4))
                    s.sendall(b"[" if body_mb else b"X-a: b\r\n")
        except OSError:
            counts["slow client: dropped by the server"] += 1


def hang_up(app, port: int, until: float, counts: dict) -> None:
    """A heavy request whose client closes the connection as soon as it is sent."""
    request = dict(bench_load.heavy_request(), id="gone", goal="run")
    body = app.body("chunk-request", {("chunk-request", "data"): request})
    head = (
        "POST /_dash-update-component HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n\r\n"
    ).encode()

    def ask():
        with socket.create_connection(("127.0.0.1", port), timeout=30) as s:
            s.sendall(head + body)
        time.sleep(0.2)
        return "sent and gone"

    loop(until, counts, "hang-ups", ask)


def data_maker(app, until: float, counts: dict) -> None:
    browser = bench_load.Browser()
    bench_load.load_page(app, browser)
    sizes = iter(range(10**9))

    def make():
        body = app.body(
            "samples",
            {("dataset", "value"): "moons", ("samples", "value"): 19000 + next(sizes) % 1000},
        )
        app.post(body, headers=browser.headers())
        return "made"

    loop(until, counts, "20,000-point data sets", make)


def exporter(app, until: float, counts: dict) -> None:
    """The heaviest export (2-3-3-1, 5,000 epochs, 20,000 points) again and again, each time
    with one of the networks' templates (each kept once) and a template name made up."""
    browser = bench_load.Browser()
    bench_load.load_page(app, browser)
    moons = bench_requests.big_data()
    body = app.body(
        "export-replay",
        {
            **bench_requests.network_values(bench_requests.LARGEST, "gelu", moons),
            ("export-replay", "n_clicks"): 1,
            ("run", "data"): bench_requests.long_run(bench_requests.LARGEST, 5000, moons),
        },
    )
    n = iter(range(10**9))

    def export():
        k = next(n)
        raw_post(app, body, browser.headers())
        hidden = architecture.ALL[k % len(architecture.ALL)]
        for path in (template_path(hidden), f"/_replay/2-3-1.{k:016x}.html"):
            request = urllib.request.Request(app.base + path, headers={"Accept-Encoding": "br"})
            try:
                with urllib.request.urlopen(request, timeout=60) as r:
                    r.read()
            except urllib.error.HTTPError as error:
                if error.code != 404:
                    raise
        return "exported"

    loop(until, counts, "heaviest exports", export)


def nonsense(app, until: float, counts: dict) -> None:
    bodies = [
        b"not json",
        b'{"output": "x"}',
        json.dumps({"output": "chunk-answer.data", "inputs": [1] * 1000}).encode(),
        b"[" * 5000,
    ]

    def ask():
        try:
            raw_post(app, random.choice(bodies), {})
        except urllib.error.HTTPError as error:
            return f"HTTP {error.code}"
        return "answered"

    def paced():
        time.sleep(0.2)
        return ask()

    loop(until, counts, "nonsense", paced)


# -- the soak -------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--students", type=int, default=20)
    args = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="tinynet-soak-")
    os.environ["TMPDIR"] = folder  # the server's temporary files, where they can be seen
    server, port = bench_load.start_server(
        bench_load.ARTIFACTS / "soak-server.log", "--workers", "2"
    )
    base = f"http://127.0.0.1:{port}"
    app = bench_load.App(base)
    results, runs, counts = defaultdict(list), [], defaultdict(int)
    started = time.monotonic()
    until = started + 60 * args.minutes
    page = urllib.request.urlopen(base + "/", timeout=30).read().decode()
    script = re.search(r'src="(/assets/vendor/plotly-cartesian[^"?]*)', page).group(1)
    threads = [
        threading.Thread(
            target=bench_load.student, args=(app, until, results, runs, random.Random(k))
        )
        for k in range(args.students)
    ]
    threads += [threading.Thread(target=chunk_flooder, args=(app, until, counts)) for _ in range(8)]
    threads += [
        threading.Thread(target=restarts_flooder, args=(app, until, counts)) for _ in range(4)
    ]
    threads += [threading.Thread(target=cache_buster, args=(app, until, counts, script))]
    threads += [
        threading.Thread(target=trickler, args=(port, until, counts, 0)) for _ in range(100)
    ]
    threads += [
        threading.Thread(target=trickler, args=(port, until, counts, BODY_MB)) for _ in range(10)
    ]
    threads += [threading.Thread(target=hang_up, args=(app, port, until, counts))]
    threads += [threading.Thread(target=data_maker, args=(app, until, counts)) for _ in range(2)]
    threads += [threading.Thread(target=nonsense, args=(app, until, counts))]
    threads += [threading.Thread(target=exporter, args=(app, until, counts))]
    for t in threads:
        t.daemon = True
        t.start()
    samples = []  # (seconds since start, rss per process, temp bytes, `/` time or None)
    try:
        while time.monotonic() < until:
            time.sleep(SAMPLE)
            pids = processes(server.pid)
            samples.append(
                (
                    time.monotonic() - started,
                    {pid: rss_mb(pid) for pid in pids},
                    temp_bytes(pids, folder),
                    page_time(base),
                )
            )
        for t in threads:
            t.join(timeout=90)
    finally:
        bench_load.stop_server(server)

    print(
        f"soak: {args.minutes:g} minutes, {args.students} students beside 8 chunk flooders, "
        f"4 restarts flooders, a cache buster, 100 slow headers, 10 slow {BODY_MB:g} MB bodies, "
        "hang-ups, "
        "2 data-set makers, the heaviest exports and nonsense; gunicorn, 2 workers"
    )
    warm = [s for s in samples if s[0] >= WARM] or samples
    first, last = warm[0], warm[-1]
    flat = True
    for pid in sorted(set(first[1]) & set(last[1])):
        start, end = first[1][pid], last[1][pid]
        top = max(s[1].get(pid, 0.0) for s in warm)
        grew = end - start
        ok = grew < max(FLAT_SHARE * start, FLAT_MB)
        flat &= ok
        print(
            f"process {pid}: RSS {start:.0f} MB at {first[0]:.0f} s, {end:.0f} MB at the end "
            f"(max {top:.0f}): {'flat' if ok else 'GREW'}"
        )
    temps = [s[2] for s in warm]
    held = 10 * BODY_MB * 2**20  # what the slow bodies in flight may hold at any moment
    temp_ok = max(temps) <= 1.05 * held  # never more than the slow bodies can hold at once
    flat &= temp_ok
    print(
        f"temporary files held open: {temps[0] / 2**20:.0f} MB after warm-up, "
        f"{temps[-1] / 2**20:.0f} MB at the end, max {max(temps) / 2**20:.0f} MB: "
        + ("bounded" if temp_ok else "GREW")
    )
    times = [s[3] for s in samples]
    answered = [t for t in times if t is not None]
    p50, p95 = np.percentile(answered, [50, 95]) if answered else (float("nan"),) * 2
    print(
        f"`/` asked {len(times)} times: answered {len(answered)}, p50 {p50:.3f} s, "
        f"p95 {p95:.3f} s, max {max(answered, default=float('nan')):.3f} s"
    )
    failed = 0
    for name, rows in sorted(results.items()):
        if name in (bench_load.TRAINING, bench_load.BUSY):
            continue
        errors = [e for _, e in rows if e]
        failed += len(errors)
        print(f"students, {name}: {len(rows)} done, {len(errors)} failed")
        for e in sorted(set(errors))[:3]:
            print(f"    e.g. {e}")
    if runs:
        behind = np.percentile([r["behind"] for r in runs], 95)
        print(
            f"live runs: {len(runs)} watched to the end, behind the default pace p95 {behind:.2f} s"
        )
    print("abuses: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    met = flat and len(answered) == len(times) and failed == 0
    print(
        "bar: RSS and temporary space flat, `/` answered every time, 0 failed ordinary "
        "actions -> " + ("met" if met else "NOT met")
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
