"""Real-browser tests: the explorer served by `tinynet serve` in its own process, driven by
Playwright in Debian's Chromium (never a downloaded browser). Each test leaves a screenshot in
test-artifacts/ (git-ignored)."""

from __future__ import annotations

import os

import pytest
from servers import ARTIFACTS, start_server

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def server_url():
    proc, port = start_server(ARTIFACTS / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(
            f"{CHROMIUM} is missing: install it with `apt-get install -y chromium` "
            "(`make test` does this when run as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


class Page:
    """A page of the explorer with its console errors and the requests it sent."""

    def __init__(self, page, url: str):
        self.page, self.url = page, url
        self.errors: list[str] = []
        self.requests: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("request", lambda r: self.requests.append(r.url))

    def open(self, query: str = "") -> Page:
        self.page.goto(self.url + "/" + query)
        self.wait_ready()
        return self

    def wait_ready(self) -> None:
        """The page is usable: readouts written, both views and both unit maps painted, and no
        request on its way (conditions, never a fixed time: the machine may be busy)."""
        self.page.wait_for_selector("#accuracy:has-text('Accuracy')", timeout=60_000)
        self.page.wait_for_function(
            """() => window.tinynetCanvas && window.Plotly && window.tinynetUnits &&
                 window.tinynetCanvas.paints('input-graph') > 0 &&
                 window.tinynetCanvas.paints('hidden-graph') > 0 &&
                 window.tinynetUnits.painted > 0""",
            timeout=60_000,
        )
        self.quiet()

    def quiet(self, frames: int = 3) -> None:
        """Wait until no callback request is on its way and no graph waits for its first
        drawing, for `frames` animation frames in a row."""
        self.page.wait_for_function(
            """n => { const a = window.tinynetActivity;
                 const calm = a && a.pending === 0 && window.tinynetCanvas.waiting() === 0;
                 a.calm = calm ? (a.calm || 0) + 1 : 0;
                 return a.calm >= n; }""",
            arg=frames,
            polling="raf",
            timeout=60_000,
        )

    def until(self, script: str, arg=None, timeout: int = 60_000) -> None:
        """Wait for a condition in the page (a JS function of `arg`)."""
        self.page.wait_for_function(script, arg=arg, timeout=timeout)

    def until_text(self, element_id: str, words: str, timeout: int = 60_000) -> None:
        self.until(
            "([id, w]) => (document.getElementById(id) || {}).textContent?.includes(w)",
            [element_id, words],
            timeout,
        )

    def figure(self, graph_id: str) -> dict:
        """The figure as Plotly holds it now (data and layout of the drawn graph)."""
        return self.page.evaluate(
            """id => { const full = window.tinynetCanvas.fullFigure(id);
                 const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                 const fig = full || {data: gd.data, layout: gd.layout};
                 return JSON.parse(JSON.stringify(fig)); }""",
            graph_id,
        )

    def text(self, element_id: str) -> str:
        return self.page.inner_text(f"#{element_id}")

    def shown_weights(self) -> list[float]:
        """The nine weights the views show now (the `weights` store, as the views read it)."""
        return self.page.evaluate("() => window.tinynetApp.shown")

    def set_weight(self, name: str, value) -> None:
        """Type a weight into its box and commit it (Enter), then wait until the views show it
        (or, for text that is no number, until the page has said so)."""
        from tinynet.model import NAMES

        box = self.page.locator(f"#box-{name}")
        box.fill(str(value))
        box.press("Enter")
        try:
            number = float(str(value).strip().replace(",", "."))
        except ValueError:
            self.until_text("typed-message", "not a number")
        else:
            self.until(
                "([k, v]) => window.tinynetApp.shown && window.tinynetApp.shown[k] === v",
                [NAMES.index(name), number],
            )
        self.quiet()

    def after_paint(self, action, graph: str = "hidden-graph") -> None:
        """Do `action` and wait until `graph` has been painted again."""
        before = self.page.evaluate("id => window.tinynetCanvas.paints(id)", graph)
        action()
        self.until("([id, n]) => window.tinynetCanvas.paints(id) > n", [graph, before])
        self.quiet()

    def box(self, name: str) -> str:
        return self.page.locator(f"#box-{name}").input_value()

    def choose(self, dropdown_id: str, option: str) -> None:
        self.page.click(f"#{dropdown_id}")
        self.page.get_by_role("option", name=option, exact=True).click()
        self.quiet()

    def tab(self, name: str) -> None:
        self.page.click(f"#tab-{name}")
        self.until("n => document.getElementById('side-tabs').getAttribute('data-tab') === n", name)

    def train(self, speed: str = "max", timeout: int = 120_000) -> None:
        """Train with the options on the page and wait for the run to end."""
        self.set_speed(speed)
        before = self.page.evaluate("() => window.tinynetLive.run && window.tinynetLive.run.id")
        self.page.click("#train")
        self.until(
            """b => window.tinynetLive.run && window.tinynetLive.run.id !== b &&
                 window.tinynetLive.run.done &&
                 document.getElementById('pause').textContent === 'Replay'""",
            before,
            timeout,
        )
        self.quiet()

    def set_speed(self, speed: str) -> None:
        labels = {"slow": "Slow", "normal": "Normal", "fast": "Fast", "max": "Fastest"}
        if self.page.evaluate("() => window.tinynetLive.speed") != speed:
            self.choose("speed", labels[speed])
            self.until("s => window.tinynetLive.speed === s", speed)

    def server_requests(self) -> list[str]:
        return [u for u in self.requests if "_dash-update-component" in u]


@pytest.fixture
def app_page(browser, server_url, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = Page(context.new_page(), server_url)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    assert page.errors == [], page.errors
    context.close()
