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
        self.page.wait_for_selector("#accuracy:has-text('Accuracy')", timeout=30_000)
        self.page.wait_for_function("() => window.tinynetViews && window.Plotly")

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

    def set_weight(self, name: str, value: float) -> None:
        box = self.page.locator(f"#{name} input[type=number]")
        box.fill(str(value))
        box.press("Tab")  # the box commits (and clamps) its value when it loses focus

    def choose(self, dropdown_id: str, option: str) -> None:
        self.page.click(f"#{dropdown_id}")
        self.page.get_by_role("option", name=option, exact=True).click()

    def settle(self, ms: int = 400) -> None:
        self.page.wait_for_timeout(ms)

    def server_requests(self) -> list[str]:
        return [u for u in self.requests if "_dash-update-component" in u]


@pytest.fixture
def app_page(browser, server_url, request):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = Page(context.new_page(), server_url)
    yield page
    ARTIFACTS.mkdir(exist_ok=True)
    page.page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()
