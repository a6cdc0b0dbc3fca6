"""The browser's maths (assets/views/math.js, views.js) against model/ and views.py:
the JavaScript must compute what NumPy computes, for every activation."""

import re

import numpy as np
import pytest

from tinynet.explorer.app import initial_figures
from tinynet.explorer.data.points import arrays, load_for
from tinynet.explorer.page.config import client_config
from tinynet.explorer.state import State
from tinynet.explorer.views.numbers import compute_views, proba_pixels
from tinynet.explorer.widgets.style import PROBA_SCALE
from tinynet.model import ACTIVATIONS, Params, forward, gradients, resolve, stage

TOL = 1e-9
CONFIG = client_config()


def js_forward(page, params, X, act):
    return page.page.evaluate(
        """([p, X, act]) => { const r = window.tinynetMath.forward(p, X, act);
             return {z: r.z, h: r.h, logit: Array.from(r.logit), proba: Array.from(r.proba)}; }""",
        [params.to_dict(), X.tolist(), {"name": act.name, "value": act.value}],
    )


def as_array(values):
    return np.array([[np.nan if v is None else v for v in row] for row in values], float)


@pytest.fixture(scope="module")
def parity_page(browser, server_url):
    context = browser.new_context()
    from conftest import Page

    page = Page(context.new_page(), server_url).open()
    yield page
    context.close()


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_forward_and_stage_match_numpy_for_every_activation(parity_page, name):
    rng = np.random.default_rng(abs(hash(name)) % 2**32)
    spec = ACTIVATIONS[name].param
    values = [None] if spec is None else [spec.low, spec.default, spec.high]
    for value in values:
        act = resolve(name, value)
        for trial in range(4):
            scale = 3.0 if trial < 3 else 8.0  # the sliders' full range too
            params = Params.from_array(rng.uniform(-scale, scale, 9))
            X = rng.uniform(-1.5, 1.5, (64, 2))
            ref = forward(params, X, act)
            got = js_forward(parity_page, params, X, act)
            for key in ("z", "h", "logit", "proba"):
                diff = np.abs(np.asarray(got[key]) - getattr(ref, key)).max()
                assert diff <= TOL, (name, value, key, diff)
            t = float(rng.uniform(0, 3))
            moved = parity_page.page.evaluate(
                "([p, X, act, t]) => window.tinynetMath.stage(p, X, act, t)",
                [params.to_dict(), X.tolist(), {"name": act.name, "value": act.value}, t],
            )
            assert np.abs(np.asarray(moved) - stage(params, X, act, t)).max() <= TOL


STATES = [
    State(),
    State(params=Params(-3, 3, -3, -3, 1, -1, 0, 1, 0), activation="sigmoid", stage=1.37),
    State(params=Params(-3, 0.4, -3, 3, 0.1, 1.8, 2.0, -1.5, 0.3), activation="relu"),
    State(params=Params(1, 1, 1, 1, 0, 0, 0, 0, 0.5), activation="linear", fit=True),
    State(params=Params(2, -1, 0.5, 3, -0.2, 0.1, 4, 0.1, -1), activation="softmax", stage=2.6),
    State(activation="elu", act_param=2.5, dataset="moons", samples=500, noise=0.1, data_seed=0),
]


