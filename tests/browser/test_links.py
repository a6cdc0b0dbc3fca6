"""Copy link copies (read back from the clipboard), and the link reopens the same picture in a
fresh page: true weights past the sliders' ends, own points included. Tampered links open with
a notice, never an error."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import Page

from tinynet.explorer.sharing import pointcode

PROBE = "the clipboard before Copy link"


def clipboard(page) -> str:
    return page.page.evaluate("() => navigator.clipboard.readText()")


def copy_link(page) -> str:
    """Click Copy link; the link on the clipboard (checked against the address bar)."""
    page.page.evaluate("t => navigator.clipboard.writeText(t)", PROBE)
    page.page.click("#copy-link")
    page.until_text("link-message", "Link copied")
    link = clipboard(page)
    assert link != PROBE and link == page.page.url
    return link


@pytest.fixture
def clip_context(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server_url)
    yield context
    context.close()


def open_in(context, server_url, link) -> Page:
    page = Page(context.new_page(), server_url)
    page.page.goto(link)
    page.wait_ready()
    return page


def same_picture(a: Page, b: Page) -> None:
    for graph in ("hidden-graph", "input-graph"):
        mine, theirs = a.figure(graph), b.figure(graph)
        assert mine["data"] == theirs["data"], graph
        assert mine["layout"].get("shapes") == theirs["layout"].get("shapes"), graph
    assert a.text("accuracy") == b.text("accuracy")
    assert a.shown_weights() == b.shown_weights()


def test_copy_link_copies_and_the_link_reopens_the_same_picture(clip_context, server_url):
    page = open_in(clip_context, server_url, server_url + "/")
    for name, value in {"w11": -3, "w12": 3, "b12": -0.75, "w13": 1.25}.items():
        page.set_weight(name, value)
    page.tab("activation")
    page.choose("activation", "Leaky ReLU")
    page.tab("data")
    page.choose("dataset", "Two moons")
    page.until_text("accuracy", "500 points")
    stage = page.page.locator("#stage [role=slider]")
    stage.focus()
    page.after_paint(lambda: stage.press("PageDown"))  # t = 2.9: partway through f
    link = copy_link(page)
    assert "w13=1.25" in link and "activation=leaky_relu" in link and "stage=2.9" in link
    other = open_in(clip_context, server_url, link)
    other.until_text("accuracy", "500 points")
    other.quiet()
    same_picture(page, other)
    assert other.text("notice") == "" and other.errors == []


def test_trained_weights_past_the_sliders_travel_exactly(clip_context, server_url):
    """Circles, adam, 1000 epochs: the readout is the run's own accuracy (not a clamped
    network's), and a copied link reopens the same numbers."""
    page = open_in(clip_context, server_url, server_url + "/")
    page.tab("data")
    page.choose("dataset", "Circles")
    page.until_text("accuracy", "points")
    page.tab("training")
    page.choose("train-optimizer", "Adam")
    for field, value in {"epochs": 1000, "lr": 0.05}.items():
        box = page.page.locator(f"#train-{field}")
        box.fill(str(value))
        box.press("Enter")
    page.quiet()
    page.train()
    last = page.page.evaluate("() => window.tinynetLive.run.records.slice(-1)[0]")
    assert max(abs(v) for v in last["params"]) > 8  # the sliders' end
    assert page.shown_weights() == last["params"]
    assert page.text("accuracy").startswith(f"Accuracy {100 * last['accuracy']:.1f}%")
    other = open_in(clip_context, server_url, copy_link(page))
    assert other.shown_weights() == last["params"]
    assert other.text("accuracy") == page.text("accuracy")


def test_added_points_travel_in_the_link(clip_context, server_url):
    page = open_in(clip_context, server_url, server_url + "/")
    page.tab("data")
    for x1, x2 in ((0.3, 0.9), (-0.6, -0.2), (0.1, 0.55)):
        page.page.locator("#add-x1").fill(str(x1))
        page.page.locator("#add-x2").fill(str(x2))
        page.page.click("#add-point")
        page.until_text("data-message", f"({x1}, {x2})")
    page.quiet()
    link = copy_link(page)
    # The data set's recipe, and only the three points added to it.
    assert "dataset=parabola" in link and "#added=" in link
    assert "It holds your 3 added points" in page.text("link-message")
    other = open_in(clip_context, server_url, link)
    other.until_text("notice", "This link holds its own data (the data set it names with 3")
    assert "2,003 points" in other.text("notice")
    other.quiet()
    same_picture(page, other)


def test_a_link_says_when_it_cannot_carry_the_points(clip_context, server_url, tmp_path):
    page = open_in(clip_context, server_url, server_url + "/")
    rng = np.random.default_rng(3)
    n = pointcode.POINTS_MAX + 500
    X = rng.uniform(-1, 1, (n, 2)).round(4)
    rows = ["x1,x2,label"] + [f"{a},{b},{int(a * b > 0)}" for a, b in X]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    page.tab("data")
    page.page.set_input_files("#upload input[type=file]", str(path))
    page.until(f"() => document.getElementById('accuracy').textContent.includes('{n} points')")
    page.page.evaluate("t => navigator.clipboard.writeText(t)", PROBE)
    page.page.click("#copy-link")
    page.until_text("link-message", "Download CSV")
    assert "at most 10,000 points" in page.text("link-message")
    assert "#points=" not in clipboard(page)


