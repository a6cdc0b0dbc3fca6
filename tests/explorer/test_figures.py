import base64
import json
import struct

import numpy as np
import pytest

from tinynet.explorer.app import initial_figures
from tinynet.explorer.data.points import arrays, load_for
from tinynet.explorer.state import State
from tinynet.explorer.views.diagram import diagram_figure, edge_style
from tinynet.explorer.views.figures import TRACES
from tinynet.explorer.views.numbers import compute_views
from tinynet.explorer.widgets import style
from tinynet.model import Params, forward, resolve


@pytest.fixture(scope="module")
def figures():
    return initial_figures(State(), load_for(State()))


def test_trace_order_is_the_documented_contract(figures):
    for name, order in TRACES.items():
        assert len(figures[name]["data"]) == len(order), name


def test_figures_are_plain_json(figures):
    text = json.dumps(figures, allow_nan=False)  # NaN breaks are written as null
    assert "NaN" not in text


def test_classes_differ_by_colour_and_by_shape(figures):
    c0, c1 = figures["input"]["data"][1:3]
    assert c0["marker"]["color"] != c1["marker"]["color"]
    assert c0["marker"]["symbol"] != c1["marker"]["symbol"]
    assert (
        c0["marker"]["color"] in style.CLASS_COLORS and c1["marker"]["color"] in style.CLASS_COLORS
    )


def test_input_view_has_a_fine_heatmap_and_the_half_curve(figures):
    image = figures["input"]["layout"]["images"][0]
    png = base64.b64decode(image["source"].split(",", 1)[1])
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (151, 151) and image["sizex"] == image["sizey"] == 2.4
    boundary = figures["input"]["layout"]["shapes"][0]
    assert boundary["path"].startswith("M") and boundary["line"]["dash"] == "dash"


def test_the_boundary_is_where_p_is_one_half():
    state = State(params=Params(2, 1, -1, 0.5, 0.3, -0.2, 1.5, -1, 0.1))
    data = load_for(state)
    X, y, drawn = arrays(data)
    views = compute_views(state.params, resolve("tanh"), 3.0, X, y, drawn)
    points = views["boundary"][~np.isnan(views["boundary"]).any(axis=1)]
    assert len(points) > 50
    p = forward(state.params, points, "tanh").proba
    assert np.abs(p - 0.5).max() < 0.01  # linear interpolation on a 0.016 grid


def test_grid_option_shows_the_straight_grid():
    data = load_for(State())
    assert initial_figures(State(grid=True), data)["input"]["data"][0]["visible"] is True
    assert initial_figures(State(), data)["input"]["data"][0]["visible"] is False


def test_hidden_view_names_the_stage_and_notes_a_missing_line():
    data = load_for(State())
    morphing = initial_figures(State(stage=1.5), data)["hidden"]["layout"]["title"]["text"]
    assert morphing.startswith("Stage t = 1.50")
    flat = State(params=Params.default().replace(w23=0.0))
    note = initial_figures(flat, data)["hidden"]["layout"]["annotations"][0]
    assert note["visible"] and "w13 = w23 = 0" in note["text"]


def test_diagram_edges_show_sign_twice_and_size_by_magnitude():
    assert edge_style(2.0)["color"] != edge_style(-2.0)["color"]
    assert edge_style(2.0)["dash"] != edge_style(-2.0)["dash"]
    assert edge_style(-6.0)["width"] > edge_style(0.5)["width"]
    fig = diagram_figure(Params(1, -2, 0, 0, 0.5, 0, 3, -1, 0.25))
    labels = [note["text"] for note in fig["layout"]["annotations"]]
    assert "w12 -2.00" in labels and "b13 0.25" in labels
    edges = fig["layout"]["shapes"]
    assert (
        edges[1]["line"]["dash"] == "dash" and edges[4]["line"]["width"] > edges[0]["line"]["width"]
    )