@pytest.mark.parametrize("state", STATES, ids=lambda s: f"{s.activation}-t{s.stage}")
def test_views_and_figures_match_the_servers(parity_page, state):
    data = load_for(state)
    X, y, drawn = arrays(data)
    act = resolve(state.activation, state.act_param)
    ref = compute_views(state.params, act, state.stage, X, y, drawn, state.fit)
    got = parity_page.page.evaluate(
        """([p, act, t, data, fit, cfg]) => {
             const v = window.tinynetViews.computeViews(p, act, t, data, fit, cfg);
             return JSON.parse(JSON.stringify(v)); }""",
        [
            state.params.to_dict(),
            {"name": act.name, "value": act.value},
            state.stage,
            data,
            state.fit,
            CONFIG,
        ],
    )
    assert set(got) == set(ref)
    for key, expected in ref.items():
        expected = np.asarray(expected, float)
        actual = (
            np.asarray(
                [np.nan if v is None else v for v in np.ravel(got[key]).tolist()], float
            ).reshape(expected.shape)
            if expected.size
            else np.asarray(got[key], float).reshape(expected.shape)
        )
        np.testing.assert_allclose(actual, expected, rtol=0, atol=TOL, err_msg=key)

    figures = initial_figures(state, data)
    js_figs = parity_page.page.evaluate(
        """([p, act, t, data, fit, grid, tpl, cfg]) => {
             const V = window.tinynetViews, F = window.tinynetFigures;
             const v = V.computeViews(p, act, t, data, fit, cfg);
             const spec = cfg.activations[act.name];
             return JSON.parse(JSON.stringify({
               input: F.inputFigure(tpl.input, v, data, grid, cfg),
               hidden: F.hiddenFigure(tpl.hidden, v, t, p, cfg),
               activation: F.activationFigure(tpl.activation, v, spec, act, cfg),
               diagram: F.diagramFigure(tpl.diagram, p, cfg),
               proba: F.probaFigure(tpl.proba, v, cfg)})); }""",
        [
            state.params.to_dict(),
            {"name": act.name, "value": act.value},
            state.stage,
            data,
            state.fit,
            state.grid,
            figures,
            CONFIG,
        ],
    )
    for name, fig in figures.items():
        if name not in js_figs:  # the training charts' templates: tested below
            continue
        for k, (ours, theirs) in enumerate(zip(fig["data"], js_figs[name]["data"])):
            for attr in ("x", "y", "z", "text", "width", "visible", "line"):
                if attr in ours:
                    assert _close(theirs.get(attr), ours[attr]), (name, k, attr)
        for key in ("shapes", "annotations"):
            ours, theirs = fig["layout"].get(key, []), js_figs[name]["layout"].get(key, [])
            assert len(ours) == len(theirs), (name, key)
            for a, b in zip(ours, theirs):
                if "path" in a:
                    assert _close(_path_numbers(b.pop("path")), _path_numbers(a.pop("path")))
                assert _close(b, a), (name, key, a, b)
        for a, b in zip(fig["layout"].get("images", []), js_figs[name]["layout"].get("images", [])):
            a = {k: v for k, v in a.items() if k != "source"}
            assert _close(b, a), (name, "image")
        for axis in ("xaxis", "yaxis", "yaxis2"):
            if "range" in fig["layout"].get(axis, {}):
                assert np.allclose(
                    js_figs[name]["layout"][axis]["range"], fig["layout"][axis]["range"], atol=TOL
                ), (name, axis)
        assert js_figs[name]["layout"]["title"]["text"] == fig["layout"]["title"]["text"]


