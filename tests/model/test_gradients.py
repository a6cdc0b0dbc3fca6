import decimal

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tinynet.model import (
    ACTIVATIONS,
    NAMES,
    Params,
    forward,
    gradients,
    loss,
    loss_many,
    sigmoid,
    train,
    train_many,
)
from tinynet.model.network import dloss_dlogit

# Kinks in f or in f' (softsign's |z|): central differences are only first-order there.
KINKED = {"relu", "leaky_relu", "elu", "selu", "step", "softsign"}
weights = arrays(float, 9, elements=st.floats(-3, 3))
points = arrays(float, (6, 2), elements=st.floats(-1, 1))
labels = arrays(int, 6, elements=st.integers(0, 1))


def numeric_gradient(params, X, y, act, kind, l2, eps=1e-6):
    theta = params.to_array()
    out = np.empty(9)
    for i in range(9):
        step = np.zeros(9)
        step[i] = eps
        up = loss(Params.from_array(theta + step), X, y, act, kind, l2)
        down = loss(Params.from_array(theta - step), X, y, act, kind, l2)
        out[i] = (up - down) / (2 * eps)
    return out


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@pytest.mark.parametrize("kind", ["bce", "mse"])
@given(theta=weights, X=points, y=labels, l2=st.sampled_from([0.0, 0.1]))
def test_gradients_match_central_differences(name, kind, theta, X, y, l2):
    params = Params.from_array(theta)
    z = forward(params, X, name).z
    if name in KINKED:
        assume(np.abs(z).min() > 1e-3)  # finite differences are meaningless across a kink
    if name == "step":
        assume(np.abs(z).min() > 1e-3)
    analytic = gradients(params, X, y, name, kind, l2).to_array()
    numeric = numeric_gradient(params, X, y, name, kind, l2)
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


def test_forward_follows_the_widgets_equations():
    p = Params(1.0, -2.0, 0.5, 3.0, 0.1, -0.2, 2.0, -1.0, 0.3)
    x = np.array([[0.4, -0.7]])
    out = forward(p, x, "tanh")
    h1 = np.tanh(1.0 * 0.4 - 2.0 * -0.7 + 0.1)
    h2 = np.tanh(0.5 * 0.4 + 3.0 * -0.7 - 0.2)
    assert out.h[0] == pytest.approx([h1, h2])
    assert out.logit[0] == pytest.approx(2.0 * h1 - 1.0 * h2 + 0.3)
    assert out.proba[0] == pytest.approx(1 / (1 + np.exp(-out.logit[0])))
    assert out.z.shape == (1, 2) and out.proba.shape == (1,)


def test_cross_entropy_is_finite_for_huge_logits():
    p = Params.default().replace(w23=1e6)  # logits of +-1e6: p is exactly 0 or 1 in floats
    X = np.array([[0.0, 0.5], [0.0, -0.5]])
    y = np.array([0, 1])  # both wrong
    value = loss(p, X, y, "linear")
    assert np.isfinite(value) and value == pytest.approx(0.5e6, rel=1e-9)
    assert np.isfinite(gradients(p, X, y, "linear").to_array()).all()


def test_gradient_names_follow_the_parameters():
    X = np.array([[1.0, 0.0]])
    g = gradients(Params.default(), X, np.array([1]), "linear")
    # logit = h2 = x2 = 0, p = 0.5, dL/dlogit = -0.5; only w12 and w22 see x2 = 0.
    assert g.b13 == pytest.approx(-0.5)
    assert g.w13 == pytest.approx(-0.5 * 1.0)  # h1 = x1 = 1
    assert g.w11 == pytest.approx(0.0) and g.b12 == pytest.approx(-0.5)
    assert tuple(g.to_dict()) == NAMES


def exact_sigmoid(z: float) -> float:
    """1 / (1 + e^-z) in 50-digit decimal arithmetic, rounded once at the end."""
    with decimal.localcontext() as ctx:
        ctx.prec = 50
        return float(1 / (1 + decimal.Decimal(-z).exp()))


def test_sigmoid_is_the_logistic_function_to_full_relative_accuracy_on_both_sides():
    z = np.concatenate([np.linspace(-700, 40, 741), np.linspace(-40, 40, 161)])  # normal floats
    got = sigmoid(z)
    want = np.array([exact_sigmoid(v) for v in z])
    np.testing.assert_allclose(got, want, rtol=4e-16, atol=0)  # a few ulp, never rounded to 0
    assert sigmoid(-38.0) > 0 and sigmoid(-700.0) > 0


def test_a_saturated_output_keeps_its_squared_error_slope():
    """p = sigmoid(-40) = 4.2e-18: the slope 2 (p - 1) p (1 - p) is -8.5e-18, not 0."""
    g = dloss_dlogit(np.array([-40.0]), np.array([1.0]), "mse")[0]
    p = exact_sigmoid(-40.0)
    assert g == pytest.approx(2 * (p - 1) * p * (1 - p), rel=1e-12)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_points_that_are_not_finite_are_named_by_every_entry(bad):
    X = np.array([[0.0, 0.0], [0.5, bad], [1.0, 1.0]])
    y = np.array([0, 1, 1])
    calls = [
        lambda: forward(Params.default(), X),
        lambda: loss(Params.default(), X, y),
        lambda: gradients(Params.default(), X, y),
        lambda: train(X, y, epochs=1),
        lambda: train_many(X, y, seeds=[0, 1], epochs=1),
    ]
    for call in calls:
        with pytest.raises(
            ValueError, match=r"points X must be finite numbers: 1 of 3 rows.*row 1"
        ):
            call()


def test_bad_inputs_are_refused():
    with pytest.raises(ValueError, match="shape"):
        forward(Params.default(), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="0 or 1"):
        loss(Params.default(), np.zeros((2, 2)), np.array([0, 2]))
    with pytest.raises(ValueError, match="bce"):
        loss(Params.default(), np.zeros((2, 2)), np.array([0, 1]), kind="hinge")


@pytest.mark.parametrize("kind", ["bce", "mse"])
def test_loss_many_is_loss_for_each_row(kind):
    rng = np.random.default_rng(3)
    X, y = rng.uniform(-1, 1, (50, 2)), rng.integers(0, 2, 50)
    thetas = rng.uniform(-3, 3, (7, 9))
    many = loss_many(thetas, X, y, "relu", kind, l2=0.01, chunk_elements=300)  # several chunks
    one = [loss(Params.from_array(t), X, y, "relu", kind, l2=0.01) for t in thetas]
    np.testing.assert_allclose(many, one, rtol=1e-12)
