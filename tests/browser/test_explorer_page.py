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
    for graph in ("input-graph", "hidden-graph", "activation-graph", "diagram-graph"):
        assert page.figure(graph)["data"], graph
    heatmap = page.figure("input-graph")["layout"]["images"][0]
    assert image_size(page, heatmap["source"]) == [151, 151]  # p on a 151 x 151 grid
    assert heatmap["sizex"] == heatmap["sizey"] == 2.4
    page.settle()
    assert page.errors == []


def test_keyboard_slider_moves_the_hidden_view_and_readouts(app_page):
    page = app_page.open()
    before_xy, before_acc = hidden_xy(page), page.text("accuracy")
    before_eq = page.text("equations")
    thumb = page.page.locator("#w21 [role=slider]")
    thumb.focus()
    for _ in range(5):
        thumb.press("PageUp")  # +0.1 each
    page.settle()
    assert page.page.locator("#w21 input[type=number]").input_value() == "0.5"
    assert hidden_xy(page) != before_xy
    assert page.text("accuracy") != before_acc
    assert "0.50·x1" in page.text("equations") and page.text("equations") != before_eq
    diagram = page.figure("diagram-graph")
    assert "w21 0.50" in [note["text"] for note in diagram["layout"]["annotations"]]


def test_slider_moves_send_no_request_to_the_server(app_page):
    page = app_page.open()
    page.settle(800)
    page.requests.clear()
    thumb = page.page.locator("#b11 [role=slider]")
    thumb.focus()
    for _ in range(20):
        thumb.press("ArrowLeft")
    page.settle()
    assert page.page.locator("#b11 input[type=number]").input_value() == "-0.2"
    assert page.server_requests() == []


@pytest.mark.parametrize(
    "option, expected",
    [("Sigmoid (logistic)", [-0.05, 1.05]), ("ReLU", [-0.15, 3.15]), ("Tanh", [-1.1, 1.1])],
)
def test_switching_activation_changes_the_hidden_axes(app_page, option, expected):
    page = app_page.open()
    if option != "Tanh":
        page.choose("activation", option)
    else:  # from another activation back to tanh
        page.choose("activation", "Linear (identity)")
        page.settle()
        page.choose("activation", option)
    page.settle()
    layout = page.figure("hidden-graph")["layout"]
    assert layout["yaxis"]["range"] == pytest.approx(expected)
    assert page.figure("activation-graph")["layout"]["title"]["text"].endswith(option)


def test_leaky_relu_shows_its_slope_control(app_page):
    page = app_page.open()
    assert not page.page.is_visible("#act-param-box")
    page.choose("activation", "Leaky ReLU")
    page.settle()
    assert page.page.is_visible("#act-param-box")
    assert "negative slope" in page.text("effect")


def test_stage_slider_morphs_the_hidden_view(app_page):
    page = app_page.open()
    page.set_weight("w12", 1.5)
    page.set_weight("b11", 0.7)
    page.settle()
    at_end = hidden_xy(page)
    thumb = page.page.locator("#stage [role=slider]")
    thumb.focus()
    thumb.press("Home")  # t = 0: the input itself
    page.settle()
    at_start = hidden_xy(page)
    inputs = page.figure("input-graph")["data"][1]
    assert at_start[0] == pytest.approx(inputs["x"][:20])
    assert at_start != at_end
    thumb.press("PageUp")  # t = 0.1: partway through W
    page.settle()
    partway = hidden_xy(page)
    assert partway != at_start and partway != at_end
    assert "Stage t = 0.10" in page.figure("hidden-graph")["layout"]["title"]["text"]


def test_play_runs_the_stages_to_the_end(app_page):
    page = app_page.open()
    page.page.click("#play")
    page.page.wait_for_function(
        "() => document.querySelector('#hidden-graph .js-plotly-plot').layout.title.text"
        ".startsWith('Stage')",
        timeout=5000,
    )
    page.page.wait_for_function(
        "() => document.querySelector('#hidden-graph .js-plotly-plot').layout.title.text"
        ".startsWith('Hidden space')",
        timeout=15000,
    )
    assert page.text("play") == "Play"


def test_reset_restores_the_widgets_start(app_page):
    page = app_page.open()
    start_eq = page.text("equations")
    page.set_weight("w11", -2.5)
    page.set_weight("b13", 1.25)
    page.settle()
    assert page.text("equations") != start_eq
    page.page.click("#reset")
    page.settle()
    assert page.text("equations") == start_eq
    assert page.page.locator("#w11 input[type=number]").input_value() == "1"


def test_switching_the_data_set(app_page):
    page = app_page.open()
    page.choose("dataset", "Two moons")
    page.page.wait_for_function(
        "() => document.querySelector('#samples input, #samples').value === '500'", timeout=10000
    )
    page.settle(600)
    assert "(500 points)" in page.text("accuracy")
    assert "half circles" in page.text("data-description")
    fig = page.figure("input-graph")
    assert len(fig["data"][1]["x"]) + len(fig["data"][2]["x"]) == 150  # a drawn subsample


def test_out_of_range_typed_weight_is_clamped_and_said(app_page):
    page = app_page.open()
    page.set_weight("w22", 99)
    page.settle()
    assert page.page.locator("#w22 input[type=number]").input_value() == "8"
    assert "8.00·x2" in page.text("equations")
    assert "w22: 99 is outside [-8, 8]" in page.text("typed-message")
    page.set_weight("w22", 2)
    page.settle()
    assert page.text("typed-message") == ""


def test_bad_data_options_are_clamped_with_a_message(app_page):
    page = app_page.open()
    samples = page.page.locator("#samples")
    samples.fill("-5")
    samples.press("Enter")
    page.page.wait_for_function(
        "() => document.querySelector('#samples').value === '4'", timeout=10000
    )
    assert "samples" in page.text("data-message")
    page.settle(500)
    assert "(4 points)" in page.text("accuracy")
    assert page.errors == []


def test_every_control_is_labelled(app_page):
    page = app_page.open()
    page.settle(500)
    unlabelled = page.page.evaluate(
        """() => [...document.querySelectorAll('[role=slider], input, button, [role=combobox]')]
             .filter(el => el.offsetParent !== null && !el.closest('[aria-hidden=true]'))
             .filter(el => !(el.getAttribute('aria-label') || el.labels?.length ||
                             el.getAttribute('aria-labelledby') || el.closest('label') ||
                             (el.tagName === 'BUTTON' && el.textContent.trim())))
             .map(el => el.outerHTML.slice(0, 120))"""
    )
    assert unlabelled == []


def test_usable_at_768_pixels(browser, server_url):
    context = browser.new_context(viewport={"width": 768, "height": 900})
    page = context.new_page()
    page.goto(server_url)
    page.wait_for_selector("#accuracy:has-text('Accuracy')")
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path="test-artifacts/usable_at_768.png", full_page=True)
    context.close()
    assert width <= 768


def test_the_canvas_layer_paints_the_moving_parts(app_page):
    page = app_page.open()
    page.settle()
    painted = page.page.evaluate(
        """() => ['input-graph', 'hidden-graph', 'activation-graph', 'diagram-graph'].map(id => {
             const c = document.querySelector('#' + id + ' canvas.tinynet-layer');
             const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
             let inked = 0;
             for (let k = 3; k < d.length; k += 4) if (d[k] > 0) inked++;
             return inked / (c.width * c.height); })"""
    )
    assert all(share > 0.002 for share in painted), painted


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
