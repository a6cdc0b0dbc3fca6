"""The lean one-run gradient (model/onerun.py) against finite differences and against the
stacked Backprop, for every activation, both losses, with and without L2."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_gradients import KINKED, numeric_gradient

from tinynet.model import ACTIVATIONS, Params, forward, resolve
from tinynet.model.network import AUG, Backprop, augment
from tinynet.model.onerun import OneRun

weights = arrays(float, 9, elements=st.floats(-3, 3))
labels = arrays(int, 7, elements=st.integers(0, 1))
points = arrays(float, (7, 2), elements=st.floats(-1, 1))


def lean_gradient(params: Params, X, y, name: str, kind: str, l2: float) -> np.ndarray:
    theta = params.to_array()[AUG][:, None].copy()
    xa = augment(np.asarray(X, float))
    lean = OneRun(theta, resolve(name), kind, l2).gradient
    grad = lean(xa, xa.T.copy(), np.asarray(y, float)[:, None])
    return grad[:, 0][AUG]


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("kind", ["bce", "mse"])
@given(theta=weights, X=points, y=labels, l2=st.sampled_from([0.0, 0.1]))
def test_the_lean_gradient_matches_central_differences_and_backprop(name, kind, theta, X, y, l2):
    params = Params.from_array(theta)
    if name in KINKED:
        assume(np.abs(forward(params, X, name).z).min() > 1e-3)
    lean = lean_gradient(params, X, y, name, kind, l2)
    numeric = numeric_gradient(params, X, y, name, kind, l2)
    np.testing.assert_allclose(lean, numeric, rtol=1e-5, atol=1e-7)
    stacked = Backprop(params.to_array()[AUG][None].copy(), resolve(name), kind, l2)
    xa = augment(X)
    expected = stacked(xa, xa.T.copy(), np.asarray(y, float)[:, None])[0][AUG]
    np.testing.assert_allclose(lean, expected, rtol=1e-12, atol=1e-15)


def test_batches_of_any_size_reuse_their_own_buffers():
    rng = np.random.default_rng(0)
    theta = rng.normal(size=(9, 1))
    lean = OneRun(theta, resolve("tanh"), "bce").gradient
    for n in (16, 5, 16, 1):
        xa = augment(rng.uniform(-1, 1, (n, 2)))
        y = rng.integers(0, 2, (n, 1)).astype(float)
        expected = Backprop(theta.T.copy(), resolve("tanh"), "bce")(xa, xa.T.copy(), y)
        np.testing.assert_allclose(lean(xa, xa.T.copy(), y).T, expected, rtol=1e-12, atol=1e-15)
