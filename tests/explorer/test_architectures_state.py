"""The other networks through the page's server side: the state gate reads `hidden`, links
carry it (old links read as before), a chunked run of any network is one model.train call bit
for bit, the page's actions read its network, and lesson checks measure it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tinynet import datasets, model
from tinynet.explorer.lessons.checks import Situation, evaluate, problems
from tinynet.explorer.sharing.links import CONTROLS, applied, control_values, fields_from_controls
from tinynet.explorer.sharing.url import from_fields, from_query, to_query
from tinynet.explorer.state import State, TrainOptions, parse
from tinynet.explorer.training.actions import landscape
from tinynet.explorer.training.callbacks import read_network
from tinynet.explorer.training.chunks import Refused, initial_weights, run_chunk
from tinynet.model import Params, architecture

CIRCLES = {"dataset": "circles", "samples": 500, "noise": 0.05, "data_seed": 0}


@pytest.mark.parametrize("hidden", architecture.ALL)
def test_every_network_goes_through_a_link_and_back(hidden):
    rng = np.random.default_rng(len(hidden) * 10 + hidden[0])
    params = Params.from_array(rng.normal(size=architecture.count(hidden)) * 3, hidden)
    state, messages = parse({**params.to_dict(), "hidden": architecture.short(hidden)})
    assert messages == [] and state.params == params
    query = to_query(state, TrainOptions())
    assert ("hidden=" in query) == (hidden != architecture.DEFAULT)
    back, _, messages = from_query(query)
    assert messages == [] and back == state


def test_an_old_link_opens_2_2_1_as_before():
    state, _, messages = from_query("?w11=2.5&w23=-1&activation=relu")
    assert messages == []
    assert state.params.hidden == (2,) and state.params.w11 == 2.5 and state.params.w23 == -1
    assert "hidden" not in State().to_dict()


@pytest.mark.parametrize("bad", ["0", "4", "2,2,2", "2,x", "", "2-2-2", "99999999999"])
def test_a_network_outside_the_range_is_named_and_nothing_else_changes(bad):
    state, _, messages = from_query(f"?hidden={bad}&w11=3&activation=relu")
    assert state.params.hidden == (2,) and state.params.w11 == 3 and state.activation == "relu"
    assert any("one or two hidden layers of 1 to 3 units" in m for m in messages)


def test_weights_that_do_not_fit_the_network_open_its_defaults_with_a_notice():
    state, _, messages = from_query("?hidden=3&w11=3&w23=2")
    assert state.params == Params.default((3,))
    assert any("w11, w23: not weights of a 2-3-1 network" in m for m in messages)
    # and the other way round: 2-2-1 with another network's names
    state, _, messages = from_query("?w1_11=3")
    assert state.params == Params.default()
    assert any("w1_11" in m for m in messages)


def test_the_page_applies_a_network_with_its_weights_together():
    params = Params.default((2, 3))
    state = State(params=params)
    values = applied(state, TrainOptions())
    weights = values[len(CONTROLS)]
    assert weights == {"values": params.to_array().tolist(), "why": "state", "hidden": [2, 3]}
    controls = dict(zip([cid for cid, _ in CONTROLS], control_values(state, TrainOptions())))
    assert controls["hidden"] == "2,3"
    # and back from the controls (a lesson's Check reads the page so)
    fields = fields_from_controls(control_values(state, TrainOptions()), weights["values"])
    back, _, messages = from_fields(fields)
    assert messages == [] and back.params == params


def whole_run(req: dict) -> list:
    answer = json.loads(json.dumps(run_chunk(req)))
    records = answer["records"][0]
    while not answer["done"]:
        answer = json.loads(json.dumps(run_chunk({**req, "runs": answer["runs"]})))
        records += answer["records"][0]
    return records


@pytest.mark.parametrize("hidden", [(1,), (3,), (2, 2), (3, 2)])
def test_a_chunked_run_of_any_network_is_one_train_call_bit_for_bit(hidden):
    req = {
        "options": {"epochs": 12},
        "activation": "tanh",
        "data": {"made_by": CIRCLES},
        "goal": "run",
        "hidden": list(hidden),
    }
    records = whole_run(req)
    X, y = datasets.load(*CIRCLES.values())
    direct = model.train(X, y, hidden=hidden, epochs=12)
    assert np.array_equal([r["params"] for r in records], direct.trajectory)
    assert [r["loss"] for r in records] == direct.history.loss.tolist()


def test_a_run_from_the_sliders_of_another_network_starts_there():
    start = Params.default((3,)).to_array().tolist()
    req = {
        "options": {"epochs": 2, "start": "sliders"},
        "activation": "relu",
        "data": {"made_by": CIRCLES},
        "goal": "run",
        "hidden": [3],
        "start": start,
    }
    assert whole_run(req)[0]["params"] == start
    with pytest.raises(Refused, match="a 2-3-1 network has 13"):
        run_chunk({**req, "start": start[:9]})
    with pytest.raises(Refused, match="one or two hidden layers"):
        run_chunk({**req, "hidden": [4]})


def test_a_run_posted_back_for_another_network_is_refused():
    req = {"options": {"epochs": 3}, "activation": "tanh", "data": {"made_by": CIRCLES}}
    first = run_chunk({**req, "goal": "epoch", "hidden": [3]})
    with pytest.raises(Refused, match="stays where it was"):
        run_chunk({**req, "goal": "epoch", "hidden": [2], "runs": first["runs"]})


def test_the_pages_actions_read_its_network():
    X, y = datasets.load(*CIRCLES.values())
    data = {"X": X.tolist(), "y": y.tolist()}
    values = Params.default((2, 2)).to_array().tolist()
    params, act, X2, y2 = read_network(values, "tanh", None, data, [2, 2])
    assert params.hidden == (2, 2) and np.array_equal(X2, X)
    with pytest.raises(Refused, match="could not be read"):
        read_network(values[:9], "tanh", None, data, [2, 2])
    with pytest.raises(Refused, match="one or two hidden layers"):
        read_network(values, "tanh", None, data, [5])
    assert initial_weights(TrainOptions(), (3,)).hidden == (3,)


def situation(state: State) -> Situation:
    return Situation(state, TrainOptions(), state, TrainOptions())


def test_checks_measure_any_network_and_may_ask_for_one():
    X, y = datasets.load(*CIRCLES.values())
    trained = model.train(X, y, hidden=(3,), seed=42).params
    state = State(params=trained, **{k: v for k, v in CIRCLES.items()})
    check = {"at_least": {"accuracy": 0.98, "separable": 1}, "one_of": {"hidden": ["3"]}}
    assert problems(check) == []
    verdict = evaluate(check, situation(state))
    assert verdict.passed, verdict.reasons
    flat = State(params=model.train(X, y, seed=42).params, **CIRCLES)
    verdict = evaluate(check, situation(flat))
    assert not verdict.passed
    assert any("needs to be 3" in r for r in verdict.reasons)
    # only_changed lists the names of the network the step sets
    assert problems({"only_changed": ["w2_11", "b2_1"]}) == []
    assert problems({"only_changed": ["w9"]}) != []


def test_the_landscape_is_the_loss_over_any_networks_two_parameters():
    X, y = datasets.load(*CIRCLES.values())
    params = model.train(X, y, hidden=(3,), epochs=5).params
    land = landscape(params, X, y, model.resolve("tanh"), "bce", 0.0, "w2_11", "b1_3", None)
    i, j = 3, 2  # a point of the grid, row j (b1_3) and column i (w2_11)
    moved = params.replace(w2_11=land["x"][i], b1_3=land["y"][j])
    assert land["z"][j][i] == pytest.approx(model.loss(moved, X, y, "tanh", "bce"), rel=1e-9)
    assert land["here"] == [params.w2_11, params.b1_3]
