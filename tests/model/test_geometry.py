import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tinynet.model import (
    ACTIVATIONS,
    Params,
    architecture,
    det,
    forward,
    layer_stage,
    resolve,
    stage,
    stage_end,
)

P = Params(2.0, 1.0, -1.0, 0.5, 0.3, -0.7, 1.0, 1.0, 0.0)
X = np.random.default_rng(0).uniform(-1, 1, (50, 2))


def test_det_is_the_area_factor():
    assert det(Params.default()) == 1.0
    assert det(P) == pytest.approx(2.0 * 0.5 - 1.0 * -1.0)
    assert det(Params.default().replace(w12=1.0, w21=1.0)) == 0.0  # singular: plane -> line


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_the_four_stages(name):
    np.testing.assert_allclose(stage(P, X, name, 0), X)
    np.testing.assert_allclose(stage(P, X, name, 1), X @ P.W.T)
    np.testing.assert_allclose(stage(P, X, name, 2), X @ P.W.T + P.b)
    np.testing.assert_allclose(stage(P, X, name, 3), ACTIVATIONS[name].f(X @ P.W.T + P.b))


@given(t=st.floats(0, 3), name=st.sampled_from(list(ACTIVATIONS)))
def test_stages_move_continuously(t, name):
    if name == "step":
        return  # the step function itself jumps
    a, b = stage(P, X, name, t), stage(P, X, name, min(t + 1e-7, 3.0))
    assert np.abs(a - b).max() < 1e-5


def test_halfway_through_the_linear_map_is_the_interpolated_matrix():
    half = (np.eye(2) + P.W) / 2
    np.testing.assert_allclose(stage(P, X, "tanh", 0.5), X @ half.T)


@given(pts=arrays(float, (5, 2), elements=st.floats(-1, 1)), t=st.floats(-10, 10))
def test_t_outside_the_stages_is_clamped(pts, t):
    np.testing.assert_allclose(stage(P, pts, "relu", t), stage(P, pts, "relu", min(max(t, 0), 3)))


def test_nan_t_is_refused():
    with pytest.raises(ValueError, match="t must be"):
        stage(P, X, "tanh", float("nan"))


# Every network's morph, layer by layer (layer_stage), held to model.forward: each stage is
# written out here from the layers' arrays, not from the function under test.
def _net(hidden, seed=1):
    rng = np.random.default_rng(seed)
    return Params.from_array(rng.uniform(-2, 2, architecture.count(hidden)), hidden)


@pytest.mark.parametrize("hidden", architecture.ALL)
@pytest.mark.parametrize("name", ["tanh", "relu", "softmax"])
def test_each_layer_goes_from_its_input_to_its_output(hidden, name):
    params = _net(hidden)
    act = resolve(name)
    ref = forward(params, X, act)
    inputs = [X, *ref.hs]
    for layer, units in enumerate(hidden):
        W, b = params.layers[layer]
        h = inputs[layer]
        start = np.zeros((len(X), units))
        k = min(units, h.shape[1])
        start[:, :k] = h[:, :k]  # a plane in 3-D lies at h3 = 0; on a line, its first coordinate
        np.testing.assert_allclose(layer_stage(params, X, act, layer, 0), start, atol=1e-12)
        np.testing.assert_allclose(layer_stage(params, X, act, layer, 1), h @ W.T, atol=1e-12)
        np.testing.assert_allclose(layer_stage(params, X, act, layer, 2), ref.zs[layer], atol=1e-12)
        np.testing.assert_allclose(layer_stage(params, X, act, layer, 3), ref.hs[layer], atol=1e-12)


@given(
    t=st.floats(0, 3),
    hidden=st.sampled_from(architecture.ALL),
    name=st.sampled_from([n for n in ACTIVATIONS if n != "step"]),  # step itself jumps
)
def test_every_layer_moves_continuously(t, hidden, name):
    params = _net(hidden, 2)
    for layer in range(len(hidden)):
        a = layer_stage(params, X, name, layer, t)
        b = layer_stage(params, X, name, layer, min(t + 1e-7, 3.0))
        assert np.abs(a - b).max() < 1e-4


@given(t=st.floats(0, 3), name=st.sampled_from(list(ACTIVATIONS)))
def test_for_2_2_1_the_layer_stage_is_the_stage(t, name):
    np.testing.assert_allclose(layer_stage(P, X, name, 0, t), stage(P, X, name, t))


def test_the_morph_ends_after_three_stages_a_layer_and_refuses_a_layer_not_there():
    assert stage_end((2,)) == 3.0 and stage_end((3, 2)) == 6.0
    with pytest.raises(ValueError, match="hidden layer of this network, 0 to 1"):
        layer_stage(_net((2, 2)), X, "tanh", 2, 1.0)
    with pytest.raises(ValueError, match="finite"):
        layer_stage(_net((3,)), X, "tanh", 0, float("nan"))
