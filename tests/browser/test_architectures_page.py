"""Other networks on the page: the picker gives each its weights block, its views (a number
line, a plane, a 3-D view whose bundle loads only then) and its readouts, all from the model's
numbers; its sliders and boxes work like 2-2-1's; it trains live bit for bit as model.train;
links carry it; 2-2-1 comes back as it was."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import numpy as np
import pytest
from axe_check import violations

from tinynet import datasets, model
from tinynet.explorer.training.export import PLOTLY_BUNDLE, THREE_D_BUNDLE, _file
from tinynet.model import Params, architecture

CIRCLES = "dataset=circles&samples=500&noise=0.05&data_seed=0"


def wait_other(page, hidden: str) -> None:
    """The page shows network `hidden` ("3", "2,2"): its block and views painted."""
    page.until(
        """h => document.body.getAttribute('data-arch') === h && window.tinynetNets &&
             window.tinynetNets.painted > 0 &&
             document.querySelectorAll('#weights-general .weight-range').length > 0""",
        hidden,
    )
    if "3" in hidden:
        page.until("() => window.tinynetNets.drawn3d > 0")
    page.quiet()


def open_other(page, query: str, hidden: str):
    page.page.goto(page.url + "/" + query)
    page.page.wait_for_selector("#accuracy:has-text('Accuracy')", timeout=60_000)
    wait_other(page, hidden)
    return page


def accuracy(page) -> float:
    return float(page.text("accuracy").split("Accuracy ")[1].split("%")[0]) / 100


def link_query(page) -> dict:
    page.page.click("#copy-link")
    page.until("() => document.getElementById('link-message').textContent.includes('Link')")
    link = page.page.evaluate("() => document.getElementById('link-text').value || location.href")
    return {k: v[0] for k, v in parse_qs(urlparse(link).query).items()}


def test_picking_a_network_gives_it_a_block_views_and_numbers_from_the_model(app_page):
    page = app_page.open()
    assert not any("plotly-gl3d" in u for u in page.requests)  # 2-2-1 never fetches 3-D
    page.choose("hidden", "2-3-1")
    wait_other(page, "3")
    names = architecture.names((3,))
    sliders = page.page.evaluate(
        "() => [...document.querySelectorAll('#weights-general .weight-range')].map(e => e.id)"
    )
    assert sorted(sliders) == sorted(f"range-{n}" for n in names)
    assert sliders[:3] == ["range-w1_11", "range-w1_12", "range-b1_1"]  # a row per unit
    assert page.page.locator("#weights-221").is_hidden()
    assert page.page.locator("#hidden-network").inner_text() == "2-3-1"  # the pickers agree
    assert any("plotly-gl3d" in u for u in page.requests)
    # The page's own Plotly is still the cartesian one; the 3-D view is drawn by the other.
    assert page.page.evaluate("() => !('scatter3d' in window.Plotly.PlotSchema.get().traces)")
    scene = page.page.evaluate(
        "() => document.querySelectorAll('#layer-graph-1 .gl-container canvas').length"
    )
    assert scene >= 1  # drawn with WebGL
    X, y = datasets.load("parabola")
    want = model.forward(Params.default((3,)), X, "tanh")
    assert accuracy(page) == pytest.approx(np.mean((want.logit > 0) == (y == 1)), abs=6e-4)
    assert "h1_3 = tanh(" in page.text("equations")
    # A slider moves: the views and the store follow, and the box says the value.
    page.page.focus("#range-w2_13")
    for _ in range(100):
        page.page.keyboard.press("ArrowRight")
    page.until("() => document.getElementById('box-w2_13').value === '1'")
    page.until("() => window.tinynetApp.shown && window.tinynetApp.shown[11] === 1")
    page.quiet()
    moved = Params.default((3,)).replace(w2_13=1.0)
    want = model.forward(moved, X, "tanh")
    assert accuracy(page) == pytest.approx(np.mean((want.logit > 0) == (y == 1)), abs=6e-4)
    # The 3-D view took the step (updated in place, not redrawn): its points are the model's.
    drawn = page.page.evaluate("() => window.tinynetFollow.drawn()")
    scene = page.page.evaluate(
        """() => { const d = document.getElementById('layer-graph-1');
             const t = d._fullData.find(t => t.name === 'class 1');
             return [t.x, t.y, t.z]; }"""
    )
    hs = want.hs[0][[i for i in drawn if y[i] == 1]]
    assert np.allclose(np.array(scene).T, hs, atol=1e-9)
    # A box takes a typed value; text that is no number changes nothing and says so.
    page.page.fill("#box-b1_3", "0,5")
    page.page.press("#box-b1_3", "Enter")
    page.until("() => window.tinynetApp.shown[8] === 0.5")
    page.page.fill("#box-b1_3", "abc")
    page.page.press("#box-b1_3", "Enter")
    page.until_text("typed-message", "not a number")
    assert page.page.locator("#box-b1_3").input_value() == "0.5"
    assert violations(page.page) == []
    # The views in words follow the network (the screen reader's paragraphs).
    page.until_text("hidden-graph-text", "Hidden layer 1, 3 units, a 3-D view you can turn")
    shown = page.text("accuracy").split(" ·")[0]  # "Accuracy 65.0%"
    page.until_text("input-graph-text", shown)
    # Back to 2-2-1 from the Network tab's picker: its block, views and numbers as they were.
    page.tab("network")
    page.choose("hidden-network", "2-2-1")
    page.until("() => !document.body.hasAttribute('data-arch')")
    page.until("() => window.tinynetApp.shown && window.tinynetApp.shown.length === 9")
    page.quiet()
    assert page.page.locator("#weights-221").is_visible()
    assert page.page.locator("#view-hidden .view-box").is_visible()
    assert page.shown_weights() == Params.default().to_array().tolist()


@pytest.mark.parametrize(
    "hidden, views",
    [("1", ["line"]), ("2,2", ["plane", "plane"]), ("1,3", ["line", "space"])],
)
def test_each_hidden_layer_gets_the_view_its_units_make(app_page, hidden, views):
    page = open_other(app_page, f"?hidden={hidden}", hidden)
    kinds = page.page.evaluate(
        """() => [...document.querySelectorAll('#layer-views .layer-graph')].map(d =>
             d.layout && d.layout.scene ? 'space' :
             d.layout && d.layout.yaxis && d.layout.yaxis.ticktext ? 'line' : 'plane')"""
    )
    assert kinds == views
    # Every layer's data points are the model's hidden values.
    X, _ = datasets.load("parabola")
    params = Params.default(architecture.check(hidden))
    run = model.forward(params, X, "tanh")
    drawn = page.page.evaluate("() => window.tinynetFollow.drawn()")
    first = page.page.evaluate(
        "() => { const d = document.getElementById('layer-graph-1'); return d.data; }"
    )
    marks = [t for t in first if t.get("mode") == "markers" and t.get("name") == "class 0"]
    got = marks[0]["x"]
    y = datasets.load("parabola")[1]
    want = [run.hs[0][i, 0] for i in drawn if y[i] == 0]
    assert np.allclose(got, want, atol=1e-9)


def test_a_network_trains_live_bit_for_bit_and_its_link_reopens_it(app_page):
    page = open_other(app_page, f"?hidden=3&{CIRCLES}&train_epochs=40", "3")
    page.train()
    X, y = datasets.load("circles", 500, 0.05, 0)
    direct = model.train(X, y, hidden=(3,), epochs=40)
    shown = page.shown_weights()
    assert shown == direct.params.to_array().tolist()
    assert page.page.locator("#box-w1_11").input_value() == str(
        round(direct.params.w1_11, 4)
    ).rstrip("0").rstrip(".")
    # Export replay: the file holds this network's run (its views: tests/browser/
    # test_replay_export.py).
    page.tab("training")
    with page.page.expect_download(timeout=60_000) as info:
        page.page.click("#export-replay")
    text = info.value.path().read_text()
    assert '"hidden":[3]' in text and "window.tinynetPlotly3d = window.Plotly" in text
    assert _file(THREE_D_BUNDLE) in text and _file(PLOTLY_BUNDLE) in text
    page.until_text("export-message", "Exported the replay of 40 steps")
    query = link_query(page)
    assert query["hidden"] == "3"
    assert [float(query[n]) for n in architecture.names((3,))] == shown
    # The link opens the same network and weights in a new page.
    page.page.goto(page.url + "/?" + "&".join(f"{k}={v}" for k, v in query.items()))
    wait_other(page, "3")
    assert page.shown_weights() == shown
    assert page.page.locator("#hidden").inner_text() == "2-3-1"


def test_a_bad_network_in_a_link_is_named_and_the_landscape_takes_any_network(app_page):
    page = app_page.open("?hidden=4&w11=2")
    page.until_text("notice", "one or two hidden layers of 1 to 3 units")
    assert page.shown_weights()[0] == 2  # the rest of the link stands
    page.choose("hidden", "2-2-2-1")
    wait_other(page, "2,2")
    page.tab("explore")
    assert page.page.locator("#landscape-x").inner_text() == "w3_11"  # the network's names
    page.page.click("#landscape-show")
    page.until(
        """() => { const gd = document.querySelector('#landscape-graph .js-plotly-plot');
             return gd && gd.data && gd.data.length && gd.layout.xaxis.title &&
                    String(gd.layout.xaxis.title.text).includes('w3_11'); }"""
    )
    page.tab("training")
    page.page.click("#export-replay")
    page.until_text("export-message", "Train first")


def test_the_run_log_and_restarts_compare_networks(app_page):
    page = app_page.open(f"?{CIRCLES}&train_epochs=30&train_restarts=6")
    page.tab("explore")
    page.page.click("#run-restarts")
    page.until_text("restarts-message", "Click a run to watch it")
    page.train()
    page.choose("hidden", "2-3-1")
    wait_other(page, "3")
    page.tab("explore")
    page.page.click("#run-restarts")
    page.until_text("restarts-message", "By network, with the same settings: 2-2-1:")
    said = page.text("restarts-message")
    X, y = datasets.load("circles", 500, 0.05, 0)
    for hidden in ((2,), (3,)):
        runs = [model.train(X, y, seed=s, hidden=hidden, epochs=30) for s in range(42, 48)]
        reach = sum(r.history.accuracy[-1] >= 0.98 for r in runs)
        assert f"{architecture.label(hidden)}: {reach} of 6" in said
    page.train()
    page.tab("training")
    log = page.text("run-log")
    assert "2-2-1" in log and "2-3-1" in log
    # Showing the 2-2-1 run again brings its network back, pickers and all.
    page.page.click("#run-log button[data-run-no='1']")
    page.until("() => !document.body.hasAttribute('data-arch')")
    page.until("() => document.getElementById('hidden').textContent.includes('2-2-1')")


def test_fit_hidden_axes_fits_each_layers_view_to_its_points(app_page):
    page = open_other(app_page, "?hidden=2,2&fit=1", "2,2")
    X, y = datasets.load("parabola")
    run = model.forward(Params.default((2, 2)), X, "tanh")
    drawn = page.page.evaluate("() => window.tinynetFollow.drawn()")
    for layer in (1, 2):
        got = page.page.evaluate(
            "n => document.getElementById('layer-graph-' + n).layout.xaxis.range", layer
        )
        h = run.hs[layer - 1][drawn, 0]
        pad = 0.05 * max(h.max() - h.min(), 0.1)
        assert got == pytest.approx([h.min() - pad, h.max() + pad], abs=1e-9)
    # Without it, the activation's range (tanh: -1 to 1, padded): the same box every step.
    page.page.uncheck("#view-options input[value=fit]")
    page.until("() => document.getElementById('layer-graph-1').layout.xaxis.range[0] < -1.0")


def test_reset_keeps_the_network_and_a_teacher_link_hides_its_rows(app_page):
    page = open_other(app_page, "?hidden=3&w1_11=2.5&w2_13=-1", "3")
    page.page.click("#reset")
    page.until("() => window.tinynetApp.shown && window.tinynetApp.shown[0] === 1")
    page.quiet()
    assert page.page.evaluate("() => document.body.getAttribute('data-arch')") == "3"
    assert page.shown_weights() == Params.default((3,)).to_array().tolist()
    # A teacher's view that hides the hidden layer: its rows go, the output's stay, and Reset
    # leaves the hidden weights as the link set them.
    page = open_other(page, "?hidden=3&w1_11=2.5&w2_13=-1&hide=hidden_weights", "3")
    assert page.page.locator("#range-w1_11").is_hidden()
    assert page.page.locator("#range-w2_13").is_visible()
    page.page.click("#reset")
    page.until("() => window.tinynetApp.shown[11] === 0")
    shown = page.shown_weights()
    assert shown[0] == 2.5 and shown[11] == 0  # w1_11 kept, w2_13 reset


def layer_marks(page, layer: int, name: str):
    """The drawn points of class `name` in hidden layer `layer`'s view, one row per point."""
    cols = page.page.evaluate(
        """([n, name]) => { const t = document.getElementById('layer-graph-' + n).data
             .find(t => t.name === name);
             return ['x', 'y', 'z'].filter(a => t[a]).map(a => t[a]); }""",
        [layer, name],
    )
    return np.array(cols, float).T


