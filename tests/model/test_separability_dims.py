"""Separability in the last hidden space of one or three units (a threshold, a plane), and the
output-layer fit for every architecture: properties, not the implementation against itself."""

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from tinynet import model
from tinynet.datasets import load
from tinynet.model import Params, fit_output_layer, linearly_separable

values = st.floats(-5, 5, allow_nan=False, allow_subnormal=True)


@settings(max_examples=200, deadline=None)
@given(
    h=arrays(float, st.integers(2, 30), elements=values),
    labels=st.lists(st.integers(0, 1), min_size=30, max_size=30),
)
@example(h=np.array([0.0, 1.57936738e-190, -1.0]), labels=[0, 1] + [0] * 28)  # a tiny gap
@example(h=np.array([0.0, 5e-324]), labels=[0, 1] + [0] * 28)  # neighbouring floats
def test_a_threshold_separates_exactly_when_one_class_lies_below_the_other(h, labels):
    y = np.array(labels[: len(h)])
    verdict = linearly_separable(h[:, None], y)
    if len(set(y.tolist())) < 2:
        assert verdict.separable
        return
    ones, zeros = h[y == 1], h[y == 0]
    expected = ones.min() > zeros.max() or ones.max() < zeros.min()
    assert verdict.separable == expected
    if expected:
        a, c = verdict.line
        sides = np.where(y == 1, 1.0, -1.0) * (a * h + c)
        # (Two neighbouring floats have no float between them: the threshold is then one, and
        # half their distance may round to 0.)
        neighbours = (
            np.nextafter(zeros.max(), np.inf) == ones.min()
            or np.nextafter(ones.max(), np.inf) == zeros.min()
        )
        assert verdict.margin > 0 or neighbours
        assert (sides > 0).all() or (neighbours and (sides >= 0).all())


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    shift=st.sampled_from([0.0, 1e3, -1e6, 1e9]),
    scale=st.sampled_from([1.0, 1e-6, 1e4]),
)
def test_a_plane_is_found_whenever_a_gap_exists_and_it_separates(seed, shift, scale):
    # (Points 1e-6 wide at 1e9 keep only a few bits of their positions: no gap is left.)
    assume(abs(shift) / scale <= 1e9)
    rng = np.random.default_rng(seed)
    normal = rng.normal(size=3)
    normal /= np.linalg.norm(normal)
    H = rng.uniform(-1, 1, (120, 3))
    side = H @ normal
    keep = np.abs(side) > 0.05  # a gap of 0.1 around the plane through the origin
    H, y = H[keep], (side[keep] > 0).astype(int)
    moved = H * scale + shift
    verdict = linearly_separable(moved, y)
    assert verdict.separable
    *a, c = verdict.line
    sides = np.where(y == 1, 1.0, -1.0) * (moved @ np.array(a) + c)
    assert (sides > 0).all()


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), inside=st.floats(0.05, 0.95))
def test_a_point_inside_the_other_class_hull_is_never_separable(seed, inside):
    rng = np.random.default_rng(seed)
    corners = rng.normal(size=(4, 3))  # a tetrahedron of class 0
    weights = rng.dirichlet(np.ones(4))
    point = inside * (weights @ corners) + (1 - inside) * corners.mean(axis=0)
    H = np.vstack([corners, point])
    verdict = linearly_separable(H, np.array([0, 0, 0, 0, 1]))
    assert not verdict.separable and verdict.line is None
    assert "no plane separates" in verdict.reason


def test_the_same_spot_in_both_classes_is_said_so():
    H = np.array([[0.0, 0.0, 0.0], [1.0, 1.0, 1.0], [1.0, 1.0, 1.0]])
    verdict = linearly_separable(H, np.array([0, 1, 0]))
    assert not verdict.separable and "same spot" in verdict.reason


@pytest.mark.parametrize("shape", [(5, 4), (5,) * 2 + (1,)])
def test_hidden_points_of_four_units_are_refused(shape):
    with pytest.raises(ValueError, match=r"\(n, 1\), \(n, 2\) or \(n, 3\)"):
        linearly_separable(np.zeros(shape), np.zeros(5))


def test_circles_are_separable_in_the_space_of_three_units_and_the_fit_finds_it():
    X, y = load("circles")
    two = model.train(X, y, epochs=150)
    three = model.train(X, y, hidden=(3,), epochs=150)
    assert not fit_output_layer(two.params, X, y).separability.separable
    fit = fit_output_layer(three.params, X, y)
    assert fit.separability.separable and fit.accuracy == 1.0
    assert fit.params.hidden == (3,)
    # The hidden layer is kept; only the output unit is fitted.
    np.testing.assert_array_equal(fit.params.layers[0][0], three.params.layers[0][0])
    np.testing.assert_array_equal(fit.params.layers[0][1], three.params.layers[0][1])


@pytest.mark.parametrize("hidden", [(1,), (2, 1), (2, 3), (3, 2)])
def test_the_fit_keeps_every_hidden_layer_of_any_architecture(hidden):
    X, y = load("moons", 200)
    start = Params.from_array(
        np.random.default_rng(5).normal(size=model.architecture.count(hidden)), hidden
    )
    fit = fit_output_layer(start, X, y)
    for (W, b), (W0, b0) in zip(fit.params.layers[:-1], start.layers[:-1]):
        np.testing.assert_array_equal(W, W0)
        np.testing.assert_array_equal(b, b0)
    assert 0.5 <= fit.accuracy <= 1.0


def test_points_near_the_largest_floats_are_judged_like_any_others():
    X, y = load("blobs", 100)
    for scale in (1e200, 1.7e308 / 1.2):
        verdict = linearly_separable(X * scale, y)
        assert verdict.separable == linearly_separable(X, y).separable
