"""Restart: stop the server, start it again, reopen a shared link: the same state and figures."""

from conftest import ARTIFACTS, Page, start_server

LINK = (
    "?w11=-3.0&w12=3.0&w21=-3.0&w22=-3.0&b11=1.0&b12=-1.0"
    "&activation=sigmoid&w13=-8.0&w23=7.98&b13=3.18"
)


def picture(browser, port: int) -> dict:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = Page(context.new_page(), f"http://127.0.0.1:{port}").open(LINK)
    page.until_text("accuracy", "Accuracy 100.0%")
    page.quiet()
    seen = {
        "input": page.figure("input-graph")["data"],
        "hidden": page.figure("hidden-graph")["data"],
        "accuracy": page.text("accuracy"),
        "weights": page.shown_weights(),
        "errors": page.errors,
    }
    context.close()
    return seen


def test_a_link_reopens_the_same_picture_after_a_server_restart(browser):
    seen = []
    for round_ in range(2):
        proc, port = start_server(ARTIFACTS / f"server-restart-{round_}.log")
        try:
            seen.append(picture(browser, port))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    before, after = seen
    assert before["errors"] == [] and after["errors"] == []
    assert before == after
