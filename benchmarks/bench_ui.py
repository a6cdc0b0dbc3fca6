"""Slider-to-screen latency of the explorer in headless Chromium.

    .venv/bin/python benchmarks/bench_ui.py [--steps 200] [--slider w21]

Starts `tinynet serve`, opens the default view, then presses ArrowRight on a weight slider
`--steps` times, one step at a time. For each step it measures the time from the key press to
the first animation frame after every view (the four graphs) has repainted (Plotly's
afterplot, or the canvas painter's tinynet:painted event), in milliseconds and
in frames of the page's own requestAnimationFrame interval, and counts the requests the page
sent to the server meanwhile. Bar: 0 requests, p50 <= 3 frames, p95 <= 6 frames.

Then training: the time from a click on Train (the notebook's run) to every view repainted with
the learned weights, against the bare model.train of the same run in this process (bar: at most
1.5x + 0.2 s); and the replay: Play from epoch 0, the interval between its animation frames
(bar: p50 <= 2 frames, i.e. 30 fps or better) and the requests sent meanwhile (bar: 0).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The browser tests' helpers; the project first, as tests/ has folders named like its packages.
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "browser"), str(ROOT / "tests")]
from conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, start_server  # noqa: E402

GRAPHS = ["input-graph", "hidden-graph", "activation-graph", "diagram-graph"]

INSTRUMENT = """(ids) => {
  const bench = window.__bench = {t0: 0, paints: {}};
  // A view has repainted when Plotly re-rendered it or the fast painter painted it.
  ids.forEach(id => {
    const gd = document.querySelector('#' + id + ' .js-plotly-plot');
    const mark = () => { bench.paints[id] = performance.now(); };
    gd.on('plotly_afterplot', mark);
    gd.addEventListener('tinynet:painted', mark);
  });
  document.addEventListener('keydown', () => { bench.t0 = performance.now(); bench.paints = {}; },
                            true);
  window.__benchWait = () => new Promise(resolve => {
    const check = () => {
      if (ids.every(id => bench.paints[id] > bench.t0)) {
        requestAnimationFrame(() => resolve(performance.now() - bench.t0));
      } else {
        requestAnimationFrame(check);
      }
    };
    check();
  });
}"""

FRAME_INTERVAL = """() => new Promise(resolve => {
  const times = [];
  const tick = t => { times.push(t); if (times.length < 121) requestAnimationFrame(tick);
    else { const d = times.slice(1).map((t, i) => t - times[i]).sort((a, b) => a - b);
           resolve(d[Math.floor(d.length / 2)]); } };
  requestAnimationFrame(tick);
})"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def training(page, requests: list[str]):
    """Train click to repainted views, bare training time, replay frame intervals."""
    import time

    from tinynet import datasets, model

    X, y = datasets.load("parabola")
    bare = min(_timed(lambda: model.train(X, y)) for _ in range(3))
    page.evaluate("""() => { window.__trained = null;
      document.querySelector('#hidden-graph .js-plotly-plot').addEventListener('tinynet:painted',
        () => { if (/Trained/.test(document.querySelector('#train-message').innerText)
                    && window.__trained === null) window.__trained = performance.now(); }); }""")
    start = page.evaluate("performance.now()")
    page.click("#train")
    page.wait_for_function("() => window.__trained !== null", timeout=60_000)
    took = (page.evaluate("window.__trained") - start) / 1000
    page.locator("#epoch [role=slider]").press("Home")
    time.sleep(1.0)
    before = len(requests)
    page.click("#replay-play")
    page.wait_for_function(
        "() => document.querySelector('#epoch-label').innerText.startsWith('epoch 150')",
        timeout=60_000,
    )
    frames = page.evaluate("window.tinynetReplay.frames")
    during = [u for u in requests[before:] if "_dash-update-component" in u]
    return took, bare, frames, during


def _timed(fn) -> float:
    import time

    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--slider", default="w21")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    server, port = start_server(ARTIFACTS / "bench-server.log")
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            requests: list[str] = []
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector("#accuracy:has-text('Accuracy')", timeout=30_000)
            page.wait_for_timeout(1500)
            frame = page.evaluate(FRAME_INTERVAL)
            page.evaluate(INSTRUMENT, GRAPHS)
            page.on("request", lambda r: requests.append(r.url))
            thumb = page.locator(f"#{args.slider} [role=slider]")
            thumb.focus()
            latencies = []
            for _ in range(args.steps):
                thumb.press("ArrowRight")
                latencies.append(page.evaluate("window.__benchWait()"))
            slider_requests = [u for u in requests if "_dash-update-component" in u]
            train_s, bare_s, replay, replay_requests = training(page, requests)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    to_server = slider_requests
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    print(f"{args.steps} keyboard steps of {args.slider} on the default view (parabola, tanh)")
    print(f"frame interval (requestAnimationFrame, median) {frame:.2f} ms")
    print(
        f"key press -> every view repainted: p50 {p50:.1f} ms = {p50 / frame:.2f} frames, "
        f"p95 {p95:.1f} ms = {p95 / frame:.2f} frames, max {max(latencies):.1f} ms"
    )
    print(f"requests to the server during the steps: {len(to_server)}")
    print(
        f"bar: 0 requests, p50 <= 3 frames, p95 <= 6 frames -> "
        f"{'met' if not to_server and p50 <= 3 * frame and p95 <= 6 * frame else 'NOT met'}"
    )
    print()
    print(
        f"Train click -> views repainted: {train_s:.3f} s; bare model.train of the same run "
        f"{bare_s:.3f} s; ratio {train_s / bare_s:.2f}x"
    )
    print(
        f"bar: <= 1.5x + 0.2 s = {1.5 * bare_s + 0.2:.3f} s -> "
        f"{'met' if train_s <= 1.5 * bare_s + 0.2 else 'NOT met'}"
    )
    r50, r95 = percentile(replay, 0.5), percentile(replay, 0.95)
    print(
        f"replay of 150 epochs: {len(replay)} frame intervals, p50 {r50:.1f} ms = "
        f"{r50 / frame:.2f} frames ({1000 / r50:.0f} fps), p95 {r95:.1f} ms = "
        f"{r95 / frame:.2f} frames; requests during the replay: {len(replay_requests)}"
    )
    print(
        f"bar: 0 requests, p50 <= 2 frames -> "
        f"{'met' if not replay_requests and r50 <= 2 * frame else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
