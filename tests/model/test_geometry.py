import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tinynet.model import ACTIVATIONS, Params, det, stage

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
