"""What one request costs the server, at the worst the page's controls allow: CPU seconds of
the server process per request, one request at a time on an idle `tinynet serve`.

Each kind of heavy request is sent as the page sends it (built from the app's own
/_dash-dependencies), at its heaviest: 20,000 points, GELU, the largest network, the longest
run, a 2 MB CSV in the shapes that cost most to read. The server's CPU time is read from
/proc before and after each answer (10 ms resolution), so it counts everything the request
cost: reading and checking the body, the work, JSON and compression of the answer.

Prints, per request, the median and the most CPU over the repeats; the bar is about 0.25 s
for any single request (issue 20).

    .venv/bin/python benchmarks/bench_requests.py [--repeats 5]
"""

from __future__ import annotations

import argparse
import base64
import gzip
import os
import re
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import brotli
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
from servers import Callbacks, page_values, start_server, stop_server  # noqa: E402

from tinynet.datasets import DATASETS, MAX_SAMPLES  # noqa: E402
from tinynet.explorer.data.points import load_for  # noqa: E402
from tinynet.explorer.limits import EPOCHS_MAX, RESTARTS_MAX  # noqa: E402
from tinynet.explorer.sharing.links import CONTROLS, control_values  # noqa: E402
from tinynet.explorer.state import State, TrainOptions  # noqa: E402
from tinynet.explorer.training.download import template_path  # noqa: E402
from tinynet.model import architecture  # noqa: E402

BAR = 0.25  # s of server CPU per request
LARGEST = (3, 3)  # the network with the most parameters
HEAVIEST = ("gelu", "softmax", "sine")  # the activations that cost most per point (measured)


def cpu_seconds(pid: int) -> float:
    """User and system time of a process and all its threads so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def big_data(dataset: str = "moons") -> dict:
    return load_for(State(dataset=dataset, samples=MAX_SAMPLES))


def network_values(hidden, activation: str, data: dict, seed: int = 0) -> dict:
    names = architecture.names(hidden)
    weights = np.random.default_rng(seed).uniform(-3, 3, len(names)).round(2).tolist()
    return {
        ("weights", "data"): weights,
        ("architecture", "data"): list(hidden),
        ("activation", "value"): activation,
        ("data", "data"): data,
    }


def long_run(hidden, epochs: int, data: dict) -> dict:
    """A run as the page keeps it after training: a record per epoch, weights and metrics."""
    count = architecture.count(hidden)
    rng = np.random.default_rng(1)
    path = np.cumsum(rng.normal(0, 0.01, (epochs + 1, count)), axis=0)
    return {
        "records": [
            {"at": float(k), "params": row.round(6).tolist(), "loss": 0.5, "accuracy": 0.9}
            for k, row in enumerate(path)
        ],
        "options": {k: str(v) for k, v in vars(TrainOptions()).items()},
        "hidden": list(hidden),
    }


def csv_upload(text: str, name: str) -> dict:
    encoded = base64.b64encode(text.encode()).decode()
    return {
        ("upload-payload", "data"): {
            "contents": "data:text/csv;base64," + encoded,
            "filename": name,
        }
    }


def csv_shapes() -> dict[str, str]:
    """2 MB CSV files: ordinary rows with long numbers, and shapes that make a reader loop."""
    rng = np.random.default_rng(2)
    limit = 2 * 1024 * 1024
    rows = [f"{a!r},{b!r},{int(a > b)}" for a, b in rng.uniform(-1, 1, (MAX_SAMPLES, 2)).tolist()]
    plain = "x1,x2,label\n" + "\n".join(rows) + "\n"
    padded = "x1,x2,label\n" + "\n".join(
        r.replace(",", " " * 40 + ",") for r in rows[: MAX_SAMPLES // 2]
    )
    blank = "x1,x2,label\n0.1,0.2,0\n0.3,0.4,1\n0.5,0.5,0\n0.2,0.1,1\n"
    blank += "\n" * (limit - len(blank) - 1)
    commas = "x1,x2,label\n" + ",,,,,,,,,,\n" * ((limit - 20) // 11)
    return {
        "20,000 rows": plain[:limit],
        "10,000 padded rows": padded[:limit],
        "blank lines": blank,
        "rows of commas": commas,
    }


def lesson_check_values(samples: int) -> dict:
    """The third-unit lesson's second step (a 3-D separability check), on `samples` points."""
    state = State(dataset="circles", activation="tanh", samples=samples).with_network((3,))
    values = dict(zip(CONTROLS, control_values(state, TrainOptions())))
    values[("lesson-pos", "data")] = {"lesson": "third-unit", "step": 2}
    values[("weights", "data")] = state.params.to_array().tolist()
    values[("lesson-check", "n_clicks")] = 1
    return values


def chunk_request(hidden, activation, count: int, epochs: int, batch: int) -> dict:
    recipe = dict(big_data()["made_by"])
    options = {
        **{k: str(v) for k, v in vars(TrainOptions()).items()},
        "epochs": str(epochs),
        "batch_size": str(batch),
        "optimizer": "adam",
    }
    return {
        "id": "bench",
        "goal": "run",
        "options": {**options, "init": "random" if count > 1 else options["init"]},
        "activation": activation,
        "act_param": None,
        "data": {"made_by": recipe},
        "hidden": architecture.short(hidden),
        "count": count,
        "start": None,
    }


