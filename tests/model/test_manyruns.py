"""The many-runs gradient and metrics (model/manyruns.py), runs on the last axis: against
central differences and the stacked Backprop for every activation, both losses, with and
without L2, each run on its own points; and in float32 against float64."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_gradients import KINKED, numeric_gradient

from tinynet.model import ACTIVATIONS, Params, forward, loss, resolve
from tinynet.model.manyruns import ManyRuns, evaluate
from tinynet.model.network import AUG, Backprop, augment
from tinynet.model.onerun import evaluate_one

RUNS, POINTS = 3, 6
weights = arrays(float, (RUNS, 9), elements=st.floats(-3, 3))
points = arrays(float, (RUNS, POINTS, 2), elements=st.floats(-1, 1))
labels = arrays(int, (RUNS, POINTS), elements=st.integers(0, 1))


def many_gradient(thetas, X, y, name, kind, l2, dtype=np.float64) -> np.ndarray:
    """(R, 9) in Params order: run r's gradient on its own points X[r], y[r]."""
    theta = np.ascontiguousarray(thetas[:, AUG].T, dtype=dtype)
    blocks = [np.ascontiguousarray(a.T, dtype=dtype) for a in (X[..., 0], X[..., 1], y)]
    grad = ManyRuns(theta, resolve(name), kind, l2)(*blocks)
    return grad.T[:, AUG].astype(float)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("kind", ["bce", "mse"])
@given(thetas=weights, X=points, y=labels, l2=st.sampled_from([0.0, 0.1]))
def test_each_runs_gradient_matches_central_differences_and_backprop(name, kind, thetas, X, y, l2):
    got = many_gradient(thetas, X, y, name, kind, l2)
    for r in range(RUNS):
        params = Params.from_array(thetas[r])
        if name in KINKED:
            assume(np.abs(forward(params, X[r], name).z).min() > 1e-3)
        numeric = numeric_gradient(params, X[r], y[r], name, kind, l2)
        np.testing.assert_allclose(got[r], numeric, rtol=1e-5, atol=1e-7)
        stacked = Backprop(thetas[r][AUG][None].copy(), resolve(name), kind, l2)
        xa = augment(X[r])
        expected = stacked(xa, xa.T.copy(), y[r].astype(float)[:, None])[0][AUG]
        np.testing.assert_allclose(got[r], expected, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("name", ["tanh", "relu", "sigmoid", "softmax"])
def test_float32_gradients_are_float64_ones_rounded(name):
    rng = np.random.default_rng(5)
    thetas = rng.normal(size=(40, 9))
    X = rng.uniform(-1, 1, (40, 16, 2))
    y = rng.integers(0, 2, (40, 16))
    exact = many_gradient(thetas, X, y, name, "bce", 0.01)
    single = many_gradient(thetas, X, y, name, "bce", 0.01, np.float32)
    np.testing.assert_allclose(single, exact, rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize("name", ["tanh", "gelu", "softmax"])
@pytest.mark.parametrize("kind", ["bce", "mse"])
def test_metrics_in_blocks_are_each_runs_loss_and_accuracy(monkeypatch, name, kind):
    monkeypatch.setattr("tinynet.model.manyruns.BLOCK_ELEMENTS", 7)  # many uneven blocks
    rng = np.random.default_rng(2)
    thetas = rng.normal(size=(4, 9)) * 2
    X = rng.uniform(-1, 1, (37, 2))
    y = rng.integers(0, 2, 37)
    theta = np.ascontiguousarray(thetas[:, AUG].T)
    got_loss, got_acc = evaluate(theta, resolve(name), kind, X[:, 0], X[:, 1], y.astype(float))
    for r in range(4):
        params = Params.from_array(thetas[r])
        np.testing.assert_allclose(got_loss[r], loss(params, X, y, name, kind), rtol=1e-12)
        proba = forward(params, X, name).proba
        assert got_acc[r] == ((proba > 0.5) == (y == 1)).mean()


@pytest.mark.parametrize("name", ["tanh", "relu", "softmax"])
@pytest.mark.parametrize("kind", ["bce", "mse"])
def test_one_runs_metrics_are_its_loss_and_accuracy(name, kind):
    rng = np.random.default_rng(3)
    params = Params.from_array(rng.normal(size=9) * 2)
    X = rng.uniform(-1, 1, (41, 2))
    y = rng.integers(0, 2, 41)
    theta = params.to_array()[AUG][:, None].copy()
    got_loss, got_acc = evaluate_one(theta, resolve(name), kind, augment(X), y.astype(float))
    np.testing.assert_allclose(got_loss[0], loss(params, X, y, name, kind), rtol=1e-12)
    assert got_acc[0] == ((forward(params, X, name).proba > 0.5) == (y == 1)).mean()