def test_a_clipboard_that_refuses_gets_the_link_selected_to_copy_by_hand(browser, server_url):
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    # As on http://<the teacher's LAN address>: no clipboard API, and the old way refused.
    context.add_init_script(
        "Object.defineProperty(navigator, 'clipboard', {value: undefined});"
        "document.execCommand = () => false;"
    )
    try:
        page = Page(context.new_page(), server_url).open()
        page.set_weight("w11", 2.5)
        page.page.click("#copy-link")
        page.until_text("link-message", "press Ctrl+C")
        assert "Link copied" not in page.text("link-message")
        box = page.page.locator("#link-text")
        assert box.is_visible() and box.input_value() == page.page.url
        assert "w11=2.5" in box.input_value()
        page.until(
            "() => { const b = document.getElementById('link-text');"
            " return document.activeElement === b &&"
            " b.selectionEnd - b.selectionStart === b.value.length; }"
        )
    finally:
        context.close()


def test_a_tampered_link_opens_with_a_notice_that_leaves_the_header_alone(app_page):
    page = app_page.open("?w11=banana&activation=%3Cscript%3Ealert(1)%3C/script%3E&samples=-3")
    page.until_text("notice", "This link had problems")
    text = page.text("notice")
    assert "w11" in text and "activation" in text and "samples" in text
    page.tab("network")
    assert "tanh(1.00·x1" in page.text("equations")  # the defaults stand
    boxes = page.page.evaluate(
        """() => ['notice', 'copy-link']
             .map(id => document.getElementById(id).getBoundingClientRect())
             .concat([document.querySelector('.topbar h1').getBoundingClientRect()])
             .map(r => [r.left, r.right, r.top, r.bottom])"""
    )
    notice, button, title = boxes
    assert notice[0] >= title[1] and notice[1] <= button[0]  # between the title and the button


def test_a_forged_points_fragment_is_refused_with_a_notice(app_page):
    page = app_page.open("?dataset=moons#points=VE4x____AAAAAAAA")
    page.until_text("notice", "This link had problems")
    assert "points" in page.text("notice")
    page.until_text("accuracy", "500 points")  # the data set the link names


def test_a_callback_request_broken_on_the_way_is_sent_again(app_page):
    """A worker behind a balancer may die mid-answer: the page sends the (pure) request again."""
    page = app_page.open()
    broken = []

    def break_first(route):
        if not broken:
            broken.append(route.request.url)
            route.abort("connectionreset")
        else:
            route.continue_()

    page.page.route("**/_dash-update-component*", break_first)
    page.tab("data")
    page.choose("dataset", "Two moons")
    page.until_text("accuracy", "500 points")
    assert len(broken) == 1
    assert [e for e in page.errors if "ERR_CONNECTION_RESET" not in e] == []
    page.errors.clear()


def test_copy_link_right_after_slider_keys_carries_the_moved_weight(clip_context, server_url):
    """The sliders tell the store of a move after it is painted (and at most every SYNC_MS
    while keys repeat); a click elsewhere sends a waiting move first, so the link has it."""
    page = open_in(clip_context, server_url, server_url + "/")
    thumb = page.page.locator("#w21 [role=slider]")
    thumb.focus()
    for _ in range(3):
        thumb.press("ArrowRight")
    assert "w21=0.03" in copy_link(page)


def test_uploaded_data_is_named_in_the_picker_and_in_a_shared_links_notice(
    clip_context, server_url, tmp_path
):
    from tinynet.datasets import load, write_csv

    page = open_in(clip_context, server_url, server_url + "/")
    X, y = load("spiral", 500)
    path = tmp_path / "spirals.csv"
    path.write_text(write_csv(X, y, labels=("blue", "orange")))
    page.tab("data")
    page.page.set_input_files("#upload input[type=file]", str(path))
    page.until_text("dataset", "Your data: spirals.csv, 500 points")
    page.quiet()
    assert "Two parabolas" not in page.text("dataset")
    assert not page.page.is_visible("#samples") and not page.page.is_visible("#data-seed")
    link = copy_link(page)
    other = open_in(clip_context, server_url, link)
    other.until_text("notice", "This link holds its own data")
    notice = other.text("notice")
    assert "(spirals.csv): 500 points, 250 of class 0 and 250 of class 1." in notice, notice
    other.tab("data")
    other.until_text("dataset", "Your data: spirals.csv, 500 points")
    # Picking a built-in set again makes it, with its options back.
    other.choose("dataset", "Two moons")
    other.until_text("accuracy", "· 500 points")
    assert other.page.is_visible("#samples")
    other.page.close()
