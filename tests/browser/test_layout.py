"""The picture stays in sight: at 1280x800, 1366x768 and 1920x1080 the two views, all nine
weights and the training bar are inside the window without scrolling, in every state (a lesson
open, after training, a notice showing); the views grow with the screen and stay square. On a
tablet (768x1024) the views come first and the weights right under them."""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, Page

from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import NAMES, architecture

DESKTOPS = [(1280, 800), (1366, 768), (1920, 1080)]
MUST_SHOW = (
    ["#input-graph", "#hidden-graph"]
    + [f"#{n}" for n in NAMES]
    + [f"#box-{n}" for n in NAMES]
    + ["#map-h1", "#map-h2", "#train", "#pause", "#step-epoch", "#step-batch", "#epoch"]
    + ["#speed", "#epoch-label", "#copy-link"]
)
TAMPERED = "?w11=banana&activation=nothing-at-all&samples=-3&noise=lots&stage=never"


def boxes(page: Page, selectors) -> dict:
    return page.page.evaluate(
        """sels => Object.fromEntries(sels.map(s => { const r = document.querySelector(s)
             .getBoundingClientRect(); return [s, [r.left, r.top, r.right, r.bottom]]; }))""",
        list(selectors),
    )


def all_in_sight(page: Page, width: int, height: int) -> None:
    assert page.page.evaluate("() => [window.scrollX, window.scrollY]") == [0, 0]
    assert page.page.evaluate("() => document.documentElement.scrollWidth") <= width
    for selector, (left, top, right, bottom) in boxes(page, MUST_SHOW).items():
        assert left >= 0 and top >= 0, (selector, left, top)
        assert right <= width and bottom <= height, (selector, right, bottom, width, height)


def plot_area(page: Page, graph: str) -> tuple[float, float]:
    return tuple(
        page.page.evaluate(
            """id => { const L = document.querySelector('#' + id + ' .js-plotly-plot')._fullLayout;
                 return [L.xaxis._length, L.yaxis._length]; }""",
            graph,
        )
    )


def opened(browser, server_url, size, query=""):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = Page(context.new_page(), server_url).open(query)
    return context, page


@pytest.mark.parametrize("size", DESKTOPS, ids=lambda s: f"{s[0]}x{s[1]}")
def test_views_weights_and_training_bar_are_in_sight_in_every_state(browser, server_url, size):
    context, page = opened(browser, server_url, size)
    try:
        all_in_sight(page, *size)  # as the page opens
        longest = max(LESSONS, key=lambda n: len(LESSONS[n].steps[0].text))
        number = list(LESSONS).index(longest) + 1
        page.choose("lesson", f"{number}. {LESSONS[longest].title}")
        page.until_text("lesson-step-title", "Step 1 of")
        page.quiet()
        all_in_sight(page, *size)  # a lesson open, its longest first step
        page.train()
        all_in_sight(page, *size)  # after training
        page.page.screenshot(path=str(ARTIFACTS / f"layout-{size[0]}x{size[1]}-trained.png"))
        assert page.errors == []
    finally:
        context.close()
    context, page = opened(browser, server_url, size, TAMPERED)
    try:
        page.until_text("notice", "This link had problems")
        all_in_sight(page, *size)  # a notice showing
        page.page.screenshot(path=str(ARTIFACTS / f"layout-{size[0]}x{size[1]}-notice.png"))
    finally:
        context.close()


def test_the_views_grow_with_the_screen_and_stay_square(browser, server_url):
    areas = []
    for size in ((1280, 800), (1920, 1080)):
        context, page = opened(browser, server_url, size)
        try:
            areas.append(plot_area(page, "input-graph"))
        finally:
            context.close()
    (w_small, h_small), (w_big, h_big) = areas
    assert abs(w_small - h_small) <= 1 and abs(w_big - h_big) <= 1
    assert w_big > 1.4 * w_small


def test_on_a_tablet_the_views_come_first_and_the_weights_right_under_them(browser, server_url):
    context, page = opened(browser, server_url, (768, 1024))
    try:
        b = boxes(page, ["#view-input", "#view-hidden", "#part-weights", ".side", "#train"])
        views_bottom = max(b["#view-input"][3], b["#view-hidden"][3])
        assert b["#view-input"][1] < 200 and b["#view-hidden"][1] < 200  # first on the page
        assert 0 <= b["#part-weights"][1] - views_bottom <= 20  # right under them
        assert b[".side"][1] >= b["#part-weights"][3]  # the tabs come after
        assert b["#part-weights"][3] <= 1024 and b["#train"][3] <= 1024
        assert page.page.evaluate("() => document.documentElement.scrollWidth") <= 768
        page.page.screenshot(path=str(ARTIFACTS / "layout-768x1024.png"), full_page=True)
    finally:
        context.close()