def test_the_morph_goes_layer_by_layer_and_ends_with_the_network(app_page):
    rng = np.random.default_rng(3)
    params = Params.from_array(rng.uniform(-1.5, 1.5, architecture.count((2, 3))), (2, 3))
    query = "&".join(f"{k}={v!r}" for k, v in params.to_dict().items())
    page = open_other(app_page, f"?hidden=2,3&stage=4.4&{query}", "2,3")
    slider = "#stage [role=slider]"
    assert page.page.get_attribute(slider, "aria-valuemax") == "6"  # three stages a layer
    assert "W2h" in page.text("stage")
    X, y = datasets.load("parabola")
    drawn = page.page.evaluate("() => window.tinynetFollow.drawn()")
    ones = [i for i in drawn if y[i] == 1]
    # Layer 1 is whole, with the next layer's three lines; layer 2 is on its way: its points
    # are model.layer_stage's at 1.4 of its three stages, and the output's plane is not there.
    whole = model.forward(params, X, "tanh")
    assert np.allclose(layer_marks(page, 1, "class 1"), whole.hs[0][ones], atol=1e-9)
    shapes = page.page.evaluate("() => document.getElementById('layer-graph-1').layout.shapes")
    assert len(shapes) == 3
    on_way = model.layer_stage(params, X[ones], "tanh", 1, 1.4)
    assert np.allclose(layer_marks(page, 2, "class 1"), on_way, atol=1e-9)
    second = page.page.evaluate("() => document.getElementById('layer-graph-2').data")
    assert not any(t["type"] == "mesh3d" for t in second)
    assert "Layer 2 at stage 4.40, adding b2" in page.page.evaluate(
        "() => document.getElementById('layer-graph-2').layout.title.text"
    )
    page.until_text("hidden-graph-text", "at stage 4.40, adding b2")
    # Morph plays from here to the network's end: layer 2 whole, with the output's plane.
    page.page.click("#play")
    page.until(f"() => document.querySelector('{slider}').getAttribute('aria-valuenow') === '6'")
    page.until_text("play", "▶ Morph")
    page.quiet()
    assert np.allclose(layer_marks(page, 2, "class 1"), whole.hs[1][ones], atol=1e-9)
    second = page.page.evaluate("() => document.getElementById('layer-graph-2').data")
    assert [t["name"] for t in second if t["type"] == "mesh3d"] == ["p = 0.5"]
    # Pressed again at the end, it starts over from the input: layer 1 leaves the plane x.
    page.page.click("#play")
    page.until(
        f"() => Number(document.querySelector('{slider}').getAttribute('aria-valuenow')) < 6"
    )
    page.page.click("#play")  # pause
    page.until_text("play", "▶ Morph")
    # Another network picked: the slider runs its stages and stands at its end.
    page.choose("hidden", "2-1-1")
    wait_other(page, "1")
    page.until(f"() => document.querySelector('{slider}').getAttribute('aria-valuemax') === '3'")
    page.until(f"() => document.querySelector('{slider}').getAttribute('aria-valuenow') === '3'")
    assert violations(page.page) == []


