"""What is on screen is right (issue 17, each seen wrong on main): formulas drawn as formulas,
lesson matrices as matrices and never as links, the hidden view's lines inside its frame, the
network's labels clear of its nodes, the name of uploaded data where the picker was."""

import pytest
from test_lesson_page import choose_lesson, wait_step

from tinynet.explorer.lessons.files import LESSONS
from tinynet.model import ACTIVATIONS

TALL = ("\\frac", "cases")  # formulas with a part drawn over two lines


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_every_activation_formula_is_drawn_as_mathematics(app_page, name):
    page = app_page.open()
    page.tab("activation")
    if name != "tanh":
        page.choose("activation", ACTIVATIONS[name].title)
    page.until(
        "() => document.querySelector('#formula math') !== null && "
        "document.querySelector('#formula').textContent.length > 3"
    )
    box = page.page.evaluate(
        """() => { const m = document.querySelector('#formula math');
             const cs = getComputedStyle(document.querySelector('#effect'));
             const tall = m.querySelector('mfrac, mtable');
             return { text: m.textContent, width: m.getBoundingClientRect().width,
                      tall: tall ? tall.getBoundingClientRect().height : 0,
                      line: parseFloat(cs.lineHeight) || 1.2 * parseFloat(cs.fontSize) }; }"""
    )
    # No LaTeX left as letters (the cases' brace is drawn, so "{" may be there).
    assert not any(t in box["text"] for t in ("\\", "frac", "begin", "^"))
    assert box["width"] > 20
    if any(t in ACTIVATIONS[name].formula for t in TALL):
        # A fraction or a case split stands on two lines: taller than a line of text.
        assert box["tall"] > 1.3 * box["line"], box


@pytest.mark.parametrize("name", ["separate-the-points", "relu-separates"])
def test_a_lesson_matrix_is_a_matrix_and_no_link(app_page, name):
    page = app_page.open()
    choose_lesson(page, name)
    wait_step(page, 1, len(LESSONS[name].steps))
    page.until("() => document.querySelector('#lesson-text mtable') !== null")
    found = page.page.evaluate(
        """() => { const table = document.querySelector('#lesson-text mtable');
             const p = document.querySelector('#lesson-text p');
             return { links: document.querySelectorAll('#lesson-text a').length,
                      rows: table.querySelectorAll('mtr').length,
                      height: table.getBoundingClientRect().height,
                      line: parseFloat(getComputedStyle(p).lineHeight) }; }"""
    )
    assert found["links"] == 0
    assert found["rows"] == 2 and found["height"] > 1.3 * found["line"]


def painted_box(page, graph: str) -> dict:
    """Where the painter's canvas has anything drawn, and Plotly's plot area, in CSS pixels."""
    return page.page.evaluate(
        """id => { const gd = document.querySelector('#' + id + ' .js-plotly-plot');
             const c = gd.querySelector('canvas.tinynet-layer'), fl = gd._fullLayout;
             const k = c.width / fl.width, img = c.getContext('2d')
               .getImageData(0, 0, c.width, c.height).data;
             let l = Infinity, r = -Infinity, t = Infinity, b = -Infinity;
             for (let y = 0; y < c.height; y++) for (let x = 0; x < c.width; x++)
               if (img[4 * (y * c.width + x) + 3] > 0) {
                 l = Math.min(l, x); r = Math.max(r, x + 1);
                 t = Math.min(t, y); b = Math.max(b, y + 1); }
             return { painted: [l / k, r / k, t / k, b / k],
                      plot: [fl.xaxis._offset, fl.xaxis._offset + fl.xaxis._length,
                             fl.yaxis._offset, fl.yaxis._offset + fl.yaxis._length] }; }""",
        graph,
    )


def test_the_hidden_view_stays_in_its_frame_after_a_lesson_switches_activation(app_page):
    page = app_page.open()
    for name, title in (("sigmoid-squeeze", None), (None, "ReLU"), (None, "Tanh")):
        if name:
            choose_lesson(page, name)
            wait_step(page, 1, len(LESSONS[name].steps))
        else:
            page.tab("activation")
            page.choose("activation", title)
        page.quiet()
        box = painted_box(page, "hidden-graph")
        # The shading fills the plot area: what is painted is exactly Plotly's frame.
        for got, want in zip(box["painted"], box["plot"]):
            assert abs(got - want) <= 1.5, (name, title, box)


def test_network_labels_stay_clear_of_the_nodes(app_page):
    page = app_page.open()
    page.tab("network")
    page.quiet()
    overlaps = page.page.evaluate(
        """() => { const id = 'diagram-graph';
             const gd = document.querySelector('#' + id + ' .js-plotly-plot');
             const fig = window.tinynetCanvas.fullFigure(id), fl = gd._fullLayout;
             const px = x => fl.xaxis._offset + fl.xaxis.l2p(x);
             const py = y => fl.yaxis._offset + fl.yaxis.l2p(y);
             const ctx = document.createElement('canvas').getContext('2d');
             ctx.font = getComputedStyle(document.body).fontFamily.replace(/^/, '12px ');
             const nodes = fig.data[0], r = nodes.marker.size / 2 + 1;
             const found = [];
             fig.layout.annotations.forEach(a => {
               const w = ctx.measureText(a.text).width / 2, h = 7;
               const cx = px(a.x), cy = py(a.y);
               nodes.x.forEach((nx, i) => {
                 const dx = Math.max(Math.abs(px(nx) - cx) - w, 0);
                 const dy = Math.max(Math.abs(py(nodes.y[i]) - cy) - h, 0);
                 if (dx * dx + dy * dy < r * r) found.push(a.text + ' / ' + nodes.text[i]);
               });
             });
             return found; }"""
    )
    assert overlaps == []


def test_each_graph_is_one_tab_stop_with_downloads_only_and_no_cloud(app_page):
    page = app_page.open()
    page.tab("activation")
    bars = page.page.evaluate(
        """() => [...document.querySelectorAll('.dash-graph')].map(g => {
             const buttons = [...g.querySelectorAll('.modebar-btn')];
             return { id: g.id, titles: buttons.map(b => b.getAttribute('data-title')),
                      stops: buttons.filter(b => b.tabIndex >= 0).length }; })"""
    )
    for bar in bars:
        assert not any("Share" in t or "Zoom" in t or "Pan" in t for t in bar["titles"]), bar
        if bar["titles"]:
            assert bar["stops"] == 1, bar
    views = {b["id"]: b["titles"] for b in bars}
    assert views["input-graph"] == ["Download as PNG", "Download as SVG"]
    # From the page's start, Tab reaches the input view's bar once, the arrow key its SVG.
    page.page.focus("#copy-link")
    for _ in range(40):
        page.page.keyboard.press("Tab")
        if page.page.evaluate("() => !!document.activeElement.closest('#input-graph')"):
            break
    assert page.page.evaluate("() => document.activeElement.getAttribute('data-title')") == (
        "Download as PNG"
    )
    outline = page.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.page.keyboard.press("ArrowRight")
    assert page.page.evaluate("() => document.activeElement.getAttribute('data-title')") == (
        "Download as SVG"
    )
    with page.page.expect_download() as info:
        page.page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".svg")
    page.page.keyboard.press("Tab")  # on past the bar, not to its other button
    assert not page.page.evaluate("() => !!document.activeElement.closest('#input-graph')")
