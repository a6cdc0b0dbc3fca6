import numpy as np
import pytest

from tinynet import datasets
from tinynet.explorer.limits import HEATMAP_N
from tinynet.explorer.views.numbers import (
    activation_box,
    clip_half_plane,
    compute_views,
    grid_families,
    hidden_range,
    input_axis,
    output_line,
)
from tinynet.model import ACTIVATIONS, Params, forward, resolve, stage

X, Y = datasets.load("parabola")
DRAWN = np.arange(300)
P5 = Params(-3, 3, -3, -3, 1, -1, 0, 1, 0)


def views(params=P5, act="sigmoid", t=3.0, fit=False):
    return compute_views(params, resolve(act), t, X, Y, DRAWN, fit)


def test_heatmap_is_the_output_probability_on_a_fine_grid():
    v = views()
    g = input_axis()
    assert v["proba"].shape == (HEATMAP_N, HEATMAP_N) and HEATMAP_N >= 150
    j, i = 40, 120
    assert v["proba"][j, i] == pytest.approx(forward(P5, [[g[i], g[j]]], "sigmoid").proba[0])


def test_hidden_grid_lines_are_the_straight_grid_after_the_layer():
    v = views()
    vertical, horizontal = grid_families()
    assert np.isnan(vertical).any(axis=1).sum() == 11  # 11 lines, each ended by a break
    ok = ~np.isnan(vertical).any(axis=1)
    np.testing.assert_allclose(v["hidden_v"][ok], stage(P5, vertical[ok], "sigmoid", 3.0))
    np.testing.assert_allclose(v["hidden_h"][ok], forward(P5, horizontal[ok], "sigmoid").h)


def test_output_line_lies_on_w13_h1_plus_w23_h2_plus_b13_equals_0():
    p = P5.replace(w13=1.5, w23=-0.7, b13=0.2)
    line = views(p)["line"]
    assert line.shape == (2, 2)
    np.testing.assert_allclose(line @ [1.5, -0.7] + 0.2, 0.0, atol=1e-12)


def test_a_vertical_output_line_when_w23_is_0():
    line = output_line(P5.replace(w13=1.0, w23=0.0, b13=-0.5), [0, 1, 0, 1])
    np.testing.assert_allclose(line[:, 0], 0.5)
    np.testing.assert_allclose(line[:, 1], [0, 1])


def test_no_line_and_whole_view_shaded_when_w13_and_w23_are_0():
    v = views(P5.replace(w13=0.0, w23=0.0, b13=0.4))
    assert v["line"].shape == (0, 2)
    assert len(v["shade_pos"]) == 5 and len(v["shade_neg"]) == 0


def test_shaded_sides_split_the_view_along_the_line():
    box = [-1, 1, -1, 1]
    pos = clip_half_plane(box, 1.0, 1.0, 0.0)
    assert (pos @ [1, 1] >= -1e-12).all()
    area = 0.5 * abs(np.dot(pos[:-1, 0], pos[1:, 1]) - np.dot(pos[1:, 0], pos[:-1, 1]))
    assert area == pytest.approx(2.0)


@pytest.mark.parametrize(
    "name, expected",
    [
        ("sigmoid", [-0.05, 1.05]),
        ("tanh", [-1.1, 1.1]),
        ("relu", [-0.15, 3.15]),
        ("linear", [-3.3, 3.3]),
        ("softmax", [-0.05, 1.05]),
    ],
)
def test_hidden_axes_follow_the_activations_range(name, expected):
    box = activation_box(ACTIVATIONS[name])
    assert box[0:2] == pytest.approx(expected) and box[2:4] == pytest.approx(expected)
    assert views(act=name)["range"] == pytest.approx(box)


def test_fit_to_data_holds_every_point():
    p = P5.replace(w11=6.0, b12=5.0)
    v = views(p, act="linear", fit=True)
    pts = np.concatenate([v["hidden_0"], v["hidden_1"]])
    x0, x1, y0, y1 = v["range"]
    assert (pts[:, 0] >= x0).all() and (pts[:, 0] <= x1).all()
    assert (pts[:, 1] >= y0).all() and (pts[:, 1] <= y1).all()


def test_while_morphing_the_axes_hold_every_stage_and_stay_still():
    shown = np.concatenate(grid_families() + (X[DRAWN],))
    act = resolve("tanh")
    boxes = [hidden_range(P5, act, t, shown, False) for t in (0.0, 0.7, 1.5, 2.9)]
    assert all(b == boxes[0] for b in boxes)
    for t in (0.0, 1.0, 2.0, 2.9):
        moved = stage(P5, X[DRAWN], act, t)
        assert moved[:, 0].min() >= boxes[0][0] and moved[:, 0].max() <= boxes[0][1]


def test_activation_panel_counts_every_point_and_finds_saturation():
    v = views(P5.replace(w11=8, w12=8, w21=8, w22=8), act="sigmoid")
    assert sum(v["hist1"]) == pytest.approx(1.0) and sum(v["hist2"]) == pytest.approx(1.0)
    assert v["saturated"][0] > 0.3  # big weights push the units into their flat tails
    calm = views(Params.default(), act="sigmoid")
    assert calm["saturated"] == [0.0, 0.0]


def test_readouts():
    v = views(Params.default(), act="tanh")
    assert v["det"] == 1.0
    assert v["accuracy"] == pytest.approx(0.147, abs=0.001)
    assert v["logloss"] > 0