def test_a_reduced_motion_morph_steps_from_stage_to_stage(app_page):
    page = app_page.open()
    page.page.emulate_media(reduced_motion="reduce")
    page.page.evaluate(
        """() => { window.stagesSeen = [];
             const s = document.querySelector('#stage [role=slider]');
             const seen = () => window.stagesSeen.push(Number(s.getAttribute('aria-valuenow')));
             new MutationObserver(seen)
               .observe(s, {attributes: true, attributeFilter: ['aria-valuenow']}); }"""
    )
    page.page.click("#play")
    page.until("() => window.stagesSeen.includes(3)")
    page.until_text("play", "▶ Morph")
    # No slide in between: the input, then each stage once (x, W x, W x + b, f).
    assert page.page.evaluate("() => window.stagesSeen") == [0, 1, 2, 3]


def test_the_activation_tab_shows_every_layer_and_every_units_saturation(app_page):
    rng = np.random.default_rng(5)
    params = Params.from_array(rng.uniform(-3, 3, architecture.count((3, 2))), (3, 2))
    query = "&".join(f"{k}={v!r}" for k, v in params.to_dict().items())
    page = open_other(app_page, f"?hidden=3,2&{query}", "3,2")
    page.tab("activation")
    X, _ = datasets.load("parabola")
    act = model.resolve("tanh")
    run = model.forward(params, X, act)
    # Every hidden unit's share of points where f' is under 5% of its peak, as model.saturated
    # (to the whole per cent the page shows; JavaScript rounds halves up).
    want = {
        f"h{layer + 1}_{unit + 1}": 100 * model.saturated(act, z[:, unit]).mean()
        for layer, z in enumerate(run.zs)
        for unit in range(z.shape[1])
    }
    page.until_text("saturation", "h2_2")
    said = page.text("saturation").split(": ", 1)[1].removesuffix(" of points").split(", ")
    got = {part.split()[0]: float(part.split()[1].rstrip("%")) for part in said}
    assert got.keys() == want.keys()
    assert all(abs(got[k] - want[k]) <= 0.5 + 1e-9 for k in want), (got, want)
    assert page.text("hist1-label") == "layer 1's z, its 3 units pooled"
    assert page.text("hist2-label") == "layer 2's z, its 2 units pooled"
    # Back on 2-2-1, its own words.
    page.choose("hidden-network" if page.page.locator("#hidden-network").is_visible() else "hidden",
                "2-2-1")  # fmt: skip
    page.until("() => !document.body.hasAttribute('data-arch')")
    page.until_text("hist1-label", "z1 of the data")
    assert page.text("hist2-label") == "z2 of the data"
    assert page.page.locator("#hist2-label").is_visible()