def test_sliders_are_wide_enough_for_a_mouse(browser, server_url):
    """A weight's track: at least 120 px for its range of 16 (under 0.14 per pixel) at
    1280x800; the box takes any exact value."""
    context, page = opened(browser, server_url, (1280, 800))
    try:
        widths = page.page.evaluate(
            """() => [...document.querySelectorAll('.weight-track')]
                 .map(t => t.getBoundingClientRect().width)"""
        )
        assert len(widths) == 9 and min(widths) >= 120
    finally:
        context.close()


def test_a_unit_map_follows_its_weights_in_the_page(app_page):
    page = app_page.open()
    page.requests.clear()
    before = page.page.evaluate("() => document.getElementById('map-h1').toDataURL()")
    other = page.page.evaluate("() => document.getElementById('map-h2').toDataURL()")
    page.set_weight("w12", 2.5)
    after = page.page.evaluate("() => document.getElementById('map-h1').toDataURL()")
    assert after != before  # h1 = f(w11 x1 + w12 x2 + b11) turned
    assert page.page.evaluate("() => document.getElementById('map-h2').toDataURL()") == other
    assert page.server_requests() == []
    assert page.text("map-h1-range") == "−1 … 1"  # tanh's range, fixed


@pytest.mark.parametrize("tab", ["training", "explore", "activation", "network"])
def test_a_tabs_graphs_fit_its_column_the_moment_it_opens(app_page, tab):
    """Graphs drawn while their tab was hidden (Plotly's 700 x 450 default) take their boxes'
    size as the tab opens, not a moment later: no chart spills over the column."""
    page = app_page.open()
    page.train()
    page.page.click(f"#tab-{tab}")
    sizes = page.page.evaluate(
        """t => Array.from(document.querySelectorAll('#part-' + t + ' .js-plotly-plot'))
             .filter(gd => gd.offsetParent !== null && gd._fullLayout)
             .map(gd => [gd.parentElement.closest('[id]').id, gd._fullLayout.width,
                         gd.getBoundingClientRect().width])""",
        tab,
    )
    assert sizes, f"no graph shown in the {tab} tab"
    for name, plotted, box in sizes:
        assert plotted <= box + 1, f"{name}: drawn {plotted} px wide in a {box:.0f} px box"


ALL_BUT_OUTPUT = "hidden_weights,activation,data,view,weights_io,lesson,training,network"


def test_a_teacher_view_hides_every_tab_and_panel_and_the_views_take_the_room(app_page):
    page = app_page.open("?hide=" + ALL_BUT_OUTPUT)
    page.until("() => document.body.hasAttribute('data-no-side')")
    page.quiet()
    seen = page.page.evaluate(
        """() => { const shown = el => el && el.offsetParent !== null;
             const text = [...document.querySelectorAll('button, label, a, h2, p, span')]
               .filter(shown).map(el => el.textContent).join(' ');
             const box = id => document.getElementById(id).getBoundingClientRect();
             return { side: shown(document.querySelector('.side')),
                      bar: shown(document.getElementById('part-training-bar')),
                      sliders: [...document.querySelectorAll('.weight-range')].filter(shown).length,
                      text: text, input: box('input-graph'),
                      bottom: document.querySelector('.picture').getBoundingClientRect().bottom,
                      height: window.innerHeight }; }"""
    )
    assert not seen["side"] and not seen["bar"] and seen["sliders"] == 3
    for hidden_words in ("Train", "Restarts", "Explore", "Lesson", "Activation f", "Upload"):
        assert hidden_words not in seen["text"], hidden_words
    assert seen["input"]["width"] > 600  # the views took the side column's width
    assert seen["bottom"] > 0.97 * seen["height"]  # and the height under the weights
    assert seen["bottom"] <= seen["height"] + 1


def test_hiding_training_hides_the_explore_tab_and_reset_keeps_hidden_weights(app_page):
    page = app_page.open("?hide=hidden_weights,training&w11=-2&b12=0.5&w13=2")
    page.until("() => document.getElementById('tab-explore').offsetParent === null")
    assert page.page.is_visible("#tab-network") and page.page.is_visible("#tab-lesson")
    page.page.click("#reset")
    page.until("() => window.tinynetApp.shown[6] === 0")  # w13 back to the widget's start
    shown = page.shown_weights()
    assert shown[0] == -2 and shown[5] == 0.5  # the hidden layer's weights, out of sight, stay


def picture_boxes(page) -> list:
    return page.page.evaluate(
        """() => ['view-input', 'view-hidden', 'part-weights', 'part-training-bar']
             .map(id => { const r = document.getElementById(id).getBoundingClientRect();
                          return [r.top, r.height, r.width]; })"""
    )


