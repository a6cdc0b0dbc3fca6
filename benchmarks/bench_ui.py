"""Slider-to-screen latency of the explorer in headless Chromium.

    .venv/bin/python benchmarks/bench_ui.py [--steps 200] [--slider w21]

Starts `tinynet serve`, opens the default view, then presses ArrowRight on a weight slider
`--steps` times, one step at a time. For each step it measures the time from the key press to
the first animation frame after every view (the four graphs) has repainted (Plotly's
afterplot, or the canvas painter's tinynet:painted event), in milliseconds and
in frames of the page's own requestAnimationFrame interval, and counts the requests the page
sent to the server meanwhile. Bar: 0 requests, p50 <= 3 frames, p95 <= 6 frames.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))
from conftest import CHROMIUM, CHROMIUM_ARGS, free_port, wait_for_port  # noqa: E402

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--slider", default="w21")
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "explorer.cli", "serve", "--no-browser", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        wait_for_port(port, server)
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
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)

    to_server = [u for u in requests if "_dash-update-component" in u]
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


if __name__ == "__main__":
    main()
