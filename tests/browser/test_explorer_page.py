"""The explorer in a real Chromium: it loads, and every control changes what it should."""

import pytest


def hidden_xy(page):
    fig = page.figure("hidden-graph")
    return fig["data"][4]["x"][:20], fig["data"][4]["y"][:20]


def image_size(page, source):
    return page.page.evaluate(
        """src => new Promise(ok => { const im = new Image();
             im.onload = () => ok([im.naturalWidth, im.naturalHeight]); im.src = src; })""",
        source,
    )


def test_page_loads_without_console_errors(app_page):
    page = app_page.open()
    assert page.page.title() == "tinynet explorer"
    assert "Accuracy" in page.text("accuracy")
    for graph in ("input-graph", "hidden-graph"):
        assert page.figure(graph)["data"], graph
    heatmap = page.figure("input-graph")["layout"]["images"][0]
    assert image_size(page, heatmap["source"]) == [151, 151]  # p on a 151 x 151 grid
    assert heatmap["sizex"] == heatmap["sizey"] == 2.4
    # The vendored cartesian bundle draws everything: the full 4.8 MB one is never fetched.
    assert not [u for u in page.requests if "plotly.min.js" in u]
    assert page.errors == []


def test_keyboard_slider_moves_the_hidden_view_and_readouts(app_page):
    page = app_page.open()
    before_xy, before_acc = hidden_xy(page), page.text("accuracy")
    thumb = page.page.locator("#w21 [role=slider]")
    thumb.focus()
    thumb.press("PageUp")  # a tenth of the range: +1.6
    for _ in range(3):
        thumb.press("ArrowRight")  # +0.01 each
    page.until("() => document.getElementById('box-w21').value === '1.63'")
    page.quiet()
    assert page.shown_weights()[2] == pytest.approx(1.63)
    assert hidden_xy(page) != before_xy
    assert page.text("accuracy") != before_acc
    page.tab("network")
    assert "1.63·x1" in page.text("equations")
    diagram = page.figure("diagram-graph")
    assert "w21 1.63" in [note["text"] for note in diagram["layout"]["annotations"]]


def test_slider_moves_send_no_request_to_the_server(app_page):
    page = app_page.open()
    page.requests.clear()
    thumb = page.page.locator("#b11 [role=slider]")
    thumb.focus()
    for _ in range(20):
        thumb.press("ArrowLeft")
    page.until("() => document.getElementById('box-b11').value === '-0.2'")
    page.quiet()
    assert page.server_requests() == []


@pytest.mark.parametrize(
    "option, expected",
    [("Sigmoid (logistic)", [-0.05, 1.05]), ("ReLU", [-0.15, 3.15]), ("Tanh", [-1.1, 1.1])],
)
def test_switching_activation_changes_the_hidden_axes(app_page, option, expected):
    page = app_page.open()
    page.tab("activation")
    if option != "Tanh":
        page.choose("activation", option)
    else:  # from another activation back to tanh
        page.choose("activation", "Linear (identity)")
        page.choose("activation", option)
    layout = page.figure("hidden-graph")["layout"]
    assert layout["yaxis"]["range"] == pytest.approx(expected)
    assert page.figure("activation-graph")["layout"]["title"]["text"].endswith(option)


def test_leaky_relu_shows_its_slope_control(app_page):
    page = app_page.open()
    page.tab("activation")
    assert not page.page.is_visible("#act-param-box")
    page.choose("activation", "Leaky ReLU")
    page.until("() => document.getElementById('act-param-box').offsetParent !== null")
    assert "negative slope" in page.text("effect")


def test_stage_slider_morphs_the_hidden_view_and_the_line_waits_for_f(app_page):
    page = app_page.open()
    page.set_weight("w12", 1.5)
    page.set_weight("b11", 0.7)
    at_end = hidden_xy(page)
    assert page.figure("hidden-graph")["data"][6]["visible"] is not False
    thumb = page.page.locator("#stage [role=slider]")
    thumb.focus()
    page.after_paint(lambda: thumb.press("Home"))  # t = 0: the input itself
    at_start = hidden_xy(page)
    inputs = page.figure("input-graph")["data"][1]
    assert at_start[0] == pytest.approx(inputs["x"][:20])
    assert at_start != at_end
    hidden = page.figure("hidden-graph")
    # The output line and its sides live after f: not drawn before stage 3, and it says so.
    assert [hidden["data"][k]["visible"] for k in (0, 1, 6)] == [False, False, False]
    assert "shows at stage 3" in hidden["layout"]["annotations"][0]["text"]
    page.after_paint(lambda: thumb.press("PageUp"))  # t = 0.1: partway through W
    partway = hidden_xy(page)
    assert partway != at_start and partway != at_end
    assert "Stage t = 0.10" in page.figure("hidden-graph")["layout"]["title"]["text"]