def test_messages_float_and_nothing_under_them_moves(app_page):
    page = app_page.open()
    before = picture_boxes(page)
    page.set_weight("w11", 0)
    page.set_weight("w22", 0)  # det W = 0: the warning
    page.until_text("view-message", "det W is near 0")
    assert picture_boxes(page) == before
    page.set_weight("w13", 9)  # past the slider's end
    page.until_text("typed-message", "past the slider's end")
    assert picture_boxes(page) == before
    page.set_weight("w23", "abc")  # refused
    page.until_text("typed-message", "not a number")
    assert picture_boxes(page) == before
    note = page.page.evaluate(
        "() => document.getElementById('typed-message').getBoundingClientRect().bottom"
    )
    assert note < before[2][0]  # the note floats over the views, above the weights


def test_a_phone_gets_one_column_with_usable_sliders_and_no_sideways_scroll(browser, server_url):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = Page(context.new_page(), server_url).open()
    found = page.page.evaluate(
        """() => { const r = el => el.getBoundingClientRect();
             const shown = [...document.querySelectorAll('.weight-name, .weight-range, .weight-box,'
               + ' .weight-head .col, .unit, .grad')].filter(e => e.offsetParent !== null);
             let overlaps = 0;
             for (let i = 0; i < shown.length; i++) for (let j = i + 1; j < shown.length; j++) {
               const a = r(shown[i]), b = r(shown[j]);
               if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 &&
                   b.top < a.bottom - 1 && !shown[i].contains(shown[j]) &&
                   !shown[j].contains(shown[i])) overlaps++; }
             return { scroll: document.documentElement.scrollWidth, width: window.innerWidth,
                      sliders: [...document.querySelectorAll('.weight-range')].map(e => r(e).width),
                      overlaps: overlaps, input: r(document.getElementById('view-input')),
                      hidden: r(document.getElementById('view-hidden')),
                      weights: r(document.getElementById('part-weights')) }; }"""
    )
    assert found["scroll"] <= found["width"]
    assert min(found["sliders"]) >= 150
    assert found["overlaps"] == 0
    # Views first, one under the other, then the weights.
    assert found["input"]["bottom"] <= found["hidden"]["top"] <= found["weights"]["top"]
    thumb = page.page.locator("#w13 .weight-range")
    thumb.focus()
    page.after_paint(lambda: thumb.press("ArrowRight"))
    assert page.shown_weights()[6] == 0.01
    page.page.screenshot(path=str(ARTIFACTS / "phone-390x844.png"), full_page=True)
    assert page.errors == []
    context.close()


@pytest.mark.parametrize("width", [950, 1000, 1090])
def test_in_a_notebooks_frame_the_views_fill_their_boxes(browser, server_url, width):
    """A notebook's frame is tall for its width: the views' boxes follow the width, so the
    square plots fill them instead of floating in empty bands."""
    context = browser.new_context(viewport={"width": width, "height": 1100})
    page = Page(context.new_page(), server_url).open()
    for graph in ("input-graph", "hidden-graph"):
        box = page.page.evaluate(
            """id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
                 const r = gd.getBoundingClientRect(), fl = gd._fullLayout;
                 return { height: r.height, plot: fl.yaxis._length }; }""",
            graph,
        )
        assert box["plot"] >= 0.72 * box["height"], (graph, box)
    assert page.errors == []
    context.close()


@pytest.mark.parametrize(
    "size, hidden",
    [((1280, 800), h) for h in architecture.ALL if h != architecture.DEFAULT]
    + [((1366, 768), (3, 3))],
    ids=lambda v: "x".join(map(str, v)) if v[0] > 9 else architecture.label(v),
)
def test_every_network_keeps_its_views_weights_and_training_bar_in_sight(
    browser, server_url, size, hidden
):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = Page(context.new_page(), server_url)
    try:
        short = architecture.short(hidden)
        page.page.goto(f"{server_url}/?hidden={short}")
        page.until(
            """h => document.body.getAttribute('data-arch') === h && window.tinynetNets &&
                 window.tinynetNets.painted > 0""",
            short,
        )
        page.quiet()
        names = architecture.names(hidden)
        units = [f"h{layer}_{u + 1}" for layer, k in enumerate(hidden, 1) for u in range(k)]
        shown = (
            ["#input-graph", "#train", "#pause", "#step-epoch", "#step-batch", "#epoch"]
            + ["#speed", "#epoch-label", "#copy-link", "#hidden"]
            + [f"#layer-graph-{layer}" for layer in range(1, len(hidden) + 1)]
            + [f"#range-{n}" for n in names]
            + [f"#box-{n}" for n in names]
            + [f"#map-{u}" for u in units]
        )
        assert page.page.evaluate("() => document.documentElement.scrollWidth") <= size[0]
        for selector, (left, top, right, bottom) in boxes(page, shown).items():
            assert left >= 0 and top >= 0, (selector, left, top)
            assert right <= size[0] and bottom <= size[1], (selector, right, bottom)
        page.page.screenshot(path=str(ARTIFACTS / f"layout-{architecture.label(hidden)}.png"))
        assert page.errors == []
    finally:
        context.close()