def requests(app: Callbacks) -> list[tuple[str, str, dict]]:
    """(what, the input that changes, the values that differ from the page's)."""
    moons = big_data()
    heavy = network_values(LARGEST, "gelu", moons)
    out = [
        (
            f"data: {name}, 20,000 points",
            "samples",
            {("dataset", "value"): name, ("samples", "value"): MAX_SAMPLES},
        )
        for name in DATASETS
    ]
    out += [
        (f"upload: 2 MB CSV, {what}", "upload-payload", csv_upload(text, "big.csv"))
        for what, text in csv_shapes().items()
    ]
    for act in HEAVIEST:
        net = network_values(LARGEST, act, moons)
        out += [
            (
                f"fit: 2-3-3-1, {act}, 20,000 points",
                "fit-output",
                {**net, ("fit-output", "n_clicks"): 1},
            ),
            (
                f"landscape: 2-3-3-1, {act}, 20,000 points, 5,000 epochs' path",
                "landscape-show",
                {
                    **net,
                    ("landscape-show", "n_clicks"): 1,
                    ("landscape-x", "value"): "w1_11",
                    ("landscape-y", "value"): "w2_11",
                    ("run", "data"): long_run(LARGEST, EPOCHS_MAX, moons),
                },
            ),
        ]
    out += [
        (
            "export: 2-2-1, the notebook's 150 epochs, 2,000 points",
            "export-replay",
            {
                **network_values((2,), "tanh", load_for(State())),
                ("export-replay", "n_clicks"): 1,
                ("run", "data"): long_run((2,), 150, moons),
            },
        ),
        (
            "export: 2-3-1, 5,000 epochs, 20,000 points (3-D bundle)",
            "export-replay",
            {
                **network_values((3,), "gelu", moons),
                ("export-replay", "n_clicks"): 1,
                ("run", "data"): long_run((3,), EPOCHS_MAX, moons),
            },
        ),
        (
            "export: 2-3-3-1, GELU, 5,000 epochs, 20,000 points",
            "export-replay",
            {
                **heavy,
                ("export-replay", "n_clicks"): 1,
                ("run", "data"): long_run(LARGEST, EPOCHS_MAX, moons),
            },
        ),
        (
            "check: 3-D separability, 20,000 points",
            "lesson-check",
            lesson_check_values(MAX_SAMPLES),
        ),
    ]
    for what, request in (
        *(
            (
                f"restarts: {RESTARTS_MAX} of {label}, {act}, 20,000 points, 10 epochs",
                chunk_request(hidden, act, RESTARTS_MAX, 10, MAX_SAMPLES),
            )
            for hidden, label in (((2,), "2-2-1"), (LARGEST, "2-3-3-1"))
            for act in HEAVIEST
        ),
        ("chunk: 2-3-3-1, GELU, 20,000 points, batch 1", chunk_request(LARGEST, "gelu", 1, 7, 1)),
    ):
        out.append((what, "chunk-request", {("chunk-request", "data"): request}))
    return out


def post(app: Callbacks, body: bytes, headers: dict) -> bytes:
    """One callback request as a browser sends it, compression asked for; the answer, read."""
    request = urllib.request.Request(
        app.base + "/_dash-update-component",
        data=body,
        headers={"Content-Type": "application/json", "Accept-Encoding": "br, gzip", **headers},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as r:
            raw, encoding = r.read(), r.headers.get("Content-Encoding")
    except urllib.error.HTTPError as error:
        return f"HTTP {error.code}".encode()
    if encoding == "br":
        return brotli.decompress(raw)
    return gzip.decompress(raw) if encoding == "gzip" else raw


def names_fixed(label: str) -> str:
    return label if len(label) <= 62 else label[:59] + "..."


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    log = Path(tempfile.mkdtemp(prefix="tinynet-bench-")) / "server.log"
    proc, port = start_server(log)
    try:
        app = Callbacks(f"http://127.0.0.1:{port}", page_values())
        headers = app.page_cookie()
        rows = []
        for what, input_id, changes in requests(app):
            body = app.body(input_id, changes)
            costs, answer = [], b""
            for _ in range(args.repeats):
                before = cpu_seconds(proc.pid)
                answer = post(app, body, headers)
                costs.append(cpu_seconds(proc.pid) - before)
                time.sleep(0.05)
            ok = answer.startswith(b"{")
            rows.append((what, float(np.median(costs)), max(costs), len(body), ok, answer))
            print(
                f"{names_fixed(what):62s} p50 {rows[-1][1]:5.2f} s  max {rows[-1][2]:5.2f} s"
                f"  body {len(body) / 1e6:5.2f} MB{'' if ok else '  ' + answer[:60].decode()}",
                flush=True,
            )
        # The export's template: the first request for a network makes and compresses it (then
        # it is kept, and a browser keeps it too); the second is served as it was kept.
        for hidden in ((3,), LARGEST):
            path = app.base + template_path(hidden)
            for when in ("first", "again"):
                before = cpu_seconds(proc.pid)
                get = urllib.request.Request(path, headers={"Accept-Encoding": "br, gzip"})
                with urllib.request.urlopen(get, timeout=60) as r:
                    size, ok = len(r.read()), r.status == 200
                cost = cpu_seconds(proc.pid) - before
                what = f"export's template, {architecture.label(hidden)}, {when} request"
                rows.append((what, cost, cost, 0, ok, b""))
                print(
                    f"{names_fixed(what):62s} p50 {cost:5.2f} s  max {cost:5.2f} s"
                    f"  answer {size / 1e6:4.2f} MB (brotli)",
                    flush=True,
                )
        worst = max(rows, key=lambda r: r[2])
        print(
            f"\nworst request: {worst[0]}, {worst[2]:.2f} s of CPU "
            f"(bar about {BAR} s: {'met' if worst[2] <= BAR + 0.02 else 'not met'})"
        )
        if os.environ.get("BENCH_ANSWERS"):
            for what, *_, answer in rows:
                print(what, re.sub(r"\[[-0-9., e]{200,}\]", "[...]", answer.decode())[:400])
    finally:
        stop_server(proc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