def _path_numbers(path: str) -> list:
    return [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?", path)]


@pytest.mark.parametrize("state", STATES[:3], ids=lambda s: s.activation)
def test_heatmap_pixels_match(parity_page, state):
    X, y, drawn = arrays(load_for(state))
    act = resolve(state.activation, state.act_param)
    views = compute_views(state.params, act, state.stage, X, y, drawn)
    ours = proba_pixels(views["proba"], PROBA_SCALE)
    theirs = parity_page.page.evaluate(
        "([proba, scale]) => Array.from(window.tinynetViews.probaPixels(proba, scale))",
        [views["proba"].tolist(), PROBA_SCALE],
    )
    diff = np.abs(np.asarray(theirs, int) - ours.reshape(-1).astype(int))
    assert diff.max() <= 1  # rounding of an exact .5 may differ by one step


def _close(a, b) -> bool:
    if isinstance(b, dict):
        return isinstance(a, dict) and all(_close(a.get(k), v) for k, v in b.items())
    if isinstance(b, (list, tuple)):
        if not isinstance(a, (list, tuple)) or len(a) != len(b):
            return False
        return all(_close(x, z) for x, z in zip(a, b))
    if isinstance(b, float) or isinstance(a, float):
        if a is None or b is None:
            return a is None and b is None
        return abs(a - b) <= TOL
    return a == b


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_gradients_match_numpy_for_every_activation(parity_page, name):
    rng = np.random.default_rng(len(name))
    act = resolve(name)
    for kind, l2 in (("bce", 0.0), ("mse", 0.05)):
        params = Params.from_array(rng.uniform(-3, 3, 9))
        X = rng.uniform(-1, 1, (40, 2))
        y = rng.integers(0, 2, 40)
        ref = gradients(params, X, y, act, kind, l2).to_array()
        got = parity_page.page.evaluate(
            """([p, X, y, act, kind, l2]) => {
                 const g = window.tinynetMath.gradients(p, X, y, act, kind, l2);
                 return window.tinynetMath.NAMES.map(k => g[k]); }""",
            [
                params.to_dict(),
                X.tolist(),
                y.tolist(),
                {"name": act.name, "value": act.value},
                kind,
                l2,
            ],
        )
        assert np.abs(np.asarray(got) - ref).max() <= TOL, (name, kind)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_unit_maps_match_numpy(parity_page, name):
    from tinynet.explorer.views.numbers import unit_maps, unit_range

    spec = ACTIVATIONS[name].param
    act = resolve(name, None if spec is None else spec.high)
    params = Params.from_array(np.random.default_rng(7).uniform(-4, 4, 9))
    got = parity_page.page.evaluate(
        """([p, act, cfg]) => { const U = window.tinynetUnits;
             const maps = U.unitMaps(p, act, cfg.limits.UNIT_MAP_N, cfg.limits);
             return {maps: maps.map(m => m.map(r => Array.from(r))),
                     range: U.unitRange(cfg.activations[act.name], act, cfg.limits)}; }""",
        [params.to_dict(), {"name": act.name, "value": act.value}, CONFIG],
    )
    np.testing.assert_allclose(np.asarray(got["maps"]), unit_maps(params, act), atol=TOL)
    assert got["range"] == pytest.approx(list(unit_range(act)))


def test_the_growing_charts_are_the_servers_figures(parity_page):
    from tinynet import datasets, model
    from tinynet.explorer.training.figures import history_figure, weights_figure

    X, y = datasets.load("moons", 200, 0.1, 0)
    Xtr, Xte, ytr, yte = datasets.split(X, y, 0.25, seed=0)
    run = model.train(Xtr, ytr, epochs=12, X_test=Xte, y_test=yte)
    records = [
        {
            "at": float(k),
            "params": run.trajectory[k].tolist(),
            "loss": float(run.history.loss[k]),
            "accuracy": float(run.history.accuracy[k]),
            "test_loss": float(run.history.test_loss[k]),
            "test_accuracy": float(run.history.test_accuracy[k]),
        }
        for k in range(13)
    ]
    templates = {
        "history": history_figure({"records": []}),
        "weights": weights_figure({"records": []}),
    }
    got = parity_page.page.evaluate(
        """([run, tpl]) => JSON.parse(JSON.stringify({
             history: window.tinynetRunCharts.historyFigure(tpl.history, run),
             weights: window.tinynetRunCharts.weightsFigure(tpl.weights, run)}))""",
        [{"records": records, "epochs": 12, "lossKind": "bce"}, templates],
    )
    for name, ours in (
        ("history", history_figure({"records": records, "loss_kind": "bce"})),
        ("weights", weights_figure({"records": records})),
    ):
        for theirs, mine in zip(got[name]["data"], ours["data"]):
            assert theirs["x"] == mine["x"] and theirs["y"] == pytest.approx(mine["y"])
            assert theirs["name"] == mine["name"]


def test_points_the_page_puts_in_a_link_are_the_points_python_reads(parity_page):
    from tinynet.explorer.sharing import pointcode

    rng = np.random.default_rng(11)
    X = np.round(rng.uniform(-1.2, 1.2, (301, 2)), 4)
    X[:4] = [[0.00005, -0.00015], [1.2, -1.2], [0.0, 0.0], [-0.33335, 0.5]]  # halves round even
    y = (rng.uniform(size=301) > 0.4).astype(int)
    text = parity_page.page.evaluate(
        "([X, y]) => window.tinynetPointCode.encode(X, y).text", [X.tolist(), y.tolist()]
    )
    assert text == pointcode.encode(X, y)
    back_X, back_y = pointcode.decode(text)
    assert back_y.tolist() == y.tolist()
    np.testing.assert_allclose(back_X, X, atol=0.5 / pointcode.SCALE)