def test_morph_runs_the_stages_to_the_end(app_page):
    page = app_page.open()
    page.page.click("#play")
    page.until(
        "() => document.querySelector('#hidden-graph .js-plotly-plot').layout.title.text"
        ".startsWith('Stage')"
    )
    page.until(
        "() => document.querySelector('#hidden-graph .js-plotly-plot').layout.title.text"
        ".startsWith('Hidden space')"
    )
    page.until_text("play", "Morph")
    assert page.text("play") == "▶ Morph"


def test_reset_restores_the_widgets_start(app_page):
    page = app_page.open()
    start = page.shown_weights()
    page.set_weight("w11", -2.5)
    page.set_weight("b13", 1.25)
    assert page.shown_weights() != start
    page.page.click("#reset")
    page.until("() => document.getElementById('box-w11').value === '1'")
    page.quiet()
    assert page.shown_weights() == start


def test_switching_the_data_set(app_page):
    page = app_page.open()
    page.tab("data")
    page.choose("dataset", "Two moons")
    page.until("() => document.querySelector('#samples').value === '500'")
    page.until_text("accuracy", "500 points")
    assert "half circles" in page.text("data-description")
    fig = page.figure("input-graph")
    assert len(fig["data"][1]["x"]) + len(fig["data"][2]["x"]) == 150  # a drawn subsample


def test_a_weight_past_the_sliders_end_is_taken_as_it_is(app_page):
    page = app_page.open()
    page.set_weight("w22", 99)
    assert page.box("w22") == "99"
    assert page.shown_weights()[3] == 99  # the network uses 99, the slider is pinned at its end
    pinned = page.page.locator("#w22 [role=slider]").input_value()
    assert float(pinned) == 8
    assert "past the slider's end" in page.text("typed-message")
    page.tab("network")
    assert "99.00·x2" in page.text("equations")


@pytest.mark.parametrize("typed, value", [("1,5", 1.5), ("-0,25", -0.25), (" 2 ", 2.0)])
def test_typed_numbers_take_a_decimal_comma(app_page, typed, value):
    page = app_page.open()
    page.set_weight("w13", typed)
    assert page.shown_weights()[6] == value


def test_typing_something_else_puts_the_weight_back(app_page):
    page = app_page.open()
    page.set_weight("w23", "abc")
    assert page.box("w23") == "1"
    assert page.shown_weights()[7] == 1
    assert "not a number" in page.text("typed-message")


def test_bad_data_options_are_clamped_with_a_message(app_page):
    page = app_page.open()
    page.tab("data")
    samples = page.page.locator("#samples")
    samples.fill("-5")
    samples.press("Enter")
    page.until("() => document.querySelector('#samples').value === '4'")
    assert "samples" in page.text("data-message")
    page.until_text("accuracy", "· 4 points")


def test_every_control_is_labelled(app_page):
    page = app_page.open()
    found = []
    for tab in ("lesson", "data", "activation", "training", "explore", "network"):
        page.tab(tab)
        found += page.page.evaluate(
            """() => [...document.querySelectorAll('[role=slider], input, button, [role=combobox]')]
                 .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
                 .filter(el => !(el.getAttribute('aria-label') || el.labels?.length ||
                                 el.getAttribute('aria-labelledby') || el.closest('label') ||
                                 (el.tagName === 'BUTTON' && el.textContent.trim())))
                 .map(el => el.outerHTML.slice(0, 120))"""
        )
    assert found == []


