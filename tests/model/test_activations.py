import warnings

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from tinynet.model import ACTIVATIONS, resolve, saturated

REQUIRED = [
    "linear",
    "sigmoid",
    "tanh",
    "relu",
    "leaky_relu",
    "elu",
    "selu",
    "softplus",
    "swish",
    "gelu",
    "mish",
    "softsign",
    "sine",
    "softmax",
]
EXTREMES = np.array(
    [-1e300, -1e150, -1e10, -750.0, -40.0, -1.0, 0.0, 1.0, 40.0, 750.0, 1e10, 1e150, 1e300]
)
# Kinks in f or in f' (softsign's |z|): central differences are only first-order there.
KINKED = {"relu", "leaky_relu", "elu", "selu", "step", "softsign"}


def as_input(act, z):
    """Elementwise activations take any shape; softmax wants the two units on the last axis."""
    z = np.asarray(z, dtype=float)
    return z if act.elementwise else np.stack([z, np.zeros_like(z)], axis=-1)


def test_registry_has_every_required_activation():
    assert set(REQUIRED) <= set(ACTIVATIONS)
    for act in ACTIVATIONS.values():
        assert act.formula and act.effect and act.title


@pytest.mark.parametrize("name", list(ACTIVATIONS))
def test_values_and_derivatives_are_finite_without_warnings_at_extremes(name):
    act = ACTIVATIONS[name]
    grid = np.array(np.meshgrid(EXTREMES, EXTREMES)).reshape(2, -1).T  # every pair, for softmax
    z = grid if not act.elementwise else EXTREMES
    with warnings.catch_warnings(), np.errstate(over="raise", invalid="raise", divide="raise"):
        warnings.simplefilter("error")
        h, d = act.f(z), act.der(z)
        vjp = act.vjp(z, h, np.ones_like(h))
    assert np.isfinite(h).all() and np.isfinite(d).all() and np.isfinite(vjp).all()


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@given(z=st.floats(-8, 8))
def test_derivative_matches_central_difference(name, z):
    act = ACTIVATIONS[name]
    if name in KINKED:
        assume(abs(z) > 1e-3)
    eps = 1e-6
    zz = as_input(act, [z - eps, z, z + eps])
    h = act.f(zz)
    numeric = (h[2] - h[0]) / (2 * eps)
    analytic = act.der(zz)[1]
    if not act.elementwise:  # der is the diagonal dh1/dz1; only z1 moved
        numeric, analytic = numeric[0], analytic[0]
    np.testing.assert_allclose(analytic, numeric, rtol=1e-5, atol=1e-7)


@pytest.mark.parametrize("name", list(ACTIVATIONS))
@given(z=st.lists(st.floats(-50, 50), min_size=1, max_size=20))
def test_values_stay_in_the_stated_range(name, z):
    act = ACTIVATIONS[name]
    lo, hi = act.output_range
    h = act.f(as_input(act, z))
    assert (h >= lo - 1e-12).all() and (h <= hi + 1e-12).all()


@given(z1=st.floats(-10, 10), z2=st.floats(-10, 10), d1=st.floats(-3, 3), d2=st.floats(-3, 3))
def test_softmax_lands_on_the_segment_and_its_vjp_is_the_jacobian(z1, z2, d1, d2):
    act = ACTIVATIONS["softmax"]
    z = np.array([[z1, z2]])
    h = act.f(z)
    assert h.sum() == pytest.approx(1.0)
    eps = 1e-6
    jac = np.column_stack(
        [
            (act.f(z + e) - act.f(z - e))[0] / (2 * eps)
            for e in (np.array([[eps, 0]]), np.array([[0, eps]]))
        ]
    )  # jac[i, j] = dh_i / dz_j
    dh = np.array([[d1, d2]])
    np.testing.assert_allclose(act.vjp(z, h, dh.copy())[0], dh[0] @ jac, atol=1e-7)


def test_parameters_are_clamped_and_named():
    leaky = resolve("leaky_relu", 5.0)
    assert leaky.value == leaky.param.high
    assert resolve("leaky_relu", 0.2).f(np.array([-1.0]))[0] == pytest.approx(-0.2)
    assert resolve("elu", 2.0).output_range == (-2.0, np.inf)
    with pytest.raises(ValueError, match="finite"):
        resolve("elu", float("nan"))


def test_unknown_activation_lists_the_choices():
    with pytest.raises(ValueError, match="tanh"):
        resolve("tanhh")


def test_saturation_is_where_the_gradient_vanishes():
    sig = ACTIVATIONS["sigmoid"]
    mask = saturated(sig, np.array([0.0, 2.0, 6.0, -6.0]))
    assert mask.tolist() == [False, False, True, True]
    assert not saturated(ACTIVATIONS["linear"], np.array([1e6])).any()
    assert saturated(ACTIVATIONS["relu"], np.array([-1.0, 1.0])).tolist() == [True, False]
