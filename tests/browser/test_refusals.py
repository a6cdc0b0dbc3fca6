"""Refusals always speak: a request the server finally refuses (busy after the retries, a
dropped connection) leaves a sentence in its panel saying what happened and what to do (the
page finds the panel's message line among the callback's outputs, so the export and the rest
work alike). The
refusal is made at the network (Playwright's routing answers 503 or drops the request); the
page and the server are the real ones."""

import json

import pytest


def refuse(page, marker: str, how: str) -> None:
    """Every callback request whose outputs name `marker` is answered 503 (busy) or dropped."""

    def handle(route):
        body = route.request.post_data or ""
        if marker in json.loads(body).get("output", ""):
            if how == "busy":
                route.fulfill(status=503, headers={"Retry-After": "0"}, body="busy")
            else:
                route.abort()
        else:
            route.continue_()

    page.page.route("**/_dash-update-component*", handle)


@pytest.mark.parametrize(
    "tab, button, marker, line, how, words",
    [
        ("explore", "#landscape-show", "landscape-graph", "train-message", "busy", "busy"),
        ("explore", "#landscape-show", "landscape-graph", "train-message", "drop", "not answer"),
        ("explore", "#run-restarts", "restarts-answer", "restarts-message", "busy", "busy"),
        ("training", "#fit-output", "weights-in", "train-message", "drop", "did not answer"),
        ("training", "#export-replay", "replay-parts", "export-message", "busy", "busy"),
    ],
)
def test_a_refused_request_says_so_in_its_panel(app_page, tab, button, marker, line, how, words):
    page = app_page.open()
    if button == "#export-replay":
        page.train()  # an export needs a run
    refuse(page, marker, how)
    page.tab(tab)
    page.page.click(button)
    page.until_text(line, words)
    assert "try again" in page.text(line)
    page.page.unroute("**/_dash-update-component*")
    app_page.errors.clear()  # the browser logs the refused requests themselves


def test_a_refused_check_says_so_where_its_verdict_goes(app_page):
    page = app_page.open("?lesson=xor&step=2")
    refuse(page, "lesson-result.className", "busy")  # the Check's own outputs
    page.page.click("#lesson-check")
    page.until_text("lesson-result", "busy")
    assert "try again" in page.text("lesson-result")
    page.page.unroute("**/_dash-update-component*")
    app_page.errors.clear()


def test_an_export_whose_template_does_not_arrive_says_so_and_downloads_nothing(app_page):
    """The replay file's template and plotly.js are separate requests (training/download.py):
    dropped, the export says so instead of "Exported"; let through again, the export works."""
    page = app_page.open()
    page.train()
    page.tab("training")
    page.page.route("**/_replay/**", lambda route: route.abort())
    downloads = []
    page.page.on("download", lambda download: downloads.append(download))
    page.page.click("#export-replay")
    page.until_text("export-message", "did not send all of the replay's page")
    assert "Try again" in page.text("export-message")
    assert not downloads
    page.page.unroute("**/_replay/**")
    app_page.errors.clear()  # the browser logs the dropped request itself
    with page.page.expect_download(timeout=60_000) as info:
        page.page.click("#export-replay")
    assert "@@tinynet-run:" not in info.value.path().read_text()
    page.until_text("export-message", "Exported the replay of 150 steps")
