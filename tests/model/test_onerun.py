"""The lean one-run gradient (model/onerun.py) against finite differences and against the
stacked Backprop, for every activation, both losses, with and without L2; and the signed SGD
loop of the notebook's case, step by step against Backprop's gradient."""

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from test_gradients import KINKED, numeric_gradient

from tinynet.model import ACTIVATIONS, Params, forward, resolve
from tinynet.model.network import AUG, Backprop, augment
from tinynet.model.onerun import OneRun, SignedTanhSGD

weights = arrays(float, 9, elements=st.floats(-3, 3))
labels = arrays(int, 7, elements=st.integers(0, 1))
points = arrays(float, (7, 2), elements=st.floats(-1, 1))


def lean_gradient(params: Params, X, y, name: str, kind: str, l2: float) -> np.ndarray:
    theta = params.to_array()[AUG][:, None].copy()
    xa = augment(np.asarray(X, float))
    lean = OneRun(theta, resolve(name), kind, l2)
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
    lean = OneRun(theta, resolve("tanh"), "bce")
    for n in (16, 5, 16, 1):
        xa = augment(rng.uniform(-1, 1, (n, 2)))
        y = rng.integers(0, 2, (n, 1)).astype(float)
        expected = Backprop(theta.T.copy(), resolve("tanh"), "bce")(xa, xa.T.copy(), y)
        np.testing.assert_allclose(lean(xa, xa.T.copy(), y).T, expected, rtol=1e-12, atol=1e-15)


def backprop_steps(theta: np.ndarray, batches, lr: float) -> tuple[np.ndarray, np.ndarray]:
    """theta (9,) in augmented order after plain SGD steps made with Backprop's gradient,
    and the gradients' sum."""
    row, total = theta.copy(), np.zeros(9)
    for xa, y in batches:
        grad = Backprop(row[None].copy(), resolve("tanh"), "bce")(xa, xa.T.copy(), y[:, None])[0]
        row -= lr * grad
        total += grad
    return row, total


def signed_batches(batches):
    for xa, y in batches:
        xq = SignedTanhSGD.signed(xa, y)
        yield xq, xq.T.copy()


@given(
    theta=weights,
    X=arrays(float, (23, 2), elements=st.floats(-1, 1)),
    y=arrays(int, 23, elements=st.integers(0, 1)),
    lr=st.sampled_from([0.05, 0.5]),
)
def test_signed_sgd_steps_are_backprops_steps(theta, X, y, lr):
    """Three batches of 8, 8 and a short 7: each point times its sign, the label gone."""
    xa, y = augment(X), y.astype(float)
    batches = [(xa[k : k + 8], y[k : k + 8]) for k in (0, 8, 16)]
    start = Params.from_array(theta).to_array()[AUG]
    col, grad_sum = start[:, None].copy(), np.zeros((9, 1))
    done = SignedTanhSGD(col, lr).sgd(signed_batches(batches), None, None, grad_sum=grad_sum)
    expected, total = backprop_steps(start, batches, lr)
    assert done == 3
    np.testing.assert_allclose(col[:, 0], expected, rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(grad_sum[:, 0], total, rtol=1e-9, atol=1e-9)


def test_signed_sgd_stops_after_its_budget_and_goes_on_from_theta():
    rng = np.random.default_rng(3)
    xa, y = augment(rng.uniform(-1, 1, (48, 2))), rng.integers(0, 2, 48).astype(float)
    batches = [(xa[k : k + 16], y[k : k + 16]) for k in (0, 16, 32)]
    start = rng.normal(size=9)
    col, sums = start[:, None].copy(), np.zeros((9, 1))
    loop = SignedTanhSGD(col, 0.1)
    assert loop.sgd(signed_batches(batches[:2]), 1, None, grad_sum=sums) == 1
    assert loop.sgd(signed_batches(batches[1:]), None, None, grad_sum=sums) == 2
    np.testing.assert_allclose(col[:, 0], backprop_steps(start, batches, 0.1)[0], rtol=1e-12)


def test_the_notebooks_case_takes_the_signed_loop(monkeypatch, parabola):
    from tinynet.model import train

    calls = []
    sgd = SignedTanhSGD.sgd
    monkeypatch.setattr(SignedTanhSGD, "sgd", lambda *a, **k: calls.append(1) or sgd(*a, **k))
    X, y = parabola
    train(X[:100], y[:100], epochs=2)  # tanh, cross-entropy, SGD, no L2: the defaults
    assert len(calls) == 2
    train(X[:100], y[:100], epochs=2, l2=0.01)
    train(X[:100], y[:100], epochs=2, activation="sigmoid")
    train(X[:100], y[:100], epochs=2, optimizer="adam")
    assert len(calls) == 2
