"""The browser's mirror of the general path (assets/views/mlp.js) against model/: names,
layers, forward and backprop for every architecture and every activation."""

import numpy as np
import pytest

from tinynet.model import (
    ACTIVATIONS,
    Params,
    architecture,
    forward,
    gradients,
    layer_stage,
    resolve,
)

TOL = 1e-9


@pytest.fixture(scope="module")
def mlp_page(browser, server_url):
    context = browser.new_context()
    from conftest import Page

    page = Page(context.new_page(), server_url).open()
    yield page.page
    context.close()


def test_names_and_shapes_match(mlp_page):
    for hidden in architecture.ALL:
        got = mlp_page.evaluate(
            "(h) => [window.tinynetMLP.names(h), window.tinynetMLP.shapes(h)]", list(hidden)
        )
        assert got[0] == list(architecture.names(hidden))
        assert [tuple(s) for s in got[1]] == architecture.shapes(hidden)


# Every formula mlp.js treats its own way: elementwise ones with and without a parameter,
# those with kinks or a zero slope, and softmax across 1, 2 or 3 units (math.js's activations
# themselves are held to NumPy one by one in test_js_parity.py).
KINDS = ["tanh", "sigmoid", "relu", "leaky_relu", "elu", "gelu", "step", "softmax"]


@pytest.mark.parametrize("name", KINDS)
def test_forward_and_gradients_match_numpy_for_every_architecture(mlp_page, name):
    rng = np.random.default_rng(sum(map(ord, name)))
    spec = ACTIVATIONS[name].param
    act = resolve(name, None if spec is None else spec.high)
    for hidden in architecture.ALL:
        params = Params.from_array(rng.uniform(-3, 3, architecture.count(hidden)), hidden)
        X = rng.uniform(-1.5, 1.5, (24, 2))
        y = rng.integers(0, 2, 24)
        kind = "mse" if hidden[0] == 3 else "bce"
        got = mlp_page.evaluate(
            """([p, hidden, X, y, act, kind]) => {
                 const N = window.tinynetMLP, net = N.layers(p, hidden);
                 const r = N.forward(net, X, act);
                 const g = N.byName(N.gradients(net, X, y, act, kind, 0.01), hidden);
                 return {zs: r.zs, hs: r.hs, logit: Array.from(r.logit), grad: g}; }""",
            [
                params.to_dict(),
                list(hidden),
                X.tolist(),
                y.tolist(),
                {"name": act.name, "value": act.value},
                kind,
            ],
        )
        ref = forward(params, X, act)
        assert np.abs(np.asarray(got["logit"]) - ref.logit).max() <= TOL, (name, hidden)
        for layer in range(len(hidden)):
            for key, values in (("zs", ref.zs), ("hs", ref.hs)):
                mine = np.array([point[layer] for point in got[key]])
                assert np.abs(mine - values[layer]).max() <= TOL, (name, hidden, key, layer)
        want = gradients(params, X, y, act, kind, 0.01).to_dict()
        worst = max(abs(got["grad"][k] - v) for k, v in want.items())
        assert worst <= TOL, (name, hidden, worst)


@pytest.mark.parametrize("name", ["tanh", "relu", "elu", "softmax"])
def test_every_layers_morph_matches_numpy(mlp_page, name):
    rng = np.random.default_rng(sum(map(ord, name)) + 7)
    act = resolve(name)
    X = rng.uniform(-1.5, 1.5, (16, 2))
    for hidden in architecture.ALL:
        params = Params.from_array(rng.uniform(-3, 3, architecture.count(hidden)), hidden)
        for layer in range(len(hidden)):
            for t in (0.0, 0.4, 1.0, 1.7, 2.0, 2.5, 3.0):
                got = mlp_page.evaluate(
                    """([p, hidden, X, act, l, t]) => { const N = window.tinynetMLP;
                         return N.stage(N.layers(p, hidden), X, act, l, t); }""",
                    [
                        params.to_dict(),
                        list(hidden),
                        X.tolist(),
                        {"name": act.name, "value": act.value},
                        layer,
                        t,
                    ],
                )
                want = layer_stage(params, X, act, layer, t)
                assert np.abs(np.asarray(got) - want).max() <= TOL, (name, hidden, layer, t)
