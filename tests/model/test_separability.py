import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tinynet.model import Params, fit_output_layer, forward, linearly_separable

# The notebook's two presets (../shared/REFERENCE.md, exercises 5 and 6).
PRESET_5 = Params(-3, 3, -3, -3, 1, -1, 0, 1, 0)
PRESET_6 = Params(-3, 0.4, -3, 3, 0.1, 1.8, 0, 1, 0)


def test_hand_made_separable_set():
    H = np.array([[0, 0], [1, 0], [0, 1], [2, 2], [3, 2], [2, 3]], float)
    verdict = linearly_separable(H, np.array([0, 0, 0, 1, 1, 1]))
    assert verdict.separable and verdict.margin > 0
    a1, a2, c = verdict.line
    sides = H @ [a1, a2] + c
    assert (sides[:3] < 0).all() and (sides[3:] > 0).all()


def test_xor_corners_are_not_separable():
    H = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], float)
    verdict = linearly_separable(H, np.array([0, 0, 1, 1]))
    assert not verdict.separable and verdict.line is None


def test_touching_sets_are_not_strictly_separable():
    # Class 1 at x = 1 and class 0 at x = 1 too (same spot): no line can split them.
    H = np.array([[0, 0], [1, 0], [1, 0], [2, 0]], float)
    verdict = linearly_separable(H, np.array([0, 0, 1, 1]))
    assert not verdict.separable and "same spot" in verdict.reason


def test_nearly_touching_sets_are_still_separable():
    H = np.array([[0, 0], [1, 0], [1 + 1e-6, 0], [2, 0]], float)
    assert linearly_separable(H, np.array([0, 0, 1, 1])).separable


@given(
    angle=st.floats(0, 2 * np.pi),
    offset=st.floats(-0.5, 0.5),
    gap=st.floats(0.01, 0.5),
    seed=st.integers(0, 1000),
)
def test_points_on_either_side_of_a_line_are_separable_and_fit_perfectly(angle, offset, gap, seed):
    rng = np.random.default_rng(seed)
    normal = np.array([np.cos(angle), np.sin(angle)])
    H = rng.uniform(-1, 1, (40, 2))
    side = H @ normal - offset
    H = H[np.abs(side) > gap]
    y = (H @ normal - offset > 0).astype(int)
    if len(np.unique(y)) < 2:
        return
    assert linearly_separable(H, y).separable
    # With the identity as hidden layer and linear units, the hidden points are these points.
    fit = fit_output_layer(Params.default(), H, y, "linear")
    assert fit.accuracy == 1.0


@pytest.mark.parametrize(
    "activation, separable", [("linear", False), ("sigmoid", True), ("tanh", True), ("relu", True)]
)
def test_notebook_preset_5(parabola, activation, separable):
    X, y = parabola
    fit = fit_output_layer(PRESET_5, X, y, activation)
    assert fit.separability.separable is separable
    if separable:
        assert fit.accuracy == 1.0
    else:
        assert fit.accuracy == pytest.approx(0.744, abs=0.002)  # the best line, as measured


@pytest.mark.parametrize("activation", ["linear", "sigmoid", "tanh", "relu"])
def test_notebook_preset_6_only_relu_separates(parabola, activation):
    X, y = parabola
    fit = fit_output_layer(PRESET_6, X, y, activation)
    assert fit.separability.separable is (activation == "relu")


def test_fit_keeps_the_hidden_layer(parabola):
    X, y = parabola
    fit = fit_output_layer(PRESET_5, X, y, "tanh")
    np.testing.assert_array_equal(fit.params.W, PRESET_5.W)
    np.testing.assert_array_equal(fit.params.b, PRESET_5.b)
    assert fit.params.v.tolist() != PRESET_5.v.tolist()
    assert (forward(fit.params, X, "tanh").proba > 0.5).mean() == pytest.approx(y.mean())


def squares(gap: float) -> tuple[np.ndarray, np.ndarray]:
    """Two unit squares of 25 points each, side by side, `gap` apart."""
    g = np.linspace(0, 1, 5)
    a = np.array([(u, v) for u in g for v in g])
    return np.vstack([a, a + [1 + gap, 0]]), np.repeat([0, 1], 25)


@pytest.mark.parametrize("shift", [0.0, 1e3, 1e6, 1e7, 1e9, -1e9])
@pytest.mark.parametrize("scale", [1e-6, 1.0, 1e6])
def test_the_verdict_does_not_depend_on_position_or_size(shift, scale):
    H, y = squares(0.5)
    if abs(shift) * 1e-9 > scale:  # coordinates no longer hold the squares apart
        return
    verdict = linearly_separable(H * scale + shift, y)
    assert verdict.separable and verdict.margin == pytest.approx(0.25 / 1.25, rel=1e-6)
    a1, a2, c = verdict.line
    sides = (H * scale + shift) @ [a1, a2] + c
    assert (sides[:25] < 0).all() and (sides[25:] > 0).all()
    X = np.array([[0, 0], [1, 1], [0, 1], [1, 0]], float) * scale + shift
    assert not linearly_separable(X, np.array([0, 0, 1, 1])).separable


@pytest.mark.parametrize("gap", [1e-6, 1e-8, 1e-10])
def test_classes_a_hair_apart_are_separable_and_touching_ones_not(gap):
    H, y = squares(gap)
    assert linearly_separable(H, y).separable
    H, y = squares(0.0)
    assert not linearly_separable(H[:, ::-1] * 3 - 7, y).separable


@given(
    angle=st.floats(0, 2 * np.pi),
    gap=st.floats(1e-6, 0.5),
    seed=st.integers(0, 1000),
    shift=st.tuples(st.floats(-1e8, 1e8), st.floats(-1e8, 1e8)),
    exponent=st.floats(-4, 6),
)
def test_separability_survives_any_shift_and_scale(angle, gap, seed, shift, exponent):
    rng = np.random.default_rng(seed)
    normal = np.array([np.cos(angle), np.sin(angle)])
    H = rng.uniform(-1, 1, (60, 2))
    side = H @ normal
    H = H[np.abs(side) > gap]
    y = (H @ normal > 0).astype(int)
    scale = 10.0**exponent
    if len(np.unique(y)) < 2 or max(map(abs, shift)) * 1e-12 > scale * gap:
        return
    moved = H * scale + np.array(shift)
    assert linearly_separable(moved, y).separable
    # A class-0 point on a class-1 point: never separable, wherever and however large.
    mixed = linearly_separable(np.vstack([moved, moved[y == 1][:1]]), np.append(y, 0))
    assert not mixed.separable