def test_the_tabs_work_from_the_keyboard(app_page):
    page = app_page.open()
    page.page.focus("#tab-lesson")
    page.page.keyboard.press("ArrowRight")
    page.until("() => document.getElementById('side-tabs').getAttribute('data-tab') === 'data'")
    assert page.page.evaluate("() => document.activeElement.id") == "tab-data"
    assert page.page.is_visible("#dataset") and not page.page.is_visible("#lesson")
    page.page.keyboard.press("End")
    page.until("() => document.getElementById('side-tabs').getAttribute('data-tab') === 'network'")


def test_the_canvas_layer_paints_the_moving_parts(app_page):
    page = app_page.open()
    page.tab("activation")
    page.until("() => window.tinynetCanvas.paints('activation-graph') > 0")
    page.tab("network")
    page.until("() => window.tinynetCanvas.paints('diagram-graph') > 0")
    painted = page.page.evaluate(
        """() => ['input-graph', 'hidden-graph', 'diagram-graph'].map(id => {
             const c = document.querySelector('#' + id + ' canvas.tinynet-layer');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let inked = 0;
             for (let k = 3; k < d.length; k += 4) if (d[k] > 0) inked++;
             return inked / (c.width * c.height); })"""
    )
    assert all(share > 0.002 for share in painted), painted


def test_the_colour_map_fills_its_plot_at_any_size(browser, server_url):
    """The heatmap's pixels cover the whole plot area (no blank bands), on a wide screen too."""
    for width, height in ((1920, 1080), (1280, 800)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(server_url)
        page.wait_for_function(
            "() => window.tinynetCanvas && window.tinynetCanvas.paints('input-graph') > 0"
        )
        blank = page.evaluate(
            """() => { const gd = document.querySelector('#input-graph .js-plotly-plot');
                 const xa = gd._fullLayout.xaxis, ya = gd._fullLayout.yaxis;
                 const c = gd.querySelector('canvas.tinynet-layer');
                 const k = c.width / gd._fullLayout.width;
                 const d = c.getContext('2d').getImageData(Math.ceil(xa._offset * k) + 2,
                   Math.ceil(ya._offset * k) + 2, Math.floor(xa._length * k) - 4,
                   Math.floor(ya._length * k) - 4).data;
                 let empty = 0;
                 for (let i = 3; i < d.length; i += 4) if (d[i] === 0) empty++;
                 return empty / (d.length / 4); }"""
        )
        context.close()
        assert blank == 0, (width, blank)


@pytest.mark.parametrize(
    "button, suffix", [("Download as PNG", ".png"), ("Download as SVG", ".svg")]
)
def test_downloads_hold_the_whole_figure(app_page, button, suffix, tmp_path):
    page = app_page.open()
    page.page.hover("#hidden-graph .js-plotly-plot")
    with page.page.expect_download() as info:
        page.page.click(f"#hidden-graph [data-title='{button}']")
    download = info.value
    assert download.suggested_filename == "tinynet-hidden-space" + suffix
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    content = path.read_bytes()
    if suffix == ".svg":
        text = content.decode()
        assert text.count('class="point"') >= 150  # every drawn point is in the file
    else:
        assert content[:8] == b"\x89PNG\r\n\x1a\n" and len(content) > 20_000


def test_dragging_a_weight_slider_moves_the_views_the_box_and_the_store(app_page):
    page = app_page.open()
    before = hidden_xy(page)
    page.requests.clear()
    track = page.page.locator("#w21 [role=slider]").bounding_box()
    y = track["y"] + track["height"] / 2
    page.page.mouse.move(track["x"] + track["width"] / 2, y)
    page.page.mouse.down()
    page.page.mouse.move(track["x"] + 0.8 * track["width"], y, steps=12)
    page.page.mouse.up()
    # The box and the store hear of a drag at most every SYNC_MS, and of its end for sure.
    page.until(
        """() => document.getElementById('box-w21').value ===
                 String(Number(document.querySelector('#w21 input').value))"""
    )
    page.quiet()
    moved = float(page.box("w21"))
    assert moved > 3  # dragged to 80% of a -8 ... 8 track
    assert page.shown_weights()[2] == moved  # the views and the box agree: the store has it
    assert float(page.page.locator("#w21 [role=slider]").input_value()) == moved
    assert hidden_xy(page) != before
    assert page.server_requests() == []
